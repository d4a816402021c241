//! `cargo xtask bench-build`: how long the generated OpenAI crate takes to compile, and how
//! much memory, against the hand-written async-openai, measured one after the other in one
//! run on this machine (ratios, not absolute times, are what carries over).
//!
//! Each side is a tiny binary in its own scratch workspace under
//! `target/bench-build/{ours,theirs}`, with its own target folder (whatever `CARGO_TARGET_DIR`
//! the caller has: a shared one would make the cold build warm) and `CARGO_INCREMENTAL=0`.
//! The binary builds a chat request from JSON and polls the call once, so the request path is
//! instantiated on both sides (it is never run). Rows:
//! - cold build with deps: `cargo build` in an empty target folder;
//! - crate-only check / build: dependencies built, then `cargo clean -p <client>` and
//!   `cargo check` / `cargo build` again (the client crate and the tiny binary).
//!
//! Peak memory is the largest resident set of any one process of the build (GNU time's `%M`,
//! which covers waited-for children: the biggest rustc).

use anyhow::{bail, Context, Result};
use oagen_cli::commands::gen;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use xtask::repo_root;

/// `cargo xtask bench-build`.
#[derive(Debug, clap::Args)]
pub struct BenchBuildArgs {
    /// The document our crate is generated from.
    #[arg(long, default_value = "../shared/specs/openai/openapi.yaml")]
    spec: PathBuf,
    /// The async-openai version requirement to compare with.
    #[arg(long, default_value = "=0.43.0")]
    async_openai: String,
    /// Only the chat-only rows (about a quarter of the time).
    #[arg(long)]
    chat_only: bool,
    /// Measure every row this many times, the two sides taking turns, and report medians:
    /// one run's ratio moves by 0.1 with the machine's load.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=9))]
    runs: u32,
}

/// One side of the comparison: its folder, the client package it measures, and how its
/// binary selects features for each scope.
struct Side {
    name: &'static str,
    dir: PathBuf,
    client: &'static str,
    dependency: fn(&Scope, &Side, &BenchBuildArgs) -> String,
    main: &'static str,
}

impl Side {
    /// The side's own target folder, emptied before its cold build.
    fn target(&self) -> PathBuf {
        self.dir.join("target")
    }
}

/// What the tiny binary asks of the client.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Chat,
    All,
}

/// One measured build.
#[derive(Clone, Copy)]
struct Figure {
    seconds: f64,
    peak_mib: f64,
}

const CHAT_REQUEST: &str = r#"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}"#;

/// The binary's `main`, the same on both sides: `call` polled once, never run to the end.
const POLL_ONCE: &str = r#"
fn main() {
    let request = serde_json::from_str(REQUEST).expect("a valid request");
    let call = std::pin::pin!(call(request));
    let _ = call.poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
}
"#;

const OURS_MAIN: &str = r#"use std::future::Future;

async fn call(request: openai::types::CreateChatCompletionRequest) -> Result<(), openai::Error> {
    let client = openai::Client::new("sk-bench")?;
    client.create_chat_completion(&request).await?;
    Ok(())
}
"#;

const THEIRS_MAIN: &str = r#"use std::future::Future;

async fn call(request: async_openai::types::chat::CreateChatCompletionRequest) -> Result<(), async_openai::error::OpenAIError> {
    let client = async_openai::Client::new();
    client.chat().create(request).await?;
    Ok(())
}
"#;

fn ours_dependency(scope: &Scope, side: &Side, _: &BenchBuildArgs) -> String {
    let path = side.dir.join("openai");
    match scope {
        Scope::Chat => format!(
            "openai = {{ path = {:?}, default-features = false, features = [\"chat\", \"rustls\"] }}",
            path.display().to_string()
        ),
        Scope::All => format!("openai = {{ path = {:?} }}", path.display().to_string()),
    }
}

fn theirs_dependency(scope: &Scope, _: &Side, args: &BenchBuildArgs) -> String {
    let features = match scope {
        Scope::Chat => "\"chat-completion\"",
        Scope::All => "\"full\"",
    };
    format!("async-openai = {{ version = {:?}, features = [{features}] }}", args.async_openai)
}

/// Generate our crate, write both workspaces, measure every row, print and save the table.
pub fn run(args: &BenchBuildArgs) -> Result<()> {
    let root = repo_root().join("target/bench-build");
    let sides = [
        Side { name: "ours", dir: root.join("ours"), client: "openai", dependency: ours_dependency, main: OURS_MAIN },
        Side {
            name: "async-openai",
            dir: root.join("theirs"),
            client: "async-openai",
            dependency: theirs_dependency,
            main: THEIRS_MAIN,
        },
    ];
    generate_ours(&args.spec, &sides[0].dir.join("openai"))?;
    let scopes: &[Scope] = if args.chat_only { &[Scope::Chat] } else { &[Scope::Chat, Scope::All] };
    let mut table = String::from("| | ours | async-openai | ratio |\n|---|---|---|---|\n");
    for &scope in scopes {
        let label = if scope == Scope::Chat { "chat only" } else { "all features" };
        // figures[row][side]: one figure per run.
        let mut figures = vec![[Vec::new(), Vec::new()]; ROWS.len()];
        for run in 1..=args.runs {
            for (s, side) in sides.iter().enumerate() {
                eprintln!("bench-build: {label}, {}, run {run} of {} …", side.name, args.runs);
                write_workspace(side, scope, args)?;
                for (row, figure) in figures.iter_mut().zip(measure(side)?) {
                    row[s].push(figure);
                }
            }
        }
        for (row, [ours, theirs]) in ROWS.iter().zip(&figures) {
            let _ = writeln!(
                table,
                "| {label}, {row} | {} | {} | {} |",
                side_cell(ours),
                side_cell(theirs),
                ratio_cell(ours, theirs)
            );
        }
    }
    if args.runs > 1 {
        let _ = writeln!(
            table,
            "\nMedians of {} runs; the brackets give the range of the runs (the ratios: of each run's own).",
            args.runs
        );
    }
    print!("{table}");
    let report = root.join("report.md");
    std::fs::write(&report, &table).with_context(|| format!("cannot write {}", report.display()))?;
    eprintln!("(written to {})", report.display());
    Ok(())
}

/// The rows, in the order [`measure`] gives them.
const ROWS: [&str; 3] = ["cold build with deps", "crate-only check", "crate-only build"];

/// The median of some numbers (the upper of the middle two when they are even).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn range(values: &[f64]) -> (f64, f64) {
    values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)))
}

/// "29.0 s, 1.59 GiB", with the ranges of the runs when there are several.
fn side_cell(figures: &[Figure]) -> String {
    let seconds: Vec<f64> = figures.iter().map(|f| f.seconds).collect();
    let gib: Vec<f64> = figures.iter().map(|f| f.peak_mib / 1024.0).collect();
    let (median_s, median_gib) = (median(seconds.clone()), median(gib.clone()));
    if figures.len() == 1 {
        return format!("{median_s:.1} s, {median_gib:.2} GiB");
    }
    let ((s_lo, s_hi), (g_lo, g_hi)) = (range(&seconds), range(&gib));
    format!("{median_s:.1} s [{s_lo:.1}–{s_hi:.1}], {median_gib:.2} GiB [{g_lo:.2}–{g_hi:.2}]")
}

/// The ratio of the medians, and the range of each run's own ratio.
fn ratio_cell(ours: &[Figure], theirs: &[Figure]) -> String {
    let time = median(ours.iter().map(|f| f.seconds).collect()) / median(theirs.iter().map(|f| f.seconds).collect());
    let memory =
        median(ours.iter().map(|f| f.peak_mib).collect()) / median(theirs.iter().map(|f| f.peak_mib).collect());
    if ours.len() == 1 {
        return format!("{time:.2} time, {memory:.2} memory");
    }
    let per_run: Vec<f64> = ours.iter().zip(theirs).map(|(o, t)| o.seconds / t.seconds).collect();
    let (lo, hi) = range(&per_run);
    format!("{time:.2} time [{lo:.2}–{hi:.2}], {memory:.2} memory")
}

/// Our crate from the document, standalone, built against this checkout's runtime.
fn generate_ours(spec: &Path, out: &Path) -> Result<()> {
    let spec = if spec.is_relative() { repo_root().join(spec) } else { spec.to_path_buf() };
    let workspace = xtask::conformance_workspace();
    let job = gen::Job {
        input: gen::Input::Spec(spec),
        out: out.to_path_buf(),
        options: workspace.crate_options("openai", out)?,
        fix: String::new(),
    };
    gen::run(&job, gen::Mode::Force)?;
    Ok(())
}

/// The scratch workspace of one side: the tiny binary `app`, and (ours) the generated crate.
fn write_workspace(side: &Side, scope: Scope, args: &BenchBuildArgs) -> Result<()> {
    let app = side.dir.join("app");
    std::fs::create_dir_all(app.join("src"))?;
    // The generated crate is a workspace of its own (standalone): a path dependency here.
    write(
        &side.dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"app\"]\nexclude = [\"openai\"]\nresolver = \"2\"\n",
    )?;
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\nserde_json = \"1\"\n",
        (side.dependency)(&scope, side, args)
    );
    write(&app.join("Cargo.toml"), &manifest)?;
    let main = format!("{}{POLL_ONCE}\nconst REQUEST: &str = r#\"{CHAT_REQUEST}\"#;\n", side.main);
    write(&app.join("src/main.rs"), &main)
}

/// Write `text` unless the file already holds it (cargo then sees nothing new).
fn write(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Cold build with deps, crate-only check, crate-only build.
fn measure(side: &Side) -> Result<Vec<Figure>> {
    let target = side.target();
    if target.exists() {
        std::fs::remove_dir_all(&target).with_context(|| format!("cannot remove {}", target.display()))?;
    }
    let cold = timed(side, &["build", "-p", "app"])?;
    timed(side, &["check", "-p", "app"])?;
    cargo(side, &["clean", "-p", side.client])?;
    let check = timed(side, &["check", "-p", "app"])?;
    cargo(side, &["clean", "-p", side.client])?;
    let build = timed(side, &["build", "-p", "app"])?;
    Ok(vec![cold, check, build])
}

/// Run cargo under GNU time; its last stderr line is "<seconds> <peak KiB>".
fn timed(side: &Side, args: &[&str]) -> Result<Figure> {
    let output = in_workspace(Command::new("/usr/bin/time").args(["-f", "%e %M", "cargo"]), side, args)
        .output()
        .context("cannot run /usr/bin/time (GNU time)")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("cargo {} failed in {}:\n{stderr}", args.join(" "), side.dir.display());
    }
    let last = stderr.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace().map(str::parse::<f64>);
    match (fields.next(), fields.next()) {
        (Some(Ok(seconds)), Some(Ok(kib))) => Ok(Figure { seconds, peak_mib: kib / 1024.0 }),
        _ => bail!("GNU time printed {last:?}, not \"<seconds> <KiB>\""),
    }
}

fn cargo(side: &Side, args: &[&str]) -> Result<()> {
    let status = in_workspace(&mut Command::new("cargo"), side, args).status()?;
    if !status.success() {
        bail!("cargo {} failed in {}", args.join(" "), side.dir.display());
    }
    Ok(())
}

/// `command` with cargo's `args`, run in the side's workspace and target folder (set whatever
/// `CARGO_TARGET_DIR` the caller has: a shared folder would make the cold build warm).
fn in_workspace<'c>(command: &'c mut Command, side: &Side, args: &[&str]) -> &'c mut Command {
    command
        .args(args)
        .arg("--quiet")
        .current_dir(&side.dir)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", side.target())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(seconds: f64, gib: f64) -> Figure {
        Figure { seconds, peak_mib: gib * 1024.0 }
    }

    #[test]
    fn the_median_is_the_middle_run_and_the_upper_middle_of_an_even_count() {
        assert_eq!(median(vec![30.0, 10.0, 20.0]), 20.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median(vec![7.0]), 7.0);
    }

    #[test]
    fn several_runs_give_medians_with_the_ranges_and_each_runs_own_ratio() {
        let ours = [figure(26.0, 1.5), figure(25.0, 1.5), figure(29.0, 1.6)];
        let theirs = [figure(35.0, 1.9), figure(50.0, 1.9), figure(36.0, 1.9)];
        assert_eq!(side_cell(&ours), "26.0 s [25.0–29.0], 1.50 GiB [1.50–1.60]");
        // Medians 26 / 36; the runs' own ratios are 26/35, 25/50 and 29/36.
        assert_eq!(ratio_cell(&ours, &theirs), "0.72 time [0.50–0.81], 0.79 memory");
        assert_eq!(side_cell(&ours[..1]), "26.0 s, 1.50 GiB");
        assert_eq!(ratio_cell(&ours[..1], &theirs[..1]), "0.74 time, 0.79 memory");
    }
}
