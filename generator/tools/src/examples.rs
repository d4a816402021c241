//! The examples a document carries, as data to check generated types against: standard
//! OpenAPI `example`/`examples` on request and response media types, schemas and parameters
//! (any document), and OpenAI's `x-oaiMeta` extension (kept apart in [`oai_meta`] and
//! [`oai_meta_schemas`]): the request/response pairs of operations and the sample objects of
//! schemas.

use oagen::openapi::{Document, Schema};
use oagen::schema::display_id;
use serde::Serialize;
use serde_json::Value;

/// Whether an example is a request body or a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Request,
    Response,
}

/// What an example holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Payload {
    Json(Value),
    /// A server-sent events transcript.
    EventStream(String),
    /// Text that is not JSON (with the parse error), kept so it can be reported.
    Unparsed {
        text: String,
        error: String,
    },
}

/// One example of one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The operationId (or `METHOD path` for operations without one).
    pub operation: String,
    pub direction: Direction,
    /// Where the example is written (a JSON pointer), and its name or title if it has one.
    pub source: String,
    pub name: Option<String>,
    pub payload: Payload,
}

/// Standard examples: media types of request bodies and of success responses.
pub fn standard(doc: &Document) -> Vec<Example> {
    let mut out = Vec::new();
    for op in &doc.operations {
        let name = display_id(op);
        let bodies = op.request_body.iter().flat_map(|b| b.content.values().map(|m| (Direction::Request, m)));
        let responses = op
            .responses
            .iter()
            .filter(|(status, _)| status.starts_with('2'))
            .flat_map(|(_, r)| r.content.values().map(|m| (Direction::Response, m)));
        for (direction, media) in bodies.chain(responses) {
            for (example_name, value) in &media.examples {
                out.push(Example {
                    operation: name.clone(),
                    direction,
                    source: media.ptr.clone(),
                    name: example_name.clone(),
                    payload: Payload::Json(value.clone()),
                });
            }
        }
    }
    out
}

/// Where a schema or parameter example is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Site {
    /// `example`/`examples` of a schema (a component, a property, an item, ...): the value is
    /// one instance of that schema.
    Schema { ptr: String },
    /// `example`/`examples` of a parameter of an operation.
    Parameter { operation: String, name: String, ptr: String },
}

/// One example value of a schema or a parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueExample {
    pub site: Site,
    /// Unique among the document's examples: the site's pointer, and the example's index when
    /// the site has more than one.
    pub key: String,
    pub value: Value,
}

/// Standard examples of schemas (every schema of the document, however deeply nested, once:
/// references are not followed) and of parameters.
pub fn schemas_and_parameters(doc: &Document) -> Vec<ValueExample> {
    let mut out = Vec::new();
    let mut visit = |s: &Schema| collect_schema(s, &mut out, 0);
    for s in doc.schemas.values().chain(doc.other_schemas.values()) {
        visit(s);
    }
    for op in &doc.operations {
        for p in &op.parameters {
            if let Some(s) = &p.schema {
                visit(s);
            }
        }
        for media in op.request_body.iter().flat_map(|b| b.content.values()) {
            if let Some(s) = &media.schema {
                visit(s);
            }
        }
        for media in op.responses.iter().flat_map(|(_, r)| r.content.values()) {
            if let Some(s) = &media.schema {
                visit(s);
            }
        }
    }
    for op in &doc.operations {
        let operation = display_id(op);
        for p in &op.parameters {
            let site = Site::Parameter { operation: operation.clone(), name: p.name.clone(), ptr: p.ptr.clone() };
            push_values(&mut out, site, &p.ptr, &p.examples);
        }
    }
    // A schema that a `$ref` reaches outside the components may also be written inline in
    // an operation: count it once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|e| seen.insert(e.key.clone()));
    out
}

/// Nesting deeper than this is not searched (the reader already refuses deeper documents).
const MAX_DEPTH: usize = 128;

fn collect_schema(s: &Schema, out: &mut Vec<ValueExample>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    push_values(out, Site::Schema { ptr: s.ptr.clone() }, &s.ptr, &s.examples);
    let children = s
        .properties
        .values()
        .chain(s.additional_properties.as_deref())
        .chain(s.items.as_deref())
        .chain(&s.all_of)
        .chain(&s.any_of)
        .chain(&s.one_of);
    for child in children {
        collect_schema(child, out, depth + 1);
    }
}

fn push_values(out: &mut Vec<ValueExample>, site: Site, ptr: &str, values: &[Value]) {
    for (i, value) in values.iter().enumerate() {
        let key = if values.len() == 1 { ptr.to_owned() } else { format!("{ptr}#{i}") };
        out.push(ValueExample { site: site.clone(), key, value: value.clone() });
    }
}

/// OpenAI's `x-oaiMeta.examples`: the JSON body of each request's curl command, and each
/// response (JSON, or an event-stream transcript).
pub fn oai_meta(doc: &Document) -> Vec<Example> {
    let mut out = Vec::new();
    for op in &doc.operations {
        let Some((_, meta)) = op.extensions.iter().find(|(k, _)| k == "x-oaiMeta") else { continue };
        let list: Vec<&Value> = match meta.get("examples") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => continue,
        };
        let name = display_id(op);
        for (i, example) in list.into_iter().enumerate() {
            let source = oagen::push_pointer(&oagen::push_pointer(&op.ptr, "x-oaiMeta"), "examples");
            let source = if meta.get("examples").is_some_and(Value::is_array) {
                oagen::push_pointer(&source, &i.to_string())
            } else {
                source
            };
            let title = example.get("title").and_then(Value::as_str).map(str::to_owned);
            let curl = example.get("request").and_then(|r| r.get("curl")).and_then(Value::as_str);
            if let Some(body) = curl.and_then(curl_json_body) {
                out.push(Example {
                    operation: name.clone(),
                    direction: Direction::Request,
                    source: oagen::push_pointer(&source, "request"),
                    name: title.clone(),
                    payload: parse(&body),
                });
            }
            if let Some(response) = example.get("response").and_then(Value::as_str) {
                out.push(Example {
                    operation: name.clone(),
                    direction: Direction::Response,
                    source: oagen::push_pointer(&source, "response"),
                    name: title,
                    payload: parse(response),
                });
            }
        }
    }
    out
}

/// One `x-oaiMeta.example` of a schema: OpenAI's sample of an object, as JSON text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaMeta {
    /// The schema the example is of.
    pub schema: String,
    /// Where the example is written.
    pub key: String,
    pub payload: Payload,
}

/// Every `x-oaiMeta.example` of a schema, wherever the schema is written (components, and
/// schemas nested in them), from the document's tree: the typed [`Document`] does not keep
/// the extensions of schemas.
pub fn oai_meta_schemas(root: &Value) -> Vec<SchemaMeta> {
    let mut out = Vec::new();
    walk_meta(root, "", &mut out, 0);
    out
}

fn walk_meta(value: &Value, ptr: &str, out: &mut Vec<SchemaMeta>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(example) = map.get("x-oaiMeta").and_then(|m| m.get("example")) {
                let payload = match example {
                    Value::String(text) => parse(text),
                    other => Payload::Json(other.clone()),
                };
                let key = oagen::push_pointer(&oagen::push_pointer(ptr, "x-oaiMeta"), "example");
                out.push(SchemaMeta { schema: ptr.to_owned(), key, payload });
            }
            for (k, v) in map {
                if k != "x-oaiMeta" {
                    walk_meta(v, &oagen::push_pointer(ptr, k), out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_meta(v, &oagen::push_pointer(ptr, &i.to_string()), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// JSON, an event-stream transcript, or text that is neither.
fn parse(text: &str) -> Payload {
    let trimmed = text.trim();
    if trimmed.starts_with("data:") || trimmed.starts_with("event:") {
        return Payload::EventStream(text.to_owned());
    }
    let error = match serde_json::from_str(trimmed) {
        Ok(v) => return Payload::Json(v),
        Err(e) => e.to_string(),
    };
    // Streamed answers are sometimes written as their events' data alone, one JSON value
    // per paragraph (with `....` where events are left out): read them as the transcript
    // they stand for.
    let normalized = trimmed.replace("\r\n", "\n");
    let values: Result<Vec<Value>, _> = normalized
        .split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty() && !block.chars().all(|c| c == '.' || c == '\u{2026}'))
        .map(serde_json::from_str::<Value>)
        .collect();
    match values {
        Ok(values) if values.len() > 1 => {
            Payload::EventStream(values.iter().map(|v| format!("data: {v}\n\n")).collect())
        }
        _ => Payload::Unparsed { text: text.to_owned(), error },
    }
}

/// The single-quoted `-d` / `--data` payload of a curl command, if it sends one.
pub fn curl_json_body(curl: &str) -> Option<String> {
    let start = ["-d '", "--data '", "--data-raw '"].iter().find_map(|flag| curl.find(flag).map(|i| i + flag.len()))?;
    let rest = &curl[start..];
    // The shell's `'\''` puts a quote inside a single-quoted string.
    let mut body = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if rest[i..].starts_with("'\\''") {
                body.push('\'');
                for _ in 0..3 {
                    chars.next();
                }
                continue;
            }
            return Some(body);
        }
        body.push(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_of_a_curl_command() {
        let curl =
            "curl https://x/v1/a \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\n \"a\": \"it'\\''s\"\n}'\n";
        let body = curl_json_body(curl).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), serde_json::json!({"a": "it's"}));
        assert_eq!(curl_json_body("curl https://x -F file=@a.txt"), None);
    }

    #[test]
    fn responses_are_json_or_event_streams() {
        assert_eq!(parse("{\"a\": 1}"), Payload::Json(serde_json::json!({"a": 1})));
        assert!(matches!(parse("data: {}\n\ndata: [DONE]"), Payload::EventStream(_)));
        assert!(matches!(parse("not json"), Payload::Unparsed { .. }));
        assert!(matches!(parse("{\"a\": 1,}"), Payload::Unparsed { .. }));
        let Payload::EventStream(text) = parse("{\"a\": 1}\n\n....\n\n{\"a\": 2}") else {
            panic!("values one after another are a stream")
        };
        assert_eq!(text, "data: {\"a\":1}\n\ndata: {\"a\":2}\n\n");
    }
}
