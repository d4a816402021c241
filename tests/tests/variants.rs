//! Variant files: the exact operations and types a selection keeps, overlays, renames and
//! template overrides, and clear errors for stale or mistyped files.

use oagen::variant::Variant;
use oagen::Files;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn generate(variant: &Path) -> Files {
    let variant = Variant::read(variant).unwrap_or_else(|e| panic!("{e}"));
    oagen::variant::generate(&variant, xtask::variant_options(&variant).unwrap()).unwrap_or_else(|e| panic!("{e}")).0
}

/// Names after `pub fn` / `pub struct` / ... in the files under `dir`.
fn declared(files: &Files, dir: &str, keywords: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with(dir)) {
        assert!(path.extension().is_some_and(|e| e == "rs"));
        for line in text.lines() {
            for keyword in keywords {
                if let Some(rest) = line.trim_start().strip_prefix(&format!("pub {keyword} ")) {
                    out.insert(rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap().to_owned());
                }
            }
        }
    }
    out
}

/// Components reachable from some operations, by a walk of our own over the document (not
/// the generator's subset code).
fn reachable_components(doc: &Value, operation_ids: &[&str]) -> BTreeSet<String> {
    let mut stack: Vec<&Value> = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            if op.get("operationId").and_then(Value::as_str).is_some_and(|id| operation_ids.contains(&id)) {
                stack.push(op);
            }
        }
    }
    let mut found = BTreeSet::new();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let (kind, name) =
                        r.strip_prefix("#/components/").and_then(|r| r.split_once('/')).expect("a component ref");
                    if kind != "schemas" || found.insert(name.to_owned()) {
                        stack.push(&doc["components"][kind][name]);
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

#[test]
fn nimbus_has_exactly_the_selected_operations_and_the_types_they_reach() {
    let root = xtask::repo_root();
    let variant = Variant::read(&root.join("variants/nimbus.toml")).unwrap();
    let files = generate(&variant.path);

    // Operations: Chat, Embeddings and Models, less the stored-completion ones and deleteModel.
    let methods = declared(&files, "src/operations", &["fn"]);
    let expected =
        ["create_chat_completion", "create_chat_completion_stream", "embed", "list_models", "retrieve_model"];
    assert_eq!(methods, expected.iter().map(|s| s.to_string()).collect());

    // Types: the components the four operations reach in the overlaid document, computed here
    // independently, and nothing else.
    let mut doc = oagen::Source::read(&root.join("spec/openai.yaml")).unwrap().root;
    let overlay = oagen::Source::read(&root.join("variants/nimbus/overlay.yaml")).unwrap().root;
    oagen::variant::overlay::apply(&mut doc, &overlay).unwrap();
    let ops = ["createChatCompletion", "createEmbedding", "listModels", "retrieveModel"];
    let want = reachable_components(&doc, &ops);
    assert!(want.contains("CreateChatCompletionRequest") && want.contains("Model"));
    // Reached only through the properties the overlay removes: not kept.
    for gone in ["PredictionContent", "ResponseModalities", "WebSearchLocation"] {
        assert!(!want.contains(gone), "{gone}");
    }

    let source = variant.document().unwrap();
    let kept: BTreeSet<String> = source.root["components"]["schemas"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(kept, want, "components kept by the selection");
    let api = oagen::Spec::from_source(source).and_then(|spec| spec.lower()).unwrap();
    let selected_paths = ["/chat/completions", "/embeddings", "/models", "/models/{model}"];
    for def in &api.types {
        let tokens = oagen::pointer_tokens(&def.origin);
        let from_kept_component = tokens[0] == "components" && want.contains(&tokens[2]);
        let from_selected_operation = tokens[0] == "paths" && selected_paths.contains(&tokens[1].as_str());
        assert!(from_kept_component || from_selected_operation, "{} comes from {}", def.name, def.origin);
    }
    // Every one of them is in the crate, under its (possibly renamed) name.
    let emitted = declared(&files, "src/types", &["struct", "enum", "type"]);
    let renamed = |n: &str| match n {
        "CreateEmbeddingRequest" => "EmbedRequest".to_owned(),
        "CreateEmbeddingResponse" => "EmbedResponse".to_owned(),
        other => other.to_owned(),
    };
    let from_components: BTreeSet<String> = api
        .types
        .iter()
        .filter(|t| oagen::pointer_tokens(&t.origin).len() == 3 && t.origin.starts_with("/components/schemas/"))
        .map(|t| renamed(&t.name))
        .collect();
    assert!(
        from_components.is_subset(&emitted),
        "missing: {:?}",
        from_components.difference(&emitted).collect::<Vec<_>>()
    );
    assert!(!emitted.contains("CreateEmbeddingRequest") && emitted.contains("EmbedRequest"));
    // The full spec's other chat operations are gone, with their types.
    assert!(!emitted.contains("ChatCompletionList") && !emitted.contains("ChatCompletionDeleted"));
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/variants/acme.toml")
}

#[test]
fn template_override_golden() {
    let files = generate(&fixture());
    // README from the variant's folder, Cargo.toml from the built-in template.
    insta::assert_snapshot!("variant_readme", files[Path::new("README.md")]);
    insta::assert_snapshot!("variant_cargo_toml", files[Path::new("Cargo.toml")]);
    insta::assert_snapshot!("variant_client", files[Path::new("src/client.rs")]);
}

#[test]
fn fixture_variant_selection_overlay_and_renames() {
    let files = generate(&fixture());
    // `get_gadget` comes from the second document.
    let methods = declared(&files, "src/operations", &["fn"]);
    assert_eq!(methods, ["create_gadget", "get_gadget", "widgets"].iter().map(|s| s.to_string()).collect());
    let types = declared(&files, "src/types", &["struct", "enum"]);
    assert_eq!(types, ["Color", "Gizmo", "Widget"].iter().map(|s| s.to_string()).collect());
    // The variant's own group: one module and feature for what were two tags.
    let modules: Vec<&Path> = files.keys().filter(|p| p.starts_with("src/types")).map(|p| p.as_path()).collect();
    assert_eq!(modules, [Path::new("src/types/catalog.rs"), Path::new("src/types/mod.rs")]);
    let catalog = &files[Path::new("src/types/catalog.rs")];
    // Gated once, where the module is declared, not again on each of its items.
    assert!(files[Path::new("src/types/mod.rs")].contains("#[cfg(feature = \"catalog\")]"));
    assert!(!catalog.contains("#[cfg("), "{catalog}");
    assert!(catalog.contains("Green"), "the overlay's enum value:\n{catalog}");
    assert!(catalog.contains("pub weight: Option<f64>"), "the overlay's property:\n{catalog}");
}

/// A variant file written next to the fixture API, with one line changed.
fn broken_variant(name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(fixture()).unwrap();
    assert!(text.contains(from), "{from}");
    let dir = fixture().parent().unwrap().to_path_buf();
    let path = std::env::temp_dir().join(format!("oagen-variant-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&path).unwrap();
    // Absolute paths to the fixture's inputs, so the file can live in a temporary folder.
    let text = text
        .replace("\"api.yaml\"", &format!("{:?}", dir.join("api.yaml")))
        .replace("\"extra.yaml\"", &format!("{:?}", dir.join("extra.yaml")))
        .replace("\"overlay.yaml\"", &format!("{:?}", dir.join("overlay.yaml")))
        .replace("\"templates\"", &format!("{:?}", dir.join("templates")))
        .replace(from, to);
    let file = path.join("v.toml");
    std::fs::write(&file, text).unwrap();
    let variant = match Variant::read(&file) {
        Ok(v) => v,
        Err(e) => return e.to_string(),
    };
    match oagen::variant::generate(&variant, xtask::variant_options(&variant).unwrap()) {
        Ok(_) => panic!("{name}: expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn stale_or_mistyped_variant_files_are_clear_errors() {
    let cases = [
        ("unknown-key", "license = \"MIT\"", "licence = \"MIT\"", "unknown field `licence`"),
        (
            "missing-tag",
            "tags = [\"Widgets\", \"Gadgets\"]",
            "tags = [\"Widgets\", \"Gizmos\"]",
            "includes tag `Gizmos`, which matches no operation",
        ),
        (
            "stale-exclude",
            "paths = [\"/widgets/*\"]",
            "paths = [\"/sprockets/*\"]",
            "excludes path pattern `/sprockets/*`",
        ),
        ("rename-missing", "Gadget = \"Gizmo\"", "Gadgett = \"Gizmo\"", "no type is named `Gadgett`"),
        ("rename-taken", "Gadget = \"Gizmo\"", "Gadget = \"Widget\"", "a type named `Widget` exists already"),
        (
            "rename-method",
            "listWidgets = \"widgets\"",
            "listWidgets = \"createGadget\"",
            "not a snake_case Rust method name",
        ),
        (
            "rename-clash",
            "listWidgets = \"widgets\"",
            "listWidgets = \"create_gadget\"",
            "two methods would be named `create_gadget`",
        ),
        (
            "group-empty",
            "tags = [\"Gadgets\", \"Widgets\"]",
            "tags = [\"Admin\"]",
            "group `Catalog` selects no operation",
        ),
        (
            "group-twice",
            "tags = [\"Gadgets\", \"Widgets\"]",
            "tags = [\"Gadgets\", \"Widgets\"]\n[[group]]\nname = \"Other\"\ntags = [\"Widgets\"]",
            "operation `listWidgets` is in both group `Catalog` and group `Other`",
        ),
        (
            "auth",
            "auth = { style = \"query\", name = \"key\" }",
            "auth = { style = \"query\", name = \"key\", scheme = \"basic\" }",
            "no security scheme is named `basic`",
        ),
    ];
    for (name, from, to, message) in cases {
        let err = broken_variant(name, from, to);
        assert!(err.contains(message), "{name}: {err}");
        assert!(err.contains("v.toml"), "{name}: the error names the variant file: {err}");
    }
}

#[test]
fn overlay_errors_name_the_overlay_file_and_line() {
    let dir = std::env::temp_dir().join(format!("oagen-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = fixture().parent().unwrap().to_path_buf();
    std::fs::write(
        dir.join("overlay.yaml"),
        "overlay: 1.0.0\nactions:\n  - target: $.components.schemas.Sprocket\n    remove: true\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(fixture())
        .unwrap()
        .replace("\"api.yaml\"", &format!("{:?}", fixtures.join("api.yaml")))
        .replace("\"extra.yaml\"", &format!("{:?}", fixtures.join("extra.yaml")));
    std::fs::write(dir.join("v.toml"), text).unwrap();
    let variant = Variant::read(&dir.join("v.toml")).unwrap();
    let err = oagen::variant::generate(&variant, xtask::variant_options(&variant).unwrap()).unwrap_err().to_string();
    assert!(err.contains("overlay.yaml:3:5"), "{err}");
    assert!(err.contains("selects nothing"), "{err}");
}

#[test]
fn a_component_two_documents_define_differently_is_an_error_in_the_second() {
    let dir = std::env::temp_dir().join(format!("oagen-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = fixture().parent().unwrap().to_path_buf();
    let extra = std::fs::read_to_string(fixtures.join("extra.yaml"))
        .unwrap()
        .replace("name: {type: string}", "name: {type: integer}");
    std::fs::write(dir.join("extra.yaml"), extra).unwrap();
    let text = std::fs::read_to_string(fixture())
        .unwrap()
        .replace("\"api.yaml\"", &format!("{:?}", fixtures.join("api.yaml")))
        .replace("\"overlay.yaml\"", &format!("{:?}", fixtures.join("overlay.yaml")));
    std::fs::write(dir.join("v.toml"), text).unwrap();
    let variant = Variant::read(&dir.join("v.toml")).unwrap();
    let err = oagen::variant::generate(&variant, xtask::variant_options(&variant).unwrap()).unwrap_err().to_string();
    assert!(err.contains("extra.yaml:14:5"), "{err}");
    assert!(err.contains("/components/schemas/Gadget") && err.contains("defined differently"), "{err}");
}

#[test]
fn a_key_variable_without_a_security_scheme_is_an_error() {
    let dir = std::env::temp_dir().join(format!("oagen-nokey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixtures = fixture().parent().unwrap().to_path_buf();
    // The fixture API without any security: `env-api-key` would name a variable nothing reads.
    let api = std::fs::read_to_string(fixtures.join("api.yaml")).unwrap();
    let api: String = api
        .lines()
        .filter(|l| !l.contains("security") && !l.contains("bearer: {") && !l.contains("admin: {"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("api.yaml"), api).unwrap();
    let text = std::fs::read_to_string(fixture())
        .unwrap()
        .replace("documents = [\"api.yaml\", \"extra.yaml\"]", "documents = [\"api.yaml\"]")
        .replace("overlays = [\"overlay.yaml\"]", "overlays = []")
        .replace("auth = { style = \"query\", name = \"key\" }\n", "")
        .replace("Gadget = \"Gizmo\"", "");
    std::fs::write(dir.join("v.toml"), text).unwrap();
    let variant = Variant::read(&dir.join("v.toml")).unwrap();
    let err = oagen::variant::generate(&variant, xtask::variant_options(&variant).unwrap()).unwrap_err().to_string();
    assert!(err.contains("env-api-key `ACME_TOKEN`: the document declares no security scheme"), "{err}");
}
