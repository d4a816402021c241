//! Structured outputs from a Rust type: the JSON Schema a reply must follow, derived from the
//! type with [schemars](https://docs.rs/schemars) (the crate's `schemars` feature), so the
//! schema and the type that reads the reply cannot drift apart.
//!
//! Hand-written for the OpenAI API; `cargo xtask gen` copies it from
//! `spec/extensions/schema.rs` into the generated crate.
#![cfg(feature = "schemars")]

use serde_json::Value;

/// The JSON Schema of `T`, as a JSON value.
fn schema_of<T: schemars::JsonSchema>() -> Value {
    schemars::schema_for!(T).to_value()
}

/// The JSON Schema of `T` as the API's strict mode takes it (see [`make_strict`]).
fn strict_schema_of<T: schemars::JsonSchema>() -> Value {
    let mut schema = schema_of::<T>();
    make_strict(&mut schema);
    schema
}

/// What strict mode demands of a schema: every object lists all its properties as required
/// and takes no other keys. A field that was optional stays readable by the same type: an
/// `Option` field's schema admits `null`, which the model then sends for "none".
fn make_strict(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if let Some(Value::Object(properties)) = map.get("properties") {
        let names = properties.keys().cloned().map(Value::String).collect();
        map.insert("required".to_owned(), Value::Array(names));
    }
    let is_object = match map.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(types)) => types.iter().any(|t| t == "object"),
        _ => map.contains_key("properties"),
    };
    if is_object && !map.contains_key("additionalProperties") {
        map.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    // Subschemas, by the keywords that hold them: a map of schemas, a list, or one.
    for key in ["properties", "$defs", "definitions", "patternProperties"] {
        if let Some(Value::Object(schemas)) = map.get_mut(key) {
            schemas.values_mut().for_each(make_strict);
        }
    }
    for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(schemas)) = map.get_mut(key) {
            schemas.iter_mut().for_each(make_strict);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(one) = map.get_mut(key) {
            make_strict(one);
        }
    }
}

#[cfg(any(feature = "assistants", feature = "chat"))]
impl crate::types::ResponseFormatJsonSchemaJsonSchema {
    /// The schema of `T` under `name`. Strict mode is left off: turn it on with
    /// `.strict(true)` when every field of `T` is required and no object takes other keys
    /// (`#[serde(deny_unknown_fields)]`), as the API's strict mode demands.
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(name).schema(schema_of::<T>())
    }

    /// The schema of `T` under `name`, in strict mode: every object's fields are made
    /// required (an `Option` field is sent as `null` for "none") and other keys refused, as
    /// strict mode demands, so the model's reply always parses as `T`.
    pub fn of_strict<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(name).schema(strict_schema_of::<T>()).strict(true)
    }
}

#[cfg(any(feature = "assistants", feature = "chat"))]
impl crate::types::ResponseFormatJsonSchema {
    /// A chat completion's `response_format`: replies follow the schema of `T`, named `name`
    /// (see [`crate::types::ResponseFormatJsonSchemaJsonSchema::of`]).
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(crate::types::ResponseFormatJsonSchemaJsonSchema::of::<T>(name))
    }

    /// [`ResponseFormatJsonSchema::of`] in strict mode (see
    /// [`crate::types::ResponseFormatJsonSchemaJsonSchema::of_strict`]); the Responses API's
    /// is [`crate::types::TextResponseFormatJsonSchema::of_strict`], with the same arguments.
    ///
    /// [`ResponseFormatJsonSchema::of`]: crate::types::ResponseFormatJsonSchema::of
    pub fn of_strict<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(crate::types::ResponseFormatJsonSchemaJsonSchema::of_strict::<T>(name))
    }
}

#[cfg(any(feature = "responses", feature = "unreferenced"))]
impl crate::types::TextResponseFormatJsonSchema {
    /// A response's text format: output follows the schema of `T`, named `name`.
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(schema_of::<T>(), name)
    }

    /// A response's text format in strict mode: every object's fields are made required (an
    /// `Option` field is sent as `null` for "none") and other keys refused, so the output
    /// always parses as `T`. The chat API's is `ResponseFormatJsonSchema::of_strict`, with the
    /// same arguments.
    pub fn of_strict<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(strict_schema_of::<T>(), name).strict(true)
    }
}

#[cfg(test)]
mod tests {
    use crate::types::ResponseFormatJsonSchema;

    #[derive(schemars::JsonSchema, serde::Deserialize)]
    struct Place {
        city: String,
        population: Option<u64>,
    }

    #[cfg(feature = "chat")]
    #[test]
    fn a_type_becomes_the_schema_of_a_response_format() {
        let format = serde_json::to_value(ResponseFormatJsonSchema::of::<Place>("place")).unwrap();
        assert_eq!(format["type"], "json_schema");
        assert_eq!(format["json_schema"]["name"], "place");
        let schema = &format["json_schema"]["schema"];
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"]["city"]["type"], "string");
        assert_eq!(schema["required"], serde_json::json!(["city"]));
        // The same type reads a reply that follows the schema.
        let place: Place = serde_json::from_value(serde_json::json!({"city": "Oslo", "population": null})).unwrap();
        assert_eq!((place.city.as_str(), place.population), ("Oslo", None));
    }

    #[derive(schemars::JsonSchema, serde::Deserialize)]
    struct Trip {
        from: Place,
        stops: Vec<Place>,
        note: Option<String>,
    }

    /// Every object schema in `schema`, wherever it is nested, with its JSON pointer.
    fn objects<'a>(schema: &'a serde_json::Value, at: String, out: &mut Vec<(String, &'a serde_json::Value)>) {
        match schema {
            serde_json::Value::Object(map) => {
                if map.contains_key("properties") {
                    out.push((at.clone(), schema));
                }
                for (k, v) in map {
                    objects(v, format!("{at}/{k}"), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    objects(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    fn assert_strict(schema: &serde_json::Value) {
        let mut found = Vec::new();
        objects(schema, String::new(), &mut found);
        // The trip, and the place its fields refer to.
        assert!(found.len() >= 2, "{schema}");
        for (at, object) in found {
            let keys: Vec<&String> = object["properties"].as_object().unwrap().keys().collect();
            let required: Vec<&str> = object["required"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
            assert_eq!(keys, required, "every property is required at {at}: {object}");
            assert_eq!(object["additionalProperties"], false, "{at}: {object}");
        }
    }

    #[cfg(feature = "chat")]
    #[test]
    fn a_strict_chat_format_requires_every_field_and_refuses_other_keys() {
        let format = serde_json::to_value(ResponseFormatJsonSchema::of_strict::<Trip>("trip")).unwrap();
        assert_eq!((&format["type"], &format["json_schema"]["name"]), (&"json_schema".into(), &"trip".into()));
        assert_eq!(format["json_schema"]["strict"], true);
        assert_strict(&format["json_schema"]["schema"]);
        // What the model sends under that schema reads as the type.
        let reply = serde_json::json!({"from": {"city": "Oslo", "population": null},
            "stops": [{"city": "Bergen", "population": 285_000}], "note": null});
        let trip: Trip = serde_json::from_value(reply).unwrap();
        assert_eq!((trip.from.city.as_str(), trip.stops[0].population, trip.note), ("Oslo", Some(285_000), None));
    }

    #[cfg(feature = "responses")]
    #[test]
    fn a_strict_responses_format_takes_the_same_arguments() {
        let format =
            serde_json::to_value(crate::types::TextResponseFormatJsonSchema::of_strict::<Trip>("trip")).unwrap();
        assert_eq!((&format["type"], &format["name"], &format["strict"]), (&"json_schema".into(), &"trip".into(), &true.into()));
        assert_strict(&format["schema"]);
    }
}
