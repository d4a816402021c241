//! Paths between folders that may not exist yet (a crate about to be written).

use std::path::{Component, Path, PathBuf};

/// Path from the folder `from` to `to`: relative when they share a root, absolute
/// otherwise. Neither needs to exist yet.
pub fn relative_path(from: &Path, to: &Path) -> anyhow::Result<String> {
    let (from, to) = (resolve(from)?, resolve(to)?);
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return Ok(to.display().to_string());
    }
    let mut rel = PathBuf::new();
    for _ in 0..from.components().count() - common {
        rel.push("..");
    }
    for c in to.components().skip(common) {
        rel.push(c);
    }
    Ok(rel.display().to_string())
}

/// A path made absolute and canonical as far as it exists; the missing rest is appended.
pub fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute = normalize(&std::env::current_dir()?.join(path));
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    while !existing.exists() {
        missing.extend(existing.file_name());
        existing = existing.parent().ok_or_else(|| anyhow::anyhow!("no part of {} exists", absolute.display()))?;
    }
    let mut out = existing.canonicalize()?;
    out.extend(missing.into_iter().rev());
    Ok(out)
}

/// `a/b/../c` as `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_between_missing_folders() {
        let base = std::env::temp_dir().join("oagen-paths-test");
        let rel = relative_path(&base.join("a/crate"), &base.join("runtime")).unwrap();
        assert_eq!(rel, "../../runtime");
        assert_eq!(normalize(Path::new("x/./y/../z")), PathBuf::from("x/z"));
    }
}
