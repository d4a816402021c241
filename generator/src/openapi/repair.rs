//! Repairs of invalid documents whose intent is plain. Real documents (the 2,639 of the
//! APIs.guru directory among them) break the specification in ways a reader can see through:
//! `allOf` written as an object, `pattern: 0`, a media type where `type` belongs, a parameter
//! declared twice. Reading repairs each such node and records a warning at it; a strict
//! reading (`--strict`) refuses the document at the first one instead.

use crate::error::Error;
use std::cell::RefCell;

/// The repairs made while reading one document, or the refusal of a strict reading.
#[derive(Debug, Default)]
pub(crate) struct Repairs {
    strict: bool,
    warnings: RefCell<Vec<Error>>,
}

impl Repairs {
    pub fn new(strict: bool) -> Repairs {
        Repairs { strict, warnings: RefCell::new(Vec::new()) }
    }

    /// Whether repairs are refused.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Record the repair of `problem` at `ptr` (`fix` says what was done), or refuse the
    /// document with `problem` when the reading is strict.
    pub fn repair(&self, ptr: impl Into<String>, problem: impl AsRef<str>, fix: &str) -> Result<(), Error> {
        let problem = problem.as_ref();
        if self.strict {
            return Err(Error::at(ptr, problem));
        }
        self.warnings.borrow_mut().push(Error::at(ptr, format!("{problem}; {fix} (--strict refuses the document)")));
        Ok(())
    }

    /// Record `problem`, worded in full where it was found, as a warning; or refuse the
    /// document with it when the reading is strict.
    pub fn report(&self, problem: Error) -> Result<(), Error> {
        if self.strict {
            return Err(problem);
        }
        self.warnings.borrow_mut().push(problem);
        Ok(())
    }

    /// Warnings worded elsewhere, in order.
    pub fn push_all(&self, warnings: impl IntoIterator<Item = Error>) {
        self.warnings.borrow_mut().extend(warnings);
    }

    /// The warnings recorded so far, in the order they were made.
    pub fn take(&self) -> Vec<Error> {
        self.warnings.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repair_is_a_warning_unless_strict() {
        let lenient = Repairs::new(false);
        lenient.repair("/a", "`x` is wrong", "it is ignored").unwrap();
        let warnings = lenient.take();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer(), Some("/a"));
        assert_eq!(warnings[0].message, "`x` is wrong; it is ignored (--strict refuses the document)");
        let strict = Repairs::new(true);
        let refused = strict.repair("/a", "`x` is wrong", "it is ignored").unwrap_err();
        assert_eq!(refused.message, "`x` is wrong");
        assert!(strict.take().is_empty());
    }
}
