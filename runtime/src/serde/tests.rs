//! `#[derive(Wire)]` on types shaped as the generator writes them, read and written through
//! the entry points responses use.

use crate::serde::{decode, path, JsonError};
use crate::{Nullable, Wire};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Wire)]
struct Job {
    id: String,
    note: Option<String>,
    #[wire(rename = "type")]
    r#type: Option<Kind>,
    #[wire(nullable)]
    owner: Option<String>,
    #[wire(keep_null)]
    meta: Option<Value>,
    #[wire(extra)]
    rest: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Wire)]
#[wire(rename_all = "snake_case")]
enum Kind {
    Batch,
    InProgress,
    #[wire(rename = "gpt-4o")]
    Gpt4o,
    #[wire(other)]
    Unknown(String),
}

#[derive(Debug, Clone, PartialEq, Default, Wire)]
struct Patch {
    name: Nullable<String>,
    tags: Option<Vec<String>>,
}

#[derive(Debug, Wire)]
struct Crew {
    jobs: Vec<Job>,
    lead: Option<Box<Job>>,
}

fn read<T: serde::de::DeserializeOwned>(json: Value) -> Result<T, JsonError> {
    decode(&serde_json::to_vec(&json).unwrap())
}

#[test]
fn a_struct_reads_each_field_by_its_rule() {
    let job: Job = read(json!({"id": "j1", "note": null, "meta": null, "tries": 3, "type": "in_progress"})).unwrap();
    assert_eq!(job.id, "j1");
    assert_eq!((job.note, job.owner), (None, None));
    assert_eq!(job.r#type, Some(Kind::InProgress));
    assert_eq!(job.meta, Some(Value::Null), "a present null is kept where null is a value");
    assert_eq!(job.rest, [("tries".to_owned(), 3)].into());
    let job: Job = read(json!({"id": "j2", "note": "n", "note": "last"})).unwrap();
    assert_eq!((job.note.as_deref(), job.meta, job.rest.len()), (Some("last"), None, 0));
}

#[test]
fn a_struct_writes_each_field_by_its_rule() {
    let job = Job {
        id: "j".into(),
        note: None,
        r#type: Some(Kind::Gpt4o),
        owner: None,
        meta: Some(Value::Null),
        rest: [("x".to_owned(), 1)].into(),
    };
    assert_eq!(
        serde_json::to_value(&job).unwrap(),
        json!({"id": "j", "type": "gpt-4o", "owner": null, "meta": null, "x": 1}),
        "an absent optional is left out, a required nullable one written as null"
    );
}

#[test]
fn absent_null_and_a_value_are_three_requests() {
    let absent = Patch::default();
    let null = Patch { name: Nullable::Null, ..Patch::default() };
    let value = Patch { name: "n".to_owned().into(), tags: Some(vec!["a".into()]) };
    assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"name":null}"#);
    assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"name":"n","tags":["a"]}"#);
    for patch in [absent, null, value] {
        let again: Patch = read(serde_json::to_value(&patch).unwrap()).unwrap();
        assert_eq!(again, patch);
    }
}

#[test]
fn a_string_enum_keeps_values_it_does_not_know() {
    assert_eq!(Kind::from("batch"), Kind::Batch);
    assert_eq!(Kind::InProgress.as_str(), "in_progress");
    assert_eq!(Kind::from("new_one"), Kind::Unknown("new_one".into()));
    assert_eq!(Kind::Unknown("new_one".into()).to_string(), "new_one");
    let kind: Kind = read(json!("gpt-4o")).unwrap();
    assert_eq!(kind, Kind::Gpt4o);
}

#[test]
fn a_failure_names_its_path_and_keeps_serde_jsons_error() {
    let wrong = read::<Crew>(json!({"jobs": [{"id": "a"}, {"id": "b", "note": 1}]})).unwrap_err();
    assert_eq!(wrong.path(), "jobs[1].note");
    assert!(wrong.error.to_string().starts_with("invalid type: integer `1`, expected a string"), "{wrong}");
    assert_eq!(wrong.error.classify(), serde_json::error::Category::Data);
    let missing = read::<Crew>(json!({"jobs": [], "lead": {"note": "x"}})).unwrap_err();
    assert_eq!(missing.path(), "lead");
    assert!(missing.error.to_string().starts_with("missing field `id`"), "{missing}");
    let extra = read::<Job>(json!({"id": "a", "tries": "x"})).unwrap_err();
    assert_eq!(extra.path(), "tries");
    let not_object = read::<Job>(json!([1])).unwrap_err();
    assert!(not_object.error.to_string().starts_with("invalid type: sequence, expected an object (Job)"));
}

#[test]
fn a_truncated_body_is_an_eof_at_its_line_and_column() {
    let e = decode::<Crew>(b"{\"jobs\": [{\"id\": \"a\"},\n {\"id\": ").unwrap_err();
    assert!(e.error.is_eof(), "{e}");
    assert_eq!((e.error.line(), e.error.column()), (2, 8));
    let e = decode::<Crew>(b"{\"jobs\": [}").unwrap_err();
    assert_eq!(e.error.classify(), serde_json::error::Category::Syntax);
    let e = decode::<Crew>(b"{\"jobs\": []} trailing").unwrap_err();
    assert_eq!(e.error.classify(), serde_json::error::Category::Syntax);
    assert_eq!(e.path(), ".");
}

#[test]
fn an_earlier_failure_leaves_no_path_behind() {
    let _ = serde_json::from_value::<Job>(json!({"id": 1}));
    let e = read::<Job>(json!({})).unwrap_err();
    assert_eq!(e.path(), ".");
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct Text {
    r#type: String,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct Image {
    r#type: String,
    url: String,
    detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct UserMessage {
    r#type: String,
    role: String,
    content: String,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct AnyMessage {
    r#type: String,
    role: String,
    content: Value,
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(tag = "type")]
enum Part {
    #[wire(tag = "text", tag = "output_text")]
    Text(Text),
    #[wire(tag = "image")]
    Image(Box<Image>),
    #[wire(tag = "message", pin("role" = "user"), exact)]
    User(UserMessage),
    #[wire(tag = "message", exact)]
    Any(AnyMessage),
    #[wire(tag = "bare", may_omit_tag)]
    Bare(BTreeMap<String, i64>),
    Words(Vec<String>),
    #[wire(other)]
    Unknown(Value),
}

#[test]
fn a_tagged_union_reads_the_member_its_tag_names() {
    let text: Part = read(json!({"type": "output_text", "text": "hi"})).unwrap();
    assert_eq!(text, Part::Text(Text { r#type: "output_text".into(), text: "hi".into() }));
    let image: Part = read(json!({"url": "u", "type": "image"})).unwrap();
    assert!(matches!(image, Part::Image(i) if i.url == "u"));
    let words: Part = read(json!(["a", "b"])).unwrap();
    assert_eq!(words, Part::Words(vec!["a".into(), "b".into()]));
    let bare: Part = read(json!({"n": 1})).unwrap();
    assert_eq!(bare, Part::Bare([("n".to_owned(), 1)].into()), "a value without its tag");
    assert_eq!(serde_json::to_value(&bare).unwrap(), json!({"n": 1}));
}

#[test]
fn members_that_share_a_tag_are_told_apart() {
    let user: Part = read(json!({"type": "message", "role": "user", "content": "hi"})).unwrap();
    assert!(matches!(user, Part::User(_)), "{user:?}");
    let other_role: Part = read(json!({"type": "message", "role": "system", "content": "hi"})).unwrap();
    assert!(matches!(other_role, Part::Any(_)), "{other_role:?}");
    let named: Part = read(json!({"type": "message", "role": "user", "content": "hi", "name": "n"})).unwrap();
    assert!(matches!(named, Part::Any(_)), "the member that declares every property: {named:?}");
}

#[test]
fn an_unknown_tag_is_kept_as_json_and_a_known_one_must_fit() {
    let unknown: Part = read(json!({"type": "video", "url": "u"})).unwrap();
    assert_eq!(unknown, Part::Unknown(json!({"type": "video", "url": "u"})));
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!({"type": "video", "url": "u"}));
    let e = read::<Vec<Part>>(json!([{"type": "text", "text": "a"}, {"type": "image", "url": 5}])).unwrap_err();
    assert!(e.error.to_string().starts_with("invalid type: integer `5`, expected a string"), "{e}");
    #[derive(Debug, Wire)]
    struct Holder {
        parts: Vec<Part>,
    }
    let e = read::<Holder>(json!({"parts": [{"type": "text", "text": "a"}, {"type": "image", "url": 5}]})).unwrap_err();
    assert_eq!(e.path(), "parts[1].url", "the path goes through the union into its member");
}

static TRIES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A member that counts how often it is read.
#[derive(Debug, Clone, PartialEq)]
struct Counted;

impl<'de> serde::Deserialize<'de> for Counted {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        TRIES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _ = <serde::de::IgnoredAny as serde::Deserialize>::deserialize(deserializer)?;
        Err(serde::de::Error::custom("never fits"))
    }
}

impl serde::Serialize for Counted {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(tag = "kind")]
enum Counting {
    #[wire(tag = "a", pin("role" = "x"), exact)]
    A(Counted),
    #[wire(tag = "a", pin("role" = "x"))]
    B(Counted),
    #[wire(tag = "a")]
    C(Counted),
    D(Counted),
    #[wire(other)]
    Unknown(Value),
}

impl crate::serde::Struct for Counted {
    const NAME: &'static str = "Counted";
    const FIELDS: &'static [&'static str] = &["kind", "role"];
    fn read<'de, A: serde::de::MapAccess<'de>>(_: crate::serde::Reader<'de, A>) -> Result<Self, A::Error> {
        Err(serde::de::Error::custom("never fits"))
    }
}

#[test]
fn a_union_whose_members_all_fail_reads_each_once() {
    TRIES.store(0, std::sync::atomic::Ordering::SeqCst);
    let e = read::<Counting>(json!({"kind": "a", "role": "x"})).unwrap_err();
    assert!(e.error.to_string().contains("never fits"), "{e}");
    assert_eq!(TRIES.load(std::sync::atomic::Ordering::SeqCst), 3, "A, B and C, once each, though each matches twice");
    TRIES.store(0, std::sync::atomic::Ordering::SeqCst);
    let kept: Counting = read(json!({"kind": "z"})).unwrap();
    assert_eq!(kept, Counting::Unknown(json!({"kind": "z"})));
    assert_eq!(TRIES.load(std::sync::atomic::Ordering::SeqCst), 1, "an unknown tag tries the untagged D alone");
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct Name(String);

#[test]
fn a_newtype_is_its_value() {
    let name: Name = read(json!("x")).unwrap();
    assert_eq!(name, Name("x".into()));
    assert_eq!(serde_json::to_value(&name).unwrap(), json!("x"));
}

#[derive(Debug, Wire)]
struct Node {
    child: Option<Box<Node>>,
    any: Option<Box<Shape>>,
}

#[derive(Debug, Wire)]
enum Shape {
    Node(Box<Node>),
    Number(f64),
    #[wire(other)]
    Unknown(Value),
}

fn nested(depth: usize, key: &str, leaf: &str) -> String {
    format!("{}{leaf}{}", format!("{{\"{key}\": ").repeat(depth), "}".repeat(depth))
}

#[test]
fn deep_and_hostile_texts_are_errors_not_overflows() {
    // On a thread with the 2 MiB stack tokio gives its workers.
    let handle = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
        let node: Node = decode(nested(100, "child", "null").as_bytes()).unwrap();
        let mut depth = 0;
        let mut next = Some(&node);
        while let Some(n) = next {
            depth += 1;
            next = n.child.as_deref();
        }
        assert_eq!(depth, 100);
        for levels in [200, 10_000] {
            let e = decode::<Node>(nested(levels, "child", "null").as_bytes()).unwrap_err();
            assert!(e.to_string().contains("nested more than") || e.to_string().contains("recursion limit"), "{e}");
        }
        // Each union reads its member with a deserializer of its own: the limit still holds.
        let e = decode::<Node>(nested(5_000, "any", "null").as_bytes()).unwrap_err();
        assert!(e.to_string().contains("nested more than") || e.to_string().contains("recursion limit"), "{e}");
        let wrong = decode::<Node>(nested(3, "child", "7").as_bytes()).unwrap_err();
        assert_eq!(wrong.path(), "child.child.child");
        let cut = decode::<Node>(b"{\"child\": ").unwrap_err();
        assert_eq!(path::display(&cut.path), "child", "where the text ended");
        assert!(cut.error.is_eof());
    });
    handle.unwrap().join().unwrap();
}

/// A base many structs extend (`allOf`), held once by each of them.
#[derive(Debug, Clone, PartialEq, Wire)]
struct Base {
    id: String,
    size: Option<i64>,
    #[wire(rename = "type")]
    r#type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct Extended {
    #[wire(flatten)]
    base: Base,
    own: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct ExtendedOpen {
    own: Option<String>,
    #[wire(extra)]
    rest: BTreeMap<String, Value>,
    #[wire(flatten)]
    base: Box<Base>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
struct Small {
    own: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Wire)]
#[wire(tag = "type")]
enum EitherExtended {
    #[wire(tag = "x", exact)]
    Small(Small),
    #[wire(tag = "x", exact)]
    Extended(Box<Extended>),
    #[wire(other)]
    Unknown(Value),
}

#[test]
fn a_flattened_struct_reads_and_writes_its_properties_as_the_owners() {
    let value = json!({"id": "a", "own": "o", "size": 3, "type": "x", "unknown": true});
    let extended: Extended = read(value).unwrap();
    let base = Base { id: "a".into(), size: Some(3), r#type: Some("x".into()) };
    assert_eq!(extended, Extended { base, own: Some("o".into()) });
    // Written back side by side, the undeclared `unknown` dropped as by any struct.
    let written = serde_json::to_value(&extended).unwrap();
    assert_eq!(written, json!({"own": "o", "id": "a", "size": 3, "type": "x"}));
    let bare = Extended { base: Base { id: "b".into(), size: None, r#type: None }, own: None };
    assert_eq!(serde_json::to_value(&bare).unwrap(), json!({"id": "b"}));
    // A property the base requires is required of the owner; the path names it.
    let e = read::<Extended>(json!({"own": "o"})).unwrap_err();
    assert!(e.error.to_string().contains("missing field `id`"), "{e}");
    let e = read::<Extended>(json!({"id": "a", "size": "big"})).unwrap_err();
    assert_eq!(e.path(), "size", "{e}");
    // A member declares its base's properties: the exact member is the one that drops none.
    let either: EitherExtended = read(json!({"type": "x", "id": "a", "own": "o"})).unwrap();
    assert!(matches!(either, EitherExtended::Extended(_)), "{either:?}");
    let either: EitherExtended = read(json!({"type": "x", "own": "o"})).unwrap();
    assert!(matches!(either, EitherExtended::Small(_)), "{either:?}");
    // Beside extra properties: those neither struct declares are the owner's extra ones.
    let open: ExtendedOpen = read(json!({"id": "a", "own": "o", "new": [1], "size": 2})).unwrap();
    assert_eq!(open.base.size, Some(2));
    assert_eq!(open.rest, BTreeMap::from([("new".to_owned(), json!([1]))]));
    let written = serde_json::to_value(&open).unwrap();
    assert_eq!(written, json!({"id": "a", "own": "o", "new": [1], "size": 2}));
}
