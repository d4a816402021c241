//! Documents written by an attacker (`fixtures/hostile/`): their text reaches Rust docs, the
//! README (the crate's docs) and Cargo.toml, and must never become code or configuration.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile").join(name)
}

/// Crate options for a standalone crate at `out`, named `name`.
fn options(out: &Path, name: &str) -> oagen::CrateOptions {
    oagen::CrateOptions {
        command: "cargo test -p e2e --test hostile_documents".to_owned(),
        ..xtask::conformance_workspace().crate_options(name, out).unwrap()
    }
}

/// The files a doctest payload would create, wherever the doctest runs.
fn pwned_files(dirs: &[&Path]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.file_name().to_string_lossy().starts_with("pwned-") {
                found.push(entry.path());
            }
        }
    }
    found
}

#[test]
fn no_document_text_runs_as_a_doctest() {
    let out = std::env::temp_dir().join(format!("oagen-hostile-doctests-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let spec = fixture("doctest_payloads.json");
    let (files, _) = oagen::generate(&spec, &options(&out, "hostile-payloads")).unwrap_or_else(|e| panic!("{e}"));
    let every_doc: String = files.values().cloned().collect();
    assert!(
        every_doc.contains("pwned-enum.txt") && every_doc.contains("pwned-union-tag.txt"),
        "the payloads are there"
    );
    oagen::output::write(&out, &files, false).unwrap();
    xtask::copy_lock(&out).unwrap();

    // Built where the shared-spec crates are built, so later runs reuse the dependencies.
    let target = xtask::repo_root().join("target/spec-crates/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--doc", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&out)
        .output()
        .expect("cargo runs");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let pwned = pwned_files(&[&out, Path::new(".")]);
    assert!(pwned.is_empty(), "document text ran as code: {pwned:?}\n{log}");
    assert!(output.status.success(), "the doctests of the hostile crate fail:\n{log}");
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn every_doc_line_of_a_value_is_one_code_span() {
    let out = Path::new("unused");
    let (files, _) = oagen::generate(&fixture("doctest_payloads.json"), &options(out, "hostile-payloads")).unwrap();
    let rust: String =
        files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "rs")).map(|(_, t)| t.as_str()).collect();
    // The enum, open-string and union tag values, each escaped onto one line.
    for name in ["enum", "open-string", "union-tag"] {
        let span =
            format!("`z\\n~~~\\nfn main() {{ std::fs::write(\"pwned-{name}.txt\", \"x\").unwrap(); }}\\n~~~\\n`");
        assert!(rust.lines().any(|l| l.trim_start().starts_with("///") && l.contains(&span)), "{name}: {span}");
    }
    assert!(!rust.contains('\u{202e}'), "no right-to-left override reaches the code");
    assert!(rust.contains("\\u{202E}"), "it is written out instead");
}

#[test]
fn title_version_and_crate_settings_never_inject_into_cargo_toml() {
    const HOSTILE: &str = "x\"\nbuild = \"build.rs\"\n[build-dependencies]\nevil = \"1\"\n\\";
    let out = Path::new("unused");
    let options = oagen::CrateOptions {
        version: "1.0.0".to_owned(),
        description: Some(HOSTILE.to_owned()),
        license: Some(HOSTILE.to_owned()),
        ..options(out, "hostile-payloads")
    };
    let (files, _) = oagen::generate(&fixture("doctest_payloads.json"), &options).unwrap();
    let manifest: toml::Table = toml::from_str(&files[Path::new("Cargo.toml")]).expect("Cargo.toml parses");
    let package = manifest["package"].as_table().unwrap();
    assert!(!package.contains_key("build"), "{package:?}");
    assert!(!manifest.contains_key("build-dependencies"), "{manifest:?}");
    assert_eq!(package["description"].as_str(), Some(HOSTILE));
    assert_eq!(package["license"].as_str(), Some(HOSTILE));

    // The document's own title and version (a quote, a line break, a backslash) reach the
    // default description intact.
    let (files, _) = oagen::generate(&fixture("doctest_payloads.json"), &options_with_defaults(out)).unwrap();
    let manifest: toml::Table = toml::from_str(&files[Path::new("Cargo.toml")]).expect("Cargo.toml parses");
    let description = manifest["package"]["description"].as_str().unwrap();
    assert!(description.contains("Hostile \"API\"\\") && description.contains("build = \"build.rs\""), "{description}");
    assert!(!manifest.contains_key("build-dependencies"));
}

fn options_with_defaults(out: &Path) -> oagen::CrateOptions {
    oagen::CrateOptions { description: None, license: None, ..options(out, "hostile-payloads") }
}

#[test]
fn a_crate_name_cargo_would_refuse_is_an_error_naming_it() {
    for name in ["../../evil", "a b", "x\"\nbuild = \"build.rs\"", "x\ny"] {
        let err = oagen::generate(&fixture("doctest_payloads.json"), &options(Path::new("unused"), name))
            .expect_err("refused");
        assert!(err.to_string().contains(&format!("{name:?} is not a valid crate name")), "{err}");
    }
}

/// Code that writes `pwned-<name>.txt` if it ever runs.
fn payload(name: &str) -> String {
    format!("fn main() {{ std::fs::write(\"pwned-{name}.txt\", \"x\").unwrap(); }}")
}

/// Descriptions that hide a payload in each Markdown container rustdoc knows (list items of
/// every marker, nested lists, a tab after the marker, block quotes with and without a space,
/// tildes, indented code in a quote or an item, footnotes), behind HTML blocks, or in a fence
/// left open; `{}` is where the payload goes.
const CONTAINERS: [&str; 20] = [
    "- item\n\n  ```\n  {}\n  ```\nafter",
    "- ```\n  {}\n  ```",
    "* ```rust\n  {}\n  ```",
    "+ a\n\n  ~~~\n  {}\n  ~~~",
    "1. ```\n   {}\n   ```",
    "- a\n  - b\n    ```\n    {}\n    ```",
    "-\t```\n\t{}\n\t```",
    "-     {}",
    "> ```\n> {}\n> ```",
    ">```\n>{}\n>```",
    "> ~~~ignore\n> {}\n> ~~~",
    "> quote\n>\n>     {}",
    "> - ```\n>   {}\n>   ```",
    "text[^1]\n\n[^1]: note\n\n    ```\n    {}\n    ```",
    "[^x]: ```\n    {}\n    ```",
    "<div>\n```\n</div>\n\n```\n{}\n```",
    "<details>\n\n```\n{}\n```\n\n</details>",
    "<!--\n```\n-->\n{}\n```",
    "```\n{}",
    "a\n\n```\n\n```rust\n{}\n```\n```",
];

/// A name that tries to end the code span it is written in and open a block of its own.
fn hostile_name(name: &str) -> String {
    format!("x`\n\n- ```\n  {}\n  ```\n\n`", payload(name))
}

/// A document with every container payload in every place document text reaches a doc
/// comment or the README, and hostile raw names (tag, security scheme key, server URL,
/// operationId).
fn container_document() -> serde_json::Value {
    use serde_json::json;
    let text = |place: &str| -> String {
        CONTAINERS
            .iter()
            .enumerate()
            .map(|(i, c)| c.replace("{}", &payload(&format!("{place}-{i}"))))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let tag = hostile_name("tag");
    let scheme = hostile_name("scheme-key");
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Containers", "version": "1.0.0", "description": text("info") },
        "servers": [{ "url": format!("https://api.example.com/{}", hostile_name("server")) }],
        "tags": [{ "name": tag, "description": text("tag") }],
        "security": [{ scheme.clone(): [] }],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": hostile_name("operation-id"),
                    "tags": [tag],
                    "summary": text("summary"),
                    "description": text("operation"),
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "description": text("path-param"),
                          "schema": { "type": "string" } },
                        { "name": "q", "in": "query", "description": text("query-param"),
                          "schema": { "type": "string" } }
                    ],
                    "responses": {
                        "200": {
                            "description": text("response"),
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } }
                        }
                    }
                }
            }
        },
        "components": {
            "securitySchemes": {
                scheme: { "type": "apiKey", "in": "header", "name": "api-key", "description": text("scheme") }
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": text("struct"),
                    "properties": {
                        "name": { "type": "string", "description": text("field") },
                        "kind": { "$ref": "#/components/schemas/Kind" },
                        "shape": { "$ref": "#/components/schemas/Shape" }
                    }
                },
                "Kind": { "type": "string", "enum": ["a", "b"], "description": text("enum") },
                "Shape": {
                    "description": text("union"),
                    "oneOf": [
                        { "type": "object", "title": "Circle", "description": text("variant"),
                          "properties": { "type": { "const": "circle" }, "r": { "type": "number" } },
                          "required": ["type"] },
                        { "type": "object", "title": "Square",
                          "properties": { "type": { "const": "square" }, "side": { "type": "number" } },
                          "required": ["type"] }
                    ],
                    "discriminator": { "propertyName": "type" }
                }
            }
        }
    })
}

#[test]
fn no_text_in_a_markdown_container_runs_as_a_doctest() {
    let out = std::env::temp_dir().join(format!("oagen-hostile-containers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let spec = out.with_extension("json");
    std::fs::write(&spec, serde_json::to_string_pretty(&container_document()).unwrap()).unwrap();
    let (files, _) = oagen::generate(&spec, &options(&out, "hostile-containers")).unwrap_or_else(|e| panic!("{e}"));
    let every_doc: String = files.values().cloned().collect();
    for place in [
        "tag-19",
        "summary-7",
        "operation-13",
        "query-param-4",
        "scheme-1",
        "struct-16",
        "field-3",
        "enum-9",
        "union-17",
    ] {
        assert!(every_doc.contains(&format!("pwned-{place}.txt")), "the payload {place} is in the crate");
    }
    oagen::output::write(&out, &files, false).unwrap();
    xtask::copy_lock(&out).unwrap();

    let target = xtask::repo_root().join("target/spec-crates/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--doc", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&out)
        .output()
        .expect("cargo runs");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let pwned = pwned_files(&[&out, Path::new(".")]);
    assert!(pwned.is_empty(), "document text ran as code: {pwned:?}\n{log}");
    assert!(output.status.success(), "the doctests of the hostile crate fail:\n{log}");
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_file(&spec);
}
