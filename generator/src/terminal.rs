//! Text from a document on its way to a terminal. A key, a name or a value may hold escape
//! sequences (ESC `[`…, an OSC that sets the window title or writes a hyperlink, an 8-bit
//! C1 CSI) that a terminal would obey rather than show; every warning and error prints such
//! text through [`safe`], which writes each control character out as a Rust escape
//! (`\u{1b}`) instead, and so do the literals a generated crate puts in its error messages.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character (C0, DEL, C1) and every bidirectional override written
/// out as an escape, so printing it can neither move the cursor, recolour, retitle nor
/// reorder what a terminal shows. A line break is written `\n`: the text stays on its line.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(escape(text, needs_escape))
}

/// [`safe`], keeping line breaks and tabs: for text of several lines (a report, an error
/// quoting a TOML or YAML parser's own multi-line message).
pub fn safe_lines(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| needs_escape(c) && c != '\n' && c != '\t';
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(escape(text, escaped))
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if escaped(c) => out.push_str("\\n"),
            '\r' if escaped(c) => out.push_str("\\r"),
            '\t' if escaped(c) => out.push_str("\\t"),
            c if escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Control characters (which `char::is_control` takes to be C0, DEL and C1) and the
/// bidirectional embeddings, overrides and isolates that reorder the text around them.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_written_out() {
        // CSI (colour), OSC (window title, ended by BEL and by ST), an 8-bit CSI, a clear screen.
        let hostile = "a\u{1b}[31mred\u{1b}]0;title\u{7}\u{1b}]8;;http://x\u{1b}\\b\u{9b}2Jc\r\n\u{202e}d";
        let shown = safe(hostile);
        assert_eq!(
            shown,
            "a\\u{1b}[31mred\\u{1b}]0;title\\u{7}\\u{1b}]8;;http://x\\u{1b}\\b\\u{9b}2Jc\\r\\n\\u{202e}d"
        );
        assert!(!shown.chars().any(needs_escape));
    }

    #[test]
    fn plain_text_is_borrowed_and_lines_can_be_kept() {
        assert!(matches!(safe("plain `name` é"), Cow::Borrowed(_)));
        assert_eq!(safe_lines("one\n\ttwo\u{1b}[2J"), "one\n\ttwo\\u{1b}[2J");
    }
}
