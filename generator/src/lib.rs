//! The generator: an OpenAPI 3.0/3.1 document in, a typed Rust client crate out.
//!
//! The pipeline is `load` (text to a JSON tree, with a way back to line:column), `openapi`
//! (the tree read into a typed view of the document), `lower` (into our own IR, where every
//! naming decision is taken) and `emit` (IR to Rust tokens and files). Nothing in the core
//! touches the file system except [`load::Source::read`] and [`write`].

pub mod error;
pub mod load;
pub mod openapi;

pub use error::Error;
pub mod conformance;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod ir;
pub mod lower;
pub mod output;
pub mod render;
pub mod subset;
pub mod variant;

pub use emit::{ClientDefaults, CrateOptions, EnvOptions, Files, TemplateSource};

use std::path::Path;
use std::time::{Duration, Instant};

/// What one generation did, for the summary line and the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub operations: usize,
    pub types: usize,
    /// Types from `components/schemas`.
    pub component_types: usize,
    pub files: usize,
    pub lines: usize,
    /// Wall time per phase: read, lower, emit (emit includes formatting).
    pub phases: Vec<(&'static str, Duration)>,
}

/// Read a document and produce every file of its crate.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<(Files, Summary), Error> {
    generate_source(load::Source::read(spec)?, options.clone(), |_, _| Ok(()))
}

/// Produce every file of a crate from a parsed document; `customize` may change the lowered
/// API and the options before emission (a variant's renames and settings).
pub fn generate_source(
    mut source: load::Source,
    mut options: CrateOptions,
    customize: impl FnOnce(&mut ir::Api, &mut CrateOptions) -> Result<(), Error>,
) -> Result<(Files, Summary), Error> {
    let t0 = Instant::now();
    let doc = openapi::Document::read(&source.root).map_err(|e| source.locate_error(e))?;
    // The tree is not needed once read (errors are located from the text): free it early.
    source.root = serde_json::Value::Null;
    let t1 = Instant::now();
    let mut api = lower::lower(&doc).map_err(|e| source.locate_error(e))?;
    customize(&mut api, &mut options)?;
    let component_types = doc.schemas.len();
    drop(doc);
    let t2 = Instant::now();
    let files = emit::emit_crate(&api, &options)?;
    let t3 = Instant::now();
    let summary = Summary {
        operations: api.operations.len(),
        types: api.types.len(),
        component_types,
        files: files.len(),
        lines: files.values().map(|f| f.lines().count()).sum(),
        phases: vec![("read", t1 - t0), ("lower", t2 - t1), ("emit", t3 - t2)],
    };
    Ok((files, summary))
}

/// A document read, checked and lowered, ready to emit.
pub fn load_api(path: &Path) -> Result<ir::Api, Error> {
    let source = load::Source::read(path)?;
    let doc = openapi::Document::read(&source.root).map_err(|e| source.locate_error(e))?;
    lower::lower(&doc).map_err(|e| source.locate_error(e))
}
