//! Checks of generated types against example JSON, for conformance harnesses (`cargo xtask
//! conformance`) and tests: deserialize, serialize back, compare ignoring key order, and
//! refuse values kept in an `Unknown` fallback.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Debug;

/// How far a check goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Deserialize, serialize back, compare; no value may be kept as unknown.
    RoundTrip,
    /// Deserialize only (an older client reading a newer server's answer).
    Read,
}

/// Why an example failed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `deserialize`, `serialize`, `round-trip`, `unknown-variant`, `event-stream` or
    /// `event-decode`.
    pub reason: &'static str,
    /// The JSON path: object keys as strings, array indexes as numbers, `#N` for the Nth
    /// event of a transcript.
    pub path: Vec<Value>,
    /// What went wrong, in words.
    pub detail: String,
}

impl Failure {
    fn new(reason: &'static str, path: Vec<Value>, detail: impl Into<String>) -> Self {
        Failure { reason, path, detail: detail.into() }
    }
}

/// What reading a value (in [`Mode::Read`]) left out or kept as unknown: how an older
/// client copes with a newer server's answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Notes {
    /// Properties the type does not have were ignored (written back, the value lacks them).
    pub ignored_properties: bool,
    /// Values the type does not know were kept in an `Unknown` fallback.
    pub kept_unknown: bool,
}

impl Notes {
    fn or(self, other: Notes) -> Notes {
        Notes {
            ignored_properties: self.ignored_properties || other.ignored_properties,
            kept_unknown: self.kept_unknown || other.kept_unknown,
        }
    }
}

/// Check one JSON example against `T`. `fallbacks` names the variants that keep unknown
/// values (`Unknown`); a round trip fails when the `Debug` text of the value shows one.
pub fn check<T: DeserializeOwned + Serialize + Debug>(
    value: &Value,
    mode: Mode,
    fallbacks: &[&str],
) -> Result<Notes, Failure> {
    let typed: T = crate::serde::from_value(value).map_err(|e| {
        let path = segments(&e.path);
        Failure::new("deserialize", path, e.error.to_string())
    })?;
    let again = crate::serde::to_value(&typed);
    let unknown = fallback_used(&format!("{typed:?}"), fallbacks);
    if mode == Mode::Read {
        let ignored = again.as_ref().map_or(true, |again| first_difference(value, again, &mut Vec::new()).is_some());
        return Ok(Notes { ignored_properties: ignored, kept_unknown: unknown.is_some() });
    }
    let again = again.map_err(|e| Failure::new("serialize", Vec::new(), e.to_string()))?;
    let mut path = Vec::new();
    if let Some(detail) = first_difference(value, &again, &mut path) {
        return Err(Failure::new("round-trip", path, detail));
    }
    if let Some(detail) = unknown {
        // An enum keeps the string it did not know: the first place the example has it.
        let path = kept_string(&detail).and_then(|s| find_string(value, &s, &mut Vec::new())).unwrap_or_default();
        return Err(Failure::new("unknown-variant", path, detail));
    }
    Ok(Notes::default())
}

/// The string an enum's fallback kept, from the text [`fallback_used`] returns
/// (`... Unknown("paused") ...`).
fn kept_string(detail: &str) -> Option<String> {
    let open = detail.find("(\"")?;
    let literal = &detail[open + 1..];
    // The Debug text of a string is a JSON-compatible literal for the strings enums hold.
    let end = literal[1..].find('"').map(|i| i + 2)?;
    serde_json::from_str(&literal[..end]).ok()
}

/// The path of the first string equal to `wanted` in `value`.
fn find_string(value: &Value, wanted: &str, path: &mut Vec<Value>) -> Option<Vec<Value>> {
    match value {
        Value::String(s) if s == wanted => Some(path.clone()),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            path.push(Value::from(k.as_str()));
            let found = find_string(v, wanted, path);
            path.pop();
            found
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            path.push(Value::from(i));
            let found = find_string(v, wanted, path);
            path.pop();
            found
        }),
        _ => None,
    }
}

/// Check an event-stream transcript: each event (but `[DONE]`) goes through `decode` (the
/// stream's `FromEvent`), then its data is checked as JSON against `T`.
pub fn check_events<T: DeserializeOwned + Serialize + Debug>(
    text: &str,
    mode: Mode,
    fallbacks: &[&str],
    decode: impl Fn(&crate::sse::Event) -> Result<(), crate::Error>,
) -> Result<Notes, Failure> {
    let mut decoder = crate::sse::Decoder::default();
    let mut events = Vec::new();
    let fed = decoder.feed(text.as_bytes(), &mut events).and_then(|()| decoder.feed(b"\n\n", &mut events));
    if let Err(e) = fed {
        return Err(Failure::new("event-stream", Vec::new(), e.to_string()));
    }
    if events.is_empty() {
        return Err(Failure::new("event-stream", Vec::new(), "the transcript holds no event"));
    }
    let mut notes = Notes::default();
    for (i, event) in events.iter().enumerate() {
        if event.data.trim() == "[DONE]" {
            continue;
        }
        let at = |mut f: Failure| {
            f.path.insert(0, Value::String(format!("#{i}")));
            f
        };
        decode(event).map_err(|e| at(Failure::new("event-decode", Vec::new(), e.to_string())))?;
        let value: Value = serde_json::from_str(&event.data)
            .map_err(|e| at(Failure::new("event-decode", Vec::new(), format!("the data is not JSON: {e}"))))?;
        notes = notes.or(check::<T>(&value, mode, fallbacks).map_err(at)?);
    }
    Ok(notes)
}

fn segments(path: &[crate::serde::path::Segment]) -> Vec<Value> {
    use crate::serde::path::Segment;
    path.iter()
        .map(|s| match s {
            Segment::Index(index) => Value::from(*index),
            Segment::Field(name) => Value::from(*name),
            Segment::Key(key) => Value::from(key.as_str()),
        })
        .collect()
}

fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

/// Equal numbers, whatever their JSON spelling (`1` and `1.0`); integers beyond `f64`'s
/// precision are compared exactly.
fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), _, _) => x == y,
        (_, _, Some(x), Some(y)) => x == y,
        _ => a.as_f64() == b.as_f64(),
    }
}

/// The first place where `written` differs from `example` (object keys in sorted order),
/// with `path` left pointing at it, and how they differ.
pub fn first_difference(example: &Value, written: &Value, path: &mut Vec<Value>) -> Option<String> {
    match (example, written) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                path.push(Value::from(key.as_str()));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = first_difference(x, y, path) {
                            return Some(d);
                        }
                    }
                    // Optional fields read `null` as absent (one `Option`, no `Option<Option<T>>`).
                    (Some(Value::Null), None) => {}
                    (Some(x), None) => {
                        return Some(format!("the example has {} here; the type dropped it", excerpt(x)))
                    }
                    (None, Some(y)) => {
                        return Some(format!("the type wrote {} here; the example has nothing", excerpt(y)))
                    }
                    (None, None) => {}
                }
                path.pop();
            }
            None
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(Value::from(i));
                if let Some(d) = first_difference(x, y, path) {
                    return Some(d);
                }
                path.pop();
            }
            None
        }
        (Value::Number(a), Value::Number(b)) if same_number(a, b) => None,
        (a, b) if a == b => None,
        (a, b) => Some(format!("the example has {}; the type wrote {}", excerpt(a), excerpt(b))),
    }
}

/// A fallback variant (one of `fallbacks` followed by `(`) in the `Debug` text of a value,
/// outside string literals: what it holds.
pub fn fallback_used(debug: &str, fallbacks: &[&str]) -> Option<String> {
    let bytes = debug.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if (b.is_ascii_alphabetic() || b == b'_') && (i == 0 || !is_word(bytes[i - 1])) {
            let end = bytes[i..].iter().position(|c| !is_word(*c)).map_or(bytes.len(), |n| i + n);
            if bytes.get(end) == Some(&b'(') && fallbacks.contains(&&debug[i..end]) {
                let rest = &debug[i..];
                let shown = rest.char_indices().nth(120).map_or(rest, |(n, _)| &rest[..n]);
                return Some(format!("a value is kept as unknown: {shown}"));
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_number_spelling_do_not_matter() {
        let a = json!({"a": 1, "b": [1.0, {"c": null}]});
        let b: Value = serde_json::from_str(r#"{"b": [1, {"c": null}], "a": 1.0}"#).unwrap();
        assert_eq!(first_difference(&a, &b, &mut Vec::new()), None);
    }

    #[test]
    fn the_first_difference_has_its_path() {
        let mut path = Vec::new();
        let d = first_difference(&json!({"a": [{"x": 1, "y": 2}]}), &json!({"a": [{"x": 1}]}), &mut path).unwrap();
        assert_eq!(path, vec![json!("a"), json!(0), json!("y")]);
        assert!(d.contains("dropped"), "{d}");
        // A `null` read as absent is no difference; a `null` written for a value is.
        assert_eq!(first_difference(&json!({"y": null}), &json!({}), &mut Vec::new()), None);
        assert!(first_difference(&json!({"y": 1}), &json!({"y": null}), &mut Vec::new()).is_some());
        let mut path = Vec::new();
        let d = first_difference(&json!({"n": 9007199254740993_u64}), &json!({"n": 9007199254740992_u64}), &mut path)
            .unwrap();
        assert_eq!(path, vec![json!("n")]);
        assert!(d.contains("9007199254740993"), "{d}");
    }

    #[test]
    fn fallbacks_are_found_outside_strings_only() {
        let fallbacks = ["Unknown"];
        assert!(fallback_used(r#"Job { status: Unknown("paused") }"#, &fallbacks).is_some());
        assert_eq!(fallback_used(r#"Job { name: "Unknown(x)", status: Done }"#, &fallbacks), None);
        assert_eq!(fallback_used(r#"Job { name: "a \"Unknown(\" b", kind: NotUnknown(1) }"#, &fallbacks), None);
    }

    #[derive(Debug, crate::Wire)]
    struct Pair {
        a: i64,
        b: Option<String>,
    }

    #[test]
    fn a_check_reports_the_path_and_the_reason() {
        assert_eq!(check::<Pair>(&json!({"a": 1, "b": "x"}), Mode::RoundTrip, &[]), Ok(Notes::default()));
        let e = check::<Pair>(&json!({"a": "one"}), Mode::RoundTrip, &[]).unwrap_err();
        assert_eq!((e.reason, e.path), ("deserialize", vec![json!("a")]));
        let e = check::<Pair>(&json!({"a": 1, "c": true}), Mode::RoundTrip, &[]).unwrap_err();
        assert_eq!((e.reason, e.path), ("round-trip", vec![json!("c")]));
        // Reading only: the unknown property is ignored, and noted.
        let notes = check::<Pair>(&json!({"a": 1, "c": true}), Mode::Read, &[]).unwrap();
        assert_eq!(notes, Notes { ignored_properties: true, kept_unknown: false });
    }

    #[test]
    fn a_kept_string_is_found_where_the_example_has_it() {
        let detail = r#"a value is kept as unknown: Unknown("chat.completion"), usage: None"#;
        assert_eq!(kept_string(detail).as_deref(), Some("chat.completion"));
        let example = json!({"id": "x", "choices": [{"object": "chat.completion"}]});
        assert_eq!(
            find_string(&example, "chat.completion", &mut Vec::new()),
            Some(vec![json!("choices"), json!(0), json!("object")])
        );
        assert_eq!(kept_string("a value is kept as unknown: Unknown(Object {})"), None);
    }

    #[test]
    fn transcripts_are_checked_event_by_event() {
        let ok = |_: &crate::sse::Event| Ok(());
        let text = "data: {\"a\": 1}\n\ndata: {\"a\": 2, \"b\": \"x\"}\n\ndata: [DONE]\n\n";
        assert_eq!(check_events::<Pair>(text, Mode::RoundTrip, &[], ok), Ok(Notes::default()));
        let e =
            check_events::<Pair>("data: {\"a\": 1}\n\ndata: {\"a\": null}\n\n", Mode::RoundTrip, &[], ok).unwrap_err();
        assert_eq!(e.path, vec![json!("#1"), json!("a")]);
        assert_eq!(check_events::<Pair>("", Mode::RoundTrip, &[], ok).unwrap_err().reason, "event-stream");
    }
}
