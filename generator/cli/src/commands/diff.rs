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
    // git would read `--output=FILE:x` as an option (and write FILE): no revision starts
    // with `-`, so such an argument is refused before git sees it.
    if rev.starts_with('-') {
        bail!("{arg}: `{rev}` is not a git revision (a revision never starts with `-`)");
    }
    let output = std::process::Command::new("git")
        .args(["show", "--end-of-options", &format!("{rev}:{file}")])
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

/// The report with the documents' text made safe for a terminal: names and values may hold
/// escape sequences. JSON already escapes C0 controls; the C1 ones and bidirectional
/// overrides, which it leaves, are escaped as JSON (`\u009b`), valid inside its strings.
fn terminal_safe(text: &str, format: Format) -> String {
    match format {
        Format::Json => text
            .chars()
            .map(|c| {
                let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}');
                if c.is_control() && c != '\n' || bidi {
                    format!("\\u{:04x}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect(),
        _ => oagen::terminal::safe_lines(text).into_owned(),
    }
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
    let text = terminal_safe(&render_view(&report, format, view), format);
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write the report");
        }
    }
    let failed = fail_on.is_some_and(|threshold| report.fails(threshold));
    Ok(if failed { EXIT_FAIL_ON } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::input;

    #[test]
    fn reports_hold_no_escape_sequence() {
        use oagen_tools::diff::report::Format;
        let text = "enum value `\u{1b}]0;pwned\u{7}\u{9b}2J` added\n";
        let shown = super::terminal_safe(text, Format::Text);
        assert!(!shown.trim_end().chars().any(char::is_control), "{shown:?}");
        let json = super::terminal_safe(&serde_json::json!({"v": text}).to_string(), Format::Json);
        assert!(!json.chars().any(char::is_control), "{json:?}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&json).unwrap()["v"], text, "still the same JSON");
    }

    /// `--output=FILE:x` would have git write FILE; it never reaches git.
    #[test]
    fn a_revision_that_reads_as_an_option_is_refused() {
        let target = std::env::temp_dir().join(format!("oagen-diff-option-{}", std::process::id()));
        let arg = format!("--output={}:spec.yaml", target.display());
        let err = input(&arg).err().expect("refused").to_string();
        assert!(err.contains("is not a git revision"), "{err}");
        assert!(!target.exists(), "git wrote {}", target.display());
        let err = input("-p:spec.yaml").err().expect("refused").to_string();
        assert!(err.contains("never starts with `-`"), "{err}");
    }
}
