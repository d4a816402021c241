//! Where a failure is: the schema at a JSON path of an example, and where the example
//! contradicts the schema. Both walk the IR the way the generated code reads JSON, only to
//! name the place at fault; the verdict always comes from the generated code itself.

use super::peel;
use oagen::ir::{Api, StructType, TypeDef, TypeKind, TypeRef, UnionType};
use serde_json::Value;

/// Deeper than this the walk stops (recursive types with recursive examples).
const MAX_DEPTH: usize = 96;

/// The generated type (and the schema it comes from) at `path` from `root`, as far as the
/// path can be followed; a union stops the walk, since which variant applies is the question.
pub fn schema_at(api: &Api, root: &TypeRef, path: &[Value]) -> String {
    let mut ty = root.clone();
    let mut last_named: Option<(String, String)> = None;
    let mut field: Option<String> = None;
    for seg in path {
        let peeled = peel(api, &ty);
        if let TypeRef::Named(id) = &peeled {
            let def = api.ty(*id);
            last_named = Some((def.name.clone(), def.origin.clone()));
            field = None;
        }
        let next = match (&peeled, seg) {
            // Events of a transcript are each an instance of the root type.
            (_, Value::String(s)) if s.starts_with('#') => Some(root.clone()),
            (TypeRef::Array(inner), Value::Number(_)) => Some((**inner).clone()),
            (TypeRef::Map(inner), Value::String(_)) => Some((**inner).clone()),
            (TypeRef::Named(id), Value::String(key)) => match &api.ty(*id).kind {
                TypeKind::Struct(s) => match s.fields.iter().find(|f| f.wire == *key) {
                    Some(f) => {
                        field = Some(f.wire.clone());
                        Some(f.ty.clone())
                    }
                    None => s.extra.as_ref().map(|e| e.ty.clone()),
                },
                _ => None,
            },
            _ => None,
        };
        match next {
            Some(t) => ty = t,
            None => break,
        }
    }
    let peeled = peel(api, &ty);
    let here = match &peeled {
        TypeRef::Named(id) => {
            let def = api.ty(*id);
            let kind = match def.kind {
                TypeKind::Struct(_) => "struct",
                TypeKind::Enum(_) => "enum",
                TypeKind::OpenString(_) => "string",
                TypeKind::Union(_) => "union",
                TypeKind::Alias(_) | TypeKind::Newtype(_) => "type",
            };
            return format!("{kind} `{}`, schema {}", def.name, def.origin);
        }
        other => describe(other),
    };
    match (last_named, field) {
        (Some((name, origin)), Some(field)) => format!("field `{field}` of `{name}` ({here}), schema {origin}"),
        (Some((name, origin)), None) => format!("{here} in `{name}`, schema {origin}"),
        (None, _) => here,
    }
}

fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Integer32 => "i32".into(),
        TypeRef::Integer64 => "i64".into(),
        TypeRef::Number => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Bytes => "bytes".into(),
        TypeRef::Format(format) => format!("a {} string", format.name()),
        TypeRef::Any => "any JSON".into(),
        TypeRef::Unit => "null".into(),
        TypeRef::Array(inner) => format!("array of {}", describe(inner)),
        TypeRef::Map(inner) => format!("map of {}", describe(inner)),
        TypeRef::Nullable(inner) => format!("nullable {}", describe(inner)),
        TypeRef::Named(id) => format!("type #{}", id.0),
    }
}

/// Where an example contradicts the schema as the generator lowered it: a property the
/// schema requires and the example leaves out, `null` where the schema does not allow it, a
/// value of another type, an enum value the schema does not list, a union value no variant
/// takes, a property the schema does not declare. Each with its path, what the example has
/// and what the schema says.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub path: Vec<Value>,
    pub example_has: String,
    pub schema_says: String,
}

/// Every violation in `value` read as `ty` (within a union, those of the variant that fits
/// best).
pub fn find_violations(api: &Api, ty: &TypeRef, value: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    walk(api, ty, value, &mut Vec::new(), &mut out, 0);
    out
}

fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

fn violation(out: &mut Vec<Violation>, path: &[Value], example_has: String, schema_says: String) {
    out.push(Violation { path: path.to_vec(), example_has, schema_says });
}

fn walk(api: &Api, ty: &TypeRef, value: &Value, path: &mut Vec<Value>, out: &mut Vec<Violation>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if value.is_null() {
        if !matches!(ty, TypeRef::Nullable(_) | TypeRef::Any | TypeRef::Unit)
            && !matches!(peel(api, ty), TypeRef::Any | TypeRef::Unit)
        {
            violation(out, path, "null".into(), format!("not nullable: {}", type_name(api, ty)));
        }
        return;
    }
    let peeled = peel(api, ty);
    let wrong = |out: &mut Vec<Violation>, path: &[Value]| {
        violation(out, path, excerpt(value), format!("a value of type {}", type_name(api, &peeled)))
    };
    match (&peeled, value) {
        (TypeRef::Any, _) => {}
        (TypeRef::String | TypeRef::Bytes | TypeRef::Format(_), Value::String(_))
        | (TypeRef::Boolean, Value::Bool(_))
        | (TypeRef::Number, Value::Number(_)) => {}
        (TypeRef::Integer64, Value::Number(n)) if n.is_i64() || n.is_u64() => {}
        (TypeRef::Integer32, Value::Number(n)) if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) => {}
        (TypeRef::Array(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Value::from(i));
                walk(api, inner, item, path, out, depth + 1);
                path.pop();
            }
        }
        (TypeRef::Map(inner), Value::Object(map)) => {
            for (k, v) in map {
                path.push(Value::from(k.as_str()));
                walk(api, inner, v, path, out, depth + 1);
                path.pop();
            }
        }
        (TypeRef::Named(id), _) => {
            let def = api.ty(*id);
            match (&def.kind, value) {
                (TypeKind::Struct(s), Value::Object(map)) => object(api, def, s, map, path, out, depth),
                (TypeKind::Enum(e), Value::String(s)) => {
                    if !e.variants.iter().any(|v| v.wire == *s) {
                        let known: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                        violation(
                            out,
                            path,
                            format!("\"{s}\""),
                            format!("one of {} (enum `{}`, {})", known.join(", "), def.name, def.origin),
                        );
                    }
                }
                (TypeKind::OpenString(_), Value::String(_)) => {}
                (TypeKind::Union(u), _) => union(api, def, u, value, path, out, depth),
                _ => wrong(out, path),
            }
        }
        _ => wrong(out, path),
    }
}

/// An object against the struct it should be: each field, then the keys the struct does not
/// declare.
fn object(
    api: &Api,
    def: &TypeDef,
    s: &StructType,
    map: &serde_json::Map<String, Value>,
    path: &mut Vec<Value>,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    for f in &s.fields {
        match map.get(&f.wire) {
            Some(Value::Null)
                if !f.shape.is_nullable() && !matches!(peel(api, &f.ty), TypeRef::Any | TypeRef::Unit) =>
            {
                path.push(Value::from(f.wire.as_str()));
                violation(
                    out,
                    path,
                    "null".into(),
                    format!(
                        "`{}` of `{}` ({}) is not nullable: {}",
                        f.wire,
                        def.name,
                        def.origin,
                        type_name(api, &f.ty)
                    ),
                );
                path.pop();
            }
            Some(v) => {
                let t = f.value_type();
                path.push(Value::from(f.wire.as_str()));
                walk(api, &t, v, path, out, depth + 1);
                path.pop();
            }
            None if f.shape.is_required() => {
                // The path names the missing property.
                path.push(Value::from(f.wire.as_str()));
                violation(
                    out,
                    path,
                    format!("no property `{}`", f.wire),
                    format!("`{}` is required in `{}` ({})", f.wire, def.name, def.origin),
                );
                path.pop();
            }
            None => {}
        }
    }
    for (k, v) in map.iter().filter(|(k, _)| !s.fields.iter().any(|f| f.wire == **k)) {
        path.push(Value::from(k.as_str()));
        match &s.extra {
            Some(e) => walk(api, &e.ty, v, path, out, depth + 1),
            None => violation(
                out,
                path,
                format!("property `{k}` = {}", excerpt(v)),
                format!("`{}` ({}) declares no property `{k}`", def.name, def.origin),
            ),
        }
        path.pop();
    }
}

fn union(
    api: &Api,
    def: &oagen::ir::TypeDef,
    u: &UnionType,
    value: &Value,
    path: &mut Vec<Value>,
    out: &mut Vec<Violation>,
    depth: usize,
) {
    let tag_value = u.tag.as_ref().and_then(|t| value.get(t)).and_then(Value::as_str);
    let candidates: Vec<&oagen::ir::UnionVariant> = match tag_value {
        Some(t) if u.variants.iter().any(|v| v.tags.iter().any(|x| x == t)) => {
            u.variants.iter().filter(|v| v.tags.iter().any(|x| x == t)).collect()
        }
        Some(t) if !u.variants.iter().any(|v| v.tags.is_empty()) => {
            let tags: Vec<&str> = u.variants.iter().flat_map(|v| v.tags.iter().map(String::as_str)).collect();
            let tag = u.tag.as_deref().unwrap_or_default();
            violation(
                out,
                path,
                format!("`{tag}` = \"{t}\""),
                format!("`{tag}` one of {} (union `{}`, {})", tags.join(", "), def.name, def.origin),
            );
            return;
        }
        _ => u.variants.iter().filter(|v| shape_fits(api, &v.ty, value)).collect(),
    };
    let mut best: Option<Vec<Violation>> = None;
    for v in candidates {
        let mut found = Vec::new();
        walk(api, &v.ty, value, path, &mut found, depth + 1);
        if found.is_empty() {
            return;
        }
        if best.as_ref().is_none_or(|b| found.len() < b.len()) {
            best = Some(found);
        }
    }
    match best {
        Some(found) => out.extend(found),
        None => violation(out, path, excerpt(value), format!("a value of union `{}` ({})", def.name, def.origin)),
    }
}

/// A type as the scoreboard names it.
fn type_name(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("`{}`", api.ty(*id).name),
        TypeRef::Nullable(inner) => format!("nullable {}", type_name(api, inner)),
        TypeRef::Array(inner) => format!("array of {}", type_name(api, inner)),
        TypeRef::Map(inner) => format!("map of {}", type_name(api, inner)),
        other => describe(other),
    }
}

/// Whether the JSON value has the shape of the type (object, array, string, ...).
fn shape_fits(api: &Api, ty: &TypeRef, value: &Value) -> bool {
    if value.is_null() {
        return matches!(ty, TypeRef::Nullable(_) | TypeRef::Unit | TypeRef::Any);
    }
    match (peel(api, ty), value) {
        (TypeRef::Any, _) => true,
        (TypeRef::String | TypeRef::Bytes | TypeRef::Format(_), Value::String(_))
        | (TypeRef::Boolean, Value::Bool(_)) => true,
        (TypeRef::Integer32 | TypeRef::Integer64, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (TypeRef::Number, Value::Number(_)) => true,
        (TypeRef::Array(_), Value::Array(_)) | (TypeRef::Map(_), Value::Object(_)) => true,
        (TypeRef::Named(id), v) => match &api.ty(id).kind {
            TypeKind::Struct(_) => v.is_object(),
            TypeKind::Enum(_) | TypeKind::OpenString(_) => v.is_string(),
            TypeKind::Union(u) => u.variants.iter().any(|x| shape_fits(api, &x.ty, v)),
            TypeKind::Alias(_) | TypeKind::Newtype(_) => false,
        },
        _ => false,
    }
}
