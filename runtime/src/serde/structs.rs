//! How a generated struct reads and writes its fields: what `#[derive(Wire)]` writes for a
//! struct is [`Struct::read`] and a `Serialize` impl, one line per field on each side, and the
//! visitor, the error handling and the map's setup and finish are here, written once.
//!
//! A line per field is one call: [`Reader`] and [`Writer`] keep the first error and stop
//! there, so no field's line returns early (fewer branches for every struct the compiler
//! checks, fewer for users to read). What does not depend on the field's type (recording a
//! failure, the nesting limit) is in methods generic over the map alone, compiled once per
//! format rather than once per field type.

use super::{path, Key, Level, ListSeed, OptionSeed};
use crate::Nullable;
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A generated struct, read from a JSON object field by field (its `Serialize` impl writes
/// the fields through a [`Writer`]).
pub trait Struct: Sized {
    /// The type's name, for "expected an object (Name)".
    const NAME: &'static str;
    /// The wire names of its declared fields (a union prefers the member that declares every
    /// property of a value).
    const FIELDS: &'static [&'static str];
    /// Read the fields from the entries of a map, then [`Reader::finish`].
    fn read<'de, A: MapAccess<'de>>(map: Reader<'de, A>) -> Result<Self, A::Error>;
    /// Whether property `name` is one the type declares: one of [`Struct::FIELDS`], or one
    /// its flattened base declares.
    fn declares(name: &str) -> bool {
        Self::FIELDS.contains(&name)
    }
}

/// The struct a `#[wire(flatten)]` field holds, read from the properties its owner does not
/// declare (kept by [`Reader::extra`] while the owner's own are read). Errors keep the path
/// recorded inside the base; the base's properties are its owner's on the path, as on the wire.
pub fn flattened<T: DeserializeOwned, E: de::Error>(rest: BTreeMap<String, serde_json::Value>) -> Result<T, E> {
    match T::deserialize(serde_json::Value::Object(rest.into_iter().collect())) {
        Ok(value) => Ok(value),
        Err(e) => Err(E::custom(e)),
    }
}

/// [`flattened`] for an owner that also keeps undeclared properties (`#[wire(extra)]`): the
/// properties `declares` (the base's [`Struct::declares`]) are the base's, the others the
/// owner's extra ones.
pub fn flattened_and_extra<T: DeserializeOwned, V: DeserializeOwned, E: de::Error>(
    rest: BTreeMap<String, serde_json::Value>,
    declares: fn(&str) -> bool,
) -> Result<(T, BTreeMap<String, V>), E> {
    let (mut base, mut extra) = (BTreeMap::new(), BTreeMap::new());
    for (key, value) in rest {
        if declares(&key) {
            base.insert(key, value);
            continue;
        }
        match V::deserialize(value) {
            Ok(value) => {
                extra.insert(key, value);
            }
            Err(e) => return Err(E::custom(path::key(e, &key))),
        }
    }
    match flattened(base) {
        Ok(base) => Ok((base, extra)),
        Err(e) => Err(e),
    }
}

/// `Deserialize::deserialize` of a generated struct.
pub fn read_struct<'de, T: Struct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// The start of `Serialize::serialize` of a generated struct: the map its fields are
/// written into, then [`Writer::end`].
pub fn writer<S: Serializer>(serializer: S) -> Result<Writer<S::SerializeMap>, S::Error> {
    match serializer.serialize_map(None) {
        Ok(map) => Ok(Writer { map, error: None }),
        Err(e) => Err(e),
    }
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: Struct> Visitor<'de> for StructVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        expecting_object(f, T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        match Reader::new(map) {
            Ok(reader) => T::read(reader),
            Err(e) => Err(e),
        }
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
    /// The struct's level of [`super::MAX_DEPTH`], left when the reader is dropped.
    _level: Level,
    _key: PhantomData<Key<'de>>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// A reader of `map`, one level deeper; an error when the value is nested too deep.
    fn new(map: A) -> Result<Self, A::Error> {
        match Level::enter::<A::Error>() {
            Ok(level) => Ok(Reader { map, error: None, _level: level, _key: PhantomData }),
            Err(e) => Err(e),
        }
    }

    /// Keep the first error, with the field it happened in on the path. Out of line: the
    /// field methods keep only their success path inline.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, error: A::Error, field: &'static str) {
        self.error = Some(path::field(error, field));
    }

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
            Err(e) => self.fail(e, field),
        }
    }

    /// Read the value of an optional field: `null` is `None`.
    pub fn optional<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>, field: &'static str) {
        match self.map.next_value() {
            Ok(value) => *slot = value,
            Err(e) => self.fail(e, field),
        }
    }

    /// Read a list; a failing element records its index on the path.
    pub fn list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>, field: &'static str) {
        match self.map.next_value_seed(ListSeed(PhantomData)) {
            Ok(value) => *slot = Some(value),
            Err(e) => self.fail(e, field),
        }
    }

    /// Read an optional list: `null` is `None`.
    pub fn optional_list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>, field: &'static str) {
        match self.map.next_value_seed(OptionSeed(ListSeed(PhantomData))) {
            Ok(value) => *slot = value,
            Err(e) => self.fail(e, field),
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

    /// The map is read: the first error met, if any. The struct's nesting level is left.
    pub fn finish(self) -> Result<(), A::Error> {
        match self.error {
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
    /// The map is written: the first error met, if any, or the map ended.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }

    /// Write `key` and `value`.
    pub fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        // The key and the value apart: the key's half is compiled once per map type.
        if self.key(key) {
            if let Err(e) = self.map.serialize_value(value) {
                self.fail(e);
            }
        }
    }

    /// Write `key`, unless writing failed already; whether its value is to be written.
    fn key(&mut self, key: &'static str) -> bool {
        if self.error.is_some() {
            return false;
        }
        match self.map.serialize_key(key) {
            Ok(()) => true,
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }

    /// Keep the first error.
    #[cold]
    #[inline(never)]
    fn fail(&mut self, error: M::Error) {
        self.error = Some(error);
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

    /// Write the properties of a `#[wire(flatten)]` field's struct as the owner's own.
    pub fn flatten<T: Serialize>(&mut self, value: &T) {
        if self.error.is_some() {
            return;
        }
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(entries)) => self.extra(&entries),
            Ok(_) => self.fail(serde::ser::Error::custom("a flattened field is not written as an object")),
            Err(e) => self.fail(serde::ser::Error::custom(e)),
        }
    }

    /// Write the additional properties.
    pub fn extra<'a, T: Serialize + 'a>(&mut self, extra: impl IntoIterator<Item = (&'a String, &'a T)>) {
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
