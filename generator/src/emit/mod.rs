//! The IR to the files of a crate: Rust through `quote` and [`crate::render`], the rest
//! (Cargo.toml, README) through minijinja templates a vendor can override.

mod bundle;
mod channels;
mod client;
pub(crate) mod doc_check;
pub mod docs;
mod items;
mod model;
mod module;
mod operations;
mod package;
mod stream_end;
pub mod surface;

mod templates;
pub(crate) mod typeref;
mod unions;

pub use crate::ir::EnvOptions;

pub use module::emit_module;
pub use package::{document_homepage, PackageMetadata, API_FILE, RUNTIME_PACKAGE, RUNTIME_VERSION};
pub use templates::TemplateSource;

use crate::error::Error;
use crate::ir::{Api, ClientSurface, Module, StringFormat, TypeKind, TypeRef};
use crate::render;
use docs::inner_doc_attrs;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What the generated crate is called and how it finds the runtime.
#[derive(Debug, Clone, Default)]
pub struct CrateOptions {
    /// Package name (`openai-client`); when empty, one derived from the document's title
    /// (`Ollama API` gives `ollama-client`).
    pub name: String,
    pub version: String,
    /// Path from the crate's folder to the runtime (`oagen-runtime`), for a crate built inside
    /// a checkout of it; `None` names the runtime by version alone, as a published crate must.
    pub runtime_path: Option<String>,
    /// Carry the runtime inside the crate (as its module `runtime`, with `#[derive(Wire)]` written out) instead of
    /// depending on `oagen-runtime`: the crate then builds and packages with the registry alone.
    pub bundle_runtime: bool,
    /// Emit an empty `[workspace]` so the crate builds on its own wherever it is written.
    pub standalone: bool,
    /// The line every generated file starts with says how to regenerate it.
    pub command: String,
    pub templates: TemplateSource,
    /// Environment variables the client reads; derived from the crate name when `None`.
    pub env: Option<EnvOptions>,
    /// `description` of the manifest; one naming the API when `None`.
    pub description: Option<String>,
    /// `license` of the manifest; `MIT OR Apache-2.0` when `None`.
    pub license: Option<String>,
    /// What the client sends unless configured otherwise.
    pub client: ClientDefaults,
    /// Registry metadata of the manifest (repository, keywords, …) and license files.
    pub package: PackageMetadata,
    /// Hand-written modules compiled into the crate beside the generated ones.
    pub extensions: Vec<Extension>,
    /// `x-` keys that mark a property as not sent by the API (OpenAI's `x-oaiSupportedSDKs`):
    /// such properties are left out of the types (see [`crate::openapi::omit`]).
    pub omit_marked: Vec<String>,
    /// Types (generated or component names) that keep undeclared keys in their
    /// extra-properties field, besides the top-level response bodies, which always do.
    pub keep_unknown: Vec<String>,
    /// New Rust names of types (keys: generated or component names), as a variant's
    /// `[rename.types]`: a short name for a type users write often
    /// (`CreateChatCompletionRequestToolsItem` → `ChatTool`).
    pub rename_types: BTreeMap<String, String>,
    /// Refuse a document that is invalid but repairable (operations sharing an operationId,
    /// Swagger 2 `body`/`formData` parameters) instead of repairing it with warnings.
    pub strict: bool,
    /// String formats typed instead of `String` (`date-time` as `chrono::DateTime<Utc>`, …);
    /// the crate then depends on the crates of the formats it uses.
    pub typed_formats: BTreeSet<StringFormat>,
}

/// `["date-time", "uuid"]` (or `["all"]`) as formats; an unknown name is an error listing the
/// known ones.
pub fn parse_typed_formats(names: &[String]) -> Result<BTreeSet<StringFormat>, Error> {
    let mut formats = BTreeSet::new();
    for name in names {
        if name == "all" {
            formats.extend(StringFormat::ALL);
            continue;
        }
        let format = StringFormat::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = StringFormat::ALL.iter().map(|f| f.name()).collect();
            Error::msg(format!("unknown format `{name}` (known: {}, or all)", known.join(", ")))
        })?;
        formats.insert(format);
    }
    Ok(formats)
}

/// The typed formats `api` uses, in order: what the crate's manifest depends on.
pub fn used_formats(api: &Api) -> BTreeSet<StringFormat> {
    fn visit(t: &TypeRef, out: &mut BTreeSet<StringFormat>) {
        match t {
            TypeRef::Format(f) => {
                out.insert(*f);
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => visit(inner, out),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| visit(&f.ty, &mut out));
                if let Some(extra) = &s.extra {
                    visit(&extra.ty, &mut out);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| visit(&v.ty, &mut out)),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => visit(t, &mut out),
            TypeKind::Enum(_) | TypeKind::OpenString(_) => {}
        }
    }
    for op in &api.operations {
        for p in &op.params {
            visit(&p.ty, &mut out);
        }
    }
    out
}

/// A hand-written Rust module of the generated crate: API-specific conveniences (methods on
/// generated types, trait impls) that survive regeneration because their source lives
/// outside the output folder. It is written as `src/<module>.rs` and declared `pub mod
/// <module>;` at the crate root, and held to the crate's checks; it gates itself on the
/// crate's features (`#![cfg(feature = "chat")]`) where it needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extension {
    /// The module name (a snake-case Rust identifier).
    pub module: String,
    /// Where the source comes from, for the header of the written file.
    pub origin: String,
    /// The module's Rust source.
    pub source: String,
}

impl Extension {
    /// An extension read from a `.rs` file, named after it.
    pub fn read(path: &std::path::Path, origin: &str) -> Result<Extension, Error> {
        let module = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let source = std::fs::read_to_string(path)
            .map_err(|e| Error::msg(format!("cannot read the extension {}: {e}", path.display())))?;
        Ok(Extension { module, origin: origin.to_owned(), source })
    }
}

/// Module names of the crate root an extension cannot take.
const ROOT_MODULES: [&str; 6] = ["types", "operations", "client", "runtime", "lib", "main"];

/// `pub mod <module>;` for each extension, and its file, after checking its name.
fn extension_modules(options: &CrateOptions, files: &mut Files) -> Result<Vec<TokenStream>, Error> {
    let mut mods = Vec::new();
    for ext in &options.extensions {
        let name = &ext.module;
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && syn::parse_str::<syn::Ident>(name).is_ok();
        if !valid || ROOT_MODULES.contains(&name.as_str()) {
            return Err(Error::msg(format!(
                "the extension `{}` ({}) needs a snake-case module name other than {}",
                name,
                ext.origin,
                ROOT_MODULES.join(", ")
            )));
        }
        let path = PathBuf::from(format!("src/{name}.rs"));
        let text = format!(
            "// Hand-written, not generated: `{}` copies it from {}. Edit it there.\n\n{}",
            options.command, ext.origin, ext.source
        );
        if files.insert(path, text).is_some() {
            return Err(Error::msg(format!("two extensions are named `{name}`")));
        }
        let m = typeref::ident(name);
        mods.push(quote!(pub mod #m;));
    }
    Ok(mods)
}

/// A generated client's defaults beyond what the document says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientDefaults {
    /// Replaces the document's first server URL.
    pub base_url: Option<String>,
    /// Headers sent with every request (`name`, `value`).
    pub headers: Vec<(String, String)>,
    /// Query parameters sent with every request (`api-version`).
    pub query: Vec<(String, String)>,
}

/// Relative path to its text, ordered so output is deterministic.
pub type Files = BTreeMap<PathBuf, String>;

/// Every file of the generated crate.
pub fn emit_crate(api: &Api, surface: &ClientSurface, options: &CrateOptions) -> Result<Files, Error> {
    let mut files = Files::new();
    let header = render::header(&options.command, api);
    let modules = type_modules(api);
    emit_type_modules(api, &header, &modules, &mut files)?;
    emit_operation_modules(api, &header, &mut files)?;
    files.insert(
        PathBuf::from("src/client.rs"),
        render::rust_file(&header, client::client_file(api, surface, options))?,
    );
    let channels = channels::channels_file(api, true)
        .map(|tokens| -> Result<TokenStream, Error> {
            files.insert(PathBuf::from("src/channels.rs"), render::rust_file(&header, tokens)?);
            Ok(quote! {
                #[cfg(feature = "websocket")]
                #[cfg_attr(docsrs, doc(cfg(feature = "websocket")))]
                pub mod channels;
            })
        })
        .transpose()?;
    let extensions = extension_modules(options, &mut files)?;
    // The README (a template a vendor can override) is the crate's documentation, so its
    // examples are compiled as doctests.
    let client_exports = client::client_exports(api);
    let lib = quote! {
        #![doc = include_str!("../README.md")]
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #[cfg(feature = "client")]
        mod client;
        #[cfg(feature = "client")]
        #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
        pub mod operations;
        pub mod types;
        #channels

        #[cfg(feature = "client")]
        #client_exports
        pub use runtime;
        #[cfg(feature = "client")]
        pub use runtime::{Call, Error, RequestOptions, Response};
        #(#extensions)*
    };
    files.insert(PathBuf::from("src/lib.rs"), render::rust_file(&header, lib)?);
    if options.bundle_runtime {
        bundle::bundle(&mut files, &surface.crate_name.replace('-', "_"))?;
    }

    let bundled = options.bundle_runtime.then(bundle::bundled_manifest).transpose()?;
    let context = templates::Context::new(api, surface, options, &modules, bundled);
    for (path, text) in templates::render_all(&options.templates, &context)? {
        files.insert(path, text);
    }
    let mut api_record = serde_json::to_string_pretty(&surface::surface(api))
        .map_err(|e| Error::msg(format!("cannot record the public API: {e}")))?;
    api_record.push('\n');
    files.insert(PathBuf::from(API_FILE), api_record);
    for (name, text) in &options.package.license_files {
        if files.insert(PathBuf::from(name), text.clone()).is_some() {
            return Err(Error::msg(format!("the license file `{name}` would replace a generated file")));
        }
    }
    Ok(files)
}

/// `src/types/`: one file per module of types, and the `mod.rs` declaring them.
fn emit_type_modules(
    api: &Api,
    header: &str,
    modules: &BTreeMap<String, Vec<crate::ir::TypeId>>,
    files: &mut Files,
) -> Result<(), Error> {
    let derivable = typeref::Derivable::compute(api);
    let mut mod_items = Vec::new();
    let mut gates = BTreeMap::new();
    for (module, ids) in modules {
        let m = typeref::ident(module);
        // The module exists when any of its types does (an empty glob re-export would warn).
        let features = sorted_features(ids.iter().flat_map(|id| api.ty(*id).features.iter().cloned()));
        let gate = items::feature_gate(&features);
        mod_items.push(quote!(#gate pub mod #m; #gate pub use #m::*;));
        gates.insert(module.clone(), features);
    }
    // Each type is parsed and printed on its own: only one type's syntax tree is alive at a
    // time, and no large token stream is ever copied.
    let render_module = |module: &String, ids: &Vec<crate::ir::TypeId>| -> Result<Vec<(PathBuf, String)>, Error> {
        let doc = render::format_file(header, &render::parse_file(module_doc(api, &api.ty(ids[0]).module))?);
        let mut types = Vec::with_capacity(ids.len());
        for id in ids {
            let file = render::parse_file(type_tokens(api, *id, &derivable, Some(&gates[module])))?;
            types.push(render::format_file("", &file));
        }
        Ok(split_module(module, header, doc, types))
    };
    for (_, module_files) in parallel_map(modules, Vec::len, render_module) {
        files.extend(module_files?);
    }
    let types_mod = quote! {
        //! The types of the API's requests, responses and events, one module per API group.
        //! Every type is also re-exported here.
        #(#mod_items)*
    };
    files.insert(PathBuf::from("src/types/mod.rs"), render::rust_file(header, types_mod)?);
    Ok(())
}

/// A module's types above this many lines are written in several files.
const SPLIT_TYPES_OVER: usize = 30_000;

/// `src/types/<module>.rs`: the module's doc and its types, each rendered on its own. A module
/// larger than [`SPLIT_TYPES_OVER`] lines keeps its doc and includes its types from
/// `src/types/<module>/part_N.rs`, files of about that many lines cut between types (in the
/// same order, so the output stays deterministic); `include!` keeps every name in the one module.
fn split_module(module: &str, header: &str, doc: String, types: Vec<String>) -> Vec<(PathBuf, String)> {
    let total: usize = types.iter().map(|t| t.lines().count() + 1).sum();
    let mut main = doc;
    if total <= SPLIT_TYPES_OVER {
        for text in types {
            main.push('\n');
            main.push_str(&text);
        }
        return vec![(PathBuf::from(format!("src/types/{module}.rs")), main)];
    }
    let parts = total.div_ceil(SPLIT_TYPES_OVER);
    let per_part = total.div_ceil(parts);
    let mut files = Vec::new();
    let mut part = header.to_owned();
    let mut lines = 0;
    let mut types = types.into_iter().peekable();
    while let Some(text) = types.next() {
        lines += text.lines().count() + 1;
        part.push('\n');
        part.push_str(&text);
        if lines >= per_part || types.peek().is_none() {
            let name = format!("{module}/part_{}.rs", files.len() + 1);
            main.push_str(&format!("\ninclude!(\"{name}\");"));
            files.push((PathBuf::from(format!("src/types/{name}")), std::mem::replace(&mut part, header.to_owned())));
            lines = 0;
        }
    }
    main.push('\n');
    files.insert(0, (PathBuf::from(format!("src/types/{module}.rs")), main));
    files
}

/// `src/operations/`: one file per group, each an `impl Client` block, and the `mod.rs`.
fn emit_operation_modules(api: &Api, header: &str, files: &mut Files) -> Result<(), Error> {
    let mut emitted = operations::Emitted::default();
    let mut op_modules = Vec::new();
    for group in &api.groups {
        let items = operations::group_items(api, &group.module, &mut emitted);
        if items.is_empty() {
            continue;
        }
        let m = typeref::snake(&group.module);
        // Re-export the parameter structs and error enums; a module of methods alone has
        // nothing to export.
        let has_structs = operations::group_exports(api, &group.module);
        let feature = group.module.as_str();
        op_modules.push(if has_structs {
            quote!(#[cfg(feature = #feature)] pub mod #m; #[cfg(feature = #feature)] pub use #m::*;)
        } else {
            quote!(#[cfg(feature = #feature)] pub mod #m;)
        });
        let doc = inner_doc_attrs(Some(&format!("Operations of the {} API group.", docs::code_span(&group.wire))));
        files.insert(
            PathBuf::from(format!("src/operations/{}.rs", group.module)),
            render::rust_file(header, quote! { #doc #(#items)* })?,
        );
    }
    let shared_errors = operations::shared_error_enums(api, true);
    let ops_mod = quote! {
        //! Operations, one module per API group (and cargo feature): methods of
        //! [`Client`](crate::Client), the parameter structs of operations with query or
        //! header parameters, and the enums of error bodies that differ by status.
        #(#op_modules)*
        #(#shared_errors)*
    };
    files.insert(PathBuf::from("src/operations/mod.rs"), render::rust_file(header, ops_mod)?);
    Ok(())
}

/// Apply `f` to every entry on all cores; results come back in key order, so the output does
/// not depend on scheduling.
fn parallel_map<'a, K: Ord + Sync, V: Sync, R: Send>(
    map: &'a BTreeMap<K, V>,
    weight: impl Fn(&V) -> usize,
    f: impl Fn(&'a K, &'a V) -> R + Sync,
) -> Vec<(&'a K, R)> {
    let entries: Vec<(&K, &V)> = map.iter().collect();
    // Heaviest first, so one large module does not start last.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(entries[i].1)));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(entries.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&i) = order.get(n) else { break };
            let (k, v) = entries[i];
            out.push((i, f(k, v)));
        }
        out
    };
    // The calling thread is one of the workers: memory it freed earlier is reused at once.
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().expect("an emitter thread panicked"));
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(i, r)| (entries[i].0, r)).collect()
}

/// All types in one Rust module (modules nested inline), for snapshots and tests that
/// `include!` generated code.
pub fn emit_types_single_file(api: &Api) -> Result<String, Error> {
    let derivable = typeref::Derivable::compute(api);
    let modules = type_modules(api);
    let mods = modules.iter().map(|(module, ids)| {
        let m = typeref::ident(module);
        let items = ids.iter().map(|id| type_tokens(api, *id, &derivable, None));
        quote! {
            pub mod #m {
                #(#items)*
            }
            pub use #m::*;
        }
    });
    render::rust_file("", quote!(#(#mods)*))
}

/// A set of features in the one order gates are compared and written in.
fn sorted_features(features: impl IntoIterator<Item = Module>) -> Vec<Module> {
    let mut features: Vec<Module> = features.into_iter().collect();
    features.sort_by(|a, b| a.name().cmp(b.name()));
    features.dedup();
    features
}

/// The items of one type; with `module_gate`, gated where the type needs fewer features than
/// its module.
fn type_tokens(
    api: &Api,
    id: crate::ir::TypeId,
    derivable: &typeref::Derivable,
    module_gate: Option<&[Module]>,
) -> TokenStream {
    let items = items::type_items(api, api.ty(id), derivable, module_gate);
    quote!(#(#items)*)
}

/// Module name to its types in arena order, modules sorted by name.
fn type_modules(api: &Api) -> BTreeMap<String, Vec<crate::ir::TypeId>> {
    let mut out: BTreeMap<String, Vec<crate::ir::TypeId>> = BTreeMap::new();
    for def in &api.types {
        out.entry(def.module.name().to_owned()).or_default().push(def.id);
    }
    out
}

fn module_doc(api: &Api, module: &Module) -> TokenStream {
    let text = match module {
        Module::Shared => "Types used by operations of more than one API group.".to_owned(),
        Module::Unreferenced => {
            "Schemas of the document that no operation refers to (events, payloads of other channels).".to_owned()
        }
        Module::Group(module) => {
            let group = api.groups.iter().find(|g| g.module == *module);
            let name = docs::code_span(group.map_or(module.as_str(), |g| g.wire.as_str()));
            match group.and_then(|g| g.description.as_deref()) {
                Some(d) => format!("Types of the {name} API group.\n\n{d}"),
                None => format!("Types of the {name} API group."),
            }
        }
    };
    inner_doc_attrs(Some(&text))
}
