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

/// A property name, borrowed from the input when the format allows it: what the
/// `Deserialize` impls of generated structs match their fields against.
///
/// Generated structs implement `Deserialize` by hand rather than by
/// `#[derive(serde::Deserialize)]`: the derive writes a field enum with its own visitor, a
/// sequence visitor and a map visitor per struct (240 lines on average in OpenAI's crate,
/// 369,000 lines in all), which every user compiles. The generated visitor reads a map only,
/// one line per field, with the derive's rules: a missing required field is an error naming
/// it, an `Option` reads a missing key and `null` alike as `None`, undeclared keys are skipped
/// or kept in the struct's map of additional properties.
#[derive(Debug)]
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string(deserializer).map(Key)
    }
}

impl std::ops::Deref for Key<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<Key<'_>> for String {
    fn from(key: Key<'_>) -> String {
        key.0.into_owned()
    }
}

/// A generated struct read from a map: what its `Deserialize` hands to [`deserialize_map`],
/// so the visitor around the per-field loop is written once, here.
pub trait FromMap: Sized {
    /// The type's name, for "expected an object (Name)".
    const NAME: &'static str;
    /// Read the fields from the map's entries.
    fn from_map<'de, A: de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct: a JSON object read by [`FromMap`].
pub fn deserialize_map<'de, T: FromMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct MapVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromMap> Visitor<'de> for MapVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object ({})", T::NAME)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
}

/// The value of a required field once the map is read: the error serde's derive gives when
/// it is missing.
pub fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
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

    /// A struct read the way generated structs read themselves.
    #[derive(Debug, PartialEq)]
    struct Job {
        id: String,
        note: Option<String>,
        meta: Option<serde_json::Value>,
        rest: std::collections::BTreeMap<String, i64>,
    }

    impl super::FromMap for Job {
        const NAME: &'static str = "Job";
        fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Job, A::Error> {
            let (mut id, mut note, mut meta, mut rest) = (None, None, None, std::collections::BTreeMap::new());
            while let Some(key) = map.next_key::<super::Key>()? {
                match &*key {
                    "id" => id = Some(map.next_value()?),
                    "note" => note = map.next_value()?,
                    "meta" => meta = Some(map.next_value()?),
                    _ => {
                        rest.insert(key.into(), map.next_value()?);
                    }
                }
            }
            Ok(Job { id: super::required(id, "id")?, note, meta, rest })
        }
    }

    impl<'de> Deserialize<'de> for Job {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize_map(deserializer)
        }
    }

    #[test]
    fn a_struct_reads_each_field_by_its_rule() {
        let job: Job = serde_json::from_str(r#"{"id": "j1", "note": null, "meta": null, "tries": 3}"#).unwrap();
        assert_eq!(job.id, "j1");
        assert_eq!(job.note, None);
        assert_eq!(job.meta, Some(serde_json::Value::Null), "a present null is kept for any JSON");
        assert_eq!(job.rest, [("tries".to_owned(), 3)].into());
        let job: Job = serde_json::from_str(r#"{"id": "j2"}"#).unwrap();
        assert_eq!((job.note, job.meta, job.rest.len()), (None, None, 0));
    }

    #[test]
    fn a_struct_error_names_the_field() {
        let missing = serde_json::from_str::<Job>(r#"{"note": "x"}"#).unwrap_err().to_string();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let not_object = serde_json::from_str::<Job>("[1]").unwrap_err().to_string();
        assert!(not_object.starts_with("invalid type: sequence, expected an object (Job)"), "{not_object}");
    }

    #[cfg(feature = "client")]
    #[test]
    fn a_struct_error_keeps_its_path() {
        let mut de = serde_json::Deserializer::from_str(r#"{"id": "j", "tries": "x"}"#);
        let wrong = serde_path_to_error::deserialize::<_, Job>(&mut de).unwrap_err();
        assert_eq!(wrong.path().to_string(), "tries");
    }
}
