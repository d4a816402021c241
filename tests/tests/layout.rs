//! How a crate is laid out when the document does not say: untagged operations are grouped by
//! the first path segment after the prefix every path shares (versions skipped), and a module
//! of types too large for one file is written in several, in a deterministic order.

use std::path::{Path, PathBuf};

/// An untagged document whose paths all start with `/v1`: `resources` paths of `/v1/<name>`,
/// each answering with its own object schema of `fields` properties.
fn document(resources: usize, fields: usize) -> String {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for r in 0..resources {
        let name = format!("Resource{r}");
        let properties: serde_json::Map<String, serde_json::Value> = (0..fields)
            .map(|f| (format!("field_{f}"), serde_json::json!({"type": "string", "description": "A field."})))
            .collect();
        schemas.insert(name.clone(), serde_json::json!({"type": "object", "properties": properties}));
        let response = serde_json::json!({"200": {"description": "OK", "content": {"application/json": {
            "schema": {"$ref": format!("#/components/schemas/{name}")}}}}});
        // Few resources: a group each; many: two groups, so that a group module holds many types.
        let group = match (resources > 4, r % 2) {
            (false, _) => format!("things{r}"),
            (true, 0) => "things".to_owned(),
            (true, _) => "items".to_owned(),
        };
        paths.insert(
            format!("/v1/{group}/r{r}"),
            serde_json::json!({"get": {"operationId": format!("get{r}"), "responses": response}}),
        );
    }
    serde_json::json!({
        "openapi": "3.1.0", "info": {"title": "Layout", "version": "1"},
        "paths": paths, "components": {"schemas": schemas}
    })
    .to_string()
}

fn crate_files(text: String) -> oagen::Files {
    let source = oagen::Source::parse(Path::new("layout.json"), text).unwrap();
    let api = oagen::Spec::from_source(source).and_then(|s| s.lower()).unwrap_or_else(|e| panic!("{e}"));
    let options = oagen::CrateOptions { name: "layout".into(), version: "0.1.0".into(), ..Default::default() };
    oagen::emit(&api, &options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn untagged_operations_under_a_shared_prefix_are_grouped_by_the_next_segment() {
    let files = crate_files(document(3, 1));
    let ops: Vec<&PathBuf> = files.keys().filter(|p| p.starts_with("src/operations")).collect();
    let names: Vec<String> = ops.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["mod.rs", "things0.rs", "things1.rs", "things2.rs"], "not one group `v1`");
}

#[test]
fn a_large_module_of_types_is_split_into_parts_deterministically() {
    let files = crate_files(document(1600, 30));
    let module = &files[Path::new("src/types/things.rs")];
    let parts: Vec<&PathBuf> = files.keys().filter(|p| p.starts_with("src/types/things/")).collect();
    assert!(parts.len() >= 2, "{:?}", files.keys().collect::<Vec<_>>());
    for (i, part) in parts.iter().enumerate() {
        let name = format!("things/part_{}.rs", i + 1);
        assert_eq!(**part, Path::new("src/types").join(&name));
        assert!(module.contains(&format!("include!(\"{name}\");")), "{module}");
        let lines = files[*part].lines().count();
        assert!(lines <= 31_000, "{name}: {lines} lines");
    }
    // Every type is in exactly one part, in the document's order.
    let all: String = parts.iter().map(|p| files[*p].as_str()).collect();
    let positions: Vec<usize> =
        (0..800).step_by(2).map(|r| all.find(&format!("pub struct Resource{r} ")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(files, crate_files(document(1600, 30)), "a second run writes the same files");
}
