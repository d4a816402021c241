//! Types that would be written twice are written once.
//!
//! Inline schemas repeat themselves: OpenAI's document alone has 41 `object: {enum: [list]}`
//! and 34 `status: {enum: [in_progress, completed, incomplete]}`, each lowered to an enum of
//! its own with six impls. Every copy costs every user compile time and memory, and a value
//! of one cannot be passed where another is asked for. The rule, for any document:
//! - Two types are the same when everything written in their definition is: kind, fields or
//!   variants with their wire names, docs and types, defaults, deprecation, multipart
//!   encodings. Only the type's own name and doc may differ. Types whose fields differ only
//!   by such duplicates are the same too (repeated until nothing changes).
//! - The first of them (in lowering order: components in document order, then inline types as
//!   they are met) keeps the definition; each other becomes `pub type Name = First;` with its
//!   own doc, so every name a user may have written still compiles and every value converts
//!   freely.
//! - Types an operation names directly (request and response bodies, stream events) and the
//!   enum of webhook events keep their own definition: their trait impls (pages, events) are
//!   written per type and would collide on one.

use crate::ir::{Api, TypeId, TypeKind, TypeRef};
use std::collections::{HashMap, HashSet};

/// Turn every duplicate type into an alias of its first copy; returns how many did.
/// `also_pinned` is a type no operation names that keeps its definition all the same (the
/// enum of webhook events, placed on its own).
pub(crate) fn alias_identical_types(api: &mut Api, also_pinned: Option<TypeId>) -> usize {
    let mut pinned = named_by_operations(api);
    pinned.extend(also_pinned);
    let eligible: Vec<bool> = api
        .types
        .iter()
        .map(|def| {
            !pinned.contains(&def.id)
                && matches!(
                    def.kind,
                    TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::OpenString(_) | TypeKind::Union(_)
                )
        })
        .collect();
    let mut first: Vec<TypeId> = api.types.iter().map(|def| def.id).collect();
    loop {
        let mut seen: HashMap<String, TypeId> = HashMap::new();
        let mut changed = false;
        for i in 0..api.types.len() {
            if !eligible[i] || first[i].0 != i {
                continue;
            }
            // A definition that cannot be compared is kept as it is.
            let Some(key) = definition_key(api, TypeId(i), &first) else { continue };
            match seen.get(&key) {
                Some(&original) => {
                    first[i] = original;
                    changed = true;
                }
                None => {
                    seen.insert(key, TypeId(i));
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut aliased = 0;
    for i in 0..api.types.len() {
        let mut target = first[i];
        while first[target.0] != target {
            target = first[target.0];
        }
        if target.0 != i {
            api.types[i].kind = TypeKind::Alias(TypeRef::Named(target));
            aliased += 1;
        }
    }
    aliased
}

/// What a type's definition writes, besides its name and doc, with every type it uses
/// replaced by the first of its duplicates.
fn definition_key(api: &Api, id: TypeId, first: &[TypeId]) -> Option<String> {
    let def = api.ty(id);
    let mut kind = def.kind.clone();
    let to = |t: TypeId| first[t.0];
    for child in kind.children_mut() {
        child.rename_ids(&to);
    }
    // Serialized IR: every part of a definition is in it, so a new part is compared too.
    let kind = serde_json::to_string(&kind).ok()?;
    let encodings = serde_json::to_string(&def.part_encodings).ok()?;
    Some(format!("{}|{}|{encodings}|{kind}", def.deprecated, def.form))
}

/// The types operations name directly: bodies, responses and stream events.
fn named_by_operations(api: &Api) -> HashSet<TypeId> {
    let mut ids = Vec::new();
    for op in &api.operations {
        let contents = op.body.iter().flat_map(|b| &b.contents).chain(op.responses.iter().flat_map(|r| &r.contents));
        for ty in contents.filter_map(|c| c.ty.as_ref()).chain(op.stream.iter().filter_map(|s| s.event.as_ref())) {
            ty.named_ids(&mut ids);
        }
    }
    for ch in &api.channels {
        ch.send.named_ids(&mut ids);
        ch.receive.named_ids(&mut ids);
    }
    ids.into_iter().collect()
}
