//! operationIds name methods, so two operations may not share one. Real documents reuse short
//! ids per resource (`list`, `get`); unless the reading is strict, each operation of a shared
//! id is renamed after its path, deterministically and with a located warning, instead of
//! refusing the whole document.

use super::Operation;
use crate::error::{push_pointer, Error};
use indexmap::IndexMap;
use std::collections::HashSet;

/// Refuse (strict) or rename the operations that share an id; returns the warnings.
pub(super) fn make_unique(operations: &mut [Operation], strict: bool) -> Result<Vec<Error>, Error> {
    let mut by_id: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (i, op) in operations.iter().enumerate() {
        if let Some(id) = &op.operation_id {
            by_id.entry(id.clone()).or_default().push(i);
        }
    }
    let mut taken: HashSet<String> = by_id.keys().cloned().collect();
    let mut warnings = Vec::new();
    for (id, users) in by_id.into_iter().filter(|(_, users)| users.len() > 1) {
        let first = operations[users[0]].ptr.clone();
        if strict {
            let op = &operations[users[1]];
            return Err(Error::at(
                op.ptr.clone(),
                format!("duplicate operationId `{id}`: also used at {first}; operationIds must be unique"),
            ));
        }
        let words = distinguishing_words(operations, &users);
        for (&i, words) in users.iter().zip(words) {
            let op = &mut operations[i];
            let stem = [id.as_str()].into_iter().chain(words.iter().map(String::as_str)).collect::<Vec<_>>().join("_");
            let stem = if taken.contains(&stem) { format!("{stem}_{}", op.method) } else { stem };
            let mut new = stem.clone();
            for n in 2.. {
                if !taken.contains(&new) {
                    break;
                }
                new = format!("{stem}_{n}");
            }
            taken.insert(new.clone());
            warnings.push(Error::at(
                push_pointer(&op.ptr, "operationId"),
                format!(
                    "operationId `{id}` is used by {} operations; this one is named `{new}` after its path \
                     (--strict refuses the document)",
                    users.len()
                ),
            ));
            op.operation_id = Some(new);
        }
    }
    Ok(warnings)
}

/// For each operation, the literal words of its path after the prefix all of them share (never
/// its last literal word): `/v1/projects` and `/v1/projects/{id}/keys` give `projects` and
/// `projects_keys`.
fn distinguishing_words(operations: &[Operation], users: &[usize]) -> Vec<Vec<String>> {
    let words: Vec<Vec<String>> = users
        .iter()
        .map(|&i| {
            let op = &operations[i];
            let path = op.webhook.as_deref().unwrap_or(op.path.split('?').next().unwrap_or_default());
            path.split('/')
                .filter(|s| !s.is_empty() && !s.contains('{'))
                .map(|s| s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect())
                .collect()
        })
        .collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common + 1 < shortest && words.iter().all(|w| w[common] == words[0][common]) {
        common += 1;
    }
    words.into_iter().map(|w| w[common..].to_vec()).collect()
}
