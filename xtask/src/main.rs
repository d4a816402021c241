//! Project tasks: `cargo xtask gen` and friends. The commands are `oagen`'s (the `oagen-cli`
//! library), parsed with the same definitions and called with this repository's defaults;
//! `test` is the project's own.

// The generator allocates many small token trees; mimalloc halves the time spent in malloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench_build;
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
    Sweep {
        /// Only the documents whose path under ../shared/specs contains this text.
        #[arg(long)]
        only: Option<String>,
    },
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
        Task::Sweep { only } => test::check_shared_specs(only.as_deref()).map(|()| true),
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

/// What `cargo xtask gen` generates for its arguments: the project's crates by default, and
/// this checkout's runtime unless `--runtime-path` names another.
fn jobs(args: &GenArgs) -> Result<Vec<gen::Job>> {
    match (&args.spec, &args.out, &args.variant) {
        (None, None, None) => xtask::project_jobs(),
        (None, None, Some(variant)) => Ok(vec![xtask::variant_job(&xtask::variant_file(variant))?]),
        (Some(spec), Some(out), None) => {
            let runtime = args.runtime_path.clone().unwrap_or_else(|| repo_root().join("runtime"));
            let args = GenArgs { runtime_path: Some(runtime), ..args.clone() };
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
