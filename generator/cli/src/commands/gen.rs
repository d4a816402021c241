//! `oagen gen`: a crate from a document or a variant file, written or checked. Each run
//! compares the new crate's public Rust API with the one recorded in the output folder by the
//! previous generation and prints the semver bump it implies; with `--bump` the version is
//! raised by that bump where it is kept and an entry is added to the crate's CHANGELOG.md.

use super::bump::{self, ApiChange, CHANGELOG};
use crate::args::GenArgs;
use crate::paths::relative_path;
use anyhow::{bail, Context, Result};
use oagen::{CrateOptions, Files, Summary, TemplateSource};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a crate is generated from.
#[derive(Debug, Clone)]
pub enum Input {
    /// An OpenAPI document; the version is the one in [`Job::options`].
    Spec(PathBuf),
    /// A variant file; name, version and package settings come from it.
    Variant(PathBuf),
}

/// One crate to generate.
#[derive(Debug, Clone)]
pub struct Job {
    pub input: Input,
    /// The folder the crate is written to.
    pub out: PathBuf,
    /// The crate's options (for a variant, those the variant file does not set).
    pub options: CrateOptions,
    /// The command that brings the folder up to date, for `--check`'s message.
    pub fix: String,
}

/// What a run does with the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write them.
    Write,
    /// Write them, also into a folder that has files but no generator manifest (one an
    /// older generator, or a person, filled).
    Force,
    /// Compare them with the folder; change nothing.
    Check,
    /// Raise the version by the bump the API change implies, add a changelog entry, write.
    Bump,
}

impl From<&GenArgs> for Mode {
    fn from(args: &GenArgs) -> Mode {
        match (args.check, args.bump, args.force) {
            (true, _, _) => Mode::Check,
            (false, true, _) => Mode::Bump,
            (false, false, true) => Mode::Force,
            (false, false, false) => Mode::Write,
        }
    }
}

/// The jobs of `oagen gen`: `--spec FILE --out DIR`, or `--variant FILE`.
pub fn from_args(args: &GenArgs) -> Result<Vec<Job>> {
    match (&args.spec, &args.out, &args.variant) {
        (Some(spec), Some(out), None) => Ok(vec![Job::from_spec_args(spec, out, args)?]),
        (None, None, Some(variant)) => {
            let file = Path::new(variant);
            let out = oagen::variant::Variant::read(file)?.out_dir();
            let options = CrateOptions {
                runtime_path: runtime_path(&out, args.runtime_path.as_deref())?,
                bundle_runtime: bundles_runtime(args),
                standalone: !args.workspace_member,
                command: format!("oagen gen --variant {variant}"),
                strict: args.strict,
                ..CrateOptions::default()
            };
            Ok(vec![Job::variant(file, options)?])
        }
        _ => bail!("name what to generate: --spec FILE --out DIR, or --variant FILE"),
    }
}

/// Whether the crate carries the runtime's source: unless a runtime folder is given or the
/// registry's runtime asked for (the runtime is not on the registry yet).
pub fn bundles_runtime(args: &GenArgs) -> bool {
    args.runtime_path.is_none() && args.runtime != Some(crate::args::RuntimeSource::Registry)
}

/// Path from `out` to the runtime folder, if one is given.
pub fn runtime_path(out: &Path, runtime: Option<&Path>) -> Result<Option<String>> {
    runtime.map(|r| relative_path(out, r)).transpose()
}

/// The version of the crate in `dir`, from its `Cargo.toml`; `None` when there is none yet.
pub fn committed_version(dir: &Path) -> Result<Option<String>> {
    let manifest = dir.join("Cargo.toml");
    let Some(text) = oagen::output::read_file(&manifest)? else {
        return Ok(None);
    };
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("{} is not TOML", manifest.display()))?;
    Ok(table.get("package").and_then(|p| p.get("version")).and_then(|v| v.as_str()).map(str::to_owned))
}

impl Job {
    /// `--spec FILE --out DIR` as the arguments say: the package is named after the document's
    /// title unless `--name` says otherwise, and keeps the version of the crate already there.
    pub fn from_spec_args(spec: &Path, out: &Path, args: &GenArgs) -> Result<Job> {
        // Before anything is read there (`--out /` is refused at once, not after a walk).
        oagen::output::check_out_dir(out)?;
        // Empty: the generator names the crate after `info.title`.
        let name = args.name.clone().unwrap_or_default();
        let options = CrateOptions {
            name,
            version: committed_version(out)?.unwrap_or_else(|| "0.1.0".to_owned()),
            runtime_path: runtime_path(out, args.runtime_path.as_deref())?,
            bundle_runtime: bundles_runtime(args),
            standalone: !args.workspace_member,
            command: "oagen gen --spec <FILE> --out <DIR>".to_owned(),
            templates: TemplateSource { override_dir: args.templates.clone() },
            extensions: args
                .extensions
                .iter()
                .map(|file| oagen::Extension::read(file, &file.display().to_string()))
                .collect::<Result<_, _>>()?,
            omit_marked: args.omit_marked.clone(),
            keep_unknown: args.keep_unknown.clone(),
            strict: args.strict,
            typed_formats: oagen::parse_typed_formats(&args.typed_formats)?,
            ..CrateOptions::default()
        };
        let fix = format!("oagen gen --spec {} --out {}", spec.display(), out.display());
        Ok(Job { input: Input::Spec(spec.to_path_buf()), out: out.to_path_buf(), options, fix })
    }

    /// A variant file's crate; `base` gives what the file does not set.
    pub fn variant(file: &Path, base: CrateOptions) -> Result<Job> {
        let variant = oagen::variant::Variant::read(file)?;
        let fix = base.command.clone();
        Ok(Job { input: Input::Variant(file.to_path_buf()), out: variant.out_dir(), options: base, fix })
    }

    /// The document or variant file read.
    pub fn source(&self) -> &Path {
        match &self.input {
            Input::Spec(p) | Input::Variant(p) => p,
        }
    }

    /// Every file of the crate, its version and the summary; with `version`, under that
    /// version instead of the current one. The crate's CHANGELOG.md, kept by `--bump`, is
    /// carried over from the folder.
    pub fn files(&self, version: Option<&str>) -> Result<(Files, Summary, String)> {
        let (mut files, summary, version) = match &self.input {
            Input::Spec(spec) => {
                let mut options = self.options.clone();
                if let Some(v) = version {
                    v.clone_into(&mut options.version);
                }
                let (files, summary) = oagen::generate(spec, &options)?;
                (files, summary, options.version)
            }
            Input::Variant(file) => {
                let variant = oagen::variant::Variant::read(file)?;
                if version.is_some_and(|v| v != variant.file.package.version) {
                    bail!("{}: the version was not written", file.display());
                }
                let version = variant.file.package.version.clone();
                let (files, summary) = oagen::variant::generate(&variant, self.options.clone())?;
                (files, summary, version)
            }
        };
        if let Some(changelog) = bump::read_changelog(&self.out)? {
            files.insert(PathBuf::from(CHANGELOG), changelog);
        }
        Ok((files, summary, version))
    }

    /// Write the new version where this crate's version is kept: the variant file, or (for a
    /// document) the crate's own manifest, which the regeneration writes.
    fn keep_version(&self, version: &str) -> Result<()> {
        match &self.input {
            Input::Variant(file) => bump::set_variant_version(file, version),
            Input::Spec(_) => Ok(()),
        }
    }
}

/// Run every job; false when a check found drift.
pub fn run_all(jobs: &[Job], mode: Mode) -> Result<bool> {
    let mut clean = true;
    for job in jobs {
        clean &= run(job, mode)?;
    }
    Ok(clean)
}

/// Generate one crate and write it, check it, or bump and write it; false when `Check` finds
/// drift.
pub fn run(job: &Job, mode: Mode) -> Result<bool> {
    let started = Instant::now();
    eprintln!("generating {} from {}", job.out.display(), job.source().display());
    let (mut files, summary, version) = job.files(None)?;
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    eprintln!("{}", summary_line(&summary));
    let change = bump::api_change(&job.out, &files)?;
    if let Some(change) = &change {
        eprintln!("{}", change.describe(&version, mode == Mode::Bump));
    }
    if mode == Mode::Bump {
        if let Some(change) = change.filter(|c| c.diff.bump > oagen_tools::diff::rust_api::Bump::None) {
            let next = bump::next_version(&version, change.diff.bump)?;
            job.keep_version(&next)?;
            let entry = bump::changelog_entry(&change, &version, &next);
            (files, _, _) = job.files(Some(&next))?;
            let changelog = bump::prepend_entry(files.get(Path::new(CHANGELOG)).map(String::as_str), &entry);
            files.insert(PathBuf::from(CHANGELOG), changelog);
            eprintln!("version {version} → {next}; wrote the entry in {}", job.out.join(CHANGELOG).display());
        }
    }
    if mode == Mode::Check {
        let drift = oagen::output::check(&job.out, &files)?;
        if drift.is_clean() {
            eprintln!("{} is up to date ({:.2} s)", job.out.display(), started.elapsed().as_secs_f64());
            return Ok(true);
        }
        for f in &drift.stale {
            eprintln!("stale: {}", job.out.join(f).display());
        }
        for f in &drift.stray {
            eprintln!("stray: {}", job.out.join(f).display());
        }
        eprintln!("run `{}` to bring {} up to date", job.fix, job.out.display());
        return Ok(false);
    }
    let written = oagen::output::write(&job.out, &files, mode == Mode::Force)?;
    for f in &written.kept {
        eprintln!("warning: {} is not generated and was left in place", job.out.join(f).display());
    }
    for f in &written.removed {
        eprintln!("removed {}: no longer generated", job.out.join(f).display());
    }
    for f in &written.edited {
        eprintln!(
            "warning: {} is no longer generated but was left in place: its content is not what the generator \
             wrote (edited since, or listed without a hash by an older manifest); remove it if it is not yours",
            job.out.join(f).display()
        );
    }
    for f in &written.replaced_edits {
        eprintln!("warning: {} had been edited since it was generated; replaced", job.out.join(f).display());
    }
    eprintln!(
        "wrote {} of {} files to {} in {:.2} s",
        written.changed.len(),
        files.len() + 1,
        job.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(true)
}

/// Operations, types, files, lines and the time of each phase.
fn summary_line(summary: &Summary) -> String {
    let phases: Vec<String> =
        summary.phases.iter().map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1e3)).collect();
    format!(
        "  {} operations, {} types ({} from components/schemas, {} inline), {} files, {} lines [{}]",
        summary.operations,
        summary.types,
        summary.component_types,
        summary.types - summary.component_types,
        summary.files,
        summary.lines,
        phases.join(", ")
    )
}

impl ApiChange {
    /// One line for the log, and the changes that decided it.
    fn describe(&self, version: &str, bumping: bool) -> String {
        use oagen_tools::diff::rust_api::Bump;
        let mut out = match self.diff.bump {
            Bump::None => "  public Rust API unchanged".to_owned(),
            bump => {
                let next = bump::next_version(version, bump).unwrap_or_else(|_| "?".to_owned());
                let hint = if bumping { String::new() } else { " with --bump".to_owned() };
                format!("  public Rust API: semver {bump} ({}); version {version} → {next}{hint}", self.diff.reason)
            }
        };
        const SHOWN: usize = 10;
        for change in self.diff.changes.iter().take(SHOWN) {
            out.push_str(&format!("\n    {:<5} {}: {}", change.bump.label(), change.item, change.detail));
        }
        if self.diff.changes.len() > SHOWN {
            out.push_str(&format!("\n    … and {} more", self.diff.changes.len() - SHOWN));
        }
        out
    }
}
