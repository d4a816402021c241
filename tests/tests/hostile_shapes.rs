//! Documents whose shape is built to hurt the generator, each built here in code: a 30,000-long
//! `$ref` chain, an `allOf` chain deeper than any follow limit, 300 children of one base with
//! 300 inline properties, and unions that name themselves. Their times are measured in
//! `generator/benches/ref_chains.rs`; here, what they generate.

use serde_json::{json, Map, Value};
use std::path::Path;

/// A document whose one operation returns `S0`, where `S{i}` is `link(i + 1)` for `i < length`
/// and the last schema is a small object.
fn chain(length: usize, link: impl Fn(usize) -> Value) -> Value {
    let mut schemas = Map::new();
    for i in 0..length {
        schemas.insert(format!("S{i}"), link(i + 1));
    }
    schemas.insert(format!("S{length}"), json!({"type": "object", "properties": {"id": {"type": "string"}}}));
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/end": {"get": {
            "operationId": "getEnd",
            "responses": {"200": {"description": "OK", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/S0"}
            }}}}
        }}},
        "components": {"schemas": schemas}
    })
}

fn lower(doc: &Value) -> oagen::ir::Api {
    let source = oagen::Source::parse(Path::new("shape.json"), doc.to_string()).unwrap();
    oagen::Spec::from_source(source).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"))
}

fn options() -> oagen::CrateOptions {
    oagen::CrateOptions { name: "shape".into(), ..Default::default() }
}

/// Every link of a 30,000-long chain of plain references is an alias of the next, the last
/// the struct (the time it takes is the benchmark's: linear, 0.8 s in release).
#[test]
fn a_thirty_thousand_long_ref_chain_generates() {
    let api = lower(&chain(30_000, |next| json!({"$ref": format!("#/components/schemas/S{next}")})));
    assert_eq!(api.types.len(), 30_001);
    let structs = api.types.iter().filter(|t| matches!(t.kind, oagen::ir::TypeKind::Struct(_))).count();
    assert_eq!(structs, 1);
    let last = api.types.iter().find(|t| t.name == "S29999").unwrap();
    let end = api.types.iter().find(|t| t.name == "S30000").unwrap();
    assert!(matches!(&last.kind, oagen::ir::TypeKind::Alias(oagen::ir::TypeRef::Named(id)) if *id == end.id));
}

/// An acyclic `allOf` chain deeper than 64 (the old follow limit) is read whole, not reported
/// as a cycle: the first struct has every field of the chain.
#[test]
fn a_deep_acyclic_all_of_chain_is_not_a_cycle() {
    let doc = chain(200, |next| {
        json!({"allOf": [
            {"$ref": format!("#/components/schemas/S{next}")},
            {"type": "object", "properties": {format!("f{next}"): {"type": "string"}}}
        ]})
    });
    let api = lower(&doc);
    let first = api.types.iter().find(|t| t.name == "S0").unwrap();
    let oagen::ir::TypeKind::Struct(s) = &first.kind else { panic!("{:?}", first.kind) };
    assert_eq!(s.fields.len(), 201, "`id` and f1..f200");
    // A chain of single-part `allOf`s, 10,000 long, is aliases like a `$ref` chain.
    let api = lower(&chain(10_000, |next| json!({"allOf": [{"$ref": format!("#/components/schemas/S{next}")}]})));
    assert_eq!(api.types.len(), 10_001);
    // A real cycle is still one.
    let cycle = json!({
        "openapi": "3.1.0", "info": {"title": "C", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"properties": {"a": {"type": "string"}}}]},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"properties": {"b": {"type": "string"}}}]}
        }}
    });
    let source = oagen::Source::parse(Path::new("cycle.json"), cycle.to_string()).unwrap();
    let err = oagen::Spec::from_source(source).and_then(|spec| spec.lower()).unwrap_err();
    assert!(err.to_string().contains("cycle"), "{err}");
}

/// 300 schemas, each `allOf` one base with 300 inline object properties, and one property
/// of its own. The base's property types are the base's: 300 of them, not one per child
/// (90,300 at b5fcea8, each child's a copy made an alias by the dedupe pass).
#[test]
fn children_of_one_base_share_its_inline_property_types() {
    let props: Map<String, Value> = (0..300)
        .map(|j| (format!("p{j}"), json!({"type": "object", "properties": {"a": {"type": "string"}}})))
        .collect();
    let mut schemas = Map::new();
    schemas.insert("Base".into(), json!({"type": "object", "properties": props}));
    let mut paths = Map::new();
    for i in 0..300 {
        schemas.insert(
            format!("C{i}"),
            json!({"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {format!("own{i}"): {"type": "string"}}}
            ]}),
        );
        paths.insert(
            format!("/c{i}"),
            json!({"get": {"operationId": format!("getC{i}"), "responses": {"200": {"description": "OK",
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/C{i}")}}}}}}}),
        );
    }
    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "Fan", "version": "1"},
        "paths": paths, "components": {"schemas": schemas}
    });
    let api = lower(&doc);
    assert_eq!(api.types.len(), 601, "300 children, the base, and the base's 300 property types");
    let base = api.types.iter().find(|t| t.name == "Base").unwrap();
    let oagen::ir::TypeKind::Struct(b) = &base.kind else { panic!("{:?}", base.kind) };
    let p0 = b.fields.iter().find(|f| f.wire == "p0").unwrap();
    let oagen::ir::TypeRef::Named(id) = &p0.ty else { panic!("{:?}", p0.ty) };
    assert_eq!(api.types[id.0].name, "BaseP0");
    // 300 × 300 copied fields is past the budget: each child holds the base once.
    let child = api.types.iter().find(|t| t.name == "C7").unwrap();
    let oagen::ir::TypeKind::Struct(s) = &child.kind else { panic!("{:?}", child.kind) };
    let fields: Vec<(&str, bool)> = s.fields.iter().map(|f| (f.name.as_str(), f.flatten)).collect();
    assert_eq!(fields, [("base", true), ("own7", false)]);
    assert_eq!(s.fields[0].ty, oagen::ir::TypeRef::Named(base.id));
    let files = oagen::emit(&api, &options()).unwrap();
    let written: usize = files.values().map(String::len).sum();
    let aliases: usize = files.values().map(|f| f.matches("pub type C").count()).sum();
    assert_eq!(aliases, 0, "no per-child copy of an inherited type, not even as an alias");
    // 36.1 MB when each child copied the base's 300 fields; the document is 121 KB.
    assert!(written < 5_000_000, "{written} bytes");
    let child_code = files.values().find_map(|text| text.split("pub struct C7 ").nth(1)).unwrap_or_default();
    let declaration = child_code.split("\n}").next().unwrap_or_default();
    assert!(declaration.contains("#[wire(flatten)]\n    pub base: super::Base,"), "{declaration}");
}

/// `S: {oneOf: [$ref S, string]}` (and a member that is the union through an alias) compiles:
/// the member is left out, with a warning; the types are compiled in this crate
/// (`fixtures/types/self_member_union.yaml`) and read here.
#[test]
fn a_union_member_that_is_the_union_itself_is_left_out() {
    use e2e::self_member_union::{S, T};
    let path = Path::new("fixtures/types/self_member_union.yaml");
    let api = oagen::Spec::load(path).and_then(|spec| spec.lower()).unwrap();
    assert_eq!(api.warnings.len(), 2, "{:?}", api.warnings);
    assert!(api.warnings.iter().all(|w| w.message.contains("is the union itself")));
    let s: S = serde_json::from_str("\"text\"").unwrap();
    assert_eq!(serde_json::to_string(&s).unwrap(), "\"text\"");
    let t: T = serde_json::from_str("7").unwrap();
    assert_eq!(serde_json::to_value(&t).unwrap(), json!(7));
    let t: T = serde_json::from_str(r#"{"a": "x"}"#).unwrap();
    assert_eq!(serde_json::to_value(&t).unwrap(), json!({"a": "x"}));
}

/// Tags named like Windows devices (`CON`, `aux`, `nul`, `com1`, `LPT9`) make module files
/// that Windows can check out: `con_api.rs`, never `con.rs`.
#[test]
fn tags_never_make_windows_device_file_names() {
    let tags = ["CON", "aux", "nul", "com1", "LPT9", "prn"];
    let paths: Map<String, Value> = tags
        .iter()
        .map(|tag| {
            let op = json!({"get": {"operationId": format!("get{tag}"), "tags": [tag],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"id": {"type": "string"}}}}}}}}});
            (format!("/{tag}"), op)
        })
        .collect();
    let doc = json!({"openapi": "3.1.0", "info": {"title": "Devices", "version": "1"}, "paths": paths});
    let files = oagen::emit(&lower(&doc), &options()).unwrap();
    for path in files.keys() {
        for part in path.iter() {
            let stem = part.to_string_lossy().split('.').next().unwrap_or_default().to_ascii_lowercase();
            let device = ["con", "prn", "aux", "nul"].contains(&stem.as_str())
                || (stem.len() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")));
            assert!(!device, "{} is a Windows device name", path.display());
        }
    }
    assert!(files.keys().any(|p| p.ends_with("src/types/con_api.rs")), "{:?}", files.keys().collect::<Vec<_>>());
}

/// An operationId with escape sequences (a CSI colour, an OSC retitling the window, an 8-bit
/// CSI) names the operation in the generated crate's runtime error texts written out: the
/// string the runtime prints holds `\u{1b}` as text, never the character.
#[test]
fn runtime_error_texts_hold_no_escape_sequence_from_the_document() {
    let id = "get\u{1b}[31mItem\u{1b}]0;pwned\u{7}\u{9b}2J";
    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "Escapes", "version": "1"},
        "paths": {"/items": {"get": {"operationId": id, "responses": {"204": {"description": "done"}}}}}
    });
    let api = lower(&doc);
    let code = oagen::emit_module(&api, &options()).unwrap();
    let call = &code[code.find("RequestSpec::new(").expect("the request")..];
    let literal = call.split('"').nth(1).expect("the operation's literal");
    // The literal's Rust text spells a backslash (`\\`) before each escape: the runtime's
    // string is the escape written out.
    assert_eq!(literal, "get\\\\u{1b}[31mItem\\\\u{1b}]0;pwned\\\\u{7}\\\\u{9b}2J");
}
