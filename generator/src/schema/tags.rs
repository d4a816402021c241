//! Which property tells a union's members apart, and the values each member pins it to.

use super::{pinned_values, Semantics, MAX_FOLLOW};
use crate::openapi::{component_name, Schema};

/// Properties preferred as a union tag, most likely first.
const TAG_PREFERENCE: [&str; 5] = ["type", "object", "event", "role", "kind"];

/// A union's tag property and, per member (in order), the tag values that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagging {
    pub property: String,
    pub values: Vec<Vec<String>>,
}

impl<'d> Semantics<'d> {
    /// The tag of union `s` with `members` (its non-null members): the OpenAPI
    /// `discriminator` when it tells at least two members apart, otherwise a property every
    /// object member pins to one value (`type: {const: x}`), preferring the usual names.
    pub fn find_tag(&self, s: &Schema, members: &[&Schema]) -> Option<Tagging> {
        if let Some(d) = &s.discriminator {
            let p = &d.property_name;
            let values: Vec<Vec<String>> = members
                .iter()
                .map(|m| {
                    let mut tags: Vec<String> = match &m.reference {
                        Some(r) => d.mapping.iter().filter(|(_, t)| *t == r).map(|(k, _)| k.clone()).collect(),
                        None => Vec::new(),
                    };
                    if tags.is_empty() {
                        tags = self.member_tags(m, p, true).unwrap_or_default();
                    }
                    if tags.is_empty() && d.mapping.is_empty() {
                        if let Some(name) = m.reference.as_deref().and_then(component_name) {
                            tags.push(name);
                        }
                    }
                    tags
                })
                .collect();
            if values.iter().filter(|t| !t.is_empty()).count() >= 2 {
                return Some(Tagging { property: p.clone(), values });
            }
        }
        let objects: Vec<&Schema> = members.iter().copied().filter(|m| self.is_object_like(m)).collect();
        if objects.len() < 2 {
            return None;
        }
        let mut candidates = self.property_names(self.resolve(objects[0]));
        candidates.sort_by_key(|c| TAG_PREFERENCE.iter().position(|p| p == c).unwrap_or(TAG_PREFERENCE.len()));
        for p in candidates {
            let tags: Vec<Option<Vec<String>>> = members.iter().map(|m| self.member_tags(m, &p, false)).collect();
            let all_objects_tagged = members.iter().zip(&tags).all(|(m, t)| t.is_some() || !self.is_object_like(m));
            if all_objects_tagged && tags.iter().filter(|t| t.is_some()).count() >= 2 {
                return Some(Tagging {
                    property: p,
                    values: tags.into_iter().map(Option::unwrap_or_default).collect(),
                });
            }
        }
        None
    }

    /// The values member `m` pins property `p` to (through references, `allOf` and nested
    /// unions). With `many`, an enum of several values counts; otherwise only one value does.
    pub fn member_tags(&self, m: &Schema, p: &str, many: bool) -> Option<Vec<String>> {
        self.member_tags_at(m, p, many, 0)
    }

    fn member_tags_at(&self, m: &Schema, p: &str, many: bool, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_FOLLOW {
            return None;
        }
        let t = self.resolve(m);
        let members = self.non_null_members(t);
        if !members.is_empty() && t.properties.is_empty() {
            let mut all = Vec::new();
            for x in members {
                all.extend(self.member_tags_at(x, p, many, depth + 1)?);
            }
            return Some(all);
        }
        let prop = self.resolve(self.find_property(t, p)?);
        // `anyOf: [{enum: [x]}, {type: null}]`: an optional tag pins its value all the same.
        let prop = match self.non_null_members(prop).as_slice() {
            [one] if pinned_values(prop).is_empty() => self.resolve(one),
            _ => prop,
        };
        let values = pinned_values(prop);
        if values.is_empty() || (!many && values.len() != 1) {
            return None;
        }
        values.iter().map(|v| v.as_str().map(str::to_owned)).collect()
    }

    /// Names of the properties of an object schema, nested `allOf`s and the first member of a
    /// union included.
    pub fn property_names(&self, t: &Schema) -> Vec<String> {
        self.property_names_at(t, 0)
    }

    fn property_names_at(&self, t: &Schema, depth: usize) -> Vec<String> {
        let mut out: Vec<String> = t.properties.keys().cloned().collect();
        if depth < MAX_FOLLOW {
            for p in &t.all_of {
                for name in self.property_names_at(self.resolve(p), depth + 1) {
                    if !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
            if let Some(first) = t.any_of.iter().chain(&t.one_of).next() {
                out.extend(self.property_names_at(self.resolve(first), depth + 1));
            }
        }
        out
    }
}
