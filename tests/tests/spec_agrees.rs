//! spec/openai.yaml is the project's own description of the API; for every operation and
//! webhook that upstream still has, it says the same as upstream's HEAD document apart from
//! documentation. And it covers all 79 operations the customer named, each a method of the
//! generated client.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn load(path: &Path) -> Value {
    oagen::Source::read(path).unwrap_or_else(|e| panic!("{e}")).root
}

/// Keys that are documentation, not API.
fn is_doc_key(key: &str) -> bool {
    matches!(key, "description" | "summary" | "title" | "example" | "examples" | "externalDocs")
        || key.starts_with("x-")
}

/// The value without documentation. Keys of maps that hold names (`properties`, `mapping`,
/// ...) are names, not keywords, and stay.
fn strip(v: &Value, names: bool) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| names || !is_doc_key(k))
                .map(|(k, v)| {
                    let holds_names = !names
                        && matches!(
                            k.as_str(),
                            "properties"
                                | "patternProperties"
                                | "mapping"
                                | "content"
                                | "headers"
                                | "responses"
                                | "encoding"
                        );
                    (k.clone(), strip(v, holds_names))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| strip(i, false)).collect()),
        other => other.clone(),
    }
}

/// Every `$ref` target reachable from `v` within `doc`.
fn refs(doc: &Value, v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let ptr = r.trim_start_matches('#').to_owned();
                if out.insert(ptr.clone()) {
                    if let Some(target) = doc.pointer(&ptr) {
                        refs(doc, target, out);
                    }
                }
            }
            map.values().for_each(|x| refs(doc, x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| refs(doc, x, out)),
        _ => {}
    }
}

/// (method, path) of the operations the customer listed.
fn seed_operations() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(repo().join("../shared/seed-operations.md")).expect("../shared/seed-operations.md");
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", _group, _op, method, path, ""] if path.starts_with('/') => {
                    Some((method.to_ascii_lowercase(), path.to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn every_named_operation_is_in_the_spec_and_the_client() {
    let seeds = seed_operations();
    assert_eq!(seeds.len(), 79, "the customer's list has 79 operations");
    let ours = load(&repo().join("spec/openai.yaml"));
    let api = oagen::Spec::load(&repo().join("spec/openai.yaml")).and_then(|spec| spec.lower()).unwrap();
    let sources: String = std::fs::read_dir(repo().join("generated/src/operations"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut missing = Vec::new();
    for (method, path) in &seeds {
        if ours["paths"][path][method].is_null() {
            missing.push(format!("{method} {path}: not in spec/openai.yaml"));
            continue;
        }
        let op = api.operations.iter().find(|o| o.http_method.as_str().eq_ignore_ascii_case(method) && o.path == *path);
        match op {
            Some(op) if sources.contains(&format!("pub fn {}(", op.method_name)) => {}
            Some(op) => missing.push(format!("{method} {path}: no method `{}` in generated/", op.method_name)),
            None => missing.push(format!("{method} {path}: not lowered")),
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The differences between one operation (or webhook) of ours and upstream's: the operation
/// itself and every component it reaches, documentation aside.
fn compare(ours: &Value, upstream: &Value, op: &Value, theirs: &Value, what: &str, differences: &mut Vec<String>) {
    if strip(op, false) != strip(theirs, false) {
        differences.push(format!("{what}: the operation differs"));
    }
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    refs(ours, op, &mut a);
    refs(upstream, theirs, &mut b);
    if a != b {
        differences
            .push(format!("{what}: reaches other components: {:?}", a.symmetric_difference(&b).collect::<Vec<_>>()));
    }
    for ptr in &a {
        let (x, y) = (ours.pointer(ptr), upstream.pointer(ptr));
        if x.map(|x| strip(x, false)) != y.map(|y| strip(y, false)) {
            differences.push(format!("{what}: {ptr} differs"));
        }
    }
}

/// What spec/openai.yaml says that upstream's document does not, each on purpose: the
/// pointer of the addition in ours and why. Removed from ours before comparing.
const ADDITIONS: &[(&str, &str)] = &[(
    "/paths/~1files/post/requestBody/content/multipart~1form-data/encoding",
    "upstream documents bracketed `expires_after[anchor]`/`[seconds]` fields only in its curl example",
)];

/// Our document without [`ADDITIONS`], each checked to be there in ours and not upstream.
fn without_additions(mut ours: Value, upstream: &Value) -> Value {
    for (ptr, why) in ADDITIONS {
        assert!(upstream.pointer(ptr).is_none(), "upstream now has {ptr} ({why}): drop it from ADDITIONS");
        let (parent, key) = ptr.rsplit_once('/').unwrap();
        let removed = ours.pointer_mut(parent).and_then(|p| p.as_object_mut()).and_then(|p| p.remove(key));
        assert!(removed.is_some(), "spec/openai.yaml no longer has {ptr}: drop it from ADDITIONS");
    }
    ours
}

/// The customer's 79 operations that upstream still has (75), then Responses (7),
/// Conversations (8), Vector stores (16) and Realtime (9).
const COMPARED_OPERATIONS: usize = 75 + 7 + 8 + 16 + 9;

#[test]
fn the_spec_agrees_with_upstream_apart_from_documentation() {
    let upstream_path = repo().join("../shared/specs/openai/openapi.yaml");
    let upstream = load(&upstream_path);
    let ours = without_additions(load(&repo().join("spec/openai.yaml")), &upstream);
    let mut compared = 0;
    let mut differences = Vec::new();
    for (path, item) in ours["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let theirs = &upstream["paths"][path][method];
            if theirs.is_null() {
                // The four v1 assistant-file operations come from the 2024-04-16 document.
                assert!(
                    path.starts_with("/assistants/{assistant_id}/files"),
                    "{method} {path} is neither upstream nor a v1 assistant-file operation"
                );
                continue;
            }
            compared += 1;
            compare(&ours, &upstream, op, theirs, &format!("{method} {path}"), &mut differences);
        }
    }
    differences.sort();
    differences.dedup();
    assert_eq!(compared, COMPARED_OPERATIONS, "operations compared with upstream");
    assert!(differences.is_empty(), "{differences:#?}");
}

#[test]
fn the_webhooks_agree_with_upstream_apart_from_documentation() {
    let ours = load(&repo().join("spec/openai.yaml"));
    let upstream = load(&repo().join("../shared/specs/openai/openapi.yaml"));
    let (mine, theirs) = (ours["webhooks"].as_object().unwrap(), upstream["webhooks"].as_object().unwrap());
    assert_eq!(
        mine.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "every webhook of upstream, in its order"
    );
    let mut differences = Vec::new();
    for (name, item) in mine {
        compare(&ours, &upstream, item, &theirs[name], &format!("webhook {name}"), &mut differences);
    }
    differences.sort();
    differences.dedup();
    assert_eq!(mine.len(), 16, "webhooks compared with upstream");
    assert!(differences.is_empty(), "{differences:#?}");
}

/// The messages of the WebSocket channels (`x-oagen-channels`) are upstream's unions, and
/// every component they reach says what upstream's says, documentation aside.
#[test]
fn the_channel_messages_agree_with_upstream_apart_from_documentation() {
    let upstream = load(&repo().join("../shared/specs/openai/openapi.yaml"));
    let ours = load(&repo().join("spec/openai.yaml"));
    let channels = ours["x-oagen-channels"].as_object().expect("spec/openai.yaml declares channels");
    let mut differences = Vec::new();
    let mut unions = BTreeSet::new();
    for (name, channel) in channels {
        for side in ["send", "receive"] {
            let reference = channel[side]["$ref"].as_str().expect("a channel's messages are a component");
            unions.insert(reference.rsplit('/').next().unwrap().to_owned());
            let theirs = serde_json::json!({ "$ref": reference });
            compare(&ours, &upstream, &channel[side], &theirs, &format!("channel {name} {side}"), &mut differences);
        }
    }
    differences.sort();
    differences.dedup();
    assert!(differences.is_empty(), "{differences:#?}");
    let expected = [
        "RealtimeClientEvent",
        "RealtimeServerEvent",
        "RealtimeTranslationClientEvent",
        "RealtimeTranslationServerEvent",
        "ResponseStreamEvent",
        "ResponsesClientEvent",
    ];
    assert_eq!(unions.into_iter().collect::<Vec<_>>(), expected);
}
