//! One emitter per kind of type.

use super::docs::{code_span, doc_attrs};
use super::typeref::{ident, type_tokens, type_tokens_in, Derivable, Scope};
use crate::ir::{Api, EnumType, Field, StructType, TypeDef, TypeKind, TypeRef, UnionType};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The `cfg` that compiles a type only when a feature needing it is enabled.
pub fn feature_gate(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The items of one type: its definition (with docs), then its impls; with `gate`, each
/// behind the features that need the type.
pub fn type_items(api: &Api, def: &TypeDef, derivable: &Derivable, gate: bool) -> Vec<TokenStream> {
    let docs = doc_attrs(def.doc.as_deref());
    let deprecated = if def.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let name = ident(&def.name);
    let mut items = match &def.kind {
        TypeKind::Struct(s) => {
            let default = derivable.default(def.id);
            let mut items = vec![struct_item(api, def, s, default)];
            items.extend(constructor(api, def, s, default));
            items
        }
        TypeKind::Enum(e) => enum_item(def, e),
        TypeKind::OpenString(e) => open_string_item(def, e),
        TypeKind::Union(u) => union_item(api, def, u),
        TypeKind::Alias(t) => {
            let t = type_tokens(api, t, &def.module);
            vec![quote!(pub type #name = #t;)]
        }
        TypeKind::Newtype(t) => {
            let t = type_tokens(api, t, &def.module);
            let default = if derivable.default(def.id) { quote!(Default,) } else { TokenStream::new() };
            vec![quote! {
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #t);
            }]
        }
    };
    // The allowance sits on each item of a type that is, carries or refers to something
    // deprecated, and nowhere else.
    let allow = if mentions_deprecated(api, def) {
        quote!(#[allow(deprecated, reason = "the API still sends and accepts what it marks deprecated")])
    } else {
        TokenStream::new()
    };
    items.extend(super::operations::form_impls(api, def));
    let cfg = if gate { feature_gate(&def.features) } else { TokenStream::new() };
    let definition = std::mem::take(&mut items[0]);
    items[0] = quote! { #docs #cfg #deprecated #allow #definition };
    for item in items.iter_mut().skip(1) {
        let body = std::mem::take(item);
        *item = quote! { #cfg #allow #body };
    }
    items
}

fn struct_item(api: &Api, def: &TypeDef, s: &StructType, default: bool) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| field(api, def, f));
    let extra = s.extra.as_ref().map(|t| {
        let t = type_tokens(api, t, &def.module);
        let field = ident(&extra_field_name(s));
        quote! {
            /// Properties other than the ones above.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #t>,
        }
    });
    let default = if default { quote!(Default,) } else { TokenStream::new() };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// Most arguments a generated constructor takes (clippy's `too_many_arguments` bound).
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// `new(required fields)` for structs that cannot derive `Default`, so building a request
/// does not mean writing out every optional field.
fn constructor(api: &Api, def: &TypeDef, s: &StructType, default: bool) -> Option<TokenStream> {
    let args = struct_constructor_args(api, def, s, default, Some(&def.module))?;
    let name = ident(&def.name);
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        match (f.required, f.boxed, f.nullable) {
            (false, _, _) => quote!(#n: None,),
            (true, true, true) => quote!(#n: #n.map(Box::new),),
            (true, true, false) => quote!(#n: Box::new(#n),),
            (true, false, _) => quote!(#n,),
        }
    });
    let extra = s.extra.as_ref().map(|_| {
        let field = ident(&extra_field_name(s));
        quote!(#field: Default::default(),)
    });
    let allow = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated, reason = "deprecated fields still need a value")]));
    Some(quote! {
        impl #name {
            /// A value with the required fields; every optional field is left out.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* #extra }
            }
        }
    })
}

/// The arguments of a struct's `new`, when it has one (no `Default`, 1 to 7 required fields).
/// Types are written as code in `scope` names them.
pub fn struct_constructor_args(
    api: &Api,
    def: &TypeDef,
    s: &StructType,
    default: bool,
    scope: Scope<'_>,
) -> Option<Vec<TokenStream>> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    if default || required.is_empty() || required.len() > MAX_CONSTRUCTOR_ARGS {
        return None;
    }
    let args = required.iter().map(|f| {
        let n = ident(&f.name);
        let t = type_tokens_in(api, &f.ty, scope, def.form);
        if f.nullable {
            quote!(#n: Option<#t>)
        } else {
            quote!(#n: #t)
        }
    });
    Some(args.collect())
}

fn extra_field_name(s: &StructType) -> String {
    ["additional_properties", "extra_properties", "other_properties"]
        .into_iter()
        .find(|n| !s.fields.iter().any(|f| f.name == *n))
        .unwrap_or("additional_properties_")
        .to_owned()
}

fn field(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let docs = doc_attrs(f.doc.as_deref());
    let name = ident(&f.name);
    let mut ty = type_tokens_in(api, &f.ty, Some(&def.module), def.form);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    let plain = f.name.strip_prefix("r#").unwrap_or(&f.name);
    let rename = (plain != f.wire).then(|| {
        let wire = &f.wire;
        quote!(rename = #wire)
    });
    let deprecated = if f.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    // Absent and null stay apart: optional fields are skipped when absent, and an optional
    // nullable field is `Option<Option<T>>` (outer: present, inner: not null).
    let (ty, attrs) = match (f.required, f.nullable) {
        (true, false) => (ty, rename.into_iter().collect::<Vec<_>>()),
        (true, true) => (quote!(Option<#ty>), rename.into_iter().collect()),
        (false, false) => {
            let mut a: Vec<TokenStream> = rename.into_iter().collect();
            a.push(quote!(default, skip_serializing_if = "Option::is_none"));
            // Any JSON includes `null`: a present `null` is kept, not read as absent.
            if f.ty == TypeRef::Any {
                a.push(quote!(deserialize_with = "runtime::serde::present"));
            }
            (quote!(Option<#ty>), a)
        }
        (false, true) => {
            let mut a: Vec<TokenStream> = rename.into_iter().collect();
            a.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "runtime::serde::double_option"
            ));
            (quote!(Option<Option<#ty>>), a)
        }
    };
    let serde = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn enum_item(def: &TypeDef, e: &EnumType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let fallback = ident(&e.fallback);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let n = ident(&v.name);
        let doc = format!(" {}", code_span(&v.wire));
        let default = if e.default == Some(i) { quote!(#[default]) } else { TokenStream::new() };
        quote!(#[doc = #doc] #default #n,)
    });
    let to_wire = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(Self::#n => #w,)
    });
    let from_wire = e.variants.iter().map(|v| {
        let n = ident(&v.name);
        let w = &v.wire;
        quote!(#w => Self::#n,)
    });
    let derive_default = if e.default.is_some() { quote!(Default,) } else { TokenStream::new() };
    vec![
        quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as it was received.
            #fallback(String),
        }
        },
        quote! {
        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#fallback(value) => value,
                }
            }
        }
        },
        quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }
        },
        display_impl(&name, quote!(self.as_str())),
        quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        },
        quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::serde::string(deserializer).map(|value| Self::from(value.as_ref()))
            }
        }
        },
    ]
}

fn display_impl(name: &proc_macro2::Ident, value: TokenStream) -> TokenStream {
    quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(#value)
            }
        }
    }
}

fn open_string_item(def: &TypeDef, e: &EnumType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let consts = e.variants.iter().map(|v| {
        let c = ident(&v.name);
        let w = &v.wire;
        let doc = format!(" {}", code_span(w));
        quote! {
            #[doc = #doc]
            pub const #c: Self = Self(std::borrow::Cow::Borrowed(#w));
        }
    });
    vec![
        quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub std::borrow::Cow<'static, str>);
        },
        quote! {
        impl #name {
            #(#consts)*

            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        },
        quote! {
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self(std::borrow::Cow::Owned(value.to_owned()))
            }
        }
        },
        quote! {
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self(std::borrow::Cow::Owned(value))
            }
        }
        },
        display_impl(&name, quote!(&self.0)),
    ]
}

fn union_item(api: &Api, def: &TypeDef, u: &UnionType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let fallback = ident(&u.fallback);
    let variant_ty = |v: &crate::ir::UnionVariant| {
        let t = type_tokens_in(api, &v.ty, Some(&def.module), def.form);
        if v.boxed {
            quote!(Box<#t>)
        } else {
            t
        }
    };
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = variant_ty(v);
        let doc = match v.tags.as_slice() {
            [] => TokenStream::new(),
            tags => {
                let list = tags.iter().map(|t| code_span(t)).collect::<Vec<_>>().join(", ");
                let tag = code_span(u.tag.as_deref().unwrap_or_default());
                let line = format!(" Selected by {tag}: {list}.");
                quote!(#[doc = #line])
            }
        };
        quote!(#doc #n(#t),)
    });
    let fallback_doc = " A value that no variant above accepts, kept as it was received.";
    let Some(tag) = &u.tag else {
        return vec![quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                #[doc = #fallback_doc]
                #fallback(serde_json::Value),
            }
        }];
    };

    // Tagged: dispatch on the tag, then try the variants without one, then keep the value.
    let mut arms: Vec<(Vec<&str>, Vec<&crate::ir::UnionVariant>)> = Vec::new();
    for v in u.variants.iter().filter(|v| !v.tags.is_empty()) {
        for t in &v.tags {
            match arms.iter_mut().find(|(tags, _)| tags.contains(&t.as_str())) {
                Some((_, vs)) => vs.push(v),
                None => arms.push((vec![t.as_str()], vec![v])),
            }
        }
    }
    // Tags that select the same variants share an arm.
    let mut grouped: Vec<(Vec<&str>, Vec<&crate::ir::UnionVariant>)> = Vec::new();
    for (tags, vs) in arms {
        let key: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
        match grouped.iter_mut().find(|(_, g)| g.iter().map(|v| v.name.as_str()).collect::<Vec<_>>() == key) {
            Some((t, _)) => t.extend(tags),
            None => grouped.push((tags, vs)),
        }
    }
    let arm_count = grouped.len();
    let match_arms = grouped.iter().map(|(tags, vs)| {
        let pats: Vec<Literal> = tags.iter().map(|t| Literal::string(t)).collect();
        let (last, first) = vs.split_last().expect("an arm has a variant");
        // Several variants share the tag: first the one whose single-valued properties
        // (`role: user`) match where the value has them and that declares every property
        // the value has, then the one whose single-valued properties match, then the first
        // that writes every property back, then the first that accepts it.
        let preferred = if vs.len() > 1 {
            let (mut exact_const, mut exact, mut by_const) = (Vec::new(), Vec::new(), Vec::new());
            for v in vs {
                let Some((_, st)) = crate::ir::struct_of(&api.types, &v.ty) else { continue };
                let n = ident(&v.name);
                let t = variant_ty(v);
                let consts: Vec<(String, String)> = st
                    .fields
                    .iter()
                    .filter(|f| f.wire != *tag)
                    .filter_map(|f| single_value(api, &f.ty).map(|w| (f.wire.clone(), w)))
                    .collect();
                let const_checks: Vec<TokenStream> = consts
                    .iter()
                    .map(|(k, w)| quote!(value.get(#k).and_then(serde_json::Value::as_str).is_none_or(|v| v == #w)))
                    .collect();
                let try_it = quote! {
                    if let Ok(value) = <#t as serde::Deserialize>::deserialize(&value) {
                        return Ok(Self::#n(value));
                    }
                };
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
                let t = variant_ty(v);
                quote! {
                    if let Ok(typed) = <#t as serde::Deserialize>::deserialize(&value) {
                        if runtime::serde::keeps_keys(&value, &typed) {
                            return Ok(Self::#n(typed));
                        }
                    }
                }
            });
            quote!(#(#exact_const)* #(#exact)* #(#by_const)* #(#keeping)*)
        } else {
            TokenStream::new()
        };
        let tries = first.iter().map(|v| {
            let n = ident(&v.name);
            let t = variant_ty(v);
            quote! {
                if let Ok(value) = <#t as serde::Deserialize>::deserialize(&value) {
                    return Ok(Self::#n(value));
                }
            }
        });
        let n = ident(&last.name);
        let t = variant_ty(last);
        let body = quote! {
            #preferred
            #(#tries)*
            return <#t as serde::Deserialize>::deserialize(&value).map(Self::#n).map_err(serde::de::Error::custom);
        };
        if arm_count == 1 {
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
    });
    let dispatch = if arm_count == 1 {
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
    let tag_optional = |v: &&crate::ir::UnionVariant| {
        crate::ir::struct_of(&api.types, &v.ty)
            .is_some_and(|(_, s)| s.fields.iter().any(|f| f.wire == *tag && !f.required))
    };
    let tagless: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(|v| !v.tags.is_empty())
        .filter(tag_optional)
        .map(|v| {
            let n = ident(&v.name);
            let t = variant_ty(v);
            quote! {
                if let Ok(value) = <#t as serde::Deserialize>::deserialize(&value) {
                    return Ok(Self::#n(value));
                }
            }
        })
        .collect();
    let tagless = (!tagless.is_empty()).then(|| {
        quote! {
            if value.get(#tag).is_none() {
                #(#tagless)*
            }
        }
    });
    let untagged = u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| {
        let n = ident(&v.name);
        let t = variant_ty(v);
        quote! {
            if let Ok(value) = <#t as serde::Deserialize>::deserialize(&value) {
                return Ok(Self::#n(value));
            }
        }
    });
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
                #dispatch
                #tagless
                #(#untagged)*
                Ok(Self::#fallback(value))
            }
        }
        },
    ]
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

/// Whether a type mentions something marked deprecated (so its item needs an allowance).
pub fn mentions_deprecated(api: &Api, def: &TypeDef) -> bool {
    if def.deprecated {
        return true;
    }
    let deprecated_ref = |t: &TypeRef| {
        let mut ids = Vec::new();
        t.named_ids(&mut ids);
        ids.iter().any(|id| api.ty(*id).deprecated)
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| f.deprecated || deprecated_ref(&f.ty))
                || s.extra.as_ref().is_some_and(deprecated_ref)
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| deprecated_ref(&v.ty)),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => deprecated_ref(t),
        TypeKind::Enum(_) | TypeKind::OpenString(_) => false,
    }
}
