//! The command line, declared once with clap: `oagen` parses it as is, and a project's task
//! runner embeds the same argument structs in its own commands.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn OpenAPI documents into typed Rust client crates.
#[derive(Debug, Parser)]
#[command(name = "oagen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate (or check) a crate from a document, or from a variant file.
    Gen(GenArgs),
    /// What changed between two documents, what it breaks, and the semver bump for the spec
    /// and for the generated Rust API.
    Diff(DiffArgs),
    /// Work on documents.
    #[command(subcommand)]
    Spec(SpecCommand),
    /// Check every example of a document against the crate generated from it.
    Conformance(ConformanceArgs),
}

/// `gen`: `--spec FILE --out DIR`, or `--variant FILE`.
#[derive(Debug, Clone, Default, Args)]
pub struct GenArgs {
    /// The OpenAPI document (YAML or JSON, OpenAPI 3.0 or 3.1).
    #[arg(long, value_name = "FILE", requires = "out", conflicts_with = "variant")]
    pub spec: Option<PathBuf>,
    /// The folder the crate is written to.
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub out: Option<PathBuf>,
    /// The package name (default: from the document's `info.title`, `Ollama API` gives
    /// `ollama-client`).
    #[arg(long, requires = "spec")]
    pub name: Option<String>,
    /// A folder of `Cargo.toml.j2` / `README.md.j2` found before the built-in templates.
    #[arg(long, value_name = "DIR", requires = "spec")]
    pub templates: Option<PathBuf>,
    /// A hand-written Rust module compiled into the crate (`sugar.rs` becomes `pub mod
    /// sugar`); repeat for several.
    #[arg(long = "extension", value_name = "FILE", requires = "spec")]
    pub extensions: Vec<PathBuf>,
    /// Leave out properties whose schema carries this `x-` key (one the vendor uses for
    /// fields its API never sends, such as OpenAI's `x-oaiSupportedSDKs`); repeat for several.
    #[arg(long = "omit-marked", value_name = "KEY", requires = "spec")]
    pub omit_marked: Vec<String>,
    /// Keep the undeclared keys of this type (a generated or component name) in its
    /// extra-properties field, as every top-level response body does; repeat for several.
    #[arg(long = "keep-unknown", value_name = "TYPE", requires = "spec")]
    pub keep_unknown: Vec<String>,
    /// A variant file (`NAME.toml`): documents, overlays, selection, package and client
    /// settings in one place.
    #[arg(long, value_name = "FILE")]
    pub variant: Option<String>,
    /// Depend on the runtime at this folder (a checkout of `oagen-runtime`) besides its
    /// version, to build without the registry.
    #[arg(long, value_name = "DIR")]
    pub runtime_path: Option<PathBuf>,
    /// Where the crate's runtime comes from when no `--runtime-path` is given: `bundled`
    /// (default) writes the runtime's source into the crate as its module `runtime`, so it
    /// builds, tests and packages with the crate registry alone; `registry` depends on
    /// `oagen-runtime` by version.
    #[arg(long, value_enum, conflicts_with = "runtime_path")]
    pub runtime: Option<RuntimeSource>,
    /// Type strings of these formats (`date-time`, `date`, `uuid`, `uri`, or `all`; comma-separated
    /// or repeated) as chrono, uuid and url types instead of `String`.
    #[arg(long, value_name = "FORMAT", value_delimiter = ',', requires = "spec")]
    pub typed_formats: Vec<String>,
    /// The crate is a member of the workspace around it (no `[workspace]` of its own).
    #[arg(long)]
    pub workspace_member: bool,
    /// Change nothing; exit non-zero naming each stale or stray file.
    #[arg(long, conflicts_with = "bump")]
    pub check: bool,
    /// When the public Rust API changed, raise the crate's version by the semver bump that
    /// implies and add an entry to its CHANGELOG.md.
    #[arg(long)]
    pub bump: bool,
    /// Refuse a document that is invalid but repairable (operations sharing an operationId,
    /// Swagger 2 `in: body`/`in: formData` parameters) instead of repairing it with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Write into a folder that has files but no `.oagen-manifest` (the list of files the
    /// generator wrote there before); without it such a folder is refused.
    #[arg(long, conflicts_with_all = ["check", "bump"])]
    pub force: bool,
}

/// `diff OLD NEW`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The older document: a file, or `REV:path` for a file at a git revision.
    pub old: String,
    /// The newer document, likewise.
    pub new: String,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit 1 when a change at least this severe is found.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<Level>,
    /// Show only the changes at least this severe (and only the major Rust API changes); the
    /// counts stay those of the whole comparison.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub only: Option<Level>,
}

/// Where a generated crate's runtime comes from (`--runtime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuntimeSource {
    /// The runtime's source, inside the crate.
    Bundled,
    /// `oagen-runtime` from the crate registry.
    Registry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// A severity threshold: this one and anything more severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Breaking,
    PotentiallyBreaking,
}

#[derive(Debug, Subcommand)]
pub enum SpecCommand {
    /// Keep some operations and exactly the components they reach.
    Subset(SubsetArgs),
}

/// `spec subset`.
#[derive(Debug, Clone, Args)]
#[command(group = clap::ArgGroup::new("select").required(true).multiple(true).args(["ops", "tags"]))]
pub struct SubsetArgs {
    /// The document to cut down.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// operationIds to keep, comma-separated.
    #[arg(long, value_name = "ID,..", value_delimiter = ',')]
    pub ops: Vec<String>,
    /// Tags whose operations to keep, comma-separated.
    #[arg(long, value_name = "TAG,..", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Leave out every `description`.
    #[arg(long)]
    pub drop_descriptions: bool,
    /// Where to write it (JSON for `.json`, else YAML); standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `conformance`.
#[derive(Debug, Clone, Args)]
pub struct ConformanceArgs {
    /// The document whose examples are checked.
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// Examples known to contradict their own schema (JSON).
    #[arg(long, value_name = "FILE")]
    pub known_bad: Option<PathBuf>,
    /// Read the document's response examples with the crate of this older document.
    #[arg(long, value_name = "OLD_SPEC")]
    pub against: Option<PathBuf>,
    /// Print a known-bad entry for each failing example that contradicts its own schema.
    #[arg(long)]
    pub suggest_known_bad: bool,
    /// Where the crates and harnesses are generated and built (default: `target/oagen`).
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Build against the runtime at this folder instead of the registry's.
    #[arg(long, value_name = "DIR")]
    pub runtime_path: Option<PathBuf>,
}
