//! Text to `serde_json::Value`, faithfully.
//!
//! YAML mapping keys that are not strings (`200:` response codes, `true:`) become their
//! string form, as they are in the JSON rendering of the same document. Integers that do not
//! fit 64 bits become the nearest `f64`, which is what every JSON tool does with them.

use crate::error::Error;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parse YAML (of which JSON is a subset) or JSON text.
pub fn parse(text: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // serde_json is several times faster than a YAML parser on JSON text, and its
        // errors carry line and column.
        let mut de = serde_json::Deserializer::from_str(trimmed);
        let value = ValueSeed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        return value.map_err(|e| {
            let mut err = Error::at("", format!("invalid JSON: {}", strip_position(&e.to_string())));
            if let Some(loc) = &mut err.location {
                loc.line_col = Some((e.line(), e.column()));
            }
            err
        });
    }
    let de = serde_yaml::Deserializer::from_str(text);
    ValueSeed.deserialize(de).map_err(|e| {
        let mut err = Error::at("", format!("invalid YAML: {}", strip_position(&e.to_string())));
        if let (Some(loc), Some(mark)) = (&mut err.location, e.location()) {
            loc.line_col = Some((mark.line(), mark.column()));
        }
        err
    })
}

/// Both parsers append " at line X column Y"; the location is reported separately.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            Err(_) => float(v as f64),
        })
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            Err(_) => float(v as f64),
        })
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(v) = seq.next_element_seed(ValueSeed)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(ValueSeed)? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                other @ (Value::Bool(_) | Value::Number(_)) => other.to_string(),
                Value::Array(_) | Value::Object(_) => return Err(de::Error::custom("mapping keys must be scalars")),
            };
            let value = map.next_value_seed(ValueSeed)?;
            // YAML and JSON both say keys are unique; taking either value would drop the other.
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate mapping key `{key}`")));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let v = parse("minimum: -9223372036854776000\nmax: 18446744073709551616\n").unwrap();
        assert_eq!(v["minimum"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(v["max"].as_f64(), Some(18446744073709551616.0));
    }

    #[test]
    fn non_string_keys_become_strings() {
        let v = parse("200:\n  a: 1\ntrue: 2\n").unwrap();
        assert_eq!(v["200"]["a"], 1);
        assert_eq!(v["true"], 2);
    }

    #[test]
    fn a_repeated_anchor_refers_to_the_later_definition() {
        let v = parse("a: &x one\nb: *x\nc: &x two\nd: *x\n").unwrap();
        assert_eq!(v["b"], "one");
        assert_eq!(v["d"], "two");
    }

    #[test]
    fn json_and_yaml_agree() {
        let y = parse("a: [1, 2.5, 'x', null]\n").unwrap();
        let j = parse(r#"{"a": [1, 2.5, "x", null]}"#).unwrap();
        assert_eq!(y, j);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let e = parse("a: 1\nb: [\n").unwrap_err();
        assert!(e.location.unwrap().line_col.is_some());
        let e = parse("{\"a\": }").unwrap_err();
        assert_eq!(e.location.unwrap().line_col, Some((1, 7)));
    }
}
