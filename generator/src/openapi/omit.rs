//! Properties a document marks as not part of the wire format, taken out before it is read.
//!
//! Vendors annotate such properties with their own `x-` keys: OpenAI marks `Response.output_text`
//! with `x-oaiSupportedSDKs` (its SDKs compute it; the API never sends it). A generated field
//! for it would always be `None`, so a crate names the marker keys to drop
//! ([`crate::CrateOptions::omit_marked`]) and the marked properties never reach the types.

use serde_json::{Map, Value};

/// Keys whose values are data, not schemas: nothing below them is a property to drop.
const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "const", "enum"];

/// Remove every property whose schema (or a member of its `anyOf`/`oneOf`/`allOf`) carries
/// one of `markers`, and its name from the sibling `required`. Returns the pointers of the
/// properties removed, in document order.
pub fn omit_marked_properties(root: &mut Value, markers: &[String]) -> Vec<String> {
    let mut removed = Vec::new();
    if !markers.is_empty() {
        walk(root, "", markers, &mut removed);
    }
    removed
}

fn walk(value: &mut Value, ptr: &str, markers: &[String], removed: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            drop_marked(map, ptr, markers, removed);
            for (key, child) in map.iter_mut() {
                if !DATA_KEYS.contains(&key.as_str()) {
                    walk(child, &crate::push_pointer(ptr, key), markers, removed);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                walk(child, &crate::push_pointer(ptr, &i.to_string()), markers, removed);
            }
        }
        _ => {}
    }
}

/// Drop the marked entries of this object's `properties`, if it has any.
fn drop_marked(map: &mut Map<String, Value>, ptr: &str, markers: &[String], removed: &mut Vec<String>) {
    let Some(Value::Object(properties)) = map.get_mut("properties") else { return };
    let marked: Vec<String> =
        properties.iter().filter(|(_, schema)| is_marked(schema, markers)).map(|(name, _)| name.clone()).collect();
    for name in &marked {
        properties.shift_remove(name);
        removed.push(crate::push_pointer(&crate::push_pointer(ptr, "properties"), name));
    }
    if let Some(Value::Array(required)) = map.get_mut("required") {
        required.retain(|r| !r.as_str().is_some_and(|r| marked.iter().any(|m| m == r)));
    }
}

/// The schema, or one member of its combinators, carries a marker key.
fn is_marked(schema: &Value, markers: &[String]) -> bool {
    let Value::Object(map) = schema else { return false };
    let has_marker = |m: &Map<String, Value>| markers.iter().any(|k| m.contains_key(k));
    has_marker(map)
        || ["anyOf", "oneOf", "allOf"].iter().any(|k| match map.get(*k) {
            Some(Value::Array(members)) => members.iter().any(|m| matches!(m, Value::Object(o) if has_marker(o))),
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::omit_marked_properties;
    use serde_json::json;

    #[test]
    fn a_marked_property_and_its_required_entry_are_removed() {
        let mut doc = json!({"components": {"schemas": {"Response": {
            "type": "object",
            "required": ["id", "output_text"],
            "properties": {
                "id": {"type": "string"},
                "output_text": {"anyOf": [{"type": "string", "x-sdk-only": ["python"]}, {"type": "null"}]},
                "note": {"type": "string", "x-sdk-only": true},
                "example_holder": {"type": "object", "example": {"properties": {"x": {"x-sdk-only": 1}}}}
            }
        }}}});
        let removed = omit_marked_properties(&mut doc, &["x-sdk-only".to_owned()]);
        assert_eq!(
            removed,
            ["/components/schemas/Response/properties/output_text", "/components/schemas/Response/properties/note"]
        );
        let schema = &doc["components"]["schemas"]["Response"];
        assert_eq!(schema["required"], json!(["id"]));
        let names: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["id", "example_holder"]);
        // Example data is left as written.
        assert!(schema["properties"]["example_holder"]["example"]["properties"]["x"].is_object());
    }

    #[test]
    fn no_markers_changes_nothing() {
        let mut doc = json!({"properties": {"a": {"x-sdk-only": true}}});
        let before = doc.clone();
        assert!(omit_marked_properties(&mut doc, &[]).is_empty());
        assert_eq!(doc, before);
    }
}
