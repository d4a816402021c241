//! Unions: an enum of the variants and a fallback that keeps what no variant accepts, with
//! the rule that chooses a variant written on it (`#[derive(runtime::Wire)]` reads it): an
//! untagged union tries the variants in order; a tagged one dispatches on the tag, tells
//! apart variants that share a tag value, then tries the variants that may leave the tag out
//! and the untagged ones.

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
    items.extend(lone_member_accessor(api, def, u));
    items.extend(webhook_decoder(api, def, u));
    items.extend(constructors(api, def, u, derivable));
    items.extend(conversions(api, def, u));
    items
}

/// For a union of one member and the fallback (a list item of one kind the document knows):
/// `as_member()`, the member when the value is one.
fn lone_member_accessor(api: &Api, def: &TypeDef, u: &UnionType) -> Option<TokenStream> {
    let [only] = u.variants.as_slice() else { return None };
    let name = ident(&def.name);
    let variant = ident(&only.name);
    let accessor = ident(&format!("as_{}", heck::ToSnakeCase::to_snake_case(only.name.as_str())));
    let t = type_tokens_in(api, &only.ty, Some(def.module.name()), def.form);
    let doc = format!(
        " The {} this value is, unless it is of a kind this version does not know.",
        code_span(&only.tags.first().cloned().unwrap_or_else(|| only.name.clone()))
    );
    Some(quote! {
        impl #name {
            #[doc = #doc]
            pub fn #accessor(&self) -> Option<&#t> {
                match self {
                    Self::#variant(value) => Some(value),
                    _ => None,
                }
            }
        }
    })
}

/// For the webhooks' union: `decode(name, body)`, the body decoded as the variant of the
/// webhook named `name`; an unknown name decodes as the union (each variant in turn).
fn webhook_decoder(api: &Api, def: &TypeDef, u: &UnionType) -> Option<TokenStream> {
    if u.selected_by != Some(NameSource::Webhook) {
        return None;
    }
    let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let names = v.tags.iter().map(|t| Literal::string(t));
        let n = ident(&v.name);
        let t = variant_ty(api, def, v);
        quote!(#(#names)|* => runtime::serde::decode::<#t>(body).map(Self::#n),)
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
            pub fn decode(name: &str, body: &[u8]) -> Result<Self, runtime::serde::JsonError> {
                match name {
                    #(#arms)*
                    _ => runtime::serde::decode(body),
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
            let nulls = c
                .starts_null_list()
                .map(|n| {
                    let them = if c.starts_null.len() == 1 { "it" } else { "them" };
                    format!(" {n} as `null`: to set {them}, build a `{}` and convert it.", member_def.name)
                })
                .unwrap_or_default();
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
                " The variant selected by {} {}: `{}` with its required fields.{nulls}",
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

/// The enum, with the rule that chooses each variant on its attributes:
/// `#[derive(runtime::Wire)]` writes the serde impls from them.
fn union_definition(api: &Api, def: &TypeDef, u: &UnionType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let fallback = ident(&u.fallback);
    let shared = shared_tags(u);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = variant_ty(api, def, v);
        let doc = match v.tags.as_slice() {
            [] => TokenStream::new(),
            tags => {
                let tags = unique(tags);
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
        let rule = u.tag.as_deref().map(|tag| variant_rule(api, tag, v, shared.contains(&v.name.as_str())));
        quote!(#doc #rule #n(#t),)
    });
    let fallback_doc = " A value that no variant above accepts, kept as it was received.";
    let tag = u.tag.as_ref().map(|t| quote!(#[wire(tag = #t)]));
    vec![quote! {
        #[derive(Debug, Clone, PartialEq, runtime::Wire)]
        #tag
        pub enum #name {
            #(#variants)*
            #[doc = #fallback_doc]
            #[wire(other)]
            #fallback(serde_json::Value),
        }
    }]
}

/// A variant's payload type, boxed where the IR says so.
fn variant_ty(api: &Api, def: &TypeDef, v: &UnionVariant) -> TokenStream {
    let t = type_tokens_in(api, &v.ty, Some(def.module.name()), def.form);
    if v.boxed {
        quote!(Box<#t>)
    } else {
        t
    }
}

/// Tag values, each once, in the order first listed.
fn unique(tags: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in tags {
        if !out.contains(&t.as_str()) {
            out.push(t);
        }
    }
    out
}

/// The names of the variants that share a tag value with another.
fn shared_tags(u: &UnionType) -> Vec<&str> {
    let mut shared = Vec::new();
    for v in &u.variants {
        let others = u.variants.iter().filter(|o| o.name != v.name);
        if others.flat_map(|o| &o.tags).any(|t| v.tags.contains(t)) {
            shared.push(v.name.as_str());
        }
    }
    shared
}

/// `#[wire(...)]` of a variant of a union tagged by `tag`: the values that select it; where
/// another variant shares one, what tells them apart (the member's properties that hold one
/// value, `pin`, and whether it declares every property a value has, `exact`); and whether
/// it is tried on values without the tag (its tag property is optional).
fn variant_rule(api: &Api, tag: &str, v: &UnionVariant, shared: bool) -> TokenStream {
    let member = crate::ir::struct_of(&api.types, &v.ty).map(|(_, s)| s);
    let mut parts: Vec<TokenStream> = unique(&v.tags).into_iter().map(|t| quote!(tag = #t)).collect();
    if shared {
        if let Some(st) = member {
            let pins: Vec<TokenStream> = st
                .fields
                .iter()
                .filter(|f| f.wire != tag)
                .filter_map(|f| single_value(api, &f.ty).map(|w| (f.wire.clone(), w)))
                .map(|(k, w)| quote!(#k = #w))
                .collect();
            if !pins.is_empty() {
                parts.push(quote!(pin(#(#pins),*)));
            }
            if st.extra.is_none() {
                parts.push(quote!(exact));
            }
        }
    }
    if !v.tags.is_empty() && member.is_some_and(|s| s.fields.iter().any(|f| f.wire == tag && !f.shape.is_required())) {
        parts.push(quote!(may_omit_tag));
    }
    if parts.is_empty() {
        return TokenStream::new();
    }
    quote!(#[wire(#(#parts),*)])
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
