//! How generated structs read themselves: one function per struct, compiled once.
//!
//! A derived `Deserialize` is generic over the deserializer, and so is everything it calls:
//! each struct, and each field type it reads, is compiled again for every deserializer that
//! reaches it (serde_json's over bytes, over `&Value`, serde_path_to_error's wrappers of
//! those, …). In OpenAI's crate that was most of the 2 million lines of LLVM IR the crate
//! compiles. Here the deserializer is erased (with `erased-serde`) where a struct's map
//! starts and where each of its values starts, so [`FromMap::from_map`] and the
//! `Deserialize` of every field type are compiled once, for the erased deserializer; the
//! generic glue left per type is a few lines. The price is a dynamic call per value read.
//!
//! Errors keep serde's messages (`missing field `id``, `invalid type: …`); paths are kept by
//! serde_path_to_error, whose wrappers sit below the erasure.

use super::string;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A property name, borrowed from the input when the format allows it: what
/// [`FromMap::from_map`] matches its fields against.
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

/// Why a generated struct could not be read: serde's message, whichever deserializer
/// reported it (it becomes that deserializer's error again on the way out).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// A generated struct read from a map: its `Deserialize` is [`deserialize_map`].
pub trait FromMap: Sized {
    /// The type's name, for "expected an object (Name)".
    const NAME: &'static str;
    /// Read the fields from the map's entries: one line per field, with the derive's rules
    /// (a missing required field is an error naming it, an `Option` reads a missing key and
    /// `null` alike as `None`, undeclared keys are skipped or kept in the struct's map of
    /// additional properties).
    ///
    /// `M` is always [`Map`]: the parameter only keeps the function generic, so it is
    /// compiled for the types a program reads, not for every type of the crate.
    fn from_map<'de, M: ReadMap<'de>>(map: M) -> Result<Self, Error>;
}

/// What [`FromMap::from_map`] reads its entries with; implemented by [`Map`] only.
///
/// Values are read into the field's slot and an error is kept rather than returned: the
/// first error ends the map (`key` gives `None`) and [`ReadMap::finish`] returns it. A line
/// per field is then one call, without a `?` and its early return per field.
pub trait ReadMap<'de>: sealed::Sealed {
    /// The next key; `None` at the end of the map, or once reading has failed.
    fn key(&mut self) -> Option<Key<'de>>;
    /// Read the value of the key just read into `slot`.
    fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>);
    /// [`ReadMap::value`], with `null` read as `None` (as serde reads an `Option`, without
    /// compiling serde's `Option` visitor for each `T`).
    fn optional<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>);
    /// Read the list the key just read holds into `slot` (without compiling serde's `Vec`
    /// visitor, and the erased visitor around it, for each `T`).
    fn list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>);
    /// [`ReadMap::list`], with `null` read as `None`.
    fn optional_list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>);
    /// Keep the key just read and its value in `extra` (additional properties).
    fn extra<T: Deserialize<'de>>(&mut self, key: Key<'de>, extra: &mut BTreeMap<String, T>);
    /// Skip the value of the key just read.
    fn skip(&mut self);
    /// The map is read: the first error met, if any.
    fn finish(self) -> Result<(), Error>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Map<'_, '_> {}
}

/// The entries of the map a struct is read from, the same type whatever the input.
pub struct Map<'a, 'de> {
    entries: &'a mut dyn Entries<'de>,
    error: Option<Error>,
}

impl<'de> Map<'_, 'de> {
    /// Read the next value into `slot`, unless reading has failed already.
    fn read(&mut self, slot: &mut dyn Slot<'de>) {
        if self.error.is_none() {
            if let Err(e) = self.entries.next_value(slot) {
                self.error = Some(e);
            }
        }
    }
}

impl<'de> ReadMap<'de> for Map<'_, 'de> {
    fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.entries.next_key() {
            Ok(key) => key,
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        self.read(slot);
    }

    fn optional<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        // A repeated key: the last value wins, `null` included.
        *slot = None;
        self.read(&mut Nullable(slot));
    }

    fn list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>) {
        self.read(&mut List(slot));
    }

    fn optional_list<T: Deserialize<'de>>(&mut self, slot: &mut Option<Vec<T>>) {
        *slot = None;
        self.read(&mut Nullable(&mut List(slot)));
    }

    fn extra<T: Deserialize<'de>>(&mut self, key: Key<'de>, extra: &mut BTreeMap<String, T>) {
        let mut slot = None;
        self.read(&mut slot);
        if let Some(value) = slot {
            extra.insert(key.into(), value);
        }
    }

    fn skip(&mut self) {
        self.read(&mut None::<de::IgnoredAny>);
    }

    fn finish(self) -> Result<(), Error> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// `Deserialize::deserialize` of a generated struct: a map read by [`FromMap`].
pub fn deserialize_map<'de, T: FromMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    let mut out: Option<T> = None;
    visit_map(deserializer, T::NAME, &mut out)?;
    out.ok_or_else(map_not_read)
}

/// The part of [`deserialize_map`] that depends on the deserializer only.
fn visit_map<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    target: &mut dyn Target<'de>,
) -> Result<(), D::Error> {
    deserializer.deserialize_map(MapVisitor { name, target })
}

fn map_not_read<E: de::Error>() -> E {
    E::custom("the map was not read")
}

/// The value of a required field once the map is read: the error serde's derive gives when
/// it is missing.
pub fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    match value {
        Some(value) => Ok(value),
        None => Err(E::missing_field(field)),
    }
}

/// `value` read into `slot`, with the path of the first property that does not fit: the
/// entry point of [`crate::serde::read`] and of decoding responses. Not generic over the type
/// read, and the deserializer is erased at once, so each deserializer used here (plain, and
/// serde_path_to_error's, which is slower and only runs to find the path of a failure) is
/// compiled once.
pub(crate) fn read_into(value: &Value, slot: &mut dyn for<'de> Slot<'de>) -> Result<(), PathError> {
    if SlotSeed(slot).deserialize(value).is_ok() {
        return Ok(());
    }
    let mut track = serde_path_to_error::Track::new();
    match SlotSeed(slot).deserialize(serde_path_to_error::Deserializer::new(value, &mut track)) {
        Ok(()) => Ok(()),
        Err(e) => Err(serde_path_to_error::Error::new(track.path(), e)),
    }
}

/// JSON text read into `slot`: straight from the bytes (no `Value` in between), and only
/// when that fails, parsed into a `Value` and read by [`read_into`] to find the path. The
/// entry point of decoding response bodies, events and webhooks. A text that is not JSON
/// has the empty path (`.`).
pub(crate) fn read_json(json: &[u8], slot: &mut dyn for<'de> Slot<'de>) -> Result<(), PathError> {
    let mut de = serde_json::Deserializer::from_slice(json);
    if SlotSeed(&mut *slot).deserialize(&mut de).and_then(|()| de.end()).is_ok() {
        return Ok(());
    }
    let value: Value = serde_json::from_slice(json).map_err(at_root)?;
    read_into(&value, slot)
}

/// An error of reading JSON with the path at fault.
pub(crate) type PathError = serde_path_to_error::Error<serde_json::Error>;

/// The value of a slot [`read_into`] or [`read_json`] filled (they fill it whenever they
/// succeed).
pub(crate) fn taken<T>(slot: Option<T>) -> Result<T, PathError> {
    slot.ok_or_else(|| at_root(de::Error::custom("the value was not read")))
}

fn at_root(e: serde_json::Error) -> PathError {
    serde_path_to_error::Error::new(serde_path_to_error::Track::new().path(), e)
}

/// Where one value goes: read through the erased deserializer.
pub(crate) trait Slot<'de> {
    fn fill(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'de>) -> Result<(), Error>;
}

impl<'de, T: Deserialize<'de>> Slot<'de> for Option<T> {
    fn fill(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'de>) -> Result<(), Error> {
        match T::deserialize(deserializer) {
            Ok(value) => {
                *self = Some(value);
                Ok(())
            }
            Err(e) => Err(erased(e)),
        }
    }
}

fn erased(e: erased_serde::Error) -> Error {
    de::Error::custom(e)
}

/// A slot that takes `null` as `None`.
struct Nullable<'a, 'de>(&'a mut dyn Slot<'de>);

impl<'de> Slot<'de> for Nullable<'_, 'de> {
    fn fill(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'de>) -> Result<(), Error> {
        deserializer.deserialize_option(OptionVisitor(&mut *self.0)).map_err(erased)
    }
}

struct OptionVisitor<'a, 'de>(&'a mut dyn Slot<'de>);

impl<'de> Visitor<'de> for OptionVisitor<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        SlotSeed(self.0).deserialize(deserializer)
    }
}

/// A list being read into a field's slot: one element at a time, each through its own slot.
struct List<'a, T>(&'a mut Option<Vec<T>>);

/// The per-type half of reading a list: take the next element, if any.
trait Elements<'de> {
    /// Read one element with `next` (false at the end of the list).
    fn read_one(&mut self, next: &mut dyn FnMut(&mut dyn Slot<'de>) -> Result<bool, Error>) -> Result<bool, Error>;
}

impl<'de, T: Deserialize<'de>> Elements<'de> for List<'_, T> {
    fn read_one(&mut self, next: &mut dyn FnMut(&mut dyn Slot<'de>) -> Result<bool, Error>) -> Result<bool, Error> {
        let mut slot: Option<T> = None;
        let more = next(&mut slot)?;
        if let (Some(item), Some(list)) = (slot, self.0.as_mut()) {
            list.push(item);
        }
        Ok(more)
    }
}

impl<'de, T: Deserialize<'de>> Slot<'de> for List<'_, T> {
    fn fill(&mut self, deserializer: &mut dyn erased_serde::Deserializer<'de>) -> Result<(), Error> {
        *self.0 = Some(Vec::new());
        deserializer.deserialize_seq(SeqVisitor(self)).map_err(erased)
    }
}

/// The one sequence visitor, for every element type.
struct SeqVisitor<'a, 'de>(&'a mut dyn Elements<'de>);

impl<'de> Visitor<'de> for SeqVisitor<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut next = |slot: &mut dyn Slot<'de>| -> Result<bool, Error> {
            seq.next_element_seed(SlotSeed(slot)).map(|more| more.is_some()).map_err(de::Error::custom)
        };
        while self.0.read_one(&mut next).map_err(de::Error::custom)? {}
        Ok(())
    }
}

/// A slot as serde's seed: the one place a concrete deserializer is erased.
struct SlotSeed<'a, 'de>(&'a mut dyn Slot<'de>);

impl<'de> DeserializeSeed<'de> for SlotSeed<'_, 'de> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let Some(_level) = Level::enter() else {
            return Err(de::Error::custom(format_args!("the value is nested more than {MAX_DEPTH} levels deep")));
        };
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.0.fill(&mut erased).map_err(de::Error::custom)
    }
}

/// How many values may be read inside one another (a struct field, an `Option`'s content
/// and a list element each count one level).
///
/// Below serde_json's own limit (128) on purpose: a value read inside an erased deserializer
/// is erased again, so each level costs more stack than the one above it. 128 levels of
/// `{"child": {...}}` overflowed even an 8 MiB stack and aborted the process; at this limit
/// a hostile body is an error on tokio's 2 MiB worker stacks (see the test
/// `deep_and_hostile_texts_are_errors_not_overflows`). Real API bodies nest far less.
pub(crate) const MAX_DEPTH: usize = 48;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of [`MAX_DEPTH`], left when dropped.
struct Level;

impl Level {
    fn enter() -> Option<Level> {
        let depth = DEPTH.with(|d| d.get());
        if depth >= MAX_DEPTH {
            return None;
        }
        DEPTH.with(|d| d.set(depth + 1));
        Some(Level)
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A concrete map, behind [`Map`].
trait Entries<'de> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Error>;
    fn next_value(&mut self, slot: &mut dyn Slot<'de>) -> Result<(), Error>;
}

struct Concrete<A>(A);

impl<'de, A: de::MapAccess<'de>> Entries<'de> for Concrete<A> {
    fn next_key(&mut self) -> Result<Option<Key<'de>>, Error> {
        self.0.next_key().map_err(de::Error::custom)
    }
    fn next_value(&mut self, slot: &mut dyn Slot<'de>) -> Result<(), Error> {
        self.0.next_value_seed(SlotSeed(slot)).map_err(de::Error::custom)
    }
}

/// The struct being read, behind the one map visitor.
trait Target<'de> {
    fn read(&mut self, map: Map<'_, 'de>) -> Result<(), Error>;
}

impl<'de, T: FromMap> Target<'de> for Option<T> {
    fn read(&mut self, map: Map<'_, 'de>) -> Result<(), Error> {
        *self = Some(T::from_map(map)?);
        Ok(())
    }
}

/// The one map visitor: not generic over the struct, so serde's machinery is compiled once
/// for it rather than once per struct.
struct MapVisitor<'a, 'de> {
    name: &'static str,
    target: &'a mut dyn Target<'de>,
}

impl<'de> Visitor<'de> for MapVisitor<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", self.name)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let mut concrete = Concrete(map);
        self.target.read(Map { entries: &mut concrete, error: None }).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::{FromMap, ReadMap};
    use serde::Deserialize;

    /// A struct read the way generated structs read themselves.
    #[derive(Debug, PartialEq)]
    struct Job {
        id: String,
        note: Option<String>,
        meta: Option<serde_json::Value>,
        rest: std::collections::BTreeMap<String, i64>,
    }

    impl FromMap for Job {
        const NAME: &'static str = "Job";
        fn from_map<'de, M: ReadMap<'de>>(mut map: M) -> Result<Job, super::Error> {
            let (mut id, mut note, mut meta, mut rest) = (None, None, None, std::collections::BTreeMap::new());
            while let Some(key) = map.key() {
                match &*key {
                    "id" => map.value(&mut id),
                    "note" => map.optional(&mut note),
                    "meta" => map.value(&mut meta),
                    _ => map.extra(key, &mut rest),
                }
            }
            map.finish()?;
            Ok(Job { id: super::required(id, "id")?, note, meta, rest })
        }
    }

    impl<'de> Deserialize<'de> for Job {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize_map(deserializer)
        }
    }

    /// Structs inside a list inside a struct: every level goes through the erasure.
    #[derive(Debug)]
    struct Crew {
        jobs: Vec<Job>,
        tags: Option<Vec<String>>,
    }

    impl FromMap for Crew {
        const NAME: &'static str = "Crew";
        fn from_map<'de, M: ReadMap<'de>>(mut map: M) -> Result<Crew, super::Error> {
            let (mut jobs, mut tags) = (None, None);
            while let Some(key) = map.key() {
                match &*key {
                    "jobs" => map.list(&mut jobs),
                    "tags" => map.optional_list(&mut tags),
                    _ => map.skip(),
                }
            }
            map.finish()?;
            Ok(Crew { jobs: super::required(jobs, "jobs")?, tags })
        }
    }

    impl<'de> Deserialize<'de> for Crew {
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
        let job: Job = serde_json::from_str(r#"{"id": "j2", "note": "n"}"#).unwrap();
        assert_eq!((job.note.as_deref(), job.meta, job.rest.len()), (Some("n"), None, 0));
    }

    #[test]
    fn a_struct_error_names_the_field() {
        let missing = serde_json::from_str::<Job>(r#"{"note": "x"}"#).unwrap_err().to_string();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let not_object = serde_json::from_str::<Job>("[1]").unwrap_err().to_string();
        assert!(not_object.starts_with("invalid type: sequence, expected an object (Job)"), "{not_object}");
        let wrong = serde_json::from_str::<Job>(r#"{"id": 7}"#).unwrap_err().to_string();
        assert!(wrong.starts_with("invalid type: integer `7`, expected a string"), "{wrong}");
    }

    #[test]
    fn a_struct_error_keeps_its_path_through_every_level() {
        let mut de = serde_json::Deserializer::from_str(r#"{"id": "j", "tries": "x"}"#);
        let wrong = serde_path_to_error::deserialize::<_, Job>(&mut de).unwrap_err();
        assert_eq!(wrong.path().to_string(), "tries");
        let value = serde_json::json!({"jobs": [{"id": "a"}, {"id": "b", "note": 1}]});
        let wrong = crate::serde::read::<Crew>(&value).unwrap_err();
        assert_eq!(wrong.path().to_string(), "jobs[1].note");
        assert!(wrong.to_string().contains("expected a string"), "{wrong}");
        let crew = crate::serde::read::<Crew>(&serde_json::json!({"jobs": [{"id": "a"}], "x": [1]})).unwrap();
        assert_eq!((crew.jobs[0].id.as_str(), crew.tags), ("a", None));
        let crew: Crew = serde_json::from_str(r#"{"jobs": [], "tags": ["x", "y"]}"#).unwrap();
        assert_eq!(crew.tags.as_deref(), Some(&["x".to_owned(), "y".to_owned()][..]));
        let crew: Crew = serde_json::from_str(r#"{"jobs": [], "tags": ["x"], "tags": null}"#).unwrap();
        assert_eq!(crew.tags, None, "the last value of a repeated key wins, null included");
        let null = serde_json::from_str::<Crew>(r#"{"jobs": null}"#).unwrap_err().to_string();
        assert!(null.starts_with("invalid type: null, expected a list"), "{null}");
        let wrong = crate::serde::read::<Crew>(&serde_json::json!({"jobs": [{"id": 1}], "tags": 5})).unwrap_err();
        assert_eq!(wrong.path().to_string(), "jobs[0].id", "reading stops at the first error");
    }

    /// A recursive struct, read as deep as serde_json allows.
    struct Node {
        child: Option<Box<Node>>,
    }

    impl FromMap for Node {
        const NAME: &'static str = "Node";
        fn from_map<'de, M: ReadMap<'de>>(mut map: M) -> Result<Node, super::Error> {
            let mut child = None;
            while let Some(key) = map.key() {
                match &*key {
                    "child" => map.optional(&mut child),
                    _ => map.skip(),
                }
            }
            map.finish()?;
            Ok(Node { child })
        }
    }

    impl<'de> Deserialize<'de> for Node {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize_map(deserializer)
        }
    }

    fn nested(depth: usize, leaf: &str) -> String {
        format!("{}{leaf}{}", r#"{"child": "#.repeat(depth), "}".repeat(depth))
    }

    #[test]
    fn deep_and_hostile_texts_are_errors_not_overflows() {
        // On a thread with the 2 MiB stack tokio gives its workers: each level costs more stack
        // than the one above, and `MAX_DEPTH` must stop a deep body before the stack runs out
        // (without it, 60 levels aborted the process).
        let handle = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
            let mut slot: Option<Node> = None;
            super::read_json(nested(20, "null").as_bytes(), &mut slot).unwrap();
            let mut depth = 0;
            let mut node = slot.as_ref();
            while let Some(n) = node {
                depth += 1;
                node = n.child.as_deref();
            }
            assert_eq!(depth, 20);
            let mut slot: Option<Node> = None;
            // Too deep for this limit; too deep for serde_json's (128) as well.
            for (levels, error) in [
                (60, "nested more than 48 levels deep"),
                (127, "nested more than 48 levels deep"),
                (10_000, "recursion limit exceeded"),
            ] {
                let deep = super::read_json(nested(levels, "null").as_bytes(), &mut slot).unwrap_err();
                assert!(deep.to_string().contains(error), "{levels}: {deep}");
            }
            let mut slot: Option<Node> = None;
            let wrong = super::read_json(nested(3, "7").as_bytes(), &mut slot).unwrap_err();
            assert_eq!(wrong.path().to_string(), "child.child.child");
            let not_json = super::read_json(b"{\"child\": ", &mut slot).unwrap_err();
            assert_eq!(not_json.path().to_string(), ".");
        });
        handle.unwrap().join().unwrap();
    }
}
