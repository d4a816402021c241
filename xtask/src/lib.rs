//! What `cargo xtask gen` regenerates, shared with the test that fails when `generated/` is
//! stale.

pub mod conformance;

use generator::{CrateOptions, EnvOptions, TemplateSource};
use std::path::{Path, PathBuf};

/// The project's own spec, relative to the repository root.
pub const SPEC: &str = "spec/openai.yaml";
/// The committed crate generated from it.
pub const GENERATED: &str = "generated";
/// Its package name.
pub const CRATE_NAME: &str = "openai-client";

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
