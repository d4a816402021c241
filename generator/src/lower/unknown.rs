//! Undeclared keys of what a server answers, kept instead of dropped.
//!
//! A JSON Schema object without `additionalProperties: false` allows keys it does not list,
//! and servers send them: OpenAI-compatible servers add `reasoning_content` to chat messages,
//! and a newer API version adds fields before the document catches up. A response body
//! struct keeps them in its extra-properties field (a `serde_json::Value` per key), so they
//! stay reachable. Each such struct costs serde's buffered (`flatten`) path, so the rule is
//! narrow: the top-level body of every success response and every event of a stream, plus
//! the types a crate names ([`crate::CrateOptions::keep_unknown`]).

use super::naming::Namespace;
use super::schema::extra_field_name;
use crate::error::Error;
use crate::ir::{self, Api, ExtraField, Ident, TypeId, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// Give the top-level body of each success response (or the item of a body that is a list:
/// `listPets` and `getPet` then agree about `Pet`) and each stream event an extra field,
/// where the document allows undeclared keys (no `additionalProperties: false`).
pub fn keep_unknown_in_responses(api: &mut Api) {
    let mut bodies = BTreeSet::new();
    for op in api.operations.iter().filter(|o| !o.webhook) {
        let success = op.responses.iter().filter(|r| r.status.is_success());
        for ty in
            success.flat_map(|r| &r.contents).filter(|c| c.kind == ir::ContentKind::Json).filter_map(|c| c.ty.as_ref())
        {
            bodies.extend(body_struct(&api.types, ty));
        }
        if let Some(event) = op.stream.as_ref().and_then(|s| s.event.as_ref()) {
            bodies.extend(ir::struct_of(&api.types, event).map(|(id, _)| id));
        }
    }
    bodies.into_iter().for_each(|id| keep_unknown(api, id));
}

/// The struct a body is, or the struct of its items when it is a list (aliases followed).
fn body_struct(types: &[ir::TypeDef], ty: &TypeRef) -> Option<TypeId> {
    let mut t = ty.non_null();
    for _ in 0..16 {
        match t {
            TypeRef::Array(item) => return ir::struct_of(types, item).map(|(id, _)| id),
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) => t = inner.non_null(),
                TypeKind::Struct(_) => return Some(*id),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// The same for the types a crate names (generated names or component names).
pub fn keep_unknown_in_named(api: &mut Api, names: &[String]) -> Result<(), Error> {
    for name in names {
        let component = format!("/components/schemas/{name}");
        let def = api.types.iter().position(|t| &t.name == name || t.origin == component);
        let Some(index) = def else {
            return Err(Error::msg(format!("keep-unknown: no type is named `{name}`")));
        };
        match ir::struct_of(&api.types, &TypeRef::Named(TypeId(index))) {
            Some((id, _)) => keep_unknown(api, id),
            None => return Err(Error::msg(format!("keep-unknown: `{name}` is not an object type"))),
        }
    }
    Ok(())
}

/// An extra field of JSON values on a struct that has none.
fn keep_unknown(api: &mut Api, id: TypeId) {
    let TypeKind::Struct(s) = &mut api.types[id.0].kind else { return };
    if s.extra.is_some() || s.closed {
        return;
    }
    let mut names = Namespace::default();
    for f in &s.fields {
        names.claim(&f.name.to_string());
    }
    s.extra = Some(ExtraField { name: Ident::new(&extra_field_name(&names)), ty: TypeRef::Any });
}
