//! OpenAPI Overlay 1.0: a list of actions, each selecting nodes of the document with a
//! JSONPath (RFC 9535) `target` and either merging `update` into them or removing them.

use crate::error::{pointer_tokens, push_pointer, Error};
use serde_json::{Map, Value};
use serde_json_path::JsonPath;

/// What applying an overlay did, action by action: how many nodes each one touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub actions: Vec<usize>,
}

/// Apply every action of `overlay` to `doc`, in order. Errors point into the overlay
/// (`/actions/2/target`). An action whose target selects nothing is an error: it would
/// otherwise be dropped without a word when the document changes under it.
pub fn apply(doc: &mut Value, overlay: &Value) -> Result<Applied, Error> {
    let version = overlay
        .get("overlay")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::at("/overlay", "an overlay document starts with `overlay: 1.0.0`"))?;
    if !version.starts_with("1.") {
        return Err(Error::at("/overlay", format!("overlay version `{version}` is not supported (1.x is)")));
    }
    let actions = overlay
        .get("actions")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::at("/actions", "an overlay needs a list of `actions`"))?;
    let mut applied = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let at = format!("/actions/{i}");
        applied.push(apply_action(doc, action, &at)?);
    }
    Ok(Applied { actions: applied })
}

fn apply_action(doc: &mut Value, action: &Value, at: &str) -> Result<usize, Error> {
    let fields = action
        .as_object()
        .ok_or_else(|| Error::at(at, "an action is an object with `target` and `update` or `remove`"))?;
    for key in fields.keys() {
        if !matches!(key.as_str(), "target" | "description" | "update" | "remove") && !key.starts_with("x-") {
            return Err(Error::at(push_pointer(at, key), format!("`{key}` is not a field of an overlay action")));
        }
    }
    let target_at = push_pointer(at, "target");
    let target = fields
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::at(&target_at, "an action needs a `target` JSONPath"))?;
    let path =
        JsonPath::parse(target).map_err(|e| Error::at(&target_at, format!("`{target}` is not a JSONPath: {e}")))?;
    let remove = match fields.get("remove") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(Error::at(push_pointer(at, "remove"), "`remove` is true or false")),
    };
    let update = fields.get("update");
    if remove && update.is_some() {
        return Err(Error::at(at, "an action either updates or removes its target, not both"));
    }
    if !remove && update.is_none() {
        return Err(Error::at(at, "an action needs `update` or `remove: true`"));
    }
    let mut pointers: Vec<String> = path.query_located(doc).locations().map(|l| l.to_json_pointer()).collect();
    if pointers.is_empty() {
        return Err(Error::at(&target_at, format!("`{target}` selects nothing in the document")));
    }
    if remove {
        // Later array elements first, so earlier indices stay valid.
        pointers.sort_by_key(|p| std::cmp::Reverse(sort_key(p)));
        for pointer in &pointers {
            remove_at(doc, pointer).map_err(|m| Error::at(&target_at, format!("`{target}`: {m}")))?;
        }
    } else if let Some(update) = update {
        for pointer in &pointers {
            let node = doc
                .pointer_mut(pointer)
                .ok_or_else(|| Error::at(&target_at, format!("`{target}` selected {pointer}, which is gone")))?;
            merge(node, update)
                .map_err(|m| Error::at(push_pointer(at, "update"), format!("cannot update {pointer}: {m}")))?;
        }
    }
    Ok(pointers.len())
}

/// Pointer tokens with array indices compared as numbers.
fn sort_key(pointer: &str) -> Vec<(u64, String)> {
    pointer_tokens(pointer).into_iter().map(|t| (t.parse::<u64>().unwrap_or(u64::MAX), t)).collect()
}

fn remove_at(doc: &mut Value, pointer: &str) -> Result<(), String> {
    let mut tokens = pointer_tokens(pointer);
    let Some(last) = tokens.pop() else { return Err("the whole document cannot be removed".to_owned()) };
    let parent_pointer = tokens.iter().fold(String::new(), |p, t| push_pointer(&p, t));
    match doc.pointer_mut(&parent_pointer) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
            Ok(())
        }
        Some(Value::Array(items)) => {
            let index: usize = last.parse().map_err(|_| format!("{pointer} is not an array index"))?;
            if index < items.len() {
                items.remove(index);
            }
            Ok(())
        }
        _ => Err(format!("the parent of {pointer} is not an object or array")),
    }
}

/// Objects are merged key by key (recursively where both sides are objects; otherwise the
/// update's value replaces the target's); an array target gets the update appended (each
/// element of an array update).
fn merge(target: &mut Value, update: &Value) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            merge_objects(target, update);
            Ok(())
        }
        (Value::Array(items), Value::Array(more)) => {
            items.extend(more.iter().cloned());
            Ok(())
        }
        (Value::Array(items), other) => {
            items.push(other.clone());
            Ok(())
        }
        (Value::Object(_), _) => Err("an object is updated with an object".to_owned()),
        _ => Err("only objects and arrays can be updated; update their parent instead".to_owned()),
    }
}

fn merge_objects(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(inner)), Value::Object(more)) => merge_objects(inner, more),
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "paths": {"/a": {"get": {"operationId": "a", "tags": ["x"]}}, "/b": {"post": {"operationId": "b"}}},
            "components": {"schemas": {"Req": {"type": "object", "required": ["m"], "properties": {"m": {"type": "string"}, "store": {"type": "boolean"}}}}}
        })
    }

    fn overlay(actions: Value) -> Value {
        json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions})
    }

    #[test]
    fn update_merges_recursively_and_appends_to_arrays() {
        let mut d = doc();
        let o = overlay(json!([
            {"target": "$.components.schemas.Req.properties", "update": {"safe_mode": {"type": "boolean"}, "m": {"description": "model"}}},
            {"target": "$.components.schemas.Req.required", "update": "safe_mode"}
        ]));
        assert_eq!(apply(&mut d, &o).unwrap().actions, [1, 1]);
        let req = &d["components"]["schemas"]["Req"];
        assert_eq!(req["properties"]["m"], json!({"type": "string", "description": "model"}));
        assert_eq!(req["properties"]["safe_mode"], json!({"type": "boolean"}));
        assert_eq!(req["required"], json!(["m", "safe_mode"]));
    }

    #[test]
    fn remove_takes_every_selected_node() {
        let mut d = doc();
        let o = overlay(json!([
            {"target": "$.components.schemas.Req.properties.store", "remove": true},
            {"target": "$.paths.*[?@.operationId == 'b']", "remove": true}
        ]));
        assert_eq!(apply(&mut d, &o).unwrap().actions, [1, 1]);
        assert!(d["components"]["schemas"]["Req"]["properties"].get("store").is_none());
        assert_eq!(d["paths"]["/b"], json!({}));
    }

    #[test]
    fn removing_several_array_elements_keeps_indices_right() {
        let mut d = json!({"l": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]});
        let o = overlay(json!([{"target": "$.l[?@ > 1 && @ != 10]", "remove": true}]));
        apply(&mut d, &o).unwrap();
        assert_eq!(d["l"], json!([0, 1, 10]));
    }

    #[test]
    fn errors_point_into_the_overlay() {
        let cases = [
            (json!([{"target": "$.nothing.here", "remove": true}]), "/actions/0/target", "selects nothing"),
            (json!([{"target": "$[", "remove": true}]), "/actions/0/target", "is not a JSONPath"),
            (json!([{"target": "$.paths", "remove": true, "update": {}}]), "/actions/0", "not both"),
            (json!([{"target": "$.paths"}]), "/actions/0", "needs `update`"),
            (json!([{"target": "$.paths", "updat": {}}]), "/actions/0/updat", "not a field"),
            (
                json!([{"target": "$.components.schemas.Req.type", "update": {}}]),
                "/actions/0/update",
                "only objects and arrays",
            ),
        ];
        for (actions, pointer, message) in cases {
            let err = apply(&mut doc(), &overlay(actions)).unwrap_err();
            assert_eq!(err.pointer(), Some(pointer), "{err}");
            assert!(err.message.contains(message), "{err}");
        }
        let err = apply(&mut doc(), &json!({"overlay": "2.0.0", "actions": []})).unwrap_err();
        assert!(err.message.contains("not supported"), "{err}");
    }
}
