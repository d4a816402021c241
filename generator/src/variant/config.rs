//! The variant file: one TOML document that says which spec, which operations, and what the
//! generated crate is called and sends. Unknown keys are errors, so a typo is never ignored.

use crate::error::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `variants/NAME.toml`, as written. Paths in it are relative to the file's folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct VariantFile {
    pub spec: SpecSection,
    #[serde(rename = "crate")]
    pub package: PackageSection,
    #[serde(default)]
    pub client: ClientSection,
    #[serde(default)]
    pub select: SelectSection,
    #[serde(default)]
    pub rename: RenameSection,
    /// API groups (modules and cargo features) of the variant's own; operations no group
    /// names keep the group of their first tag.
    #[serde(default)]
    pub group: Vec<GroupSection>,
    /// WebSocket channels of the variant's own (one table per channel, the keys of the
    /// document extension `x-oagen-channels`), written into the document before the
    /// selection; one the document declares under the same name is replaced.
    #[serde(default)]
    pub channels: BTreeMap<String, serde_json::Value>,
}

/// `[[group]] name = "inference", tags = ["Chat", "Embeddings"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GroupSection {
    pub name: String,
    pub description: Option<String>,
    #[serde(flatten)]
    pub members: MatchSection,
}

/// The input documents and the overlays applied to them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SpecSection {
    /// One or more OpenAPI documents; later ones add paths and components to the first.
    pub documents: Vec<PathBuf>,
    /// OpenAPI Overlay 1.0 documents, applied in order after merging.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
}

/// The generated crate's package.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageSection {
    pub name: String,
    #[serde(default = "default_version")]
    pub version: String,
    pub description: Option<String>,
    pub license: Option<String>,
    /// Where the crate is written.
    pub out: PathBuf,
    /// A folder of `<file>.j2` templates found before the built-in ones.
    pub templates: Option<PathBuf>,
    /// The manifest's `repository`.
    pub repository: Option<String>,
    /// The manifest's `homepage` (default: the document's `externalDocs` or contact URL).
    pub homepage: Option<String>,
    /// The manifest's `documentation` (default: none, docs.rs).
    pub documentation: Option<String>,
    /// The manifest's `keywords` (default: `openapi`, `api-client`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The manifest's `categories` (default: `api-bindings`).
    #[serde(default)]
    pub categories: Vec<String>,
    /// Files copied into the crate's root under their own names (`LICENSE-MIT`).
    #[serde(default)]
    pub license_files: Vec<PathBuf>,
    /// Hand-written Rust modules compiled into the crate (`sugar.rs` becomes `pub mod sugar`).
    #[serde(default)]
    pub extensions: Vec<PathBuf>,
    /// `x-` keys marking properties the API never sends: those properties are left out.
    #[serde(default)]
    pub omit_marked: Vec<String>,
    /// Types that keep undeclared keys, besides the top-level response bodies.
    #[serde(default)]
    pub keep_unknown: Vec<String>,
    /// Refuse documents that are invalid but repairable instead of repairing them with warnings.
    #[serde(default)]
    pub strict: bool,
    /// String formats typed instead of `String` (`date-time`, `date`, `uuid`, `uri`).
    #[serde(default)]
    pub typed_formats: Vec<String>,
    /// Optional dependencies (name to version requirement), each a feature of its name.
    #[serde(default)]
    pub optional_dependencies: BTreeMap<String, String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

/// What the client sends and reads from the environment.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClientSection {
    /// Replaces the document's server URL.
    pub base_url: Option<String>,
    /// The variable holding the key of the main security scheme (`PREFIX_API_KEY` by default,
    /// the prefix coming from the crate name).
    pub env_api_key: Option<String>,
    /// The variable that overrides the base URL (`PREFIX_BASE_URL` by default).
    pub env_base_url: Option<String>,
    /// Variable to the header its value is sent in.
    #[serde(default)]
    pub env_headers: BTreeMap<String, String>,
    /// How the credential is sent, replacing what the document's security schemes say.
    pub auth: Option<AuthSection>,
    /// Headers sent with every request.
    #[serde(default)]
    pub default_headers: BTreeMap<String, String>,
    /// Query parameters sent with every request (`api-version`).
    #[serde(default)]
    pub default_query: BTreeMap<String, String>,
}

/// `auth = { style = "header", name = "api-key" }`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AuthSection {
    pub style: AuthStyle,
    /// The header or query parameter name (for `header` and `query`).
    pub name: Option<String>,
    /// The security scheme to change; every scheme when absent.
    pub scheme: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum AuthStyle {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// A named header carries the key.
    Header,
    /// A named query parameter carries the key.
    Query,
}

/// Which operations the crate has.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelectSection {
    #[serde(default)]
    pub include: MatchSection,
    #[serde(default)]
    pub exclude: MatchSection,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchSection {
    /// operationIds.
    #[serde(default)]
    pub operations: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path patterns: `*` is one segment (or part of one), `**` any number.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl From<&MatchSection> for crate::select::Matcher {
    fn from(m: &MatchSection) -> Self {
        crate::select::Matcher { operation_ids: m.operations.clone(), tags: m.tags.clone(), paths: m.paths.clone() }
    }
}

/// New Rust names for types and methods.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RenameSection {
    /// Generated type name (or component name) to the name to use.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// operationId (or generated method name) to the method name to use.
    #[serde(default)]
    pub methods: BTreeMap<String, String>,
}

impl VariantFile {
    /// Read and check a variant file; errors name the file and, for TOML errors, the line.
    pub fn read(path: &Path) -> Result<VariantFile, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
        VariantFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<VariantFile, Error> {
        let file: VariantFile = toml::from_str(text).map_err(|e| {
            let at =
                e.span().map(|span| line_col(text, span.start)).map_or(String::new(), |(l, c)| format!(":{l}:{c}"));
            Error::msg(format!("{}{at}: {}", path.display(), e.message()))
        })?;
        file.check().map_err(|m| Error::msg(format!("{}: {m}", path.display())))?;
        Ok(file)
    }

    fn check(&self) -> Result<(), String> {
        if self.spec.documents.is_empty() {
            return Err("[spec] documents names no document".to_owned());
        }
        let name = &self.package.name;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(format!("[crate] name `{name}` is not a valid package name"));
        }
        let headers = self.client.default_headers.keys().chain(self.client.env_headers.values());
        let header_names = headers
            .chain(self.client.auth.iter().filter(|a| a.style == AuthStyle::Header).filter_map(|a| a.name.as_ref()));
        for name in header_names {
            if !is_header_name(name) {
                return Err(format!("[client] `{name}` is not a valid HTTP header name"));
            }
        }
        if let Some((name, value)) =
            self.client.default_headers.iter().find(|(_, v)| v.chars().any(|c| c.is_control() || !c.is_ascii()))
        {
            return Err(format!("[client] the value of header `{name}` must be visible ASCII, not {value:?}"));
        }
        if let Some(auth) = &self.client.auth {
            match (auth.style, &auth.name) {
                (AuthStyle::Header | AuthStyle::Query, None) => {
                    return Err("[client] auth of style `header` or `query` needs a `name`".to_owned())
                }
                (AuthStyle::Bearer, Some(_)) => {
                    return Err("[client] auth of style `bearer` takes no `name`".to_owned())
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// An HTTP header name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "[spec]\ndocuments = [\"api.yaml\"]\n[crate]\nname = \"acme\"\nout = \"acme\"\n";

    #[test]
    fn minimal_file_gets_defaults() {
        let file = VariantFile::parse(Path::new("v.toml"), MINIMAL).unwrap();
        assert_eq!(file.package.version, "0.1.0");
        assert!(file.client.auth.is_none());
        assert!(file.select.include.tags.is_empty());
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let text = format!("{MINIMAL}[client]\nbase_url = \"https://x\"\n");
        let err = VariantFile::parse(Path::new("v.toml"), &text).unwrap_err().to_string();
        assert!(err.starts_with("v.toml:7:1:"), "{err}");
        assert!(err.contains("base_url"), "{err}");
    }

    #[test]
    fn header_names_and_values_are_checked() {
        for (client, message) in [
            ("default-headers = { \"x y\" = \"1\" }", "`x y` is not a valid HTTP header name"),
            ("default-headers = { x = \"a\\nb\" }", "must be visible ASCII"),
            ("auth = { style = \"header\", name = \"api key\" }", "`api key` is not a valid HTTP header name"),
        ] {
            let text = format!("{MINIMAL}[client]\n{client}\n");
            let err = VariantFile::parse(Path::new("v.toml"), &text).unwrap_err().to_string();
            assert!(err.contains(message), "{err}");
        }
    }

    #[test]
    fn header_auth_needs_a_name() {
        let text = format!("{MINIMAL}[client]\nauth = {{ style = \"header\" }}\n");
        let err = VariantFile::parse(Path::new("v.toml"), &text).unwrap_err().to_string();
        assert!(err.contains("needs a `name`"), "{err}");
    }
}
