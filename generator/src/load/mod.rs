//! Reading a document from disk: YAML or JSON text into a `serde_json::Value` tree that
//! keeps everything the author wrote, plus a way back from a JSON pointer to line:column.
//!
//! serde_yaml is the YAML parser, but not its own `Value`: that type cannot hold integer
//! literals outside the 64-bit range (the OpenAI spec has `minimum: -9223372036854776000`),
//! so `value` builds the tree with a visitor of our own. Positions are only needed when a
//! document is wrong, so [`locate`] re-reads the text with a marked event parser on that path
//! alone instead of slowing down every load.

mod depth;
mod locate;
mod value;

pub use locate::locate;

use crate::error::Error;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest document read: 64 MiB, twenty times OpenAI's (3 MB). A larger input is
/// refused before it is parsed, and an endless one (`/dev/zero`, a pipe) stops there too.
pub const MAX_DOCUMENT_SIZE: u64 = 64 * 1024 * 1024;

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
    /// Read and parse a file; JSON when its text starts with `{`, YAML otherwise. At most
    /// `MAX_DOCUMENT_SIZE` bytes are read.
    pub fn read(path: &Path) -> Result<Source, Error> {
        let cannot = |e: std::io::Error| Error::msg(format!("cannot read {}: {e}", path.display()));
        let file = std::fs::File::open(path).map_err(cannot)?;
        // Sized once, so reading never copies what it read: the file's length, or the limit
        // for what has none (a pipe, a device), touched only as far as it is filled.
        let size = file.metadata().ok().filter(|m| m.is_file()).map_or(MAX_DOCUMENT_SIZE, |m| m.len());
        let mut bytes = Vec::with_capacity(size.min(MAX_DOCUMENT_SIZE) as usize + 1);
        file.take(MAX_DOCUMENT_SIZE + 1).read_to_end(&mut bytes).map_err(cannot)?;
        if bytes.len() as u64 > MAX_DOCUMENT_SIZE {
            return Err(Error::msg(format!(
                "{} is larger than {} MiB, the most a document may be; is it the API document?",
                path.display(),
                MAX_DOCUMENT_SIZE >> 20
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| Error::msg(format!("cannot read {}: not UTF-8 text ({e})", path.display())))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_endless_input_stops_at_the_size_limit() {
        let err = Source::read(Path::new("/dev/zero")).unwrap_err();
        assert!(err.to_string().contains("/dev/zero is larger than 64 MiB"), "{err}");
    }
}
