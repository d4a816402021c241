//! Several input documents as one: later documents add paths, webhooks, components and tags
//! to the first. The same key defined twice with different contents is an error; the same
//! definition twice is fine (documents split from one source often share components).

use crate::error::{push_pointer, Error};
use serde_json::{Map, Value};

/// Merge `more` (read from `file`, for messages) into `base`.
pub fn merge_into(base: &mut Value, more: &Value) -> Result<(), Error> {
    let Value::Object(base) = base else { return Err(Error::at("", "a document is an object")) };
    for section in ["paths", "webhooks"] {
        merge_section(base, more, &[section])?;
    }
    let kinds: Vec<String> =
        more.pointer("/components").and_then(Value::as_object).map(|c| c.keys().cloned().collect()).unwrap_or_default();
    for kind in &kinds {
        merge_section(base, more, &["components", kind])?;
    }
    if let Some(tags) = more.get("tags").and_then(Value::as_array) {
        let list = base.entry("tags").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = list {
            for tag in tags {
                let name = tag.get("name");
                if !list.iter().any(|t| t.get("name") == name) {
                    list.push(tag.clone());
                }
            }
        }
    }
    Ok(())
}

fn merge_section(base: &mut Map<String, Value>, more: &Value, keys: &[&str]) -> Result<(), Error> {
    let pointer = keys.iter().fold(String::new(), |p, k| push_pointer(&p, k));
    let Some(entries) = more.pointer(&pointer).and_then(Value::as_object) else { return Ok(()) };
    let mut node = base;
    for key in keys {
        let child = node.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
        node = child.as_object_mut().ok_or_else(|| Error::at(&pointer, "is not an object in the first document"))?;
    }
    for (name, value) in entries {
        match node.get(name) {
            Some(existing) if existing != value => {
                return Err(Error::at(push_pointer(&pointer, name), "is defined differently in an earlier document"));
            }
            Some(_) => {}
            None => {
                node.insert(name.clone(), value.clone());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn later_documents_add_and_may_repeat_identical_definitions() {
        let mut base =
            json!({"paths": {"/a": {}}, "components": {"schemas": {"A": {"type": "string"}}}, "tags": [{"name": "a"}]});
        let more = json!({"paths": {"/b": {}}, "components": {"schemas": {"A": {"type": "string"}, "B": {}}, "parameters": {"P": {}}}, "tags": [{"name": "a"}, {"name": "b"}]});
        merge_into(&mut base, &more).unwrap();
        assert_eq!(base["paths"].as_object().unwrap().len(), 2);
        assert!(base["components"]["schemas"]["B"].is_object());
        assert!(base["components"]["parameters"]["P"].is_object());
        assert_eq!(base["tags"], json!([{"name": "a"}, {"name": "b"}]));
    }

    #[test]
    fn a_conflicting_definition_is_an_error() {
        let mut base = json!({"components": {"schemas": {"A": {"type": "string"}}}});
        let err = merge_into(&mut base, &json!({"components": {"schemas": {"A": {"type": "integer"}}}})).unwrap_err();
        assert_eq!(err.pointer(), Some("/components/schemas/A"));
    }
}
