//! Regeneration with consequences, through the `oagen` binary: a crate generated from
//! `tests/fixtures/bump/v1.yaml`, then from v2 (a method added) and v3 (a field removed); each
//! run prints the semver bump the public Rust API change implies, and `--bump` raises the
//! version where it is kept and writes the CHANGELOG entry.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/bump").join(name)
}

/// A fresh folder outside the repository, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("oagen-regenerate-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run `oagen ARGS` in `dir`; its standard error (where the log goes), failing on failure.
fn oagen(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_oagen")).args(args).current_dir(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "oagen {args:?} failed:\n{stderr}");
    stderr
}

fn gen_spec(dir: &Path, spec: &str, extra: &[&str]) -> String {
    let spec = fixture(spec);
    let mut args = vec!["gen", "--spec", spec.to_str().unwrap(), "--out", "shelter"];
    args.extend(extra);
    oagen(dir, &args)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn version(manifest: &Path) -> String {
    let table: toml::Table = toml::from_str(&read(manifest)).unwrap();
    table["package"]["version"].as_str().unwrap().to_owned()
}

#[test]
fn a_spec_update_prints_its_bump_and_bump_writes_version_and_changelog() {
    let scratch = Scratch::new("spec");
    let (dir, crate_dir) = (&scratch.0, scratch.0.join("shelter"));
    let first = gen_spec(dir, "v1.yaml", &[]);
    assert!(!first.contains("public Rust API"), "nothing to compare the first time:\n{first}");
    assert!(crate_dir.join(".oagen/api.json").is_file());
    assert_eq!(version(&crate_dir.join("Cargo.toml")), "0.1.0");

    // Without --bump: the bump is printed, nothing about the version changes.
    let plain = gen_spec(dir, "v2.yaml", &[]);
    assert!(plain.contains("public Rust API: semver minor"), "{plain}");
    assert!(plain.contains("version 0.1.0 → 0.1.1 with --bump"), "{plain}");
    assert!(plain.contains("Client::get_pet: method added"), "{plain}");
    assert_eq!(version(&crate_dir.join("Cargo.toml")), "0.1.0");
    assert!(!crate_dir.join("CHANGELOG.md").exists());

    // The recorded API is v2's now: going back to v1 first, then bumping to v2 again.
    gen_spec(dir, "v1.yaml", &[]);
    let bumped = gen_spec(dir, "v2.yaml", &["--bump"]);
    assert!(bumped.contains("version 0.1.0 → 0.1.1; wrote the entry"), "{bumped}");
    assert_eq!(version(&crate_dir.join("Cargo.toml")), "0.1.1");
    let changelog = read(&crate_dir.join("CHANGELOG.md"));
    assert!(changelog.contains("## 0.1.1\n"), "{changelog}");
    assert!(changelog.contains("- minor `Client::get_pet`: method added"), "{changelog}");

    // A removed field is breaking: 0.1.1 → 0.2.0, the newest entry first.
    let major = gen_spec(dir, "v3.yaml", &["--bump"]);
    assert!(major.contains("public Rust API: semver major"), "{major}");
    assert!(major.contains("types::Pet: field `name` removed"), "{major}");
    assert_eq!(version(&crate_dir.join("Cargo.toml")), "0.2.0");
    let changelog = read(&crate_dir.join("CHANGELOG.md"));
    let (newest, older) = (changelog.find("## 0.2.0").unwrap(), changelog.find("## 0.1.1").unwrap());
    assert!(newest < older, "{changelog}");
    assert!(changelog.contains("- major `types::Pet`: field `name` removed"), "{changelog}");

    // The changelog and version are part of what is generated: a check finds nothing stale,
    // and the same document again changes nothing.
    gen_spec(dir, "v3.yaml", &["--check"]);
    let again = gen_spec(dir, "v3.yaml", &["--bump"]);
    assert!(again.contains("public Rust API unchanged"), "{again}");
    assert_eq!(version(&crate_dir.join("Cargo.toml")), "0.2.0");
}

#[test]
fn a_variant_keeps_its_version_in_the_variant_file() {
    let scratch = Scratch::new("variant");
    let dir = &scratch.0;
    let file = dir.join("shelter.toml");
    let write_variant = |spec: &str| {
        let text = format!(
            "# The shelter variant.\n[spec]\ndocuments = [{:?}]\n\n[crate]\nname = \"shelter\"\nversion = \"1.4.0\" # kept here\nout = \"crate\"\n",
            fixture(spec).display().to_string()
        );
        std::fs::write(&file, text).unwrap();
    };
    write_variant("v1.yaml");
    oagen(dir, &["gen", "--variant", "shelter.toml"]);
    write_variant("v3.yaml");
    let log = oagen(dir, &["gen", "--variant", "shelter.toml", "--bump"]);
    assert!(log.contains("version 1.4.0 → 2.0.0; wrote the entry"), "{log}");
    let variant = read(&file);
    assert!(variant.contains("version = \"2.0.0\" # kept here"), "{variant}");
    assert_eq!(version(&dir.join("crate/Cargo.toml")), "2.0.0");
    assert!(read(&dir.join("crate/CHANGELOG.md")).contains("## 2.0.0\n"));
    oagen(dir, &["gen", "--variant", "shelter.toml", "--check"]);
}
