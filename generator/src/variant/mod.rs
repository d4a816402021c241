//! SDK variants: a TOML file turns a spec (or several, or a part of one) into a branded crate.
//! The steps, in order: read and merge the documents, apply the overlays, select the
//! operations, lower, rename and re-authenticate, then emit with the variant's package,
//! client defaults, environment variables and templates.

pub mod config;
mod customize;
mod merge;
pub mod overlay;

pub(crate) use customize::rename_types;

pub use config::VariantFile;

use crate::emit::{ClientDefaults, CrateOptions, EnvOptions, PackageMetadata, TemplateSource};
use crate::error::Error;
use crate::ir::Api;
use crate::load::Source;
use crate::lower::client_surface::{env_prefix, schemes_by_use};
use crate::select::{subset, Matcher, Selection};
use crate::{Files, Summary};
use serde_json::Value;
use std::collections::BTreeMap;

use std::path::{Path, PathBuf};

/// A variant file, read and checked.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The file's path; the paths inside it are relative to its folder.
    pub path: PathBuf,
    pub file: VariantFile,
}

impl Variant {
    pub fn read(path: &Path) -> Result<Variant, Error> {
        Ok(Variant { path: path.to_path_buf(), file: VariantFile::read(path)? })
    }

    /// The variant's name: its file name without `.toml`.
    pub fn name(&self) -> String {
        self.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// A path written in the file, made usable from the current directory.
    pub fn resolve(&self, relative: &Path) -> PathBuf {
        self.path.parent().unwrap_or(Path::new("")).join(relative)
    }

    /// Where the crate is written.
    pub fn out_dir(&self) -> PathBuf {
        self.resolve(&self.file.package.out)
    }

    /// The document the crate is generated from: the inputs merged, overlaid and cut down
    /// to the selected operations.
    pub fn document(&self) -> Result<Source, Error> {
        let spec = &self.file.spec;
        let first = self.resolve(&spec.documents[0]);
        let mut source = Source::read(&first)?;
        let untouched = spec.documents.len() == 1 && spec.overlays.is_empty() && self.file.channels.is_empty();
        for more in &spec.documents[1..] {
            let more = Source::read(&self.resolve(more))?;
            merge::merge_into(&mut source.root, &more.root).map_err(|e| more.locate_error(e))?;
        }
        for overlay in &spec.overlays {
            let overlay = Source::read(&self.resolve(overlay))?;
            overlay::apply(&mut source.root, &overlay.root).map_err(|e| overlay.locate_error(e))?;
        }
        if !self.file.channels.is_empty() {
            let key = crate::openapi::CHANNELS_KEY;
            let declared = source
                .root
                .as_object_mut()
                .map(|root| root.entry(key.to_owned()).or_insert_with(|| Value::Object(serde_json::Map::new())));
            let Some(Value::Object(declared)) = declared else {
                return Err(Error::msg(format!(
                    "{}: [channels] the document's `{key}` is not an object",
                    self.path.display()
                )));
            };
            for (name, channel) in &self.file.channels {
                declared.insert(name.clone(), channel.clone());
            }
        }
        let selection = Selection {
            include: (&self.file.select.include).into(),
            exclude: (&self.file.select.exclude).into(),
            drop_descriptions: false,
        };
        source.root = subset(&source.root, &selection)
            .map_err(|e| Error::msg(format!("{}: [select] {}", self.path.display(), e.message)))?;
        regroup(&mut source.root, &self.file.group)
            .map_err(|e| Error::msg(format!("{}: [[group]] {}", self.path.display(), e.message)))?;
        if !untouched {
            // Positions in the text no longer match the tree; errors keep their pointer only.
            source.text.clear();
        }
        Ok(source)
    }

    /// The crate's options; `base` gives the runtime path, the regeneration command and
    /// whether the crate stands alone. Reads the license files the variant names.
    pub fn crate_options(&self, base: CrateOptions) -> Result<CrateOptions, Error> {
        let package = &self.file.package;
        let client = &self.file.client;
        let mut license_files = Vec::new();
        for file in &package.license_files {
            let path = self.resolve(file);
            let name = file.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
                Error::msg(format!(
                    "{}: [crate] license-files: `{}` names no file",
                    self.path.display(),
                    file.display()
                ))
            })?;
            let text = std::fs::read_to_string(&path).map_err(|e| {
                Error::msg(format!(
                    "{}: [crate] license-files: cannot read {}: {e}",
                    self.path.display(),
                    path.display()
                ))
            })?;
            license_files.push((name.to_owned(), text));
        }
        let extensions = package
            .extensions
            .iter()
            .map(|file| {
                crate::Extension::read(&self.resolve(file), &file.display().to_string())
                    .map_err(|e| Error::msg(format!("{}: [crate] extensions: {}", self.path.display(), e.message)))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(CrateOptions {
            name: package.name.clone(),
            version: package.version.clone(),
            description: package.description.clone(),
            license: package.license.clone(),
            templates: TemplateSource { override_dir: package.templates.as_ref().map(|t| self.resolve(t)) },
            client: ClientDefaults {
                base_url: client.base_url.clone(),
                headers: client.default_headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                query: client.default_query.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            },
            env: None,
            package: PackageMetadata {
                repository: package.repository.clone(),
                homepage: package.homepage.clone(),
                documentation: package.documentation.clone(),
                keywords: package.keywords.clone(),
                categories: package.categories.clone(),
                license_files,
                optional_dependencies: package
                    .optional_dependencies
                    .iter()
                    .map(|(name, version)| (name.clone(), version.clone()))
                    .collect(),
            },
            extensions,
            omit_marked: package.omit_marked.clone(),
            keep_unknown: package.keep_unknown.clone(),
            strict: package.strict || base.strict,
            typed_formats: crate::emit::parse_typed_formats(&package.typed_formats)
                .map_err(|e| Error::msg(format!("{}: [crate] typed-formats: {}", self.path.display(), e.message)))?,
            // A variant's renames are its file's `[rename.types]`, applied with its other
            // changes; the base's name types of another document.
            rename_types: Default::default(),
            ..base
        })
    }

    /// Renames, authentication and environment variables, on the lowered API.
    fn customize(&self, api: &mut Api, options: &mut CrateOptions) -> Result<(), Error> {
        let in_file = |e: Error| Error::msg(format!("{}: {}", self.path.display(), e.message));
        customize::rename_types(api, &self.file.rename.types).map_err(in_file)?;
        customize::rename_methods(api, &self.file.rename.methods).map_err(in_file)?;
        if let Some(auth) = &self.file.client.auth {
            customize::set_auth(api, auth).map_err(in_file)?;
        }
        let client = &self.file.client;
        // A variant is the vendor's own SDK: its variables follow its crate's name.
        let mut env = EnvOptions::derived(api, &env_prefix("", &options.name));
        if let Some(var) = &client.env_base_url {
            env.base_url = var.clone();
        }
        if let Some(var) = &client.env_api_key {
            let primary = schemes_by_use(api).first().map(|s| s.key.clone());
            let entry = env.credentials.iter_mut().find(|(k, _)| Some(k) == primary.as_ref());
            let entry = entry.ok_or_else(|| {
                in_file(Error::msg(format!(
                    "[client] env-api-key `{var}`: the document declares no security scheme for a key"
                )))
            })?;
            entry.1 = var.clone();
        }
        env.headers = client.env_headers.iter().map(|(var, header)| (var.clone(), header.clone())).collect();
        options.env = Some(env);
        Ok(())
    }
}

/// Put operations in the variant's groups: a group is a tag, so each member operation's tags
/// become the group's name, and the group is declared first in `tags`.
fn regroup(doc: &mut Value, groups: &[config::GroupSection]) -> Result<(), Error> {
    if groups.is_empty() {
        return Ok(());
    }
    // Membership is decided on the document as selected, before any tag is rewritten.
    let mut claimed: BTreeMap<(String, String), (String, &str)> = BTreeMap::new();
    for group in groups {
        let matcher: Matcher = (&group.members).into();
        let mut members = 0;
        for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                if !crate::openapi::METHODS.contains(&method.as_str()) || !matcher.selects(op, path) {
                    continue;
                }
                let id =
                    crate::schema::display_id_of(op.get("operationId").and_then(Value::as_str), method, path, None);
                if let Some((_, other)) = claimed.insert((path.clone(), method.clone()), (id.clone(), &group.name)) {
                    return Err(Error::msg(format!(
                        "operation `{id}` is in both group `{other}` and group `{}`",
                        group.name
                    )));
                }
                members += 1;
            }
        }
        if members == 0 {
            return Err(Error::msg(format!("group `{}` selects no operation", group.name)));
        }
    }
    for ((path, method), (_, group)) in &claimed {
        if let Some(op) = doc.get_mut("paths").and_then(|p| p.get_mut(path)).and_then(|i| i.get_mut(method)) {
            op["tags"] = Value::Array(vec![Value::String(group.to_string())]);
        }
    }
    let declared: Vec<Value> = groups
        .iter()
        .map(|g| {
            let mut tag = serde_json::Map::new();
            tag.insert("name".to_owned(), Value::String(g.name.clone()));
            if let Some(d) = &g.description {
                tag.insert("description".to_owned(), Value::String(d.clone()));
            }
            Value::Object(tag)
        })
        .collect();
    if let Value::Object(root) = doc {
        let tags = root.entry("tags").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(tags) = tags {
            tags.retain(|t| !groups.iter().any(|g| t.get("name").and_then(Value::as_str) == Some(g.name.as_str())));
            tags.splice(0..0, declared);
        }
    }
    Ok(())
}

/// Every file of the variant's crate.
pub fn generate(variant: &Variant, base: CrateOptions) -> Result<(Files, Summary), Error> {
    let source = variant.document()?;
    let options = variant.crate_options(base)?;
    crate::generate_source(source, options, |api, options| variant.customize(api, options))
}
