//! The tools on the shared specs: examples extracted from the HEAD OpenAI document, every
//! example planned against a generated type, and violations located.

use oagen::openapi::Document;
use std::path::{Path, PathBuf};

/// The shared specs, or `None` (the test is skipped, saying so) on a machine without them.
fn specs() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is missing", dir.display());
        None
    }
}

fn read(dir: &Path, rel: &str) -> Document {
    oagen::Spec::load(&dir.join(rel)).unwrap_or_else(|e| panic!("{e}")).document().clone()
}

#[test]
fn examples_of_the_head_spec_are_extracted() {
    let Some(dir) = specs() else { return };
    use oagen_tools::examples::{oai_meta, standard, Direction, Payload};
    let doc = read(&dir, "openai/openapi.yaml");
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
    let Some(dir) = specs() else { return };
    use oagen_tools::conformance::plan;
    use oagen_tools::examples::{oai_meta, oai_meta_schemas, schemas_and_parameters, standard};
    let spec = oagen::Spec::load(&dir.join("openai/openapi.yaml")).unwrap();
    let (doc, source_root) = (spec.document(), spec.tree());
    let api = spec.lower().unwrap();
    let plan = plan(&spec, &api);
    let extracted = oai_meta(doc).len()
        + standard(doc).len()
        + oai_meta_schemas(source_root).len()
        + schemas_and_parameters(doc).len();
    assert_eq!(plan.cases.len(), extracted, "every extracted example is a case, checked or skipped with a reason");
    let keys: std::collections::BTreeSet<&str> = plan.cases.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys.len(), plan.cases.len(), "case keys are unique");
    // 382 component schemas carry an x-oaiMeta sample of the object.
    assert!(oai_meta_schemas(source_root).len() >= 380);
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
                    matches!(plan.targets[k.target].form, oagen_tools::conformance::Form::Events { .. }) == events
                })
            })
            .unwrap_or_else(|| panic!("no checked {subject}"));
        let target = &plan.targets[case.check.as_ref().unwrap().target];
        match target.ty.non_null() {
            oagen::ir::TypeRef::Named(id) => (api.ty(*id).name.clone(), target.form),
            other => panic!("{subject}: {other:?}"),
        }
    };
    assert_eq!(target_of("createChatCompletion request", false).0, "CreateChatCompletionRequest");
    assert_eq!(target_of("createChatCompletion response", false).0, "CreateChatCompletionResponse");
    let (chunk, form) = target_of("createChatCompletion response", true);
    assert_eq!(
        (chunk.as_str(), form),
        ("CreateChatCompletionStreamResponse", oagen_tools::conformance::Form::Events { from_event: true })
    );
    // Skipped cases say why.
    assert!(plan.cases.iter().filter_map(|c| c.check.as_ref().err()).all(|reason| !reason.is_empty()));
}

#[test]
fn violations_name_the_path_and_both_sides() {
    use oagen::ir::TypeRef;
    use oagen_tools::conformance::find_violations;
    use serde_json::json;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/types");
    let api = oagen::Spec::load(&fixtures.join("enum_unknown.yaml")).and_then(|spec| spec.lower()).unwrap();
    let job = api.types.iter().find(|t| t.name == "Job").unwrap().id;
    let job = TypeRef::Named(job);
    assert!(find_violations(&api, &job, &json!({"id": "j", "status": "queued"})).is_empty());
    let v = find_violations(&api, &job, &json!({"id": "j", "status": "paused"}));
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].path, vec![json!("status")]);
    assert_eq!(v[0].example_has, "\"paused\"");
    assert!(v[0].schema_says.contains("queued, in_progress, completed"), "{}", v[0].schema_says);
    // `Job` is a response body, which keeps the keys it does not declare: only `id` is missing.
    let v = find_violations(&api, &job, &json!({"status": "queued", "extra": null}));
    let said: Vec<&str> = v.iter().map(|v| v.example_has.as_str()).collect();
    assert_eq!(said, ["no property `id`"]);
    // A nested type has no room for them.
    let api = oagen::Spec::load(&fixtures.join("discriminated_oneof.yaml")).and_then(|spec| spec.lower()).unwrap();
    let message = TypeRef::Named(api.types.iter().find(|t| t.name == "Message").unwrap().id);
    let v = find_violations(&api, &message, &json!({"type": "message", "extra": null}));
    let said: Vec<&str> = v.iter().map(|v| v.example_has.as_str()).collect();
    assert_eq!(said, ["no property `text`", "property `extra` = null"]);
}

/// The coverage table maps exactly oasdiff's ERR and WARN checks, at their levels, as listed
/// in the shared reference.
#[test]
fn the_coverage_table_maps_every_err_and_warn_check_of_oasdiff() {
    use oagen_tools::diff::coverage::{Level, CHECKS};
    let Some(dir) = specs() else { return };
    let list = std::fs::read_to_string(dir.join("../reference/oasdiff-checks.tsv")).unwrap();
    let mut listed: Vec<(String, Level)> = list
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let (id, level) = (cells.next()?, cells.next()?);
            let level = match level {
                "ERR" => Level::Err,
                "WARN" => Level::Warn,
                _ => return None,
            };
            Some((id.to_owned(), level))
        })
        .collect();
    let mut mapped: Vec<(String, Level)> = CHECKS.iter().map(|c| (c.id.to_owned(), c.level)).collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    mapped.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(mapped, listed);
}
