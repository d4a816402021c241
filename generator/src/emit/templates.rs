//! The non-Rust files of the generated crate, rendered with minijinja. Templates in a
//! vendor's folder are found before the built-in ones, file by file.
//!
//! Every value a template prints is escaped for the file it lands in, whoever wrote the
//! template: in a `.toml` file as the content of a TOML basic string (templates write
//! `key = "{{ value }}"`; a quote, backslash or line break in the value stays inside the
//! string), in a `.md` file as markdown text that stays on its line ([`docs::inline_text`]).
//! Filters say more where a template knows more: `code` (an inline code span), `md` (a
//! description, sanitized as doc comments are), `toml` (a whole TOML string) and `toml_key`.
//! The rendered manifest must parse as TOML, and the crate name must be one Cargo accepts.

use super::docs;
use super::CrateOptions;
use crate::error::Error;
use crate::ir::{Api, ClientSurface, TypeId};
use minijinja::value::Value;
use minijinja::{AutoEscape, Environment};
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

#[derive(Serialize, Clone)]
pub struct Context {
    command: String,
    /// Dependencies of the typed formats the crate uses (`name = { … }` lines).
    format_dependencies: Vec<String>,
    crate_name: String,
    crate_ident: String,
    crate_version: String,
    standalone: bool,
    /// Registry metadata and the runtime dependency, as TOML values.
    package: super::package::PackageContext,
    api_title: String,
    api_version: String,
    /// Operations and webhooks.
    operation_count: usize,
    /// Methods of `Client`: the operations that are not webhooks.
    method_count: usize,
    webhook_count: usize,
    /// The enum the webhooks' bodies decode into, when there are webhooks with JSON bodies.
    webhook_event: Option<WebhookContext>,
    type_count: usize,
    groups: Vec<GroupContext>,
    base_url: String,
    /// The manifest's `description`.
    description: String,
    license: String,
    env_base_url: String,
    env_credentials: Vec<String>,
    env_pairs: Vec<EnvPair>,
    /// One per security scheme: its variable, its key and how its credential is sent.
    credentials: Vec<CredentialContext>,
    /// Every operation needs a credential, so `Client::from_env()` fails without one.
    credential_required: bool,
    /// Cargo features: one per API group, and `unreferenced` when schemas no operation uses
    /// exist.
    features: Vec<String>,
    /// The features a feature turns on, by name.
    feature_deps: BTreeMap<String, Vec<String>>,
    /// The WebSocket channels (name, method, session type); their crate has a `websocket` feature.
    channels: Vec<ChannelContext>,
    /// An enum of documented error bodies (`GetPetError`), when an operation's error statuses
    /// have different schemas.
    error_enum: Option<String>,
    /// The type most operations name for all their error bodies (`Error`), when one does.
    error_type: Option<String>,
}

#[derive(Serialize, Clone)]
struct ChannelContext {
    name: String,
    method: String,
    session: String,
    group: String,
}

#[derive(Serialize, Clone)]
struct EnvPair {
    var: String,
    what: String,
}

#[derive(Serialize, Clone)]
struct CredentialContext {
    var: String,
    scheme: String,
    how: String,
    /// HTTP basic: the credential is `user:password`.
    basic: bool,
}

#[derive(Serialize, Clone)]
struct WebhookContext {
    /// Its name, re-exported at `types::`.
    name: String,
    /// `decode(name, body)` selects the variant by the webhook's name; otherwise a property
    /// of the body tells the variants apart, and serde reads it.
    by_name: bool,
}

#[derive(Serialize, Clone)]
struct GroupContext {
    wire: String,
    module: String,
    /// Its methods of `Client`.
    operations: usize,
    webhooks: usize,
    types: usize,
}

/// The manifest line of the crate a typed format needs (both date formats need chrono).
fn format_dependency(format: crate::ir::StringFormat) -> String {
    use crate::ir::StringFormat;
    match format {
        StringFormat::DateTime | StringFormat::Date => {
            r#"chrono = { version = "0.4.31", default-features = false, features = ["serde", "std"] }"#
        }
        StringFormat::Uuid => r#"uuid = { version = "1", features = ["serde"] }"#,
        StringFormat::Uri => r#"url = { version = "2", features = ["serde"] }"#,
    }
    .to_owned()
}

/// The named type most operations give for every error status with a schema (ties: the
/// first in the document).
fn common_error_type(api: &Api) -> Option<String> {
    let mut counts: Vec<(TypeId, usize)> = Vec::new();
    for op in api.operations.iter().filter(|o| !o.webhook) {
        if let crate::ir::ErrorBodies::One(crate::ir::TypeRef::Named(id)) = &op.errors {
            match counts.iter_mut().find(|(t, _)| t == id) {
                Some((_, n)) => *n += 1,
                None => counts.push((*id, 1)),
            }
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().find(|(_, n)| *n == most).map(|(id, _)| api.ty(*id).name.clone())
}

impl Context {
    pub fn new(
        api: &Api,
        surface: &ClientSurface,
        options: &CrateOptions,
        modules: &BTreeMap<String, Vec<TypeId>>,
        bundled: Option<super::bundle::BundledManifest>,
    ) -> Context {
        let env = &surface.env;
        let schemes = &surface.schemes;
        let scheme = |key: &str| schemes.iter().find(|s| s.key == key);
        let credentials: Vec<CredentialContext> = env
            .credentials
            .iter()
            .map(|(key, var)| CredentialContext {
                var: var.clone(),
                scheme: key.clone(),
                how: scheme(key).map_or_else(|| "a credential".to_owned(), |s| super::client::how_sent(&s.kind)),
                basic: scheme(key).is_some_and(|s| s.kind == crate::ir::SecurityKind::Basic),
            })
            .collect();
        let webhook_event = api.webhook_event().map(|def| WebhookContext {
            name: def.name.clone(),
            by_name: matches!(&def.kind, crate::ir::TypeKind::Union(u) if u.selected_by.is_some()),
        });
        let groups = api
            .groups
            .iter()
            .map(|g| GroupContext {
                wire: g.wire.clone(),
                module: g.module.to_string(),
                operations: api.operations.iter().filter(|o| o.group == g.module && !o.webhook).count(),
                webhooks: api.operations.iter().filter(|o| o.group == g.module && o.webhook).count(),
                types: modules.get(g.module.as_str()).map_or(0, Vec::len),
            })
            .collect();
        Context {
            error_enum: api.error_enums.first().map(|e| e.name.clone()),
            error_type: common_error_type(api),
            command: options.command.clone(),
            format_dependencies: {
                let mut lines: Vec<String> = super::used_formats(api).into_iter().map(format_dependency).collect();
                lines.dedup();
                lines
            },
            crate_name: surface.crate_name.clone(),
            crate_ident: surface.crate_name.replace('-', "_"),
            crate_version: options.version.clone(),
            standalone: options.standalone,
            package: super::package::PackageContext::new(&options.package, options.runtime_path.as_deref(), bundled),
            api_title: api.title.clone(),
            api_version: api.version.clone(),
            operation_count: api.operations.len(),
            method_count: api.operations.iter().filter(|o| !o.webhook).count(),
            webhook_count: api.operations.iter().filter(|o| o.webhook).count(),
            webhook_event,
            type_count: api.types.len(),
            groups,
            base_url: surface.base_url.clone(),
            description: options
                .description
                .clone()
                .unwrap_or_else(|| format!("Typed Rust client for {} (API version {})", api.title, api.version)),
            license: options.license.clone().unwrap_or_else(|| "MIT OR Apache-2.0".to_owned()),
            env_base_url: env.base_url.clone(),
            env_credentials: env.credentials.iter().map(|(_, v)| v.clone()).collect(),
            features: {
                let mut f: Vec<String> =
                    api.types.iter().flat_map(|t| t.features.iter().map(|m| m.name().to_owned())).collect();
                f.extend(api.operations.iter().filter(|o| !o.webhook).map(|o| o.group.as_str().to_owned()));
                f.extend(api.feature_deps.iter().map(|(m, _)| m.name().to_owned()));
                f.extend(api.channels.iter().map(|c| c.group.as_str().to_owned()));
                f.sort();
                f.dedup();
                f
            },
            feature_deps: api
                .feature_deps
                .iter()
                .map(|(m, deps)| (m.name().to_owned(), deps.iter().map(|d| d.name().to_owned()).collect()))
                .collect(),
            channels: api
                .channels
                .iter()
                .map(|c| ChannelContext {
                    name: c.name.clone(),
                    method: c.method_name.to_string(),
                    session: c.session_type.clone(),
                    group: c.group.to_string(),
                })
                .collect(),
            env_pairs: credentials
                .iter()
                .map(|c| EnvPair {
                    var: c.var.clone(),
                    what: format!("the credential of security scheme {}: {}", docs::code_span(&c.scheme), c.how),
                })
                .chain(
                    env.headers
                        .iter()
                        .map(|(v, h)| EnvPair { var: v.clone(), what: format!("the {} header", docs::code_span(h)) }),
                )
                .collect(),
            credentials,
            credential_required: surface.credential_required && !env.credentials.is_empty(),
        }
    }
}

impl Context {
    /// The context with every text the document wrote (title, version, tag names, server URL,
    /// scheme keys, descriptions) replaced by one neutral word: what a template renders to
    /// when the document has nothing to say.
    fn neutral(&self) -> Context {
        const WORD: &str = "text";
        let mut neutral = self.clone();
        neutral.api_title = WORD.to_owned();
        neutral.api_version = WORD.to_owned();
        neutral.base_url = WORD.to_owned();
        neutral.description = WORD.to_owned();
        for group in &mut neutral.groups {
            group.wire = WORD.to_owned();
        }
        for pair in &mut neutral.env_pairs {
            pair.what = WORD.to_owned();
        }
        neutral
    }
}

pub fn render_all(source: &TemplateSource, context: &Context) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut env = environment();
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
        if path.ends_with(".toml") {
            toml::from_str::<toml::Table>(&rendered).map_err(|e| {
                Error::msg(format!("template {path}.j2 rendered a {path} that is not valid TOML: {}", e.message()))
            })?;
        }
        if path.ends_with(".md") {
            // The README is the crate's documentation: its doctests are the template's own.
            let neutral = env
                .get_template(path)
                .and_then(|t| t.render(context.neutral()))
                .map_err(|e| Error::msg(format!("template {path}.j2 failed to render: {e}")))?;
            super::doc_check::check_markdown_against(path, &rendered, &neutral)?;
        }
        out.push((PathBuf::from(path), rendered));
    }
    Ok(out)
}

/// A template environment whose every printed value is escaped for its file.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_keep_trailing_newline(true);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".toml") {
            AutoEscape::Custom("toml")
        } else if name.ends_with(".md") {
            AutoEscape::Custom("markdown")
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        // Filters mark what they escaped themselves as safe.
        if value.is_safe() {
            return minijinja::escape_formatter(out, state, value);
        }
        let text = if value.is_undefined() || value.is_none() { String::new() } else { value.to_string() };
        let escaped = match state.auto_escape() {
            AutoEscape::Custom("toml") => toml_basic_content(&text),
            AutoEscape::Custom("markdown") => docs::inline_text(&text),
            _ => return minijinja::escape_formatter(out, state, value),
        };
        out.write_str(&escaped).map_err(minijinja::Error::from)
    });
    env.add_filter("code", |v: String| Value::from_safe_string(docs::code_span(&v)));
    env.add_filter("md", |v: String| Value::from_safe_string(docs::sanitize(&v).join("\n")));
    env.add_filter("toml", |v: String| Value::from_safe_string(format!("\"{}\"", toml_basic_content(&v))));
    env.add_filter("toml_key", |v: String| {
        let bare = !v.is_empty() && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        Value::from_safe_string(if bare { v } else { format!("\"{}\"", toml_basic_content(&v)) })
    });
    env
}

/// Text as the inside of a TOML basic string (`"..."`): backslash, quote and every control
/// character escaped, as the TOML specification lists them.
fn toml_basic_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, name: &str, value: &str) -> String {
        let mut env = environment();
        env.add_template_owned(name.to_owned(), template.to_owned()).unwrap();
        env.get_template(name).unwrap().render(minijinja::context! { v => value }).unwrap()
    }

    const HOSTILE: &str = "x\"\nbuild = \"build.rs\"\n[build-dependencies]\nevil = \"1\"\n\\";

    #[test]
    fn toml_values_stay_inside_their_string() {
        for template in ["description = \"{{ v }}\"\n", "description = {{ v|toml }}\n"] {
            let text = render(template, "Cargo.toml", HOSTILE);
            let table: toml::Table = toml::from_str(&text).unwrap();
            assert_eq!(table.len(), 1, "{text}");
            assert_eq!(table["description"].as_str(), Some(HOSTILE));
        }
        let key = render("[features]\n{{ v|toml_key }} = []\nplain = []\n", "Cargo.toml", HOSTILE);
        let table: toml::Table = toml::from_str(&key).unwrap();
        assert!(table["features"].as_table().unwrap().contains_key(HOSTILE), "{key}");
    }

    #[test]
    fn markdown_values_stay_on_their_line() {
        let payload = "t\n```\nfn main() { std::fs::write(\"pwned.txt\", \"x\").unwrap(); }\n```";
        let text = render("# {{ v }}\n\n{{ v|code }}\n\n{{ v|md }}\n", "README.md", payload);
        assert_eq!(
            text.lines().next(),
            Some("# t ``` fn main() { std::fs::write(\"pwned.txt\", \"x\").unwrap(); } ```")
        );
        // rustdoc reads markdown with pulldown-cmark: the only code block is the text one.
        let blocks: Vec<String> = pulldown_cmark::Parser::new(&text)
            .filter_map(|event| match event {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(kind)) => Some(format!("{kind:?}")),
                _ => None,
            })
            .collect();
        assert_eq!(blocks, ["Fenced(Borrowed(\"text\"))"], "{text}");
    }
}
