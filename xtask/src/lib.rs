//! The project's defaults for the `oagen` commands (`generated/` from `spec/openai.yaml`, every
//! variant crate, the runtime of this checkout), shared by `cargo xtask` and the tests that
//! fail when a generated crate is stale.

pub mod docs;

use oagen::variant::Variant;
use oagen::{CrateOptions, EnvOptions, Extension, PackageMetadata, TemplateSource};
use oagen_cli::commands::conformance::Workspace;
use oagen_cli::commands::gen::{committed_version, Input, Job};
pub use oagen_cli::paths::{normalize, relative_path};
use std::path::{Path, PathBuf};

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

/// Where cargo writes this workspace's binaries: `CARGO_TARGET_DIR` when set (a relative one
/// is taken from the working directory, as cargo takes it), else `target/`.
pub fn cargo_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::path::absolute(&dir).unwrap_or_else(|_| PathBuf::from(dir)),
        None => repo_root().join("target"),
    }
}

/// How `generated/` is generated. Its version is kept in one place, the committed crate's
/// own `Cargo.toml` (`cargo xtask gen --bump` raises it there).
pub fn project_options() -> CrateOptions {
    let root = repo_root();
    let version = committed_version(&root.join(GENERATED)).ok().flatten();
    CrateOptions {
        name: CRATE_NAME.to_owned(),
        version: version.unwrap_or_else(|| "0.1.0".to_owned()),
        runtime_path: Some("../runtime".to_owned()),
        standalone: false,
        command: "cargo xtask gen".to_owned(),
        templates: TemplateSource { override_dir: Some(root.join("spec/templates")) },
        env: Some(openai_env()),
        package: PackageMetadata {
            repository: Some("https://github.com/oagen-rs/oagen".to_owned()),
            keywords: ["openai", "openapi", "api-client", "llm"].map(str::to_owned).to_vec(),
            categories: vec!["api-bindings".to_owned(), "web-programming::http-client".to_owned()],
            license_files: license_files(),
            // `ResponseFormatJsonSchema::of::<T>()` (spec/extensions/schema.rs).
            optional_dependencies: vec![("schemars".to_owned(), "1".to_owned())],
            ..PackageMetadata::default()
        },
        extensions: extensions(),
        // The document's own mark of fields only the official SDKs fill (`Response.output_text`).
        omit_marked: vec!["x-oaiSupportedSDKs".to_owned()],
        // Where compatible servers add fields (`reasoning_content`), beside the response bodies.
        keep_unknown: ["ChatCompletionResponseMessage", "ChatCompletionStreamResponseDelta"]
            .map(str::to_owned)
            .to_vec(),
        // The chat request's tool list: written by users, too long a name for it otherwise.
        rename_types: [("CreateChatCompletionRequestToolsItem".to_owned(), "ChatTool".to_owned())].into(),
        ..CrateOptions::default()
    }
}

/// The hand-written modules of the OpenAI crate (`spec/extensions/*.rs`), in name order.
fn extensions() -> Vec<Extension> {
    let dir = repo_root().join("spec/extensions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            Extension::read(path, &format!("spec/extensions/{name}")).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect()
}

/// The project's license texts, shipped with the crates it generates.
fn license_files() -> Vec<(String, String)> {
    ["LICENSE-MIT", "LICENSE-APACHE"]
        .into_iter()
        .map(|name| {
            let text = std::fs::read_to_string(repo_root().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.to_owned(), text)
        })
        .collect()
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
/// repository, a standalone crate elsewhere; the variant file sets the rest.
pub fn variant_options(variant: &Variant) -> anyhow::Result<CrateOptions> {
    let root = repo_root();
    let out = oagen_cli::paths::resolve(&variant.out_dir())?;
    let standalone = !out.starts_with(oagen_cli::paths::resolve(&root)?);
    Ok(variant.crate_options(CrateOptions {
        runtime_path: Some(relative_path(&out, &root.join("runtime"))?),
        standalone,
        command: format!("cargo xtask gen --variant {}", variant.name()),
        ..project_options()
    })?)
}

/// `generated/` from the project's spec.
pub fn project_job() -> Job {
    let root = repo_root();
    Job {
        input: Input::Spec(root.join(SPEC)),
        out: root.join(GENERATED),
        options: project_options(),
        fix: "cargo xtask gen".to_owned(),
    }
}

/// A committed (or any) variant's crate, with the project's defaults.
pub fn variant_job(file: &Path) -> anyhow::Result<Job> {
    let variant = Variant::read(file)?;
    let mut job = Job::variant(file, variant_options(&variant)?)?;
    job.out = normalize(&job.out);
    Ok(job)
}

/// What `cargo xtask gen` regenerates: `generated/` and every variant crate.
pub fn project_jobs() -> anyhow::Result<Vec<Job>> {
    let mut jobs = vec![project_job()];
    for file in variant_files()? {
        jobs.push(variant_job(&file)?);
    }
    Ok(jobs)
}

/// Where conformance works in this repository: under `target/`, against this checkout's
/// runtime, with the workspace's lock file.
pub fn conformance_workspace() -> Workspace {
    let root = repo_root();
    Workspace { dir: root.join("target"), runtime: Some(root.join("runtime")), lock: Some(root.join("Cargo.lock")) }
}

/// The workspace's Cargo.lock in a generated crate's folder, so it builds with the same
/// dependency versions; rewritten only when it differs, so cargo sees nothing new.
pub fn copy_lock(dir: &Path) -> anyhow::Result<()> {
    conformance_workspace().copy_lock(dir)
}
