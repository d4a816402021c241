//! Generates the types of every fixture in `fixtures/types/` into OUT_DIR, so the tests can
//! compile them and round-trip JSON through them.

use std::path::Path;

fn main() {
    let dir = Path::new("fixtures/types");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=../generator/src");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures/types exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut index = String::new();
    for name in names {
        let stem = name.trim_end_matches(".yaml");
        let api = oagen::Spec::load(&dir.join(&name)).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
        let code = oagen::emit_types(&api).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(Path::new(&out).join(format!("{stem}.rs")), code).expect("OUT_DIR is writable");
        index.push_str(&format!(
            "/// Types generated from `fixtures/types/{name}`.\npub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}.rs\"));\n}}\n"
        ));
    }
    std::fs::write(Path::new(&out).join("fixtures.rs"), index).expect("OUT_DIR is writable");
}
