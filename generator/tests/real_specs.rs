//! Every document in ../shared/specs is read as published.

use oagen::openapi::Document;
use oagen::Source;
use std::path::{Path, PathBuf};

/// The shared specs, or `None` (the test is skipped, saying so) on a machine without them.
fn specs() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is missing", dir.display());
        None
    }
}

fn read(dir: &Path, rel: &str) -> Document {
    let path = dir.join(rel);
    let source = Source::read(&path).unwrap_or_else(|e| panic!("{e}"));
    Document::read(&source.root).unwrap_or_else(|e| panic!("{}", source.locate_error(e)))
}

#[test]
fn reads_every_shared_spec() {
    let Some(dir) = specs() else { return };
    let cases = [
        ("openai/openapi.yaml", 288 + 16, 1422),
        ("openai/openapi.json", 288 + 16, 1422),
        ("openai/openapi-2026-05-13.yaml", 242 + 15, 959),
        ("openai/openapi-2025-04-29.yaml", 148, 477),
        ("petstore/petstore.yaml", 3, 3),
        ("petstore/petstore-expanded.yaml", 4, 3),
        ("petstore/webhook-example.yaml", 1, 1),
        ("petstore/non-oauth-scopes.yaml", 1, 0),
    ];
    for (file, operations, schemas) in cases {
        let doc = read(&dir, file);
        assert_eq!(doc.operations.len(), operations, "{file}: operations");
        assert_eq!(doc.schemas.len(), schemas, "{file}: schemas");
    }
    let old = read(&dir, "openai/openapi-2024-04-16.yaml");
    let ids = old.operations.iter().filter(|o| o.operation_id.is_some()).count();
    assert_eq!(ids, 55);
}

fn options() -> oagen::CrateOptions {
    oagen::CrateOptions {
        name: "spec-client".into(),
        version: "0.1.0".into(),
        runtime_path: Some("../runtime".into()),
        standalone: true,
        command: "cargo xtask gen --spec <FILE> --out <DIR>".into(),
        templates: oagen::TemplateSource::default(),
        ..Default::default()
    }
}

#[test]
fn json_and_yaml_renderings_give_the_same_crate() {
    let Some(dir) = specs() else { return };
    let (yaml, summary) = oagen::generate(&dir.join("openai/openapi.yaml"), &options()).unwrap();
    let (json, _) = oagen::generate(&dir.join("openai/openapi.json"), &options()).unwrap();
    assert_eq!(summary.component_types, 1422);
    assert_eq!(yaml.keys().collect::<Vec<_>>(), json.keys().collect::<Vec<_>>());
    for (path, text) in &yaml {
        assert!(json[path] == *text, "{} differs between YAML and JSON", path.display());
    }
}

#[test]
fn every_shared_spec_generates() {
    let Some(dir) = specs() else { return };
    for file in [
        "openai/openapi-2026-05-13.yaml",
        "openai/openapi-2025-04-29.yaml",
        "openai/openapi-2024-04-16.yaml",
        "petstore/petstore.yaml",
        "petstore/petstore-expanded.yaml",
        "petstore/webhook-example.yaml",
        "petstore/non-oauth-scopes.yaml",
    ] {
        let (files, summary) = oagen::generate(&dir.join(file), &options()).unwrap_or_else(|e| panic!("{e}"));
        assert!(files.contains_key(std::path::Path::new("src/lib.rs")), "{file}");
        assert!(summary.operations > 0, "{file}");
    }
}

#[test]
fn a_subset_of_the_head_spec_is_a_complete_document() {
    let Some(dir) = specs() else { return };
    let source = Source::read(&dir.join("openai/openapi.yaml")).unwrap();
    let selection = oagen::select::Selection {
        include: oagen::select::Matcher {
            operation_ids: vec!["createChatCompletion".into(), "createEmbedding".into()],
            ..Default::default()
        },
        drop_descriptions: true,
        ..Default::default()
    };
    let doc = oagen::select::subset(&source.root, &selection).unwrap();
    let dir = std::env::temp_dir().join(format!("oagen-subset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("subset.yaml");
    std::fs::write(&path, oagen::select::to_text(&doc, false).unwrap()).unwrap();
    // Every reference resolves: the generator reads and lowers it.
    let api = oagen::Spec::load(&path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 2);
    let full = Document::read(&source.root).unwrap();
    let kept = doc["components"]["schemas"].as_object().unwrap().len();
    assert!(kept > 20 && kept < full.schemas.len() / 4, "{kept} schemas kept");
    std::fs::remove_dir_all(dir).ok();
}
