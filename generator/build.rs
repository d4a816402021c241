//! The runtime's source, carried by the generator: `oagen gen` writes it into crates that
//! bundle the runtime (`emit::bundle`), so an installed binary needs no checkout beside it.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("the generator is a folder of the workspace").to_path_buf();
    let runtime = root.join("runtime");
    if !runtime.join("src/lib.rs").is_file() {
        panic!(
            "oagen carries the runtime's source and builds from a checkout of the oagen repository, \
             with runtime/ beside generator/ (not found at {})",
            runtime.display()
        );
    }
    let mut files = Vec::new();
    collect(&runtime.join("src"), &runtime.join("src"), &mut files);
    files.sort();
    let mut out = String::from("/// The runtime's source files: path under its `src/`, text.\n");
    out.push_str("pub const RUNTIME_FILES: &[(&str, &str)] = &[\n");
    for (relative, path) in &files {
        out.push_str(&format!("    ({relative:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    for (name, path) in
        [("RUNTIME_MANIFEST", runtime.join("Cargo.toml")), ("WORKSPACE_MANIFEST", root.join("Cargo.toml"))]
    {
        out.push_str(&format!("pub const {name}: &str = include_str!({:?});\n", path.display().to_string()));
    }
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("runtime_source.rs");
    std::fs::write(&dest, out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    println!("cargo:rerun-if-changed={}", runtime.join("Cargo.toml").display());
    println!("cargo:rerun-if-changed={}", root.join("Cargo.toml").display());
}

/// Every `.rs` file under `dir`, as (path relative to `base` with `/`, absolute path).
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(base).expect("under base");
            let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.push((relative, path));
        }
    }
}
