//! `$ref: '#/$defs/X'` inside a schema that carries its own `$defs`, as pydantic and FastAPI
//! export models. Strictly `#` is the document root, where there is no `$defs`; JSON Schema
//! 2020-12 resolves `$defs` against the nearest schema resource, and that is what the authors
//! mean. The compatibility rule: a reference `#/$defs/X` (or draft-07 `#/definitions/X`)
//! that names nothing at the root is read against the nearest enclosing object whose `$defs`
//! has `X`, with one warning per such `$defs`. Entries of the same key and the same content
//! (the model every endpoint embeds) are one schema, the first met, so they are one type.

use super::schema::Schema;
use crate::error::{pointer_tokens, push_pointer, Error};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The keywords under which a schema keeps definitions of its own.
const DEFS: [&str; 2] = ["$defs", "definitions"];

/// Rewrites references to local `$defs` into document pointers.
pub(super) struct LocalDefs<'a> {
    root: &'a Value,
    /// Key to the entries met under it: content and pointer.
    seen: HashMap<String, Vec<(&'a Value, String)>>,
    /// The `$defs` already warned about.
    warned: HashSet<String>,
    pub warnings: Vec<Error>,
}

impl<'a> LocalDefs<'a> {
    pub fn new(root: &'a Value) -> Self {
        LocalDefs { root, seen: HashMap::new(), warned: HashSet::new(), warnings: Vec::new() }
    }

    /// Rewrite every reference in `s` (and its subschemas) that only a local `$defs` answers,
    /// and every discriminator mapping value, which names its schema as a reference does.
    pub fn rebase(&mut self, s: &mut Schema) {
        if let Some(r) = &s.reference {
            if self.root.pointer(r).is_none() {
                if let Some(found) = self.resolve(r, &s.ptr, push_pointer(&s.ptr, "$ref")) {
                    s.reference = Some(found);
                }
            }
        }
        if let Some(d) = &mut s.discriminator {
            let mapping = push_pointer(&push_pointer(&s.ptr, "discriminator"), "mapping");
            for (tag, target) in d.mapping.iter_mut() {
                if self.root.pointer(target).is_none() {
                    if let Some(found) = self.resolve(target, &s.ptr, push_pointer(&mapping, tag)) {
                        *target = found;
                    }
                }
            }
        }
        let subs = s.properties.values_mut().chain(&mut s.all_of).chain(&mut s.any_of).chain(&mut s.one_of);
        for sub in subs {
            self.rebase(sub);
        }
        for sub in s.items.iter_mut().chain(&mut s.additional_properties) {
            self.rebase(sub);
        }
    }

    /// The pointer of `#/$defs/KEY` as the nearest enclosing `$defs` of `site` answers it; a
    /// warning at `at` the first time that `$defs` answers.
    fn resolve(&mut self, r: &str, site: &str, at: String) -> Option<String> {
        let [keyword, key] = pointer_tokens(r).try_into().ok()?;
        if !DEFS.contains(&keyword.as_str()) {
            return None;
        }
        let tokens = pointer_tokens(site);
        for n in (1..=tokens.len()).rev() {
            let defs = tokens[..n].iter().fold(String::new(), |p, t| push_pointer(&p, t));
            let defs = push_pointer(&defs, &keyword);
            let candidate = push_pointer(&defs, &key);
            let Some(value) = self.root.pointer(&candidate) else { continue };
            if self.warned.insert(defs.clone()) {
                self.warnings.push(Error::at(
                    at,
                    format!(
                        "`#{r}` names nothing at the document root; read, like every reference to \
                         `#/{keyword}/…` here, against the `{keyword}` of the enclosing schema at {defs} (JSON \
                         Schema resolves `$defs` against the nearest schema)"
                    ),
                ));
            }
            return Some(self.first_alike(key, value, candidate));
        }
        None
    }

    /// The first entry met under `key` with this content, so copies are one schema.
    fn first_alike(&mut self, key: String, value: &'a Value, pointer: String) -> String {
        let entries = self.seen.entry(key).or_default();
        if let Some((_, first)) = entries.iter().find(|(v, _)| *v == value) {
            return first.clone();
        }
        entries.push((value, pointer.clone()));
        pointer
    }
}
