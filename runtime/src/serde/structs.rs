//! How a generated struct reads and writes its fields: what `#[derive(Wire)]` writes for a
//! struct is [`Struct`], one line per field on each side, and the visitor, the error handling
//! and the serde impls' bodies are here, written once.
//!
//! A line per field is one call: [`Reader`] and [`Writer`] keep the first error and stop
//! there, so no field's line returns early (fewer branches for every struct the compiler
//! checks, fewer for users to read).

use super::{path, Key, ListSeed, OptionSeed};
use crate::Nullable;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A generated struct, read from and written to a JSON object field by field.
pub trait Struct: Sized {
    /// The type's name, for "expected an object (Name)".
    const NAME: &'static str;
    /// The wire names of its declared fields (a union prefers the member that declares every
    /// property of a value).
    const FIELDS: &'static [&'static str];
    /// Read the fields from the entries of a map.
    fn read<'de, A: MapAccess<'de>>(map: &mut Reader<'de, A>) -> Result<Self, A::Error>;
    /// Write the fields as entries of a map.
    fn write<M: SerializeMap>(&self, map: &mut Writer<M>);
}

/// `Deserialize::deserialize` of a generated struct.
pub fn read_struct<'de, T: Struct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// `Serialize::serialize` of a generated struct.
pub fn write_struct<T: Struct, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut writer = Writer { map: serializer.serialize_map(None)?, error: None };
    value.write(&mut writer);
    match writer.error {
        Some(e) => Err(e),
        None => writer.map.end(),
    }
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Struct> Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let _level = super::Level::enter::<A::Error>()?;
        T::read(&mut Reader { map, error: None, _key: PhantomData })
    }
}

fn expecting_object(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "an object ({name})")
}

/// The error of a struct whose required fields are not all there: `present` says which of
/// `names` were read, and the first missing one is named (serde's "missing field `id`").
pub fn missing<E: de::Error>(present: &[bool], names: &[&'static str]) -> E {
    let name = present.iter().zip(names).find(|(p, _)| !**p).map_or("?", |(_, n)| n);
    E::missing_field(name)
}

/// The entries of the map a struct is read from. Each value is read into its field's slot;
/// the first error ends the map ([`Reader::key`] gives `None`) and [`Reader::finish`] returns it.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    _key: PhantomData<Key<'de>>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// The next key; `None` at the end of the map, or once reading has failed.
    pub fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key::<Key<'de>>() {
            Ok(key) => key,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    // Each method below is compiled once per field type and map: plain matches, no closures.

    /// Read the value of the key just read into `slot` (a required field, a `Nullable` one,
    /// or one whose `null` is a value); a failure records `field` on the path.
    pub fn field<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, field: &'static str) {
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(e) => self.error = Some(path::field(e, field)),
        }
    }

    /// Read the value of an optional field: `null` is `None`.
    pub fn optional<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, field: &'static str) {
        match self.map.next_value() {
            Ok(value) => *slot = value,
            Err(e) => self.error = Some(path::field(e, field)),
        }
    }

    /// Read a list; a failing element records its index on the path.
    pub fn list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>, field: &'static str) {
        match self.map.next_value_seed(ListSeed(PhantomData)) {
            Ok(value) => *slot = Some(value),
            Err(e) => self.error = Some(path::field(e, field)),
        }
    }

    /// Read an optional list: `null` is `None`.
    pub fn optional_list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>, field: &'static str) {
        match self.map.next_value_seed(OptionSeed(ListSeed(PhantomData))) {
            Ok(value) => *slot = value,
            Err(e) => self.error = Some(path::field(e, field)),
        }
    }

    /// Keep the key just read and its value in `extra` (additional properties).
    pub fn extra<T: Deserialize<'de>>(&mut self, key: Key<'de>, extra: &mut BTreeMap<String, T>) {
        match self.map.next_value() {
            Ok(value) => {
                extra.insert(key.0.into_owned(), value);
            }
            Err(e) => self.error = Some(path::key(e, &key)),
        }
    }

    /// Skip the value of the key just read.
    pub fn skip(&mut self) {
        if let Err(e) = self.map.next_value::<de::IgnoredAny>() {
            self.error = Some(e);
        }
    }

    /// The map is read: the first error met, if any.
    pub fn finish(&mut self) -> Result<(), A::Error> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The entries a struct is written as. The first error is kept and ends the writing.
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Write `key` and `value`.
    pub fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// Write an optional field when it has a value.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Write a [`Nullable`] field unless it is absent (`null` is written).
    pub fn nullable<T: Serialize>(&mut self, key: &'static str, value: &Nullable<T>) {
        if !value.is_absent() {
            self.entry(key, value);
        }
    }

    /// Write the additional properties.
    pub fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (key, value) in extra {
            if self.error.is_some() {
                return;
            }
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }
}
