//! What the crate declares, decided once between the IR and the printers: a field's Rust type
//! and serde attributes, a constructor's arguments. The printers (`items`, `operations`) print
//! these, and the public-API model ([`super::surface`]) reads them, so a rule written here
//! is the rule of both.

use super::typeref::{ident, snake, type_tokens_in, Scope};
use crate::ir::{Api, Field, FieldShape, StructType, TypeDef, TypeKind, TypeRef, UnionType, UnionVariant};
use proc_macro2::TokenStream;
use quote::quote;

/// Most arguments a generated constructor takes (clippy's `too_many_arguments` bound); a
/// struct or parameter struct with more required fields has no `new`.
pub const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// How a field is declared: its Rust type around the value type, and the `#[wire]`
/// attribute that says what the type alone does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldForm {
    /// `T`: always present.
    Required,
    /// `Option<T>` with `#[wire(nullable)]`: always written, `None` as `null`.
    RequiredNullable,
    /// `Option<T>`: absent and `null` read alike, `None` left out.
    Optional,
    /// `runtime::Nullable<T>`: a field of a type that is sent, which a request may leave out,
    /// set to `null` or set to a value.
    Tristate,
    /// `Option<serde_json::Value>` with `#[wire(keep_null)]`: any JSON, a present `null` kept.
    KeepNull,
}

/// The form field `f` of `def` is declared in.
pub fn field_form(def: &TypeDef, f: &Field) -> FieldForm {
    match (f.shape, &f.ty) {
        (FieldShape::Required, _) => FieldForm::Required,
        (FieldShape::RequiredNullable, _) => FieldForm::RequiredNullable,
        // Any JSON includes `null`: a present `null` is kept, not read as absent.
        (FieldShape::Optional | FieldShape::OptionalNullable, TypeRef::Any) => FieldForm::KeepNull,
        (FieldShape::OptionalNullable, _) if def.sent => FieldForm::Tristate,
        (FieldShape::Optional | FieldShape::OptionalNullable, _) => FieldForm::Optional,
    }
}

/// Field `f`'s value type as code in `scope`, unboxed and without `Option`: what a
/// constructor argument or a setter takes.
fn value_tokens(api: &Api, def: &TypeDef, f: &Field, scope: Scope<'_>) -> TokenStream {
    type_tokens_in(api, &f.ty, scope, def.form)
}

/// The type field `f` of `def` is declared with, written as code in `scope` names it: the
/// value type, boxed when the IR says so, in the wrapper its [`FieldForm`] says.
pub fn field_type(api: &Api, def: &TypeDef, f: &Field, scope: Scope<'_>) -> TokenStream {
    let mut ty = value_tokens(api, def, f, scope);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    match field_form(def, f) {
        FieldForm::Required => ty,
        FieldForm::Tristate => quote!(runtime::Nullable<#ty>),
        FieldForm::RequiredNullable | FieldForm::Optional | FieldForm::KeepNull => quote!(Option<#ty>),
    }
}

/// The value of a required field whose type allows one value (`role: "user"`): the
/// constructor fills it, the caller never names it.
pub fn fixed_value(api: &Api, def: &TypeDef, f: &Field, scope: Scope<'_>) -> Option<TokenStream> {
    if f.shape != FieldShape::Required {
        return None;
    }
    let TypeRef::Named(id) = &f.ty else { return None };
    let TypeKind::Enum(e) = api.kind_behind(*id) else { return None };
    let [only] = e.variants.as_slice() else { return None };
    let ty = type_tokens_in(api, &f.ty, scope, def.form);
    let variant = ident(&only.name);
    Some(if f.boxed { quote!(Box::new(#ty::#variant)) } else { quote!(#ty::#variant) })
}

/// A struct's `new`: one argument per required field the caller must choose, every other
/// field filled (one-value fields with their value, optional ones `None`, required ones
/// that may be `null` `None` too, sent as `null` until their setter sets them).
pub struct Constructor {
    /// `name: impl Into<Type>`.
    pub params: Vec<TokenStream>,
    /// The parameters' names.
    pub names: Vec<proc_macro2::Ident>,
    /// `Type` as the public API records each argument.
    pub param_types: Vec<TokenStream>,
    /// `field: value,` for every field.
    pub inits: Vec<TokenStream>,
    /// The required fields that may be `null`, which start as `null` rather than being
    /// arguments: a bare `None` among positional arguments does not say what it leaves
    /// out (`Tool::function("get_weather", None, parameters)`).
    pub starts_null: Vec<String>,
}

impl Constructor {
    /// `` `a` starts `` or `` `a`, `b` and `c` start ``: the fields that start as `null`, for
    /// a doc sentence; `None` when there are none.
    pub fn starts_null_list(&self) -> Option<String> {
        let names: Vec<String> = self.starts_null.iter().map(|n| format!("`{n}`")).collect();
        let (last, rest) = names.split_last()?;
        Some(if rest.is_empty() { format!("{last} starts") } else { format!("{} and {last} start", rest.join(", ")) })
    }
}

/// The constructor of a struct, when it has one: every struct whose required fields the
/// caller must choose (1 to [`MAX_CONSTRUCTOR_ARGS`] of them), and a struct that cannot
/// derive `Default`; a struct with `Default` and nothing to choose has none.
pub fn constructor(api: &Api, def: &TypeDef, s: &StructType, default: bool, scope: Scope<'_>) -> Option<Constructor> {
    let mut c = Constructor {
        params: Vec::new(),
        names: Vec::new(),
        param_types: Vec::new(),
        inits: Vec::new(),
        starts_null: Vec::new(),
    };
    // Arguments in the order the document lists the required fields; values in field order.
    let mut args: Vec<(usize, TokenStream, TokenStream, proc_macro2::Ident)> = Vec::new();
    for (i, f) in s.fields.iter().enumerate() {
        let n = snake(&f.name);
        if let Some(value) = fixed_value(api, def, f, scope) {
            c.inits.push(quote!(#n: #value,));
            continue;
        }
        if !f.shape.is_required() {
            c.inits.push(match field_form(def, f) {
                FieldForm::Tristate => quote!(#n: runtime::Nullable::Absent,),
                _ => quote!(#n: None,),
            });
            continue;
        }
        if f.shape.is_nullable() {
            c.inits.push(quote!(#n: None,));
            let name = n.to_string();
            c.starts_null.push(name.strip_prefix("r#").unwrap_or(&name).to_owned());
            continue;
        }
        let t = value_tokens(api, def, f, scope);
        let (param, ty, init) = if f.boxed {
            (quote!(#n: impl Into<#t>), quote!(impl Into<#t>), quote!(#n: Box::new(#n.into()),))
        } else {
            (quote!(#n: impl Into<#t>), quote!(impl Into<#t>), quote!(#n: #n.into(),))
        };
        let rank = s.required_order.iter().position(|&r| r == i).unwrap_or(usize::MAX);
        args.push((rank, param, ty, n));
        c.inits.push(init);
    }
    args.sort_by_key(|(rank, ..)| *rank);
    for (_, param, ty, name) in args {
        c.params.push(param);
        c.param_types.push(ty);
        c.names.push(name);
    }
    let wanted = !c.params.is_empty() || !default;
    (wanted && c.params.len() <= MAX_CONSTRUCTOR_ARGS).then_some(c)
}

/// A by-value setter of an optional field, named after it: `.temperature(0.2)`.
pub struct Setter {
    /// The method and the field (the same identifier).
    pub name: proc_macro2::Ident,
    /// The value type; the setter takes `impl Into<value>`.
    pub value: TokenStream,
    pub boxed: bool,
    pub deprecated: bool,
    /// The field is a `runtime::Nullable`: the setter sets a value, and `{name}_null` (when
    /// no other field or method took the name) sends `null`.
    pub null_setter: Option<proc_macro2::Ident>,
}

/// Setters for the fields `new` does not take: the optional ones, and the required ones
/// that may be `null` (which start as `null`); none for a field whose name is taken by an
/// associated function (`new`).
pub fn setters(api: &Api, def: &TypeDef, fields: &[Field], scope: Scope<'_>) -> Vec<Setter> {
    let taken = |name: &str| name == "new" || fields.iter().any(|f| f.name.as_str() == name);
    fields
        .iter()
        .filter(|f| (!f.shape.is_required() || f.shape.is_nullable()) && f.name.as_str() != "new")
        .map(|f| Setter {
            name: snake(&f.name),
            value: value_tokens(api, def, f, scope),
            boxed: f.boxed,
            deprecated: f.deprecated,
            null_setter: (field_form(def, f) == FieldForm::Tristate)
                .then(|| format!("{}_null", f.name.as_str()))
                .filter(|n| !taken(n))
                .map(|n| ident(&n)),
        })
        .collect()
}

/// The `From` conversions of a union: one per variant whose payload type no other variant
/// has (the box hidden), and `&str` beside `String`.
pub struct UnionFrom<'a> {
    pub variant: &'a UnionVariant,
    /// The payload type, unboxed.
    pub payload: TokenStream,
}

/// The variants of `u` a value converts into by `From`: payload types that stay distinct
/// once aliases are looked through (two aliases of `String` would be one impl twice), and
/// never free-form JSON (the fallback's type).
pub fn union_froms<'a>(api: &Api, def: &TypeDef, u: &'a UnionType, scope: Scope<'_>) -> Vec<UnionFrom<'a>> {
    let canonical: Vec<TypeRef> = u.variants.iter().map(|v| through_aliases(api, &v.ty)).collect();
    u.variants
        .iter()
        .zip(&canonical)
        .filter(|(_, c)| **c != TypeRef::Any && canonical.iter().filter(|o| o == c).count() == 1)
        .map(|(v, _)| UnionFrom { variant: v, payload: type_tokens_in(api, &v.ty, scope, def.form) })
        .collect()
}

/// The conversion `From<&str>` goes through, if any: a `String` variant, else the one variant
/// that is a string type of known values (open or closed, each converting from `&str`).
pub fn union_from_string(api: &Api, froms: &[UnionFrom<'_>]) -> Option<usize> {
    let canonical: Vec<TypeRef> = froms.iter().map(|f| through_aliases(api, &f.variant.ty)).collect();
    if let Some(i) = canonical.iter().position(|t| *t == TypeRef::String) {
        return Some(i);
    }
    let strings: Vec<usize> = canonical
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            matches!(t, TypeRef::Named(id) if matches!(api.ty(*id).kind, TypeKind::Enum(_) | TypeKind::OpenString(_)))
        })
        .map(|(i, _)| i)
        .collect();
    match strings.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The type a use stands for once named aliases are followed (bounded, for cycles).
fn through_aliases(api: &Api, ty: &TypeRef) -> TypeRef {
    let mut t = ty.clone();
    for _ in 0..16 {
        match &t {
            TypeRef::Named(id) => match &api.ty(*id).kind {
                TypeKind::Alias(inner) => t = inner.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    t
}

/// Whether a parameter struct with `required` required parameters gets a `new`: when it
/// cannot derive `Default` and the arguments stay few.
pub fn has_constructor(default: bool, required: usize) -> bool {
    !default && required > 0 && required <= MAX_CONSTRUCTOR_ARGS
}
