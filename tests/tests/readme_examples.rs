//! The project README shows some examples verbatim (`<!-- examples/NAME.rs -->` before the
//! code block): each copy is the file, which CI builds and runs against the mock server, so
//! the README's code is code that works.

use std::path::Path;

#[test]
fn the_readme_copies_of_examples_are_the_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut copies = 0;
    for (at, _) in readme.match_indices("<!-- examples/") {
        let rest = &readme[at + "<!-- ".len()..];
        let path = &rest[..rest.find(" -->").expect("the marker ends")];
        let fence = format!("<!-- {path} -->\n```rust\n");
        assert!(readme[at..].starts_with(&fence), "{path}: the marker is followed by a rust code block");
        let start = at + fence.len();
        let end = start + readme[start..].find("```\n").expect("the code block ends");
        let file = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(&readme[start..end], file, "copy {path} into the README");
        copies += 1;
    }
    assert!(copies >= 1, "the README shows the Responses example");
}

/// The item `name` of a generated file as it stands there: its doc and attribute lines, then
/// the declaration to its closing brace at the start of a line.
fn item(file: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = file.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(&format!("pub struct {name} ")))?;
    let mut start = at;
    while start > 0 && (lines[start - 1].starts_with("///") || lines[start - 1].starts_with("#[")) {
        start -= 1;
    }
    let end = at + lines[at..].iter().position(|l| *l == "}")?;
    Some(lines[start..=end].iter().map(|l| format!("{l}\n")).collect())
}

#[test]
fn the_readme_copies_of_generated_structs_are_the_generated_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut copies = 0;
    for (at, _) in readme.match_indices("<!-- generated/") {
        let rest = &readme[at + "<!-- ".len()..];
        let marker = &rest[..rest.find(" -->").expect("the marker ends")];
        let (path, name) = marker.split_once(": ").expect("`<!-- FILE: Type -->`");
        let fence = format!("<!-- {marker} -->\n```rust\n");
        assert!(readme[at..].starts_with(&fence), "{marker}: the marker is followed by a rust code block");
        let start = at + fence.len();
        let end = start + readme[start..].find("```\n").expect("the code block ends");
        let file = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let item = item(&file, name).unwrap_or_else(|| panic!("{path} declares no struct {name}"));
        assert_eq!(&readme[start..end], item, "copy {name} from {path} into the README");
        copies += 1;
    }
    assert!(copies >= 2, "the README shows a response struct and a request struct");
}
