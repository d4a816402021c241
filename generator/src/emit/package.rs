//! What the generated crate's manifest says to a registry: how it names the runtime, its
//! metadata (repository, keywords, …) and the license files shipped beside it. Values are
//! written into the manifest as TOML strings built here, so no document text can end a
//! string early.

use serde::Serialize;

/// The package the generated code calls `runtime`, and the version requirement generated
/// manifests give it. A test holds it to `runtime/Cargo.toml`.
pub const RUNTIME_PACKAGE: &str = "oagen-runtime";
/// Compatible with every `0.1.x` release of the runtime.
pub const RUNTIME_VERSION: &str = "0.1";

/// The generated crate's public Rust API ([`crate::surface::Surface`] as JSON), written beside
/// it so the next regeneration can say what changed for its users. Generator bookkeeping lives
/// in `.oagen/`, which the manifest leaves out of the package.
pub const API_FILE: &str = ".oagen/api.json";

/// A generated crate's registry metadata beyond its name, version, description and license.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMetadata {
    /// `repository` (the crate's source).
    pub repository: Option<String>,
    /// `homepage`; [`crate::generate`] fills it from the document when `None` (see
    /// [`document_homepage`]).
    pub homepage: Option<String>,
    /// `documentation`; docs.rs builds it without one.
    pub documentation: Option<String>,
    /// `keywords` (crates.io takes five); `["openapi", "api-client"]` when empty.
    pub keywords: Vec<String>,
    /// `categories` (crates.io slugs); `["api-bindings"]` when empty.
    pub categories: Vec<String>,
    /// Files written into the crate's root as they are (`LICENSE-MIT`, text).
    pub license_files: Vec<(String, String)>,
}

/// The manifest's view of the options: every value already a quoted TOML string.
#[derive(Debug, Serialize)]
pub struct PackageContext {
    /// `runtime = { … }`: the inline table's inside.
    runtime_dependency: String,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    keywords: String,
    categories: String,
}

impl PackageContext {
    pub fn new(meta: &PackageMetadata, runtime_path: Option<&str>) -> PackageContext {
        let mut runtime_dependency =
            format!("package = {}, version = {}", toml_string(RUNTIME_PACKAGE), toml_string(RUNTIME_VERSION));
        if let Some(path) = runtime_path {
            runtime_dependency.push_str(&format!(", path = {}", toml_string(path)));
        }
        runtime_dependency.push_str(", default-features = false");
        let list = |values: &[String], default: &[&str]| {
            let items: Vec<String> = if values.is_empty() {
                default.iter().map(|v| toml_string(v)).collect()
            } else {
                values.iter().map(|v| toml_string(v)).collect()
            };
            format!("[{}]", items.join(", "))
        };
        PackageContext {
            runtime_dependency,
            repository: meta.repository.as_deref().map(toml_string),
            homepage: meta.homepage.as_deref().map(toml_string),
            documentation: meta.documentation.as_deref().map(toml_string),
            keywords: list(&meta.keywords, &["openapi", "api-client"]),
            categories: list(&meta.categories, &["api-bindings"]),
        }
    }
}

/// The page a document names for its API, if it is a web address: `externalDocs.url`, else
/// `info.contact.url`.
pub fn document_homepage(document: &serde_json::Value) -> Option<String> {
    [&document["externalDocs"]["url"], &document["info"]["contact"]["url"]]
        .into_iter()
        .filter_map(serde_json::Value::as_str)
        .find(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(str::to_owned)
}

/// `text` as a TOML basic string, quotes included: backslash, quote and every control
/// character escaped.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_cannot_be_ended_early() {
        let hostile = "x\"\nevil = true\\\u{7}";
        let text = format!("key = {}\n", toml_string(hostile));
        let parsed: toml::Table = toml::from_str(&text).expect("valid TOML");
        assert_eq!(parsed["key"].as_str(), Some(hostile));
        assert_eq!(parsed.len(), 1);
    }

    #[test]
    fn the_runtime_is_named_by_version_and_by_path_only_when_asked() {
        let meta = PackageMetadata::default();
        let by_version = PackageContext::new(&meta, None).runtime_dependency;
        assert_eq!(by_version, r#"package = "oagen-runtime", version = "0.1", default-features = false"#);
        let with_path = PackageContext::new(&meta, Some("../runtime")).runtime_dependency;
        assert!(with_path.contains(r#"version = "0.1", path = "../runtime""#), "{with_path}");
    }

    #[test]
    fn the_document_homepage_is_a_web_address() {
        let doc = serde_json::json!({
            "info": {"contact": {"url": "https://api.example.com"}},
            "externalDocs": {"url": "javascript:x"}
        });
        assert_eq!(document_homepage(&doc).as_deref(), Some("https://api.example.com"));
        assert_eq!(document_homepage(&serde_json::json!({"info": {}})), None);
    }
}
