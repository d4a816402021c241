//! A crate that carries the runtime inside it (`CrateOptions::bundle_runtime`): the runtime's
//! source becomes the module `runtime` of the generated crate, so the crate builds, tests and
//! packages with nothing but the crate registry, wherever it is.
//!
//! The generated code does not change shape. Three rewrites make it build without the
//! runtime's crates:
//! - `#[derive(Wire)]` is a proc-macro, which a single package cannot carry: each derive is
//!   written out as source, by the same expansion the derive runs
//!   (`oagen-runtime-derive-expand`), under the item it belongs to.
//! - Paths that start at the runtime crate (`runtime::…` in generated code; `crate::…` and
//!   `runtime::…` in the runtime's own code) start at `crate::runtime::` instead, in code and
//!   in intra-doc links.
//! - The manifest lists the runtime's dependencies and features (from the runtime's own
//!   manifest, carried with its source) in place of the dependency on `oagen-runtime`.
//!
//! The runtime's files are printed from their syntax tree, so their doc comments are kept and
//! their plain comments are not; its unit tests are left out.

use super::Files;
use crate::error::Error;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use std::path::PathBuf;

mod source {
    include!(concat!(env!("OUT_DIR"), "/runtime_source.rs"));
}

/// The module of the generated crate that holds the runtime.
const MODULE: &str = "runtime";

/// Where a Rust file comes from: its paths are rewritten differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Generated code (and extensions), which names the runtime `runtime`.
    Generated,
    /// The runtime's own code, whose `crate` is the runtime.
    Runtime,
}

/// Rewrite `files` (a whole generated crate) to carry the runtime: see the module doc.
/// `crate_ident` is the crate's name as Rust writes it (doc examples of the runtime name it).
pub fn bundle(files: &mut Files, crate_ident: &str) -> Result<(), Error> {
    // The Rust files are taken out, rewritten on all cores and put back; nothing is copied.
    let (rust, rest): (Files, Files) = std::mem::take(files)
        .into_iter()
        .partition(|(path, _)| path.starts_with("src") && path.extension().is_some_and(|e| e == "rs"));
    *files = rest;
    let rewritten = super::parallel_map(&rust, String::len, |path, text| {
        rewrite(text, Origin::Generated, crate_ident, path == &PathBuf::from("src/lib.rs"))
            .map_err(|e| Error::msg(format!("internal error: cannot bundle the runtime into {}: {e}", path.display())))
    });
    for (path, text) in rewritten {
        files.insert(path.clone(), text?);
    }
    let header = format!(
        "// The runtime of oagen-generated clients (`oagen-runtime` {}), carried by this crate. Do not edit by hand.\n",
        runtime_version()?
    );
    for (relative, text) in source::RUNTIME_FILES {
        let is_root = *relative == "lib.rs";
        let target = if is_root { format!("src/{MODULE}/mod.rs") } else { format!("src/{MODULE}/{relative}") };
        let text = rewrite(text, Origin::Runtime, crate_ident, is_root)
            .map_err(|e| Error::msg(format!("internal error: cannot bundle the runtime's {relative}: {e}")))?;
        if files.insert(PathBuf::from(target.clone()), format!("{header}\n{text}")).is_some() {
            return Err(Error::msg(format!("the bundled runtime's {target} would replace a generated file")));
        }
    }
    Ok(())
}

/// The version of the runtime carried here, from its manifest.
fn runtime_version() -> Result<String, Error> {
    runtime_manifest()?
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(toml::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| Error::msg("the runtime's manifest has no package version"))
}

fn runtime_manifest() -> Result<toml::Table, Error> {
    toml::from_str(source::RUNTIME_MANIFEST).map_err(|e| Error::msg(format!("the runtime's manifest: {e}")))
}

/// What the manifest of a crate that carries the runtime declares for it: dependency lines
/// (`name = { … }`) and feature lines (`client = [ … ]`), TOML ready to print.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BundledManifest {
    pub dependencies: Vec<String>,
    pub features: Vec<String>,
}

/// The runtime's dependencies and features, with the workspace's shared entries resolved.
pub fn bundled_manifest() -> Result<BundledManifest, Error> {
    let runtime = runtime_manifest()?;
    let workspace: toml::Table =
        toml::from_str(source::WORKSPACE_MANIFEST).map_err(|e| Error::msg(format!("the workspace manifest: {e}")))?;
    let shared = workspace.get("workspace").and_then(|w| w.get("dependencies")).and_then(toml::Value::as_table);
    let mut manifest = BundledManifest::default();
    let deps = runtime.get("dependencies").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    for (name, spec) in deps {
        // The derive is written out as source (see the module doc).
        if name.starts_with("oagen-runtime-derive") {
            continue;
        }
        let mut table = match spec {
            toml::Value::String(version) => {
                toml::Table::from_iter([("version".to_owned(), toml::Value::String(version))])
            }
            toml::Value::Table(table) => table,
            other => return Err(Error::msg(format!("the runtime's dependency `{name}` is {}", toml_value(&other)))),
        };
        table.remove("path");
        if table.remove("workspace").is_some() {
            let base = shared.and_then(|s| s.get(&name)).cloned().ok_or_else(|| {
                Error::msg(format!("the runtime's dependency `{name}` is not in the workspace's dependencies"))
            })?;
            let mut base = match base {
                toml::Value::String(version) => {
                    toml::Table::from_iter([("version".to_owned(), toml::Value::String(version))])
                }
                toml::Value::Table(table) => table,
                other => {
                    return Err(Error::msg(format!("the workspace's dependency `{name}` is {}", toml_value(&other))))
                }
            };
            let mut features: Vec<toml::Value> =
                base.get("features").and_then(|f| f.as_array()).cloned().unwrap_or_default();
            for f in table.get("features").and_then(|f| f.as_array()).into_iter().flatten() {
                if !features.contains(f) {
                    features.push(f.clone());
                }
            }
            for (key, value) in table {
                base.insert(key, value);
            }
            if !features.is_empty() {
                base.insert("features".to_owned(), toml::Value::Array(features));
            }
            table = base;
        }
        manifest.dependencies.push(format!("{} = {}", toml_key(&name), inline_table(&table)));
    }
    let features = runtime.get("features").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    for (name, list) in features {
        if name == "default" {
            continue;
        }
        manifest.features.push(format!("{} = {}", toml_key(&name), toml_value(&list)));
    }
    Ok(manifest)
}

fn toml_key(key: &str) -> String {
    if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        key.to_owned()
    } else {
        toml_value(&toml::Value::String(key.to_owned()))
    }
}

/// A value as TOML writes it inline (the manifest's values are strings, booleans, arrays
/// and tables; JSON's string escapes are TOML's).
fn toml_value(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()).to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(items) => format!("[{}]", items.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        toml::Value::Table(table) => inline_table(table),
    }
}

/// `{ version = "1", features = ["std"] }`, keys in a stable order (version first).
fn inline_table(table: &toml::Table) -> String {
    let mut keys: Vec<&String> = table.keys().collect();
    keys.sort_by_key(|k| (k.as_str() != "version", k.as_str() != "package", (*k).clone()));
    let entries: Vec<String> = keys.iter().map(|k| format!("{} = {}", toml_key(k), toml_value(&table[*k]))).collect();
    format!("{{ {} }}", entries.join(", "))
}

/// One file, parsed, rewritten and printed again (its leading `//` comment lines kept).
fn rewrite(text: &str, origin: Origin, crate_ident: &str, is_root: bool) -> Result<String, String> {
    let (header, body) = leading_comments(text);
    let mut file = syn::parse_file(body).map_err(|e| e.to_string())?;
    if origin == Origin::Runtime {
        drop_test_items(&mut file.items);
        file.items.retain(|item| !is_runtime_self_reference(item));
        if is_root {
            // Crate-level attributes cannot stand in a module; its docs can.
            file.attrs.retain(|a| a.path().is_ident("doc"));
        }
    } else if is_root {
        for item in &mut file.items {
            if is_reexport_of_runtime(item) {
                *item = syn::parse_quote!(
                    pub mod runtime;
                );
            }
        }
    }
    expand_wire_derives(&mut file)?;
    // A file that declares a module `runtime` of its own (the types of an API group named
    // "runtime") means that module by `runtime::`; at the root, it is the runtime's module.
    let own_module = file.items.iter().any(|item| matches!(item, syn::Item::Mod(m) if m.ident == MODULE));
    let rewrite_runtime = origin == Origin::Runtime || !own_module;
    let tokens = rewrite_tokens(quote::ToTokens::to_token_stream(&file), origin, crate_ident, rewrite_runtime);
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("the rewritten code does not parse: {e}"))?;
    Ok(crate::render::format_file(header, &file))
}

/// The `//` lines a file starts with (its header), and the rest.
fn leading_comments(text: &str) -> (&str, &str) {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") && !trimmed.starts_with("///") && !trimmed.starts_with("//!") {
            end += line.len();
        } else {
            break;
        }
    }
    (text[..end].trim_end_matches('\n'), &text[end..])
}

/// `extern crate self as runtime;` and the re-export of the derive, which name crates the
/// bundled runtime is not.
fn is_runtime_self_reference(item: &syn::Item) -> bool {
    match item {
        syn::Item::ExternCrate(e) => e.ident == "self",
        syn::Item::Use(u) => quote::ToTokens::to_token_stream(&u.tree).to_string().starts_with("oagen_runtime_derive"),
        _ => false,
    }
}

/// `pub use runtime;` at the crate root.
fn is_reexport_of_runtime(item: &syn::Item) -> bool {
    matches!(item, syn::Item::Use(u) if matches!(&u.tree, syn::UseTree::Name(n) if n.ident == MODULE))
}

/// Remove items under `#[cfg(test)]` (or any `cfg` that needs `test`), in nested modules too.
fn drop_test_items(items: &mut Vec<syn::Item>) {
    items.retain(|item| !item_attrs(item).iter().any(needs_test));
    for item in items {
        if let syn::Item::Mod(m) = item {
            if let Some((_, inner)) = &mut m.content {
                drop_test_items(inner);
            }
        }
    }
}

fn needs_test(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr.meta.require_list().is_ok_and(|list| {
            list.tokens.clone().into_iter().any(|t| matches!(&t, TokenTree::Ident(i) if i == "test"))
                && !list.tokens.to_string().starts_with("not")
        })
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// Write each `#[derive(Wire)]` out, wherever its item is (a module, a function body, a
/// block): the derive leaves the list (and `#[wire]` attributes their item), and the
/// expansion follows the item, under the item's own `cfg`s.
fn expand_wire_derives(file: &mut syn::File) -> Result<(), String> {
    use syn::visit_mut::VisitMut;
    struct Expander {
        error: Option<String>,
    }
    impl Expander {
        fn expand(&mut self, items: Vec<syn::Item>) -> Vec<syn::Item> {
            let mut out = Vec::with_capacity(items.len());
            for mut item in items {
                match expand_one(&mut item) {
                    Ok(impls) => {
                        out.push(item);
                        out.extend(impls);
                    }
                    Err(error) => {
                        self.error.get_or_insert(error);
                        out.push(item);
                    }
                }
            }
            out
        }
    }
    impl VisitMut for Expander {
        fn visit_file_mut(&mut self, file: &mut syn::File) {
            syn::visit_mut::visit_file_mut(self, file);
            file.items = self.expand(std::mem::take(&mut file.items));
        }
        fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
            syn::visit_mut::visit_item_mod_mut(self, m);
            if let Some((_, items)) = &mut m.content {
                *items = self.expand(std::mem::take(items));
            }
        }
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            syn::visit_mut::visit_block_mut(self, block);
            if !block.stmts.iter().any(|s| matches!(s, syn::Stmt::Item(_))) {
                return;
            }
            let mut stmts = Vec::with_capacity(block.stmts.len());
            for stmt in std::mem::take(&mut block.stmts) {
                match stmt {
                    syn::Stmt::Item(item) => stmts.extend(self.expand(vec![item]).into_iter().map(syn::Stmt::Item)),
                    other => stmts.push(other),
                }
            }
            block.stmts = stmts;
        }
    }
    let mut expander = Expander { error: None };
    expander.visit_file_mut(file);
    expander.error.map_or(Ok(()), Err)
}

/// The expansion of the item's `#[derive(Wire)]` (none without one), the item left without it.
fn expand_one(item: &mut syn::Item) -> Result<Vec<syn::Item>, String> {
    let expansion = match item {
        syn::Item::Struct(s) => take_wire_derive(&mut s.attrs).then(|| {
            let input = quote::ToTokens::to_token_stream(&*s);
            strip_wire_attrs(&mut s.attrs);
            for field in s.fields.iter_mut() {
                strip_wire_attrs(&mut field.attrs);
            }
            (input, cfgs(&s.attrs))
        }),
        syn::Item::Enum(e) => take_wire_derive(&mut e.attrs).then(|| {
            let input = quote::ToTokens::to_token_stream(&*e);
            strip_wire_attrs(&mut e.attrs);
            for variant in e.variants.iter_mut() {
                strip_wire_attrs(&mut variant.attrs);
            }
            (input, cfgs(&e.attrs))
        }),
        _ => None,
    };
    let Some((input, cfgs)) = expansion else { return Ok(Vec::new()) };
    let impls = oagen_runtime_derive_expand::try_derive(input)?;
    let impls: syn::File = syn::parse2(impls).map_err(|e| format!("the derive's expansion does not parse: {e}"))?;
    impls
        .items
        .into_iter()
        .map(|generated| {
            syn::parse2(quote::quote!(#cfgs #generated))
                .map_err(|e| format!("the derive's expansion does not parse: {e}"))
        })
        .collect()
}

/// Remove `Wire` from the item's derives (the attribute too when nothing is left); whether
/// it was there.
fn take_wire_derive(attrs: &mut Vec<syn::Attribute>) -> bool {
    let mut found = false;
    let mut emptied = Vec::new();
    for (index, attr) in attrs.iter_mut().enumerate() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) =
            attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        let kept: Vec<&syn::Path> =
            paths.iter().filter(|p| p.segments.last().is_none_or(|s| s.ident != "Wire")).collect();
        if kept.len() == paths.len() {
            continue;
        }
        found = true;
        if kept.is_empty() {
            emptied.push(index);
        } else {
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    for index in emptied.into_iter().rev() {
        attrs.remove(index);
    }
    found
}

fn strip_wire_attrs(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain(|a| !a.path().is_ident("wire"));
}

/// The item's `#[cfg]`s, which its expansion must share.
fn cfgs(attrs: &[syn::Attribute]) -> TokenStream {
    let cfgs = attrs.iter().filter(|a| a.path().is_ident("cfg"));
    quote::quote!(#(#cfgs)*)
}

/// Paths that start at the runtime crate start at `crate::runtime::`, in code and in the
/// doc text of intra-doc links.
fn rewrite_tokens(tokens: TokenStream, origin: Origin, crate_ident: &str, runtime: bool) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        let tree = &trees[i];
        let path_follows = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
            && matches!(trees.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
        let after_path_separator = i >= 2
            && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == ':')
            && matches!(&trees[i - 2], TokenTree::Punct(p) if p.as_char() == ':');
        match tree {
            TokenTree::Ident(ident) if runtime && path_follows && !after_path_separator && ident == MODULE => {
                out.extend(runtime_path_start());
                i += 3;
                continue;
            }
            TokenTree::Ident(ident) if path_follows && origin == Origin::Runtime && ident == "crate" => {
                out.extend(runtime_path_start());
                i += 3;
                continue;
            }
            TokenTree::Group(group) => {
                let inner = if group.delimiter() == Delimiter::Bracket {
                    rewrite_doc_attr(group.stream(), origin, crate_ident)
                } else {
                    None
                };
                let stream = inner.unwrap_or_else(|| rewrite_tokens(group.stream(), origin, crate_ident, runtime));
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                out.push(TokenTree::Group(rebuilt));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// `crate::runtime::`
fn runtime_path_start() -> Vec<TokenTree> {
    let sep = || [TokenTree::Punct(Punct::new(':', Spacing::Joint)), TokenTree::Punct(Punct::new(':', Spacing::Alone))];
    let mut out = vec![TokenTree::Ident(Ident::new("crate", Span::call_site()))];
    out.extend(sep());
    out.push(TokenTree::Ident(Ident::new(MODULE, Span::call_site())));
    out.extend(sep());
    out
}

/// The inside of `#[doc = "…"]` with its text rewritten; `None` for any other attribute.
fn rewrite_doc_attr(stream: TokenStream, origin: Origin, crate_ident: &str) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(lit)] = trees.as_slice() else {
        return None;
    };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit.clone()).into()).ok()?.value();
    let text = rewrite_doc_text(&text, origin, crate_ident);
    Some([trees[0].clone(), trees[1].clone(), TokenTree::Literal(Literal::string(&text))].into_iter().collect())
}

/// Intra-doc links and examples in doc text: `runtime::` (and, in the runtime, `crate::`)
/// after a backtick, bracket or parenthesis becomes `crate::runtime::`; the runtime's
/// examples name it through this crate.
fn rewrite_doc_text(text: &str, origin: Origin, crate_ident: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    let starts: &[&str] = match origin {
        Origin::Generated => &["runtime::"],
        Origin::Runtime => &["runtime::", "crate::"],
    };
    while let Some(c) = rest.chars().next() {
        if matches!(c, '`' | '[' | '(') {
            out.push(c);
            rest = &rest[1..];
            if let Some(start) = starts.iter().find(|s| rest.starts_with(**s)) {
                out.push_str("crate::runtime::");
                rest = &rest[start.len()..];
            }
            continue;
        }
        if origin == Origin::Runtime && rest.starts_with("oagen_runtime") && !rest.starts_with("oagen_runtime_") {
            out.push_str(crate_ident);
            out.push_str("::runtime");
            rest = &rest["oagen_runtime".len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_to_the_runtime_start_at_its_module() {
        let generated = rewrite(
            "// header\nuse runtime::Call;\nfn f() -> runtime::Error { x::runtime::y(); crate::Client::new() }\n",
            Origin::Generated,
            "pets",
            false,
        )
        .unwrap();
        assert!(generated.starts_with("// header\n"), "{generated}");
        assert!(generated.contains("use crate::runtime::Call;"), "{generated}");
        assert!(generated.contains("-> crate::runtime::Error"), "{generated}");
        assert!(generated.contains("x::runtime::y()"), "{generated}");
        assert!(generated.contains("crate::Client::new()"), "{generated}");
        let runtime =
            rewrite("pub(crate) use crate::error::Error;\nfn f() { runtime::x(); }\n", Origin::Runtime, "pets", false)
                .unwrap();
        assert!(runtime.contains("pub(crate) use crate::runtime::error::Error;"), "{runtime}");
        assert!(runtime.contains("crate::runtime::x()"), "{runtime}");
    }

    #[test]
    fn doc_links_follow_and_examples_name_the_crate() {
        let text = "See [`runtime::Error`] and [`crate::Call`]; `use oagen_runtime::Binary;`";
        assert_eq!(
            rewrite_doc_text(text, Origin::Runtime, "pets"),
            "See [`crate::runtime::Error`] and [`crate::runtime::Call`]; `use pets::runtime::Binary;`"
        );
        assert_eq!(
            rewrite_doc_text(text, Origin::Generated, "pets"),
            "See [`crate::runtime::Error`] and [`crate::Call`]; `use oagen_runtime::Binary;`"
        );
    }

    #[test]
    fn a_wire_derive_is_written_out_under_its_item() {
        let text = "#[cfg(feature = \"pets\")]\n#[derive(Debug, runtime::Wire)]\npub struct Pet {\n    #[wire(rename = \"type\")]\n    pub kind: Option<String>,\n}\n";
        let out = rewrite(text, Origin::Generated, "pets", false).unwrap();
        assert!(out.contains("#[derive(Debug)]"), "{out}");
        assert!(!out.contains("wire("), "{out}");
        assert!(out.contains("\"type\""), "{out}");
        assert!(out.contains("crate::runtime::__private::serde"), "{out}");
        assert_eq!(out.matches("#[cfg(feature = \"pets\")]").count(), 2, "{out}");
    }

    #[test]
    fn test_items_and_self_references_are_left_out_of_the_runtime() {
        let text = "//! Doc.\n#![deny(missing_docs)]\nextern crate self as runtime;\npub use oagen_runtime_derive::Wire;\npub fn kept() {}\n#[cfg(test)]\nmod tests {}\n";
        let out = rewrite(text, Origin::Runtime, "pets", true).unwrap();
        assert_eq!(out.trim(), "//! Doc.\n\npub fn kept() {}");
    }

    #[test]
    fn a_group_module_named_runtime_keeps_its_name() {
        let out = rewrite("pub mod runtime;\npub use runtime::*;\n", Origin::Generated, "pets", false).unwrap();
        assert!(out.contains("pub use runtime::*;"), "{out}");
    }

    #[test]
    fn the_root_declares_the_runtime_module() {
        let out =
            rewrite("pub use runtime;\npub use runtime::{Call, Error};\n", Origin::Generated, "pets", true).unwrap();
        assert!(out.contains("pub mod runtime;"), "{out}");
        // At the root, `runtime::` is the module declared there.
        assert!(out.contains("pub use runtime::{Call, Error};"), "{out}");
    }

    #[test]
    fn the_manifest_lists_the_runtimes_dependencies_and_features() {
        let manifest = bundled_manifest().unwrap();
        let deps = manifest.dependencies.join("\n");
        assert!(deps.contains("reqwest = { version = \"0.12\""), "{deps}");
        assert!(deps.contains("serde_json = { version = \"1\""), "{deps}");
        assert!(deps.contains("raw_value"), "{deps}");
        assert!(!deps.contains("oagen-runtime-derive"), "{deps}");
        assert!(!deps.contains("workspace"), "{deps}");
        let features = manifest.features.join("\n");
        assert!(features.contains("client = [\"dep:reqwest\""), "{features}");
        assert!(!features.contains("default"), "{features}");
        // Every file of the runtime is carried.
        assert!(source::RUNTIME_FILES.iter().any(|(p, _)| *p == "lib.rs"));
        assert!(source::RUNTIME_FILES.iter().any(|(p, _)| p.contains('/')));
    }
}
