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
        let (files, summary) =
            generator::generate(&specs_dir().join(file), &options()).unwrap_or_else(|e| panic!("{e}"));
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

#[test]
fn every_example_of_the_head_spec_is_planned_once() {
    use generator::conformance::plan;
    use generator::examples::{oai_meta, oai_meta_schemas, schemas_and_parameters, standard};
    let source = Source::read(&specs_dir().join("openai/openapi.yaml")).unwrap();
    let doc = Document::read(&source.root).unwrap();
    let api = generator::lower::lower(&doc).unwrap();
    let plan = plan(&source.root, &doc, &api);
    let extracted = oai_meta(&doc).len()
        + standard(&doc).len()
        + oai_meta_schemas(&source.root).len()
        + schemas_and_parameters(&doc).len();
    assert_eq!(plan.cases.len(), extracted, "every extracted example is a case, checked or skipped with a reason");
    let keys: std::collections::BTreeSet<&str> = plan.cases.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), plan.cases.len(), "case keys are unique");
    // 382 component schemas carry an x-oaiMeta sample of the object.
    assert!(oai_meta_schemas(&source.root).len() >= 380);
    let checked = plan.cases.iter().filter(|c| c.check.is_ok()).count();
    assert!(checked * 10 >= plan.cases.len() * 9, "{checked} of {} checked", plan.cases.len());
    // The chat completion request example is checked against the request type, and the
    // streamed answer against the chunk type, through the stream's `FromEvent`.
    let target_of = |subject: &str, events: bool| {
        let case = plan
            .cases
            .iter()
            .filter(|c| c.subject == subject)
            .find(|c| {
                c.check.as_ref().is_ok_and(|k| {
                    matches!(plan.targets[k.target].form, generator::conformance::Form::Events { .. }) == events
                })
            })
            .unwrap_or_else(|| panic!("no checked {subject}"));
        let target = &plan.targets[case.check.as_ref().unwrap().target];
        match target.ty.non_null() {
            generator::ir::TypeRef::Named(id) => (api.ty(*id).name.clone(), target.form),
            other => panic!("{subject}: {other:?}"),
        }
    };
    assert_eq!(target_of("createChatCompletion request", false).0, "CreateChatCompletionRequest");
    assert_eq!(target_of("createChatCompletion response", false).0, "CreateChatCompletionResponse");
    let (chunk, form) = target_of("createChatCompletion response", true);
    assert_eq!(
        (chunk.as_str(), form),
        ("CreateChatCompletionStreamResponse", generator::conformance::Form::Events { from_event: true })
    );
    // Skipped cases say why.
    assert!(plan.cases.iter().filter_map(|c| c.check.as_ref().err()).all(|reason| !reason.is_empty()));
}

#[test]
fn violations_name_the_path_and_both_sides() {
    use generator::conformance::find_violations;
    use generator::ir::TypeRef;
    use serde_json::json;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/types");
    let api = generator::load_api(&fixtures.join("enum_unknown.yaml")).unwrap();
    let job = api.types.iter().find(|t| t.name == "Job").unwrap().id;
    let job = TypeRef::Named(job);
    assert!(find_violations(&api, &job, &json!({"id": "j", "status": "queued"})).is_empty());
    let v = find_violations(&api, &job, &json!({"id": "j", "status": "paused"}));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, vec![json!("status")]);
    assert_eq!(v[0].example_has, "\"paused\"");
    assert!(v[0].schema_says.contains("queued, in_progress, completed"), "{}", v[0].schema_says);
    let v = find_violations(&api, &job, &json!({"status": "queued", "extra": null}));
    let said: Vec<&str> = v.iter().map(|v| v.example_has.as_str()).collect();
    assert_eq!(said, ["no property `id`", "property `extra` = null"]);
}
