//! One emitter per kind of type.

use super::docs::{code_span, doc_attrs};
use super::model::{self, field_type, FieldRead, Setter};
use super::typeref::{ident, snake, type_tokens, Derivable};
use crate::ir::{Api, EnumType, Field, Module, StructType, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The `cfg` that compiles a type only when a feature needing it is enabled.
pub fn feature_gate(features: &[Module]) -> TokenStream {
    let features: Vec<&str> = features.iter().map(Module::name).collect();
    match features.as_slice() {
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
            items.extend(struct_deserialize(api, def, s));
            items.extend(struct_serialize(def, s));
            let setters = if derivable.sent(def.id) {
                model::setters(api, def, &s.fields, Some(def.module.name()))
            } else {
                Vec::new()
            };
            items.extend(struct_impl(api, def, s, default, &setters));
            items
        }
        TypeKind::Enum(e) => enum_item(def, e),
        TypeKind::OpenString(e) => open_string_item(def, e),
        TypeKind::Union(u) => super::unions::union_item(api, def, u, derivable),
        TypeKind::Alias(t) => {
            let t = type_tokens(api, t, def.module.name());
            vec![quote!(pub type #name = #t;)]
        }
        TypeKind::Newtype(t) => {
            let t = type_tokens(api, t, def.module.name());
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
    let extra = s.extra.as_ref().map(|e| {
        let t = type_tokens(api, &e.ty, def.module.name());
        let field = snake(&e.name);
        quote! {
            /// Properties other than the ones above.
            pub #field: std::collections::BTreeMap<String, #t>,
        }
    });
    let default = if default { quote!(Default,) } else { TokenStream::new() };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// `Deserialize` for a struct: `runtime::serde::FromMap` with one line per field, a fraction of what
/// `#[derive(serde::Deserialize)]` writes, which every user compiles. `from_map` reads an
/// erased map (`runtime::serde::ReadMap`, always the same type), so it and its field types'
/// `Deserialize` are compiled once; each line reads into the field's slot and the first error
/// is returned by `finish`, so a field costs one call. Reading stays streaming, so error
/// paths (`data[0].created`) stay.
fn struct_deserialize(api: &Api, def: &TypeDef, s: &StructType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    // Locals are numbered: a field may be called `key` or `map`.
    for (i, f) in s.fields.iter().enumerate() {
        let name = snake(&f.name);
        let field = quote::format_ident!("v{i}");
        let wire = &f.wire;
        let rule = model::field_read(api, f);
        let read = match (rule, model::reads_list(api, f)) {
            (FieldRead::Required | FieldRead::Present, true) => quote!(list),
            (FieldRead::Optional, true) => quote!(optional_list),
            (FieldRead::Required | FieldRead::Present, false) => quote!(value),
            (FieldRead::Optional, false) => quote!(optional),
        };
        arms.push(quote!(#wire => map.#read(&mut #field),));
        inits.push(match rule {
            FieldRead::Required => quote!(#name: runtime::serde::required(#field, #wire)?,),
            FieldRead::Optional | FieldRead::Present => quote!(#name: #field,),
        });
        slots.push(quote!(let mut #field = None;));
    }
    let other = match &s.extra {
        Some(e) => {
            let name = snake(&e.name);
            slots.push(quote!(let mut extra = std::collections::BTreeMap::new();));
            inits.push(quote!(#name: extra,));
            quote!(map.extra(key, &mut extra))
        }
        None => quote!(map.skip()),
    };
    // Without fields there is nothing to match (clippy's `match_single_binding`).
    let read = if arms.is_empty() {
        let key = if s.extra.is_some() { quote!(key) } else { quote!(_key) };
        quote! {
            while let Some(#key) = map.key() {
                #other;
            }
        }
    } else {
        quote! {
            while let Some(key) = map.key() {
                match &*key {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    let type_name = &def.name;
    // A deprecated field's allowance is the one every item of its type carries.
    vec![
        quote! {
            impl runtime::serde::FromMap for #name {
                const NAME: &'static str = #type_name;
                fn from_map<'de, M: runtime::serde::ReadMap<'de>>(mut map: M) -> Result<Self, runtime::serde::Error> {
                    #(#slots)*
                    #read
                    map.finish()?;
                    Ok(Self { #(#inits)* })
                }
            }
        },
        quote! {
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    runtime::serde::deserialize_map(deserializer)
                }
            }
        },
    ]
}

/// `Serialize` for a struct: `runtime::serde::ToMap` with one line per field, the mirror of
/// [`struct_deserialize`] (serde's derive writes a `serialize_field` per field, compiled for
/// every serializer that reaches it; here each value goes through an erased serializer).
fn struct_serialize(def: &TypeDef, s: &StructType) -> Vec<TokenStream> {
    let name = ident(&def.name);
    let writes = s.fields.iter().map(|f| {
        let field = snake(&f.name);
        let wire = &f.wire;
        if model::skips_none(f) {
            quote! {
                if let Some(value) = &self.#field {
                    map.field(#wire, value);
                }
            }
        } else {
            quote!(map.field(#wire, &self.#field);)
        }
    });
    let extra = s.extra.as_ref().map(|e| {
        let field = snake(&e.name);
        quote!(map.extra(&self.#field);)
    });
    // Without fields or extra properties `map` goes unused.
    let map = if s.fields.is_empty() && s.extra.is_none() { quote!(_map) } else { quote!(map) };
    vec![
        quote! {
            impl runtime::serde::ToMap for #name {
                fn to_map<W: runtime::serde::WriteMap>(&self, #map: &mut W) {
                    #(#writes)*
                    #extra
                }
            }
        },
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    runtime::serde::serialize_map(self, serializer)
                }
            }
        },
    ]
}

/// `new(required fields)` and the setters of the optional fields, so building a request
/// means naming only what it sets.
fn struct_impl(api: &Api, def: &TypeDef, s: &StructType, default: bool, setters: &[Setter]) -> Option<TokenStream> {
    let constructor = model::constructor(api, def, s, default, Some(def.module.name()));
    if constructor.is_none() && setters.is_empty() {
        return None;
    }
    let name = ident(&def.name);
    let new = constructor.map(|c| {
        let (params, inits) = (c.params, c.inits);
        let extra = s.extra.as_ref().map(|e| {
            let field = snake(&e.name);
            quote!(#field: Default::default(),)
        });
        let allow = s
            .fields
            .iter()
            .any(|f| f.deprecated)
            .then(|| quote!(#[allow(deprecated, reason = "deprecated fields still need a value")]));
        quote! {
            /// A value with the required fields; every optional field is left out.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #extra }
            }
        }
    });
    let setters = setters.iter().map(setter);
    Some(quote! {
        impl #name {
            #new
            #(#setters)*
        }
    })
}

/// Operator methods (`std::ops::Add::add`): a setter of that name has their shape,
/// `fn add(self, rhs) -> Self`, which clippy reads as a trait method (`should_implement_trait`).
const OPERATOR_METHODS: [&str; 10] = ["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// `fn field(mut self, value: impl Into<T>) -> Self` (`with_add` for a field named like an
/// operator method).
pub(super) fn setter(s: &Setter) -> TokenStream {
    let Setter { name, value, boxed, deprecated } = s;
    let field = name.to_string();
    let method =
        if OPERATOR_METHODS.contains(&field.as_str()) { quote::format_ident!("with_{field}") } else { name.clone() };
    let line = format!(" Sets the `{}` field.", field.strip_prefix("r#").unwrap_or(&field));
    let set = if *boxed { quote!(Some(Box::new(value.into()))) } else { quote!(Some(value.into())) };
    let attrs = if *deprecated {
        quote!(#[deprecated] #[allow(deprecated, reason = "setting a deprecated field is still allowed")])
    } else {
        TokenStream::new()
    };
    quote! {
        #[doc = #line]
        #attrs
        pub fn #method(mut self, value: impl Into<#value>) -> Self {
            self.#name = #set;
            self
        }
    }
}

fn field(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let docs = doc_attrs(f.doc.as_deref());
    let name = snake(&f.name);
    let ty = field_type(api, def, f, Some(def.module.name()));
    let deprecated = if f.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    quote! {
        #docs
        #deprecated
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
    let deprecated_field = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| f.deprecated),
        _ => false,
    };
    // A union's constructors take its members' required fields, so a deprecated type there
    // is mentioned by the union's own impl.
    let deprecated_member_field = match &def.kind {
        TypeKind::Union(_) => def.kind.children().into_iter().any(|child| {
            let mut ids = Vec::new();
            child.named_ids(&mut ids);
            ids.iter().any(|id| match api.kind_behind(*id) {
                TypeKind::Struct(s) => s.fields.iter().any(|f| deprecated_ref(&f.ty)),
                _ => false,
            })
        }),
        _ => false,
    };
    deprecated_field || deprecated_member_field || def.kind.children().into_iter().any(deprecated_ref)
}
