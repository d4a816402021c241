//! What `cargo xtask gen` regenerates, shared with the test that fails when `generated/` is
//! stale; and the `cargo xtask diff` task, callable from tests.

pub mod conformance;
pub mod diff;

use generator::variant::Variant;
use generator::{CrateOptions, EnvOptions, TemplateSource};
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
pub fn variant_options(variant: &Variant) -> CrateOptions {
    let root = repo_root();
    let out = normalize(&std::env::current_dir().unwrap_or_default().join(variant.out_dir()));
    let (runtime_path, standalone) = match out.strip_prefix(&root) {
        Ok(inside) => {
            let ups = inside.components().count();
            (format!("{}runtime", "../".repeat(ups)), false)
        }
        Err(_) => (root.join("runtime").display().to_string(), true),
    };
    let base = project_options();
    variant.crate_options(CrateOptions {
        runtime_path,
        standalone,
        command: format!("cargo xtask gen --variant {}", variant.name()),
        ..base
    })
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
