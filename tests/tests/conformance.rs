//! The conformance check (`runtime::conformance`, what `cargo xtask conformance` runs) on
//! compiled fixture types: every example of `ambiguous_union.yaml` passes against the types
//! generated from it, and each kind of generator mistake the check exists for is caught.

use e2e::*;
use oagen::ir::TypeRef;
use oagen_tools::conformance::{plan, Form};
use runtime::conformance::{check, Failure, Mode, Notes};
use serde_json::{json, Value};

const FALLBACKS: &[&str] = &["Unknown"];

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(value: Value) -> T {
    check::<T>(&value, Mode::RoundTrip, FALLBACKS).unwrap_or_else(|f| panic!("{value}: {f:?}"));
    serde_json::from_value(value).unwrap()
}

#[test]
fn every_example_of_the_fixture_passes_against_its_types() {
    let path = std::path::Path::new("fixtures/types/ambiguous_union.yaml");
    let spec = oagen::Spec::load(path).unwrap();
    let api = spec.lower().unwrap();
    let plan = plan(&spec, &api);
    let mut checked = Vec::new();
    for case in &plan.cases {
        let c = case.check.as_ref().unwrap_or_else(|reason| panic!("{} skipped: {reason}", case.key));
        let target = &plan.targets[c.target];
        assert_eq!(target.form, Form::Json);
        let name = match &target.ty {
            TypeRef::Named(id) => api.ty(*id).name.clone(),
            other => panic!("{}: {other:?}", case.key),
        };
        let outcome = match name.as_str() {
            "Item" => check::<ambiguous_union::Item>(&c.payload, Mode::RoundTrip, FALLBACKS),
            "Part" => check::<ambiguous_union::Part>(&c.payload, Mode::RoundTrip, FALLBACKS),
            "PartText" => check::<ambiguous_union::PartText>(&c.payload, Mode::RoundTrip, FALLBACKS),
            "PartList" => check::<ambiguous_union::PartList>(&c.payload, Mode::RoundTrip, FALLBACKS),
            other => panic!("{}: no check for {other}", case.key),
        };
        assert_eq!(outcome, Ok(Notes::default()), "{}", case.key);
        checked.push((case.origin, name));
    }
    checked.sort();
    let expect = [
        ("media type", "Item"),
        ("media type", "Item"),
        ("schema", "PartList"),
        ("schema", "PartText"),
        ("x-oaiMeta", "Item"),
    ];
    assert_eq!(checked, expect.map(|(o, n)| (o, n.to_owned())));
}

#[test]
fn variants_that_share_a_tag_are_told_apart() {
    use ambiguous_union::{Content, Item};
    let user: Item = round_trip(json!({"type": "message", "role": "user", "id": "msg_1", "content": "hi"}));
    assert!(matches!(user, Item::StoredUserMessage(_)), "{user:?}");
    let system: Item = round_trip(json!({"type": "message", "role": "system", "content": "be brief"}));
    assert!(matches!(system, Item::SystemMessage(_)), "{system:?}");
    let assistant: Item = round_trip(json!({"type": "message", "role": "assistant", "content": "hello", "meta": null}));
    let Item::AssistantMessage(a) = &assistant else { panic!("{assistant:?}") };
    assert_eq!(a.meta, Some(Value::Null), "a present null of a free-form property is a value");
    // The tag is optional in one variant: a value without it is that variant.
    let easy: Item = round_trip(json!({"role": "user", "content": ["a", {"text": "b"}]}));
    let Item::EasyMessage(e) = &easy else { panic!("{easy:?}") };
    assert!(
        matches!(e.content, Content::PartList(_)),
        "the array is the array variant, not an unknown part: {:?}",
        e.content
    );
}

fn failure<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(value: Value) -> Failure {
    check::<T>(&value, Mode::RoundTrip, FALLBACKS).expect_err("the check must fail")
}

#[test]
fn mistakes_of_a_generator_are_caught_with_their_path() {
    // A wire value the type does not know: kept as unknown, which a round trip refuses.
    let f = failure::<enum_unknown::Job>(json!({"id": "j", "status": "paused"}));
    assert_eq!((f.reason, f.path), ("unknown-variant", vec![json!("status")]));
    assert!(f.detail.contains("Unknown(\"paused\")"), "{}", f.detail);
    // The same value read by an older client: accepted, the value kept.
    let notes = check::<enum_unknown::Job>(&json!({"id": "j", "status": "paused"}), Mode::Read, FALLBACKS);
    assert_eq!(notes, Ok(Notes { ignored_properties: false, kept_unknown: true }));
    // A property a nested type does not have, read by an older client: ignored.
    let extra = json!({"type": "message", "text": "hi", "owner": "me"});
    let notes = check::<discriminated_oneof::Message>(&extra, Mode::Read, FALLBACKS);
    assert_eq!(notes, Ok(Notes { ignored_properties: true, kept_unknown: false }));
    // A field typed too narrowly.
    let f = failure::<all_of::Pet>(json!({"id": 1.5, "name": "Rex"}));
    assert_eq!((f.reason, f.path), ("deserialize", vec![json!("id")]));
    // A property the type does not have.
    let f = failure::<discriminated_oneof::Message>(extra);
    assert_eq!((f.reason, f.path), ("round-trip", vec![json!("owner")]));
    // A response body keeps the keys its document does not declare, so nothing is lost.
    let body = json!({"id": "j", "status": "queued", "owner": "me"});
    assert_eq!(check::<enum_unknown::Job>(&body, Mode::RoundTrip, FALLBACKS), Ok(Notes::default()));
    // A union that takes the wrong variant loses what the right one would keep.
    let f = failure::<discriminated_oneof::Pet>(json!({"pet_type": "bird", "wings": 2}));
    assert_eq!(f.reason, "unknown-variant");
}
