//! What changed between two versions of an API document, what it breaks for a client, and
//! what it does to the generated Rust API.
//!
//! - [`spec`] walks operations (by method and path, then operationId) and document-wide
//!   security and servers; `schema` compares the schemas they hold by structure, in the
//!   direction they travel; [`classify`] names each change and its severity.
//! - [`rust_api`] compares the public API of the two generated crates
//!   ([`oagen::surface`]) and derives the semver bump.
//! - [`report`] writes the result as text, Markdown or JSON.
//! - [`coverage`] maps oasdiff's checks to the kinds reported here.

pub mod classify;
pub mod coverage;
pub mod report;
pub mod rust_api;
mod schema;
pub mod spec;
mod unions;

pub use classify::{Change, ChangeKind, Direction, Severity};
pub use rust_api::{Bump, RustChange, RustDiff};

use oagen::openapi::{Document, SpecVersion};
use oagen::Error;
use oagen::Spec;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The file as the user named it.
    pub file: String,
    pub title: String,
    pub version: String,
    /// `3.0` or `3.1`.
    pub openapi: String,
}

/// Everything `cargo xtask diff` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub old: Side,
    pub new: Side,
    /// The bump the spec-level changes imply: major for anything breaking, minor for
    /// additions and other changes, none when nothing changed.
    pub spec_bump: Bump,
    /// Spec-level changes, sorted by group, location and kind.
    pub changes: Vec<Change>,
    /// For each schema group with changes, the operations that reach it.
    pub used_by: BTreeMap<String, Vec<String>>,
    pub rust: RustDiff,
}

impl Report {
    /// The most severe spec-level change, if there is any.
    pub fn worst(&self) -> Option<Severity> {
        self.changes.iter().map(|c| c.severity).min()
    }

    /// Whether any change is at least as severe as `threshold` (for `--fail-on`).
    pub fn fails(&self, threshold: Severity) -> bool {
        // Severities order from most to least severe.
        self.worst().is_some_and(|worst| worst <= threshold)
    }

    /// How many changes have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == severity).count()
    }

    /// Changes per kind, in kind order.
    pub fn counts_by_kind(&self) -> BTreeMap<ChangeKind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.kind).or_insert(0) += 1;
        }
        out
    }
}

/// Read, check and lower a document, naming the file in any error.
fn read(path: &Path) -> Result<(Spec, oagen::ir::Api), Error> {
    let spec = Spec::load(path)?;
    let api = spec.lower()?;
    Ok((spec, api))
}

fn side(path: &Path, doc: &Document) -> Side {
    Side {
        file: path.display().to_string(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        openapi: match doc.version {
            SpecVersion::V3_0 => "3.0".to_owned(),
            SpecVersion::V3_1 => "3.1".to_owned(),
        },
    }
}

/// Compare two documents (YAML or JSON, OpenAPI 3.0 or 3.1).
pub fn diff(old: &Path, new: &Path) -> Result<Report, Error> {
    let (old_spec, old_api) = read(old)?;
    let (new_spec, new_api) = read(new)?;
    let texts_differ = old_spec.tree() != new_spec.tree();
    let (old_doc, new_doc) = (old_spec.document(), new_spec.document());
    Ok(compare((side(old, old_doc), old_doc, &old_api), (side(new, new_doc), new_doc, &new_api), texts_differ))
}

/// Compare two documents already read and lowered; `texts_differ` says whether the
/// documents differ at all (so a change invisible to both layers is still a patch).
pub fn compare(
    old: (Side, &Document, &oagen::ir::Api),
    new: (Side, &Document, &oagen::ir::Api),
    texts_differ: bool,
) -> Report {
    let (old_side, old_doc, old_api) = old;
    let (new_side, new_doc, new_api) = new;
    let mut walker = schema::Walker::new(old_doc, new_doc);
    spec::compare_documents(&mut walker, old_doc, new_doc);
    let mut changes = std::mem::take(&mut walker.changes);
    changes.sort_by(|a, b| group_order(&a.group).cmp(&group_order(&b.group)).then_with(|| a.cmp(b)));
    changes.dedup();
    let used_by = users(&walker.edges, &changes);
    let spec_bump = if changes.iter().any(|c| c.severity == Severity::Breaking) {
        Bump::Major
    } else if !changes.is_empty() {
        Bump::Minor
    } else if texts_differ {
        Bump::Patch
    } else {
        Bump::None
    };
    let old_surface = oagen::surface::surface(old_api);
    let new_surface = oagen::surface::surface(new_api);
    let rust = rust_api::compare(&old_surface, &new_surface, texts_differ || !changes.is_empty());
    Report { old: old_side, new: new_side, spec_bump, changes, used_by, rust }
}

/// For each schema group with changes, the operations that reach it through any chain of
/// references.
fn users(edges: &BTreeMap<String, BTreeSet<String>>, changes: &[Change]) -> BTreeMap<String, Vec<String>> {
    let changed: BTreeSet<&str> =
        changes.iter().map(|c| c.group.as_str()).filter(|g| g.starts_with("schema ")).collect();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in edges.keys().filter(|g| !g.starts_with("schema ") && !g.is_empty()) {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = vec![op];
        while let Some(g) = stack.pop() {
            for next in edges.get(g).into_iter().flatten() {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        for g in seen.into_iter().filter(|g| changed.contains(g)) {
            out.entry(g.to_owned()).or_default().push(op.clone());
        }
    }
    out
}

/// Document-wide changes first, then operations by path and method, then schemas by name.
fn group_order(group: &str) -> (u8, String) {
    if group == spec::DOCUMENT {
        return (0, String::new());
    }
    if let Some(name) = group.strip_prefix("schema ") {
        return (2, name.to_owned());
    }
    match group.split_once(' ') {
        Some((method, rest)) => (1, format!("{rest} {method}")),
        None => (1, group.to_owned()),
    }
}
