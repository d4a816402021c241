//! The sweep over the shared documents (`../shared/specs`: OpenAI's, petstore's and the corpus
//! of real vendor documents): which documents it covers, the crate generated from each, and
//! the report of what each produced and what each check cost.

use anyhow::{Context, Result};
use oagen_cli::commands::conformance::{self, Workspace};
use oagen_cli::commands::gen;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folders of `../shared/specs` whose documents are swept.
const FOLDERS: [&str; 3] = ["openai", "petstore", "corpus"];

/// Every document to sweep, sorted: each YAML or JSON file of [`FOLDERS`] and of their
/// subfolders (the corpus keeps one document per vendor folder).
pub fn documents(specs: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = FOLDERS.iter().map(|d| specs.join(d)).collect();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for p in entries.flatten().map(|e| e.path()) {
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            // openapi.json is HEAD's JSON rendering: a test proves it generates byte-identical
            // files to openapi.yaml, so compiling it again would prove nothing new.
            let json_twin = p.extension().is_some_and(|x| x == "json") && p.with_extension("yaml").is_file();
            if !json_twin && matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml" | "json")) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// A document's crate, generated under the workspace, and what its checks cost.
pub struct SpecCrate {
    /// The document, for the checks that read it.
    pub spec: PathBuf,
    pub out: PathBuf,
    pub summary: oagen::Summary,
    /// Wall time of each step: generation first, then each check.
    pub times: Vec<(&'static str, Duration)>,
}

impl SpecCrate {
    /// Generate the crate of `spec` (replacing what an older run left) with the workspace's
    /// lock file beside it.
    pub fn generate(workspace: &Workspace, spec: &Path) -> Result<SpecCrate> {
        let started = Instant::now();
        let out = workspace.crate_dir(spec);
        let name = format!("{}-client", conformance::spec_stem(spec));
        let job = gen::Job {
            input: gen::Input::Spec(spec.to_path_buf()),
            out: out.clone(),
            options: workspace.crate_options(&name, &out)?,
            fix: String::new(),
        };
        eprintln!("generating {} from {}", out.display(), spec.display());
        let (files, summary, _) = job.files(None)?;
        for warning in &summary.warnings {
            eprintln!("warning: {warning}");
        }
        // target/ is scratch: a folder an older generator left (no manifest) is replaced.
        oagen::output::write(&out, &files, true)?;
        // Tests an older run added (the stream transcripts) name the older crate's types:
        // this crate is checked as generated, and a later step writes its own tests again.
        let tests = out.join("tests");
        if tests.is_dir() && !files.keys().any(|p| p.starts_with("tests")) {
            std::fs::remove_dir_all(&tests).with_context(|| format!("cannot remove {}", tests.display()))?;
        }
        workspace.copy_lock(&out)?;
        let times = vec![("gen", started.elapsed())];
        Ok(SpecCrate { spec: spec.to_path_buf(), out, summary, times })
    }

    pub fn manifest(&self) -> Result<String> {
        let manifest = self.out.join("Cargo.toml");
        Ok(manifest.to_str().context("output path is not UTF-8")?.to_owned())
    }

    /// Run one check of the crate, timed under `step`.
    pub fn check(&mut self, step: &'static str, check: impl FnOnce(&SpecCrate) -> Result<()>) -> Result<()> {
        let started = Instant::now();
        let result = check(self);
        self.times.push((step, started.elapsed()));
        result
    }
}

/// One line per document: what the generator made of it and what each step cost.
#[derive(Default)]
pub struct Report {
    rows: Vec<String>,
    failed: Vec<String>,
}

impl Report {
    const HEADER: &'static str = "| document | operations | types | lines | streaming methods | warnings | time |";

    /// Print and keep the line of a document's crate; a failure is recorded with its error.
    pub fn add(&mut self, specs: &Path, spec: &Path, done: Result<&SpecCrate, &anyhow::Error>) {
        let spec = done.map_or(spec, |c| c.spec.as_path());
        let name = spec.strip_prefix(specs).unwrap_or(spec).display().to_string();
        let row = match done {
            Ok(c) => {
                let s = &c.summary;
                let times: Vec<String> =
                    c.times.iter().map(|(step, t)| format!("{step} {:.1} s", t.as_secs_f64())).collect();
                format!(
                    "| {name} | {} | {} | {} | {} | {} | {} |",
                    s.operations,
                    s.types,
                    s.lines,
                    s.streams,
                    s.warnings.len(),
                    times.join(", ")
                )
            }
            Err(e) => {
                self.failed.push(format!("{name}: {e:#}"));
                format!("| {name} | FAILED: {} | | | | | |", format!("{e:#}").replace('|', "\\|").replace('\n', " "))
            }
        };
        eprintln!("sweep: {row}");
        self.rows.push(row);
    }

    /// The table as markdown, written to `file`; an error naming every document that failed.
    pub fn finish(self, file: &Path, elapsed: Duration) -> Result<()> {
        let mut text = format!("# Shared documents: generated, clippy, rustdoc\n\n{}\n", Self::HEADER);
        text.push_str("|---|---|---|---|---|---|---|\n");
        for row in &self.rows {
            let _ = writeln!(text, "{row}");
        }
        let _ = writeln!(text, "\n{} documents in {:.0} s.", self.rows.len(), elapsed.as_secs_f64());
        std::fs::write(file, &text).with_context(|| format!("cannot write {}", file.display()))?;
        eprintln!(
            "shared documents: {} swept in {:.0} s; table in {}",
            self.rows.len(),
            elapsed.as_secs_f64(),
            file.display()
        );
        if !self.failed.is_empty() {
            anyhow::bail!(
                "{} of {} shared documents failed:\n{}",
                self.failed.len(),
                self.rows.len(),
                self.failed.join("\n")
            );
        }
        Ok(())
    }
}
