//! Generates the client of `inventory.yaml` into `OUT_DIR/inventory.rs`, which `src/lib.rs`
//! includes: oagen called from a build script, as a vendor's crate would.

use std::path::{Path, PathBuf};

fn main() {
    let spec_file = Path::new("inventory.yaml");
    println!("cargo:rerun-if-changed={}", spec_file.display());
    let spec = oagen::Spec::load(spec_file).unwrap_or_else(|e| panic!("{e}"));
    let api = spec.lower().unwrap_or_else(|e| panic!("{e}"));
    let options = oagen::CrateOptions { command: "build.rs".to_owned(), ..oagen::CrateOptions::default() };
    let code = oagen::emit_module(&api, &options).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("inventory.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
