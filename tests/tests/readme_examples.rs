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
