//! Writing generated files, or checking that what is on disk is what would be written.
//!
//! The output folder is the user's: the generator touches only what it wrote. A manifest,
//! [`MANIFEST`], lists the files of the last generation; regenerating replaces those and
//! removes the ones no longer generated, and leaves every other file alone. A folder with
//! files but no manifest is refused unless forced, and the generator never writes, reads or
//! removes through a symbolic link below the output folder.
//!
//! Writing is staged: every file is first written into a fresh sibling folder, so a file
//! that cannot be written (a name too long for the file system) fails before the output
//! folder is touched. A new folder is then renamed into place whole; an existing one gets
//! each changed file renamed in, unchanged files keeping their timestamps.

use crate::emit::Files;
use crate::error::Error;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".oagen-manifest";

const MANIFEST_HEADER: &str = "\
# Written by oagen: the files of this folder it generated, one per line. Regenerating
# replaces exactly these and removes those it no longer generates; other files are kept.
";

/// What differs between the generated files and a folder.
#[derive(Debug, Default)]
pub struct Drift {
    /// Files whose content differs, or that are missing (the manifest among them).
    pub stale: Vec<PathBuf>,
    /// Files in the folder the generator would not write.
    pub stray: Vec<PathBuf>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.stray.is_empty()
    }
}

/// What [`write()`] did.
#[derive(Debug, Default)]
pub struct Written {
    /// Files written because they were new or changed (the manifest among them).
    pub changed: Vec<PathBuf>,
    /// Files of the previous generation that are no longer generated, removed.
    pub removed: Vec<PathBuf>,
    /// Files the generator did not write, left in place.
    pub kept: Vec<PathBuf>,
}

/// Top-level entries of a generated crate's folder that are not generated and never
/// compared: the build folder, a repository, the lock file.
const IGNORED: [&str; 3] = ["target", ".git", "Cargo.lock"];

/// The manifest of a set of generated files.
pub fn manifest(files: &Files) -> Result<String, Error> {
    let mut text = MANIFEST_HEADER.to_owned();
    for rel in files.keys() {
        text.push_str(&manifest_line(rel)?);
        text.push('\n');
    }
    Ok(text)
}

/// A generated path as a manifest line (`/`-separated); only plain relative paths qualify.
fn manifest_line(rel: &Path) -> Result<String, Error> {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(p) if !p.contains(['\n', '\r', '/', '\\']) && !p.starts_with('#') => parts.push(p),
                _ => return Err(Error::msg(format!("cannot write {}: not a plain file name", rel.display()))),
            },
            _ => return Err(Error::msg(format!("cannot write {}: it leaves the output folder", rel.display()))),
        }
    }
    if parts.is_empty() {
        return Err(Error::msg("cannot write a file with an empty name"));
    }
    Ok(parts.join("/"))
}

/// Compare `files` (and their manifest) with the content of `dir`.
pub fn check(dir: &Path, files: &Files) -> Result<Drift, Error> {
    let mut drift = Drift::default();
    let manifest_text = manifest(files)?;
    let expected = files.iter().map(|(rel, text)| (rel.as_path(), text.as_str()));
    for (rel, text) in expected.chain([(Path::new(MANIFEST), manifest_text.as_str())]) {
        if read_regular(&no_links_below(dir, rel)?).as_deref() != Some(text) {
            drift.stale.push(rel.to_path_buf());
        }
    }
    for rel in list(dir)? {
        if !files.contains_key(&rel) && rel != Path::new(MANIFEST) {
            drift.stray.push(rel);
        }
    }
    Ok(drift)
}

/// The text of a regular file; `None` for anything else (missing, a link, not UTF-8).
fn read_regular(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// Write `files` into `dir`, as the module documentation says. `force` allows a folder
/// holding files the generator did not write (no manifest): files it generates replace
/// theirs, the others stay.
pub fn write(dir: &Path, files: &Files, force: bool) -> Result<Written, Error> {
    if dir.as_os_str().is_empty() {
        return Err(Error::msg("the output folder is empty (`--out \"\"`); name the folder to write the crate into"));
    }
    let manifest_text = manifest(files)?;
    let state = Previous::read(dir, force)?;
    let dir = match &state {
        Previous::Missing => dir.to_path_buf(),
        _ => dir.canonicalize().map_err(|e| io_error("cannot resolve", dir, e))?,
    };
    let written = files.keys().cloned().collect::<BTreeSet<_>>();
    let plan = match &state {
        Previous::Missing => None,
        Previous::Generated(previous) => Some(Plan::new(&dir, files, previous, force)?),
    };
    let staging = Staging::create(&dir)?;
    for (rel, text) in
        files.iter().map(|(r, t)| (r.as_path(), t.as_str())).chain([(Path::new(MANIFEST), &*manifest_text)])
    {
        staging.put(rel, text)?;
    }
    let Some(plan) = plan else {
        if let Err(e) = std::fs::rename(&staging.root, &dir) {
            staging.remove();
            return Err(io_error("cannot move the new crate to", &dir, e));
        }
        let mut changed: Vec<PathBuf> = written.into_iter().collect();
        changed.push(PathBuf::from(MANIFEST));
        return Ok(Written { changed, removed: Vec::new(), kept: Vec::new() });
    };
    let result = plan.apply(&dir, &staging, &manifest_text);
    staging.remove();
    result
}

/// What the output folder held before.
enum Previous {
    /// No folder yet.
    Missing,
    /// These files, by the manifest (none for an empty folder, or a forced one).
    Generated(BTreeSet<PathBuf>),
}

impl Previous {
    fn read(dir: &Path, force: bool) -> Result<Previous, Error> {
        let meta = match std::fs::symlink_metadata(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Previous::Missing),
            Err(e) => return Err(io_error("cannot read", dir, e)),
            Ok(meta) => meta,
        };
        if meta.file_type().is_symlink() {
            return Err(link_error(dir));
        }
        if !meta.is_dir() {
            return Err(Error::msg(format!("the output folder {} is a file", dir.display())));
        }
        let manifest_path = dir.join(MANIFEST);
        match std::fs::symlink_metadata(&manifest_path) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_error(&manifest_path)),
            Ok(_) => {
                let text =
                    std::fs::read_to_string(&manifest_path).map_err(|e| io_error("cannot read", &manifest_path, e))?;
                return parse_manifest(&manifest_path, &text).map(Previous::Generated);
            }
            Err(_) => {}
        }
        let mut entries: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| io_error("cannot list", dir, e))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        if entries.is_empty() || force {
            return Ok(Previous::Generated(BTreeSet::new()));
        }
        entries.sort();
        let shown: Vec<String> = entries.iter().take(3).map(|e| format!("`{e}`")).collect();
        let more = if entries.len() > 3 { format!(" and {} more", entries.len() - 3) } else { String::new() };
        Err(Error::msg(format!(
            "{} holds files the generator did not write ({}{more}) and no {MANIFEST}; \
             choose an empty or new folder, or pass --force to write into it (its other files are kept)",
            dir.display(),
            shown.join(", ")
        )))
    }
}

/// The files a manifest lists; a line that is not a plain relative path is an error naming
/// it (a manifest is text anyone could have written).
fn parse_manifest(path: &Path, text: &str) -> Result<BTreeSet<PathBuf>, Error> {
    let mut out = BTreeSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let rel = PathBuf::from(line);
        let plain = rel.components().all(|c| matches!(c, Component::Normal(_))) && !line.contains('\\');
        if !plain {
            return Err(Error::msg(format!(
                "{}:{}: `{line}` is not a path inside the output folder; the manifest is damaged, restore or delete it",
                path.display(),
                n + 1
            )));
        }
        out.insert(rel);
    }
    Ok(out)
}

/// The changes to an existing output folder, checked before any is made.
struct Plan {
    /// Generated files whose content on disk differs (or that are missing).
    changed: Vec<PathBuf>,
    /// Files of the previous generation no longer generated, present on disk.
    removed: Vec<PathBuf>,
    kept: Vec<PathBuf>,
}

impl Plan {
    fn new(dir: &Path, files: &Files, previous: &BTreeSet<PathBuf>, force: bool) -> Result<Plan, Error> {
        let mut changed = Vec::new();
        for (rel, text) in files {
            let path = no_links_below(dir, rel)?;
            match std::fs::symlink_metadata(&path) {
                Err(_) => changed.push(rel.clone()),
                Ok(meta) if !meta.is_file() => {
                    return Err(Error::msg(format!("cannot write {}: a folder is in the way", path.display())))
                }
                Ok(_) if !previous.contains(rel) && !force => {
                    return Err(Error::msg(format!(
                        "{} exists and the generator did not write it; move it away, or pass --force to replace it",
                        path.display()
                    )))
                }
                Ok(_) => {
                    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                        changed.push(rel.clone());
                    }
                }
            }
        }
        let mut removed = Vec::new();
        for rel in previous.iter().filter(|rel| !files.contains_key(*rel)) {
            let path = no_links_below(dir, rel)?;
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                removed.push(rel.clone());
            }
        }
        let kept = list(dir)?
            .into_iter()
            .filter(|rel| !files.contains_key(rel) && !previous.contains(rel) && rel != Path::new(MANIFEST))
            .collect();
        Ok(Plan { changed, removed, kept })
    }

    fn apply(self, dir: &Path, staging: &Staging, manifest_text: &str) -> Result<Written, Error> {
        let mut changed = self.changed;
        if read_regular(&dir.join(MANIFEST)).as_deref() != Some(manifest_text) {
            changed.push(PathBuf::from(MANIFEST));
        }
        for rel in &changed {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io_error("cannot create", parent, e))?;
            }
            std::fs::rename(staging.root.join(rel), &path).map_err(|e| io_error("cannot write", &path, e))?;
        }
        for rel in &self.removed {
            let path = dir.join(rel);
            std::fs::remove_file(&path).map_err(|e| io_error("cannot remove", &path, e))?;
            // Folders the removal left empty go too, up to the output folder.
            for parent in path.ancestors().skip(1).take_while(|p| *p != dir) {
                if std::fs::remove_dir(parent).is_err() {
                    break;
                }
            }
        }
        Ok(Written { changed, removed: self.removed, kept: self.kept })
    }
}

/// `dir/rel`, after checking that nothing between `dir` and the file is a symbolic link.
fn no_links_below(dir: &Path, rel: &Path) -> Result<PathBuf, Error> {
    let mut path = dir.to_path_buf();
    for component in rel.components() {
        path.push(component);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(link_error(&path)),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    Ok(path)
}

fn link_error(path: &Path) -> Error {
    Error::msg(format!(
        "{} is a symbolic link; the generator never writes, reads or removes through links in its output folder: \
         replace it with a real folder or file, or choose another --out",
        path.display()
    ))
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::msg(format!("{what} {}: {e}", path.display()))
}

/// A fresh folder beside the output folder, holding the new files until they move in.
struct Staging {
    root: PathBuf,
}

impl Staging {
    fn create(dir: &Path) -> Result<Staging, Error> {
        let name = dir.file_name().ok_or_else(|| Error::msg(format!("{} does not name a folder", dir.display())))?;
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| io_error("cannot create", &parent, e))?;
        // Longer than the folder's own name, so every path that fits here fits there.
        let root = parent.join(format!(".{}.oagen-staging-{}", name.to_string_lossy(), std::process::id()));
        if root.exists() {
            std::fs::remove_dir_all(&root).map_err(|e| io_error("cannot clear", &root, e))?;
        }
        std::fs::create_dir(&root).map_err(|e| io_error("cannot create", &root, e))?;
        Ok(Staging { root })
    }

    fn put(&self, rel: &Path, text: &str) -> Result<(), Error> {
        let path = self.root.join(rel);
        let result = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
        result.map_err(|e| {
            self.remove();
            Error::msg(format!("cannot write {}: {e}; the output folder was left untouched", rel.display()))
        })
    }

    fn remove(&self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Every file below `dir`, relative to it, except the ignored ones; links are listed, never
/// followed.
fn list(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = std::fs::read_dir(dir.join(&rel)).map_err(|e| io_error("cannot list", &dir.join(&rel), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| io_error("cannot list", dir, e))?;
            let name = entry.file_name();
            if rel.as_os_str().is_empty() && IGNORED.iter().any(|i| name == *i) {
                continue;
            }
            let child = rel.join(&name);
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                stack.push(child);
            } else {
                out.push(child);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let path = std::env::temp_dir().join(format!("oagen-output-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).unwrap();
            Scratch(path)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect()
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn a_new_folder_gets_the_files_and_a_manifest_listing_them() {
        let scratch = Scratch::new("new");
        let out = scratch.0.join("crate");
        let set = files(&[("Cargo.toml", "[package]\n"), ("src/lib.rs", "//! lib\n")]);
        let written = write(&out, &set, false).unwrap();
        assert_eq!(written.changed.len(), 3);
        assert_eq!(read(&out.join("src/lib.rs")), "//! lib\n");
        let manifest = read(&out.join(MANIFEST));
        assert!(manifest.ends_with("\nCargo.toml\nsrc/lib.rs\n"), "{manifest}");
        assert!(check(&out, &set).unwrap().is_clean());
        let leftovers: Vec<_> = std::fs::read_dir(&scratch.0).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["crate"], "no staging folder is left behind");
    }

    #[test]
    fn only_files_the_manifest_lists_are_removed() {
        let scratch = Scratch::new("remove");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "a"), ("src/old/mod.rs", "old")]), false).unwrap();
        // Someone else's generated file, quoting the header the old writer looked for.
        std::fs::write(out.join("src/notes.rs"), "// @generated by `other-tool`\n").unwrap();
        let written = write(&out, &files(&[("src/lib.rs", "b")]), false).unwrap();
        assert_eq!(written.removed, [PathBuf::from("src/old/mod.rs")]);
        assert_eq!(written.kept, [PathBuf::from("src/notes.rs")]);
        assert!(!out.join("src/old").exists(), "the folder the removal emptied goes too");
        assert_eq!(read(&out.join("src/notes.rs")), "// @generated by `other-tool`\n");
        assert_eq!(read(&out.join("src/lib.rs")), "b");
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let scratch = Scratch::new("unchanged");
        let out = scratch.0.join("crate");
        let set = files(&[("a.rs", "a"), ("b.rs", "b")]);
        write(&out, &set, false).unwrap();
        let written = write(&out, &files(&[("a.rs", "a"), ("b.rs", "c")]), false).unwrap();
        assert_eq!(written.changed, [PathBuf::from("b.rs")], "the manifest and a.rs are as they were");
    }

    #[test]
    fn a_folder_the_generator_did_not_write_is_refused_unless_forced() {
        let scratch = Scratch::new("foreign");
        std::fs::write(scratch.0.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        std::fs::write(scratch.0.join("README.md"), "mine").unwrap();
        let set = files(&[("Cargo.toml", "[package]\nname = \"generated\"\n")]);
        let err = write(&scratch.0, &set, false).unwrap_err().to_string();
        assert!(err.contains("`Cargo.toml`") && err.contains("--force"), "{err}");
        assert_eq!(read(&scratch.0.join("Cargo.toml")), "[package]\nname = \"mine\"\n", "untouched");
        let written = write(&scratch.0, &set, true).unwrap();
        assert_eq!(written.kept, [PathBuf::from("README.md")]);
        assert_eq!(read(&scratch.0.join("README.md")), "mine");
    }

    #[test]
    fn a_file_the_generator_did_not_write_is_not_overwritten() {
        let scratch = Scratch::new("overwrite");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "a")]), false).unwrap();
        std::fs::write(out.join("src/extra.rs"), "hand-written").unwrap();
        let err = write(&out, &files(&[("src/lib.rs", "a"), ("src/extra.rs", "generated")]), false).unwrap_err();
        assert!(err.to_string().contains("extra.rs") && err.to_string().contains("did not write"), "{err}");
        assert_eq!(read(&out.join("src/extra.rs")), "hand-written");
    }

    #[test]
    fn an_empty_out_is_refused() {
        let err = write(Path::new(""), &files(&[("a.rs", "a")]), true).unwrap_err();
        assert!(err.to_string().contains("empty"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn links_below_the_output_folder_are_never_followed() {
        let scratch = Scratch::new("links");
        let outside = scratch.0.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        let out = scratch.0.join("crate");
        write(&out, &files(&[("README.md", "x")]), false).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("src")).unwrap();
        let err = write(&out, &files(&[("README.md", "x"), ("src/lib.rs", "pwned")]), false).unwrap_err();
        assert!(err.to_string().contains("symbolic link") && err.to_string().contains("src"), "{err}");
        assert!(!outside.join("lib.rs").exists(), "nothing was written through the link");
        // The output folder itself as a link is refused too.
        let link = scratch.0.join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert!(write(&link, &files(&[("a.rs", "a")]), true).unwrap_err().to_string().contains("symbolic link"));
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }

    #[test]
    fn a_damaged_manifest_cannot_point_outside() {
        let scratch = Scratch::new("manifest");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("a.rs", "a")]), false).unwrap();
        std::fs::write(scratch.0.join("victim.txt"), "keep me").unwrap();
        std::fs::write(out.join(MANIFEST), "a.rs\n../victim.txt\n").unwrap();
        let err = write(&out, &files(&[("b.rs", "b")]), false).unwrap_err();
        assert!(err.to_string().contains("`../victim.txt`"), "{err}");
        assert_eq!(read(&scratch.0.join("victim.txt")), "keep me");
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_the_folder_untouched() {
        let scratch = Scratch::new("atomic");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "old")]), false).unwrap();
        let long = format!("src/{}.rs", "t".repeat(10_000));
        let err = write(&out, &files(&[("src/lib.rs", "new"), (long.as_str(), "x")]), false).unwrap_err();
        assert!(err.to_string().contains("untouched"), "{err}");
        assert_eq!(read(&out.join("src/lib.rs")), "old");
        // A new folder is not created at all.
        let fresh = scratch.0.join("fresh");
        assert!(write(&fresh, &files(&[("a.rs", "a"), (long.as_str(), "x")]), false).is_err());
        assert!(!fresh.exists());
        let leftovers = std::fs::read_dir(&scratch.0).unwrap().count();
        assert_eq!(leftovers, 1, "no staging folder is left behind");
    }

    #[test]
    fn check_reports_a_missing_manifest_as_stale() {
        let scratch = Scratch::new("check");
        let out = scratch.0.join("crate");
        let set = files(&[("a.rs", "a")]);
        write(&out, &set, false).unwrap();
        std::fs::remove_file(out.join(MANIFEST)).unwrap();
        assert_eq!(check(&out, &set).unwrap().stale, [PathBuf::from(MANIFEST)]);
    }
}
