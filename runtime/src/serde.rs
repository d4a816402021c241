//! How generated types read and write JSON: what `#[derive(runtime::Wire)]` expands to calls
//! the functions here, and responses, events and webhooks are decoded by [`decode`].
//!
//! Every generated type is read by one deserializer, serde_json's over a byte slice: a
//! response body, an event's data and a webhook body are bytes, and a union reads its member
//! from the bytes it captured ([`union`]). So each type's `Deserialize` is compiled once, and
//! with static calls throughout, as fast as serde's own derive. The JSON path of a failure is
//! recorded as the error travels up ([`path`]), which costs nothing while decoding succeeds,
//! and the error itself stays serde_json's (category, line and column).

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

pub mod path;
mod structs;
pub mod union;

pub use structs::{flattened, flattened_and_extra, missing, read_struct, writer, Reader, Struct, Writer};
pub use union::{Attempts, Peek, Raw};

/// A JSON text that does not decode as the type asked for: serde_json's error (its
/// [`category`](serde_json::Error::classify), line and column) and the JSON path of the value
/// at fault (`choices[0].message.role`; empty for the document itself).
#[derive(Debug)]
pub struct JsonError {
    /// Where in the document decoding failed, outermost first.
    pub path: Vec<path::Segment>,
    /// What serde_json reported.
    pub error: serde_json::Error,
}

impl JsonError {
    /// The path as text: `choices[0].message.role`, `.` for the document itself.
    pub fn path(&self) -> String {
        path::display(&self.path)
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.error)
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The deserializer every generated type is read with: serde_json's over a byte slice.
pub(crate) type SliceDeserializer<'j> = serde_json::Deserializer<serde_json::de::SliceRead<'j>>;

/// JSON text decoded as `T`: the entry point of response bodies, events and webhooks.
/// A failure names the path of the value at fault.
pub fn decode<T: DeserializeOwned>(json: &[u8]) -> Result<T, JsonError> {
    // Compiled once per type a program decodes: only `T::deserialize` (in `Slot`) depends on
    // `T`; the path record, the deserializer and the end of input are `decode_with`'s.
    let mut slot = Slot(None);
    match decode_with(json, &mut slot) {
        Ok(()) => match slot.0 {
            Some(value) => Ok(value),
            None => Err(unread()),
        },
        Err(e) => Err(e),
    }
}

/// A value of some type read from the deserializer every generated type is read with: what
/// the code around a `deserialize` call (in [`decode`], in a union) is written against, so
/// that it is compiled once for all types.
pub(crate) trait ReadInto {
    /// Read the value, keeping it.
    fn read_from(&mut self, de: &mut SliceDeserializer<'_>) -> Result<(), serde_json::Error>;
}

/// Where a value of type `T` is read into.
pub(crate) struct Slot<T>(pub(crate) Option<T>);

impl<T: DeserializeOwned> ReadInto for Slot<T> {
    fn read_from(&mut self, de: &mut SliceDeserializer<'_>) -> Result<(), serde_json::Error> {
        match T::deserialize(de) {
            Ok(value) => {
                self.0 = Some(value);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// `json` read into `slot`, to its end.
fn decode_with(json: &[u8], slot: &mut dyn ReadInto) -> Result<(), JsonError> {
    path::clear();
    let mut de = serde_json::Deserializer::from_slice(json);
    if let Err(error) = slot.read_from(&mut de) {
        return Err(failed(error));
    }
    match de.end() {
        Ok(()) => {
            path::clear();
            Ok(())
        }
        Err(error) => Err(failed(error)),
    }
}

/// What [`decode`] reports should a reader succeed without a value (it never does).
#[cold]
fn unread() -> JsonError {
    JsonError { path: Vec::new(), error: de::Error::custom("the value was not read") }
}

/// A decoding failure with the path recorded on its way up.
fn failed(error: serde_json::Error) -> JsonError {
    JsonError { path: path::take(), error }
}

/// A JSON value read as `T` the way [`decode`] reads bytes, for code that holds a `Value`
/// (accumulated stream snapshots): written out and read back, so `T` is read by the one
/// deserializer every generated type is compiled for.
pub fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, JsonError> {
    let json = serde_json::to_vec(value).map_err(|error| JsonError { path: Vec::new(), error })?;
    decode(&json)
}

/// A value written as a JSON `Value`: the one serializer generated types are written with
/// (request bodies, parameters and form fields are `Value`s before they are sent).
pub fn to_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(value)
}

/// A property name, borrowed from the input when the format allows it: what a generated
/// struct matches its fields against.
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

/// Reads a list, recording the index of a failing element on the path.
pub(crate) struct ListSeed<T>(pub(crate) std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for ListSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListSeed<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
        // Never trust the size a format announces: at most what a few pages hold.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            match seq.next_element_seed(Push(&mut items)) {
                Ok(Some(())) => {}
                Ok(None) => return Ok(items),
                Err(e) => return Err(path::index(e, items.len())),
            }
        }
    }
}

/// Reads one element onto the end of a list. The element goes from its reader straight into
/// the list: returned through `next_element` it would be moved once more, wrapped in
/// `Result<Option<T>>`, and a generated struct is often hundreds of bytes.
struct Push<'a, T>(&'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> de::DeserializeSeed<'de> for Push<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match T::deserialize(deserializer) {
            Ok(item) => {
                self.0.push(item);
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}

/// `null` or what the inner seed reads.
pub(crate) struct OptionSeed<S>(pub(crate) S);

impl<'de, S: de::DeserializeSeed<'de>> de::DeserializeSeed<'de> for OptionSeed<S> {
    type Value = Option<S::Value>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: de::DeserializeSeed<'de>> Visitor<'de> for OptionSeed<S> {
    type Value = Option<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// How many generated structs and unions may be read inside one another. serde_json limits
/// the nesting of one deserializer, but a union reads its member with a deserializer of its
/// own, whose limit starts afresh: this bounds the whole document, so a hostile body is an
/// error, not a stack overflow, even on tokio's 2 MiB worker stacks.
pub const MAX_DEPTH: usize = 128;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How often [`Level::enter`] refused on this thread.
    static REFUSED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of [`MAX_DEPTH`], entered by each struct and union read, left when dropped.
#[derive(Debug)]
pub struct Level(());

impl Level {
    /// Enter one more level, or fail when the value is nested too deep.
    pub fn enter<E: de::Error>() -> Result<Level, E> {
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_DEPTH {
            REFUSED.with(|r| r.set(r.get().wrapping_add(1)));
            return Err(E::custom(format_args!("the value is nested more than {MAX_DEPTH} levels deep")));
        }
        DEPTH.with(|d| d.set(depth + 1));
        Ok(Level(()))
    }

    /// A count of refusals, to compare with [`Level::exceeded_since`].
    pub(crate) fn failures() -> usize {
        REFUSED.with(|r| r.get())
    }

    /// Whether a level was refused since [`Level::failures`] gave `count`.
    pub(crate) fn exceeded_since(count: usize) -> bool {
        REFUSED.with(|r| r.get()) != count
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

#[cfg(test)]
mod tests;
