//! Text from outside on its way into an error message: a parameter or header name from the
//! API document, an error message, a cursor or a JSON path from the server. Any of them may
//! hold escape sequences (ESC `[`…, an OSC that retitles the window, an 8-bit C1 CSI) that a
//! terminal printing the error would obey; [`safe`] writes each control character out as a
//! Rust escape (`\u{1b}`) instead.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character (C0, DEL, C1) and every bidirectional override
/// written out as an escape (`\u{1b}`, `\n`), so printing it can neither move the cursor,
/// recolour, retitle nor reorder what a terminal shows.
pub(crate) fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::safe;

    #[test]
    fn escape_sequences_are_written_out() {
        let hostile = "x\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{202e}\r\n";
        assert_eq!(safe(hostile), "x\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{9b}31m\\u{202e}\\r\\n");
        assert!(matches!(safe("plain `text`"), std::borrow::Cow::Borrowed(_)));
    }
}
