//! The public Rust API of the crate the emitter writes, item by item: what a user of the
//! crate compiles against. Built from the same helpers that write the code, so a type or a
//! signature here is spelled as it is in the generated files. The differ compares two of
//! these (see `crate::diff::rust_api`).

use super::model::{self, field_type, has_constructor};
use super::operations::{method_signatures, params_fields};
use super::typeref::{type_tokens_in, Derivable};
use crate::ir::{Api, Ident, TypeKind};
use proc_macro2::TokenStream;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every public item of a generated crate, by path (`types::Pet`, `Client::list_pets`,
/// `operations::ListPetsParams`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

/// What kind of item a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A struct with public fields (an object schema).
    Struct,
    /// A parameter struct of an operation.
    Params,
    /// An enum of unit variants plus a fallback `Unknown(String)`.
    Enum,
    /// A newtype over a string with associated constants.
    OpenString,
    /// An enum whose variants carry values.
    Union,
    /// `pub type Name = Target;`
    Alias,
    /// `pub struct Name(pub Inner);`
    Newtype,
    /// A method of `Client`.
    Method,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub deprecated: bool,
    pub doc: Option<String>,
    /// Fields (with their types), variants (with their payload, empty for unit variants)
    /// or associated constants (empty type), by name.
    pub members: BTreeMap<String, Member>,
    /// Whether the type implements `Default`.
    pub default: bool,
    /// The signature that is not a member: a struct's `new(..)`, an alias's target, a
    /// newtype's inner type, a method's `fn(..) -> ..`, an enum's `#[default]` variant.
    /// Arguments are written as their types only.
    pub signature: Option<String>,
}

/// A field, variant or constant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub ty: String,
    pub deprecated: bool,
    pub doc: Option<String>,
}

impl Item {
    fn new(kind: ItemKind, deprecated: bool, doc: Option<String>) -> Item {
        Item { kind, deprecated, doc, members: BTreeMap::new(), default: false, signature: None }
    }
}

/// Tokens as Rust source, with only the spaces Rust needs (`Option<Vec<crate::types::A>>`).
pub fn compact(tokens: &TokenStream) -> String {
    let text = tokens.to_string();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let keep = matches!((prev, next), (Some(p), Some(n)) if word(p) && (word(n) || n == '\''))
                || prev == Some(',')
                || (prev == Some(':') && !out.ends_with("::") && next != Some(':'));
            if keep {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The type of a function argument (`name: Type` to `Type`): argument names are not part of
/// a Rust API, callers pass arguments by position.
fn arg_type(arg: &TokenStream) -> String {
    let text = compact(arg);
    match text.split_once(": ") {
        Some((_, ty)) => ty.to_owned(),
        None => text,
    }
}

/// The public API of the crate emitted for `api`.
pub fn surface(api: &Api) -> Surface {
    let derivable = Derivable::compute(api);
    let mut items = BTreeMap::new();
    for def in &api.types {
        let ty = |t: &crate::ir::TypeRef| compact(&type_tokens_in(api, t, None, def.form));
        let mut item = Item::new(ItemKind::Struct, def.deprecated, def.doc.clone());
        match &def.kind {
            TypeKind::Struct(s) => {
                item.default = derivable.default(def.id);
                for f in &s.fields {
                    let t = compact(&field_type(api, def, f, None));
                    let name = f.name.as_str().to_owned();
                    item.members.insert(name, Member { ty: t, deprecated: f.deprecated, doc: f.doc.clone() });
                }
                if let Some(extra) = &s.extra {
                    let t = format!("std::collections::BTreeMap<String,{}>", ty(&extra.ty));
                    item.members
                        .insert("(other properties)".to_owned(), Member { ty: t, deprecated: false, doc: None });
                }
                item.signature = model::constructor(api, def, s, item.default, None)
                    .map(|c| format!("new({})", c.param_types.iter().map(compact).collect::<Vec<_>>().join(", ")));
            }
            TypeKind::Enum(e) => {
                item.kind = ItemKind::Enum;
                item.default = e.default.is_some();
                for v in &e.variants {
                    item.members.insert(v.name.clone(), Member { ty: String::new(), deprecated: false, doc: None });
                }
                item.members
                    .insert(e.fallback.clone(), Member { ty: "String".to_owned(), deprecated: false, doc: None });
                item.signature = e.default.and_then(|i| e.variants.get(i)).map(|v| format!("#[default] {}", v.name));
            }
            TypeKind::OpenString(e) => {
                item.kind = ItemKind::OpenString;
                item.default = true;
                for v in &e.variants {
                    item.members.insert(v.name.clone(), Member { ty: String::new(), deprecated: false, doc: None });
                }
            }
            TypeKind::Union(u) => {
                item.kind = ItemKind::Union;
                for v in &u.variants {
                    let t = if v.boxed { format!("Box<{}>", ty(&v.ty)) } else { ty(&v.ty) };
                    item.members.insert(v.name.clone(), Member { ty: t, deprecated: false, doc: None });
                }
                item.members.insert(
                    u.fallback.clone(),
                    Member { ty: "serde_json::Value".to_owned(), deprecated: false, doc: None },
                );
            }
            TypeKind::Alias(t) => {
                item.kind = ItemKind::Alias;
                item.signature = Some(ty(t));
            }
            TypeKind::Newtype(t) => {
                item.kind = ItemKind::Newtype;
                item.default = derivable.default(def.id);
                item.signature = Some(ty(t));
            }
        }
        items.insert(format!("types::{}", def.name), item);
    }
    for op in &api.operations {
        if let (Some((fields, default)), Some(params_type)) = (params_fields(api, op), &op.params_type) {
            let mut item = Item::new(ItemKind::Params, false, None);
            item.default = default;
            let deprecated = |name: &Ident| op.params.iter().any(|p| p.name == *name && p.deprecated);
            let mut required = Vec::new();
            for field in fields {
                if field.required {
                    required.push(compact(&field.ty));
                }
                let member = Member { ty: compact(&field.ty), deprecated: deprecated(&field.name), doc: None };
                item.members.insert(field.name.as_str().to_owned(), member);
            }
            if has_constructor(default, required.len()) {
                item.signature = Some(format!("new({})", required.join(", ")));
            }
            items.insert(format!("operations::{params_type}"), item);
        }
        for (name, args, ret) in method_signatures(api, op) {
            let mut item = Item::new(ItemKind::Method, op.deprecated, op.doc.clone().or_else(|| op.summary.clone()));
            let args: Vec<String> = std::iter::once("&self".to_owned()).chain(args.iter().map(arg_type)).collect();
            item.signature = Some(format!("fn {}({}) -> {}", name.as_str(), args.join(", "), compact(&ret)));
            items.insert(format!("Client::{}", name.as_str()), item);
        }
    }
    for e in &api.error_enums {
        let mut item = Item::new(ItemKind::Union, false, None);
        for v in &e.variants {
            let t = compact(&type_tokens_in(api, &v.ty, None, false));
            let t = if v.boxed { format!("Box<{t}>") } else { t };
            item.members.insert(v.name.clone(), Member { ty: t, deprecated: false, doc: v.doc.clone() });
        }
        items.insert(format!("operations::{}", e.name), item);
    }
    for op in &api.operations {
        if let crate::ir::ErrorBodies::Enum { index, name } = &op.errors {
            let target = &api.error_enums[*index].name;
            if name != target {
                let mut item = Item::new(ItemKind::Alias, false, None);
                item.signature = Some(format!("operations::{target}"));
                items.insert(format!("operations::{name}"), item);
            }
        }
    }
    Surface { items }
}
