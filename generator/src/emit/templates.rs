//! The non-Rust files of the generated crate, rendered with minijinja. Templates in a
//! vendor's folder are found before the built-in ones, file by file.

use super::CrateOptions;
use crate::error::Error;
use crate::ir::{Api, TypeId};
use minijinja::Environment;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Built-in templates: output path and template text.
const BUILT_IN: [(&str, &str); 2] = [
    ("Cargo.toml", include_str!("../../templates/Cargo.toml.j2")),
    ("README.md", include_str!("../../templates/README.md.j2")),
];

/// Where templates come from: a folder searched first (`<output path>.j2`), then the
/// built-in ones.
#[derive(Debug, Clone, Default)]
pub struct TemplateSource {
    pub override_dir: Option<PathBuf>,
}

#[derive(Serialize)]
pub struct Context {
    command: String,
    crate_name: String,
    crate_ident: String,
    crate_version: String,
    standalone: bool,
    /// Registry metadata and the runtime dependency, as TOML values.
    package: super::package::PackageContext,
    api_title: String,
    api_version: String,
    operation_count: usize,
    type_count: usize,
    groups: Vec<GroupContext>,
    base_url: String,
    /// The manifest's `description`.
    description: String,
    license: String,
    env_base_url: String,
    env_credentials: Vec<String>,
    env_pairs: Vec<EnvPair>,
    /// Cargo features: one per API group, and `unreferenced` when schemas no operation uses
    /// exist.
    features: Vec<String>,
}

#[derive(Serialize)]
struct EnvPair {
    var: String,
    what: String,
}

#[derive(Serialize)]
struct GroupContext {
    wire: String,
    module: String,
    operations: usize,
    types: usize,
}

impl Context {
    pub fn new(api: &Api, options: &CrateOptions, modules: &BTreeMap<String, Vec<TypeId>>) -> Context {
        let env = super::client::env_options(api, options);
        let groups = api
            .groups
            .iter()
            .map(|g| GroupContext {
                wire: g.wire.replace('|', "\\|"),
                module: g.module.clone(),
                operations: api.operations.iter().filter(|o| o.group == g.module).count(),
                types: modules.get(&g.module).map_or(0, Vec::len),
            })
            .collect();
        Context {
            command: options.command.clone(),
            crate_name: options.name.clone(),
            crate_ident: options.name.replace('-', "_"),
            crate_version: options.version.clone(),
            standalone: options.standalone,
            package: super::package::PackageContext::new(&options.package, options.runtime_path.as_deref()),
            api_title: api.title.replace('"', "'"),
            api_version: api.version.clone(),
            operation_count: api.operations.len(),
            type_count: api.types.len(),
            groups,
            base_url: super::client::base_url(api, options),
            description: options
                .description
                .clone()
                .unwrap_or_else(|| format!("Typed Rust client for {} (API version {})", api.title, api.version))
                .replace('"', "'"),
            license: options.license.clone().unwrap_or_else(|| "MIT OR Apache-2.0".to_owned()),
            env_base_url: env.base_url.clone(),
            env_credentials: env.credentials.iter().map(|(_, v)| v.clone()).collect(),
            features: {
                let mut f: Vec<String> = api.types.iter().flat_map(|t| t.features.iter().cloned()).collect();
                f.extend(api.operations.iter().filter(|o| !o.webhook).map(|o| o.group.clone()));
                f.sort();
                f.dedup();
                f
            },
            env_pairs: env
                .credentials
                .iter()
                .map(|(k, v)| EnvPair { var: v.clone(), what: format!("the credential of security scheme `{k}`") })
                .chain(env.headers.iter().map(|(v, h)| EnvPair { var: v.clone(), what: format!("the `{h}` header") }))
                .collect(),
        }
    }
}

pub fn render_all(source: &TemplateSource, context: &Context) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    let mut out = Vec::new();
    for (path, built_in) in BUILT_IN {
        let text = match &source.override_dir {
            Some(dir) if dir.join(format!("{path}.j2")).is_file() => {
                let file = dir.join(format!("{path}.j2"));
                std::fs::read_to_string(&file)
                    .map_err(|e| Error::msg(format!("cannot read template {}: {e}", file.display())))?
            }
            _ => built_in.to_owned(),
        };
        env.add_template_owned(path.to_owned(), text)
            .map_err(|e| Error::msg(format!("template {path}.j2 does not parse: {e}")))?;
        let rendered = env
            .get_template(path)
            .and_then(|t| t.render(context))
            .map_err(|e| Error::msg(format!("template {path}.j2 failed to render: {e}")))?;
        out.push((PathBuf::from(path), rendered));
    }
    Ok(out)
}
