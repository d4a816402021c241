//! What a regeneration does to the crate's users: the public Rust API recorded by the previous
//! generation (`.oagen/api.json` in the output folder) against the new one, the semver bump
//! that implies by Cargo's rules, the next version, and the CHANGELOG.md entry that says why.

use anyhow::{bail, Context, Result};
use oagen::surface::Surface;
use oagen::Files;
use oagen_tools::diff::rust_api::{self, Bump, RustDiff};
use std::path::Path;

/// The crate's changelog, in its folder; `--bump` adds an entry at the top.
pub const CHANGELOG: &str = "CHANGELOG.md";

const CHANGELOG_HEADER: &str =
    "# Changelog\n\nEach release of this generated crate, with the public Rust API changes that decided its version.\n";

/// The recorded API against the new one.
#[derive(Debug, Clone)]
pub struct ApiChange {
    pub diff: RustDiff,
}

/// The crate's changelog as it is in `dir`, if there is one.
pub fn read_changelog(dir: &Path) -> Result<Option<String>> {
    Ok(oagen::output::read_file(&dir.join(CHANGELOG))?)
}

/// Compare the API recorded in `out` with the one of `files`; `None` when `out` has no
/// record (a first generation, or a crate written before records were kept).
pub fn api_change(out: &Path, files: &Files) -> Result<Option<ApiChange>> {
    let recorded = out.join(oagen::API_FILE);
    let Some(old_text) = oagen::output::read_file(&recorded)? else {
        return Ok(None);
    };
    let old: Surface = serde_json::from_str(&old_text)
        .with_context(|| format!("{} is not a recorded API (delete it to start afresh)", recorded.display()))?;
    let new_text = files.get(Path::new(oagen::API_FILE)).context("the generator recorded no API")?;
    let new: Surface = serde_json::from_str(new_text).context("reading the API the generator recorded")?;
    // Any generated file that differs (documentation, a changed default) is at least a patch.
    let changed = files.iter().any(|(rel, text)| {
        rel != Path::new(CHANGELOG)
            && oagen::output::read_file(&out.join(rel)).ok().flatten().as_deref() != Some(text.as_str())
    });
    Ok(Some(ApiChange { diff: rust_api::compare(&old, &new, changed) }))
}

/// `version` raised by `bump` under Cargo's rules: in `0.y.z` a breaking change raises `y`
/// and anything else `z`; in `0.0.z` everything raises `z`; from `1.0.0` on, major, minor
/// and patch as named. Pre-release and build parts are dropped.
pub fn next_version(version: &str, bump: Bump) -> Result<String> {
    let v = semver::Version::parse(version).with_context(|| format!("`{version}` is not a semver version"))?;
    let (major, minor, patch) = match (v.major, v.minor, bump) {
        (_, _, Bump::None) => return Ok(version.to_owned()),
        (0, 0, _) => (0, 0, v.patch + 1),
        (0, _, Bump::Major) => (0, v.minor + 1, 0),
        (0, _, Bump::Minor | Bump::Patch) => (0, v.minor, v.patch + 1),
        (_, _, Bump::Major) => (v.major + 1, 0, 0),
        (_, _, Bump::Minor) => (v.major, v.minor + 1, 0),
        (_, _, Bump::Patch) => (v.major, v.minor, v.patch + 1),
    };
    Ok(semver::Version::new(major, minor, patch).to_string())
}

/// The changelog entry of release `to` (from `from`): the bump, why, and each change.
pub fn changelog_entry(change: &ApiChange, from: &str, to: &str) -> String {
    let diff = &change.diff;
    let mut entry = format!(
        "## {to}\n\nRegenerated from an updated document. Public Rust API against {from}: semver {} ({}).\n",
        diff.bump, diff.reason
    );
    if !diff.changes.is_empty() {
        entry.push('\n');
    }
    for c in &diff.changes {
        entry.push_str(&format!("- {} `{}`: {}\n", c.bump.label(), c.item, c.detail));
    }
    entry
}

/// The changelog with `entry` as its newest release.
pub fn prepend_entry(changelog: Option<&str>, entry: &str) -> String {
    let existing = changelog.unwrap_or(CHANGELOG_HEADER);
    // Entries follow the header: everything before the first release heading.
    let at = existing.find("\n## ").map_or(existing.len(), |i| i + 1);
    let (head, releases) = existing.split_at(at);
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(entry);
    if !releases.is_empty() {
        out.push('\n');
        out.push_str(releases);
    }
    out
}

/// Write `version` as the `[crate] version` of a variant file, keeping its comments and
/// layout.
pub fn set_variant_version(file: &Path, version: &str) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut doc: toml_edit::DocumentMut = text.parse().with_context(|| format!("{} is not TOML", file.display()))?;
    let Some(package) = doc.get_mut("crate").and_then(|c| c.as_table_like_mut()) else {
        bail!("{}: no [crate] table to write the version in", file.display());
    };
    match package.get_mut("version").and_then(|item| item.as_value_mut()) {
        // Replaced in place: the comment after it and the spacing around it stay.
        Some(old) => {
            let decor = old.decor().clone();
            *old = version.into();
            *old.decor_mut() = decor;
        }
        None => {
            package.insert("version", toml_edit::value(version));
        }
    }
    std::fs::write(file, doc.to_string()).with_context(|| format!("cannot write {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_rules() {
        let next = |v: &str, b: Bump| next_version(v, b).unwrap();
        assert_eq!(next("0.3.0", Bump::Major), "0.4.0");
        assert_eq!(next("0.3.0", Bump::Minor), "0.3.1");
        assert_eq!(next("0.3.2", Bump::Patch), "0.3.3");
        assert_eq!(next("0.0.4", Bump::Major), "0.0.5");
        assert_eq!(next("1.2.3", Bump::Major), "2.0.0");
        assert_eq!(next("1.2.3", Bump::Minor), "1.3.0");
        assert_eq!(next("1.2.3", Bump::Patch), "1.2.4");
        assert_eq!(next("1.2.3-rc.1", Bump::Patch), "1.2.4");
        assert_eq!(next("1.2.3", Bump::None), "1.2.3");
        assert!(next_version("one", Bump::Patch).is_err());
    }

    #[test]
    fn entries_go_after_the_header_newest_first() {
        let first = prepend_entry(None, "## 0.1.1\n\nfirst\n");
        assert!(first.starts_with("# Changelog\n"), "{first}");
        let second = prepend_entry(Some(&first), "## 0.2.0\n\nsecond\n");
        let (a, b) = (second.find("## 0.2.0").unwrap(), second.find("## 0.1.1").unwrap());
        assert!(a < b, "{second}");
        assert_eq!(second.matches("# Changelog").count(), 1);
    }

    #[test]
    fn the_variant_version_is_written_in_place() {
        let dir = std::env::temp_dir().join(format!("oagen-bump-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("v.toml");
        std::fs::write(
            &file,
            "# keep me\n[crate]\nname = \"x\" # and me\nversion = \"0.3.0\"  # here\nout = \"crate\"\n",
        )
        .unwrap();
        set_variant_version(&file, "0.4.0").unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert_eq!(text, "# keep me\n[crate]\nname = \"x\" # and me\nversion = \"0.4.0\"  # here\nout = \"crate\"\n");
        std::fs::write(&file, "[crate]\nname = \"x\"\n").unwrap();
        set_variant_version(&file, "0.1.1").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "[crate]\nname = \"x\"\nversion = \"0.1.1\"\n");
        std::fs::remove_dir_all(&dir).ok();
    }
}
