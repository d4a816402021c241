//! The JSON path of a decoding failure, recorded as the error travels up.
//!
//! Each level a generated type reads (a struct's field, a list's element, a map's key) adds
//! its segment when an error passes through it, innermost first, and [`display`] writes them as
//! `choices[0].message.role`. Nothing is recorded while decoding succeeds, and the error
//! itself is passed on untouched, so serde_json's category, line and column stay. The
//! segments live in a thread-local: decoding never awaits, so one decode runs on one thread
//! from start to end, and [`super::decode`] clears what an earlier, unrelated failure left.

use std::cell::RefCell;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A struct's field, by its wire name.
    Field(&'static str),
    /// A key of a map (additional properties).
    Key(String),
    /// An element of a list.
    Index(usize),
}

/// At most this many segments are kept: a deeper failure keeps its innermost ones, and
/// errors that no entry point collects (a type read by `serde_json::from_str` directly) cannot
/// make the record grow without end.
const MAX_SEGMENTS: usize = 256;

thread_local! {
    static SEGMENTS: RefCell<Vec<Segment>> = const { RefCell::new(Vec::new()) };
}

fn push(segment: Segment) {
    SEGMENTS.with(|s| {
        let mut s = s.borrow_mut();
        if s.len() < MAX_SEGMENTS {
            s.push(segment);
        }
    });
}

/// `error`, after recording that it happened in the struct field `name`.
pub fn field<E>(error: E, name: &'static str) -> E {
    push(Segment::Field(name));
    error
}

/// `error`, after recording that it happened under the map key `key`.
pub fn key<E>(error: E, key: &str) -> E {
    push(Segment::Key(key.to_owned()));
    error
}

/// `error`, after recording that it happened in the list element `index`.
pub fn index<E>(error: E, index: usize) -> E {
    push(Segment::Index(index));
    error
}

/// Forget what is recorded.
pub(crate) fn clear() {
    SEGMENTS.with(|s| s.borrow_mut().clear());
}

/// How many segments are recorded: a union remembers this before trying a member, and
/// [`truncate`]s back to it, so a member that failed leaves nothing behind.
pub(crate) fn mark() -> usize {
    SEGMENTS.with(|s| s.borrow().len())
}

/// Forget the segments recorded after `mark`.
pub(crate) fn truncate(mark: usize) {
    SEGMENTS.with(|s| s.borrow_mut().truncate(mark));
}

/// The recorded path, outermost first, and the record cleared.
pub(crate) fn take() -> Vec<Segment> {
    let mut segments = SEGMENTS.with(|s| std::mem::take(&mut *s.borrow_mut()));
    segments.reverse();
    segments
}

/// A path as text: `data[0].id`, and `.` for the document itself.
pub fn display(segments: &[Segment]) -> String {
    if segments.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for segment in segments {
        match segment {
            Segment::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_read_outermost_first() {
        clear();
        let error = field(index(field("failed", "text"), 0), "content");
        assert_eq!(field(error, "message"), "failed", "the error passes through untouched");
        assert_eq!(display(&take()), "message.content[0].text");
        assert_eq!(display(&take()), ".", "taking clears");
        key(index("failed", 3), "x-extra");
        assert_eq!(display(&take()), "x-extra[3]");
    }

    #[test]
    fn a_failed_attempt_leaves_nothing_behind() {
        clear();
        let mark = mark();
        field("failed", "wrong");
        truncate(mark);
        field("failed", "right");
        assert_eq!(take(), [Segment::Field("right")]);
    }

    #[test]
    fn the_record_is_bounded() {
        clear();
        for _ in 0..10 * MAX_SEGMENTS {
            field("failed", "x");
        }
        assert_eq!(mark(), MAX_SEGMENTS);
        clear();
    }
}
