//! Polymorphism by inheritance: a base schema with a `discriminator` and no union of its own,
//! whose subtypes each `allOf` it (the pattern of most 3.0 documents and of Azure-style
//! specifications). A value of the base type is one of its subtypes, told apart by the
//! discriminator property.

use super::{has_structure_besides_ref, Semantics};
use crate::error::push_pointer;
use crate::openapi::{component_name, Schema};
use indexmap::IndexMap;

/// A base's discriminator property and its subtypes, in order: the mapping's targets, then
/// every other component whose `allOf` names the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polymorphic {
    pub property: String,
    pub subtypes: Vec<Subtype>,
}

/// One subtype of a base: the pointer of its schema and the tag values that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subtype {
    pub pointer: String,
    pub tags: Vec<String>,
}

impl<'d> Semantics<'d> {
    /// Every component that is a polymorphic base, by name. A subtype's tag values are the
    /// mapping's keys that name it, else the values it pins the property to, else (OpenAPI's
    /// implicit mapping) its component name. A mapping entry naming the base itself is left
    /// out: such a value is kept by the union's fallback.
    pub fn polymorphic_bases(&self) -> IndexMap<String, Polymorphic> {
        let mut children: IndexMap<&str, Vec<&str>> = IndexMap::new();
        for (name, s) in &self.doc.schemas {
            let own_ref = s.reference.as_deref().filter(|_| has_structure_besides_ref(s));
            for parent in own_ref.into_iter().chain(s.all_of.iter().filter_map(|p| p.reference.as_deref())) {
                if let Some(base) = self.base_name(parent) {
                    children.entry(base).or_default().push(name);
                }
            }
        }
        let mut out = IndexMap::new();
        for (name, base) in &self.doc.schemas {
            let Some(d) = base.discriminator.as_ref().filter(|_| self.non_null_members(base).is_empty()) else {
                continue;
            };
            let own = push_pointer("/components/schemas", name);
            let mut subtypes: Vec<Subtype> = Vec::new();
            for (tag, target) in &d.mapping {
                if *target == own || self.doc.schema_at(target).is_none() {
                    continue;
                }
                match subtypes.iter_mut().find(|s| s.pointer == *target) {
                    Some(s) => s.tags.push(tag.clone()),
                    None => subtypes.push(Subtype { pointer: target.clone(), tags: vec![tag.clone()] }),
                }
            }
            for child in children.get(name.as_str()).into_iter().flatten() {
                let pointer = push_pointer("/components/schemas", child);
                if subtypes.iter().any(|s| s.pointer == pointer) {
                    continue;
                }
                let tags = self
                    .member_tags(&self.doc.schemas[*child], &d.property_name, true)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| vec![(*child).to_owned()]);
                subtypes.push(Subtype { pointer, tags });
            }
            if !subtypes.is_empty() {
                out.insert(name.clone(), Polymorphic { property: d.property_name.clone(), subtypes });
            }
        }
        out
    }

    /// The component a pointer names, when it has a discriminator.
    fn base_name(&self, pointer: &str) -> Option<&'d str> {
        let name = component_name(pointer)?;
        let (name, s): (&String, &Schema) = self.doc.schemas.get_key_value(&name)?;
        s.discriminator.as_ref().map(|_| name.as_str())
    }
}
