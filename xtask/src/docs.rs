//! Documentation written from the code and the shared specs, so it cannot go stale: the
//! differ's coverage of oasdiff's checks (`generator/tools/src/diff/oasdiff-coverage.md`) and
//! the README's excerpt of a real `diff`. `cargo xtask docs` writes them; a test fails when
//! either differs from what it would write.

use crate::repo_root;
use anyhow::{bail, Context, Result};
use oagen_tools::diff::report::{render_view, Format, View};
use oagen_tools::diff::{coverage, Severity};
use std::path::{Path, PathBuf};

/// The coverage table, beside the differ.
pub const COVERAGE: &str = "generator/tools/src/diff/oasdiff-coverage.md";

/// The line before the README's excerpt (a `text` code block).
pub const EXCERPT_MARKER: &str = "<!-- written by `cargo xtask docs` -->";

/// The documents of the excerpt, as the README's command names them.
const EXCERPT_OLD: &str = "../shared/specs/openai/openapi-2026-05-13.yaml";
const EXCERPT_NEW: &str = "../shared/specs/openai/openapi.yaml";

/// A file and what it should hold.
pub struct Doc {
    /// Relative to the repository root.
    pub path: PathBuf,
    pub text: String,
}

/// Every written document (the README only where the shared specs are).
pub fn docs() -> Result<Vec<Doc>> {
    let root = repo_root();
    let mut out = vec![Doc { path: PathBuf::from(COVERAGE), text: coverage::markdown() }];
    if root.join(EXCERPT_OLD).is_file() && root.join(EXCERPT_NEW).is_file() {
        let readme = std::fs::read_to_string(root.join("README.md")).context("cannot read README.md")?;
        out.push(Doc { path: PathBuf::from("README.md"), text: with_excerpt(&readme, &excerpt(&root)?)? });
    } else {
        eprintln!("skipped the README's diff excerpt: {EXCERPT_OLD} is missing");
    }
    Ok(out)
}

/// The documents that differ from what [`docs`] writes.
pub fn stale() -> Result<Vec<PathBuf>> {
    let root = repo_root();
    Ok(docs()?
        .into_iter()
        .filter(|d| std::fs::read_to_string(root.join(&d.path)).ok().as_deref() != Some(d.text.as_str()))
        .map(|d| d.path)
        .collect())
}

/// Write every document; the paths of those that changed.
pub fn write() -> Result<Vec<PathBuf>> {
    let root = repo_root();
    let stale = stale()?;
    for doc in docs()?.into_iter().filter(|d| stale.contains(&d.path)) {
        std::fs::write(root.join(&doc.path), doc.text)
            .with_context(|| format!("cannot write {}", doc.path.display()))?;
    }
    Ok(stale)
}

/// `cargo xtask diff OLD NEW --only breaking` on the OpenAI specs of 2026-05-13 and HEAD, up
/// to the Rust API changes (the whole list is long; the reason line counts them).
fn excerpt(root: &Path) -> Result<String> {
    let mut report = oagen_tools::diff::diff(&root.join(EXCERPT_OLD), &root.join(EXCERPT_NEW))?;
    report.old.file = EXCERPT_OLD.to_owned();
    report.new.file = EXCERPT_NEW.to_owned();
    let text = render_view(&report, Format::Text, View { only: Some(Severity::Breaking) });
    let spec_part = text.split("\nrust API changes\n").next().unwrap_or(&text);
    Ok(format!("{}\n", spec_part.trim_end()))
}

/// The README with the code block after [`EXCERPT_MARKER`] replaced by `excerpt`.
fn with_excerpt(readme: &str, excerpt: &str) -> Result<String> {
    let Some(at) = readme.find(EXCERPT_MARKER) else { bail!("README.md has no `{EXCERPT_MARKER}`") };
    let fence = "\n```text\n";
    let start = at + EXCERPT_MARKER.len();
    if !readme[start..].starts_with(fence) {
        bail!("README.md: `{EXCERPT_MARKER}` is not followed by a ```text block");
    }
    let body = start + fence.len();
    let Some(len) = readme[body..].find("```\n") else { bail!("README.md: the excerpt's code block does not end") };
    Ok(format!("{}{excerpt}{}", &readme[..body], &readme[body + len..]))
}
