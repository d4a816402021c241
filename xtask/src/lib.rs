//! What `cargo xtask gen` regenerates, shared with the test that fails when `generated/` is
//! stale; and the `cargo xtask diff` task, callable from tests.

pub mod conformance;
pub mod diff;

use oagen::variant::Variant;
use oagen::{CrateOptions, EnvOptions, TemplateSource};
use std::path::{Component, Path, PathBuf};

/// The project's own spec, relative to the repository root.
pub const SPEC: &str = "spec/openai.yaml";
/// The committed crate generated from it.
pub const GENERATED: &str = "generated";
/// Its package name.
pub const CRATE_NAME: &str = "openai-client";

/// The folder of variant files (`variants/NAME.toml`).
pub const VARIANTS: &str = "variants";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo").to_path_buf()
}

/// How `generated/` is generated.
pub fn project_options() -> CrateOptions {
    CrateOptions {
        name: CRATE_NAME.to_owned(),
        version: "0.1.0".to_owned(),
        runtime_path: "../runtime".to_owned(),
        standalone: false,
        command: "cargo xtask gen".to_owned(),
        templates: TemplateSource { override_dir: Some(repo_root().join("spec/templates")) },
        env: Some(openai_env()),
        ..CrateOptions::default()
    }
}

/// The environment variables of the official OpenAI SDKs.
pub fn openai_env() -> EnvOptions {
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    EnvOptions {
        base_url: "OPENAI_BASE_URL".to_owned(),
        credentials: pairs(&[("ApiKeyAuth", "OPENAI_API_KEY"), ("AdminApiKeyAuth", "OPENAI_ADMIN_KEY")]),
        headers: pairs(&[("OPENAI_ORG_ID", "OpenAI-Organization"), ("OPENAI_PROJECT_ID", "OpenAI-Project")]),
    }
}

/// The committed variant files, sorted by name.
pub fn variant_files() -> std::io::Result<Vec<PathBuf>> {
    let dir = repo_root().join(VARIANTS);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// A variant file by name (`nimbus` for `variants/nimbus.toml`) or by path.
pub fn variant_file(name_or_path: &str) -> PathBuf {
    let path = Path::new(name_or_path);
    if path.extension().is_some_and(|e| e == "toml") {
        path.to_path_buf()
    } else {
        repo_root().join(VARIANTS).join(format!("{name_or_path}.toml"))
    }
}

/// How a variant's crate is generated: a workspace member when written inside the
/// repository, a standalone crate elsewhere.
pub fn variant_options(variant: &Variant) -> anyhow::Result<CrateOptions> {
    let root = repo_root();
    let out = resolve(&variant.out_dir())?;
    let standalone = !out.starts_with(resolve(&root)?);
    Ok(variant.crate_options(CrateOptions {
        runtime_path: relative_path(&out, &root.join("runtime"))?,
        standalone,
        command: format!("cargo xtask gen --variant {}", variant.name()),
        ..project_options()
    }))
}

/// Path from the folder `from` to `to`: relative when they share a root, absolute
/// otherwise. Neither needs to exist yet (a crate about to be written).
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
fn resolve(path: &Path) -> anyhow::Result<PathBuf> {
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

/// The workspace's Cargo.lock in a generated crate's folder, so it builds with the same
/// dependency versions; rewritten only when it differs, so cargo sees nothing new.
pub fn copy_lock(dir: &Path) -> anyhow::Result<()> {
    let lock = std::fs::read(repo_root().join("Cargo.lock"))?;
    let dest = dir.join("Cargo.lock");
    if std::fs::read(&dest).ok().as_deref() != Some(lock.as_slice()) {
        std::fs::write(&dest, lock).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", dest.display()))?;
    }
    Ok(())
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
