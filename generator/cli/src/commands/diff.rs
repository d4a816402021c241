//! `oagen diff OLD NEW`: what changed between two API documents, what it breaks, and what it
//! does to the generated Rust API. Each side is a file, or `REV:path` for a file at a git
//! revision.

use crate::args::{DiffArgs, DiffFormat, Level};
use anyhow::{bail, Context, Result};
use oagen_tools::diff::report::{render_view, Format, View};
use oagen_tools::diff::Severity;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code when the `--fail-on` threshold is met.
pub const EXIT_FAIL_ON: u8 = 1;
/// Exit code for bad arguments and unreadable documents.
pub const EXIT_ERROR: u8 = 2;

/// Compare the two documents, printing the report to stdout; the exit code is 0,
/// [`EXIT_FAIL_ON`] or [`EXIT_ERROR`] (errors are printed to stderr).
pub fn run(args: &DiffArgs) -> u8 {
    match diff(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_ERROR
        }
    }
}

/// A document to compare: a file as given, or a git revision's copy in a temporary file.
struct Input {
    /// What the user wrote.
    name: String,
    path: PathBuf,
    temporary: bool,
}

impl Drop for Input {
    fn drop(&mut self) {
        if self.temporary {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Tells apart the temporary files of calls running at once in one process.
static TEMP_FILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn input(arg: &str) -> Result<Input> {
    let path = Path::new(arg);
    if path.is_file() {
        return Ok(Input { name: arg.to_owned(), path: path.to_path_buf(), temporary: false });
    }
    let Some((rev, file)) = arg.split_once(':').filter(|(rev, file)| !rev.is_empty() && !file.is_empty()) else {
        bail!("{arg}: no such file (a git revision of a file is written REV:path)");
    };
    let output = std::process::Command::new("git")
        .args(["show", &format!("{rev}:{file}")])
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!("{arg}: `git show {rev}:{file}` failed: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    let ext = Path::new(file).extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let n = TEMP_FILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = std::env::temp_dir().join(format!("oagen-diff-{}-{n}.{ext}", std::process::id()));
    std::fs::write(&tmp, &output.stdout).with_context(|| format!("cannot write {}", tmp.display()))?;
    Ok(Input { name: arg.to_owned(), path: tmp, temporary: true })
}

fn diff(args: &DiffArgs) -> Result<u8> {
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Markdown => Format::Markdown,
        DiffFormat::Json => Format::Json,
    };
    let severity = |level: Level| match level {
        Level::Breaking => Severity::Breaking,
        Level::PotentiallyBreaking => Severity::PotentiallyBreaking,
    };
    let fail_on = args.fail_on.map(severity);
    let view = View { only: args.only.map(severity) };
    let (old, new) = (input(&args.old)?, input(&args.new)?);
    let named = |mut e: oagen::Error| {
        for input in [&old, &new] {
            if let Some(loc) = e.location.as_mut().filter(|l| l.file == input.path) {
                loc.file = PathBuf::from(&input.name);
            }
        }
        e
    };
    let mut report = oagen_tools::diff::diff(&old.path, &new.path).map_err(named)?;
    report.old.file.clone_from(&old.name);
    report.new.file.clone_from(&new.name);
    // A reader that stops early (`| head`) is no error.
    let text = render_view(&report, format, view);
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write the report");
        }
    }
    let failed = fail_on.is_some_and(|threshold| report.fails(threshold));
    Ok(if failed { EXIT_FAIL_ON } else { 0 })
}
