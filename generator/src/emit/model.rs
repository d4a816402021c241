//! What the crate declares, decided once between the IR and the printers: a field's Rust type
//! and serde attributes, a constructor's arguments. The printers (`items`, `operations`) print
//! these, and the public-API model ([`super::surface`]) reads them, so a rule written here
//! is the rule of both.

use super::typeref::{snake, type_tokens_in, Scope};
use crate::ir::{Api, Field, FieldShape, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Most arguments a generated constructor takes (clippy's `too_many_arguments` bound); a
/// struct or parameter struct with more required fields has no `new`.
pub const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// A struct field as the crate declares it.
pub struct FieldDecl {
    /// The declared type: the value type, boxed when the IR says so, in the `Option`s the
    /// field's shape asks for.
    pub ty: TokenStream,
    /// The contents of its `#[serde(..)]`, empty for none.
    pub serde: Vec<TokenStream>,
}

/// How field `f` of `def` is declared, with types written as code in `scope` names them.
pub fn field_decl(api: &Api, def: &TypeDef, f: &Field, scope: Scope<'_>) -> FieldDecl {
    let mut ty = type_tokens_in(api, &f.ty, scope, def.form);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    let mut serde: Vec<TokenStream> = Vec::new();
    if f.name.as_str() != f.wire {
        let wire = &f.wire;
        serde.push(quote!(rename = #wire));
    }
    // Absent and null stay apart: optional fields are skipped when absent, and an optional
    // nullable field is `Option<Option<T>>` (outer: present, inner: not null).
    let ty = match f.shape {
        FieldShape::Required => ty,
        FieldShape::RequiredNullable => quote!(Option<#ty>),
        FieldShape::Optional => {
            serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
            // Any JSON includes `null`: a present `null` is kept, not read as absent.
            if f.ty == TypeRef::Any {
                serde.push(quote!(deserialize_with = "runtime::serde::present"));
            }
            quote!(Option<#ty>)
        }
        FieldShape::OptionalNullable => {
            serde.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "runtime::serde::double_option"
            ));
            quote!(Option<Option<#ty>>)
        }
    };
    FieldDecl { ty, serde }
}

/// The arguments of a struct's `new`, when it has one (no `Default`, 1 to
/// [`MAX_CONSTRUCTOR_ARGS`] required fields): `name: Type` for each required field, a
/// nullable one as `Option<Type>`.
pub fn constructor_args(
    api: &Api,
    def: &TypeDef,
    fields: &[Field],
    default: bool,
    scope: Scope<'_>,
) -> Option<Vec<TokenStream>> {
    let required: Vec<&Field> = fields.iter().filter(|f| f.shape.is_required()).collect();
    if !has_constructor(default, required.len()) {
        return None;
    }
    let args = required.iter().map(|f| {
        let n = snake(&f.name);
        let t = type_tokens_in(api, &f.ty, scope, def.form);
        match f.shape {
            FieldShape::RequiredNullable => quote!(#n: Option<#t>),
            _ => quote!(#n: #t),
        }
    });
    Some(args.collect())
}

/// Whether a struct with `required` required fields gets a `new`: when it cannot derive
/// `Default` and the arguments stay few.
pub fn has_constructor(default: bool, required: usize) -> bool {
    !default && required > 0 && required <= MAX_CONSTRUCTOR_ARGS
}
