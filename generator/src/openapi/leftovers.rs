//! Swagger 2 parameters left in an OpenAPI 3 document (`in: body`, `in: formData`): OpenAPI 3
//! has no such locations, but their intent is plain. Unless the reading is strict, they become
//! the operation's request body, each with a located warning: a `body` parameter is the JSON
//! body; `formData` parameters are the fields of a form body (multipart when one is a file).
//! A leftover beside a declared `requestBody`, or in a location nobody knows, is dropped and
//! the warning names its operation.

use super::schema::parse_schema;
use super::{MediaType, RequestBody, Schema};
use crate::error::{push_pointer, Error};
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// A parameter whose `in` is none of OpenAPI 3's four locations.
#[derive(Debug, Clone)]
pub(super) struct Leftover {
    pub ptr: String,
    pub name: String,
    pub location: String,
    pub node: Map<String, Value>,
}

impl Leftover {
    /// The refusal of a strict reading (and of a location with no Swagger 2 meaning either).
    pub fn error(&self) -> Error {
        Error::at(
            push_pointer(&self.ptr, "in"),
            format!("parameter location `{}` is not one of path, query, header, cookie", self.location),
        )
    }

    fn warn(&self, op_ptr: &str, what: &str) -> Error {
        Error::at(
            push_pointer(&self.ptr, "in"),
            format!(
                "`in: {}` is Swagger 2, not OpenAPI 3: parameter `{}` of the operation at {op_ptr} {what} \
                 (--strict refuses the document)",
                self.location, self.name
            ),
        )
    }
}

/// Turn an operation's leftovers into its request body where it has none; warnings say what
/// became of each.
pub(super) fn into_body(
    op_ptr: &str,
    leftovers: Vec<Leftover>,
    body: &mut Option<RequestBody>,
    warnings: &mut Vec<Error>,
) -> Result<(), Error> {
    let (mut form, mut json) = (Vec::new(), None);
    for leftover in leftovers {
        match leftover.location.as_str() {
            _ if body.is_some() => warnings.push(leftover.warn(op_ptr, "is ignored: the operation has a requestBody")),
            "formData" => form.push(leftover),
            "body" if json.is_none() && form.is_empty() => json = Some(leftover),
            "body" => warnings.push(leftover.warn(op_ptr, "is ignored: the operation has another body")),
            _ => warnings.push(leftover.warn(op_ptr, "is ignored: no location of either version")),
        }
    }
    if let Some(leftover) = json {
        warnings.push(leftover.warn(op_ptr, "is read as its application/json request body"));
        let schema = schema_of(&leftover)?;
        *body = Some(single(&leftover, "application/json", schema));
        return Ok(());
    }
    let Some(first) = form.first() else { return Ok(()) };
    let files = form.iter().any(is_file);
    let media = if files { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let mut object = Schema { ptr: first.ptr.clone(), types: vec!["object".to_owned()], ..Schema::default() };
    for leftover in &form {
        warnings.push(leftover.warn(op_ptr, &format!("is read as a field of its {media} request body")));
        if leftover.node.get("required").and_then(Value::as_bool) == Some(true) {
            object.required.push(leftover.name.clone());
        }
        object.properties.insert(leftover.name.clone(), schema_of(leftover)?);
    }
    let required = !object.required.is_empty();
    let mut body_value = single(first, media, object);
    body_value.required = required;
    *body = Some(body_value);
    Ok(())
}

/// A request body of one media type.
fn single(leftover: &Leftover, media: &str, schema: Schema) -> RequestBody {
    let ptr = leftover.ptr.clone();
    let content = MediaType { ptr: ptr.clone(), schema: Some(schema), examples: Vec::new(), encoding: IndexMap::new() };
    RequestBody {
        description: leftover.node.get("description").and_then(Value::as_str).map(str::to_owned),
        required: leftover.node.get("required").and_then(Value::as_bool).unwrap_or(false),
        content: IndexMap::from([(media.to_owned(), content)]),
        ptr,
    }
}

/// Swagger 2's `type: file`, in the parameter or in its schema.
fn is_file(leftover: &Leftover) -> bool {
    let file = |node: &Map<String, Value>| node.get("type").and_then(Value::as_str) == Some("file");
    file(&leftover.node) || leftover.node.get("schema").and_then(Value::as_object).is_some_and(file)
}

/// The parameter's `schema`, or (Swagger 2 style) the schema keywords written on the
/// parameter itself; `type: file` is a binary string.
fn schema_of(leftover: &Leftover) -> Result<Schema, Error> {
    let (mut node, ptr) = match leftover.node.get("schema").and_then(Value::as_object) {
        Some(schema) => (schema.clone(), push_pointer(&leftover.ptr, "schema")),
        None => {
            const KEYWORDS: [&str; 7] = ["type", "format", "items", "enum", "default", "minimum", "maximum"];
            let node =
                KEYWORDS.iter().filter_map(|k| leftover.node.get(*k).map(|v| ((*k).to_owned(), v.clone()))).collect();
            (node, leftover.ptr.clone())
        }
    };
    if node.get("type").and_then(Value::as_str) == Some("file") {
        node.insert("type".to_owned(), Value::from("string"));
        node.insert("format".to_owned(), Value::from("binary"));
    }
    if !node.contains_key("description") {
        if let Some(d) = leftover.node.get("description") {
            node.insert("description".to_owned(), d.clone());
        }
    }
    parse_schema(&Value::Object(node), &ptr)
}
