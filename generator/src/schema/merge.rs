//! An `allOf` (or a `$ref` with structural siblings) read as the one schema it adds up to.

use super::{has_structure_besides_ref, Semantics};
use crate::error::Error;
use crate::openapi::{Constraints, Discriminator, Schema};
use indexmap::IndexMap;
use serde_json::Value;
use std::collections::HashSet;

/// What the parts of an `allOf` say together. Parts are read inherited first (a `$ref`'s
/// target, then each `allOf` part in order, recursively), own keywords last; a later
/// declaration of a property or keyword replaces an earlier one, `required` and `type` add up.
#[derive(Debug, Clone, Default)]
pub struct Merged<'a> {
    /// In the order they first appear.
    pub properties: IndexMap<&'a str, &'a Schema>,
    pub required: Vec<&'a str>,
    pub additional: Option<&'a Schema>,
    pub items: Option<&'a Schema>,
    /// Non-null types any part names.
    pub types: Vec<&'a str>,
    pub format: Option<&'a str>,
    pub const_value: Option<&'a Value>,
    pub enum_values: Option<Vec<&'a Value>>,
    pub default: Option<&'a Value>,
    pub constraints: Constraints,
    pub discriminator: Option<&'a Discriminator>,
    /// Parts that are unions (`anyOf`/`oneOf` with a non-null member), in order.
    pub unions: Vec<&'a Schema>,
    /// The first part that is a primitive (typed, not an object, no properties).
    pub primitive: Option<&'a Schema>,
}

impl<'a> Merged<'a> {
    /// The first union part that declares no properties of its own.
    pub fn union_part(&self) -> Option<&'a Schema> {
        self.unions.iter().copied().find(|u| u.properties.is_empty())
    }
}

impl<'d> Semantics<'d> {
    /// Merge `s`: its `$ref` target (when it has structure besides it), its `allOf` parts,
    /// then its own keywords. A cycle of `allOf` parts is an error at the part that closes it.
    pub fn merge<'a>(&self, s: &'a Schema) -> Result<Merged<'a>, Error>
    where
        'd: 'a,
    {
        let mut out = Merged::default();
        self.add_inherited(s, &mut out)?;
        add_own(s, self, &mut out);
        Ok(out)
    }

    /// Whether `merged` requires a property that `part` alone does not: then an `allOf` of
    /// that one part is a type of its own, not the part.
    pub fn adds_required<'a>(&self, merged: &Merged<'a>, part: &'a Schema) -> Result<bool, Error>
    where
        'd: 'a,
    {
        if merged.required.is_empty() {
            return Ok(false);
        }
        let alone = self.merge(self.resolve(part))?;
        Ok(merged.required.iter().any(|r| !alone.required.contains(r) && merged.properties.contains_key(r)))
    }

    /// The parts `t` inherits from, each merged before it (its own parts first, then its
    /// own keywords): a structural `$ref`'s target and the `allOf` parts, in order. Walked
    /// with a stack of its own, however deep the chain (an acyclic chain of 10,000 parts
    /// is read, not reported as a cycle, and cannot overflow the call stack); a part that is
    /// already on the way down from `t` closes a cycle, an error at that part.
    fn add_inherited<'a>(&self, t: &'a Schema, out: &mut Merged<'a>) -> Result<(), Error>
    where
        'd: 'a,
    {
        struct Frame<'a> {
            node: &'a Schema,
            parts: Vec<&'a Schema>,
            next: usize,
        }
        let parts_of = |t: &'a Schema| -> Vec<&'a Schema> {
            let target =
                t.reference.as_deref().filter(|_| has_structure_besides_ref(t)).and_then(|r| self.doc.schema_at(r));
            target.into_iter().chain(&t.all_of).collect()
        };
        // The schemas on the way down, by address: each is one node of the document.
        let mut on_path: HashSet<*const Schema> = HashSet::from([t as *const Schema]);
        let mut stack = vec![Frame { node: t, parts: parts_of(t), next: 0 }];
        while let Some(frame) = stack.last_mut() {
            let Some(&part) = frame.parts.get(frame.next) else {
                let done = stack.pop().expect("a frame");
                on_path.remove(&(done.node as *const Schema));
                if !stack.is_empty() {
                    add_own(done.node, self, out);
                }
                continue;
            };
            frame.next += 1;
            let node = self.resolve(part);
            if !on_path.insert(node as *const Schema) {
                return Err(Error::at(part.ptr.clone(), "allOf parts refer to each other in a cycle"));
            }
            stack.push(Frame { node, parts: parts_of(node), next: 0 });
        }
        Ok(())
    }
}

/// The keywords `t` states itself.
fn add_own<'a>(t: &'a Schema, sem: &Semantics<'_>, out: &mut Merged<'a>) {
    if t.any_of.iter().chain(&t.one_of).any(|m| !sem.is_null_only(m)) {
        out.unions.push(t);
    } else if t.properties.is_empty() && t.all_of.is_empty() && !t.types.is_empty() && !t.has_type("object") {
        out.primitive.get_or_insert(t);
    }
    for (name, p) in &t.properties {
        out.properties.insert(name.as_str(), p);
    }
    for r in &t.required {
        if !out.required.contains(&r.as_str()) {
            out.required.push(r);
        }
    }
    for ty in t.types.iter().filter(|ty| *ty != "null") {
        if !out.types.contains(&ty.as_str()) {
            out.types.push(ty);
        }
    }
    let values: Vec<&Value> = t.enum_values.iter().flatten().filter(|v| !v.is_null()).collect();
    match (&t.const_value, values.as_slice()) {
        (Some(c), _) if !c.is_null() => (out.const_value, out.enum_values) = (Some(c), None),
        (_, [one]) => (out.const_value, out.enum_values) = (Some(*one), None),
        (_, [_, _, ..]) => (out.const_value, out.enum_values) = (None, Some(values)),
        _ => {}
    }
    replace(&mut out.additional, t.additional_properties.as_deref());
    replace(&mut out.items, t.items.as_deref());
    replace(&mut out.format, t.format.as_deref());
    replace(&mut out.default, t.default.as_ref());
    replace(&mut out.discriminator, t.discriminator.as_ref());
    merge_constraints(&mut out.constraints, &t.constraints);
}

/// A later statement replaces an earlier one.
fn replace<T>(slot: &mut Option<T>, later: Option<T>) {
    if later.is_some() {
        *slot = later;
    }
}

fn merge_constraints(into: &mut Constraints, from: &Constraints) {
    fn later<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
        if b.is_some() {
            a.clone_from(b);
        }
    }
    later(&mut into.minimum, &from.minimum);
    later(&mut into.maximum, &from.maximum);
    later(&mut into.exclusive_minimum, &from.exclusive_minimum);
    later(&mut into.exclusive_maximum, &from.exclusive_maximum);
    later(&mut into.multiple_of, &from.multiple_of);
    later(&mut into.min_length, &from.min_length);
    later(&mut into.max_length, &from.max_length);
    later(&mut into.pattern, &from.pattern);
    later(&mut into.min_items, &from.min_items);
    later(&mut into.max_items, &from.max_items);
    later(&mut into.unique_items, &from.unique_items);
    later(&mut into.min_properties, &from.min_properties);
    later(&mut into.max_properties, &from.max_properties);
}
