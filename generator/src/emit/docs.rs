//! Descriptions from the document turned into doc attributes that rustdoc and clippy accept
//! as they are: code blocks become `text` blocks (never doctests), stray brackets and angle
//! brackets are escaped (no broken intra-doc links, no unclosed HTML tags), bare URLs are
//! wrapped, and list continuation lines are indented as markdown expects.

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use quote::quote;

/// `#[doc = " line"]` attributes for a description, one per line.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let lines = sanitize(text);
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// Inner `#![doc = ...]` attributes, for module and crate docs.
pub fn inner_doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let attrs = sanitize(text).into_iter().map(|line| {
        let line = if line.is_empty() { line } else { format!(" {line}") };
        quote!(#![doc = #line])
    });
    quote!(#(#attrs)*)
}

/// The description as rustdoc-safe markdown lines (empty when there is nothing to say).
pub fn sanitize(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return Vec::new();
    }
    let rewritten = rewrite(text);
    let mut lines: Vec<String> = fix_continuations(&rewritten).into_iter().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    lines
}

/// Apply markdown-aware edits to the source text.
fn rewrite(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut code: Option<(usize, bool, String)> = None;
    let mut in_link = 0usize;
    let mut indented_block = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (needs_text, indented) = match &kind {
                    CodeBlockKind::Indented => (true, true),
                    CodeBlockKind::Fenced(info) => (is_rust_info(info), false),
                };
                code = Some((range.start, needs_text, String::new()));
                indented_block = indented;
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, true, body)) = code.take() {
                    // An indented block's own four spaces are not the container's indent.
                    let mut indent = line_indent(text, start);
                    if indented_block {
                        indent.truncate(indent.len().saturating_sub(4));
                    }
                    let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
                    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let start = if text[line_start..start].trim().is_empty() { line_start } else { start };
                    let mut out = format!("{indent}{fence}text\n");
                    for line in body.lines() {
                        out.push_str(&indent);
                        out.push_str(line);
                        out.push('\n');
                    }
                    out.push_str(&indent);
                    out.push_str(&fence);
                    out.push('\n');
                    edits.push((start..range.end, out));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, body)) = &mut code {
                    body.push_str(&t);
                } else {
                    let src = &text[range.clone()];
                    let escaped = escape_text(src, in_link > 0);
                    if escaped != src {
                        edits.push((range, escaped));
                    }
                }
            }
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => {
                let src = &text[range.clone()];
                edits.push((range, src.replace('<', "&lt;")));
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for (range, replacement) in edits {
        if range.start < pos {
            continue; // nested in an edit already applied
        }
        out.push_str(&text[pos..range.start]);
        out.push_str(&replacement);
        pos = range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// rustdoc compiles a fenced block as Rust when its info string is empty or Rust-ish.
fn is_rust_info(info: &str) -> bool {
    let first = info.split([',', ' ']).next().unwrap_or("").trim();
    matches!(
        first,
        "" | "rust"
            | "ignore"
            | "no_run"
            | "should_panic"
            | "compile_fail"
            | "edition2015"
            | "edition2018"
            | "edition2021"
            | "edition2024"
    )
}

/// The spaces that start the line `offset` is on, up to `offset`.
fn line_indent(text: &str, offset: usize) -> String {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    " ".repeat(text[line_start..offset].chars().take_while(|c| *c == ' ').count())
}

fn longest_backtick_run(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Escape brackets that are not links and wrap bare URLs.
fn escape_text(src: &str, in_link: bool) -> String {
    let mut out = String::with_capacity(src.len() + 8);
    let mut rest = src;
    while !rest.is_empty() {
        if !in_link && (rest.starts_with("https://") || rest.starts_with("http://")) && !out.ends_with('<') {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '[' | ']'))
                .unwrap_or(rest.len());
            let mut url = &rest[..end];
            while url.ends_with(['.', ',', ';', ':', ')', '!', '?', '\'']) {
                url = &url[..url.len() - 1];
            }
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        match c {
            '\\' => {
                // Keep existing escapes as they are.
                let next = rest[1..].chars().next();
                out.push('\\');
                if let Some(n) = next {
                    out.push(n);
                    rest = &rest[1 + n.len_utf8()..];
                } else {
                    rest = &rest[1..];
                }
                continue;
            }
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Indent the lines that continue a list item (or a quote) so they do not rely on markdown's
/// "lazy continuation", which clippy rejects.
fn fix_continuations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut in_quote = false;
    let mut fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            out.push(line.to_owned());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
            fence = Some(marker);
            item_indent = None;
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            in_quote = false;
            out.push(String::new());
            // A blank line ends the paragraph; an item continues only if indented.
            item_indent = None;
            continue;
        }
        if let Some(marker_len) = list_marker_len(trimmed) {
            item_indent = Some(indent + marker_len);
            in_quote = false;
            out.push(line.to_owned());
            continue;
        }
        if trimmed.starts_with('>') {
            in_quote = true;
            out.push(line.to_owned());
            continue;
        }
        if in_quote {
            out.push(format!("> {trimmed}"));
            continue;
        }
        if let Some(want) = item_indent {
            if trimmed.starts_with('|') || trimmed.starts_with('#') {
                item_indent = None;
                out.push(line.to_owned());
            } else {
                out.push(format!("{}{trimmed}", " ".repeat(want)));
            }
            continue;
        }
        out.push(line.to_owned());
    }
    out
}

/// Length of a list marker and the space after it (`- `, `* `, `12. `), if the line has one.
fn list_marker_len(trimmed: &str) -> Option<usize> {
    let bytes = trimmed.as_bytes();
    if matches!(bytes.first(), Some(b'-' | b'*' | b'+')) && bytes.get(1) == Some(&b' ') {
        let spaces = trimmed[1..].chars().take_while(|c| *c == ' ').count();
        return Some(1 + spaces.min(4));
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && bytes.get(digits + 1) == Some(&b' ')
    {
        let spaces = trimmed[digits + 1..].chars().take_while(|c| *c == ' ').count();
        return Some(digits + 1 + spaces.min(4));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn code_blocks_become_text() {
        let out = sanitize("Example:\n\n```\nlet x = 1;\n```\n\n    indented code\n");
        assert_eq!(out.iter().filter(|l| *l == "```text").count(), 2, "{out:?}");
        assert!(!out.iter().any(|l| l.starts_with("    ")), "{out:?}");
        let json = sanitize("```json\n{\"a\": [1]}\n```");
        assert_eq!(json[0], "```json");
        assert_eq!(json[1], "{\"a\": [1]}");
    }

    #[test]
    fn stray_brackets_html_and_urls_are_escaped() {
        assert_eq!(sanitize("ends with [DONE] message"), ["ends with \\[DONE\\] message"]);
        assert_eq!(sanitize("see [docs](https://x.io/a) now"), ["see [docs](https://x.io/a) now"]);
        assert_eq!(sanitize("a <model> id"), ["a &lt;model> id"]);
        assert_eq!(sanitize("visit https://x.io/a."), ["visit <https://x.io/a>."]);
    }

    #[test]
    fn list_continuations_are_indented() {
        let out = sanitize("- one\ncontinued\n- two");
        assert_eq!(out, ["- one", "  continued", "- two"]);
    }
}
