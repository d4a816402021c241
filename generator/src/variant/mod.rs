//! SDK variants: a TOML file turns a spec (or several, or a part of one) into a branded crate.
//! The steps, in order: read and merge the documents, apply the overlays, select the
//! operations, lower, rename and re-authenticate, then emit with the variant's package,
//! client defaults, environment variables and templates.

pub mod config;
mod customize;
mod merge;
pub mod overlay;

pub use config::VariantFile;

use crate::emit::{env_prefix, schemes_by_use, ClientDefaults, CrateOptions, EnvOptions, TemplateSource};
use crate::error::Error;
use crate::ir::Api;
use crate::load::Source;
use crate::subset::{subset, Selection};
use crate::{Files, Summary};

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
        let untouched = spec.documents.len() == 1 && spec.overlays.is_empty();
        for more in &spec.documents[1..] {
            let more = Source::read(&self.resolve(more))?;
            merge::merge_into(&mut source.root, &more.root).map_err(|e| more.locate_error(e))?;
        }
        for overlay in &spec.overlays {
            let overlay = Source::read(&self.resolve(overlay))?;
            overlay::apply(&mut source.root, &overlay.root).map_err(|e| overlay.locate_error(e))?;
        }
        let selection = Selection {
            include: (&self.file.select.include).into(),
            exclude: (&self.file.select.exclude).into(),
            drop_descriptions: false,
        };
        source.root = subset(&source.root, &selection).map_err(|e| Error::msg(format!("{}: [select] {}", self.path.display(), e.message)))?;
        if !untouched {
            // Positions in the text no longer match the tree; errors keep their pointer only.
            source.text.clear();
        }
        Ok(source)
    }

    /// The crate's options; `base` gives the runtime path, the regeneration command and
    /// whether the crate stands alone.
    pub fn crate_options(&self, base: CrateOptions) -> CrateOptions {
        let package = &self.file.package;
        let client = &self.file.client;
        CrateOptions {
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
            ..base
        }
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
        let mut env = EnvOptions::derived(api, &env_prefix(&options.name));
        if let Some(var) = &client.env_base_url {
            env.base_url = var.clone();
        }
        if let (Some(var), Some(primary)) = (&client.env_api_key, schemes_by_use(api).first()) {
            if let Some(entry) = env.credentials.iter_mut().find(|(k, _)| k == &primary.key) {
                entry.1 = var.clone();
            }
        }
        env.headers = client.env_headers.iter().map(|(var, header)| (var.clone(), header.clone())).collect();
        options.env = Some(env);
        Ok(())
    }
}

/// Every file of the variant's crate.
pub fn generate(variant: &Variant, base: CrateOptions) -> Result<(Files, Summary), Error> {
    let source = variant.document()?;
    let options = variant.crate_options(base);
    crate::generate_source(source, options, |api, options| variant.customize(api, options))
}
