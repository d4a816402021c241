//! Unions: an enum of the variants and a fallback that keeps what no variant accepts. An
//! untagged union tries the variants in order; a tagged one dispatches on the tag, tells
//! apart variants that share a tag value, then tries the variants that may leave the tag out
//! and the untagged ones. Variants are read from the union's JSON value by
//! `runtime::serde::read`, the one deserializer every generated type is compiled for.

use super::docs::code_span;
use super::model;
use super::typeref::{ident, snake, type_tokens_in, Derivable};
use crate::ir::{Api, NameSource, TypeDef, TypeKind, TypeRef, UnionType, UnionVariant};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The items of a union type: its enum and its `Deserialize`, then its
/// constructors and `From` conversions.
pub fn union_item(api: &Api, def: &TypeDef, u: &UnionType, derivable: &Derivable) -> Vec<TokenStream> {
    let mut items = union_definition(api, def, u);
    items.extend(webhook_decoder(api, def, u));
    items.extend(constructors(api, def, u, derivable));
    items.extend(conversions(api, def, u));
    items
}

/// For the webhooks' union: `decode(name, body)`, the body decoded as the variant of the
/// webhook named `name`; an unknown name decodes as the union (each variant in turn).
fn webhook_decoder(api: &Api, def: &TypeDef, u: &UnionType) -> Option<TokenStream> {
    if u.selected_by != Some(NameSource::Webhook) {
        return None;
    }
    let cx = Union { api, def, u };
    let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let names = v.tags.iter().map(|t| Literal::string(t));
        let n = ident(&v.name);
        let t = cx.variant_ty(v);
        quote!(#(#names)|* => runtime::serde::from_slice::<#t>(body).map(Self::#n),)
    });
    let name = ident(&def.name);
    let names = u.variants.iter().flat_map(|v| &v.tags).map(|t| Literal::string(t));
    Some(quote! {
        impl #name {
            /// The names of the webhooks this version knows: the keys of the document's `webhooks`.
            pub const WEBHOOKS: &'static [&'static str] = &[#(#names),*];

            /// The request body of the webhook named `name` (its key in the document, one of
            /// [`Self::WEBHOOKS`]), decoded as that webhook's variant. A name this version
            /// does not know is decoded as any variant that accepts the body, else kept as JSON.
            pub fn decode(name: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
                match name {
                    #(#arms)*
                    _ => runtime::serde::from_slice(body),
                }
            }
        }
    })
}

/// One associated function per variant with a constructor name: the member's `new`, wrapped.
fn constructors(api: &Api, def: &TypeDef, u: &UnionType, derivable: &Derivable) -> Option<TokenStream> {
    let scope = Some(def.module.name());
    let fns: Vec<TokenStream> = u
        .variants
        .iter()
        .filter_map(|v| {
            let name = snake(v.constructor.as_ref()?);
            let (id, member) = crate::ir::struct_of(&api.types, &v.ty)?;
            let member_def = api.ty(id);
            let c = model::constructor(api, member_def, member, derivable.default(id), scope)?;
            // The tag is the constructor's name: a tag field `new` asks for is given its value.
            let tag_field = member.fields.iter().find(|f| Some(f.wire.as_str()) == u.tag.as_deref());
            let tag_ident = tag_field.map(|f| snake(&f.name).to_string());
            let tag_value = &v.tags[0];
            let mut params = Vec::new();
            let mut args = Vec::new();
            for (param, arg) in c.params.into_iter().zip(c.names) {
                if Some(arg.to_string()) == tag_ident {
                    args.push(quote!(#tag_value));
                } else {
                    params.push(param);
                    args.push(quote!(#arg));
                }
            }
            let ty = type_tokens_in(api, &v.ty, scope, def.form);
            let variant = ident(&v.name);
            let built = quote!(#ty::new(#(#args),*));
            let built = if v.boxed { quote!(Box::new(#built)) } else { built };
            let doc = format!(
                " The variant selected by {} {}: `{}` with its required fields.",
                code_span(u.tag.as_deref().unwrap_or_default()),
                code_span(&v.tags[0]),
                member_def.name
            );
            Some(quote! {
                #[doc = #doc]
                pub fn #name(#(#params),*) -> Self {
                    Self::#variant(#built)
                }
            })
        })
        .collect();
    if fns.is_empty() {
        return None;
    }
    let name = ident(&def.name);
    Some(quote! {
        impl #name {
            #(#fns)*
        }
    })
}

/// `From` each variant's payload whose type is the union's only one of that type, and
/// `From<&str>` beside `From<String>`.
fn conversions(api: &Api, def: &TypeDef, u: &UnionType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let froms = model::union_froms(api, def, u, Some(def.module.name()));
    let mut items: Vec<TokenStream> = froms
        .iter()
        .map(|f| {
            let (payload, variant) = (&f.payload, ident(&f.variant.name));
            let value = if f.variant.boxed { quote!(Box::new(value)) } else { quote!(value) };
            quote! {
                impl From<#payload> for #name {
                    fn from(value: #payload) -> Self {
                        Self::#variant(#value)
                    }
                }
            }
        })
        .collect();
    if let Some(i) = model::union_from_string(api, &froms) {
        let variant = ident(&froms[i].variant.name);
        // `String::from` for a string, the member's own `From<&str>` for a string enum.
        let value = if froms[i].variant.boxed { quote!(Box::new(value.into())) } else { quote!(value.into()) };
        items.push(quote! {
            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::#variant(#value)
                }
            }
        });
    }
    items
}

/// The enum and its `Deserialize`.
fn union_definition(api: &Api, def: &TypeDef, u: &UnionType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let fallback = ident(&u.fallback);
    let cx = Union { api, def, u };
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = cx.variant_ty(v);
        let doc = match v.tags.as_slice() {
            [] => TokenStream::new(),
            tags => {
                let list = tags.iter().map(|t| code_span(t)).collect::<Vec<_>>().join(", ");
                let line = match u.selected_by {
                    Some(NameSource::Event) => format!(" The data of the events named {list}."),
                    Some(NameSource::Webhook) => {
                        format!(" The request body of the webhook{} {list}.", if tags.len() > 1 { "s" } else { "" })
                    }
                    None => format!(" Selected by {}: {list}.", code_span(u.tag.as_deref().unwrap_or_default())),
                };
                quote!(#[doc = #line])
            }
        };
        quote!(#doc #n(#t),)
    });
    let fallback_doc = " A value that no variant above accepts, kept as it was received.";
    let body = match &u.tag {
        Some(tag) => cx.deserialize_body(tag),
        None => {
            let tries = u.variants.iter().map(|v| cx.try_variant(v));
            quote!(#(#tries)*)
        }
    };
    vec![
        quote! {
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #fallback(serde_json::Value),
        }
        },
        quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #body
                Ok(Self::#fallback(value))
            }
        }
        },
    ]
}

/// One union being emitted.
struct Union<'a> {
    api: &'a Api,
    def: &'a TypeDef,
    u: &'a UnionType,
}

impl Union<'_> {
    /// A variant's payload type, boxed where the IR says so.
    fn variant_ty(&self, v: &UnionVariant) -> TokenStream {
        let t = type_tokens_in(self.api, &v.ty, Some(self.def.module.name()), self.def.form);
        if v.boxed {
            quote!(Box<#t>)
        } else {
            t
        }
    }

    /// `value` as variant `v`, returned when it decodes.
    fn try_variant(&self, v: &UnionVariant) -> TokenStream {
        let n = ident(&v.name);
        let t = self.variant_ty(v);
        quote! {
            if let Ok(value) = runtime::serde::read::<#t>(&value) {
                return Ok(Self::#n(value));
            }
        }
    }

    /// Dispatch on the tag, then the variants that may leave the tag out, then the untagged.
    fn deserialize_body(&self, tag: &str) -> TokenStream {
        let grouped = self.arms();
        let single = grouped.len() == 1;
        let match_arms = grouped.iter().map(|(tags, vs)| self.arm(tag, tags, vs, single));
        let dispatch = if single {
            quote!(#(#match_arms)*)
        } else {
            quote! {
                match value.get(#tag).and_then(serde_json::Value::as_str) {
                    #(#match_arms)*
                    _ => {}
                }
            }
        };
        // A variant whose tag property is optional also takes values that leave the tag out.
        let tag_optional = |v: &&UnionVariant| {
            crate::ir::struct_of(&self.api.types, &v.ty)
                .is_some_and(|(_, s)| s.fields.iter().any(|f| f.wire == *tag && !f.shape.is_required()))
        };
        let tagless: Vec<TokenStream> = self
            .u
            .variants
            .iter()
            .filter(|v| !v.tags.is_empty())
            .filter(tag_optional)
            .map(|v| self.try_variant(v))
            .collect();
        let tagless = (!tagless.is_empty()).then(|| {
            quote! {
                if value.get(#tag).is_none() {
                    #(#tagless)*
                }
            }
        });
        let untagged = self.u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| self.try_variant(v));
        quote!(#dispatch #tagless #(#untagged)*)
    }

    /// The tag values and the variants each selects; values that select the same variants
    /// share an arm.
    fn arms(&self) -> Vec<(Vec<&str>, Vec<&UnionVariant>)> {
        let mut arms: Vec<(Vec<&str>, Vec<&UnionVariant>)> = Vec::new();
        for v in self.u.variants.iter().filter(|v| !v.tags.is_empty()) {
            for t in &v.tags {
                match arms.iter_mut().find(|(tags, _)| tags.contains(&t.as_str())) {
                    Some((_, vs)) => vs.push(v),
                    None => arms.push((vec![t.as_str()], vec![v])),
                }
            }
        }
        let mut grouped: Vec<(Vec<&str>, Vec<&UnionVariant>)> = Vec::new();
        for (tags, vs) in arms {
            let key: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
            match grouped.iter_mut().find(|(_, g)| g.iter().map(|v| v.name.as_str()).collect::<Vec<_>>() == key) {
                Some((t, _)) => t.extend(tags),
                None => grouped.push((tags, vs)),
            }
        }
        grouped
    }

    /// The code for the tag values `tags`: the variants they select, in order of preference.
    fn arm(&self, tag: &str, tags: &[&str], vs: &[&UnionVariant], single: bool) -> TokenStream {
        let pats: Vec<Literal> = tags.iter().map(|t| Literal::string(t)).collect();
        let (last, first) = vs.split_last().expect("an arm has a variant");
        let preferred = if vs.len() > 1 { self.shared_tag(tag, vs) } else { TokenStream::new() };
        let tries = first.iter().map(|v| self.try_variant(v));
        let n = ident(&last.name);
        let t = self.variant_ty(last);
        let body = quote! {
            #preferred
            #(#tries)*
            return runtime::serde::variant::<#t, D::Error>(&value).map(Self::#n);
        };
        if single {
            // One arm: an `if`, as clippy prefers over a single-arm `match`.
            quote! {
                if matches!(value.get(#tag).and_then(serde_json::Value::as_str), Some(#(#pats)|*)) {
                    #body
                }
            }
        } else {
            quote! {
                Some(#(#pats)|*) => {
                    #body
                }
            }
        }
    }

    /// Several variants share the tag: first the one whose single-valued properties
    /// (`role: user`) match where the value has them and that declares every property the
    /// value has, then the one whose single-valued properties match, then the first that
    /// writes every property back, then the first that accepts it.
    fn shared_tag(&self, tag: &str, vs: &[&UnionVariant]) -> TokenStream {
        let (mut exact_const, mut exact, mut by_const) = (Vec::new(), Vec::new(), Vec::new());
        for v in vs {
            let Some((_, st)) = crate::ir::struct_of(&self.api.types, &v.ty) else { continue };
            let const_checks: Vec<TokenStream> = st
                .fields
                .iter()
                .filter(|f| f.wire != tag)
                .filter_map(|f| single_value(self.api, &f.ty).map(|w| (f.wire.clone(), w)))
                .map(|(k, w)| quote!(value.get(#k).and_then(serde_json::Value::as_str).is_none_or(|v| v == #w)))
                .collect();
            let try_it = self.try_variant(v);
            if st.extra.is_none() {
                let keys = st.fields.iter().map(|f| f.wire.as_str());
                let mut conditions = const_checks.clone();
                conditions.push(quote!(runtime::serde::keys_within(&value, &[#(#keys),*])));
                // Variants that pin a property are more specific: they go first.
                let list = if const_checks.is_empty() { &mut exact } else { &mut exact_const };
                list.push(quote! {
                    if #(#conditions)&&* {
                        #try_it
                    }
                });
            }
            if !const_checks.is_empty() {
                by_const.push(quote! {
                    if #(#const_checks)&&* {
                        #try_it
                    }
                });
            }
        }
        // Then the first that keeps every property of the value when written back (a
        // variant that is itself a union declares no list of properties to compare).
        let keeping = vs.iter().map(|v| {
            let n = ident(&v.name);
            let t = self.variant_ty(v);
            quote! {
                if let Ok(typed) = runtime::serde::read::<#t>(&value) {
                    if runtime::serde::keeps_keys(&value, &typed) {
                        return Ok(Self::#n(typed));
                    }
                }
            }
        });
        quote!(#(#exact_const)* #(#exact)* #(#by_const)* #(#keeping)*)
    }
}

/// The one string a property can hold, when its type is an enum of a single value.
fn single_value(api: &Api, ty: &TypeRef) -> Option<String> {
    let mut t = ty;
    for _ in 0..16 {
        let TypeRef::Named(id) = t else { return None };
        match &api.ty(*id).kind {
            TypeKind::Enum(e) | TypeKind::OpenString(e) if e.variants.len() == 1 => {
                return Some(e.variants[0].wire.clone())
            }
            TypeKind::Alias(inner) => t = inner,
            _ => return None,
        }
    }
    None
}
