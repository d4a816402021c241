//! Mistaken documents whose intent is plain (`fixtures/warnings/`) are repaired, never
//! silently: each gives a warning naming the file, the JSON pointer and line:column.
//! Messages are snapshotted.

use std::path::Path;

#[test]
fn every_mistaken_document_gives_a_located_warning() {
    let dir = Path::new("fixtures/warnings");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "{names:?}");
    let mut report = String::new();
    for name in &names {
        let path = dir.join(name);
        let api = oagen::Spec::load(&path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!api.warnings.is_empty(), "{name}: no warning");
        report.push_str(&format!("{name}\n"));
        for warning in &api.warnings {
            let location = warning.location.as_ref().unwrap_or_else(|| panic!("{name}: no location in {warning}"));
            assert_eq!(location.file, path, "{name}: the warning names the file");
            assert!(location.line_col.is_some(), "{name}: {warning} has no line:column");
            report.push_str(&format!("    {warning}\n"));
        }
    }
    insta::assert_snapshot!("warnings", report);
}

#[test]
fn an_undeclared_path_parameter_becomes_an_argument() {
    let api = oagen::Spec::load(Path::new("fixtures/warnings/path_param_undeclared.yaml"))
        .and_then(|spec| spec.lower())
        .unwrap();
    let op = &api.operations[0];
    let id = op.params.iter().find(|p| p.wire == "id").expect("a parameter `id`");
    assert_eq!(id.location, oagen::ir::ParamLocation::Path);
    assert!(id.required);
}

#[test]
fn a_requirement_naming_an_undefined_scheme_is_dropped() {
    let api = oagen::Spec::load(Path::new("fixtures/warnings/security_undefined_scheme.yaml"))
        .and_then(|spec| spec.lower())
        .unwrap();
    assert!(api.operations.iter().all(|op| op.security.iter().flatten().all(|key| key == "Bearer")));
}

#[test]
fn server_variables_take_their_defaults() {
    let doc = r#"{
        "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "servers": [{"url": "https://{region}.example.com/{version}", "variables": {
            "region": {"default": "eu", "enum": ["eu", "us"]}, "version": {"default": "v2"}
        }}]
    }"#;
    let source = oagen::Source::parse(Path::new("servers.json"), doc.to_owned()).unwrap();
    let api = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap();
    assert_eq!(api.servers[0].url, "https://eu.example.com/v2");
    assert!(api.warnings.is_empty());
}

/// A reference to `#/$defs/X` that only the enclosing schema's `$defs` answers is read there,
/// and said so where it is written.
#[test]
fn local_defs_are_resolved_with_a_located_warning() {
    let path = Path::new("fixtures/types/local_defs.yaml");
    let api = oagen::Spec::load(path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
    let local: Vec<&oagen::Error> = api.warnings.iter().filter(|w| w.message.contains("$defs")).collect();
    // One per enclosing `$defs` (the request's and the response's), not one per reference.
    assert_eq!(local.len(), 2, "{local:?}");
    let location = local[0].location.as_ref().expect("located");
    assert!(location.line_col.is_some() && location.pointer.ends_with("/properties/pet/$ref"), "{location:?}");
}

fn lower(name: &str) -> oagen::ir::Api {
    let path = Path::new("fixtures/warnings").join(name);
    oagen::Spec::load(&path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"))
}

/// The repairs of `fixtures/warnings` that `--strict` refuses, with the refusal's message.
const STRICT_REFUSALS: [(&str, &str); 3] = [
    ("operation_id_shared.yaml", "duplicate operationId `list`"),
    ("swagger2_body.yaml", "parameter location `formData` is not one of path, query, header, cookie"),
    ("swagger2_form_data.yaml", "parameter location `formData` is not one of path, query, header, cookie"),
];

#[test]
fn a_strict_reading_refuses_what_is_repaired() {
    let strict = oagen::openapi::ReadOptions { strict: true };
    for (name, message) in STRICT_REFUSALS {
        let path = Path::new("fixtures/warnings").join(name);
        let error = oagen::Spec::load_with(&path, strict).and_then(|spec| spec.lower()).unwrap_err();
        assert!(error.to_string().contains(message), "{name}: {error}");
        assert!(error.location.is_some_and(|l| l.line_col.is_some()), "{name}: {message} is located");
    }
}

#[test]
fn shared_operation_ids_are_told_apart_by_their_paths() {
    let api = lower("operation_id_shared.yaml");
    let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
    assert_eq!(ids, ["list_projects", "list_projects_keys", "listModels"]);
    assert_eq!(api.warnings.len(), 2, "one warning per renamed operation");
}

#[test]
fn form_data_parameters_become_the_form_body() {
    use oagen::ir::ContentKind;
    let api = lower("swagger2_form_data.yaml");
    let body_kind = |id: &str| {
        let op = api.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("{id}"));
        assert!(op.params.is_empty(), "{id}: form fields are not parameters");
        let body = op.body.as_ref().unwrap_or_else(|| panic!("{id} has a body"));
        assert!(body.required, "{id}: a required field makes the body required");
        body.contents.iter().map(|c| c.kind).collect::<Vec<_>>()
    };
    assert_eq!(body_kind("createImage"), [ContentKind::Multipart], "a file makes it multipart");
    assert_eq!(body_kind("createNote"), [ContentKind::Form]);
}

#[test]
fn a_body_parameter_becomes_the_json_body_and_a_second_body_is_dropped() {
    use oagen::ir::ContentKind;
    let api = lower("swagger2_body.yaml");
    let create = api.operations.iter().find(|op| op.id == "createPet").unwrap();
    let kinds: Vec<ContentKind> = create.body.as_ref().unwrap().contents.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ContentKind::Json]);
    let replace = api.operations.iter().find(|op| op.id == "replacePet").unwrap();
    assert!(replace.params.is_empty());
    let dropped = api.warnings.iter().find(|w| w.message.contains("`extra`")).expect("a warning for `extra`");
    assert!(dropped.message.contains("/paths/~1pets/put"), "it names the operation: {}", dropped.message);
}
