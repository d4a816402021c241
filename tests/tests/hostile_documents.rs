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
