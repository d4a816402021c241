//! Reading a document from disk: YAML or JSON text into a `serde_json::Value` tree that
//! keeps everything the author wrote, plus a way back from a JSON pointer to line:column.
//!
//! serde_yaml is the YAML parser, but not its own `Value`: that type cannot hold integer
//! literals outside the 64-bit range (the OpenAI spec has `minimum: -9223372036854776000`),
//! so `value` builds the tree with a visitor of our own. Positions are only needed when a
//! document is wrong, so [`locate`] re-reads the text with a marked event parser on that path
//! alone instead of slowing down every load.

mod locate;
mod value;

pub use locate::locate;

use crate::error::Error;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The text of a document and its parsed tree.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given by the user (used in error messages).
    pub path: PathBuf,
    /// The raw text, kept to locate errors.
    pub text: String,
    /// The parsed document.
    pub root: Value,
}

impl Source {
    /// Read and parse a file; JSON when its text starts with `{`, YAML otherwise.
    pub fn read(path: &Path) -> Result<Source, Error> {
        let text =
            std::fs::read_to_string(path).map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
        Source::parse(path, text)
    }

    /// Parse text that was read from `path`.
    pub fn parse(path: &Path, text: String) -> Result<Source, Error> {
        let root = value::parse(&text).map_err(|e| e.in_file(path))?;
        Ok(Source { path: path.to_path_buf(), text, root })
    }

    /// Fill in the file and line:column of an error about this document.
    pub fn locate_error(&self, error: Error) -> Error {
        let mut error = error.in_file(&self.path);
        if let Some(loc) = &mut error.location {
            if loc.line_col.is_none() {
                loc.line_col = locate(&self.text, &loc.pointer);
            }
        }
        error
    }
}
