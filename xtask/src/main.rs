//! Project tasks: `cargo xtask gen` and friends. Thin: the work is in the `generator` crate.

// The generator allocates many small token trees; mimalloc halves the time spent in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{bail, Context, Result};
use oagen::{CrateOptions, TemplateSource};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage:
  cargo xtask gen                  regenerate generated/ from spec/openai.yaml, and the crate
                                   of every variant in variants/*.toml
  cargo xtask gen --variant NAME   regenerate one variant (variants/NAME.toml, or a path)
  cargo xtask gen --check          change nothing; fail naming each stale or stray file
                                   (with --variant: of that variant only)
  cargo xtask gen --spec FILE --out DIR [--name CRATE_NAME] [--templates DIR] [--force]
                                   write a standalone crate for any document; DIR must
                                   be new, empty or written by the generator before
                                   (its .oagen-manifest), unless --force
  cargo xtask spec subset --from FILE (--ops ID,... | --tags TAG,...) [--drop-descriptions] [--out FILE]
                                   keep some operations and exactly the components they reach
  cargo xtask diff OLD NEW [--format text|markdown|json] [--fail-on breaking|potentially-breaking]
                                   what changed between two documents (a file, or REV:path
                                   for a file at a git revision), what it breaks, and the
                                   semver bump for the spec and for the generated Rust API;
                                   exit 0, or 1 when --fail-on is met, 2 on errors
  cargo xtask conformance --spec FILE [--known-bad FILE] [--against OLD_SPEC] [--suggest-known-bad]
                                   check the document's examples against the crate
                                   generated from it (with --against: the crate of
                                   OLD_SPEC reads FILE's response examples); with
                                   --suggest-known-bad, print an entry for each failing
                                   example that contradicts its own schema
  cargo xtask test [--quick]       every check CI runs: generated/ fresh, all tests,
                                   clippy, rustdoc, and each spec in ../shared/specs
                                   generated into target/ and clippy-checked, and
                                   the conformance of the HEAD OpenAI spec's examples
                                   (--quick skips the shared specs and conformance)";

use xtask::{project_options, repo_root, CRATE_NAME, GENERATED, SPEC};

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => gen(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("diff") => Ok(ExitCode::from(xtask::diff::run(&args[1..], USAGE))),
        Some("conformance") => conformance(&args[1..]),
        Some("spec") if args.get(1).map(String::as_str) == Some("subset") => spec_subset(&args[2..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => bail!("unknown task `{other}`\n{USAGE}"),
    }
}

fn gen(args: &[String]) -> Result<ExitCode> {
    let (mut check, mut force) = (false, false);
    let (mut spec, mut out, mut name, mut templates, mut variant) = (None, None, None, None, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().with_context(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => check = true,
            "--force" => force = true,
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--name" => name = Some(value()?),
            "--templates" => templates = Some(PathBuf::from(value()?)),
            "--variant" => variant = Some(value()?),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let root = repo_root();
    // What to generate: (label, output folder, generation).
    let mut jobs: Vec<Job> = Vec::new();
    match (spec, out, variant) {
        (None, None, None) => {
            jobs.push(Job::Project);
            for file in xtask::variant_files()? {
                jobs.push(Job::Variant(file));
            }
        }
        (None, None, Some(v)) => jobs.push(Job::Variant(xtask::variant_file(&v))),
        (Some(spec), Some(out), None) => {
            let options = CrateOptions {
                name: name.take().unwrap_or_else(|| CRATE_NAME.to_owned()),
                runtime_path: xtask::relative_path(&out, &root.join("runtime"))?,
                standalone: true,
                command: "cargo xtask gen --spec <FILE> --out <DIR>".to_owned(),
                templates: TemplateSource { override_dir: templates.take() },
                env: None,
                ..project_options()
            };
            jobs.push(Job::Spec { spec, out, options: Box::new(options) });
        }
        (_, _, Some(_)) => bail!("--variant takes its spec and output folder from the variant file\n{USAGE}"),
        _ => bail!("--spec and --out go together\n{USAGE}"),
    }
    if name.is_some() || templates.is_some() {
        bail!("--name and --templates go with --spec and --out\n{USAGE}");
    }
    let mut code = ExitCode::SUCCESS;
    for job in jobs {
        if !generate_one(job, check, force)? {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

/// One crate to generate.
enum Job {
    /// `generated/` from `spec/openai.yaml`.
    Project,
    /// A variant file's crate.
    Variant(PathBuf),
    /// Any document into any folder.
    Spec { spec: PathBuf, out: PathBuf, options: Box<CrateOptions> },
}

/// Generate (or with `check`, compare) one crate; false when `check` finds drift. `force`
/// writes into a folder the generator did not write before.
fn generate_one(job: Job, check: bool, force: bool) -> Result<bool> {
    let root = repo_root();
    let started = Instant::now();
    let (files, summary, out, fix) = match job {
        Job::Project => {
            let spec = root.join(SPEC);
            eprintln!("generating from {}", spec.display());
            let (files, summary) = oagen::generate(&spec, &project_options())?;
            (files, summary, root.join(GENERATED), "cargo xtask gen".to_owned())
        }
        Job::Variant(file) => {
            let variant = oagen::variant::Variant::read(&file)?;
            eprintln!("generating variant `{}` from {}", variant.name(), file.display());
            let options = xtask::variant_options(&variant)?;
            let fix = options.command.clone();
            let (files, summary) = oagen::variant::generate(&variant, options)?;
            (files, summary, xtask::normalize(&variant.out_dir()), fix)
        }
        Job::Spec { spec, out, options } => {
            eprintln!("generating from {}", spec.display());
            let (files, summary) = oagen::generate(&spec, &options)?;
            (files, summary, out, "cargo xtask gen --spec <FILE> --out <DIR>".to_owned())
        }
    };
    let phases: Vec<String> =
        summary.phases.iter().map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1e3)).collect();
    eprintln!(
        "  {} operations, {} types ({} from components/schemas, {} inline), {} files, {} lines [{}]",
        summary.operations,
        summary.types,
        summary.component_types,
        summary.types - summary.component_types,
        summary.files,
        summary.lines,
        phases.join(", ")
    );

    if check {
        let drift = oagen::output::check(&out, &files)?;
        if drift.is_clean() {
            eprintln!("{} is up to date ({:.2} s)", out.display(), started.elapsed().as_secs_f64());
            return Ok(true);
        }
        for f in &drift.stale {
            eprintln!("stale: {}", out.join(f).display());
        }
        for f in &drift.stray {
            eprintln!("stray: {}", out.join(f).display());
        }
        eprintln!("run `{fix}` to bring {} up to date", out.display());
        return Ok(false);
    }
    let written = oagen::output::write(&out, &files, force)?;
    for f in &written.kept {
        eprintln!("warning: {} is not generated and was left in place", out.join(f).display());
    }
    for f in &written.removed {
        eprintln!("removed {}: no longer generated", out.join(f).display());
    }
    eprintln!(
        "wrote {} of {} files to {} in {:.2} s",
        written.changed.len(),
        files.len() + 1,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}

/// Run a command, failing with its name when it fails.
fn cmd(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(repo_root())
        .status()
        .with_context(|| format!("cannot run {program}"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn test(args: &[String]) -> Result<ExitCode> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--quick") {
        bail!("unknown argument `{other}`\n{USAGE}");
    }
    let started = Instant::now();
    // Hand-written crates only: generated crates are formatted by prettyplease.
    cmd(
        "cargo",
        &[
            "fmt",
            "--check",
            "-p",
            "oagen",
            "-p",
            "oagen-tools",
            "-p",
            "runtime",
            "-p",
            "xtask",
            "-p",
            "e2e",
            "-p",
            "openai-examples",
        ],
        &[],
    )?;
    if gen(&["--check".to_owned()])? != ExitCode::SUCCESS {
        bail!("generated/ is stale");
    }
    let nextest =
        std::process::Command::new("cargo").args(["nextest", "--version"]).output().is_ok_and(|o| o.status.success());
    if nextest {
        cmd("cargo", &["nextest", "run", "--workspace", "--no-fail-fast"], &[])?;
    } else {
        cmd("cargo", &["test", "--workspace", "--no-fail-fast"], &[])?;
    }
    cmd("cargo", &["test", "--workspace", "--doc"], &[])?;
    cmd("cargo", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cmd("cargo", &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-Dwarnings")])?;
    run_examples()?;
    if !quick {
        check_shared_specs()?;
        check_conformance()?;
    }
    eprintln!("all checks passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// The runnable examples, each run against the local mock server as a user would run it.
const EXAMPLES: [&str; 13] = [
    "chat",
    "chat_stream",
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
];

fn run_examples() -> Result<()> {
    use std::io::BufRead;
    cmd("cargo", &["build", "--quiet", "-p", "openai-examples", "--bins"], &[])?;
    let bin = repo_root().join("target/debug");
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

/// Generate a crate for every document in ../shared/specs into target/, and hold it to the
/// bar of hand-written code: clippy with warnings denied, rustdoc with warnings denied.
fn check_shared_specs() -> Result<()> {
    let root = repo_root();
    let specs = root.join("../shared/specs");
    if !specs.is_dir() {
        eprintln!("warning: {} is missing; skipping the shared specs", specs.display());
        return Ok(());
    }
    let mut files = Vec::new();
    for dir in ["openai", "petstore"] {
        let Ok(entries) = std::fs::read_dir(specs.join(dir)) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            // openapi.json is HEAD's JSON rendering: a test proves it generates byte-identical
            // files to openapi.yaml, so compiling it again would prove nothing new.
            let json_twin = p.extension().is_some_and(|x| x == "json") && p.with_extension("yaml").is_file();
            if !json_twin && matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "json")) {
                files.push(p);
            }
        }
    }
    files.sort();
    let out_root = root.join("target/spec-crates");
    let target_dir = out_root.join("target");
    let target_dir = target_dir.to_str().context("target path is not UTF-8")?.to_owned();
    for spec in files {
        let stem = xtask::conformance::spec_stem(&spec);
        let out = out_root.join(&stem);
        let name = format!("{stem}-client");
        let spec_arg = spec.to_str().context("spec path is not UTF-8")?.to_owned();
        let out_arg = out.to_str().context("output path is not UTF-8")?.to_owned();
        // target/ is scratch: a folder left by an older generator (no manifest) is replaced.
        let args =
            ["--spec".into(), spec_arg, "--out".into(), out_arg.clone(), "--name".into(), name, "--force".into()];
        if gen(&args)? != ExitCode::SUCCESS {
            bail!("generating {} failed", spec.display());
        }
        xtask::copy_lock(&out)?;
        let manifest = format!("{out_arg}/Cargo.toml");
        let env = [("CARGO_TARGET_DIR", target_dir.as_str()), ("RUSTDOCFLAGS", "-Dwarnings")];
        cmd(
            "cargo",
            &["clippy", "--quiet", "--manifest-path", &manifest, "--all-targets", "--", "-D", "warnings"],
            &env,
        )?;
        cmd("cargo", &["doc", "--quiet", "--no-deps", "--manifest-path", &manifest], &env)?;
    }
    Ok(())
}

/// Where the known-bad examples are listed unless `--known-bad` says otherwise.
const KNOWN_BAD: &str = "spec/conformance/known-bad.json";

fn conformance(args: &[String]) -> Result<ExitCode> {
    let (mut spec, mut known_bad, mut against, mut suggest) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().with_context(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value()?)),
            "--known-bad" => known_bad = Some(PathBuf::from(value()?)),
            "--against" => against = Some(PathBuf::from(value()?)),
            "--suggest-known-bad" => suggest = true,
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let spec = spec.context("--spec FILE is required")?;
    let root = repo_root();
    let known_bad = known_bad.unwrap_or_else(|| root.join(KNOWN_BAD));
    let report = xtask::conformance::run(&spec, against.as_deref(), &known_bad, suggest, false)?;
    Ok(if report { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The examples of the HEAD OpenAI spec and of the project's own spec against their crates,
/// and the HEAD spec's responses read by the crates of the 2026-05-13 spec and of the
/// project's spec.
fn check_conformance() -> Result<()> {
    let root = repo_root();
    let known_bad = root.join(KNOWN_BAD);
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
    for (spec, against) in runs {
        if !xtask::conformance::run(&spec, against.as_deref(), &known_bad, false, true)? {
            bail!("conformance failed for {}", spec.display());
        }
    }
    eprintln!("conformance checks passed in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn spec_subset(args: &[String]) -> Result<ExitCode> {
    let (mut from, mut out, mut selection) = (None, None, oagen::select::Selection::default());
    let list = |v: String| v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().with_context(|| format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--from" => from = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--ops" => selection.include.operation_ids = list(value()?),
            "--tags" => selection.include.tags = list(value()?),
            "--drop-descriptions" => selection.drop_descriptions = true,
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    let from = from.context("--from FILE is required")?;
    if selection.include.operation_ids.is_empty() && selection.include.tags.is_empty() {
        bail!("name the operations to keep with --ops or --tags\n{USAGE}");
    }
    let spec = oagen::Spec::load(&from)?;
    let doc = oagen::select::subset(spec.tree(), &selection).map_err(|e| spec.locate(e))?;
    let json = out.as_ref().is_some_and(|p| p.extension().is_some_and(|e| e == "json"));
    let text = oagen::select::to_text(&doc, json)?;
    let operations = doc["paths"].as_object().map_or(0, |p| {
        p.values()
            .map(|i| {
                i.as_object().map_or(0, |o| o.keys().filter(|k| oagen::openapi::METHODS.contains(&k.as_str())).count())
            })
            .sum()
    });
    let schemas = doc["components"]["schemas"].as_object().map_or(0, |s| s.len());
    match out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} ({operations} operations, {schemas} schemas)", path.display());
        }
        None => {
            print!("{text}");
            eprintln!("{operations} operations, {schemas} schemas");
        }
    }
    Ok(ExitCode::SUCCESS)
}
