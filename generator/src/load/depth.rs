//! A linear check of how deeply flow collections (`[..]`, `{..}`) nest in YAML text, run
//! before the YAML parser. libyaml (under serde_yaml) revisits every open flow level for each
//! token, so 100,000 nested brackets take 46 s before serde_yaml's own limit of 128 levels
//! answers; anything that deep is refused here in one pass instead, with its line.
//!
//! Brackets count where YAML reads them as flow collections: a node that starts with `[` or
//! `{` (after indentation, `- `, `? `, `key: `, an anchor or a tag), and every bracket inside
//! such a collection outside quotes and comments. Brackets in plain and block scalars (a
//! description's markdown links) do not count.

use crate::error::Error;

/// Deeper than serde_yaml accepts anyway.
pub const MAX_FLOW_DEPTH: usize = 128;

/// Where the scan is inside a flow collection.
#[derive(Default)]
struct Flow {
    depth: usize,
    /// Inside a quoted scalar opened by this quote character.
    quote: Option<char>,
}

impl Flow {
    /// Scan the rest of a line inside (or entering) a flow collection.
    fn scan(&mut self, text: &str, line: usize) -> Result<(), Error> {
        let mut chars = text.chars().peekable();
        let mut after_space = true;
        while let Some(c) = chars.next() {
            match (self.quote, c) {
                (Some('"'), '\\') => {
                    chars.next();
                }
                (Some(q), c) if c == q => self.quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => self.quote = Some(c),
                (None, '#') if after_space => return Ok(()),
                (None, '[' | '{') => {
                    self.depth += 1;
                    if self.depth > MAX_FLOW_DEPTH {
                        let mut err = Error::at(
                            "",
                            format!("`[`/`{{` collections nest deeper than {MAX_FLOW_DEPTH} levels, more than the YAML reader accepts"),
                        );
                        if let Some(loc) = &mut err.location {
                            loc.line_col = Some((line, 1));
                        }
                        return Err(err);
                    }
                }
                (None, ']' | '}') => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            after_space = c.is_whitespace() || matches!(c, '[' | '{' | ',');
            if self.depth == 0 && self.quote.is_none() {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// Refuse YAML text whose flow collections nest deeper than [`MAX_FLOW_DEPTH`].
pub fn check_flow_depth(text: &str) -> Result<(), Error> {
    let mut flow = Flow::default();
    // The indentation of the line that opened a block scalar (`key: |`).
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = block_scalar {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        if flow.depth > 0 || flow.quote.is_some() {
            flow.scan(line, n + 1)?;
            continue;
        }
        let value = node_start(&line[indent..]);
        if value.starts_with(['[', '{']) {
            flow.scan(value, n + 1)?;
        } else if value.starts_with(['|', '>']) {
            block_scalar = Some(indent);
        }
    }
    Ok(())
}

/// Where the value of a block line starts: past `- ` and `? ` indicators, a plain or quoted
/// mapping key and its `: `, anchors and tags.
fn node_start(mut s: &str) -> &str {
    loop {
        if let Some(rest) = s.strip_prefix("- ").or_else(|| s.strip_prefix("? ")) {
            s = rest.trim_start();
            continue;
        }
        if s.starts_with(['&', '!']) {
            s = s.find(' ').map_or("", |i| s[i..].trim_start());
            continue;
        }
        break;
    }
    if s.starts_with(['[', '{', '|', '>']) {
        return s;
    }
    // A mapping key, quoted or plain, then `: ` and the value.
    let key_end = match s.chars().next() {
        Some(q @ ('"' | '\'')) => s[1..].find(q).map_or(s.len(), |i| i + 2),
        _ => 0,
    };
    match s[key_end..].find(": ") {
        Some(i) => node_start(s[key_end + i + 2..].trim_start()),
        None => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_refused_with_its_line() {
        let deep = format!("openapi: 3.1.0\npaths: {}\n", "[".repeat(100_000));
        let err = check_flow_depth(&deep).unwrap_err();
        assert_eq!(err.location.unwrap().line_col, Some((2, 1)));
        assert!(err.message.contains("deeper than 128 levels"), "{}", err.message);
        let across_lines = format!("a:\n  - {}\n", "[\n".repeat(200));
        assert!(check_flow_depth(&across_lines).is_err());
    }

    #[test]
    fn brackets_in_scalars_and_comments_do_not_count() {
        let many = "[".repeat(500);
        let text = format!(
            "a: text {many}\nb: |\n  {many}\n  [link](x)\nc: '{many}'\nd: [\"{many}\", '{many}'] # {many}\ne: {{k: [1, [2]]}}\n- - [x]\n"
        );
        check_flow_depth(&text).unwrap();
        check_flow_depth(&format!("k: &a !tag [{}]\n", "[]".repeat(1000))).unwrap();
    }
}
