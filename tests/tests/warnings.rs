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
    assert_eq!(names.len(), 23, "{names:?}");
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

/// The repairs of `fixtures/warnings` (and of a type fixture) that `--strict` refuses, with
/// the refusal's message.
const STRICT_REFUSALS: [(&str, &str); 17] = [
    ("operation_id_shared.yaml", "duplicate operationId `list`"),
    ("path_param_not_in_template.yaml", "path parameter `id` is not in the path `/items`"),
    ("discriminator_mapping_outside.yaml", "discriminator value `bird` maps to `#/components/schemas/Bird`"),
    ("unknown_method_key.yaml", "`query` is not an HTTP method"),
    ("header_param_name_invalid.yaml", "cannot be sent"),
    ("server_url_not_absolute.yaml", "server URL `file:///etc/api` is a `file:` URL"),
    ("ref_to_non_schema.yaml", "not a schema; it is read as a schema that allows any value"),
    ("swagger2_body.yaml", "parameter location `formData` is not one of path, query, header, cookie"),
    ("swagger2_form_data.yaml", "parameter location `formData` is not one of path, query, header, cookie"),
    ("header_parameter_twice.yaml", "header parameter `X-Amz-Content-Sha256` is declared twice"),
    ("pattern_not_string.yaml", "`pattern` must be a string, found a number"),
    ("type_media_type.yaml", "unknown type `application/json`"),
    ("type_object.yaml", "`type` must be a string or an array of strings, found an object"),
    ("all_of_object.yaml", "`allOf` must be an array, found an object"),
    ("discriminator_mapping_file.yaml", "maps to `models/volume_action_attach.yml`, which is not in the document"),
    ("api_key_name_label.yaml", "\"RapidAPI.com API Key\" cannot be sent as the name of an API key"),
    ("../types/empty_enum_beside_all_of.yaml", "`enum` lists no value"),
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

/// An `in: path` parameter the template does not name is left out, not taken as an argument
/// that goes nowhere.
#[test]
fn a_path_parameter_missing_from_the_template_is_left_out() {
    let api = lower("path_param_not_in_template.yaml");
    assert!(api.operations[0].params.is_empty(), "{:?}", api.operations[0].params);
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
}

/// Header names that could never be sent (a line break, a space, non-ASCII) are left out,
/// each with a warning; a valid one stays.
#[test]
fn header_parameters_that_cannot_be_sent_are_left_out() {
    let api = lower("header_param_name_invalid.yaml");
    let wires: Vec<&str> = api.operations[0].params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(wires, ["X-Fine"]);
    assert_eq!(api.warnings.len(), 3, "{:?}", api.warnings);
    let shown = api.warnings[0].to_string();
    assert!(!shown.contains('\r') && !shown.contains('\n'), "the name is shown escaped: {shown}");
}

/// `file://` is left out; a relative URL keeps its path on `http://localhost` (it is relative
/// to where the document is served, which a file does not say), said in the warning.
#[test]
fn server_urls_that_are_not_absolute_http_are_reported() {
    let api = lower("server_url_not_absolute.yaml");
    let urls: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["http://localhost/api/v1"]);
    assert!(api.warnings.iter().any(|w| w.message.contains("`http://localhost/api/v1`")), "{:?}", api.warnings);
    let options = oagen::CrateOptions { name: "mistaken".into(), ..Default::default() };
    let client = oagen::emit(&api, &options).unwrap()[std::path::Path::new("src/client.rs")].clone();
    assert!(client.contains("\"http://localhost/api/v1\""), "the path is kept in the default base URL");
}

/// `$ref: "#"` and `$ref: "#/info"` are not schemas: read as any value, with a warning each.
#[test]
fn a_reference_to_a_part_that_is_not_a_schema_is_any_value() {
    let api = lower("ref_to_non_schema.yaml");
    let whole = api.types.iter().find(|t| t.name == "Whole").unwrap();
    let oagen::ir::TypeKind::Struct(s) = &whole.kind else { panic!("{:?}", whole.kind) };
    let any = |ty: &oagen::ir::TypeRef| match ty {
        oagen::ir::TypeRef::Named(id) => {
            matches!(api.types[id.0].kind, oagen::ir::TypeKind::Alias(oagen::ir::TypeRef::Any))
        }
        other => *other == oagen::ir::TypeRef::Any,
    };
    assert!(s.fields.iter().all(|f| any(&f.ty)), "{:?}", s.fields);
    assert_eq!(api.warnings.len(), 2, "{:?}", api.warnings);
}

/// `client.clone()` must stay `Clone::clone`: an operation named `clone` or `eq` is renamed.
#[test]
fn an_operation_named_like_a_std_trait_method_is_renamed() {
    let api = lower("operation_id_trait_method.yaml");
    let names: Vec<&str> = api.operations.iter().map(|op| op.method_name.as_str()).collect();
    assert_eq!(names, ["clone_2", "eq_2"]);
    assert_eq!(api.warnings.len(), 2, "{:?}", api.warnings);
}

/// An unknown key under a path item is named; `x-` extensions are not.
#[test]
fn an_unknown_method_key_is_reported_and_extensions_are_not() {
    let api = lower("unknown_method_key.yaml");
    assert_eq!(api.operations.len(), 1);
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    assert!(api.warnings[0].message.contains("`query`"));
}

/// Document text with terminal escape sequences is shown written out in warnings.
#[test]
fn warnings_never_print_escape_sequences() {
    let doc = r#"{
        "openapi": "3.1.0", "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "clone", "responses": {"204": {"description": "x"}}},
                         "\u001b]0;pwned\u0007\u001b[2J\u009b31m": {}}}
    }"#;
    let source = oagen::Source::parse(Path::new("escapes.json"), doc.to_owned()).unwrap();
    let api = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap();
    assert_eq!(api.warnings.len(), 2, "{:?}", api.warnings);
    for warning in &api.warnings {
        let shown = warning.to_string();
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    }
    assert!(api.warnings.iter().any(|w| w.to_string().contains("\\u{1b}]0;pwned")), "{:?}", api.warnings);
}

#[test]
fn a_header_declared_twice_is_sent_once() {
    let api = lower("header_parameter_twice.yaml");
    let names: Vec<&str> = api.operations[0].params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(names, ["x-amz-content-sha256"], "the first declaration is kept");
}

#[test]
fn an_api_key_named_by_a_label_is_sent_under_its_scheme_key_or_left_out() {
    use oagen::ir::SecurityKind;
    let api = lower("api_key_name_label.yaml");
    let schemes: Vec<(&str, &SecurityKind)> = api.security_schemes.iter().map(|s| (s.key.as_str(), &s.kind)).collect();
    assert_eq!(schemes, [("X-RapidAPI-Key", &SecurityKind::ApiKeyHeader("X-RapidAPI-Key".into()))]);
    assert_eq!(api.operations[0].security, [vec!["X-RapidAPI-Key".to_owned()]]);
    // One warning per scheme; the requirement naming the left-out one is not warned about again.
    assert_eq!(api.warnings.len(), 2, "{:?}", api.warnings);
}

#[test]
fn composition_keywords_written_as_objects_are_read_as_lists() {
    use oagen::ir::{TypeKind, TypeRef};
    let api = lower("all_of_object.yaml");
    let ty = |name: &str| api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name}"));
    let TypeKind::Struct(monster) = &ty("Monster").kind else { panic!("Monster is a struct") };
    let fields: Vec<&str> = monster.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(fields, ["name", "armor_class"], "the parts in the order of their keys");
    let named = ty("Named").id;
    assert!(matches!(&ty("Pick").kind, TypeKind::Alias(TypeRef::Named(id)) if *id == named));
}

#[test]
fn a_type_that_is_no_type_is_ignored_and_the_other_keywords_decide() {
    use oagen::ir::{TypeKind, TypeRef};
    let api = lower("type_object.yaml");
    let item = api.types.iter().find(|t| t.name == "Item").unwrap();
    let TypeKind::Struct(s) = &item.kind else { panic!("Item is a struct") };
    assert_eq!(s.fields[0].ty, TypeRef::Any);
    let api = lower("type_media_type.yaml");
    let template = api.types.iter().find(|t| t.name == "Template").unwrap().id;
    assert_eq!(api.operations[0].params[0].ty, TypeRef::Named(template), "the `$ref` decides");
}

#[test]
fn a_discriminator_mapped_to_files_tells_members_apart_by_what_they_pin() {
    use oagen::ir::TypeKind;
    let api = lower("discriminator_mapping_file.yaml");
    assert_eq!(api.warnings.len(), 1, "one warning per discriminator: {:?}", api.warnings);
    let action = api.types.iter().find(|t| t.name == "VolumeAction").unwrap();
    let TypeKind::Union(u) = &action.kind else { panic!("VolumeAction is a union") };
    let tags: Vec<&[String]> = u.variants.iter().map(|v| v.tags.as_slice()).collect();
    assert_eq!(tags, [&["attach".to_owned()][..], &["detach".to_owned()][..]]);
}

/// `x-` keys are extensions wherever OpenAPI 3 allows them (the Paths and Responses objects
/// among the maps), and change nothing.
#[test]
fn extension_keys_are_ignored_wherever_openapi_allows_them() {
    let doc = r##"{
        "openapi": "3.0.3", "x-generated": true,
        "info": {"title": "T", "version": "1", "x-logo": {"url": "https://example.com/l.png"}},
        "servers": [{"url": "https://api.example.com", "x-region": "eu"}],
        "tags": [{"name": "items", "x-display": "Items"}],
        "paths": {
            "x-codegen-contextRoot": "/api",
            "/items/{id}": {
                "x-path-note": 1,
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "x-p": 1}],
                "get": {
                    "operationId": "getItem", "tags": ["items"], "x-internal": false,
                    "responses": {
                        "x-error-format": "problem",
                        "200": {"description": "ok", "x-r": 1, "content": {"application/json": {
                            "x-media": 1,
                            "schema": {"$ref": "#/components/schemas/Item"}
                        }}}
                    }
                }
            }
        },
        "components": {
            "x-components-note": 1,
            "schemas": {"Item": {"type": "object", "x-kind": "entity", "properties": {"x-rate": {"type": "integer"}}}},
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key", "x-s": 1}}
        }
    }"##;
    let source = oagen::Source::parse(Path::new("extensions.json"), doc.to_owned()).unwrap();
    let strict = oagen::openapi::ReadOptions { strict: true };
    let api = oagen::Spec::from_source_with(source, strict).and_then(|s| s.lower()).unwrap();
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    assert_eq!(api.operations.len(), 1);
    // A property may be called `x-…`: a name, not an extension.
    let item = api.types.iter().find(|t| t.name == "Item").unwrap();
    let oagen::ir::TypeKind::Struct(s) = &item.kind else { panic!("Item is a struct") };
    assert_eq!(s.fields[0].wire, "x-rate");
}

/// A multipart body that is a union (PeerTube's import: `allOf` of a `oneOf` and an object) may
/// give its parts content types: valid, and nothing to warn about.
#[test]
fn an_encoding_of_a_union_body_that_sets_content_types_is_accepted() {
    let doc = r#"{
        "openapi": "3.0.0", "info": {"title": "T", "version": "1"},
        "paths": {"/imports": {"post": {
            "operationId": "importVideo",
            "requestBody": {"content": {"multipart/form-data": {
                "schema": {"allOf": [
                    {"oneOf": [
                        {"type": "object", "required": ["targetUrl"], "properties": {"targetUrl": {"type": "string"}}},
                        {"type": "object", "required": ["torrentfile"], "properties": {"torrentfile": {"type": "string", "format": "binary"}}}
                    ]},
                    {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
                ]},
                "encoding": {"torrentfile": {"contentType": "application/x-bittorrent"}}
            }}},
            "responses": {"204": {"description": "ok"}}
        }}}
    }"#;
    let source = oagen::Source::parse(Path::new("import.json"), doc.to_owned()).unwrap();
    let api = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap();
    assert!(api.warnings.is_empty(), "{:?}", api.warnings);
}
