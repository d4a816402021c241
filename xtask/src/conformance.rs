//! `cargo xtask conformance`: a document's examples checked against the crate generated from
//! it, or (with `--against`) a newer document's response examples read by an older crate.
//!
//! The crate is generated into `target/spec-crates/<stem>` (where `cargo xtask test` puts it
//! too), the harness into `target/conformance/<stem>`, and both build in the one target
//! folder all spec crates share, so dependencies build once.

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

/// The target folder every generated crate under `target/` builds in.
pub fn shared_target_dir() -> PathBuf {
    crate::repo_root().join("target/spec-crates/target")
}

/// The document and its IR.
fn read(spec: &Path) -> Result<(oagen::Spec, oagen::ir::Api)> {
    let spec = oagen::Spec::load(spec)?;
    let api = spec.lower()?;
    Ok((spec, api))
}

/// Generate the crate of `spec` into `target/spec-crates/<stem>`; returns its folder and
/// package name.
fn generate_client(spec: &Path) -> Result<(PathBuf, String)> {
    let root = crate::repo_root();
    let stem = spec_stem(spec);
    let out = root.join("target/spec-crates").join(&stem);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let name = format!("{stem}-client");
    let options = oagen::CrateOptions {
        name: name.clone(),
        runtime_path: crate::relative_path(&out, &root.join("runtime"))?,
        standalone: true,
        command: "cargo xtask gen --spec <FILE> --out <DIR>".to_owned(),
        templates: oagen::TemplateSource::default(),
        env: None,
        ..crate::project_options()
    };
    let (files, _) = oagen::generate(spec, &options)?;
    // target/ is scratch: a folder left by an older generator (no manifest) is replaced.
    oagen::output::write(&out, &files, true)?;
    crate::copy_lock(&out)?;
    Ok((out, name))
}

/// Check the examples of `spec` (or, with `against`, read `spec`'s response examples with
/// the crate of `against`), print the scoreboard, and say whether it passed. With `lint`,
/// the harness is held to clippy first, warnings denied.
pub fn run(spec: &Path, against: Option<&Path>, known_bad_file: &Path, suggest: bool, lint: bool) -> Result<bool> {
    let started = Instant::now();
    let (read_spec, api) = read(spec).with_context(|| format!("reading {}", spec.display()))?;
    let spec_name = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
    let known_bad: Vec<KnownBad> = match std::fs::read_to_string(known_bad_file) {
        Ok(text) => serde_json::from_str::<Vec<KnownBad>>(&text)
            .with_context(|| format!("reading {}", known_bad_file.display()))?,
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
    let (client_dir, client_name) = generate_client(client_spec)?;
    let harness_name = match against {
        Some(_) => format!("{}-reads-{}", spec_stem(client_spec), spec_stem(spec)),
        None => spec_stem(spec),
    };
    let harness_dir = crate::repo_root().join("target/conformance").join(&harness_name);
    std::fs::create_dir_all(&harness_dir)?;
    let package = format!("{harness_name}-conformance");
    let files = conformance::harness_files(
        client_api,
        &plan,
        &package,
        &client_name,
        &crate::relative_path(&harness_dir, &client_dir)?,
        &crate::relative_path(&harness_dir, &crate::repo_root().join("runtime"))?,
    )?;
    oagen::output::write(&harness_dir, &files, true)?;
    crate::copy_lock(&harness_dir)?;
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

    let outcomes =
        if plan.targets.is_empty() { Vec::new() } else { build_and_run(&harness_dir, &package, &cases_file, lint)? };

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
fn build_and_run(harness_dir: &Path, package: &str, cases_file: &Path, lint: bool) -> Result<Vec<Outcome>> {
    let target_dir = shared_target_dir();
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
