//! A union one of whose members is the union itself (`S: {oneOf: [$ref S, string]}`, or
//! through aliases, `oneOf: [$ref T]` with `T: $ref S`). Such a member adds no value the
//! union does not already take, and as a variant it would be a `From<S> for S` that Rust
//! refuses (it is the blanket one) and a decoder that tries `S` inside `S` on the same value
//! for ever. It is dropped, with a warning at the member.

use crate::error::Error;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Drop every union member that is its own union; one warning per member dropped.
pub(crate) fn drop_self_members(types: &mut [TypeDef], warnings: &mut Vec<Error>) {
    for i in 0..types.len() {
        let TypeKind::Union(u) = &types[i].kind else { continue };
        let own: Vec<usize> = (0..u.variants.len()).filter(|&v| is_type(types, &u.variants[v].ty, TypeId(i))).collect();
        if own.is_empty() {
            continue;
        }
        let def = &mut types[i];
        let TypeKind::Union(u) = &mut def.kind else { continue };
        for &v in own.iter().rev() {
            let variant = u.variants.remove(v);
            warnings.push(Error::at(
                def.origin.clone(),
                format!(
                    "member `{}` of this union is the union itself; it adds no value the other members do not \
                     take, and is left out",
                    variant.name
                ),
            ));
        }
    }
}

/// Whether `ty` is `id`, looking through nullability and aliases (at most one step per type,
/// so a cycle of aliases ends).
fn is_type(types: &[TypeDef], ty: &TypeRef, id: TypeId) -> bool {
    let mut ty = ty.non_null();
    for _ in 0..=types.len() {
        let TypeRef::Named(next) = ty else { return false };
        if *next == id {
            return true;
        }
        match &types[next.0].kind {
            TypeKind::Alias(t) => ty = t.non_null(),
            _ => return false,
        }
    }
    false
}
