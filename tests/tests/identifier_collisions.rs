//! Names that collide once they are Rust (`fixtures/hostile/identifier_collisions.yaml`):
//! operationIds that are the client's own methods, property names equal in Unicode NFC, and
//! union tags `self` and `Self`; names with characters no identifier holds (`x²`). Each is
//! renamed deterministically, renames that change what the document asked for come with a
//! located warning, and the crate builds warning-free.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/identifier_collisions.yaml")
}

fn options(out: &Path) -> oagen::CrateOptions {
    oagen::CrateOptions {
        command: "cargo test -p e2e --test identifier_collisions".to_owned(),
        ..xtask::conformance_workspace().crate_options("collisions", out).unwrap()
    }
}

#[test]
fn colliding_names_are_renamed_with_located_warnings() {
    let (files, summary) = oagen::generate(&fixture(), &options(Path::new("unused"))).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    for method in oagen::ir::CLIENT_METHODS {
        let at = format!("(at /paths/~1{method}/get/operationId)");
        let warning = warnings.iter().find(|w| w.ends_with(&at)).unwrap_or_else(|| panic!("{at}: {warnings:#?}"));
        assert!(warning.starts_with(&fixture().display().to_string()), "{warning}");
        assert!(warning.contains(&format!("`{method}` is a method of the client itself")), "{warning}");
        assert!(warning.contains(&format!("`{method}_2`")), "{warning}");
    }
    let nfc = warnings
        .iter()
        .find(|w| w.ends_with("(at /components/schemas/Lower/properties/\u{F900})"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(nfc.contains("once Unicode-normalized (NFC)") && nfc.contains("`\u{8C48}_2`"), "{nfc}");
    // Located to line:column, after the file name.
    assert!(nfc.contains(".yaml:"), "{nfc}");
    assert_eq!(warnings.len(), oagen::ir::CLIENT_METHODS.len() + 1, "{warnings:#?}");

    let rust: String = files.values().cloned().collect();
    assert!(rust.contains("pub fn new_2(") && rust.contains("pub fn core_2("), "renamed methods");
    // The identifier is written in NFC; the wire name stays as the document spells it.
    assert!(rust.contains("pub \u{8C48}_2:") && rust.contains("rename = \"\u{F900}\""), "NFC field");
    // Characters that cannot stand in an identifier are dropped from it, not from the wire.
    // (A combining mark is written escaped in a string literal.)
    for (field, wire) in [("x", "x²"), ("abc", "\u{661}abc"), ("il_e", "\\u{6d9}il~e")] {
        assert!(rust.contains(&format!("pub {field}:")) && rust.contains(&format!("rename = \"{wire}\"")), "{field}");
    }
}

#[test]
fn the_crate_of_colliding_names_builds_without_warnings() {
    let out = std::env::temp_dir().join(format!("oagen-collisions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let (files, _) = oagen::generate(&fixture(), &options(&out)).unwrap_or_else(|e| panic!("{e}"));
    oagen::output::write(&out, &files, false).unwrap();
    xtask::copy_lock(&out).unwrap();
    // Built where the shared-spec crates are built, so later runs reuse the dependencies.
    let target = xtask::repo_root().join("target/spec-crates/target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--all-features", "--message-format", "short", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(&out)
        .output()
        .expect("cargo runs");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the crate does not build:\n{log}");
    assert!(!log.contains("warning"), "the crate builds with warnings:\n{log}");
    let _ = std::fs::remove_dir_all(&out);
}
