//! A document cut down to some of its operations and exactly the components they reach:
//! what a vendor ships when it serves part of an API, or what a test needs.

use crate::error::Error;
use crate::openapi::METHODS;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Which operations to keep: those any `include` list names (every operation when all are
/// empty), less those any `exclude` list names. A name or pattern that matches nothing is an
/// error, so a selection cannot silently go stale when the document changes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub include: Matcher,
    pub exclude: Matcher,
    /// Remove `description` and `summary` (documentation only) everywhere.
    pub drop_descriptions: bool,
}

/// Operations named by operationId, by tag, or by path pattern.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    pub operation_ids: Vec<String>,
    pub tags: Vec<String>,
    /// Path templates where `*` stands for one path segment or part of one and `**` for any
    /// number of segments (`/chat/completions/*`, `/organization/**`).
    pub paths: Vec<String>,
}

impl Matcher {
    fn is_empty(&self) -> bool {
        self.operation_ids.is_empty() && self.tags.is_empty() && self.paths.is_empty()
    }

    /// The entries of this matcher that `op` matches, recorded in `used`.
    fn matches(&self, op: &OperationKey, used: &mut BTreeSet<String>) -> bool {
        let mut hit = false;
        for id in &self.operation_ids {
            if id == op.id {
                used.insert(format!("operationId `{id}`"));
                hit = true;
            }
        }
        for tag in &self.tags {
            if op.tags.contains(&tag.as_str()) {
                used.insert(format!("tag `{tag}`"));
                hit = true;
            }
        }
        for pattern in &self.paths {
            if path_matches(pattern, op.path) {
                used.insert(format!("path pattern `{pattern}`"));
                hit = true;
            }
        }
        hit
    }

    /// Whether this matcher names the operation `op` at `path` (a value under `paths`).
    pub fn selects(&self, op: &Value, path: &str) -> bool {
        self.matches(&OperationKey::of(op, path), &mut BTreeSet::new())
    }

    fn entries(&self) -> impl Iterator<Item = String> + '_ {
        let ids = self.operation_ids.iter().map(|i| format!("operationId `{i}`"));
        let tags = self.tags.iter().map(|t| format!("tag `{t}`"));
        ids.chain(tags).chain(self.paths.iter().map(|p| format!("path pattern `{p}`")))
    }
}

struct OperationKey<'a> {
    id: &'a str,
    path: &'a str,
    tags: Vec<&'a str>,
}

impl<'a> OperationKey<'a> {
    /// The operation `op` (a value under `paths`) at `path`.
    fn of(op: &'a Value, path: &'a str) -> Self {
        OperationKey {
            id: op.get("operationId").and_then(Value::as_str).unwrap_or_default(),
            path,
            tags: op.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect(),
        }
    }
}

/// The scheme keys a `security` list names.
fn scheme_keys(security: Option<&Value>) -> impl Iterator<Item = String> + '_ {
    security
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|r| r.as_object().into_iter().flatten().map(|(k, _)| k.clone()))
}

/// Whether a path template matches a pattern; the query part of a path key is ignored.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let pattern: Vec<&str> = pattern.trim_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_matches('/').split('/').collect();
    segments_match(&pattern, &path)
}

fn segments_match(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments_match(rest, &path[skip..])),
        Some((first, rest)) => {
            path.split_first().is_some_and(|(seg, tail)| segment_matches(first, seg) && segments_match(rest, tail))
        }
    }
}

/// `*` inside a segment stands for any characters of that segment.
fn segment_matches(pattern: &str, segment: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == segment,
        Some((prefix, rest)) => {
            let Some(tail) = segment.strip_prefix(prefix) else { return false };
            (0..=tail.len()).filter(|i| tail.is_char_boundary(*i)).any(|i| segment_matches(rest, &tail[i..]))
        }
    }
}

/// The subset of `doc` the selection names. Every `$ref` of the result resolves within it.
pub fn subset(doc: &Value, selection: &Selection) -> Result<Value, Error> {
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security", "externalDocs"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    let (mut included, mut excluded) = (BTreeSet::new(), BTreeSet::new());
    let mut used_tags = BTreeSet::new();
    let mut used_schemes: BTreeSet<String> = scheme_keys(doc.get("security")).collect();
    let mut paths = Map::new();
    for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
        let Some(item) = item.as_object() else { continue };
        let mut kept = Map::new();
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let op = OperationKey::of(value, path);
                let wanted = selection.include.is_empty() || selection.include.matches(&op, &mut included);
                // Exclusions are recorded only where they remove something.
                if wanted && !selection.exclude.matches(&op, &mut excluded) {
                    used_tags.extend(op.tags.iter().map(|t| t.to_string()));
                    used_schemes.extend(scheme_keys(value.get("security")));
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
    // WebSocket channels are selected as operations are: by name (as an operationId), tag
    // and path; each kept one keeps the components it reaches.
    let mut channels = Map::new();
    let channels_key = crate::openapi::CHANNELS_KEY;
    for (name, channel) in doc.get(channels_key).and_then(Value::as_object).into_iter().flatten() {
        let key = OperationKey {
            id: name,
            path: channel.get("path").and_then(Value::as_str).unwrap_or_default(),
            tags: channel
                .get("tags")
                .and_then(Value::as_array)
                .map(|tags| tags.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        };
        let wanted = selection.include.is_empty() || selection.include.matches(&key, &mut included);
        if wanted && !selection.exclude.matches(&key, &mut excluded) {
            used_tags.extend(key.tags.iter().map(|t| t.to_string()));
            used_schemes.extend(scheme_keys(channel.get("security")));
            channels.insert(name.clone(), channel.clone());
        }
    }
    for (matcher, used, what) in
        [(&selection.include, &included, "includes"), (&selection.exclude, &excluded, "excludes")]
    {
        let unused: Vec<String> = matcher.entries().filter(|e| !used.contains(e)).collect();
        if !unused.is_empty() {
            return Err(Error::at(
                "/paths",
                format!("the selection {what} {}, which matches no operation it could select", unused.join(", ")),
            ));
        }
    }
    if paths.is_empty() {
        return Err(Error::at("/paths", "the selection matches no operation"));
    }
    if let Some(tags) = doc.get("tags").and_then(Value::as_array) {
        let kept: Vec<Value> = tags
            .iter()
            .filter(|t| t.get("name").and_then(Value::as_str).is_some_and(|n| used_tags.contains(n)))
            .cloned()
            .collect();
        out.insert("tags".to_owned(), Value::Array(kept));
    }
    let paths = Value::Object(paths);
    let channels = Value::Object(channels);

    let ordered = reached_components(doc, &Value::Array(vec![paths.clone(), channels.clone()]), &used_schemes)?;
    out.insert("paths".to_owned(), paths);
    if channels.as_object().is_some_and(|c| !c.is_empty()) {
        out.insert(channels_key.to_owned(), channels);
    }
    out.insert("components".to_owned(), Value::Object(ordered));
    let mut out = Value::Object(out);
    if selection.drop_descriptions {
        strip_docs(&mut out, false);
    }
    Ok(out)
}

/// Every component a value reaches, following `$ref`s transitively.
/// The components the kept `paths` reach, and the security schemes in `used_schemes`, in
/// the order the document writes them.
fn reached_components(
    doc: &Value,
    paths: &Value,
    used_schemes: &BTreeSet<String>,
) -> Result<Map<String, Value>, Error> {
    // Components: exactly those reachable from the kept operations.
    let mut reached = BTreeSet::new();
    collect_refs(doc, paths, &mut reached)?;
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
    // Security schemes: those the kept operations (or the document's default) name.
    if let Some(Value::Object(schemes)) = doc.pointer("/components/securitySchemes") {
        let kept: Map<String, Value> =
            schemes.iter().filter(|(k, _)| used_schemes.contains(*k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        components.insert("securitySchemes".to_owned(), Value::Object(kept));
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
    Ok(ordered)
}

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
                    && matches!(
                        k.as_str(),
                        "properties"
                            | "patternProperties"
                            | "mapping"
                            | "content"
                            | "headers"
                            | "responses"
                            | "encoding"
                            | "schemas"
                            | "parameters"
                            | "requestBodies"
                            | "securitySchemes"
                            | "paths"
                            | "webhooks"
                            | "examples"
                    );
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
        let out = subset(
            &doc(),
            &Selection {
                include: Matcher { operation_ids: vec!["getA".into()], ..Default::default() },
                ..Default::default()
            },
        )
        .unwrap();
        assert!(out["paths"]["/b"].is_null());
        let schemas: Vec<&String> = out["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["A", "C"]);
        assert_eq!(out["tags"], json!([{"name": "a"}]));
    }

    #[test]
    fn drops_descriptions_but_not_properties_named_description() {
        let selection = Selection {
            include: Matcher { tags: vec!["a".into()], ..Default::default() },
            drop_descriptions: true,
            ..Default::default()
        };
        let out = subset(&doc(), &selection).unwrap();
        assert!(out["paths"]["/a"]["get"].get("description").is_none());
        assert!(out["components"]["schemas"]["A"].get("description").is_none());
        assert!(out["components"]["schemas"]["A"]["properties"].get("description").is_some());
    }

    #[test]
    fn an_unknown_operation_id_is_an_error() {
        let err = subset(
            &doc(),
            &Selection {
                include: Matcher { operation_ids: vec!["nope".into()], ..Default::default() },
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(err.message.contains("`nope`"), "{err}");
    }

    #[test]
    fn exclusions_remove_from_the_included_set_and_must_match() {
        let selection = Selection {
            include: Matcher { paths: vec!["/**".into()], ..Default::default() },
            exclude: Matcher { tags: vec!["b".into()], ..Default::default() },
            ..Default::default()
        };
        let out = subset(&doc(), &selection).unwrap();
        assert!(out["paths"]["/a"].is_object());
        assert!(out["paths"]["/b"].is_null());
        let stale = Selection {
            exclude: Matcher { operation_ids: vec!["gone".into()], ..Default::default() },
            ..Default::default()
        };
        let err = subset(&doc(), &stale).unwrap_err();
        assert!(err.message.contains("excludes operationId `gone`"), "{err}");
    }

    #[test]
    fn path_patterns() {
        assert!(path_matches("/chat/completions", "/chat/completions"));
        assert!(path_matches("/chat/completions/*", "/chat/completions/{completion_id}"));
        assert!(!path_matches("/chat/completions/*", "/chat/completions/{completion_id}/messages"));
        assert!(!path_matches("/chat/completions/*", "/chat/completions"));
        assert!(path_matches("/chat/**", "/chat/completions/{completion_id}/messages"));
        assert!(path_matches("/chat/**", "/chat"));
        assert!(path_matches("/models/{*}", "/models/{model}"));
        assert!(path_matches("/files/*/content", "/files/{file_id}/content"));
        assert!(path_matches("/responses", "/responses?beta=true"));
        assert!(!path_matches("/responses/*", "/responses"));
    }
}
