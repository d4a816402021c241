//! Serde helpers used by generated types.

use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

pub(crate) mod map;
mod write;
pub use map::{deserialize_map, required, Error, FromMap, Key, Map, ReadMap};
use std::borrow::Cow;
use std::fmt;
pub use write::{serialize_map, ToMap, WriteMap, Writer};

/// For `Option<Option<T>>` fields: a present `null` becomes `Some(None)`, a present value
/// `Some(Some(v))`; with `#[serde(default)]` an absent field stays `None`.
///
/// Serde's own `Option` would read `null` as `None` and so lose the difference between
/// "absent" and "null", which requests that clear a field depend on.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For optional fields that hold any JSON value: a present `null` is a value
/// (`Some(Value::Null)`), not an absent field; with `#[serde(default)]` an absent field stays
/// `None`.
pub fn present<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Whether `value` is an object whose keys are all in `keys` (a union variant that declares
/// every property of the value is preferred over one that would drop some).
pub fn keys_within(value: &serde_json::Value, keys: &[&str]) -> bool {
    value.as_object().is_some_and(|map| map.keys().all(|k| keys.contains(&k.as_str())))
}

/// Whether `typed`, written back as JSON, still has every property of the object `value` it
/// was read from (so the union variant that read it dropped nothing).
pub fn keeps_keys<T: serde::Serialize>(value: &serde_json::Value, typed: &T) -> bool {
    match (value.as_object(), serde_json::to_value(typed)) {
        (Some(map), Ok(serde_json::Value::Object(written))) => map.keys().all(|k| written.contains_key(k)),
        (Some(_), _) => false,
        (None, _) => true,
    }
}

/// `value` read as `T`, with the path of the first property that does not fit: how a union
/// reads its members.
///
/// Every read of a generated type (response bodies, events, webhooks, union members) goes
/// through the same few non-generic entry points, and struct maps are read through an
/// erased deserializer (see [`ReadMap`]): each type's `Deserialize` is compiled once rather
/// than once per deserializer that reaches it (before: byte slices, text, path tracking over
/// both, and `&Value` in unions; 2.3 million lines of LLVM IR for OpenAI's crate).
pub fn read<T: DeserializeOwned>(value: &Value) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    let mut slot: Option<T> = None;
    map::read_into(value, &mut slot)?;
    map::taken(slot)
}

/// A union's variant read from the union's value by [`read`]; a failure is an error of the
/// union's deserializer that names the path inside the variant.
pub fn variant<T: DeserializeOwned, E: de::Error>(value: &Value) -> Result<T, E> {
    read(value).map_err(E::custom)
}

/// JSON text read as `T` (webhook bodies), the way response bodies are; a failure names the
/// path, as [`read`]'s does.
pub fn from_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, serde_json::Error> {
    let mut slot: Option<T> = None;
    map::read_json(json, &mut slot).and_then(|()| map::taken(slot)).map_err(de::Error::custom)
}

/// A string, borrowed from the input when the format allows it.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    struct StrVisitor;
    impl<'de> Visitor<'de> for StrVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
    }
    deserializer.deserialize_str(StrVisitor)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Patch {
        #[serde(default, deserialize_with = "super::double_option")]
        name: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let absent: Patch = serde_json::from_str("{}").unwrap();
        let null: Patch = serde_json::from_str(r#"{"name": null}"#).unwrap();
        let value: Patch = serde_json::from_str(r#"{"name": "x"}"#).unwrap();
        assert_eq!(absent.name, None);
        assert_eq!(null.name, Some(None));
        assert_eq!(value.name, Some(Some("x".into())));
    }

    #[test]
    fn strings_borrow_when_they_can() {
        let mut de = serde_json::Deserializer::from_str(r#""plain""#);
        assert!(matches!(super::string(&mut de).unwrap(), std::borrow::Cow::Borrowed("plain")));
        let mut de = serde_json::Deserializer::from_str(r#""esc\"aped""#);
        assert_eq!(super::string(&mut de).unwrap(), "esc\"aped");
    }
}
