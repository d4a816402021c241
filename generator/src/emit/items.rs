//! One emitter per kind of type.

use super::docs::{code_span, doc_attrs};
use super::model::{self, field_type, FieldForm, Setter};
use super::typeref::{ident, snake, type_tokens, Derivable};
use crate::ir::{Api, EnumType, Field, Module, StructType, TypeDef, TypeKind, TypeRef};
// The `rename_all` rules are the derive's own, applied by its own conversion.
use oagen_runtime_derive_expand::{case_rule as renamed, RENAME_RULES};
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

/// The items of one type: its definition (with docs), then its impls. With `module_gate`
/// (the features its module is compiled for), each item is behind the features that need the
/// type where they are fewer than the module's; `None` writes no gates.
pub fn type_items(api: &Api, def: &TypeDef, derivable: &Derivable, module_gate: Option<&[Module]>) -> Vec<TokenStream> {
    let docs = doc_attrs(def.doc.as_deref());
    let deprecated = if def.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let name = ident(&def.name);
    let mut items = match &def.kind {
        TypeKind::Struct(s) => {
            let default = derivable.default(def.id);
            let mut items = vec![struct_item(api, def, s, default)];
            let setters =
                if def.sent { model::setters(api, def, &s.fields, Some(def.module.name())) } else { Vec::new() };
            items.extend(struct_impl(api, def, s, default, &setters));
            items
        }
        TypeKind::Enum(e) => vec![enum_item(def, e)],
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
                #[derive(Debug, Clone, PartialEq, #default runtime::Wire)]
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
    fn names(features: &[Module]) -> std::collections::BTreeSet<&str> {
        features.iter().map(Module::name).collect()
    }
    let cfg = match module_gate {
        Some(module) if names(module) != names(&def.features) => feature_gate(&def.features),
        _ => TokenStream::new(),
    };
    let definition = std::mem::take(&mut items[0]);
    items[0] = quote! { #docs #cfg #deprecated #allow #definition };
    for item in items.iter_mut().skip(1) {
        let body = std::mem::take(item);
        *item = quote! { #cfg #allow #body };
    }
    items
}

/// The struct, with its wire contract on each field: `#[derive(runtime::Wire)]` writes the
/// serde impls from it.
fn struct_item(api: &Api, def: &TypeDef, s: &StructType, default: bool) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|f| field(api, def, f));
    let flattened = s.fields.iter().find(|f| f.flatten).and_then(|f| match &f.ty {
        TypeRef::Named(id) => Some(api.ty(*id).name.clone()),
        _ => None,
    });
    let extra = s.extra.as_ref().map(|e| {
        let t = type_tokens(api, &e.ty, def.module.name());
        let field = snake(&e.name);
        let doc = match &flattened {
            Some(base) => format!(" Properties other than the ones above and those of `{base}`."),
            _ => " Properties other than the ones above.".to_owned(),
        };
        quote! {
            #[doc = #doc]
            #[wire(extra)]
            pub #field: std::collections::BTreeMap<String, #t>,
        }
    });
    let default = if default { quote!(Default,) } else { TokenStream::new() };
    quote! {
        #[derive(Debug, Clone, PartialEq, #default runtime::Wire)]
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
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
        let doc = match c.starts_null_list() {
            Some(nulls) => {
                let until = match (def.sent, c.starts_null.len()) {
                    (false, _) => "",
                    (true, 1) => " until its setter sets it",
                    (true, _) => " until their setters set them",
                };
                format!(
                    " A value with the required fields; every optional field is left out. {nulls} as `null`{until}."
                )
            }
            None => " A value with the required fields; every optional field is left out.".to_owned(),
        };
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
            #[doc = #doc]
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
/// operator method), and `fn field_null(mut self) -> Self` for a field that can be sent as
/// `null`.
pub(super) fn setter(s: &Setter) -> TokenStream {
    let Setter { name, value, boxed, deprecated, null_setter } = s;
    let field = name.to_string();
    let method =
        if OPERATOR_METHODS.contains(&field.as_str()) { quote::format_ident!("with_{field}") } else { name.clone() };
    let field = field.strip_prefix("r#").unwrap_or(&field);
    let line = format!(" Sets the `{field}` field.");
    let value_in = if *boxed { quote!(Box::new(value.into())) } else { quote!(value.into()) };
    let set = if null_setter.is_some() { quote!(runtime::Nullable::Value(#value_in)) } else { quote!(Some(#value_in)) };
    let attrs = if *deprecated {
        quote!(#[deprecated] #[allow(deprecated, reason = "setting a deprecated field is still allowed")])
    } else {
        TokenStream::new()
    };
    let null = null_setter.as_ref().map(|null| {
        let line = format!(" Sends the `{field}` field as `null`.");
        quote! {
            #[doc = #line]
            #attrs
            pub fn #null(mut self) -> Self {
                self.#name = runtime::Nullable::Null;
                self
            }
        }
    });
    quote! {
        #[doc = #line]
        #attrs
        pub fn #method(mut self, value: impl Into<#value>) -> Self {
            self.#name = #set;
            self
        }
        #null
    }
}

fn field(api: &Api, def: &TypeDef, f: &Field) -> TokenStream {
    let docs = doc_attrs(f.doc.as_deref());
    let name = snake(&f.name);
    let ty = field_type(api, def, f, Some(def.module.name()));
    let deprecated = if f.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
    let rename = (!f.flatten && f.wire != f.name.as_str()).then(|| {
        let wire = &f.wire;
        quote!(rename = #wire)
    });
    let rule = match model::field_form(def, f) {
        _ if f.flatten => Some(quote!(flatten)),
        FieldForm::RequiredNullable => Some(quote!(nullable)),
        FieldForm::KeepNull => Some(quote!(keep_null)),
        FieldForm::Required | FieldForm::Optional | FieldForm::Tristate => None,
    };
    let wire = match (rename, rule) {
        (None, None) => TokenStream::new(),
        (Some(a), None) | (None, Some(a)) => quote!(#[wire(#a)]),
        (Some(a), Some(b)) => quote!(#[wire(#a, #b)]),
    };
    quote! {
        #docs
        #deprecated
        #wire
        pub #name: #ty,
    }
}

/// A string enum: its variants with their wire values, and the variant that keeps values
/// this version does not know. `#[derive(runtime::Wire)]` writes `as_str`, `From<&str>`,
/// `Display` and the serde impls; variant names become wire values by the `rename_all` rule
/// most of them follow, the others say theirs.
fn enum_item(def: &TypeDef, e: &EnumType) -> TokenStream {
    let name = ident(&def.name);
    let fallback = ident(&e.fallback);
    let rule = rename_rule(e);
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        let n = ident(&v.name);
        let doc = format!(" {}", code_span(&v.wire));
        let default = if e.default == Some(i) { quote!(#[default]) } else { TokenStream::new() };
        let wire = &v.wire;
        let rename = (rule.and_then(|r| renamed(r, &v.name)).as_deref() != Some(wire.as_str()))
            .then(|| quote!(#[wire(rename = #wire)]));
        quote!(#[doc = #doc] #default #rename #n,)
    });
    let derive_default = if e.default.is_some() { quote!(Default,) } else { TokenStream::new() };
    let rename_all = rule.map(|r| quote!(#[wire(rename_all = #r)]));
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default runtime::Wire)]
        #rename_all
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as it was received.
            #[wire(other)]
            #fallback(String),
        }
    }
}

/// The rule that gives the most variants their wire value, when it gives more than one
/// (otherwise each variant says its own).
fn rename_rule(e: &EnumType) -> Option<&'static str> {
    let hits = |rule: &str| e.variants.iter().filter(|v| renamed(rule, &v.name).as_deref() == Some(&v.wire)).count();
    let (best, count) = RENAME_RULES.iter().map(|r| (*r, hits(r))).max_by_key(|(_, n)| *n)?;
    (count > 1 || (count == 1 && e.variants.len() == 1)).then_some(best)
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
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, runtime::Wire)]
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
