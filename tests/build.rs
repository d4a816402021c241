//! Generates the types of every fixture in `fixtures/types/` into OUT_DIR, so the tests can
//! compile them and round-trip JSON through them, and the client of every fixture in
//! `fixtures/clients/`, which tests call over TCP.

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
    clients(Path::new(&out));
    variant_clients(Path::new(&out));
    typed_formats(Path::new(&out));
}

/// The types of `fixtures/typed_formats/formats.yaml` with every string format typed, as
/// `OUT_DIR/typed_formats.rs`.
fn typed_formats(out: &Path) {
    let file = Path::new("fixtures/typed_formats/formats.yaml");
    println!("cargo:rerun-if-changed={}", file.display());
    let formats = oagen::parse_typed_formats(&["all".to_owned()]).unwrap_or_else(|e| panic!("{e}"));
    let api =
        oagen::Spec::load(file).and_then(|spec| spec.lower_with_formats(&formats)).unwrap_or_else(|e| panic!("{e}"));
    let code = oagen::emit_types(&api).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("typed_formats.rs"), code).expect("OUT_DIR is writable");
}

/// The whole client of the variant fixture that declares a WebSocket channel (`tally.toml`:
/// its document as the variant cuts it, the channel written in), as `OUT_DIR/clients/tally.rs`.
fn variant_clients(out: &Path) {
    let file = Path::new("fixtures/variants/tally.toml");
    println!("cargo:rerun-if-changed=fixtures/variants");
    let variant = oagen::variant::Variant::read(file).unwrap_or_else(|e| panic!("{e}"));
    let source = variant.document().unwrap_or_else(|e| panic!("{e}"));
    let api = oagen::Spec::from_source(source).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
    let options = oagen::CrateOptions { command: "tests/build.rs".into(), ..Default::default() };
    let code = oagen::emit_module(&api, &options).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out.join("clients").join("tally.rs"), code).expect("OUT_DIR is writable");
}

/// The whole client of every fixture in `fixtures/clients/`, as `OUT_DIR/clients/NAME.rs`: a
/// test file includes one at its root (generated code names its items `crate::…`) and calls
/// it against a server on 127.0.0.1.
fn clients(out: &Path) {
    let dir = Path::new("fixtures/clients");
    println!("cargo:rerun-if-changed={}", dir.display());
    let out = out.join("clients");
    std::fs::create_dir_all(&out).expect("OUT_DIR is writable");
    for entry in std::fs::read_dir(dir).expect("fixtures/clients exists").filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "yaml") {
            continue;
        }
        let api = oagen::Spec::load(&path).and_then(|spec| spec.lower()).unwrap_or_else(|e| panic!("{e}"));
        let options = oagen::CrateOptions { command: "tests/build.rs".into(), ..Default::default() };
        let code = oagen::emit_module(&api, &options).unwrap_or_else(|e| panic!("{e}"));
        let stem = path.file_stem().expect("a file name").to_string_lossy().into_owned();
        std::fs::write(out.join(format!("{stem}.rs")), code).expect("OUT_DIR is writable");
    }
}
