//! What `#[derive(Wire)]` expands to: the serde impls of a generated type, written from the
//! wire contract its declaration states. The derive (`oagen-runtime-derive`, used through
//! `oagen-runtime` as `#[derive(runtime::Wire)]`) calls [`derive()`]; the generator calls
//! [`try_derive`] to write the same impls as source into a crate that carries the runtime
//! inside it (no proc-macro crate to resolve). The impls call the runtime's helpers; see its
//! `serde` module for how values are read.
//!
//! - A struct with named fields is a JSON object. A field's wire name is its name (without
//!   `r#`) unless `#[wire(rename = "...")]` says otherwise, and its type says how it is read
//!   and written: `T` must be present; `Option<T>` may be absent or `null` (both `None`, and
//!   `None` is left out); `runtime::Nullable<T>` keeps absent, `null` and a value apart. Field
//!   attributes: `nullable` (an `Option` that must be written, `None` as `null`), `keep_null`
//!   (an optional `Option<serde_json::Value>` whose `null` is a value), `default` (absent is
//!   the type's default), `extra` (the map that keeps undeclared properties), `flatten` (a
//!   generated struct whose properties are this one's too: it is read from the properties
//!   this struct does not declare, and written beside them; with `extra` beside it, the
//!   extra properties are those neither struct declares).
//! - A struct with one unnamed field is that field on the wire.
//! - An enum of unit variants and one `#[wire(other)] Unknown(String)` is a string: each
//!   variant's value is its name, converted by `#[wire(rename_all = "snake_case")]` (or
//!   `kebab-case`, `lowercase`, `SCREAMING_SNAKE_CASE`, `camelCase`) or given by
//!   `#[wire(rename = "...")]`; any other string is kept in the `other` variant. It gets
//!   `as_str`, `From<&str>` and `Display` as well.
//! - An enum of one-field variants is a union. With `#[wire(tag = "type")]` the property
//!   `type` chooses: a variant lists the values that select it (`#[wire(tag = "message")]`,
//!   repeated for several); variants that share a value are told apart by `pin("role" = "user")`
//!   (the property is absent or that string) and `exact` (the member, a generated struct,
//!   declares every property of the value); `may_omit_tag` variants are tried when the value
//!   has no tag. Variants without a tag are tried in order; `#[wire(other)]` keeps a value no
//!   variant reads, as JSON.
//!
//! `#[wire(crate = "path")]` names the runtime crate (`runtime` by default).

use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Error, Fields, LitStr, Type};

/// The serde impls of the type declared by `input` (its item, attributes included); an error
/// becomes a `compile_error!` at the offending tokens, as a derive reports it.
pub fn derive(input: Tokens) -> Tokens {
    match syn::parse2::<DeriveInput>(input) {
        Ok(input) => expand(&input).unwrap_or_else(Error::into_compile_error),
        Err(error) => error.into_compile_error(),
    }
}

/// The serde impls of the type declared by `input`, or why it cannot have them.
pub fn try_derive(input: Tokens) -> Result<Tokens, String> {
    let input = syn::parse2::<DeriveInput>(input).map_err(|e| e.to_string())?;
    expand(&input).map_err(|e| e.to_string())
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    if !input.generics.params.is_empty() {
        return Err(Error::new(input.generics.span(), "`Wire` types have no generic parameters"));
    }
    let container = Container::parse(input)?;
    let body = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(fields) => structure(input, &container, fields)?,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => newtype(input, &container),
            _ => {
                return Err(Error::new(input.span(), "`Wire` structs have named fields, or exactly one unnamed field"))
            }
        },
        Data::Enum(e) => {
            let unit = e.variants.iter().filter(|v| matches!(v.fields, Fields::Unit)).count();
            if unit > 0 {
                string_enum(input, &container, e)?
            } else {
                union(input, &container, e)?
            }
        }
        Data::Union(_) => return Err(Error::new(input.span(), "`Wire` does not apply to Rust unions")),
    };
    let runtime = &container.runtime;
    Ok(quote! {
        #[allow(deprecated)]
        const _: () = {
            use #runtime::__private::serde as _serde;
            #body
        };
    })
}

/// Attributes of the type itself.
struct Container {
    runtime: syn::Path,
    tag: Option<String>,
    rename_all: Option<String>,
}

impl Container {
    fn parse(input: &DeriveInput) -> syn::Result<Container> {
        let mut c = Container { runtime: syn::parse_quote!(runtime), tag: None, rename_all: None };
        for attr in input.attrs.iter().filter(|a| a.path().is_ident("wire")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    c.runtime = meta.value()?.parse::<LitStr>()?.parse()?;
                } else if meta.path.is_ident("tag") {
                    c.tag = Some(meta.value()?.parse::<LitStr>()?.value());
                } else if meta.path.is_ident("rename_all") {
                    let rule = meta.value()?.parse::<LitStr>()?;
                    if case_rule(&rule.value(), "X").is_none() {
                        return Err(Error::new(rule.span(), "unknown `rename_all` rule"));
                    }
                    c.rename_all = Some(rule.value());
                } else {
                    return Err(meta.error("unknown `wire` attribute of a type"));
                }
                Ok(())
            })?;
        }
        Ok(c)
    }
}

/// The `rename_all` rules, in the order the generator prefers them when several fit.
pub const RENAME_RULES: [&str; 5] = ["snake_case", "kebab-case", "lowercase", "SCREAMING_SNAKE_CASE", "camelCase"];

/// A variant name converted by a `rename_all` rule (`None` for a rule the derive does not
/// know): what the generator checks a rule against, so the two cannot disagree.
pub fn case_rule(rule: &str, name: &str) -> Option<String> {
    use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase};
    Some(match rule {
        "snake_case" => name.to_snake_case(),
        "kebab-case" => name.to_kebab_case(),
        "lowercase" => name.to_lowercase(),
        "SCREAMING_SNAKE_CASE" => name.to_shouty_snake_case(),
        "camelCase" => name.to_lower_camel_case(),
        _ => return None,
    })
}

/// The identifier's text without `r#`.
fn unraw(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
}

/// The last segment of a type path and its first type argument: `Option<T>` is
/// `("Option", Some(T))`.
fn outer(ty: &Type) -> Option<(String, Option<&Type>)> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let arg = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    Some((last.ident.to_string(), arg))
}

/// `T` of `Box<T>`, else the type: a boxed struct declares what the box holds.
fn unboxed(ty: &Type) -> &Type {
    match outer(ty) {
        Some((outer, Some(inner))) if outer == "Box" => inner,
        _ => ty,
    }
}

/// How a field is read and written, from its type and attributes.
#[derive(Clone, Copy, PartialEq)]
enum Rule {
    /// `T`: must be present.
    Required,
    /// `Vec<T>`: must be present; an element's index is kept on the path of a failure.
    RequiredList,
    /// `Option<T>`: absent or `null` is `None`.
    Optional,
    /// `Option<Vec<T>>`.
    OptionalList,
    /// `Option<Value>` whose `null` is a value.
    KeepNull,
    /// `Nullable<T>`.
    Tristate,
    /// `T` with `#[wire(default)]`: absent is `T::default()`.
    Defaulted,
    /// The map of undeclared properties.
    Extra,
    /// A struct whose properties are the owner's own (`#[wire(flatten)]`).
    Flatten,
}

struct Field<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    wire: String,
    rule: Rule,
    /// An `Option` written even when `None` (as `null`).
    write_null: bool,
}

fn parse_field(f: &syn::Field) -> syn::Result<Field<'_>> {
    let ident = f.ident.as_ref().expect("named fields");
    let mut wire = unraw(ident);
    let (mut nullable, mut keep_null, mut extra, mut default, mut flatten) = (false, false, false, false, false);
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                wire = meta.value()?.parse::<LitStr>()?.value();
            } else if meta.path.is_ident("nullable") {
                nullable = true;
            } else if meta.path.is_ident("keep_null") {
                keep_null = true;
            } else if meta.path.is_ident("extra") {
                extra = true;
            } else if meta.path.is_ident("default") {
                default = true;
            } else if meta.path.is_ident("flatten") {
                flatten = true;
            } else {
                return Err(meta.error("unknown `wire` attribute of a field"));
            }
            Ok(())
        })?;
    }
    let shape = outer(&f.ty);
    let rule = match shape.as_ref().map(|(name, arg)| (name.as_str(), arg.and_then(outer))) {
        _ if extra => Rule::Extra,
        _ if flatten => Rule::Flatten,
        _ if default => Rule::Defaulted,
        Some(("Option", _)) if keep_null => Rule::KeepNull,
        Some(("Option", Some((inner, _)))) if inner == "Vec" => Rule::OptionalList,
        Some(("Option", _)) => Rule::Optional,
        Some(("Nullable", _)) => Rule::Tristate,
        Some(("Vec", _)) => Rule::RequiredList,
        _ => Rule::Required,
    };
    if (nullable || keep_null) && !matches!(rule, Rule::Optional | Rule::OptionalList | Rule::KeepNull) {
        return Err(Error::new(f.span(), "`nullable` and `keep_null` apply to `Option` fields"));
    }
    Ok(Field { ident, ty: &f.ty, wire, rule, write_null: nullable })
}

fn structure(input: &DeriveInput, c: &Container, fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let name = &input.ident;
    let runtime = &c.runtime;
    let fields: Vec<Field> = fields.named.iter().map(parse_field).collect::<syn::Result<_>>()?;
    if fields.iter().filter(|f| f.rule == Rule::Extra).count() > 1 {
        return Err(Error::new(input.span(), "at most one field keeps the extra properties"));
    }
    if fields.iter().filter(|f| f.rule == Rule::Flatten).count() > 1 {
        return Err(Error::new(input.span(), "at most one field is flattened"));
    }
    let flat = fields.iter().position(|f| f.rule == Rule::Flatten);
    // Locals of the expansion cannot meet the user's names.
    let local = |i: usize| format_ident!("__field{}", i, span = Span::mixed_site());
    let map = syn::Ident::new("__map", Span::mixed_site());
    let key = syn::Ident::new("__key", Span::mixed_site());
    let mut slots = Vec::new();
    let mut arms = Vec::new();
    let mut other = quote!(#map.skip());
    // Required fields: their slots, wire names, and the fields they fill.
    let (mut required, mut required_wire) = (Vec::new(), Vec::new());
    let mut inits = Vec::new();
    // The flattened struct, read once the owner's own properties are.
    let mut flattened = None;
    for (i, f) in fields.iter().enumerate() {
        let (slot, ident, wire) = (local(i), f.ident, &f.wire);
        let read = match f.rule {
            // With a flattened field, the properties the struct does not declare are kept
            // for it, and the extra ones are those its struct does not declare either.
            Rule::Extra if flat.is_some() => {
                inits.push(quote!(#ident: #slot,));
                continue;
            }
            Rule::Extra => {
                slots.push(quote!(let mut #slot = ::std::collections::BTreeMap::new();));
                other = quote!(#map.extra(#key, &mut #slot));
                inits.push(quote!(#ident: #slot,));
                continue;
            }
            Rule::Flatten => {
                let rest = format_ident!("__rest", span = Span::mixed_site());
                slots.push(quote!(let mut #rest = ::std::collections::BTreeMap::new();));
                other = quote!(#map.extra(#key, &mut #rest));
                flattened = Some(match fields.iter().position(|f| f.rule == Rule::Extra) {
                    Some(e) => {
                        let (extra, base) = (local(e), unboxed(f.ty));
                        quote! {
                            let (#slot, #extra) = #runtime::serde::flattened_and_extra::<_, _, A::Error>(
                                #rest,
                                <#base as #runtime::serde::Struct>::declares,
                            )?;
                        }
                    }
                    None => quote!(let #slot = #runtime::serde::flattened::<_, A::Error>(#rest)?;),
                });
                inits.push(quote!(#ident: #slot,));
                continue;
            }
            Rule::Required | Rule::KeepNull | Rule::Tristate | Rule::Defaulted => quote!(field),
            Rule::RequiredList => quote!(list),
            Rule::Optional => quote!(optional),
            Rule::OptionalList => quote!(optional_list),
        };
        slots.push(quote!(let mut #slot = ::core::option::Option::None;));
        arms.push(quote!(#wire => #map.#read(&mut #slot, #wire),));
        inits.push(match f.rule {
            Rule::Required | Rule::RequiredList => {
                required.push(slot.clone());
                required_wire.push(wire);
                quote!(#ident: #slot,)
            }
            Rule::Tristate | Rule::Defaulted => quote!(#ident: #slot.unwrap_or_default(),),
            _ => quote!(#ident: #slot,),
        });
    }
    let key_binding =
        if fields.iter().any(|f| matches!(f.rule, Rule::Extra | Rule::Flatten)) { quote!(#key) } else { quote!(_) };
    let dispatch = if arms.is_empty() {
        quote!(while let ::core::option::Option::Some(#key_binding) = #map.key() { #other; })
    } else {
        quote! {
            while let ::core::option::Option::Some(#key) = #map.key() {
                match &*#key {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };
    // One match checks every required field (no early return per field).
    let build = match required.len() {
        0 => quote!(::core::result::Result::Ok(#name { #(#inits)* })),
        _ => quote! {
            match (#(#required,)*) {
                (#(::core::option::Option::Some(#required),)*) => ::core::result::Result::Ok(#name { #(#inits)* }),
                (#(#required,)*) => ::core::result::Result::Err(#runtime::serde::missing(
                    &[#(#required.is_some()),*],
                    &[#(#required_wire),*],
                )),
            }
        },
    };
    let writes = fields.iter().map(|f| {
        let (ident, wire) = (f.ident, &f.wire);
        match f.rule {
            Rule::Extra => quote!(#map.extra(&self.#ident);),
            Rule::Flatten => quote!(#map.flatten(&self.#ident);),
            Rule::Optional | Rule::OptionalList if f.write_null => quote!(#map.entry(#wire, &self.#ident);),
            Rule::Optional | Rule::OptionalList | Rule::KeepNull => quote!(#map.optional(#wire, &self.#ident);),
            Rule::Tristate => quote!(#map.nullable(#wire, &self.#ident);),
            Rule::Required | Rule::RequiredList | Rule::Defaulted => quote!(#map.entry(#wire, &self.#ident);),
        }
    });
    let names = fields.iter().filter(|f| !matches!(f.rule, Rule::Extra | Rule::Flatten)).map(|f| &f.wire);
    // A flattened struct's properties are declared too.
    let declares = fields.iter().find(|f| f.rule == Rule::Flatten).map(|f| {
        let base = unboxed(f.ty);
        quote! {
            fn declares(name: &str) -> bool {
                <Self as #runtime::serde::Struct>::FIELDS.contains(&name)
                    || <#base as #runtime::serde::Struct>::declares(name)
            }
        }
    });
    let type_name = name.to_string();
    let writer = if fields.is_empty() { quote!(#map) } else { quote!(mut #map) };
    Ok(quote! {
        impl #runtime::serde::Struct for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#names),*];
            fn read<'de, A: _serde::de::MapAccess<'de>>(
                mut #map: #runtime::serde::Reader<'de, A>,
            ) -> ::core::result::Result<Self, A::Error> {
                #(#slots)*
                #dispatch
                #map.finish()?;
                #flattened
                #build
            }
            #declares
        }

        impl<'de> _serde::Deserialize<'de> for #name {
            fn deserialize<D: _serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #runtime::serde::read_struct(deserializer)
            }
        }

        impl _serde::Serialize for #name {
            fn serialize<S: _serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                let #writer = #runtime::serde::writer(serializer)?;
                #(#writes)*
                #map.end()
            }
        }
    })
}

fn newtype(input: &DeriveInput, _c: &Container) -> Tokens {
    let name = &input.ident;
    quote! {
        impl<'de> _serde::Deserialize<'de> for #name {
            fn deserialize<D: _serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                match _serde::Deserialize::deserialize(deserializer) {
                    ::core::result::Result::Ok(value) => ::core::result::Result::Ok(#name(value)),
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            }
        }

        impl _serde::Serialize for #name {
            fn serialize<S: _serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                _serde::Serialize::serialize(&self.0, serializer)
            }
        }
    }
}

/// Attributes of an enum's variant.
#[derive(Default)]
struct VariantAttrs {
    rename: Option<String>,
    other: bool,
    tags: Vec<String>,
    pins: Vec<(String, String)>,
    exact: bool,
    may_omit_tag: bool,
}

fn variant_attrs(v: &syn::Variant) -> syn::Result<VariantAttrs> {
    let mut a = VariantAttrs::default();
    for attr in v.attrs.iter().filter(|a| a.path().is_ident("wire")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                a.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("other") {
                a.other = true;
            } else if meta.path.is_ident("tag") {
                a.tags.push(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("pin") {
                // `pin("role" = "user", ...)`: property names need not be identifiers.
                let content;
                syn::parenthesized!(content in meta.input);
                while !content.is_empty() {
                    let key: LitStr = content.parse()?;
                    content.parse::<syn::Token![=]>()?;
                    let value: LitStr = content.parse()?;
                    a.pins.push((key.value(), value.value()));
                    if !content.is_empty() {
                        content.parse::<syn::Token![,]>()?;
                    }
                }
            } else if meta.path.is_ident("exact") {
                a.exact = true;
            } else if meta.path.is_ident("may_omit_tag") {
                a.may_omit_tag = true;
            } else {
                return Err(meta.error("unknown `wire` attribute of a variant"));
            }
            Ok(())
        })?;
    }
    Ok(a)
}

fn string_enum(input: &DeriveInput, c: &Container, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    let runtime = &c.runtime;
    let mut values = Vec::new();
    let mut fallback = None;
    for v in &e.variants {
        let a = variant_attrs(v)?;
        match (&v.fields, a.other) {
            (Fields::Unit, false) => {
                let ident = &v.ident;
                let wire = match (&a.rename, &c.rename_all) {
                    (Some(w), _) => w.clone(),
                    (None, Some(rule)) => case_rule(rule, &unraw(ident)).unwrap_or_default(),
                    (None, None) => unraw(ident),
                };
                values.push((ident, wire));
            }
            (Fields::Unnamed(f), true) if f.unnamed.len() == 1 && fallback.is_none() => fallback = Some(&v.ident),
            _ => {
                return Err(Error::new(
                    v.span(),
                    "a string enum has unit variants and one `#[wire(other)]` variant holding a `String`",
                ))
            }
        }
    }
    let Some(fallback) = fallback else {
        return Err(Error::new(input.span(), "a string enum keeps unknown values in a `#[wire(other)]` variant"));
    };
    let to_wire = values.iter().map(|(ident, wire)| quote!(Self::#ident => #wire,));
    let from_wire = values.iter().map(|(ident, wire)| quote!(#wire => Self::#ident,));
    Ok(quote! {
        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#fallback(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl _serde::Serialize for #name {
            fn serialize<S: _serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> _serde::Deserialize<'de> for #name {
            fn deserialize<D: _serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                match #runtime::serde::string(deserializer) {
                    ::core::result::Result::Ok(value) => ::core::result::Result::Ok(Self::from(&*value)),
                    ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
                }
            }
        }
    })
}

/// A union variant: its index, name, payload type and attributes.
struct Member<'a> {
    index: usize,
    ident: &'a syn::Ident,
    ty: &'a Type,
    attrs: VariantAttrs,
}

fn union(input: &DeriveInput, c: &Container, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let name = &input.ident;
    let runtime = &c.runtime;
    let mut members = Vec::new();
    let mut fallback = None;
    for (index, v) in e.variants.iter().enumerate() {
        let Fields::Unnamed(f) = &v.fields else {
            return Err(Error::new(v.span(), "a union's variants each hold one value"));
        };
        if f.unnamed.len() != 1 {
            return Err(Error::new(v.span(), "a union's variants each hold one value"));
        }
        let attrs = variant_attrs(v)?;
        if attrs.other {
            fallback = Some(&v.ident);
        } else {
            members.push(Member { index, ident: &v.ident, ty: &f.unnamed[0].ty, attrs });
        }
    }
    let attempts = syn::Ident::new("__attempts", Span::mixed_site());
    let peek = syn::Ident::new("__peek", Span::mixed_site());
    let try_as = |m: &Member| {
        let (index, ident) = (m.index, m.ident);
        quote! {
            if let ::core::option::Option::Some(value) = #attempts.read(#index) {
                return ::core::result::Result::Ok(Self::#ident(value));
            }
        }
    };
    let tagged = match &c.tag {
        Some(tag) => {
            // The tag values, each with the variants it selects in the order they are listed.
            let mut arms: Vec<(Vec<&str>, Vec<&Member>)> = Vec::new();
            for m in members.iter().filter(|m| !m.attrs.tags.is_empty()) {
                for t in &m.attrs.tags {
                    match arms.iter_mut().find(|(tags, _)| tags.contains(&t.as_str())) {
                        Some((_, ms)) => ms.push(m),
                        None => arms.push((vec![t.as_str()], vec![m])),
                    }
                }
            }
            let arms: Vec<(Tokens, Tokens)> = arms
                .iter()
                .map(|(tags, ms)| {
                    let tries = preference(runtime, &peek, ms).into_iter().map(|(condition, m)| {
                        let attempt = try_as(m);
                        match condition {
                            Some(condition) => quote!(if #condition { #attempt }),
                            None => attempt,
                        }
                    });
                    let body = quote!({
                        #(#tries)*
                        return ::core::result::Result::Err(#attempts.failure());
                    });
                    (quote!(::core::option::Option::Some(#(#tags)|*)), body)
                })
                .collect();
            // One tag value is an `if let` (as clippy asks of source written out from this).
            let choose = match arms.as_slice() {
                [] => Tokens::new(),
                [(pattern, body)] => quote!(if let #pattern = #peek.get(#tag) #body),
                _ => {
                    let arms = arms.iter().map(|(pattern, body)| quote!(#pattern => #body));
                    quote!(match #peek.get(#tag) {
                        #(#arms)*
                        _ => {}
                    })
                }
            };
            let tagless: Vec<Tokens> = members.iter().filter(|m| m.attrs.may_omit_tag).map(try_as).collect();
            let tagless = (!tagless.is_empty()).then(|| quote!(if !#peek.has(#tag) { #(#tagless)* }));
            if choose.is_empty() && tagless.is_none() {
                Tokens::new()
            } else {
                quote! {
                    let #peek = raw.peek();
                    #choose
                    #tagless
                }
            }
        }
        None => Tokens::new(),
    };
    let untagged = members.iter().filter(|m| m.attrs.tags.is_empty() || c.tag.is_none()).map(try_as);
    let end = match fallback {
        Some(f) => quote! {
            match #attempts.other() {
                ::core::result::Result::Ok(value) => ::core::result::Result::Ok(Self::#f(value)),
                ::core::result::Result::Err(e) => ::core::result::Result::Err(e),
            }
        },
        None => quote!(::core::result::Result::Err(#attempts.failure())),
    };
    let attempts_binding = if members.is_empty() { quote!(#attempts) } else { quote!(mut #attempts) };
    let writes = e.variants.iter().map(|v| {
        let ident = &v.ident;
        quote!(Self::#ident(value) => _serde::Serialize::serialize(value, serializer),)
    });
    Ok(quote! {
        impl<'de> _serde::Deserialize<'de> for #name {
            fn deserialize<D: _serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <#runtime::serde::Raw as _serde::Deserialize>::deserialize(deserializer)?;
                let #attempts_binding = #runtime::serde::Attempts::new(&raw);
                #tagged
                #(#untagged)*
                #end
            }
        }

        impl _serde::Serialize for #name {
            fn serialize<S: _serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                match self {
                    #(#writes)*
                }
            }
        }
    })
}

/// The variants one tag value selects, in the order they are tried, each with the condition
/// it is tried under: first those whose pinned properties match and that declare every
/// property of the value, then those that declare every property, then those whose pinned
/// properties match, then the others in order, structs that would drop a property last (a
/// member already tried is not tried again).
fn preference<'a>(
    runtime: &syn::Path,
    peek: &syn::Ident,
    members: &[&'a Member<'a>],
) -> Vec<(Option<Tokens>, &'a Member<'a>)> {
    if members.len() == 1 {
        return vec![(None, members[0])];
    }
    let pins = |m: &Member| -> Vec<Tokens> { m.attrs.pins.iter().map(|(k, v)| quote!(#peek.allows(#k, #v))).collect() };
    let within = |m: &Member| {
        let ty = unboxed(m.ty);
        quote!(#peek.within(<#ty as #runtime::serde::Struct>::declares))
    };
    let mut order = Vec::new();
    for m in members.iter().filter(|m| m.attrs.exact && !m.attrs.pins.is_empty()) {
        let conditions = pins(m).into_iter().chain([within(m)]);
        order.push((Some(quote!(#(#conditions)&&*)), *m));
    }
    for m in members.iter().filter(|m| m.attrs.exact && m.attrs.pins.is_empty()) {
        order.push((Some(within(m)), *m));
    }
    for m in members.iter().filter(|m| !m.attrs.pins.is_empty()) {
        let conditions = pins(m);
        order.push((Some(quote!(#(#conditions)&&*)), *m));
    }
    // Then the members that do not declare a fixed set of properties (unions, structs that
    // keep extra properties), which drop nothing they read; last, the structs that would drop
    // a property of the value.
    for m in members.iter().filter(|m| !m.attrs.exact) {
        order.push((None, *m));
    }
    for m in members.iter().filter(|m| m.attrs.exact) {
        order.push((None, *m));
    }
    order
}
