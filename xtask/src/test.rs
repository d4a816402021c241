//! `cargo xtask test`: every check CI runs.

use crate::sweep;
use anyhow::{bail, Context, Result};
use oagen_cli::commands::{conformance, gen};
use std::path::{Path, PathBuf};
use std::time::Instant;
use xtask::{repo_root, SPEC};

#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Skip the shared specs, conformance and the `oagen` binary run outside the repository.
    #[arg(long)]
    quick: bool,
}

/// Run a command in the repository root, failing with its name when it fails.
fn cmd(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    cmd_in(&repo_root(), program, args, envs)
}

fn cmd_in(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// A command's standard output, failing when it fails.
fn output(program: &str, args: &[&str]) -> Result<String> {
    eprintln!("$ {program} {}", args.join(" "));
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(repo_root())
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    if !out.status.success() {
        bail!("`{program} {}` failed ({}): {}", args.join(" "), out.status, String::from_utf8_lossy(&out.stderr));
    }
    String::from_utf8(out.stdout).with_context(|| format!("`{program}` printed something not UTF-8"))
}

pub fn run(args: &TestArgs) -> Result<()> {
    let mut steps = Steps::default();
    steps.run("format", check_format)?;
    steps.run("generated crates fresh", || {
        if !gen::run_all(&xtask::project_jobs()?, gen::Mode::Check)? {
            bail!("a generated crate is stale");
        }
        Ok(())
    })?;
    let nextest =
        std::process::Command::new("cargo").args(["nextest", "--version"]).output().is_ok_and(|o| o.status.success());
    steps.run("tests", || {
        if nextest {
            cmd("cargo", &["nextest", "run", "--workspace", "--no-fail-fast"], &[])
        } else {
            cmd("cargo", &["test", "--workspace", "--no-fail-fast"], &[])
        }
    })?;
    steps.run("doctests", || cmd("cargo", &["test", "--workspace", "--doc"], &[]))?;
    steps.run("clippy", || cmd("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]))?;
    // What users read: the libraries. The examples' 23 binaries, the test crate and xtask are
    // read as code (clippy holds them), and documenting them took a third of this step.
    // The runtime's optional modules are documented too (the test crate turned them on before).
    let doc = [
        "doc",
        "--workspace",
        "--no-deps",
        "--exclude",
        "openai-examples",
        "--exclude",
        "e2e",
        "--exclude",
        "xtask",
        "--features",
        "oagen-runtime/websocket,oagen-runtime/conformance",
    ];
    steps.run("rustdoc", || cmd("cargo", &doc, &[("RUSTDOCFLAGS", "-Dwarnings")]))?;
    steps.run("types-only build", check_types_only)?;
    steps.run("packages", check_packages)?;
    steps.run("examples", run_examples)?;
    if !args.quick {
        steps.run("shared specs sweep", || check_shared_specs(None))?;
        if let Some(specs) = shared_specs() {
            steps.run("stream transcripts", || crate::stream_transcripts::check_corpus(&specs))?;
        }
        steps.run("conformance", check_conformance)?;
        steps.run("oagen outside the repository", check_cli_outside_repo)?;
    }
    steps.print();
    eprintln!("all checks passed in {:.0} s", steps.started.elapsed().as_secs_f64());
    Ok(())
}

/// The wall time of each step of `cargo xtask test`, printed at the end (and when one fails),
/// so a slow CI run says where its time went.
struct Steps {
    started: Instant,
    times: Vec<(&'static str, f64)>,
}

impl Default for Steps {
    fn default() -> Self {
        Steps { started: Instant::now(), times: Vec::new() }
    }
}

impl Steps {
    fn run(&mut self, name: &'static str, step: impl FnOnce() -> Result<()>) -> Result<()> {
        let started = Instant::now();
        let result = step();
        self.times.push((name, started.elapsed().as_secs_f64()));
        if result.is_err() {
            self.print();
        }
        result.with_context(|| format!("step `{name}` failed"))
    }

    fn print(&self) {
        eprintln!("step times:");
        for (name, secs) in &self.times {
            eprintln!("  {name:<32} {secs:>7.0} s");
        }
    }
}

/// `cargo fmt --check` on every hand-written package of the workspace: generated crates
/// (their manifest says `@generated`) are formatted by prettyplease instead.
fn check_format() -> Result<()> {
    let metadata = output("cargo", &["metadata", "--no-deps", "--format-version", "1", "--offline"])?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata).context("reading `cargo metadata`")?;
    let mut args = vec!["fmt".to_owned(), "--check".to_owned()];
    for package in metadata["packages"].as_array().context("`cargo metadata` lists no packages")? {
        let (Some(name), Some(manifest)) = (package["name"].as_str(), package["manifest_path"].as_str()) else {
            bail!("`cargo metadata` gave a package without a name or manifest");
        };
        let text = std::fs::read_to_string(manifest).with_context(|| format!("cannot read {manifest}"))?;
        if !text.starts_with("# @generated") {
            args.extend(["-p".to_owned(), name.to_owned()]);
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    cmd("cargo", &args, &[])
}

/// A types-only build of the committed crate: without default features, with the groups
/// of chat, Realtime and Responses (whose channels are WebSocket sessions with the
/// `websocket` feature), it compiles, and nothing of the HTTP or WebSocket stack (reqwest,
/// tokio, tungstenite, rustls) is among its dependencies.
fn check_types_only() -> Result<()> {
    let config = ["-p", "openai-client", "--no-default-features", "--features", "chat,realtime,responses"];
    let tree = output("cargo", &[&["tree", "-e", "normal", "--prefix", "none"][..], &config].concat())?;
    let http = http_stack(&tree);
    if !http.is_empty() {
        bail!("the types-only build of openai-client depends on {}", http.join(", "));
    }
    cmd("cargo", &[&["check", "--quiet"][..], &config].concat(), &[])?;
    eprintln!("types-only build: {} packages, none of reqwest, tokio, tungstenite or rustls", tree.lines().count());
    Ok(())
}

/// The packages of `cargo tree --prefix none` output that belong to the HTTP or WebSocket
/// stack.
fn http_stack(tree: &str) -> Vec<String> {
    const HTTP: [&str; 9] = [
        "reqwest",
        "tokio",
        "tokio-util",
        "hyper",
        "hyper-util",
        "tungstenite",
        "tokio-tungstenite",
        "rustls",
        "webpki-roots",
    ];
    let mut found: Vec<String> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| HTTP.contains(name))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The crates meant for crates.io package (`cargo package --no-verify`, offline); no packaged
/// manifest has a path dependency, and the generated crates' name the runtime by version.
fn check_packages() -> Result<()> {
    let packages = [
        "oagen-runtime-derive-expand",
        "oagen-runtime-derive",
        "oagen-runtime",
        "oagen",
        "oagen-tools",
        "oagen-cli",
        "openai-client",
        "nimbus-ai",
    ];
    let generated = ["openai-client", "nimbus-ai"];
    let mut args = vec!["package", "--no-verify", "--offline", "--allow-dirty", "--quiet"];
    for name in packages {
        args.extend(["-p", name]);
    }
    cmd("cargo", &args, &[])?;
    for name in packages {
        let manifest =
            toml_to_json(&packaged_manifest(name)?).with_context(|| format!("reading the packaged {name} manifest"))?;
        let paths = path_dependencies(&manifest);
        if !paths.is_empty() {
            bail!("the packaged {name} manifest has path dependencies: {}", paths.join(", "));
        }
        if generated.contains(&name) {
            runtime_by_version(name, &manifest)?;
        }
    }
    eprintln!("packaged {}", packages.join(", "));
    Ok(())
}

/// The dependencies (of any kind, for any target) that name a `path`.
fn path_dependencies(manifest: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![manifest];
    while let Some(table) = stack.pop() {
        let Some(map) = table.as_object() else { continue };
        for (key, value) in map {
            if key.ends_with("dependencies") {
                let deps = value.as_object().into_iter().flatten();
                found.extend(deps.filter(|(_, d)| d.get("path").is_some()).map(|(name, _)| name.clone()));
            } else {
                stack.push(value);
            }
        }
    }
    found.sort();
    found
}

/// The normalized `Cargo.toml` inside `target/package/<name>-<version>.crate`.
fn packaged_manifest(name: &str) -> Result<String> {
    let metadata = output("cargo", &["metadata", "--no-deps", "--format-version", "1", "--offline"])?;
    let metadata: serde_json::Value = serde_json::from_str(&metadata)?;
    let version = metadata["packages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == name))
        .and_then(|p| p["version"].as_str())
        .with_context(|| format!("no package {name} in the workspace"))?;
    let stem = format!("{name}-{version}");
    let file = xtask::cargo_target_dir().join("package").join(format!("{stem}.crate"));
    let text = output("tar", &["-xzOf", file.to_str().context("path not UTF-8")?, &format!("{stem}/Cargo.toml")])?;
    Ok(text)
}

/// The packaged manifest's `runtime` dependency: `oagen-runtime` by version, no path.
fn runtime_by_version(name: &str, manifest: &serde_json::Value) -> Result<()> {
    let runtime = &manifest["dependencies"]["runtime"];
    if runtime["package"] != "oagen-runtime" || !runtime["version"].is_string() || !runtime["path"].is_null() {
        bail!("the packaged {name} manifest does not name oagen-runtime by version alone: {runtime}");
    }
    eprintln!("{name}: runtime = oagen-runtime {}", runtime["version"]);
    Ok(())
}

fn toml_to_json(text: &str) -> Result<serde_json::Value> {
    let table: toml::Table = toml::from_str(text)?;
    Ok(serde_json::to_value(table)?)
}

/// The runnable examples, each run against the local mock server as a user would run it.
const EXAMPLES: [&str; 22] = [
    "chat",
    "chat_stream",
    "chat_stream_resume",
    "tool_calls",
    "structured_output",
    "embeddings",
    "image_generation",
    "speech_to_file",
    "transcription",
    "files",
    "batch",
    "pagination",
    "admin_projects",
    "errors",
    "responses",
    "responses_stream",
    "responses_tools",
    "conversation",
    "vector_store_search",
    "webhook_receiver",
    "realtime_text",
    "responses_websocket",
];

fn run_examples() -> Result<()> {
    use std::io::BufRead;
    cmd("cargo", &["build", "--quiet", "-p", "openai-examples", "--bins"], &[])?;
    let bin = xtask::cargo_target_dir().join("debug");
    let mut server = std::process::Command::new(bin.join("mock-server"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start the mock server")?;
    let mut first_line = String::new();
    std::io::BufReader::new(server.stdout.take().context("mock server stdout")?).read_line(&mut first_line)?;
    let base_url = format!("{}/v1", first_line.trim());
    let mut failed = Vec::new();
    for example in EXAMPLES {
        let output = std::process::Command::new(bin.join(example))
            .env("OPENAI_BASE_URL", &base_url)
            .env("OPENAI_API_KEY", "sk-example")
            .env("OPENAI_ADMIN_KEY", "sk-admin-example")
            .output()
            .with_context(|| format!("cannot run example {example}"))?;
        let status = if output.status.success() { "ok" } else { "FAILED" };
        eprintln!("example {example}: {status}");
        if !output.status.success() {
            eprintln!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            failed.push(example);
        }
    }
    server.kill().ok();
    server.wait().ok();
    eprintln!("examples: {} passed, {} failed", EXAMPLES.len() - failed.len(), failed.len());
    if !failed.is_empty() {
        bail!("examples failed against the mock server: {}", failed.join(", "));
    }
    Ok(())
}

/// The shared specs folder, if present.
pub fn shared_specs() -> Option<PathBuf> {
    let specs = repo_root().join("../shared/specs");
    if specs.is_dir() {
        Some(specs)
    } else {
        eprintln!("warning: {} is missing; skipping the checks that read it", specs.display());
        None
    }
}

/// Generate a crate for every document in ../shared/specs (the corpus of vendor documents
/// included) into target/, and hold it to the bar of hand-written code: clippy with warnings
/// denied, rustdoc with warnings denied. Every document is swept even when one fails; a line
/// per document is printed and the table is written to target/shared-specs.md.
pub fn check_shared_specs(only: Option<&str>) -> Result<()> {
    let Some(specs) = shared_specs() else { return Ok(()) };
    let started = Instant::now();
    let workspace = xtask::conformance_workspace();
    let target = workspace.target_dir();
    let target_dir = target.to_str().context("target path is not UTF-8")?.to_owned();
    let env = [("CARGO_TARGET_DIR", target_dir.as_str()), ("RUSTDOCFLAGS", "-Dwarnings")];
    let docs = target.join("doc");
    let mut report = sweep::Report::default();
    let documents = sweep::documents(&specs);
    let documents = documents
        .iter()
        .filter(|d| only.is_none_or(|o| d.strip_prefix(&specs).unwrap_or(d).to_string_lossy().contains(o)));
    for spec in documents {
        let checked = sweep::SpecCrate::generate(&workspace, spec).and_then(|mut c| {
            // The checks every document's crate is held to, one line each.
            c.check("clippy", |c| {
                cmd(
                    "cargo",
                    &["clippy", "--quiet", "--manifest-path", &c.manifest()?, "--all-targets", "--", "-D", "warnings"],
                    &env,
                )
            })?;
            c.check("doc", |c| {
                // rustdoc merges every crate already in target/doc into its search index:
                // with the large crates of earlier documents there, a 300-line crate took 20 s.
                if docs.exists() {
                    std::fs::remove_dir_all(&docs).with_context(|| format!("cannot remove {}", docs.display()))?;
                }
                cmd("cargo", &["doc", "--quiet", "--no-deps", "--manifest-path", &c.manifest()?], &env)
            })?;
            Ok(c)
        });
        report.add(&specs, spec, checked.as_ref());
    }
    report.finish(&repo_root().join("target/shared-specs.md"), started.elapsed())
}

/// The examples of the HEAD OpenAI spec and of the project's own spec against their crates,
/// and the HEAD spec's responses read by the crates of the 2026-05-13 spec and of the
/// project's spec.
fn check_conformance() -> Result<()> {
    let root = repo_root();
    let known_bad = root.join(crate::KNOWN_BAD);
    let head = root.join("../shared/specs/openai/openapi.yaml");
    let older = root.join("../shared/specs/openai/openapi-2026-05-13.yaml");
    let mut runs: Vec<(PathBuf, Option<PathBuf>)> = vec![(root.join(SPEC), None)];
    if head.is_file() && older.is_file() {
        runs.push((head.clone(), None));
        runs.push((head.clone(), Some(older)));
        // The committed crate's spec facing the HEAD server's answers.
        runs.push((head, Some(root.join(SPEC))));
    } else {
        eprintln!("warning: the shared OpenAI specs are missing; checking the project's spec only");
    }
    let started = Instant::now();
    let workspace = xtask::conformance_workspace();
    for (i, (spec, against)) in runs.into_iter().enumerate() {
        // Every harness is written from the same template: clippy on the first (the project's
        // small spec) covers it. The clients of the OpenAI documents are clippy-checked by the
        // sweep; linting their harnesses again cost a full check of each client (~3 min of CI).
        let lint = i == 0;
        if !conformance::run(&workspace, &spec, against.as_deref(), &known_bad, false, lint)? {
            bail!("conformance failed for {}", spec.display());
        }
    }
    eprintln!("conformance checks passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The `oagen` binary as a vendor runs it: installed with `cargo install`, run from a folder
/// outside the repository without `--runtime-path`, so the crate carries the runtime. The
/// crate's tests pass offline, and `cargo package` builds it from its `.crate` file alone
/// (cargo's verification unpacks the `.crate` and builds that).
fn check_cli_outside_repo() -> Result<()> {
    let Some(specs) = shared_specs() else { return Ok(()) };
    let root = repo_root();
    let outside = std::env::temp_dir().join(format!("oagen-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&outside).with_context(|| format!("cannot create {}", outside.display()))?;
    let spec = specs.join("petstore/petstore.yaml");
    let spec = spec.to_str().context("not UTF-8")?;
    let install = outside.join("install");
    let cli = root.join("generator/cli");
    let result = (|| {
        // The workspace's own target folder: the debug build of the binary is reused.
        let install_args = [
            "install",
            "--quiet",
            "--debug",
            "--locked",
            "--offline",
            "--path",
            cli.to_str().context("not UTF-8")?,
            "--root",
            install.to_str().context("not UTF-8")?,
        ];
        cmd_in(&outside, "cargo", &install_args, &[])?;
        let oagen = install.join("bin/oagen");
        let oagen = oagen.to_str().context("not UTF-8")?;
        cmd_in(&outside, oagen, &["gen", "--spec", spec, "--out", "petstore"], &[])?;
        cmd_in(&outside, oagen, &["gen", "--spec", spec, "--out", "petstore", "--check"], &[])?;
        let manifest = std::fs::read_to_string(outside.join("petstore/Cargo.toml"))?;
        if manifest.contains("package = \"oagen-runtime\"") {
            bail!("the crate generated without --runtime-path depends on oagen-runtime instead of carrying it");
        }
        let target = xtask::conformance_workspace().target_dir();
        let target = target.to_str().context("not UTF-8")?;
        let env = [("CARGO_TARGET_DIR", target)];
        let test = ["test", "--quiet", "--offline", "--manifest-path", "petstore/Cargo.toml"];
        cmd_in(&outside, "cargo", &test, &env)?;
        let package = ["package", "--quiet", "--offline", "--manifest-path", "petstore/Cargo.toml"];
        cmd_in(&outside, "cargo", &package, &env)
    })();
    std::fs::remove_dir_all(&outside).ok();
    result?;
    eprintln!("oagen: an installed binary's crate, generated outside the repository, tests and packages offline");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{http_stack, path_dependencies, runtime_by_version, toml_to_json};

    #[test]
    fn path_dependencies_are_found_in_every_table() {
        let manifest = toml_to_json(
            "[dependencies]\nserde = \"1\"\nrt = { path = \"../rt\", version = \"0.1\" }\n\
             [target.'cfg(unix)'.dev-dependencies]\nlocal = { path = \"x\" }\n",
        )
        .unwrap();
        assert_eq!(path_dependencies(&manifest), ["local", "rt"]);
        assert!(path_dependencies(&toml_to_json("[dependencies]\nserde = \"1\"\n").unwrap()).is_empty());
    }

    #[test]
    fn the_runtime_must_be_named_by_version_alone() {
        let by_version = "[dependencies.runtime]\npackage = \"oagen-runtime\"\nversion = \"0.1\"\n";
        assert!(runtime_by_version("x", &toml_to_json(by_version).unwrap()).is_ok());
        let with_path = format!("{by_version}path = \"../runtime\"\n");
        assert!(runtime_by_version("x", &toml_to_json(&with_path).unwrap()).is_err());
        let unnamed = "[dependencies.runtime]\npath = \"../runtime\"\n";
        assert!(runtime_by_version("x", &toml_to_json(unnamed).unwrap()).is_err());
    }

    #[test]
    fn the_http_stack_is_found_in_cargo_tree_output() {
        let tree = "openai-client v0.1.0 (/r/generated)\noagen-runtime v0.1.0 (/r/runtime)\nbytes v1.10.1\nreqwest v0.12.24\ntokio v1.54.1\ntokio v1.54.1\nserde v1.0.229\n";
        assert_eq!(http_stack(tree), ["reqwest", "tokio"]);
        assert!(http_stack("openai-client v0.1.0 (/r/generated)\nserde v1.0.229\n").is_empty());
        let ws = "tokio-tungstenite v0.29.0\ntungstenite v0.29.0\nrustls v0.23.46\n";
        assert_eq!(http_stack(ws), ["rustls", "tokio-tungstenite", "tungstenite"]);
    }
}
