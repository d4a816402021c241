//! Serde helpers used by generated types.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

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
