//! Synthetic data made from a document's own schemas: valid JSON instances of a schema, and
//! the server-sent-event transcript of an operation's event stream, one event per kind of
//! event, to prove that a generated crate decodes every kind.
//!
//! An instance has every required property, the first `enum` value, the `const`, the
//! `minimum` of a number and `minItems` items of an array (at least one, while the depth
//! allows); a union gives one instance per member and per tag value ([`instances`]), so
//! every variant is exercised. Recursion is bounded: past [`MAX_DEPTH`] levels an array is
//! empty and an optional property is left out.

use oagen::openapi::{Document, Operation, Schema};
use oagen::schema::Semantics;
use serde_json::{Map, Value};

/// How deep instances nest before arrays are left empty.
pub const MAX_DEPTH: usize = 6;

/// Instances of `s`: one per member (and per tag value) of a union, one otherwise.
pub fn instances(sem: &Semantics<'_>, s: &Schema) -> Vec<Value> {
    instances_at(sem, s, 0)
}

/// One instance of `s`: the first of [`instances`].
pub fn instance(sem: &Semantics<'_>, s: &Schema) -> Value {
    instance_at(sem, s, 0)
}

fn instance_at(sem: &Semantics<'_>, s: &Schema, depth: usize) -> Value {
    instances_at(sem, s, depth).into_iter().next().unwrap_or(Value::Null)
}

fn instances_at(sem: &Semantics<'_>, s: &Schema, depth: usize) -> Vec<Value> {
    // Past this a required property is recursive: no finite instance exists.
    if depth > 4 * MAX_DEPTH {
        return vec![Value::Null];
    }
    let s = sem.resolve(s);
    if let Some(v) = s.const_value.as_ref().filter(|v| !v.is_null()) {
        return vec![v.clone()];
    }
    if let Some(v) = s.enum_values.iter().flatten().find(|v| !v.is_null()) {
        return vec![v.clone()];
    }
    let members = sem.non_null_members(s);
    if !members.is_empty() && s.properties.is_empty() {
        return union_instances(sem, s, &members, depth);
    }
    if !s.all_of.is_empty() || !s.properties.is_empty() || s.has_type("object") || s.reference.is_some() {
        return vec![object(sem, s, depth)];
    }
    vec![scalar(sem, s, depth)]
}

/// One instance per member, each with its tag property set to each value that selects it.
fn union_instances(sem: &Semantics<'_>, s: &Schema, members: &[&Schema], depth: usize) -> Vec<Value> {
    let tag = sem.find_tag(s, members);
    let mut out = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let values = if depth == 0 { instances_at(sem, m, depth + 1) } else { vec![instance_at(sem, m, depth + 1)] };
        let tags = tag.as_ref().map(|t| t.values[i].clone()).unwrap_or_default();
        for value in values {
            match (&tag, value) {
                (Some(t), Value::Object(map)) if !tags.is_empty() => {
                    let chosen: &[String] = if depth == 0 { &tags } else { &tags[..1] };
                    for tag_value in chosen {
                        let mut map = map.clone();
                        map.insert(t.property.clone(), Value::String(tag_value.clone()));
                        out.push(Value::Object(map));
                    }
                }
                (_, value) => out.push(value),
            }
        }
        if depth > 0 && !out.is_empty() {
            break;
        }
    }
    out
}

/// An object with its required properties (and, while shallow, its optional ones that are
/// not themselves objects, so their types are exercised too).
fn object(sem: &Semantics<'_>, s: &Schema, depth: usize) -> Value {
    let mut map = Map::new();
    // A reference with structure of its own: the target's properties, then its own.
    let target = s.reference.as_deref().and_then(|r| sem.document().schema_at(r));
    for part in target.into_iter().chain(&s.all_of) {
        if let Value::Object(m) = instance_at(sem, part, depth + 1) {
            map.extend(m);
        }
    }
    for (name, p) in &s.properties {
        let required = s.required.contains(name);
        if !required && (depth >= MAX_DEPTH || sem.is_nullable(p) || sem.is_object_like(p)) {
            continue;
        }
        map.insert(name.clone(), instance_at(sem, p, depth + 1));
    }
    Value::Object(map)
}

fn scalar(sem: &Semantics<'_>, s: &Schema, depth: usize) -> Value {
    let non_null: Vec<&str> = s.types.iter().map(String::as_str).filter(|t| *t != "null").collect();
    match non_null.first().copied() {
        Some("string") => Value::String(string(s)),
        Some("integer") => {
            let min = s.constraints.minimum.or(s.constraints.exclusive_minimum.map(|m| m + 1.0));
            Value::from(min.map_or(0, |m| m.ceil() as i64))
        }
        Some("number") => Value::from(s.constraints.minimum.unwrap_or(0.0)),
        Some("boolean") => Value::Bool(false),
        Some("array") => {
            let count = if depth >= MAX_DEPTH { 0 } else { s.constraints.min_items.unwrap_or(1).max(1) };
            let item = s.items.as_deref().map_or(Value::Null, |i| instance_at(sem, i, depth + 1));
            Value::Array(vec![item; count as usize])
        }
        _ if s.items.is_some() => Value::Array(Vec::new()),
        _ if s.additional_properties.is_some() => Value::Object(Map::new()),
        _ if s.has_type("null") => Value::Null,
        _ => Value::Null,
    }
}

/// A string its format accepts.
fn string(s: &Schema) -> String {
    match s.format.as_deref() {
        Some("date-time") => "2026-01-01T00:00:00Z".to_owned(),
        Some("date") => "2026-01-01".to_owned(),
        Some("uuid") => "00000000-0000-0000-0000-000000000000".to_owned(),
        Some("uri" | "url") => "https://example.com/".to_owned(),
        Some("email") => "a@example.com".to_owned(),
        _ => "x".repeat(s.constraints.min_length.unwrap_or(1).max(1) as usize),
    }
}

/// The synthetic event stream of one operation.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The operation's display id (its operationId when it has one).
    pub operation: String,
    /// The events, as `(event name, data)`; the terminator is not one of them.
    pub events: Vec<(String, String)>,
    /// The bytes a server sends: every event, then the terminator if the document names one.
    pub text: String,
}

/// The sentinel OpenAI-style documents name as the end of a stream.
const SENTINEL: &str = "[DONE]";

/// The transcript of each operation whose success response offers `text/event-stream`.
pub fn transcripts(doc: &Document, tree: &Value) -> Vec<Transcript> {
    let sem = Semantics::new(doc);
    doc.operations.iter().filter(|op| op.webhook.is_none()).filter_map(|op| transcript(&sem, tree, op)).collect()
}

/// One event per kind: per frame kind (named by its `event` when it pins one), or per
/// instance of the event schema; raw text for an operation that gives no schema.
pub fn transcript(sem: &Semantics<'_>, tree: &Value, op: &Operation) -> Option<Transcript> {
    let (_, response) = op.responses.iter().find(|(status, _)| status.starts_with('2'))?;
    let (_, media) = response.content.iter().find(|(m, _)| m.split(';').next() == Some("text/event-stream"))?;
    let mut events: Vec<(String, String)> = Vec::new();
    match &media.schema {
        None => events.push((String::new(), "x".to_owned())),
        Some(s) => match sem.event_frames(s) {
            Some(kinds) => {
                for kind in kinds {
                    let names = if kind.events.is_empty() { vec![String::new()] } else { kind.events.clone() };
                    for name in names {
                        for data in instances(sem, kind.data) {
                            events.push((name.clone(), data_text(data)));
                        }
                    }
                }
            }
            None => events.extend(instances(sem, s).into_iter().map(|v| (String::new(), data_text(v)))),
        },
    }
    let mut text = String::new();
    for (name, data) in &events {
        if !name.is_empty() {
            text.push_str(&format!("event: {name}\n"));
        }
        for line in data.lines() {
            text.push_str(&format!("data: {line}\n"));
        }
        text.push('\n');
    }
    let operation_text = tree.pointer(&op.ptr).map(Value::to_string).unwrap_or_default();
    if operation_text.contains(SENTINEL) {
        text.push_str(&format!("data: {SENTINEL}\n\n"));
    }
    Some(Transcript { operation: oagen::schema::display_id(op), events, text })
}

/// An event's data: a string as it is, any other value as JSON.
fn data_text(value: Value) -> String {
    match value {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schemas: Value, stream: Value) -> (oagen::Spec, Value) {
        let tree = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/s": {"post": {"operationId": "s", "description": "ends with [DONE]",
                "responses": {"200": {"description": "events", "content": {"text/event-stream": {"schema": stream}}}}}}},
            "components": {"schemas": schemas}
        });
        let source = oagen::Source::parse(std::path::Path::new("t.json"), tree.to_string()).unwrap();
        (oagen::Spec::from_source(source).unwrap(), tree)
    }

    #[test]
    fn every_tag_value_of_a_union_is_an_event() {
        let schemas = json!({
            "A": {"type": "object", "required": ["type", "n"], "properties": {
                "type": {"type": "string", "enum": ["a", "a2"]}, "n": {"type": "integer", "minimum": 3}}},
            "B": {"type": "object", "required": ["type"], "properties": {"type": {"const": "b"}}}
        });
        let stream = json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
            "discriminator": {"propertyName": "type"}});
        let (spec, tree) = doc(schemas, stream);
        let t = transcripts(spec.document(), &tree);
        let data: Vec<Value> = t[0].events.iter().map(|(_, d)| serde_json::from_str(d).unwrap()).collect();
        assert_eq!(data, [json!({"type": "a", "n": 3}), json!({"type": "a2", "n": 3}), json!({"type": "b"})]);
        assert!(t[0].text.ends_with("data: [DONE]\n\n"), "the document names its terminator");
    }

    #[test]
    fn frames_give_their_event_names() {
        let stream = json!({"oneOf": [
            {"type": "object", "properties": {"event": {"const": "delta"}, "data": {"type": "object",
                "required": ["t"], "properties": {"t": {"type": "string"}}}}},
            {"type": "object", "properties": {"event": {"enum": ["ping", "keepalive"]}, "data": {"type": "string"}}}
        ]});
        let (spec, tree) = doc(json!({}), stream);
        let t = &transcripts(spec.document(), &tree)[0];
        let names: Vec<&str> = t.events.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["delta", "ping", "keepalive"]);
        assert!(t.text.starts_with("event: delta\ndata: {\"t\":\"x\"}\n\nevent: ping\ndata: x\n\n"), "{}", t.text);
    }
}
