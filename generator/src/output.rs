//! Writing generated files, or checking that what is on disk is what would be written.
//!
//! The output folder is the user's: the generator touches only what it wrote. A manifest,
//! [`MANIFEST`], lists the files of the last generation with the SHA-256 of the content
//! written; regenerating replaces those, removes the ones no longer generated whose content
//! is still that (an edited one is kept, and reported), and leaves every other file alone.
//! The manifest is text anyone could have written: an entry outside the folder, with `..`,
//! or under a `.git` folder is refused. A folder with files but no manifest is refused unless
//! forced, the generator never writes, reads or removes through a symbolic link below the
//! output folder, and it never opens anything but a regular file there (a FIFO would block
//! the read forever).
//!
//! Writing is staged: every file is first written into a fresh sibling folder, so a file
//! that cannot be written (a name too long for the file system) fails before the output
//! folder is touched. A new folder is then renamed into place whole; an existing one gets
//! each changed file renamed in, unchanged files keeping their timestamps.

use crate::emit::Files;
use crate::error::Error;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".oagen-manifest";

const MANIFEST_HEADER: &str = "\
# Written by oagen: the files of this folder it generated, one per line after the SHA-256
# of the content written. Regenerating replaces exactly these and removes those it no
# longer generates whose content is still that; other files are kept.
";

/// The line that tells a manifest with hashes from the first format (one path per line).
const MANIFEST_FORMAT: &str = "# format: sha256  path";

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
    /// Files of the previous generation no longer generated that were left in place: their
    /// content is not what the generator wrote (edited since), or an older manifest listed
    /// them without a hash, so it cannot tell.
    pub edited: Vec<PathBuf>,
    /// Generated files replaced although their content had changed since the previous
    /// generation wrote them (an edit lost; the generator owns these files).
    pub replaced_edits: Vec<PathBuf>,
}

/// Top-level entries of a generated crate's folder that are not generated and never
/// compared: the build folder, a repository, the lock file.
const IGNORED: [&str; 3] = ["target", ".git", "Cargo.lock"];

/// The manifest of a set of generated files.
pub fn manifest(files: &Files) -> Result<String, Error> {
    let mut text = MANIFEST_HEADER.to_owned();
    text.push_str(MANIFEST_FORMAT);
    text.push('\n');
    for (rel, content) in files {
        text.push_str(&sha256_hex(content.as_bytes()));
        text.push_str("  ");
        text.push_str(&manifest_line(rel)?);
        text.push('\n');
    }
    Ok(text)
}

/// The SHA-256 of `bytes`, in lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a path component is a repository's folder (`.git`, any case: some file systems
/// ignore it).
fn is_git_folder(part: &std::ffi::OsStr) -> bool {
    part.to_str().is_some_and(|p| p.eq_ignore_ascii_case(".git"))
}

/// A generated path as a manifest line (`/`-separated); only plain relative paths qualify.
fn manifest_line(rel: &Path) -> Result<String, Error> {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(p) if !p.contains(['\n', '\r', '/', '\\']) && !p.starts_with('#') && !is_git_folder(part) => {
                    parts.push(p)
                }
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

/// The text of a regular file; `None` for anything else (missing, a link, a FIFO, not
/// UTF-8).
fn read_regular(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// The text of a file the generator reads in an output folder (its manifest, the recorded
/// API, the crate's `Cargo.toml`): `None` when there is none; an error when it is anything
/// but a regular file. A FIFO, a socket or a device is never opened (reading a FIFO blocks
/// until someone writes to it), nor is a symbolic link followed.
pub fn read_file(path: &Path) -> Result<Option<String>, Error> {
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error("cannot read", path, e)),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Err(link_error(path));
    }
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    std::fs::read_to_string(path).map(Some).map_err(|e| io_error("cannot read", path, e))
}

/// The error for a path that is a FIFO, a socket, a device or a folder where a file belongs.
fn not_regular(path: &Path) -> Error {
    Error::msg(format!(
        "{} is not a regular file (a folder, a FIFO, a socket or a device); the generator reads and replaces \
         only regular files in its output folder: remove it, or choose another --out",
        path.display()
    ))
}

/// Refuse an output folder that is the root of a file system (`--out /`) before anything is
/// read or listed: a crate never belongs there, and `--force` would first list every file
/// below it.
pub fn check_out_dir(dir: &Path) -> Result<(), Error> {
    if dir.as_os_str().is_empty() {
        return Err(Error::msg("the output folder is empty (`--out \"\"`); name the folder to write the crate into"));
    }
    let absolute = std::path::absolute(dir).map_err(|e| io_error("cannot resolve", dir, e))?;
    let resolved = absolute.canonicalize().unwrap_or(absolute);
    if resolved.parent().is_none() {
        return Err(Error::msg(format!(
            "the output folder {} is the root of the file system; name a folder for the crate (`--out my-client`)",
            dir.display()
        )));
    }
    Ok(())
}

/// Write `files` into `dir`, as the module documentation says. `force` allows a folder
/// holding files the generator did not write (no manifest): files it generates replace
/// theirs, the others stay.
pub fn write(dir: &Path, files: &Files, force: bool) -> Result<Written, Error> {
    check_out_dir(dir)?;
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
        return Ok(Written { changed, ..Written::default() });
    };
    let result = plan.apply(&dir, &staging, &manifest_text);
    staging.remove();
    result
}

/// What the output folder held before.
enum Previous {
    /// No folder yet.
    Missing,
    /// These files, by the manifest (none for an empty folder, or a forced one), each with
    /// the SHA-256 of what was written (`None` from a manifest of the first format).
    Generated(Entries),
}

/// A manifest's files and the hashes of their content as written.
type Entries = BTreeMap<PathBuf, Option<String>>;

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
        if let Some(text) = read_file(&manifest_path)? {
            return parse_manifest(&manifest_path, &text).map(Previous::Generated);
        }
        let mut entries: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| io_error("cannot list", dir, e))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        if entries.is_empty() || force {
            return Ok(Previous::Generated(Entries::new()));
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

/// The files a manifest lists, with their hashes: `HASH  path` lines after the format line,
/// plain paths before it (the first format). A line that is not a plain relative path, or
/// one under a `.git` folder, is an error naming it (a manifest is text anyone could have
/// written).
fn parse_manifest(path: &Path, text: &str) -> Result<Entries, Error> {
    let mut out = Entries::new();
    let mut hashed = false;
    for (n, line) in text.lines().enumerate() {
        let damaged = |why: &str| {
            Error::msg(format!(
                "{}:{}: `{}` {why}; the manifest is damaged, restore or delete it",
                path.display(),
                n + 1,
                crate::terminal::safe(line)
            ))
        };
        if line == MANIFEST_FORMAT {
            hashed = true;
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (hash, rel) = match line.split_once("  ") {
            Some((hash, rel)) if hashed && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
                (Some(hash.to_ascii_lowercase()), rel)
            }
            _ if hashed => return Err(damaged("is not a SHA-256 and a path")),
            _ => (None, line),
        };
        let rel_path = PathBuf::from(rel);
        let plain = rel_path.components().all(|c| matches!(c, Component::Normal(_))) && !rel.contains('\\');
        if !plain {
            return Err(damaged("is not a path inside the output folder"));
        }
        if rel_path.components().any(|c| is_git_folder(c.as_os_str())) {
            return Err(damaged("is inside a `.git` folder, which the generator never writes"));
        }
        out.insert(rel_path, hash);
    }
    Ok(out)
}

/// The changes to an existing output folder, checked before any is made.
struct Plan {
    /// Generated files whose content on disk differs (or that are missing).
    changed: Vec<PathBuf>,
    /// Files of the previous generation no longer generated, present on disk, whose content
    /// is still what was written.
    removed: Vec<PathBuf>,
    kept: Vec<PathBuf>,
    /// Files of the previous generation no longer generated whose content changed since.
    edited: Vec<PathBuf>,
    /// Changed generated files whose content on disk is not what the previous generation wrote.
    replaced_edits: Vec<PathBuf>,
}

impl Plan {
    fn new(dir: &Path, files: &Files, previous: &Entries, force: bool) -> Result<Plan, Error> {
        let mut changed = Vec::new();
        let mut replaced_edits = Vec::new();
        for (rel, text) in files {
            let path = no_links_below(dir, rel)?;
            match std::fs::symlink_metadata(&path) {
                Err(_) => changed.push(rel.clone()),
                Ok(meta) if !meta.is_file() => return Err(not_regular(&path)),
                Ok(_) if !previous.contains_key(rel) && !force => {
                    return Err(Error::msg(format!(
                        "{} exists and the generator did not write it; move it away, or pass --force to replace it",
                        path.display()
                    )))
                }
                Ok(_) => {
                    let on_disk = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, e))?;
                    if on_disk != text.as_bytes() {
                        changed.push(rel.clone());
                        if previous.get(rel).is_some_and(|h| h.as_ref().is_some_and(|h| *h != sha256_hex(&on_disk))) {
                            replaced_edits.push(rel.clone());
                        }
                    }
                }
            }
        }
        let mut removed = Vec::new();
        let mut edited = Vec::new();
        for (rel, hash) in previous.iter().filter(|(rel, _)| !files.contains_key(*rel)) {
            let path = no_links_below(dir, rel)?;
            if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            let on_disk = std::fs::read(&path).map_err(|e| io_error("cannot read", &path, e))?;
            if hash.as_deref() == Some(sha256_hex(&on_disk).as_str()) {
                removed.push(rel.clone());
            } else {
                edited.push(rel.clone());
            }
        }
        let kept = list(dir)?
            .into_iter()
            .filter(|rel| !files.contains_key(rel) && !previous.contains_key(rel) && rel != Path::new(MANIFEST))
            .collect();
        Ok(Plan { changed, removed, kept, edited, replaced_edits })
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
        Ok(Written {
            changed,
            removed: self.removed,
            kept: self.kept,
            edited: self.edited,
            replaced_edits: self.replaced_edits,
        })
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
        let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).map(|l| &l[66..]).collect();
        assert_eq!(listed, ["Cargo.toml", "src/lib.rs"], "{manifest}");
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
        assert_eq!(written.changed, [PathBuf::from("b.rs"), PathBuf::from(MANIFEST)], "a.rs is as it was");
        let written = write(&out, &files(&[("a.rs", "a"), ("b.rs", "c")]), false).unwrap();
        assert!(written.changed.is_empty(), "{:?}", written.changed);
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
    fn the_manifest_holds_a_hash_per_file() {
        let set = files(&[("src/lib.rs", "//! lib\n")]);
        let text = manifest(&set).unwrap();
        let entries = parse_manifest(Path::new(MANIFEST), &text).unwrap();
        let hash = entries[Path::new("src/lib.rs")].clone().unwrap();
        assert_eq!(hash, sha256_hex(b"//! lib\n"));
        assert!(text.ends_with(&format!("\n{hash}  src/lib.rs\n")), "{text}");
    }

    /// A manifest naming hand-written files (`Cargo.lock`, a `.git` file, any file inside the
    /// folder) removes none of them: a hash entry must match, a `.git` entry is refused.
    #[test]
    fn a_manifest_cannot_have_hand_written_files_removed() {
        let scratch = Scratch::new("hostile-manifest");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "a")]), false).unwrap();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/config"), "[core]\n").unwrap();
        std::fs::write(out.join("Cargo.lock"), "# lock\n").unwrap();
        std::fs::write(out.join("notes.md"), "mine").unwrap();
        // A first-format manifest (no hashes) and a hashed one with a wrong hash.
        let wrong = "0".repeat(64);
        for listed in [
            "src/lib.rs\nCargo.lock\nnotes.md\n".to_owned(),
            format!("{MANIFEST_FORMAT}\n{wrong}  Cargo.lock\n{wrong}  notes.md\n{wrong}  src/lib.rs\n"),
        ] {
            std::fs::write(out.join(MANIFEST), &listed).unwrap();
            let written = write(&out, &files(&[("src/lib.rs", "b")]), false).unwrap();
            assert!(written.removed.is_empty(), "{:?}", written.removed);
            assert_eq!(written.edited, [PathBuf::from("Cargo.lock"), PathBuf::from("notes.md")]);
            assert_eq!(read(&out.join("Cargo.lock")), "# lock\n");
            assert_eq!(read(&out.join("notes.md")), "mine");
        }
        for entry in [".git/config", "sub/.GIT/config"] {
            for listed in [format!("{entry}\n"), format!("{MANIFEST_FORMAT}\n{}  {entry}\n", sha256_hex(b"[core]\n"))] {
                std::fs::write(out.join(MANIFEST), &listed).unwrap();
                let err = write(&out, &files(&[("src/lib.rs", "c")]), false).unwrap_err().to_string();
                assert!(err.contains(".git") && err.contains("damaged"), "{err}");
                assert_eq!(read(&out.join(".git/config")), "[core]\n");
            }
        }
        for listed in ["../victim\n", "/etc/passwd\n", "a/../../victim\n"] {
            std::fs::write(out.join(MANIFEST), listed).unwrap();
            let err = write(&out, &files(&[("src/lib.rs", "c")]), false).unwrap_err().to_string();
            assert!(err.contains("not a path inside the output folder"), "{err}");
        }
    }

    #[test]
    fn a_file_edited_since_it_was_generated_is_kept() {
        let scratch = Scratch::new("edited");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "a"), ("src/old.rs", "old"), ("src/gone.rs", "gone")]), false).unwrap();
        std::fs::write(out.join("src/old.rs"), "old, with my changes").unwrap();
        std::fs::write(out.join("src/lib.rs"), "a, edited").unwrap();
        let written = write(&out, &files(&[("src/lib.rs", "b")]), false).unwrap();
        assert_eq!(written.removed, [PathBuf::from("src/gone.rs")], "unchanged since written: removed");
        assert_eq!(written.edited, [PathBuf::from("src/old.rs")]);
        assert_eq!(written.replaced_edits, [PathBuf::from("src/lib.rs")]);
        assert_eq!(read(&out.join("src/old.rs")), "old, with my changes");
        assert_eq!(read(&out.join("src/lib.rs")), "b");
        // Kept, it stays out of the new manifest: a later run leaves it alone too.
        assert!(!read(&out.join(MANIFEST)).contains("old.rs"));
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
        assert!(status.success());
    }

    /// A FIFO where the manifest or a generated file belongs is refused at once: opening it
    /// to read would wait for a writer forever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_in_the_output_folder_is_refused_without_blocking() {
        let scratch = Scratch::new("fifo");
        let out = scratch.0.join("crate");
        write(&out, &files(&[("src/lib.rs", "a")]), false).unwrap();
        std::fs::remove_file(out.join("src/lib.rs")).unwrap();
        mkfifo(&out.join("src/lib.rs"));
        let err = write(&out, &files(&[("src/lib.rs", "b")]), false).unwrap_err().to_string();
        assert!(err.contains("lib.rs") && err.contains("not a regular file"), "{err}");
        assert!(!check(&out, &files(&[("src/lib.rs", "b")])).unwrap().is_clean());
        std::fs::remove_file(out.join(MANIFEST)).unwrap();
        mkfifo(&out.join(MANIFEST));
        let err = write(&out, &files(&[("src/lib.rs", "b")]), true).unwrap_err().to_string();
        assert!(err.contains(MANIFEST) && err.contains("not a regular file"), "{err}");
        assert!(read_file(&out.join(MANIFEST)).is_err());
    }

    #[test]
    fn the_root_of_the_file_system_is_refused_at_once() {
        let err = write(Path::new("/"), &files(&[("a.rs", "a")]), true).unwrap_err().to_string();
        assert!(err.contains("root of the file system"), "{err}");
        assert!(check_out_dir(Path::new("/tmp/../")).is_err());
        assert!(check_out_dir(Path::new("crate")).is_ok());
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
