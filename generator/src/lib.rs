//! oagen: an OpenAPI 3.0/3.1 document in, a typed Rust client crate out.
//!
//! The front door is [`Spec`] (a document read, checked and located) and [`generate`]:
//!
//! ```no_run
//! let options = oagen::CrateOptions { name: "petstore".into(), ..Default::default() };
//! let (files, summary) = oagen::generate(std::path::Path::new("petstore.yaml"), &options)?;
//! oagen::output::write(std::path::Path::new("petstore"), &files, false)?;
//! # Ok::<(), oagen::Error>(())
//! ```
//!
//! Inside, the pipeline is `load` (text to a JSON tree, with a way back to line:column),
//! [`openapi`] (the tree read into a typed view of the document), [`schema`] (what a schema
//! means: references, nullability, `allOf`, tags — asked by every stage and tool), `lower`
//! (into the [`ir`], where every naming and shape decision is taken) and `emit` (IR to Rust
//! tokens and files, through the [`surface`] model of the crate's public API). Nothing in the
//! core touches the file system except [`Spec::load`] and [`output`].
//!
//! The side tools (API diff, conformance of examples) live in the `oagen-tools` crate and
//! reach the generator only through what is public here.

mod emit;
mod error;
mod load;
mod lower;
mod render;

pub mod ir;
pub mod openapi;
pub mod output;
pub mod rust;
pub mod schema;

pub mod select;
pub mod terminal;

pub mod variant;

pub use emit::surface;

/// The sanitizer every document text goes through on its way into a doc comment, and the
/// check of its output as rustdoc reads it (public for the fuzz target and property tests).
pub mod doc_text {
    pub use crate::emit::doc_check::is_inert;
    pub use crate::emit::docs::{sanitize, sanitize_checked};
}
pub use emit::{
    document_homepage, parse_typed_formats, ClientDefaults, CrateOptions, EnvOptions, Extension, Files,
    PackageMetadata, TemplateSource, API_FILE, RUNTIME_PACKAGE, RUNTIME_VERSION,
};
pub use error::{pointer_tokens, push_pointer, Error, Location};
pub use load::Source;

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
    /// What the document asked for that was changed or left out, each located.
    pub warnings: Vec<Error>,
    /// Operations with a typed event-stream method.
    pub streams: usize,
}

/// A document read and checked: its text (to locate errors), its tree and its typed view.
#[derive(Debug, Clone)]
pub struct Spec {
    source: Source,
    document: openapi::Document,
}

impl Spec {
    /// Read, parse and check a file (YAML or JSON, OpenAPI 3.0 or 3.1), repairing with
    /// warnings what a strict reading refuses.
    pub fn load(path: &Path) -> Result<Spec, Error> {
        Spec::from_source(Source::read(path)?)
    }

    /// Read, parse and check a file as `options` say.
    pub fn load_with(path: &Path, options: openapi::ReadOptions) -> Result<Spec, Error> {
        Spec::from_source_with(Source::read(path)?, options)
    }

    /// Check a parsed document.
    pub fn from_source(source: Source) -> Result<Spec, Error> {
        Spec::from_source_with(source, openapi::ReadOptions::default())
    }

    /// Check a parsed document as `options` say.
    pub fn from_source_with(source: Source, options: openapi::ReadOptions) -> Result<Spec, Error> {
        let document = openapi::Document::read_with(&source.root, options).map_err(|e| source.locate_error(e))?;
        Ok(Spec { source, document })
    }

    /// The typed view of the document.
    pub fn document(&self) -> &openapi::Document {
        &self.document
    }

    /// The document as parsed, every key kept.
    pub fn tree(&self) -> &serde_json::Value {
        &self.source.root
    }

    /// The file it was read from, as the user named it.
    pub fn path(&self) -> &Path {
        &self.source.path
    }

    /// Lower into the IR: every type and operation of the crate, named; its warnings located.
    pub fn lower(&self) -> Result<ir::Api, Error> {
        let mut api = lower::lower(&self.document).map_err(|e| self.locate(e))?;
        api.warnings = std::mem::take(&mut api.warnings).into_iter().map(|w| self.locate(w)).collect();
        Ok(api)
    }

    /// [`Spec::lower`], with strings of the `formats` typed (`date-time` as
    /// `chrono::DateTime<Utc>`, …), as [`CrateOptions::typed_formats`] asks.
    pub fn lower_with_formats(&self, formats: &std::collections::BTreeSet<ir::StringFormat>) -> Result<ir::Api, Error> {
        let mut api = lower::lower_with(&self.document, formats).map_err(|e| self.locate(e))?;
        api.warnings = std::mem::take(&mut api.warnings).into_iter().map(|w| self.locate(w)).collect();
        Ok(api)
    }

    /// Fill in the file and line:column of an error about this document.
    pub fn locate(&self, error: Error) -> Error {
        self.source.locate_error(error)
    }
}

/// Read a document and produce every file of its crate.
pub fn generate(spec: &Path, options: &CrateOptions) -> Result<(Files, Summary), Error> {
    generate_source(Source::read(spec)?, options.clone(), |_, _| Ok(()))
}

/// Every file of a crate from a lowered API.
pub fn emit(api: &ir::Api, options: &CrateOptions) -> Result<Files, Error> {
    emit::emit_crate(api, &client_surface(api, options)?, options)
}

/// The client `options` ask for, decided by lower for the emitter.
fn client_surface(api: &ir::Api, options: &CrateOptions) -> Result<ir::ClientSurface, Error> {
    let choices = lower::client_surface::SurfaceChoices {
        crate_name: &options.name,
        env: options.env.as_ref(),
        base_url: options.client.base_url.as_deref(),
    };
    lower::client_surface::client_surface(api, choices)
}

/// The whole client of a lowered API as one Rust file, for a build script: written into
/// `OUT_DIR` and included at the root of the crate that builds it (generated code names its
/// items `crate::types::…`), which depends on `runtime = { package = "oagen-runtime", .. }`,
/// `serde` and `serde_json`. No cargo features: every group is in.
///
/// ```no_run
/// // build.rs, the body of its `main`:
/// let spec = oagen::Spec::load("api.yaml".as_ref()).unwrap_or_else(|e| panic!("{e}"));
/// let api = spec.lower().unwrap_or_else(|e| panic!("{e}"));
/// let options = oagen::CrateOptions { command: "build.rs".into(), ..Default::default() };
/// let code = oagen::emit_module(&api, &options).unwrap_or_else(|e| panic!("{e}"));
/// let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("api.rs");
/// std::fs::write(out, code).unwrap();
/// println!("cargo:rerun-if-changed=api.yaml");
/// // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/api.rs"));
/// ```
pub fn emit_module(api: &ir::Api, options: &CrateOptions) -> Result<String, Error> {
    emit::emit_module(api, &client_surface(api, options)?, options)
}

/// The types of a lowered API as one Rust file (modules inline, no features, no client): what
/// a test or a build script compiles to round-trip values through them.
pub fn emit_types(api: &ir::Api) -> Result<String, Error> {
    emit::emit_types_single_file(api)
}

/// Produce every file of a crate from a parsed document; `customize` may change the lowered
/// API and the options before emission (a variant's renames and settings).
pub(crate) fn generate_source(
    mut source: Source,
    mut options: CrateOptions,
    customize: impl FnOnce(&mut ir::Api, &mut CrateOptions) -> Result<(), Error>,
) -> Result<(Files, Summary), Error> {
    let t0 = Instant::now();
    openapi::omit::omit_marked_properties(&mut source.root, &options.omit_marked);
    let read = openapi::ReadOptions { strict: options.strict };
    let doc = openapi::Document::read_with(&source.root, read).map_err(|e| source.locate_error(e))?;
    if options.package.homepage.is_none() {
        options.package.homepage = document_homepage(&source.root);
    }
    // The tree is not needed once read (errors are located from the text): free it early.
    source.root = serde_json::Value::Null;
    let t1 = Instant::now();
    let mut api = lower::lower_with(&doc, &options.typed_formats).map_err(|e| source.locate_error(e))?;
    lower::keep_unknown_in_named(&mut api, &options.keep_unknown)?;
    variant::rename_types(&mut api, &options.rename_types)?;
    let warnings: Vec<Error> = std::mem::take(&mut api.warnings).into_iter().map(|w| source.locate_error(w)).collect();
    customize(&mut api, &mut options)?;
    let component_types = doc.schemas.len();
    drop(doc);
    let t2 = Instant::now();
    let files = emit(&api, &options)?;
    let t3 = Instant::now();
    let summary = Summary {
        operations: api.operations.len(),
        types: api.types.len(),
        component_types,
        files: files.len(),
        lines: files.values().map(|f| f.lines().count()).sum(),
        phases: vec![("read", t1 - t0), ("lower", t2 - t1), ("emit", t3 - t2)],
        warnings,
        streams: api.operations.iter().filter(|op| op.stream.is_some()).count(),
    };
    Ok((files, summary))
}
