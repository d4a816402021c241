//! How generated structs write themselves: one function per struct, compiled once.
//!
//! The mirror of [`super::map`]: serde's derived `Serialize` writes a `serialize_field` per
//! field, generic over the serializer, so each struct and each field type is compiled again
//! for every serializer that reaches it. Here a struct lists its entries to [`WriteMap`],
//! and each value is written through an erased serializer (`erased-serde`): the struct's
//! [`ToMap::to_map`] and each field type's `Serialize` are compiled once.

use serde::ser::{self, Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;

/// A generated struct written as a map: its `Serialize` is [`serialize_map`].
pub trait ToMap {
    /// Write the fields as entries, in order: a required field always (`None` as `null`), an
    /// optional one when it is set, then the additional properties.
    ///
    /// `W` is always the runtime's writer: the parameter only keeps the function generic, so
    /// it is compiled for the types a program writes, not for every type of the crate.
    fn to_map<W: WriteMap>(&self, map: &mut W);
}

/// What [`ToMap::to_map`] writes its entries with; implemented by the runtime's writer only.
/// The first error is kept, and later entries are not written.
pub trait WriteMap: sealed::Sealed {
    /// One entry.
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T);
    /// Every entry of a map of additional properties.
    fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>);
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Writer<'_> {}
}

/// `Serialize::serialize` of a generated struct: a map written by [`ToMap`].
pub fn serialize_map<T: ToMap + ?Sized, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    write_map(serializer, &mut |writer| value.to_map(writer))
}

/// The part of [`serialize_map`] that depends on the serializer only.
fn write_map<S: Serializer>(serializer: S, body: &mut dyn FnMut(&mut Writer<'_>)) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    let mut writer = Writer { entries: &mut map, error: None };
    body(&mut writer);
    match writer.error {
        Some(e) => Err(ser::Error::custom(e)),
        None => map.end(),
    }
}

/// The runtime's [`WriteMap`]: entries go to a serializer's map, whichever serializer.
pub struct Writer<'a> {
    entries: &'a mut dyn Entries,
    error: Option<String>,
}

impl Writer<'_> {
    fn write(&mut self, key: &str, value: &dyn erased_serde::Serialize) {
        if self.error.is_none() {
            if let Err(e) = self.entries.entry(key, value) {
                self.error = Some(e);
            }
        }
    }
}

impl WriteMap for Writer<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.write(key, &value);
    }

    fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (key, value) in extra {
            self.write(key, value);
        }
    }
}

/// A serializer's map, behind [`Writer`].
trait Entries {
    fn entry(&mut self, key: &str, value: &dyn erased_serde::Serialize) -> Result<(), String>;
}

impl<M: SerializeMap> Entries for M {
    fn entry(&mut self, key: &str, value: &dyn erased_serde::Serialize) -> Result<(), String> {
        self.serialize_entry(key, value).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{ToMap, WriteMap};
    use serde_json::json;
    use std::collections::BTreeMap;

    /// A struct written the way generated structs write themselves.
    struct Job {
        id: String,
        note: Option<String>,
        parent: Option<Box<Job>>,
        rest: BTreeMap<String, i64>,
    }

    impl ToMap for Job {
        fn to_map<W: WriteMap>(&self, map: &mut W) {
            map.field("id", &self.id);
            map.field("note", &self.note);
            if let Some(value) = &self.parent {
                map.field("parent", value);
            }
            map.extra(&self.rest);
        }
    }

    impl serde::Serialize for Job {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::serialize_map(self, serializer)
        }
    }

    #[test]
    fn a_struct_writes_its_entries_in_order() {
        let parent = Job { id: "p".into(), note: Some("n".into()), parent: None, rest: BTreeMap::new() };
        let job =
            Job { id: "j".into(), note: None, parent: Some(Box::new(parent)), rest: [("tries".into(), 3)].into() };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(text, r#"{"id":"j","note":null,"parent":{"id":"p","note":"n"},"tries":3}"#);
        assert_eq!(serde_json::to_value(&job).unwrap()["parent"], json!({"id": "p", "note": "n"}));
    }

    #[test]
    fn an_error_of_the_serializer_is_returned() {
        struct Bad;
        impl serde::Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("cannot write this"))
            }
        }
        struct Holder;
        impl ToMap for Holder {
            fn to_map<W: WriteMap>(&self, map: &mut W) {
                map.field("bad", &Bad);
                map.field("later", &1);
            }
        }
        impl serde::Serialize for Holder {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                super::serialize_map(self, serializer)
            }
        }
        let error = serde_json::to_string(&Holder).unwrap_err().to_string();
        assert!(error.contains("cannot write this"), "{error}");
    }
}
