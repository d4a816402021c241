//! What the generated crate's manifest says to a registry: how it names the runtime, its
//! metadata (repository, keywords, …) and the license files shipped beside it. Values are
//! plain text here; the manifest template escapes each as a TOML string.

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
    /// Optional dependencies (name, version requirement), each with the cargo feature of
    /// its name: what an extension uses behind `#[cfg(feature = "schemars")]`.
    pub optional_dependencies: Vec<(String, String)>,
}

/// The manifest's view of the options, defaults applied. Values are plain text: the
/// template escapes each with the `toml` filter.
#[derive(Debug, Clone, Serialize)]
pub struct PackageContext {
    /// The runtime dependency: package name, version requirement and, when asked, its path.
    runtime: RuntimeDependency,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    keywords: Vec<String>,
    categories: Vec<String>,
    optional_dependencies: Vec<OptionalDependency>,
}

#[derive(Debug, Clone, Serialize)]
struct OptionalDependency {
    name: String,
    version: String,
}

#[derive(Debug, Clone, Serialize)]
struct RuntimeDependency {
    package: &'static str,
    version: &'static str,
    path: Option<String>,
    /// When the crate carries the runtime: its dependencies and features, in place of it.
    bundled: Option<super::bundle::BundledManifest>,
}

impl PackageContext {
    pub fn new(
        meta: &PackageMetadata,
        runtime_path: Option<&str>,
        bundled: Option<super::bundle::BundledManifest>,
    ) -> PackageContext {
        let or_default = |values: &[String], default: &[&str]| -> Vec<String> {
            if values.is_empty() {
                default.iter().map(|v| (*v).to_owned()).collect()
            } else {
                values.to_vec()
            }
        };
        PackageContext {
            runtime: RuntimeDependency {
                package: RUNTIME_PACKAGE,
                version: RUNTIME_VERSION,
                path: runtime_path.map(str::to_owned),
                bundled,
            },
            repository: meta.repository.clone(),
            homepage: meta.homepage.clone(),
            documentation: meta.documentation.clone(),
            keywords: or_default(&meta.keywords, &["openapi", "api-client"]),
            categories: or_default(&meta.categories, &["api-bindings"]),
            optional_dependencies: meta
                .optional_dependencies
                .iter()
                .map(|(name, version)| OptionalDependency { name: name.clone(), version: version.clone() })
                .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_is_named_by_version_and_by_path_only_when_asked() {
        let meta = PackageMetadata::default();
        let by_version = PackageContext::new(&meta, None, None).runtime;
        assert_eq!((by_version.package, by_version.version, by_version.path), ("oagen-runtime", "0.1", None));
        let with_path = PackageContext::new(&meta, Some("../runtime"), None).runtime;
        assert_eq!(with_path.path.as_deref(), Some("../runtime"));
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
