//! JSON → typed value → JSON for every fixture concern: what was read is what is written,
//! and the typed value is the one expected.

use e2e::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Deserialize, check the value is the same after serializing again, and return it.
fn round_trip<T: DeserializeOwned + Serialize>(input: Value) -> T {
    let typed: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("{input}: {e}"));
    let again = serde_json::to_value(&typed).unwrap();
    // An optional field's `null` reads as absent, and is written as absent.
    let difference = runtime::conformance::first_difference(&input, &again, &mut Vec::new());
    assert_eq!(difference, None, "round trip changed {input} into {again}");
    typed
}

#[test]
fn enum_keeps_unknown_values() {
    use enum_unknown::{Job, Status};
    let job: Job = round_trip(json!({"id": "j1", "status": "in_progress"}));
    assert_eq!(job.status, Status::InProgress);
    let job: Job = round_trip(json!({"id": "j2", "status": "paused_by_admin"}));
    assert_eq!(job.status, Status::Unknown("paused_by_admin".into()));
    assert_eq!(job.status.as_str(), "paused_by_admin");
    assert_eq!(Status::from("completed"), Status::Completed);
}

#[test]
fn discriminated_one_of_dispatches_on_the_mapping() {
    use discriminated_oneof::Pet;
    let cat: Pet = round_trip(json!({"pet_type": "cat", "lives": 9}));
    assert!(matches!(cat, Pet::Cat(ref c) if c.lives == Some(9)), "{cat:?}");
    let dog: Pet = round_trip(json!({"pet_type": "dog", "bark": true}));
    assert!(matches!(dog, Pet::Dog(_)), "{dog:?}");
    let bird: Pet = round_trip(json!({"pet_type": "bird", "wings": 2}));
    assert!(matches!(bird, Pet::Unknown(_)), "{bird:?}");
    // A known tag with a body that does not fit is an error, not a silent fallback.
    assert!(serde_json::from_value::<Pet>(json!({"pet_type": "cat", "lives": "nine"})).is_err());
}

#[test]
fn an_optional_tag_selects_its_member_by_the_value_it_pins() {
    use discriminated_oneof::Input;
    let reference: Input = round_trip(json!({"type": "item_reference", "id": "msg_1"}));
    assert!(matches!(reference, Input::ItemReference(ref r) if r.id == "msg_1"), "{reference:?}");
    // The tag may be left out: the member that does not need it still reads it.
    let bare: Input = round_trip(json!({"id": "msg_2"}));
    assert!(matches!(bare, Input::ItemReference(_)), "{bare:?}");
    let message: Input = round_trip(json!({"type": "message", "text": "hi"}));
    assert!(matches!(message, Input::Message(_)), "{message:?}");
    // Its constructor asks for what is required, and the optional tag is left out.
    assert_eq!(Input::item_reference("msg_3"), Input::ItemReference(discriminated_oneof::ItemReference::new("msg_3")));
}

#[test]
fn const_tagged_any_of_uses_the_wire_values() {
    use const_tagged_anyof::ContentPart;
    let text: ContentPart = round_trip(json!({"type": "text", "text": "hi"}));
    assert!(matches!(text, ContentPart::Text(ref t) if t.text == "hi"), "{text:?}");
    let image: ContentPart = round_trip(json!({"type": "image_url", "image_url": "https://x"}));
    assert!(matches!(image, ContentPart::Image(_)), "{image:?}");
    let audio: ContentPart = round_trip(json!({"type": "input_audio", "data": "..."}));
    assert!(matches!(audio, ContentPart::Unknown(_)), "{audio:?}");
}

#[test]
fn untagged_any_of_picks_by_shape() {
    use untagged_anyof::{EmbeddingRequest, Input};
    let r: EmbeddingRequest = round_trip(json!({"input": "one"}));
    assert!(matches!(r.input, Input::String(_)), "{:?}", r.input);
    let r: EmbeddingRequest = round_trip(json!({"input": ["a", "b"], "model": "m"}));
    assert!(matches!(r.input, Input::StringArray(_)), "{:?}", r.input);
    let r: EmbeddingRequest = round_trip(json!({"input": [1, 2, 3]}));
    assert!(matches!(r.input, Input::IntegerArray(_)), "{:?}", r.input);
    let r: EmbeddingRequest = round_trip(json!({"input": {"unexpected": true}}));
    assert!(matches!(r.input, Input::Unknown(_)), "{:?}", r.input);
}

#[test]
fn all_of_merges_into_one_struct() {
    use all_of::Pet;
    let pet: Pet = round_trip(json!({"name": "Rex", "tag": "dog", "id": 7}));
    assert_eq!((pet.id, pet.name.as_str(), pet.tag.as_deref()), (7, "Rex", Some("dog")));
    assert!(serde_json::from_value::<Pet>(json!({"name": "Rex"})).is_err(), "id is required");
}

#[test]
fn one_meaning_per_schema_construct() {
    use schema_rules::{Color, Note, Shape, SquareKind};
    let shape: Shape = round_trip(json!({"kind": "square", "name": "s", "side": 2.0, "color": "red", "note": null}));
    // `required` beside `allOf` makes the parts' properties required: plain fields.
    // An inherited inline type is the one of the schema that declares it (`Square`'s).
    let (kind, name, side): (SquareKind, String, f64) = (shape.kind.clone(), shape.name.clone(), shape.side);
    // The later part's `const` wins over the base's `type: string`.
    assert_eq!((kind, name.as_str(), side), (SquareKind::Square, "s", 2.0));
    // `$ref` with a `type` sibling is the referenced enum itself.
    let color: Option<Color> = shape.color.clone();
    assert_eq!(color, Some(Color::Red));
    // `anyOf: [$ref Note]` is as nullable as Note; `Shape` is sent, so absent, `null` and a
    // value stay apart (`runtime::Nullable`), and `null` is written back as it was read.
    let note: runtime::Nullable<Note> = shape.note.clone();
    assert_eq!(note, runtime::Nullable::Null);
    let shape: Shape = round_trip(json!({"kind": "square", "name": "s", "side": 1.0, "note": {"text": "t"}}));
    assert_eq!(shape.note, runtime::Nullable::Value(Note { text: Some("t".into()) }));
    let shape: Shape = round_trip(json!({"kind": "square", "name": "s", "side": 1.0}));
    assert!(shape.note.is_absent());
    assert!(serde_json::from_value::<Shape>(json!({"kind": "square", "name": "s"})).is_err(), "side is required");
}

#[test]
fn nullable_and_optional_read_alike_but_required_null_is_written() {
    use nullable_vs_optional::Profile;
    let p: Profile = round_trip(json!({"name": "a", "bio": null}));
    assert_eq!((p.bio.clone(), p.age, p.nickname.clone()), (None, None, None));
    // One `Option` per field: a present `null` reads as absent, and absent is what is written.
    let p: Profile = round_trip(json!({"name": "a", "bio": "b", "age": null, "legacy": null}));
    assert_eq!((p.age, p.legacy.clone()), (None, None));
    assert!(serde_json::to_value(&p).unwrap().get("age").is_none());
    let p: Profile = round_trip(json!({"name": "a", "bio": null, "age": 30, "nickname": "n"}));
    assert_eq!(p.age, Some(30));
    // A required nullable field is written as null, never left out.
    let written = serde_json::to_value(Profile { name: "a".into(), bio: None, ..p }).unwrap();
    assert_eq!(written["bio"], Value::Null);
}

#[test]
fn recursive_types_nest() {
    use recursive::{LinkedList, TreeNode};
    let tree: TreeNode = round_trip(json!({
        "value": "root",
        "children": [{"value": "leaf", "children": []}],
        "parent": {"value": "up"}
    }));
    assert_eq!(tree.parent.as_ref().and_then(|p| p.value.as_deref()), Some("up"));
    let list: LinkedList = round_trip(json!({"next": {"next": {"next": null}}}));
    assert!(list.next.is_some());
}

#[test]
fn keyword_and_odd_names_keep_their_wire_names() {
    use keyword_names::{Keywords, Weird};
    let k: Keywords = round_trip(json!({
        "type": "t", "self": "s", "match": "m", "async": true, "1st_place": "p",
        "camelCase": "c", "snake_case": "s", "kebab-case": "k"
    }));
    assert_eq!(k.r#type.as_deref(), Some("t"));
    for (wire, expected) in
        [("self", Weird::Self_), ("1024x1024", Weird::V1024x1024), ("-", Weird::Minus), ("", Weird::Empty)]
    {
        let w: Weird = round_trip(Value::String(wire.into()));
        assert_eq!(w, expected);
    }
    let a: Weird = round_trip(json!("gpt-4o"));
    let b: Weird = round_trip(json!("GPT-4O"));
    assert_ne!(a, b, "values that differ only in case stay distinct");
}

#[test]
fn maps_hold_any_keys() {
    use maps::Metadata;
    let m: Metadata = round_trip(json!({
        "labels": {"a": "x", "b": "y"},
        "counts": {"n": 3},
        "free_form": {"anything": [1, {"deep": null}]},
        "nested": {"k": {"x": 1}}
    }));
    assert_eq!(m.labels.as_ref().map(|l| l.len()), Some(2));
    assert_eq!(m.nested.as_ref().and_then(|n| n["k"].x), Some(1));
}

#[test]
fn open_string_unions_take_any_string() {
    use open_string_union::{ChatRequest, ModelId};
    let r: ChatRequest = round_trip(json!({"model": "gpt-4o"}));
    assert_eq!(r.model, ModelId::GPT_4O);
    let r: ChatRequest = round_trip(json!({"model": "my-fine-tune:v2"}));
    assert_eq!(r.model.as_str(), "my-fine-tune:v2");
    assert_eq!(ModelId::from("o3"), ModelId::O3);
}

#[test]
fn required_beside_all_of_makes_the_parts_properties_required() {
    use required_beside_all_of::{Account, NewAccount};
    let new: NewAccount = round_trip(json!({"email": "a@b.c"}));
    let (email, name): (String, Option<String>) = (new.email, new.name);
    assert_eq!((email.as_str(), name), ("a@b.c", None));
    assert!(serde_json::from_value::<NewAccount>(json!({"name": "A"})).is_err(), "email is required");
    let account: Account = round_trip(json!({"email": "a@b.c", "name": "A"}));
    let (email, name): (String, String) = (account.email, account.name);
    assert_eq!((email.as_str(), name.as_str()), ("a@b.c", "A"));
}

#[test]
fn inline_union_members_are_named_by_their_titles() {
    use union_member_titles::{Shape, ShapeAxisAlignedRectangle, ShapeCircle, ShapeCorners};
    let circle: Shape = round_trip(json!({"radius": 1.0}));
    assert_eq!(circle, Shape::Circle(ShapeCircle::new(1.0)));
    let rect: Shape = round_trip(json!({"width": 1.0, "height": 2.0}));
    assert_eq!(rect, Shape::AxisAlignedRectangle(ShapeAxisAlignedRectangle::new(1.0, 2.0)));
    // A sentence is no name: the member is named after the property only it declares.
    let polygon: Shape = round_trip(json!({"corners": [0.0, 1.0]}));
    assert_eq!(polygon, Shape::Corners(ShapeCorners::new(vec![0.0, 1.0])));
}

#[test]
fn all_of_a_union_and_an_object_keeps_both() {
    use all_of_union_object::{Message, MessageContent, MessageToolCalls};
    let content: Message = round_trip(json!({"role": "user", "content": "hi", "name": "ann"}));
    let expected = MessageContent::new("hi", "user").name("ann");
    assert_eq!(content, Message::Content(expected));
    let calls: Message = round_trip(json!({"role": "assistant", "tool_calls": ["c1"]}));
    assert_eq!(calls, Message::ToolCalls(MessageToolCalls::new(vec!["c1".to_owned()], "assistant")));
    // The object part's required `role` is required in every variant.
    assert!(matches!(serde_json::from_value::<Message>(json!({"content": "hi"})), Ok(Message::Unknown(_))));
}

#[test]
fn a_polymorphic_base_is_the_union_of_its_subtypes() {
    use polymorphic_base::{Cat, Dog, Owner, Pet};
    let owner: Owner = round_trip(json!({
        "favorite": {"petType": "cat", "name": "Tom", "lives": 9},
        "pets": [
            {"petType": "Dog", "name": "Rex", "bark": true},
            {"petType": "Hamster", "name": "Ham"},
            {"petType": "Lizard", "name": "Liz", "scales": 100}
        ]
    }));
    // A field typed as the base carries a subtype's own properties.
    assert_eq!(owner.favorite, Pet::Cat(Cat { lives: Some(9), ..Cat::new("cat", "Tom") }));
    assert_eq!(owner.pets[0], Pet::Dog(Dog::new("Dog", "Rex", true)));
    assert_eq!(owner.pets[0], Pet::dog("Rex", true));
    assert!(matches!(owner.pets[1], Pet::Hamster(ref h) if h.name == "Ham"), "{:?}", owner.pets[1]);
    assert!(matches!(owner.pets[2], Pet::Unknown(_)), "{:?}", owner.pets[2]);
    // A known tag with a body that does not fit is an error, not a silent fallback.
    assert!(serde_json::from_value::<Pet>(json!({"petType": "Dog", "name": "Rex"})).is_err(), "bark is required");
}

#[test]
fn local_defs_resolve_against_the_enclosing_schema_and_dedupe() {
    use local_defs::{CreatePetRequest, CreatePetResponse, Pet, Tag};
    let request: CreatePetRequest = round_trip(json!({"pet": {"name": "Rex", "tag": {"label": "dog"}}}));
    assert_eq!(request.pet, Pet::new("Rex").tag(Tag::default().label("dog")));
    // The same `$defs` embedded in the response is the same type.
    let response: CreatePetResponse = round_trip(json!({"pets": [{"name": "Rex"}]}));
    let pets: Vec<Pet> = response.pets;
    assert_eq!(pets, vec![Pet::new("Rex")]);
}

#[test]
fn a_discriminator_mapping_into_local_defs_selects_its_members() {
    use discriminator_local_defs::{Cat, CreatePetRequest, Dog};
    // The members do not pin `kind`: only the mapping, read against the `$defs`, tells them apart.
    let cat: CreatePetRequest = round_trip(json!({"kind": "cat", "lives": 9}));
    assert_eq!(cat, CreatePetRequest::Cat(Cat::new("cat").lives(9)));
    let dog: CreatePetRequest = round_trip(json!({"kind": "dog", "good": true}));
    assert_eq!(dog, CreatePetRequest::Dog(Dog::new("dog").good(true)));
    let bird: CreatePetRequest = round_trip(json!({"kind": "bird"}));
    assert!(matches!(bird, CreatePetRequest::Unknown(_)), "{bird:?}");
}

#[test]
fn an_empty_enum_beside_all_of_leaves_the_referenced_type() {
    use empty_enum_beside_all_of::{Order, Status};
    // Was the unit type `()`, a field no value could set.
    let order: Order = round_trip(json!({"status": "open"}));
    assert_eq!(order.status, Some(Status::Open));
}

#[test]
fn a_deeply_nested_map_field_has_a_named_type() {
    use deep_maps::{Telemetry, TelemetryPerCollection};
    let value: Telemetry = round_trip(json!({"responses": {"a": {"b": 1}}, "per_collection": {"c": {"d": {"e": 2}}}}));
    let deep: &TelemetryPerCollection = value.per_collection.as_ref().expect("present");
    assert_eq!(deep["c"]["d"]["e"], 2);
}

#[test]
#[allow(deprecated, reason = "the fixture's point is a deprecated member field")]
fn a_union_constructor_may_take_a_deprecated_type() {
    use deprecated_member_field::{LegacyToolCall, Message};
    let built = Message::tool_call(LegacyToolCall::new("search"));
    let read: Message = round_trip(json!({"message_type": "tool_call", "tool_call": {"name": "search"}}));
    assert_eq!(built, read);
}

#[test]
fn webhooks_without_a_tag_are_decoded_by_their_name() {
    use webhook_events_untagged::{Notice, WebhookEvent};
    assert_eq!(WebhookEvent::WEBHOOKS, ["ping", "alert", "notice.created", "notice.updated"]);
    // The name picks the body type, even where another body's fields would fit first.
    let alert = WebhookEvent::decode("alert", br#"{"message": "disk full"}"#).unwrap();
    assert!(matches!(&alert, WebhookEvent::Alert(a) if a.message == "disk full"), "{alert:?}");
    let ping = WebhookEvent::decode("ping", br#"{"at": 7}"#).unwrap();
    assert!(matches!(&ping, WebhookEvent::Ping(p) if p.at == 7), "{ping:?}");
    // Two webhooks that send one body share its variant.
    let notice = Notice::new("n1", "hello");
    for name in ["notice.created", "notice.updated"] {
        let event = WebhookEvent::decode(name, br#"{"id": "n1", "text": "hello"}"#).unwrap();
        assert_eq!(event, WebhookEvent::Notice(notice.clone()), "{name}");
    }
    // The wrong body for a known name is an error, not another variant.
    assert!(WebhookEvent::decode("ping", br#"{"message": "disk full"}"#).is_err());
    // A webhook this version does not know is kept, decoded by shape.
    let unknown = WebhookEvent::decode("audit", br#"{"actor": "me"}"#).unwrap();
    assert_eq!(unknown, WebhookEvent::Unknown(json!({"actor": "me"})));
}

#[test]
fn identical_inline_types_are_one_type_under_every_name() {
    use identical_types::{AuditOwner, Job, JobOwner, JobStatus, Task, TaskObject, TaskOwner, TaskStatus};
    use std::any::TypeId;
    // Each repeat is an alias of the first: a value of one is a value of the other.
    let status: TaskStatus = JobStatus::Running;
    let owner: TaskOwner = JobOwner::new("u1");
    let mut task = Task::new(status.clone());
    task.owner = Some(owner.clone());
    let job: Job = round_trip(json!({"object": "job", "status": "running", "owner": {"id": "u1"}}));
    assert_eq!(job.status, status);
    assert_eq!(job.owner, Some(owner));
    assert_eq!(task.object, TaskObject::Job);
    assert_eq!(TypeId::of::<TaskOwner>(), TypeId::of::<JobOwner>());
    // A field doc of its own makes a type of its own.
    assert_ne!(TypeId::of::<AuditOwner>(), TypeId::of::<JobOwner>());
    let _: AuditOwner = round_trip(json!({"id": "u2"}));
}

/// Past the budget of copied fields, each child holds the base once, as a flattened field:
/// on the wire the base's properties are the child's own, in both directions.
#[test]
fn children_of_a_widely_extended_base_hold_it_as_one_flattened_field() {
    use shared_base::{Base, BaseOwner, Narrow, C7};
    let child: C7 = round_trip(json!({
        "id": "a", "own7": 7, "size": 3, "note": null, "owner": {"name": "o"}, "tags": ["x"], "p40": "forty"
    }));
    assert_eq!(child.own7, 7);
    assert_eq!(child.base.id, "a");
    assert_eq!(child.base.owner, Some(BaseOwner { name: Some("o".into()) }));
    assert_eq!(child.base.p40.as_deref(), Some("forty"));
    let built = C7::new(Base { id: "b".into(), ..Default::default() }, 1);
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({"own7": 1, "id": "b"}));
    // What the base requires, the child requires; the message names it.
    let missing = serde_json::from_value::<C7>(json!({"own7": 1})).unwrap_err();
    assert!(missing.to_string().contains("missing field `id`"), "{missing}");
    // A child that narrows the base keeps its own copy of the fields.
    let narrow: Narrow = round_trip(json!({"id": "n", "size": 2}));
    assert_eq!((narrow.id.as_str(), narrow.size), ("n", 2));
}
