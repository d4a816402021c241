//! The README shows this crate's build script as the way to generate at build time; the copy
//! there is this file, verbatim, so the documented example is the one CI compiles and runs.

#[test]
fn the_readme_shows_this_build_script_verbatim() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../../README.md")).unwrap();
    let build = std::fs::read_to_string(root.join("build.rs")).unwrap();
    let marker = "<!-- tests/buildrs/build.rs -->\n```rust\n";
    let start = readme.find(marker).expect("the README marks the copy") + marker.len();
    let end = start + readme[start..].find("```\n").expect("the code block ends");
    assert_eq!(&readme[start..end], build, "copy tests/buildrs/build.rs into the README");
}
