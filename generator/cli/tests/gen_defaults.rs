//! What `oagen gen --spec FILE --out DIR` decides when not told: the package name (from the
//! document's title), and whether a document that is invalid but repairable is repaired with
//! warnings (the default) or refused (`--strict`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/warnings").join(name)
}

fn oagen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oagen")).args(args).current_dir(dir).output().unwrap()
}

/// A fresh folder outside the repository, removed afterwards.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_name_comes_from_the_title_and_strict_refuses_what_is_repaired() {
    let scratch = Scratch(std::env::temp_dir().join(format!("oagen-gen-defaults-{}", std::process::id())));
    let dir = &scratch.0;
    std::fs::create_dir_all(dir).unwrap();
    let spec = fixture("operation_id_shared.yaml");
    let spec = spec.to_str().unwrap();

    let strict = oagen(dir, &["gen", "--spec", spec, "--out", "strict", "--strict"]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(!strict.status.success(), "--strict accepted it:\n{stderr}");
    assert!(stderr.contains("duplicate operationId `list`"), "{stderr}");
    assert!(!dir.join("strict").exists(), "nothing is written");

    let repaired = oagen(dir, &["gen", "--spec", spec, "--out", "out"]);
    let stderr = String::from_utf8_lossy(&repaired.stderr);
    assert!(repaired.status.success(), "{stderr}");
    assert!(stderr.contains("warning: ") && stderr.contains("is named `list_projects_keys`"), "{stderr}");
    let manifest = std::fs::read_to_string(dir.join("out/Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"shared-ids-client\""), "named after `Shared ids`:\n{manifest}");
}
