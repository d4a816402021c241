//! How a generated union reads itself: it captures the JSON text of its value ([`Raw`]),
//! looks at the properties that choose a member ([`Peek`]), then reads the chosen members
//! from that text, each at most once ([`Attempts`]), with the deserializer every generated
//! type is compiled for. A value no member accepts is kept as JSON in the union's fallback.

use super::path;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The JSON text of one value, captured to be read again as a union's members.
#[derive(Debug)]
pub struct Raw(Box<RawValue>);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Raw)
    }
}

impl Raw {
    /// The captured text.
    pub fn json(&self) -> &str {
        self.0.get()
    }

    /// The top-level properties of an object value whose values are strings, and the names
    /// of the others; nothing for another kind of value.
    pub fn peek(&self) -> Peek<'_> {
        let mut de = serde_json::Deserializer::from_slice(self.json().as_bytes());
        Peek { entries: de.deserialize_any(PeekVisitor).unwrap_or_default() }
    }
}

/// The top-level properties of a union's value: what chooses its member.
#[derive(Debug, Default)]
pub struct Peek<'a> {
    entries: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
}

impl Peek<'_> {
    /// The value of property `name`, when it is a string.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.as_deref())
    }

    /// Whether the value has property `name`.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == name)
    }

    /// Whether property `name` is absent or the string `value`: what a member whose
    /// property can hold one value only (`role: "user"`) accepts.
    pub fn allows(&self, name: &str, value: &str) -> bool {
        match self.entries.iter().rev().find(|(k, _)| k == name) {
            None => true,
            Some((_, v)) => v.as_deref() == Some(value),
        }
    }

    /// Whether every property of the value is one `declares` accepts (a member that declares
    /// them all drops nothing): a member's [`super::Struct::declares`].
    pub fn within(&self, declares: fn(&str) -> bool) -> bool {
        self.entries.iter().all(|(k, _)| declares(k))
    }
}

struct PeekVisitor;

impl<'de> Visitor<'de> for PeekVisitor {
    type Value = Vec<(Cow<'de, str>, Option<Cow<'de, str>>)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<super::Key<'de>>()? {
            let value = map.next_value::<StrOrSkip<'de>>()?;
            entries.push((key.0, value.0));
        }
        Ok(entries)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Vec::new())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
}

/// A property value: the string, or skipped.
struct StrOrSkip<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for StrOrSkip<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrOrSkip<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StrOrSkip(Some(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrOrSkip(Some(Cow::Owned(v.to_owned()))))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(StrOrSkip(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(StrOrSkip(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(StrOrSkip(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(StrOrSkip(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(StrOrSkip(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(StrOrSkip(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(StrOrSkip(None))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A union's members tried on one value: each at most once, the first that reads it wins,
/// and what the last one that failed reported is kept (with the path inside it).
///
/// Nothing here depends on the union's type, and only [`Attempts::read`] on the member's:
/// the expansion of a union is a chain of `if let Some(value) = attempts.read(i)`, so each
/// union and each member adds a few lines of machine code, not a reading loop of its own.
pub struct Attempts<'a> {
    raw: &'a Raw,
    /// The path recorded before the first attempt: a failed attempt's segments are dropped.
    mark: usize,
    /// Members tried so far, by index.
    tried: Vec<u64>,
    error: Option<serde_json::Error>,
    /// How often the depth limit had been hit before the first attempt.
    depth_failures: usize,
}

impl<'a> Attempts<'a> {
    /// Nothing tried yet.
    pub fn new(raw: &'a Raw) -> Self {
        Attempts { raw, mark: path::mark(), tried: Vec::new(), error: None, depth_failures: super::Level::failures() }
    }

    /// The value read as member `index` of the union, of type `T`; `None` when it does not
    /// read as one, or when this member was tried already.
    pub fn read<T: DeserializeOwned>(&mut self, index: usize) -> Option<T> {
        let mut slot = super::Slot(None);
        if self.attempt(index, &mut slot) {
            slot.0
        } else {
            None
        }
    }

    /// Read the captured text into `slot` as member `index`, unless this member was tried;
    /// whether it read the whole value. Everything around the member's own `deserialize`,
    /// compiled once.
    fn attempt(&mut self, index: usize, slot: &mut dyn super::ReadInto) -> bool {
        let (word, bit) = (index / 64, 1u64 << (index % 64));
        if self.tried.get(word).is_some_and(|w| w & bit != 0) {
            return false;
        }
        if self.tried.len() <= word {
            self.tried.resize(word + 1, 0);
        }
        self.tried[word] |= bit;
        path::truncate(self.mark);
        match read_member(self.raw, slot) {
            Ok(()) => {
                path::truncate(self.mark);
                self.error = None;
                true
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// Why no member read the value: the error of the last that failed, for a value whose
    /// tag names its member.
    pub fn failure<E: de::Error>(&self) -> E {
        match &self.error {
            Some(e) => E::custom(message(e)),
            None => E::custom("no member of the union was tried"),
        }
    }

    /// The value kept as JSON for the union's fallback, when no member read it. A value
    /// nested deeper than [`super::MAX_DEPTH`] is an error, not kept: what a member could not
    /// read for that reason is not a value of another kind.
    pub fn other<E: de::Error>(&self) -> Result<serde_json::Value, E> {
        match self.fallback() {
            Ok(value) => Ok(value),
            Err(message) => Err(E::custom(message)),
        }
    }

    fn fallback(&self) -> Result<serde_json::Value, String> {
        if super::Level::exceeded_since(self.depth_failures) {
            return Err(format!("the value is nested more than {} levels deep", super::MAX_DEPTH));
        }
        path::truncate(self.mark);
        serde_json::from_slice(self.raw.json().as_bytes()).map_err(|e| message(&e))
    }
}

/// serde_json's message without the position it adds: that position is inside the captured
/// text, not the document; the deserializer that reports the union's error adds its own.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// The captured text read into `slot`, one level deeper, to its end.
fn read_member(raw: &Raw, slot: &mut dyn super::ReadInto) -> Result<(), serde_json::Error> {
    let _level = super::Level::enter::<serde_json::Error>()?;
    let mut de = serde_json::Deserializer::from_slice(raw.json().as_bytes());
    slot.read_from(&mut de)?;
    de.end()
}
