//! Typed string formats (`CrateOptions::typed_formats`): `date-time`, `date`, `uuid` and `uri`
//! read into chrono, uuid and url types, written back as the document's strings; a value that
//! does not parse is an error naming its field; without the option they stay `String`s.

include!(concat!(env!("OUT_DIR"), "/typed_formats.rs"));

use chrono::{NaiveDate, TimeZone, Utc};
use oagen::ir::{StringFormat, TypeKind, TypeRef};
use std::collections::BTreeSet;

const FIXTURE: &str = "fixtures/typed_formats/formats.yaml";

fn event_json() -> serde_json::Value {
    serde_json::json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "at": "2024-05-01T12:00:00+02:00",
        "day": "2024-05-01",
        "link": "https://example.com/events/1?x=y",
        "ended_at": null,
        "history": ["2024-04-30T23:59:59Z", "2024-05-01T00:00:00.250Z"],
        "contact": "ops@example.com"
    })
}

#[test]
fn formats_read_into_their_types() {
    let event: Event = serde_json::from_value(event_json()).unwrap();
    assert_eq!(event.id, uuid::Uuid::parse_str("67e55044-10b1-426f-9247-bb680e5fe0c8").unwrap());
    // The offset is applied: the instant is kept, in UTC.
    assert_eq!(event.at, Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0).unwrap());
    assert_eq!(event.day, NaiveDate::from_ymd_opt(2024, 5, 1).unwrap());
    assert_eq!(event.link, url::Url::parse("https://example.com/events/1?x=y").unwrap());
    assert_eq!(event.ended_at, None);
    let history = event.history.as_deref().unwrap();
    assert_eq!(history[1].timestamp_subsec_millis(), 250);
    // `email` is not a typed format.
    let contact: &String = event.contact.as_ref().unwrap();
    assert_eq!(contact, "ops@example.com");
}

#[test]
fn formats_are_written_as_the_documents_strings() {
    let event: Event = serde_json::from_value(event_json()).unwrap();
    let written = serde_json::to_value(&event).unwrap();
    assert_eq!(written["id"], "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(written["at"], "2024-05-01T10:00:00Z");
    assert_eq!(written["day"], "2024-05-01");
    assert_eq!(written["link"], "https://example.com/events/1?x=y");
    assert_eq!(written["history"][1], "2024-05-01T00:00:00.250Z");
    let again: Event = serde_json::from_value(written).unwrap();
    assert_eq!(again, serde_json::from_value::<Event>(event_json()).unwrap());
}

#[test]
fn a_value_that_does_not_parse_names_its_field() {
    for (field, bad) in [("id", "not-a-uuid"), ("at", "yesterday"), ("day", "2024-02-30"), ("link", "/relative")] {
        let mut json = event_json();
        json[field] = serde_json::Value::from(bad);
        let text = json.to_string();
        let error = runtime::serde::decode::<Event>(text.as_bytes()).unwrap_err();
        // The path itself, not the message (serde's "at line 1 column …" holds `at` too).
        assert_eq!(error.path(), field, "{field}: {error}");
    }
}

#[test]
fn a_union_tries_the_format_before_other_members() {
    let moment: When = serde_json::from_str("\"2024-05-01T00:00:00Z\"").unwrap();
    assert!(matches!(moment, When::DateTime(t) if t == Utc.with_ymd_and_hms(2024, 5, 1, 0, 0, 0).unwrap()));
    let seconds: When = serde_json::from_str("60").unwrap();
    assert!(matches!(seconds, When::Integer(60)));
}

fn field_type(api: &oagen::ir::Api, name: &str) -> TypeRef {
    let event = api.types.iter().find(|t| t.name == "Event").unwrap();
    let TypeKind::Struct(s) = &event.kind else { panic!("Event is a struct") };
    s.fields.iter().find(|f| f.wire == name).unwrap().ty.clone()
}

#[test]
fn formats_stay_strings_unless_asked() {
    let spec = oagen::Spec::load(FIXTURE.as_ref()).unwrap();
    let plain = spec.lower().unwrap();
    for field in ["id", "at", "day", "link"] {
        assert_eq!(field_type(&plain, field), TypeRef::String, "{field}");
    }
    let only_uuid = spec.lower_with_formats(&BTreeSet::from([StringFormat::Uuid])).unwrap();
    assert_eq!(field_type(&only_uuid, "id"), TypeRef::Format(StringFormat::Uuid));
    assert_eq!(field_type(&only_uuid, "at"), TypeRef::String);
}

#[test]
fn the_manifest_depends_on_the_crates_of_the_formats_used() {
    let generate = |formats: &[&str]| {
        let options = oagen::CrateOptions {
            name: "formats".into(),
            typed_formats: oagen::parse_typed_formats(&formats.iter().map(|f| f.to_string()).collect::<Vec<_>>())
                .unwrap(),
            ..Default::default()
        };
        let (files, _) = oagen::generate(FIXTURE.as_ref(), &options).unwrap();
        files[std::path::Path::new("Cargo.toml")].clone()
    };
    let all = generate(&["all"]);
    assert_eq!(all.matches("chrono = {").count(), 1, "{all}");
    assert!(all.contains("uuid = {") && all.contains("url = {"), "{all}");
    let plain = generate(&[]);
    assert!(!plain.contains("chrono") && !plain.contains("uuid") && !plain.contains("url = "), "{plain}");
    let error = oagen::parse_typed_formats(&["email".to_owned()]).unwrap_err().to_string();
    assert!(error.contains("`email`") && error.contains("date-time"), "{error}");
}
