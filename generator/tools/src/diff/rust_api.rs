//! The two generated crates compared as Rust API: types, fields, variants, constants,
//! constructors and `Client` methods added, removed or changed, and the semver bump that
//! implies under Cargo's rules.
//!
//! What is breaking follows from how the emitter writes the crate: structs have public
//! fields and are not `#[non_exhaustive]`, so a new field breaks struct literals; enums are
//! exhaustive (their `Unknown` variant keeps unknown values, but a `match` without a wildcard
//! arm stops compiling when a variant is added); open strings are newtypes, so a new
//! constant is an addition.

use oagen::surface::{Item, ItemKind, Surface};
use serde::Serialize;
use std::fmt;

/// A semver bump, least first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn label(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One change of the public Rust API.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustChange {
    pub bump: Bump,
    /// `types::Pet`, `Client::list_pets`, `operations::ListPetsParams`.
    pub item: String,
    /// What changed, in Rust terms.
    pub detail: String,
}

/// The Rust API diff and the bump it implies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RustDiff {
    pub bump: Bump,
    /// Why the bump is what it is.
    pub reason: String,
    /// Sorted: major first, then by item.
    pub changes: Vec<RustChange>,
}

fn member_word(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Struct | ItemKind::Params => "field",
        ItemKind::Enum | ItemKind::Union => "variant",
        ItemKind::OpenString => "constant",
        ItemKind::Alias | ItemKind::Newtype | ItemKind::Method => "member",
    }
}

fn kind_word(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Struct => "struct",
        ItemKind::Params => "parameter struct",
        ItemKind::Enum => "enum",
        ItemKind::OpenString => "open string",
        ItemKind::Union => "union enum",
        ItemKind::Alias => "type alias",
        ItemKind::Newtype => "newtype",
        ItemKind::Method => "method",
    }
}

/// Compare two crates' surfaces; `spec_changed` says whether the documents differ at all
/// (a document change that leaves the Rust API as it was is still a patch release).
pub fn compare(old: &Surface, new: &Surface, spec_changed: bool) -> RustDiff {
    let mut changes = Vec::new();
    let mut push =
        |bump: Bump, item: &str, detail: String| changes.push(RustChange { bump, item: item.to_owned(), detail });
    for (path, item) in &new.items {
        match old.items.get(path) {
            None => push(Bump::Minor, path, format!("{} added", kind_word(item.kind))),
            Some(before) => compare_item(path, before, item, &mut push),
        }
    }
    for (path, item) in &old.items {
        if !new.items.contains_key(path) {
            push(Bump::Major, path, format!("{} removed", kind_word(item.kind)));
        }
    }
    changes.sort_by(|a, b| b.bump.cmp(&a.bump).then_with(|| a.item.cmp(&b.item)).then_with(|| a.detail.cmp(&b.detail)));
    let bump = changes.iter().map(|c| c.bump).max().unwrap_or(if spec_changed { Bump::Patch } else { Bump::None });
    let count = |b: Bump, one: &str, many: &str| {
        let n = changes.iter().filter(|c| c.bump == b).count();
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let reason = match bump {
        Bump::None => "the two documents describe the same API".to_owned(),
        Bump::Patch if changes.is_empty() => {
            "the documents differ, but not in anything the Rust API exposes".to_owned()
        }
        Bump::Patch => format!("{}, nothing else", count(Bump::Patch, "documentation change", "documentation changes")),
        Bump::Minor => format!("{}, nothing removed or changed", count(Bump::Minor, "addition", "additions")),
        Bump::Major => {
            let first = changes.first().map(|c| format!("{}: {}", c.item, c.detail)).unwrap_or_default();
            let n = count(
                Bump::Major,
                "change that can stop user code compiling",
                "changes that can stop user code compiling",
            );
            format!("{n}, e.g. {first}")
        }
    };
    RustDiff { bump, reason, changes }
}

/// Variants of a union that lost their name and took another with the same payload type
/// (a naming rule changed, not the API): each old name to its new one. Only where the
/// payload type is one removed variant's and one added variant's, so the pairing is sure.
fn renamed_variants(a: &Item, b: &Item) -> Vec<(String, String)> {
    if !matches!(b.kind, ItemKind::Union | ItemKind::Enum) {
        return Vec::new();
    }
    let removed: Vec<(&String, &String)> = a
        .members
        .iter()
        .filter(|(n, m)| !b.members.contains_key(*n) && !m.ty.is_empty())
        .map(|(n, m)| (n, &m.ty))
        .collect();
    let added: Vec<(&String, &String)> = b
        .members
        .iter()
        .filter(|(n, m)| !a.members.contains_key(*n) && !m.ty.is_empty())
        .map(|(n, m)| (n, &m.ty))
        .collect();
    let once = |list: &[(&String, &String)], ty: &String| list.iter().filter(|(_, t)| *t == ty).count() == 1;
    removed
        .iter()
        .filter(|(_, ty)| once(&removed, ty) && once(&added, ty))
        .filter_map(|(old, ty)| added.iter().find(|(_, t)| t == ty).map(|(new, _)| ((*old).clone(), (*new).clone())))
        .collect()
}

fn compare_item(path: &str, a: &Item, b: &Item, push: &mut impl FnMut(Bump, &str, String)) {
    if a.kind != b.kind {
        push(Bump::Major, path, format!("{} → {}", kind_word(a.kind), kind_word(b.kind)));
        return;
    }
    let word = member_word(b.kind);
    let renames = renamed_variants(a, b);
    for (old, new) in &renames {
        let why = "code naming the old variant stops compiling";
        push(Bump::Major, path, format!("{word} `{old}` renamed to `{new}` ({why})"));
    }
    let renamed_from = |name: &String| renames.iter().any(|(old, _)| old == name);
    let renamed_to = |name: &String| renames.iter().any(|(_, new)| new == name);
    for (name, m) in &b.members {
        match a.members.get(name) {
            None if renamed_to(name) => {}
            None => {
                let (bump, why) = match b.kind {
                    ItemKind::Struct | ItemKind::Params => {
                        (Bump::Major, "struct literals that list every field stop compiling")
                    }
                    ItemKind::Enum | ItemKind::Union => {
                        (Bump::Major, "`match`es without a wildcard arm stop compiling")
                    }
                    _ => (Bump::Minor, "an addition"),
                };
                let ty = if m.ty.is_empty() { String::new() } else { format!(": {}", m.ty) };
                push(bump, path, format!("{word} `{name}{ty}` added ({why})"));
            }
            Some(old) if old.ty != m.ty => {
                push(Bump::Major, path, format!("{word} `{name}`: {} → {}", old.ty, m.ty));
            }
            Some(old) => {
                if m.deprecated && !old.deprecated {
                    push(Bump::Minor, path, format!("{word} `{name}` deprecated"));
                }
                if m.doc != old.doc {
                    push(Bump::Patch, path, format!("{word} `{name}`: documentation changed"));
                }
            }
        }
    }
    for name in a.members.keys().filter(|n| !b.members.contains_key(*n) && !renamed_from(n)) {
        push(Bump::Major, path, format!("{word} `{name}` removed"));
    }
    match (a.default, b.default) {
        (false, true) => push(Bump::Minor, path, "now implements `Default`".to_owned()),
        (true, false) => push(Bump::Major, path, "no longer implements `Default`".to_owned()),
        _ => {}
    }
    match (&a.signature, &b.signature) {
        (Some(x), Some(y)) if x != y => push(Bump::Major, path, format!("`{x}` → `{y}`")),
        (None, Some(y)) => push(Bump::Minor, path, format!("`{y}` added")),
        (Some(x), None) => push(Bump::Major, path, format!("`{x}` removed")),
        _ => {}
    }
    if b.deprecated && !a.deprecated {
        push(Bump::Minor, path, "deprecated".to_owned());
    }
    if a.doc != b.doc {
        push(Bump::Patch, path, "documentation changed".to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oagen::surface::Member;

    fn union(variants: &[(&str, &str)]) -> Item {
        Item {
            kind: ItemKind::Union,
            deprecated: false,
            doc: None,
            members: variants
                .iter()
                .map(|(n, ty)| ((*n).to_owned(), Member { ty: (*ty).to_owned(), deprecated: false, doc: None }))
                .collect(),
            default: false,
            signature: None,
        }
    }

    fn details(a: &Item, b: &Item) -> Vec<String> {
        let mut out = Vec::new();
        compare_item("types::Message", a, b, &mut |_, _, detail| out.push(detail));
        out
    }

    #[test]
    fn a_variant_with_a_new_name_and_the_same_payload_is_a_rename() {
        let before = union(&[("UserMessage", "Box<UserMessage>"), ("String", "String")]);
        let after = union(&[("User", "Box<UserMessage>"), ("String", "String")]);
        assert_eq!(
            details(&before, &after),
            ["variant `UserMessage` renamed to `User` (code naming the old variant stops compiling)"]
        );
    }

    #[test]
    fn payloads_that_do_not_pair_one_to_one_stay_removals_and_additions() {
        let before = union(&[("A", "String"), ("B", "String")]);
        let after = union(&[("C", "String")]);
        let changes = details(&before, &after);
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert!(changes.iter().all(|c| !c.contains("renamed")), "{changes:?}");
    }
}
