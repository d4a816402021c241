//! Structured outputs from a Rust type: the JSON Schema a reply must follow, derived from the
//! type with [schemars](https://docs.rs/schemars) (the crate's `schemars` feature), so the
//! schema and the type that reads the reply cannot drift apart.
//!
//! Hand-written for the OpenAI API; `cargo xtask gen` copies it from
//! `spec/extensions/schema.rs` into the generated crate.
#![cfg(feature = "schemars")]

/// The JSON Schema of `T`, as a JSON value.
fn schema_of<T: schemars::JsonSchema>() -> serde_json::Value {
    schemars::schema_for!(T).to_value()
}

#[cfg(any(feature = "assistants", feature = "chat"))]
impl crate::types::ResponseFormatJsonSchemaJsonSchema {
    /// The schema of `T` under `name`. Strict mode is left off: turn it on with
    /// `.strict(true)` when every field of `T` is required and no object takes other keys
    /// (`#[serde(deny_unknown_fields)]`), as the API's strict mode demands.
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(name).schema(schema_of::<T>())
    }
}

#[cfg(any(feature = "assistants", feature = "chat"))]
impl crate::types::ResponseFormatJsonSchema {
    /// A chat completion's `response_format`: replies follow the schema of `T`, named `name`
    /// (see [`crate::types::ResponseFormatJsonSchemaJsonSchema::of`]).
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(crate::types::ResponseFormatJsonSchemaJsonSchema::of::<T>(name))
    }
}

#[cfg(any(feature = "responses", feature = "unreferenced"))]
impl crate::types::TextResponseFormatJsonSchema {
    /// A response's text format: output follows the schema of `T`, named `name`.
    pub fn of<T: schemars::JsonSchema>(name: impl Into<String>) -> Self {
        Self::new(schema_of::<T>(), name)
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
}
