//! What a schema means, answered once for every stage and tool: where a `$ref` leads, whether
//! null is allowed, what an `allOf` adds up to, which strings a schema takes, and which
//! property tells a union's members apart. The generator (`lower`), the differ, the
//! conformance checker and the variant tools all ask [`Semantics`]; none keeps a copy.
//!
//! The rules, where documents are ambiguous:
//! - A `$ref` with *structural* siblings (properties, `allOf`/`anyOf`/`oneOf`, `items`, a
//!   non-null `enum` or `const`) is the intersection of both, read like `allOf`; any other
//!   sibling (`type`, `description`, `nullable`, ...) restates or documents the target, and
//!   the schema is a plain reference ([`has_structure_besides_ref`]).
//! - Null is allowed when the schema says so itself (3.0 `nullable`, 3.1 `type: [.., null]`,
//!   a null `const`/`enum` value), when a member of its `anyOf`/`oneOf` is only null, when an
//!   `allOf` part says nothing but null, or when what it plainly refers to (a `$ref`, or the one
//!   non-null member of a union) allows it ([`Semantics::is_nullable`]).
//! - In an `allOf`, a later part wins over an earlier one where both declare the same
//!   property or keyword, and a schema's own keywords win over the parts it inherits from
//!   (`allOf: [Base, {type: {const: x}}]` narrows `type`); `required` adds up (`merge`).
//! - An event-stream schema whose object has only SSE field names, `data` among them,
//!   describes the whole event: its items are the schema of `data` (`frames`).
//! - A component with a `discriminator` and no union of its own is a polymorphic base when
//!   some schema is its subtype (named by the mapping, or a component that `allOf`s it): a
//!   value of the base is one of the subtypes ([`Semantics::polymorphic_bases`]), while each
//!   subtype still merges the base's properties.

mod frames;
mod merge;
mod poly;
mod tags;

pub use frames::FrameKind;
pub use merge::Merged;
pub use poly::{Polymorphic, Subtype};

use crate::openapi::{Document, Operation, Schema};
use serde_json::Value;

/// How deep reference chains, nested `allOf`s and nested unions are followed. Deeper input
/// is pathological; what lies beyond is treated as saying nothing.
pub const MAX_FOLLOW: usize = 64;

/// The questions every stage asks of a document's schemas.
#[derive(Debug, Clone, Copy)]
pub struct Semantics<'d> {
    doc: &'d Document,
}

/// Whether a schema with a `$ref` also says something structural of its own (3.1 allows
/// siblings); then it is the intersection of both, read like `allOf`.
pub fn has_structure_besides_ref(s: &Schema) -> bool {
    !s.properties.is_empty()
        || !s.all_of.is_empty()
        || !s.any_of.is_empty()
        || !s.one_of.is_empty()
        || s.items.is_some()
        || s.enum_values.as_ref().is_some_and(|v| v.iter().any(|x| !x.is_null()))
        || s.const_value.as_ref().is_some_and(|v| !v.is_null())
}

/// The non-null values a schema pins a value to (`const`, then `enum`).
pub fn pinned_values(s: &Schema) -> Vec<&Value> {
    s.const_value.iter().chain(s.enum_values.iter().flatten()).filter(|v| !v.is_null()).collect()
}

/// How an operation is named where the document gives it no `operationId`: `GET /files`, or
/// `POST newPet webhook`. The operationId when there is one.
pub fn display_id(op: &Operation) -> String {
    display_id_of(op.operation_id.as_deref(), &op.method, &op.path, op.webhook.as_deref())
}

/// [`display_id`] from the parts of an operation not yet read (an operation object of the
/// raw tree, as the variant tools see it).
pub fn display_id_of(operation_id: Option<&str>, method: &str, path: &str, webhook: Option<&str>) -> String {
    match (operation_id, webhook) {
        (Some(id), _) => id.to_owned(),
        (None, Some(hook)) => format!("{} {hook} webhook", method.to_ascii_uppercase()),
        (None, None) => format!("{} {path}", method.to_ascii_uppercase()),
    }
}

/// A schema with its outer nullability taken off, as [`Semantics::peel`] finds it.
#[derive(Debug, Clone, Copy)]
pub enum Peeled<'a> {
    /// A plain reference: its pointer and the schema it names.
    Ref(&'a str, &'a Schema),
    /// A schema that says something itself.
    Node(&'a Schema),
}

impl<'d> Semantics<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Semantics { doc }
    }

    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// The schema a plain `$ref` of `s` names (none when `s` has structure of its own, or no
    /// reference, or the target is missing).
    pub fn target<'a>(&self, s: &'a Schema) -> Option<&'a Schema>
    where
        'd: 'a,
    {
        match &s.reference {
            Some(r) if !has_structure_besides_ref(s) => self.doc.schema_at(r),
            _ => None,
        }
    }

    /// Follow plain `$ref`s to the schema that says something.
    pub fn resolve<'a>(&self, mut s: &'a Schema) -> &'a Schema
    where
        'd: 'a,
    {
        for _ in 0..MAX_FOLLOW {
            match self.target(s) {
                Some(t) => s = t,
                None => return s,
            }
        }
        s
    }

    /// Whether `s` is exactly null, through plain references.
    pub fn is_null_only(&self, s: &Schema) -> bool {
        let mut s = s;
        for _ in 0..MAX_FOLLOW {
            if s.is_null_only() {
                return true;
            }
            match &s.reference {
                Some(r) => match self.doc.schema_at(r) {
                    Some(t) => s = t,
                    None => return false,
                },
                None => return false,
            }
        }
        false
    }

    /// The members of `s`'s `anyOf` and `oneOf` that are not only null.
    pub fn non_null_members<'a>(&self, s: &'a Schema) -> Vec<&'a Schema>
    where
        'd: 'a,
    {
        s.any_of.iter().chain(&s.one_of).filter(|m| !self.is_null_only(m)).collect()
    }

    /// Whether `s` allows null by what it says itself: its own keywords, a null-only member,
    /// or an `allOf` part that says nothing but null.
    pub fn null_here(&self, s: &Schema) -> bool {
        s.allows_null_here()
            || s.any_of.iter().chain(&s.one_of).any(|m| self.is_null_only(m))
            || s.all_of.iter().any(|p| p.is_unconstrained() && p.allows_null_here())
    }

    /// Whether `null` is a valid value of `s`.
    pub fn is_nullable(&self, s: &Schema) -> bool {
        let mut s = s;
        for _ in 0..MAX_FOLLOW {
            if self.null_here(s) {
                return true;
            }
            if let Some(t) = self.target(s) {
                s = t;
                continue;
            }
            match self.plain_single_member(s) {
                Some(m) => s = m,
                None => return false,
            }
        }
        false
    }

    /// The one non-null member of a union that says nothing else (`anyOf: [X, null]` is X).
    pub fn plain_single_member<'a>(&self, s: &'a Schema) -> Option<&'a Schema>
    where
        'd: 'a,
    {
        let plain = s.reference.is_none()
            && s.properties.is_empty()
            && s.items.is_none()
            && s.all_of.is_empty()
            && s.discriminator.is_none();
        match self.non_null_members(s).as_slice() {
            [one] if plain => Some(one),
            _ => None,
        }
    }

    /// Take nullability off `s`, down to a plain reference (where a walker switches to the
    /// named schema) or to a node that says something: through one-member unions and
    /// one-part `allOf`s.
    pub fn peel<'a>(&self, s: &'a Schema) -> (bool, Peeled<'a>)
    where
        'd: 'a,
    {
        let mut s = s;
        let mut nullable = false;
        for _ in 0..MAX_FOLLOW {
            if s.is_null_only() {
                return (true, Peeled::Node(s));
            }
            nullable |= self.null_here(s);
            if let (Some(r), Some(t)) = (&s.reference, self.target(s)) {
                return (nullable, Peeled::Ref(r, t));
            }
            if let Some(m) = self.plain_single_member(s) {
                s = m;
                continue;
            }
            let lone_part = s.all_of.len() == 1
                && s.any_of.is_empty()
                && s.one_of.is_empty()
                && s.properties.is_empty()
                && s.reference.is_none();
            if lone_part {
                s = &s.all_of[0];
                continue;
            }
            return (nullable, Peeled::Node(s));
        }
        (nullable, Peeled::Node(s))
    }

    /// For a schema made only of strings: `Some(None)` if it takes any string,
    /// `Some(Some(values))` if only those; `None` if it is not a string schema.
    pub fn string_values(&self, m: &Schema) -> Option<Option<Vec<String>>> {
        self.string_values_at(m, 0)
    }

    fn string_values_at(&self, m: &Schema, depth: usize) -> Option<Option<Vec<String>>> {
        if depth > MAX_FOLLOW {
            return None;
        }
        let t = self.resolve(m);
        if t.reference.is_some() || !t.properties.is_empty() || !t.all_of.is_empty() {
            return None;
        }
        let members = self.non_null_members(t);
        if !members.is_empty() {
            let subs: Vec<Option<Vec<String>>> =
                members.iter().map(|x| self.string_values_at(x, depth + 1)).collect::<Option<_>>()?;
            if subs.iter().any(Option::is_none) {
                return Some(None);
            }
            return Some(Some(subs.into_iter().flatten().flatten().collect()));
        }
        let values = pinned_values(t);
        if !values.is_empty() {
            return values.iter().map(|v| v.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>().map(Some);
        }
        let non_null: Vec<&String> = t.types.iter().filter(|x| *x != "null").collect();
        if non_null.len() == 1 && non_null[0] == "string" && t.format.as_deref() != Some("binary") {
            return Some(None);
        }
        None
    }

    /// Whether `m` is an object, or a union or `allOf` of objects.
    pub fn is_object_like(&self, m: &Schema) -> bool {
        self.is_object_like_at(m, 0)
    }

    fn is_object_like_at(&self, m: &Schema, depth: usize) -> bool {
        if depth > MAX_FOLLOW {
            return false;
        }
        let t = self.resolve(m);
        if !t.properties.is_empty() || t.has_type("object") {
            return true;
        }
        let members = self.non_null_members(t);
        if !members.is_empty() {
            return members.iter().all(|x| self.is_object_like_at(x, depth + 1));
        }
        t.all_of.iter().any(|p| self.is_object_like_at(p, depth + 1))
    }

    /// The schema of property `p` of object `t`, looking into its `allOf` parts (a later part
    /// narrows an earlier one, so the last declaration wins).
    pub fn find_property<'a>(&self, t: &'a Schema, p: &str) -> Option<&'a Schema>
    where
        'd: 'a,
    {
        self.find_property_at(t, p, 0)
    }

    fn find_property_at<'a>(&self, t: &'a Schema, p: &str, depth: usize) -> Option<&'a Schema>
    where
        'd: 'a,
    {
        if let Some(s) = t.properties.get(p) {
            return Some(s);
        }
        if depth > MAX_FOLLOW {
            return None;
        }
        t.all_of.iter().rev().find_map(|part| self.find_property_at(self.resolve(part), p, depth + 1))
    }
}
