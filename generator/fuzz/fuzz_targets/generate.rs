//! The whole generator on arbitrary documents: bytes → load → lower → emit, then every
//! emitted file read back (Rust with syn, the manifest with toml).
//!
//! A finding is a panic anywhere, an "internal error" (the generator's own output does not
//! parse), an error with no location in the document, or output that does not read back.
//! Rejected documents are fine: they must only be rejected with a located message.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("fuzz.yaml");
    let source = match oagen::Source::parse(path, text.to_owned()) {
        Ok(source) => source,
        Err(e) => return rejected("parse", &e),
    };
    let spec = match oagen::Spec::from_source(source) {
        Ok(spec) => spec,
        Err(e) => return rejected("read", &e),
    };
    let api = match spec.lower() {
        Ok(api) => api,
        Err(e) => return rejected("lower", &e),
    };
    let options = oagen::CrateOptions { command: "fuzz".into(), ..Default::default() };
    let files = match oagen::emit(&api, &options) {
        Ok(files) => files,
        Err(e) => return rejected("emit", &spec.locate(e)),
    };
    for (file, text) in &files {
        match file.extension().and_then(|x| x.to_str()) {
            Some("rs") => {
                if let Err(e) = syn::parse_file(text) {
                    panic!("{} does not parse: {e}\n{text}", file.display());
                }
            }
            Some("toml") => {
                if let Err(e) = text.parse::<toml::Table>() {
                    panic!("{} is not TOML: {e}\n{text}", file.display());
                }
            }
            _ => {}
        }
    }
});

/// A refusal must say where in the document the problem is, and must not be the
/// generator's own failure.
fn rejected(phase: &str, error: &oagen::Error) {
    let message = error.to_string();
    assert!(!message.contains("internal error"), "{phase}: {message}");
    assert!(error.location.is_some(), "{phase}: an error without a location: {message}");
}
