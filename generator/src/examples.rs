//! The examples a document carries, as data to check generated types against: standard
//! OpenAPI `example`/`examples` on request and response media types (any document), and the
//! request/response pairs of OpenAI's `x-oaiMeta` extension (kept apart in [`oai_meta`]).

use crate::openapi::{Document, Operation};
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
    Unparsed { text: String, error: String },
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

fn operation_name(op: &Operation) -> String {
    op.operation_id.clone().unwrap_or_else(|| format!("{} {}", op.method.to_ascii_uppercase(), op.path))
}

/// Standard examples: media types of request bodies and of success responses.
pub fn standard(doc: &Document) -> Vec<Example> {
    let mut out = Vec::new();
    for op in &doc.operations {
        let name = operation_name(op);
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
        let name = operation_name(op);
        for (i, example) in list.into_iter().enumerate() {
            let source = crate::error::push_pointer(&crate::error::push_pointer(&op.ptr, "x-oaiMeta"), "examples");
            let source = if meta.get("examples").is_some_and(Value::is_array) { crate::error::push_pointer(&source, &i.to_string()) } else { source };
            let title = example.get("title").and_then(Value::as_str).map(str::to_owned);
            let curl = example.get("request").and_then(|r| r.get("curl")).and_then(Value::as_str);
            if let Some(body) = curl.and_then(curl_json_body) {
                out.push(Example {
                    operation: name.clone(),
                    direction: Direction::Request,
                    source: crate::error::push_pointer(&source, "request"),
                    name: title.clone(),
                    payload: parse(&body),
                });
            }
            if let Some(response) = example.get("response").and_then(Value::as_str) {
                out.push(Example {
                    operation: name.clone(),
                    direction: Direction::Response,
                    source: crate::error::push_pointer(&source, "response"),
                    name: title,
                    payload: parse(response),
                });
            }
        }
    }
    out
}

/// JSON, an event-stream transcript, or text that is neither.
fn parse(text: &str) -> Payload {
    let trimmed = text.trim();
    if trimmed.starts_with("data:") || trimmed.starts_with("event:") {
        return Payload::EventStream(text.to_owned());
    }
    match serde_json::from_str(trimmed) {
        Ok(v) => Payload::Json(v),
        Err(e) => Payload::Unparsed { text: text.to_owned(), error: e.to_string() },
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
        let curl = "curl https://x/v1/a \\\n  -H \"Content-Type: application/json\" \\\n  -d '{\n \"a\": \"it'\\''s\"\n}'\n";
        let body = curl_json_body(curl).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), serde_json::json!({"a": "it's"}));
        assert_eq!(curl_json_body("curl https://x -F file=@a.txt"), None);
    }

    #[test]
    fn responses_are_json_or_event_streams() {
        assert_eq!(parse("{\"a\": 1}"), Payload::Json(serde_json::json!({"a": 1})));
        assert!(matches!(parse("data: {}\n\ndata: [DONE]"), Payload::EventStream(_)));
        assert!(matches!(parse("not json"), Payload::Unparsed { .. }));
    }
}
