//! JSON Schema objects as OpenAPI 3.0 and 3.1 write them, read by hand.
//!
//! openapiv3 is not used for schemas: it silently drops `const` and the siblings of `$ref`,
//! and rejects `type: [..]` arrays and numeric `exclusiveMinimum`, all of which 3.1 documents
//! (OpenAI's among them) use. This reader keeps every keyword the generator, the differ and
//! the example checker need, in both dialects.

use super::reader::{expect_obj, kind, Obj};
use super::repair::Repairs;
use crate::error::{push_pointer, Error};
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value;

/// Deeper nesting than this is reported as an error instead of risking the stack.
const MAX_DEPTH: usize = 128;

/// One schema, with its subschemas inline and references left as references.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Schema {
    /// Where this schema is written.
    pub ptr: String,
    /// The JSON pointer a `$ref` points to (`/components/schemas/Pet`); siblings are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// `type`, as a list (`"string"` and `["string"]` read the same).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// 3.0 `nullable: true` (also honoured in 3.1 documents, where authors leave it over).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub write_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub const_value: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub properties: IndexMap<String, Schema>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// `additionalProperties`: `None` when absent; `false` reads as a schema with `never`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Box<Schema>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Schema>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Schema>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Schema>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
    /// The boolean schema `false`: nothing validates.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub never: bool,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// `contentMediaType`: what a string holds (`application/json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_media_type: Option<String>,
    /// `contentSchema`: the schema of what a string holds, decoded as its media type says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_schema: Option<Box<Schema>>,
    /// `example` and `examples` values, in that order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Value>,
    /// The keywords of [`UNMODELED_KEYWORDS`] this schema writes, verbatim: they constrain
    /// values but nothing here reads them beyond comparing them (the API differ).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmodeled: Vec<(String, Value)>,
}

/// JSON Schema keywords that constrain values, or how they are encoded, which the reader
/// keeps as written instead of modelling them; and `x-extensible-enum` (Zalando's open enum:
/// the values a string field is known to take).
pub const UNMODELED_KEYWORDS: [&str; 16] = [
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentEncoding",
    "not",
    "x-extensible-enum",
];

/// An OpenAPI discriminator.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Discriminator {
    pub property_name: String,
    /// Tag value to the pointer of the schema it selects.
    pub mapping: IndexMap<String, String>,
}

/// Validation keywords: kept for documentation and for the API differ.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Constraints {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// 3.1 numeric form, or the 3.0 boolean form turned into the bound it qualifies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unique_items: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_properties: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_properties: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

impl Schema {
    /// Whether `type` allows `name` (`"null"`, `"string"`, ...).
    pub fn has_type(&self, name: &str) -> bool {
        self.types.iter().any(|t| t == name)
    }

    /// Whether null is allowed by this schema itself (not by what it references).
    pub fn allows_null_here(&self) -> bool {
        self.nullable
            || self.has_type("null")
            || self.const_value == Some(Value::Null)
            || self.enum_values.as_ref().is_some_and(|v| v.contains(&Value::Null))
    }

    /// Whether this schema is exactly "null" (`type: 'null'`, `const: null`).
    pub fn is_null_only(&self) -> bool {
        (self.types.len() == 1 && self.types[0] == "null")
            || self.const_value == Some(Value::Null)
            || self.enum_values.as_ref().is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null))
    }

    /// Whether the schema says nothing about the shape of a value (only docs, if anything).
    pub fn is_unconstrained(&self) -> bool {
        self.reference.is_none()
            && self.types.is_empty()
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.properties.is_empty()
            && self.additional_properties.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && !self.never
    }
}

/// Read a schema (an object, or the 3.1 booleans `true` / `false`), refusing every invalid
/// keyword.
pub fn parse_schema(v: &Value, ptr: &str) -> Result<Schema, Error> {
    read_schema(v, ptr, &Repairs::new(true))
}

/// Read a schema, repairing (with a warning in `repairs`) the invalid keywords whose intent
/// is plain.
pub(crate) fn read_schema(v: &Value, ptr: &str, repairs: &Repairs) -> Result<Schema, Error> {
    parse_at_depth(v, ptr, 0, repairs)
}

/// A keyword that only documents or constrains (`pattern`, `title`, `maxLength`) and is
/// written with the wrong JSON type is ignored, with a warning.
fn lenient<T>(repairs: &Repairs, read: Result<Option<T>, Error>) -> Result<Option<T>, Error> {
    match read {
        Ok(value) => Ok(value),
        Err(e) => {
            let ptr = e.pointer().unwrap_or_default().to_owned();
            repairs.repair(ptr, &e.message, "the keyword is ignored")?;
            Ok(None)
        }
    }
}

fn parse_at_depth(v: &Value, ptr: &str, depth: usize, repairs: &Repairs) -> Result<Schema, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::at(ptr, format!("schemas are nested more than {MAX_DEPTH} levels deep")));
    }
    let o = match v {
        Value::Bool(b) => {
            return Ok(Schema { ptr: ptr.to_owned(), never: !b, ..Schema::default() });
        }
        other => expect_obj(other, ptr, "a schema")?,
    };
    let sub = |key: &str| -> Result<Option<Box<Schema>>, Error> {
        match o.get(key) {
            None => Ok(None),
            Some(v) => parse_at_depth(v, &o.ptr_of(key), depth + 1, repairs).map(|s| Some(Box::new(s))),
        }
    };
    let list = |key: &str| -> Result<Vec<Schema>, Error> {
        let base = o.ptr_of(key);
        let items: Vec<(String, &Value)> = match o.get(key) {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => {
                items.iter().enumerate().map(|(i, v)| (push_pointer(&base, &i.to_string()), v)).collect()
            }
            Some(v @ Value::Object(_)) => composition_as_object(key, &base, v, repairs)?,
            Some(other) => {
                return Err(Error::at(base, format!("`{key}` must be an array, found {}", kind(other))));
            }
        };
        items.iter().map(|(at, v)| parse_at_depth(v, at, depth + 1, repairs)).collect()
    };

    let types = read_types(&o, repairs)?;
    let mut properties = IndexMap::new();
    if let Some(props_ptr) = o.get("properties").map(|_| o.ptr_of("properties")) {
        let props = o.obj("properties", &props_ptr)?.expect("present");
        for (name, v) in props.map {
            properties.insert(name.clone(), parse_at_depth(v, &push_pointer(&props_ptr, name), depth + 1, repairs)?);
        }
    }

    let discriminator = read_discriminator(&o)?;

    let reference = match o.str("$ref")? {
        None => None,
        Some(r) => Some(local_ref(r, &o.ptr_of("$ref"))?),
    };

    let additional_properties = sub("additionalProperties")?;
    let items = match o.get("items") {
        // 3.0 tuple-style `items: [..]` is not valid OpenAPI; read the first as the item type.
        Some(Value::Array(list)) if !list.is_empty() => {
            Some(Box::new(parse_at_depth(&list[0], &push_pointer(&o.ptr_of("items"), "0"), depth + 1, repairs)?))
        }
        _ => sub("items")?,
    };

    let constraints = read_constraints(&o, repairs)?;

    let examples = read_examples(&o);

    let enum_values = match o.get("enum") {
        None => None,
        // No value is valid: next to other keywords (`allOf`) it is a leftover, never the intent.
        Some(Value::Array(values)) if values.is_empty() => {
            repairs.repair(o.ptr_of("enum"), "`enum` lists no value, so nothing would be valid", "it is ignored")?;
            None
        }
        Some(Value::Array(values)) => Some(values.clone()),
        Some(other) => {
            return Err(Error::at(o.ptr_of("enum"), format!("`enum` must be an array, found {}", kind(other))))
        }
    };

    Ok(Schema {
        ptr: ptr.to_owned(),
        reference,
        types,
        nullable: o.bool("nullable")?.unwrap_or(false),
        format: lenient(repairs, o.str("format"))?.map(str::to_owned),
        title: lenient(repairs, o.str("title"))?.map(str::to_owned),
        description: lenient(repairs, o.str("description"))?.map(str::to_owned),
        deprecated: lenient(repairs, o.bool("deprecated"))?.unwrap_or(false),
        read_only: lenient(repairs, o.bool("readOnly"))?.unwrap_or(false),
        write_only: lenient(repairs, o.bool("writeOnly"))?.unwrap_or(false),
        enum_values,
        const_value: o.get("const").cloned(),
        default: o.get("default").cloned(),
        properties,
        required: o.string_list("required")?,
        additional_properties,
        items,
        all_of: list("allOf")?,
        any_of: list("anyOf")?,
        one_of: list("oneOf")?,
        discriminator,
        never: false,
        constraints,
        content_media_type: lenient(repairs, o.str("contentMediaType"))?.map(str::to_owned),
        content_schema: sub("contentSchema")?,
        examples,
        unmodeled: UNMODELED_KEYWORDS.iter().filter_map(|k| o.get(k).map(|v| ((*k).to_owned(), v.clone()))).collect(),
    })
}

/// `type`, as a list (`"string"` and `["string"]` read the same), each a JSON Schema type. A
/// word that is no type (a media type, `file`), or a `type` that is not a string at all, says
/// nothing a reader can use: it is left out with a warning, and the other keywords decide.
fn read_types(o: &Obj<'_>, repairs: &Repairs) -> Result<Vec<String>, Error> {
    let words = match o.get("type") {
        None => return Ok(Vec::new()),
        Some(Value::String(s)) => vec![(o.ptr_of("type"), Value::String(s.clone()))],
        Some(Value::Array(list)) => {
            list.iter().enumerate().map(|(i, v)| (push_pointer(&o.ptr_of("type"), &i.to_string()), v.clone())).collect()
        }
        Some(other) => {
            repairs.repair(
                o.ptr_of("type"),
                format!("`type` must be a string or an array of strings, found {}", kind(other)),
                "it is ignored",
            )?;
            return Ok(Vec::new());
        }
    };
    let mut types = Vec::with_capacity(words.len());
    for (at, word) in words {
        match word {
            Value::String(t)
                if matches!(t.as_str(), "string" | "number" | "integer" | "boolean" | "object" | "array" | "null") =>
            {
                types.push(t)
            }
            Value::String(t) => repairs.repair(
                at,
                format!("unknown type `{t}` (expected string, number, integer, boolean, object, array or null)"),
                "it is ignored",
            )?,
            other => repairs.repair(
                at,
                format!("items of `type` must be strings, found {}", kind(&other)),
                "it is ignored",
            )?,
        }
    }
    Ok(types)
}

/// `allOf: {"0": {..}, "1": {..}}` (a list written as an object keyed by position) reads as
/// its values in key order; any other object as the one schema it is. Both with a warning.
fn composition_as_object<'v>(
    key: &str,
    base: &str,
    value: &'v Value,
    repairs: &Repairs,
) -> Result<Vec<(String, &'v Value)>, Error> {
    let Value::Object(map) = value else { return Ok(Vec::new()) };
    let positions: Option<Vec<(u64, &String)>> = map.keys().map(|k| k.parse::<u64>().ok().map(|n| (n, k))).collect();
    match positions {
        Some(mut positions) if !positions.is_empty() => {
            repairs.repair(
                base,
                format!("`{key}` must be an array, found an object"),
                "it is keyed by position, so its values are read in that order",
            )?;
            positions.sort();
            Ok(positions.into_iter().map(|(_, k)| (push_pointer(base, k), &map[k.as_str()])).collect())
        }
        _ => {
            repairs.repair(
                base,
                format!("`{key}` must be an array, found an object"),
                "it is read as its one schema",
            )?;
            Ok(vec![(base.to_owned(), value)])
        }
    }
}

fn read_discriminator(o: &Obj<'_>) -> Result<Option<Discriminator>, Error> {
    let discriminator = match o.get("discriminator") {
        None => None,
        Some(v) => {
            let dptr = o.ptr_of("discriminator");
            let d = expect_obj(v, &dptr, "`discriminator`")?;
            let property_name = d.required_str("propertyName", "a discriminator")?.to_owned();
            let mut mapping = IndexMap::new();
            let mptr = d.ptr_of("mapping");
            if let Some(m) = d.obj("mapping", &mptr)? {
                for (tag, target) in m.map {
                    let target = match target {
                        Value::String(s) => mapping_target(s),
                        other => {
                            return Err(Error::at(
                                push_pointer(&mptr, tag),
                                format!("discriminator mappings must be strings, found {}", kind(other)),
                            ))
                        }
                    };
                    mapping.insert(tag.clone(), target);
                }
            }
            Some(Discriminator { property_name, mapping })
        }
    };
    Ok(discriminator)
}

/// The validation keywords; 3.0's boolean `exclusiveMinimum` qualifies `minimum`. They only
/// constrain values the client sends and document them: one of the wrong JSON type is
/// ignored with a warning.
fn read_constraints(o: &Obj<'_>, repairs: &Repairs) -> Result<Constraints, Error> {
    let bound = |key: &str, exclusive_key: &str| -> Result<(Option<f64>, Option<f64>), Error> {
        let plain = lenient(repairs, o.number(key))?;
        match o.get(exclusive_key) {
            None => Ok((plain, None)),
            Some(Value::Bool(true)) => Ok((None, plain)),
            Some(Value::Bool(false)) => Ok((plain, None)),
            Some(Value::Number(n)) => Ok((plain, n.as_f64())),
            Some(other) => {
                let message = format!("`{exclusive_key}` must be a number or a boolean, found {}", kind(other));
                lenient::<f64>(repairs, Err(Error::at(o.ptr_of(exclusive_key), message)))?;
                Ok((plain, None))
            }
        }
    };
    let (minimum, exclusive_minimum) = bound("minimum", "exclusiveMinimum")?;
    let (maximum, exclusive_maximum) = bound("maximum", "exclusiveMaximum")?;
    Ok(Constraints {
        minimum,
        maximum,
        exclusive_minimum,
        exclusive_maximum,
        multiple_of: lenient(repairs, o.number("multipleOf"))?,
        min_length: lenient(repairs, o.u64("minLength"))?,
        max_length: lenient(repairs, o.u64("maxLength"))?,
        pattern: lenient(repairs, o.str("pattern"))?.map(str::to_owned),
        min_items: lenient(repairs, o.u64("minItems"))?,
        max_items: lenient(repairs, o.u64("maxItems"))?,
        unique_items: lenient(repairs, o.bool("uniqueItems"))?,
        min_properties: lenient(repairs, o.u64("minProperties"))?,
        max_properties: lenient(repairs, o.u64("maxProperties"))?,
    })
}

/// `example`, then the values of `examples`.
fn read_examples(o: &Obj<'_>) -> Vec<Value> {
    let mut examples = Vec::new();
    if let Some(v) = o.get("example") {
        examples.push(v.clone());
    }
    match o.get("examples") {
        Some(Value::Array(list)) => examples.extend(list.iter().cloned()),
        Some(other) => examples.push(other.clone()),
        None => {}
    }
    examples
}

/// A discriminator mapping value is a `$ref`-style pointer or a bare component name.
fn mapping_target(s: &str) -> String {
    match s.strip_prefix('#') {
        Some(ptr) => percent_decode(ptr),
        None if s.contains('/') => s.to_owned(),
        None => push_pointer("/components/schemas", s),
    }
}

/// Turn a `$ref` string into the JSON pointer it names within this document.
pub fn local_ref(r: &str, at: &str) -> Result<String, Error> {
    match r.strip_prefix('#') {
        Some(ptr) if ptr.is_empty() || ptr.starts_with('/') => Ok(percent_decode(ptr)),
        Some(_) => Err(Error::at(at, format!("`$ref: {r}` is not a JSON pointer (it should start with `#/`)"))),
        None => Err(Error::at(
            at,
            format!("`$ref: {r}` points into another document; only references within the same document (`#/...`) are supported"),
        )),
    }
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
