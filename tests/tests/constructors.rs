//! Generated constructors take no bare positional `Option`: `Tool::function("f", None, p)` does
//! not say what the `None` leaves out. A required field that may be `null` starts as `null`
//! and has a setter instead. Checked over the committed crates' source text.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The text between the `(` just before `start` and its matching `)`, and where that ends.
fn parameters(text: &str, start: usize) -> (&str, usize) {
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'-' if bytes.get(i + 1) == Some(&b'>') => i += 1,
            b'(' | b'<' | b'[' => depth += 1,
            b')' if depth == 0 => return (&text[start..i], i),
            b')' | b'>' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    (&text[start..], text.len())
}

/// `name(params)` of every associated function that returns `Self` without a receiver and
/// takes an `Option` parameter; and how many such constructors there are in all.
fn constructors_with_option(text: &str) -> (usize, Vec<String>) {
    let (mut total, mut found) = (0, Vec::new());
    let mut rest = 0;
    while let Some(at) = text[rest..].find("pub fn ") {
        let name_start = rest + at + "pub fn ".len();
        rest = name_start;
        let Some(open) = text[name_start..].find('(') else { break };
        let name = &text[name_start..name_start + open];
        if !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '<' || c == '>' || c == ' ' || c == ':') {
            continue;
        }
        let (params, end) = parameters(text, name_start + open + 1);
        let returns_self = text[end + 1..].trim_start().strip_prefix("->").is_some_and(|r| {
            r.trim_start()
                .strip_prefix("Self")
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
        let receiver = params.split(',').any(|p| matches!(p.trim(), "self" | "&self" | "&mut self" | "mut self"));
        if !returns_self || receiver {
            continue;
        }
        total += 1;
        if params.split(',').any(|p| p.split_once(':').is_some_and(|(_, ty)| ty.trim_start().starts_with("Option<"))) {
            found.push(format!("{name}({})", params.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
    }
    (total, found)
}

#[test]
fn no_generated_constructor_takes_a_bare_option() {
    let root = xtask::repo_root();
    for dir in ["generated/src", "variants/nimbus/crate/src"] {
        let (mut total, mut found) = (0, Vec::new());
        for file in rust_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let (n, with_option) = constructors_with_option(&text);
            total += n;
            found.extend(with_option.into_iter().map(|c| format!("{}: {c}", file.display())));
        }
        assert!(total > 50, "{dir}: the scan found {total} constructors; it no longer reads the source");
        assert!(found.is_empty(), "{dir}: constructors taking a bare Option:\n{}", found.join("\n"));
    }
}

#[test]
fn the_scan_finds_a_bare_option() {
    let text = "impl Tool {\n    pub fn function(name: impl Into<String>, description: Option<String>, p: impl Into<P>) -> Self {\n        todo()\n    }\n    pub fn name(mut self, v: Option<String>) -> Self { self }\n}";
    let (total, found) = constructors_with_option(text);
    assert_eq!(total, 1, "a method with a receiver is no constructor");
    assert_eq!(found, ["function(name: impl Into<String>, description: Option<String>, p: impl Into<P>)"]);
}
