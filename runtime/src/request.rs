//! What generated code hands to the client: one operation's request, described as data so it
//! can be sent again on a retry or for the next page.

use crate::multipart::Form;
use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

/// Characters left as they are in a path segment (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a query parameter is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `name=a&name=b` (explode) or `name=a,b`.
    Form,
    /// `name=a b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
}

/// The body of a request.
#[derive(Debug, Clone)]
pub enum Body {
    /// No body.
    Empty,
    /// A JSON document, already serialized (kept as a value so extra fields can be merged).
    Json(Value),
    /// `application/x-www-form-urlencoded` pairs.
    Form(Vec<(String, String)>),
    /// `multipart/form-data`, rebuilt for every attempt.
    Multipart(Form),
    /// Raw bytes with their content type.
    Bytes(Bytes, String),
}

/// One request of one operation.
#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Body,
    /// Alternatives of security scheme keys, as the operation declares them.
    pub(crate) security: &'static [&'static [&'static str]],
    /// The first problem found while describing the request, reported when it is sent.
    pub(crate) invalid: Option<String>,
}

impl RequestSpec {
    /// A request for `operation` at `path_template`; a `?query` in the template is sent.
    pub fn new(operation: &'static str, method: Method, path_template: &'static str) -> Self {
        let (path, fixed_query) = match path_template.split_once('?') {
            Some((p, q)) => (p, q),
            None => (path_template, ""),
        };
        let query = fixed_query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (kv.to_owned(), String::new()),
            })
            .collect();
        RequestSpec {
            operation,
            method,
            path_template,
            path: path.to_owned(),
            query,
            headers: Vec::new(),
            body: Body::Empty,
            security: &[],
            invalid: None,
        }
    }

    /// The operation's id.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// Keep the first problem; names in it come from the API document, shown terminal-safe.
    fn invalid(&mut self, message: String) {
        self.invalid.get_or_insert_with(|| crate::terminal::safe(&message).into_owned());
    }

    /// Fill `{name}` in the path with `value`, percent-encoded. An empty value and the dot
    /// segments `.` and `..` (however spelled) are errors: each would silently call another
    /// endpoint (`/orgs/{org}/projects/{id}` with `..` is `DELETE /orgs/{org}/`).
    pub fn path_param(&mut self, name: &str, value: impl std::fmt::Display) {
        let value = value.to_string();
        if value.is_empty() {
            self.invalid(format!("path parameter `{name}` is empty"));
        } else if is_dot_segment(&value) {
            self.invalid(format!(
                "path parameter `{name}` is `{value}`, a dot segment: URL resolution would remove it and send the request to another path"
            ));
        }
        let encoded = utf8_percent_encode(&value, SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Fill `{name}` with a value whose type is not text (a union of a number and a string):
    /// a JSON string as itself, a number or boolean as written, then as [`path_param`]. An
    /// array, object or `null` has no single path segment and is an error.
    ///
    /// [`path_param`]: RequestSpec::path_param
    pub fn path_param_value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.path_param_json(name, serde_json::to_value(value));
    }

    // The methods taking any `Serialize` convert to JSON and hand over to one of these,
    // compiled once rather than once per parameter or body type.

    fn path_param_json(&mut self, name: &str, value: Result<Value, serde_json::Error>) {
        match value {
            Ok(Value::String(text)) => self.path_param(name, text),
            Ok(scalar @ (Value::Number(_) | Value::Bool(_))) => self.path_param(name, scalar),
            Ok(other) => self.invalid(format!("path parameter `{name}` is `{other}`, not a string, number or boolean")),
            Err(e) => self.invalid(format!("path parameter `{name}` cannot be serialized: {e}")),
        }
    }

    /// Add a query parameter; `None` and `null` are left out.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle, explode: bool) {
        self.query_json(name, serde_json::to_value(value), style, explode);
    }

    fn query_json(&mut self, name: &str, value: Result<Value, serde_json::Error>, style: QueryStyle, explode: bool) {
        match value {
            Ok(v) => encode_query(&mut self.query, name, &v, style, explode),
            Err(e) => self.invalid(format!("query parameter `{name}` cannot be serialized: {e}")),
        }
    }

    /// Add a header parameter; `None` is left out.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.header_json(name, serde_json::to_value(value));
    }

    fn header_json(&mut self, name: &str, value: Result<Value, serde_json::Error>) {
        match value {
            Ok(Value::Null) => {}
            Ok(v) => {
                let text = scalar_text(&v).unwrap_or_else(|| v.to_string());
                self.headers.push((name.to_owned(), text));
            }
            Err(e) => self.invalid(format!("header `{name}` cannot be serialized: {e}")),
        }
    }

    /// Send `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.json_value(serde_json::to_value(body));
    }

    fn json_value(&mut self, body: Result<Value, serde_json::Error>) {
        match body {
            Ok(v) => self.body = Body::Json(v),
            Err(e) => self.invalid(format!("the body cannot be serialized: {e}")),
        }
    }

    /// Send `body` as `application/x-www-form-urlencoded`.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        self.form_value(serde_json::to_value(body));
    }

    fn form_value(&mut self, body: Result<Value, serde_json::Error>) {
        match body {
            Ok(Value::Object(map)) => {
                let mut pairs = Vec::new();
                for (k, v) in &map {
                    encode_query(&mut pairs, k, v, QueryStyle::Form, true);
                }
                self.body = Body::Form(pairs);
            }
            Ok(_) => self.invalid("a form body must be an object".to_owned()),
            Err(e) => self.invalid(format!("the body cannot be serialized: {e}")),
        }
    }

    /// Send a multipart form.
    pub fn multipart(&mut self, form: Form) {
        self.body = Body::Multipart(form);
    }

    /// Send raw bytes.
    pub fn bytes(&mut self, body: impl Into<Bytes>, content_type: &str) {
        self.body = Body::Bytes(body.into(), content_type.to_owned());
    }

    /// Set a body's `stream` flag: `true` for streaming methods; `false` leaves it out, so
    /// the non-streaming method never asks for a stream whatever the value says.
    pub fn stream_flag(&mut self, on: bool) {
        match &mut self.body {
            Body::Json(Value::Object(map)) => {
                if on {
                    map.insert("stream".to_owned(), Value::Bool(true));
                } else if map.get("stream") == Some(&Value::Bool(true)) {
                    map.remove("stream");
                }
            }
            Body::Multipart(form) => {
                form.remove("stream");
                if on {
                    form.text("stream", "true");
                }
            }
            _ => {}
        }
    }

    /// The security requirements of the operation (alternatives of scheme keys).
    pub fn security(&mut self, alternatives: &'static [&'static [&'static str]]) {
        self.security = alternatives;
    }

    /// The value of a query parameter, if it is set (once or more: the last).
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Replace (or add) a query parameter, as paging does with the cursor.
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(k, _)| k != name);
        self.query.push((name.to_owned(), value));
    }
}

/// Whether a segment is `.` or `..`, also once percent-decoded: encoding the dots does not
/// help, URL parsers (the WHATWG rules reqwest follows) and servers treat `%2e%2E` as `..`.
fn is_dot_segment(value: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(value).collect::<Vec<u8>>();
    matches!(&decoded[..], b"." | b"..")
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Write one parameter as OpenAPI's `style` and `explode` say.
fn encode_query(out: &mut Vec<(String, String)>, name: &str, v: &Value, style: QueryStyle, explode: bool) {
    match v {
        Value::Null => {}
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(|i| scalar_text(i).unwrap_or_else(|| i.to_string())).collect();
            match style {
                QueryStyle::Form if explode => out.extend(texts.into_iter().map(|t| (name.to_owned(), t))),
                QueryStyle::SpaceDelimited => out.push((name.to_owned(), texts.join(" "))),
                QueryStyle::PipeDelimited => out.push((name.to_owned(), texts.join("|"))),
                _ => out.push((name.to_owned(), texts.join(","))),
            }
        }
        Value::Object(map) => match style {
            QueryStyle::DeepObject => {
                for (k, v) in map {
                    if let Some(t) = scalar_text(v) {
                        out.push((format!("{name}[{k}]"), t));
                    }
                }
            }
            QueryStyle::Form if explode => {
                for (k, v) in map {
                    if let Some(t) = scalar_text(v) {
                        out.push((k.clone(), t));
                    }
                }
            }
            _ => {
                let flat: Vec<String> =
                    map.iter().filter_map(|(k, v)| scalar_text(v).map(|t| format!("{k},{t}"))).collect();
                out.push((name.to_owned(), flat.join(",")));
            }
        },
        scalar => {
            if let Some(t) = scalar_text(scalar) {
                out.push((name.to_owned(), t));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_parameters_are_percent_encoded_and_never_empty() {
        let mut r = RequestSpec::new("op", Method::GET, "/files/{file_id}/content");
        r.path_param("file_id", "a b/c?");
        assert_eq!(r.path, "/files/a%20b%2Fc%3F/content");
        assert!(r.invalid.is_none());
        r.path_param("other", "");
        assert!(r.invalid.unwrap().contains("`other` is empty"));
    }

    #[test]
    fn path_parameters_of_a_union_type_are_their_json_scalars() {
        let mut r = RequestSpec::new("op", Method::GET, "/points/{id}/{uuid}/{flag}");
        r.path_param_value("id", &json!(42));
        r.path_param_value("uuid", &json!("5c56c793-69f3-4fbf-87e6-c4bf54c28c26"));
        r.path_param_value("flag", &json!(true));
        assert_eq!(r.path, "/points/42/5c56c793-69f3-4fbf-87e6-c4bf54c28c26/true");
        assert!(r.invalid.is_none());
        r.path_param_value("list", &json!([1, 2]));
        assert!(r.invalid.unwrap().contains("`list` is `[1,2]`"));
    }

    #[test]
    fn dot_segments_are_refused_however_spelled() {
        for dots in [".", "..", "%2e", "%2E%2e", ".%2E"] {
            let mut r = RequestSpec::new("op", Method::DELETE, "/orgs/acme/projects/{id}");
            r.path_param("id", dots);
            let message = r.invalid.unwrap_or_default();
            assert!(message.contains("`id`") && message.contains("dot segment"), "{dots}: {message}");
        }
        for fine in ["...", "a.b", ".env", "..x"] {
            let mut r = RequestSpec::new("op", Method::GET, "/files/{id}");
            r.path_param("id", fine);
            assert!(r.invalid.is_none(), "{fine}");
        }
    }

    #[test]
    fn a_query_in_the_path_template_is_sent() {
        let r = RequestSpec::new("op", Method::POST, "/responses?beta=true");
        assert_eq!(r.path, "/responses");
        assert_eq!(r.query, [("beta".to_owned(), "true".to_owned())]);
    }

    #[test]
    fn query_styles() {
        let mut r = RequestSpec::new("op", Method::GET, "/x");
        r.query("include", &json!(["a", "b"]), QueryStyle::Form, true);
        r.query("ids", &json!([1, 2]), QueryStyle::Form, false);
        r.query("metadata", &json!({"k": "v"}), QueryStyle::DeepObject, true);
        r.query("limit", &Some(5), QueryStyle::Form, true);
        r.query("after", &None::<String>, QueryStyle::Form, true);
        let pairs: Vec<(&str, &str)> = r.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("include", "a"), ("include", "b"), ("ids", "1,2"), ("metadata[k]", "v"), ("limit", "5")]);
    }
}
