//! The one error type of the generator: every problem in a document is reported with the
//! file, the JSON pointer of the offending node and, where the source can tell, line:column.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a document something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The document's path as the user gave it.
    pub file: PathBuf,
    /// RFC 6901 JSON pointer of the node at fault (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column of that node in the source, when known.
    pub line_col: Option<(usize, usize)>,
}

/// A problem with an input document (or with reading or writing files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Where it happened; `None` for problems that are not tied to a node (I/O).
    pub location: Option<Location>,
    /// What is wrong, in words that tell the user what to fix.
    pub message: String,
}

impl Error {
    /// An error about the node at `pointer` of the document being read.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            location: Some(Location { file: PathBuf::new(), pointer: pointer.into(), line_col: None }),
            message: message.into(),
        }
    }

    /// An error not tied to a node of a document.
    pub fn msg(message: impl Into<String>) -> Self {
        Error { location: None, message: message.into() }
    }

    /// Attach the file name to an error produced while reading that file.
    pub(crate) fn in_file(mut self, file: &Path) -> Self {
        match &mut self.location {
            Some(loc) => loc.file = file.to_path_buf(),
            None => self.location = Some(Location { file: file.to_path_buf(), pointer: String::new(), line_col: None }),
        }
        self
    }

    /// The JSON pointer this error refers to, if any.
    pub fn pointer(&self) -> Option<&str> {
        self.location.as_ref().map(|l| l.pointer.as_str())
    }
}

/// Shown terminal-safe: a message quotes document text (names, values, pointers), which may
/// hold escape sequences; they are written out, never sent to the terminal as they are.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = crate::terminal::safe_lines(&self.message);
        match &self.location {
            None => f.write_str(&message),
            Some(loc) => {
                write!(f, "{}", crate::terminal::safe(&loc.file.display().to_string()))?;
                if let Some((line, col)) = loc.line_col {
                    write!(f, ":{line}:{col}")?;
                }
                let pointer = if loc.pointer.is_empty() { "/" } else { &loc.pointer };
                write!(f, ": {message} (at {})", crate::terminal::safe(pointer))
            }
        }
    }
}

impl std::error::Error for Error {}

/// Append one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Split a JSON pointer into its unescaped reference tokens.
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.trim_start_matches('/').split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}
