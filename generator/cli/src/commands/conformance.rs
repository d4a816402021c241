//! `oagen conformance`: a document's examples checked against the crate generated from it, or
//! (with `--against`) a newer document's response examples read by an older crate.
//!
//! In a [`Workspace`] folder, the crate is generated into `spec-crates/<stem>`, the harness
//! into `conformance/<stem>`, and both build in the one target folder `spec-crates/target`
//! that every generated crate there shares, so dependencies build once.

use crate::args::ConformanceArgs;
use crate::paths::relative_path;
use anyhow::{bail, Context, Result};
use oagen_tools::conformance::{self, KnownBad, Mode, Outcome, Plan, Report};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The folder name of a spec's crate under `target/`: `openai-openapi-yaml`.
pub fn spec_stem(spec: &Path) -> String {
    format!(
        "{}-{}",
        spec.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("spec"),
        spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec").replace('.', "-")
    )
}

/// Where conformance generates and builds, and what it builds against.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder of `spec-crates/` and `conformance/`.
    pub dir: PathBuf,
    /// The runtime's folder, when it is built from a checkout rather than the registry.
    pub runtime: Option<PathBuf>,
    /// A `Cargo.lock` copied beside each crate, so it builds with known dependency versions.
    pub lock: Option<PathBuf>,
}

impl Workspace {
    /// The folder a document's crate is generated into.
    pub fn crate_dir(&self, spec: &Path) -> PathBuf {
        self.dir.join("spec-crates").join(spec_stem(spec))
    }

    /// The target folder every crate of the workspace builds in.
    pub fn target_dir(&self) -> PathBuf {
        self.dir.join("spec-crates/target")
    }

    /// Path from `dir` to the runtime, if it is built from a folder.
    pub fn runtime_path(&self, dir: &Path) -> Result<Option<String>> {
        self.runtime.as_deref().map(|r| relative_path(dir, r)).transpose()
    }

    /// Copy the lock file (if any) into `dir`; rewritten only when it differs, so cargo sees
    /// nothing new.
    pub fn copy_lock(&self, dir: &Path) -> Result<()> {
        let Some(lock) = &self.lock else { return Ok(()) };
        let text = std::fs::read(lock).with_context(|| format!("cannot read {}", lock.display()))?;
        let dest = dir.join("Cargo.lock");
        if std::fs::read(&dest).ok().as_deref() != Some(text.as_slice()) {
            std::fs::write(&dest, text).with_context(|| format!("cannot write {}", dest.display()))?;
        }
        Ok(())
    }

    /// The options of a standalone crate generated here from a document.
    pub fn crate_options(&self, name: &str, out: &Path) -> Result<oagen::CrateOptions> {
        Ok(oagen::CrateOptions {
            name: name.to_owned(),
            version: "0.1.0".to_owned(),
            runtime_path: self.runtime_path(out)?,
            standalone: true,
            command: "oagen gen --spec <FILE> --out <DIR>".to_owned(),
            ..oagen::CrateOptions::default()
        })
    }
}

/// `oagen conformance` with its arguments: known-bad examples default to none.
pub fn from_args(args: &ConformanceArgs) -> Result<bool> {
    let dir = args.work_dir.clone().unwrap_or_else(|| PathBuf::from("target/oagen"));
    let workspace = Workspace { dir, runtime: args.runtime_path.clone(), lock: None };
    let known_bad = args.known_bad.clone().unwrap_or_default();
    run(&workspace, &args.spec, args.against.as_deref(), &known_bad, args.suggest_known_bad, false)
}

/// The document and its IR.
fn read(spec: &Path) -> Result<(oagen::Spec, oagen::ir::Api)> {
    let spec = oagen::Spec::load(spec)?;
    let api = spec.lower()?;
    Ok((spec, api))
}

/// Generate the crate of `spec` into the workspace; returns its folder and package name.
fn generate_client(workspace: &Workspace, spec: &Path) -> Result<(PathBuf, String)> {
    let out = workspace.crate_dir(spec);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let name = format!("{}-client", spec_stem(spec));
    let (files, _) = oagen::generate(spec, &workspace.crate_options(&name, &out)?)?;
    oagen::output::write(&out, &files, true)?;
    workspace.copy_lock(&out)?;
    Ok((out, name))
}

/// Check the examples of `spec` (or, with `against`, read `spec`'s response examples with
/// the crate of `against`), print the scoreboard, and say whether it passed. With `lint`,
/// the harness is held to clippy first, warnings denied. An empty `known_bad_file` path, or
/// a missing file, lists none.
pub fn run(
    workspace: &Workspace,
    spec: &Path,
    against: Option<&Path>,
    known_bad_file: &Path,
    suggest: bool,
    lint: bool,
) -> Result<bool> {
    let started = Instant::now();
    let (read_spec, api) = read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let spec_name = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let known_bad: Vec<KnownBad> = match std::fs::read_to_string(known_bad_file) {
        Ok(text) => serde_json::from_str::<Vec<KnownBad>>(&text)
            .with_context(|| format!("reading {}", known_bad_file.display()))?,
        Err(_) if known_bad_file.as_os_str().is_empty() => Vec::new(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", known_bad_file.display())),
    };
    // Entries name the document by file; its other rendering (`openapi.json` next to
    // `openapi.yaml`) has the same pointers, so the stem decides.
    let stem = |name: &str| Path::new(name).file_stem().map(|s| s.to_os_string());
    let known_bad: Vec<KnownBad> = known_bad.into_iter().filter(|k| stem(&k.spec) == stem(&spec_name)).collect();

    let (client_spec, old) = match against {
        Some(old) => (old, Some(read(old).with_context(|| format!("reading {}", old.display()))?)),
        None => (spec, None),
    };
    let (plan, mode, client_api) = match &old {
        Some((_, old_api)) => (conformance::plan_responses(read_spec.document(), old_api), Mode::Read, old_api),
        None => (conformance::plan(&read_spec, &api), Mode::RoundTrip, &api),
    };
    let (client_dir, client_name) = generate_client(workspace, client_spec)?;
    let harness_name = match against {
        Some(_) => format!("{}-reads-{}", spec_stem(client_spec), spec_stem(spec)),
        None => spec_stem(spec),
    };
    let harness_dir = workspace.dir.join("conformance").join(&harness_name);
    std::fs::create_dir_all(&harness_dir)?;
    let package = format!("{harness_name}-conformance");
    let files = conformance::harness_files(
        client_api,
        &plan,
        &package,
        &client_name,
        &relative_path(&harness_dir, &client_dir)?,
        workspace.runtime_path(&harness_dir)?.as_deref(),
    )?;
    oagen::output::write(&harness_dir, &files, true)?;
    workspace.copy_lock(&harness_dir)?;
    let cases_file = harness_dir.join("cases.json");
    std::fs::write(&cases_file, serde_json::to_string(&plan.harness_input(mode))?)?;
    std::fs::write(harness_dir.join("plan.json"), serde_json::to_string_pretty(&plan)?)?;
    eprintln!(
        "conformance: {} examples of {} ({} checked against {} types of {}), harness in {}",
        plan.cases.len(),
        spec.display(),
        plan.cases.iter().filter(|c| c.check.is_ok()).count(),
        plan.targets.len(),
        client_spec.display(),
        harness_dir.display()
    );

    let outcomes = if plan.targets.is_empty() {
        Vec::new()
    } else {
        build_and_run(workspace, &harness_dir, &package, &cases_file, lint)?
    };

    let mut report = Report::new(client_api, &plan, &outcomes, &known_bad);
    if mode == Mode::Read {
        // Entries list where an example contradicts its own schema; reading it with an older
        // crate may well succeed.
        report.stale.clear();
        excuse_only_own_contradictions(&mut report, &conformance::plan(&read_spec, &api), &api);
    }
    println!("{}", heading(spec, against));
    print!("{report}");
    if mode == Mode::Read {
        println!("{}", forward_summary(&plan, &report));
    }
    if suggest {
        let entries: Vec<KnownBad> = report.failed.iter().filter_map(|f| f.known_bad(&spec_name)).collect();
        println!("suggested known-bad entries (check each against the document before listing it):");
        println!("{}", serde_json::to_string_pretty(&entries)?);
    }
    eprintln!("conformance done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(report.is_success())
}

/// Build the harness (in the shared target folder) and run it on the cases.
fn build_and_run(
    workspace: &Workspace,
    harness_dir: &Path,
    package: &str,
    cases_file: &Path,
    lint: bool,
) -> Result<Vec<Outcome>> {
    let target_dir = workspace.target_dir();
    let manifest = harness_dir.join("Cargo.toml");
    if lint {
        eprintln!("$ cargo clippy --quiet --manifest-path {} -- -D warnings", manifest.display());
        let status = std::process::Command::new("cargo")
            .args(["clippy", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            bail!("clippy found problems in the harness in {} ({status})", harness_dir.display());
        }
    }
    eprintln!("$ cargo build --quiet --manifest-path {}", manifest.display());
    let status = std::process::Command::new("cargo")
        .args(["build", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building the harness in {} failed ({status})", harness_dir.display());
    }
    let binary = target_dir.join("debug").join(format!("{package}{}", std::env::consts::EXE_SUFFIX));
    let output = std::process::Command::new(&binary)
        .arg(cases_file)
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !output.status.success() {
        bail!("the harness failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(serde_json::from_str::<Outcome>)
        .collect::<Result<Vec<_>, _>>()
        .context("reading the harness's output")
}

/// A known-bad example that an older crate fails to read is excused only where it
/// contradicts its own (newer) schema: the failure's path leads to, or lies under, a place
/// where the example contradicts the newer document. Elsewhere it is a failure of the older
/// crate to read a newer answer.
fn excuse_only_own_contradictions(report: &mut Report, newer: &Plan, newer_api: &oagen::ir::Api) {
    let nested = |outer: &str, inner: &str| {
        inner == outer || inner.starts_with(&format!("{outer}.")) || inner.starts_with(&format!("{outer}["))
    };
    let known = std::mem::take(&mut report.known_bad);
    for (entry, failure) in known {
        let check = newer.cases.iter().find(|c| c.key == entry.key).and_then(|c| c.check.as_ref().ok());
        let violations: Vec<String> = match check {
            Some(c) => {
                let target = &newer.targets[c.target];
                let values: Vec<(String, serde_json::Value)> = match (&target.form, &c.payload) {
                    (conformance::Form::Json, v) => vec![(String::new(), v.clone())],
                    (_, serde_json::Value::String(text)) => conformance::event_values(text),
                    _ => Vec::new(),
                };
                values
                    .iter()
                    .flat_map(|(prefix, v)| {
                        conformance::find_violations(newer_api, &target.ty, v).into_iter().map(move |x| {
                            let path = conformance::path_text(&x.path);
                            format!("{prefix}{}", path.strip_prefix('$').unwrap_or(&path))
                        })
                    })
                    .map(|p| format!("${p}"))
                    .collect()
            }
            None => Vec::new(),
        };
        if violations.iter().any(|v| nested(&failure.path, v) || nested(v, &failure.path)) {
            report.known_bad.push((entry, failure));
        } else {
            report.failed.push(failure);
        }
    }
}

fn heading(spec: &Path, against: Option<&Path>) -> String {
    match against {
        Some(old) => format!(
            "== forward compatibility: the crate of {} reads the responses of {}",
            old.display(),
            spec.display()
        ),
        None => format!("== conformance of {}", spec.display()),
    }
}

/// Operations checked, responses read, failures.
fn forward_summary(plan: &Plan, report: &Report) -> String {
    let checked: Vec<_> = plan.cases.iter().filter(|c| c.check.is_ok()).collect();
    let operations: BTreeSet<&str> = plan.cases.iter().filter_map(|c| c.subject.strip_suffix(" response")).collect();
    format!(
        "forward compatibility: {} operations in both documents with response examples; {} responses read by the older crate: {} read ({} with properties it ignored, {} with values it kept as unknown), {} known-bad (they contradict their own schema), {} failed; {} skipped",
        operations.len(),
        checked.len(),
        report.passed,
        report.ignored,
        report.kept_unknown,
        report.known_bad.len(),
        report.failed.len() + report.missing,
        report.skipped_total()
    )
}
