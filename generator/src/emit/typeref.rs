//! How a use of a type is written in Rust, and which traits every type can derive.

use crate::ir::{Api, FieldShape, StringFormat, TypeId, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// A type, variant or constant name (never a keyword: lowering saw to that).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A field, parameter, method or module name, raw where the IR says so.
pub fn snake(name: &crate::ir::Ident) -> Ident {
    if name.is_raw() {
        Ident::new_raw(name.as_str(), Span::call_site())
    } else {
        Ident::new(name.as_str(), Span::call_site())
    }
}

/// The module of `types` the code is written in; `None` for code outside `types`, which
/// names types as `crate::types::Name`.
pub type Scope<'a> = Option<&'a str>;

/// The Rust type for `ty`, written for code in module `module` of `types`.
pub fn type_tokens(api: &Api, ty: &TypeRef, module: &str) -> TokenStream {
    type_tokens_in(api, ty, Some(module), false)
}

/// As [`type_tokens`], from any scope; in a multipart form type (`form`), binary values are
/// files.
pub fn type_tokens_in(api: &Api, ty: &TypeRef, scope: Scope<'_>, form: bool) -> TokenStream {
    match ty {
        TypeRef::Named(id) if form && binary_alias(api, *id).is_some() => {
            let target = binary_alias(api, *id).unwrap_or(ty);
            type_tokens_in(api, target, scope, form)
        }
        TypeRef::Named(id) => {
            let def = api.ty(*id);
            let name = ident(&def.name);
            match scope {
                Some(m) if def.module.name() == m => quote!(#name),
                Some(_) => quote!(super::#name),
                None => quote!(crate::types::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Format(StringFormat::DateTime) => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Format(StringFormat::Date) => quote!(chrono::NaiveDate),
        TypeRef::Format(StringFormat::Uuid) => quote!(uuid::Uuid),
        TypeRef::Format(StringFormat::Uri) => quote!(url::Url),
        TypeRef::Integer32 => quote!(i32),
        TypeRef::Integer64 => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Bytes if form => quote!(runtime::multipart::File),
        TypeRef::Bytes => quote!(runtime::Binary),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Unit => quote!(()),
        TypeRef::Array(inner) => {
            let inner = type_tokens_in(api, inner, scope, form);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens_in(api, inner, scope, form);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens_in(api, inner, scope, form);
            quote!(Option<#inner>)
        }
    }
}

/// What an alias of binary values (`Upload = {type: string, format: binary}`, or a list of
/// them) stands for. A form writes such an alias as its target: the value is a file part, as
/// it would be written inline, and the multipart encoder (`form_kind`, which looks through
/// aliases) adds it as one.
pub fn binary_alias(api: &Api, id: TypeId) -> Option<&TypeRef> {
    let TypeKind::Alias(target) = &api.ty(id).kind else { return None };
    let mut t = target;
    for _ in 0..api.types.len() {
        match t.non_null() {
            TypeRef::Bytes => return Some(target),
            TypeRef::Array(inner) if **inner == TypeRef::Bytes => return Some(target),
            TypeRef::Named(next) => match &api.ty(*next).kind {
                TypeKind::Alias(inner) => t = inner,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Whether a form field of this type is one file: binary, or an alias of it.
fn is_file(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Bytes => true,
        TypeRef::Named(id) => binary_alias(api, *id).is_some_and(|t| is_file(api, t)),
        _ => false,
    }
}

/// Which types can derive `Default` (every field has a default).
pub struct Derivable {
    default: Vec<Option<bool>>,
}

impl Derivable {
    pub fn compute(api: &Api) -> Derivable {
        let mut d = Derivable { default: vec![None; api.types.len()] };
        for i in 0..api.types.len() {
            d.type_default(api, TypeId(i));
        }
        d
    }

    pub fn default(&self, id: TypeId) -> bool {
        self.default[id.0].unwrap_or(false)
    }

    fn type_default(&mut self, api: &Api, id: TypeId) -> bool {
        if let Some(v) = self.default[id.0] {
            return v;
        }
        // Assume yes while inside a cycle: a cycle of defaultable types is defaultable.
        self.default[id.0] = Some(true);
        let v = match &api.ty(id).kind {
            // A file to upload has no sensible default.
            TypeKind::Struct(s) => s.fields.iter().all(|f| {
                f.shape != FieldShape::Required
                    || (!(api.ty(id).form && is_file(api, &f.ty)) && self.ref_default(api, &f.ty))
            }),
            TypeKind::Enum(e) => e.default.is_some(),
            TypeKind::OpenString(_) => true,
            TypeKind::Union(_) => false,
            TypeKind::Alias(t) | TypeKind::Newtype(t) => self.ref_default(api, t),
        };
        self.default[id.0] = Some(v);
        v
    }

    pub fn ref_default(&mut self, api: &Api, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => self.type_default(api, *id),
            // `url::Url` has no default (chrono's and uuid's types do).
            TypeRef::Format(StringFormat::Uri) => false,
            _ => true,
        }
    }
}
