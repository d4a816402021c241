//! Where a type's name is taken, the name the document offers (a media type, a status, a
//! title, a pinned value, the property only one union member requires) is used before a
//! number (`fixtures/types/derived_names.yaml`).

use e2e::derived_names::{
    CreateWorkspaceRequestBody, ImportVideoRequest, ImportVideoRequestMagnetUri, ImportVideoRequestTargetUrl,
};

fn type_names() -> Vec<String> {
    let spec = std::path::Path::new("fixtures/types/derived_names.yaml");
    let api = oagen::Spec::load(spec).and_then(|s| s.lower()).unwrap_or_else(|e| panic!("{e}"));
    api.types.iter().map(|t| t.name.clone()).collect()
}

#[test]
fn taken_names_are_derived_from_the_document_not_numbered() {
    let names = type_names();
    for wanted in [
        "CreateWorkspaceRequestBody",
        "CreateWorkspaceRequestForm",
        "CreateWorkspaceResponse",
        "CreateWorkspaceResponse202",
        "ThreadMessage",
        "MessageKindAssistant",
        "ImportVideoRequestTargetUrl",
        "ImportVideoRequestMagnetUri",
    ] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
    }
    let numbered: Vec<&String> =
        names.iter().filter(|n| n.ends_with(|c: char| c.is_ascii_digit()) && !n.ends_with("202")).collect();
    assert!(numbered.is_empty(), "{numbered:?}");
}

#[test]
fn union_members_named_by_their_own_property_read_as_such() {
    let by_url: ImportVideoRequest = serde_json::from_value(serde_json::json!({"targetUrl": "https://v"})).unwrap();
    assert_eq!(by_url, ImportVideoRequest::TargetUrl(ImportVideoRequestTargetUrl::new("https://v")));
    let by_magnet: ImportVideoRequest = serde_json::from_value(serde_json::json!({"magnetUri": "magnet:?x"})).unwrap();
    assert_eq!(by_magnet, ImportVideoRequest::MagnetUri(ImportVideoRequestMagnetUri::new("magnet:?x")));
}

#[test]
fn a_setter_named_like_an_operator_method_is_with_it() {
    // `add(self, value) -> Self` would read as `std::ops::Add::add` to clippy.
    let body = CreateWorkspaceRequestBody::default().alias("main").with_add(vec!["x".to_owned()]);
    assert_eq!(body.add, Some(vec!["x".to_owned()]));
}
