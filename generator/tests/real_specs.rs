//! Every document in ../shared/specs is read as published.

use generator::load::Source;
use generator::openapi::Document;
use std::path::{Path, PathBuf};

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs")
}

fn read(rel: &str) -> Document {
    let path = specs_dir().join(rel);
    let source = Source::read(&path).unwrap_or_else(|e| panic!("{e}"));
    Document::read(&source.root).unwrap_or_else(|e| panic!("{}", source.locate_error(e)))
}

#[test]
fn reads_every_shared_spec() {
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
        let doc = read(file);
        assert_eq!(doc.operations.len(), operations, "{file}: operations");
        assert_eq!(doc.schemas.len(), schemas, "{file}: schemas");
    }
    let old = read("openai/openapi-2024-04-16.yaml");
    let ids = old.operations.iter().filter(|o| o.operation_id.is_some()).count();
    assert_eq!(ids, 55);
}

fn options() -> generator::CrateOptions {
    generator::CrateOptions {
        name: "spec-client".into(),
        version: "0.1.0".into(),
        runtime_path: "../runtime".into(),
        standalone: true,
        command: "cargo xtask gen --spec <FILE> --out <DIR>".into(),
        templates: generator::TemplateSource::default(),
        ..Default::default()
    }
}

#[test]
fn json_and_yaml_renderings_give_the_same_crate() {
    let (yaml, summary) = generator::generate(&specs_dir().join("openai/openapi.yaml"), &options()).unwrap();
    let (json, _) = generator::generate(&specs_dir().join("openai/openapi.json"), &options()).unwrap();
    assert_eq!(summary.component_types, 1422);
    assert_eq!(yaml.keys().collect::<Vec<_>>(), json.keys().collect::<Vec<_>>());
    for (path, text) in &yaml {
        assert!(json[path] == *text, "{} differs between YAML and JSON", path.display());
    }
}

#[test]
fn every_shared_spec_generates() {
    for file in [
        "openai/openapi-2026-05-13.yaml",
        "openai/openapi-2025-04-29.yaml",
        "openai/openapi-2024-04-16.yaml",
        "petstore/petstore.yaml",
        "petstore/petstore-expanded.yaml",
        "petstore/webhook-example.yaml",
        "petstore/non-oauth-scopes.yaml",
    ] {
        let (files, summary) = generator::generate(&specs_dir().join(file), &options()).unwrap_or_else(|e| panic!("{e}"));
        assert!(files.contains_key(std::path::Path::new("src/lib.rs")), "{file}");
        assert!(summary.operations > 0, "{file}");
    }
}

#[test]
fn a_subset_of_the_head_spec_is_a_complete_document() {
    let source = Source::read(&specs_dir().join("openai/openapi.yaml")).unwrap();
    let selection = generator::subset::Selection {
        include: generator::subset::Matcher {
            operation_ids: vec!["createChatCompletion".into(), "createEmbedding".into()],
            ..Default::default()
        },
        drop_descriptions: true,
        ..Default::default()
    };
    let doc = generator::subset::subset(&source.root, &selection).unwrap();
    let dir = std::env::temp_dir().join(format!("oagen-subset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("subset.yaml");
    std::fs::write(&path, generator::subset::to_text(&doc, false).unwrap()).unwrap();
    // Every reference resolves: the generator reads and lowers it.
    let api = generator::load_api(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.operations.len(), 2);
    let full = Document::read(&source.root).unwrap();
    let kept = doc["components"]["schemas"].as_object().unwrap().len();
    assert!(kept > 20 && kept < full.schemas.len() / 4, "{kept} schemas kept");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn examples_of_the_head_spec_are_extracted() {
    use generator::examples::{oai_meta, standard, Direction, Payload};
    let doc = read("openai/openapi.yaml");
    let meta = oai_meta(&doc);
    let operations: std::collections::BTreeSet<&str> = meta.iter().map(|e| e.operation.as_str()).collect();
    // The issue counts 272 operations with x-oaiMeta request/response examples.
    assert!(operations.len() >= 250, "{} operations with examples", operations.len());
    let requests = meta.iter().filter(|e| e.direction == Direction::Request).count();
    let responses = meta.iter().filter(|e| e.direction == Direction::Response).count();
    let streams = meta.iter().filter(|e| matches!(e.payload, Payload::EventStream(_))).count();
    let unparsed = meta.iter().filter(|e| matches!(e.payload, Payload::Unparsed { .. })).count();
    eprintln!(
        "x-oaiMeta: {} examples over {} operations ({requests} requests, {responses} responses, {streams} event streams, {unparsed} not JSON); standard: {}",
        meta.len(),
        operations.len(),
        standard(&doc).len()
    );
    assert!(requests > 100 && responses > 200 && streams > 0);
}
