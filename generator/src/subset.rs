//! A document cut down to some of its operations and exactly the components they reach:
//! what a vendor ships when it serves part of an API, or what a test needs.

use crate::error::Error;
use crate::openapi::METHODS;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Which operations to keep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep operations with these operationIds.
    pub operation_ids: Vec<String>,
    /// Keep operations with any of these tags.
    pub tags: Vec<String>,
    /// Remove `description` and `summary` (documentation only) everywhere.
    pub drop_descriptions: bool,
}

/// The subset of `doc` the selection names. Every `$ref` of the result resolves within it.
pub fn subset(doc: &Value, selection: &Selection) -> Result<Value, Error> {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security", "externalDocs"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    let mut found_ids = BTreeSet::new();
    let mut used_tags = BTreeSet::new();
    let mut paths = Map::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let Some(item) = item.as_object() else { continue };
        let mut kept = Map::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let id = value.get("operationId").and_then(Value::as_str).unwrap_or_default();
                let tags: Vec<&str> = value.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
                let wanted = selection.operation_ids.iter().any(|w| w == id) || tags.iter().any(|t| selection.tags.iter().any(|w| w == t));
                if wanted {
                    found_ids.insert(id.to_owned());
                    used_tags.extend(tags.iter().map(|t| t.to_string()));
                    kept.insert(key.clone(), value.clone());
                }
            }
        }
        if !kept.is_empty() {
            // Path-level parameters, summary and servers belong to every kept operation.
            for (key, value) in item {
                if !METHODS.contains(&key.as_str()) {
                    kept.insert(key.clone(), value.clone());
                }
            }
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    let missing: Vec<&String> = selection.operation_ids.iter().filter(|id| !found_ids.contains(*id)).collect();
    if !missing.is_empty() {
        return Err(Error::at("/paths", format!("no operation has the operationId {}", missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "))));
    }
    if paths.is_empty() {
        return Err(Error::at("/paths", "the selection matches no operation"));
    }
    if let Some(tags) = doc.get("tags").and_then(Value::as_array) {
        let kept: Vec<Value> = tags.iter().filter(|t| t.get("name").and_then(Value::as_str).is_some_and(|n| used_tags.contains(n))).cloned().collect();
        out.insert("tags".to_owned(), Value::Array(kept));
    }
    let paths = Value::Object(paths);

    // Components: exactly those reachable from the kept operations.
    let mut reached = BTreeSet::new();
    collect_refs(doc, &paths, &mut reached)?;
    let mut components = Map::new();
    for ptr in &reached {
        let tokens = crate::error::pointer_tokens(ptr);
        if tokens.len() != 3 || tokens[0] != "components" {
            continue; // a ref into an inline schema is carried by its component
        }
        let target = doc.pointer(ptr).cloned().unwrap_or(Value::Null);
        let section = components.entry(tokens[1].clone()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(section) = section {
            section.insert(tokens[2].clone(), target);
        }
    }
    if let Some(schemes) = doc.pointer("/components/securitySchemes") {
        components.insert("securitySchemes".to_owned(), schemes.clone());
    }
    // Keep components in the order the document writes them.
    let mut ordered = Map::new();
    if let Some(original) = doc.get("components").and_then(Value::as_object) {
        for (section, entries) in original {
            let Some(Value::Object(kept)) = components.get(section) else { continue };
            let entries: Map<String, Value> = entries
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(name, _)| kept.contains_key(*name))
                .map(|(name, v)| (name.clone(), v.clone()))
                .collect();
            ordered.insert(section.clone(), Value::Object(entries));
        }
    }
    out.insert("paths".to_owned(), paths);
    out.insert("components".to_owned(), Value::Object(ordered));
    let mut out = Value::Object(out);
    if selection.drop_descriptions {
        strip_docs(&mut out, false);
    }
    Ok(out)
}

/// Every component a value reaches, following `$ref`s transitively.
fn collect_refs(doc: &Value, v: &Value, out: &mut BTreeSet<String>) -> Result<(), Error> {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let ptr = crate::openapi::schema::local_ref(r, "")?;
                    // A ref into a component's inside keeps the whole component.
                    let tokens = crate::error::pointer_tokens(&ptr);
                    let component = if tokens.len() >= 3 && tokens[0] == "components" {
                        crate::error::push_pointer(&crate::error::push_pointer("/components", &tokens[1]), &tokens[2])
                    } else {
                        ptr.clone()
                    };
                    if out.insert(component.clone()) {
                        if let Some(target) = doc.pointer(&component) {
                            stack.push(target);
                        }
                    }
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    Ok(())
}

/// Remove documentation keys, leaving names in name-holding maps alone.
fn strip_docs(v: &mut Value, names: bool) {
    match v {
        Value::Object(map) => {
            if !names {
                map.retain(|k, _| !matches!(k.as_str(), "description" | "summary"));
            }
            for (k, child) in map.iter_mut() {
                let holds_names = !names
                    && matches!(k.as_str(), "properties" | "patternProperties" | "mapping" | "content" | "headers" | "responses" | "encoding" | "schemas" | "parameters" | "requestBodies" | "securitySchemes" | "paths" | "webhooks" | "examples");
                strip_docs(child, holds_names);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| strip_docs(i, false)),
        _ => {}
    }
}

/// The document as text: JSON when asked, YAML otherwise.
pub fn to_text(doc: &Value, json: bool) -> Result<String, Error> {
    if json {
        serde_json::to_string_pretty(doc).map(|s| s + "\n").map_err(|e| Error::msg(format!("cannot write JSON: {e}")))
    } else {
        serde_yaml::to_string(doc).map_err(|e| Error::msg(format!("cannot write YAML: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "tags": [{"name": "a"}, {"name": "b"}],
            "paths": {
                "/a": {"get": {"operationId": "getA", "tags": ["a"], "description": "gets A",
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                "/b": {"get": {"operationId": "getB", "tags": ["b"],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}}
            },
            "components": {"schemas": {
                "A": {"type": "object", "description": "an A", "properties": {"description": {"$ref": "#/components/schemas/C"}}},
                "B": {"type": "string"},
                "C": {"type": "string"}
            }}
        })
    }

    #[test]
    fn keeps_exactly_what_the_operations_reach() {
        let out = subset(&doc(), &Selection { operation_ids: vec!["getA".into()], ..Default::default() }).unwrap();
        assert!(out["paths"]["/b"].is_null());
        let schemas: Vec<&String> = out["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["A", "C"]);
        assert_eq!(out["tags"], json!([{"name": "a"}]));
    }

    #[test]
    fn drops_descriptions_but_not_properties_named_description() {
        let selection = Selection { tags: vec!["a".into()], drop_descriptions: true, ..Default::default() };
        let out = subset(&doc(), &selection).unwrap();
        assert!(out["paths"]["/a"]["get"].get("description").is_none());
        assert!(out["components"]["schemas"]["A"].get("description").is_none());
        assert!(out["components"]["schemas"]["A"]["properties"].get("description").is_some());
    }

    #[test]
    fn an_unknown_operation_id_is_an_error() {
        let err = subset(&doc(), &Selection { operation_ids: vec!["nope".into()], ..Default::default() }).unwrap_err();
        assert!(err.message.contains("`nope`"), "{err}");
    }
}
