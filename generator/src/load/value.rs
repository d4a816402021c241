//! Text to `serde_json::Value`, faithfully.
//!
//! YAML mapping keys that are not strings (`200:` response codes, `true:`) become their
//! string form, as they are in the JSON rendering of the same document. Integers that do not
//! fit 64 bits become the nearest `f64`, which is what every JSON tool does with them.
//!
//! The tree is bounded by the text: every value costs one unit of a budget of
//! [`values_allowed`]. A document cannot hold more values than that written out, so only
//! YAML aliases (`*name`, which repeat what an anchor holds) can exceed it: a 300 KB
//! document aliasing one 100,000-item list a thousand times is refused after a few hundred
//! thousand values instead of building a hundred million. serde_yaml's own limit counts
//! alias jumps, not the values they copy, and does not catch that.

use crate::error::Error;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::Cell;
use std::fmt;

/// How many values a document of `len` bytes may hold: more than any text of that length
/// can spell out (each value takes at least one byte, `[[],[]]`), plus room for small
/// documents with anchors.
pub fn values_allowed(len: usize) -> usize {
    len.saturating_mul(2).saturating_add(100_000)
}

/// Parse YAML (of which JSON is a subset) or JSON text.
pub fn parse(text: &str) -> Result<Value, Error> {
    let budget = Budget { left: Cell::new(values_allowed(text.len())) };
    let seed = ValueSeed(&budget);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // serde_json is several times faster than a YAML parser on JSON text, and its
        // errors carry line and column.
        let mut de = serde_json::Deserializer::from_str(trimmed);
        let value = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
        return value.map_err(|e| {
            let mut err = Error::at("", format!("invalid JSON: {}", strip_position(&e.to_string())));
            if let Some(loc) = &mut err.location {
                loc.line_col = Some((e.line(), e.column()));
            }
            err
        });
    }
    super::depth::check_flow_depth(text)?;
    let de = serde_yaml::Deserializer::from_str(text);
    seed.deserialize(de).map_err(|e| {
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

/// Values the document may still produce.
struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn spend<E: de::Error>(&self) -> Result<(), E> {
        match self.left.get().checked_sub(1) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document expands to more values than its size allows; YAML aliases (`*name`) repeat an anchor's content too many times",
            )),
        }
    }
}

#[derive(Clone, Copy)]
struct ValueSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor(self.0))
    }
}

struct ValueVisitor<'b>(&'b Budget);

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for ValueVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.0.spend()?;
        Ok(match i64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            Err(_) => float(v as f64),
        })
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.0.spend()?;
        Ok(match u64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            Err(_) => float(v as f64),
        })
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.0.spend()?;
        Ok(float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.0.spend()?;
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.spend()?;
        // The hint comes from the text (an alias's target counts as written), so it is
        // capped by what the budget still allows.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(self.0.left.get()).min(4096));
        while let Some(v) = seq.next_element_seed(ValueSeed(self.0))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.0.spend()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(ValueSeed(self.0))? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                other @ (Value::Bool(_) | Value::Number(_)) => other.to_string(),
                Value::Array(_) | Value::Object(_) => return Err(de::Error::custom("mapping keys must be scalars")),
            };
            let value = map.next_value_seed(ValueSeed(self.0))?;
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
    fn aliases_cannot_expand_a_document_beyond_its_size() {
        // 2,000 items aliased 200 times: 400,000 values from 12 KB of text.
        let list: String = (0..2000).map(|i| format!("  - {}\n", i % 10)).collect();
        let uses: String = (0..200).map(|i| format!("u{i}: *list\n")).collect();
        let bomb = format!("list: &list\n{list}{uses}");
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("YAML aliases"), "{err}");
        // Anchors used a few times, as people write them, are fine.
        let v = parse("a: &x {k: [1, 2, 3]}\nb: *x\nc: *x\n").unwrap();
        assert_eq!(v["c"]["k"][2], 3);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_the_yaml_parser_sees_it() {
        // libyaml takes 46 s on this before its own depth limit answers.
        let err = parse(&format!("openapi: 3.1.0\npaths: {}\n", "[".repeat(100_000))).unwrap_err();
        assert!(err.message.contains("deeper than 128 levels"), "{err}");
        assert_eq!(err.location.and_then(|l| l.line_col), Some((2, 1)));
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
