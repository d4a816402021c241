//! The one sanitizer of document text that reaches Rust docs or the README (which is also the
//! crate's documentation). A document is hostile until proven otherwise: its text must never
//! become code, in a doctest or in the rendered page.
//!
//! - Descriptions ([`sanitize`]): every code block becomes a `text` block (never a doctest)
//!   unless its language is a known non-Rust one, stray brackets and angle brackets are
//!   escaped (no broken intra-doc links, no HTML), bare URLs are wrapped, and list
//!   continuation lines are indented as markdown expects.
//! - Values (an enum value, a tag, a URL: [`code_span`]): one inline code span on one line,
//!   which nothing inside can end.
//! - Text in a template ([`inline_text`]): one line that cannot start a block.
//!
//! In all three, bidirectional controls and other invisible characters are written out
//! (`\u{202E}`): they could make a doc read otherwise than it compiles, and rustc refuses
//! them in comments.

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
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n").replace('\t', "    ");
    let text = escape_invisible(&text);
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
                    CodeBlockKind::Fenced(info) => (!is_known_non_rust(info), false),
                };
                code = Some((range.start, needs_text, String::new()));
                indented_block = indented;
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, true, body)) = code.take() {
                    let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
                    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    // An indented block's own four spaces are not the container's indent.
                    let own = if indented_block { 4 } else { 0 };
                    let (start, first, indent) = if text[line_start..start].trim().is_empty() {
                        let mut indent = line_indent(text, start);
                        indent.truncate(indent.len().saturating_sub(own));
                        (line_start, indent.clone(), indent)
                    } else {
                        // The block starts on a list item's line (`-     code`): the fence
                        // opens where the item's content starts, and the block's lines are
                        // indented to that column so they stay in the item.
                        let column = text[line_start..start].chars().count().saturating_sub(own);
                        let spaces = text[..start].chars().rev().take(own).filter(|c| *c == ' ').count();
                        (start - spaces, String::new(), " ".repeat(column))
                    };
                    let mut out = format!("{first}{fence}text\n");
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
                // Escaped, the tag is text: a URL in its attributes would be a bare URL.
                edits.push((range, escape_text(&src.replace('<', "&lt;"), in_link > 0)));
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

/// Whether a fenced block's info string is exactly one language rustdoc never compiles.
/// Anything else (empty, `rust`, `ignore`, `json,rust`, `{.rust}`, a word rustdoc may learn
/// later) becomes `text`: rustdoc compiles a block when any of its words says Rust.
fn is_known_non_rust(info: &str) -> bool {
    const LANGUAGES: [&str; 44] = [
        "text",
        "txt",
        "plain",
        "plaintext",
        "json",
        "jsonl",
        "json5",
        "yaml",
        "yml",
        "toml",
        "xml",
        "html",
        "css",
        "csv",
        "sql",
        "graphql",
        "http",
        "bash",
        "sh",
        "shell",
        "zsh",
        "console",
        "powershell",
        "python",
        "py",
        "javascript",
        "js",
        "typescript",
        "ts",
        "jsx",
        "tsx",
        "java",
        "kotlin",
        "go",
        "ruby",
        "php",
        "csharp",
        "c",
        "cpp",
        "swift",
        "markdown",
        "md",
        "diff",
        "curl",
    ];
    LANGUAGES.contains(&info.trim())
}

/// Whether a character changes how text reads without showing: control characters,
/// bidirectional embeddings, overrides and isolates (Trojan Source), zero-width characters
/// and other invisible format characters.
fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// Invisible characters written out as `\u{202E}`.
fn escape_invisible(text: &str) -> String {
    if !text.chars().any(is_invisible) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as one inline code span: on one line (line breaks written as `\n`, invisible
/// characters as `\u{202E}`), between more backticks than it holds, so nothing in it can end
/// the span, start a block, form a link or HTML, or hide. The empty string is said in words.
pub fn code_span(value: &str) -> String {
    if value.is_empty() {
        return "(the empty string)".to_owned();
    }
    let mut body = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        match c {
            '\n' => body.push_str("\\n"),
            '\r' => body.push_str("\\r"),
            '\t' => body.push_str("\\t"),
            c if is_invisible(c) => body.push_str(&escape_invisible(c.encode_utf8(&mut [0; 4]))),
            c => body.push(c),
        }
    }
    let fence = "`".repeat(longest_backtick_run(&body) + 1);
    // One space on each side is dropped by markdown: add it where the value needs its own.
    let pad = body.starts_with('`') || body.ends_with('`') || (body.starts_with(' ') && body.ends_with(' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Text on one line, for a plain comment: line breaks become spaces and invisible
/// characters are written out.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_invisible(c) => out.push_str(&escape_invisible(c.encode_utf8(&mut [0; 4]))),
            c => out.push(c),
        }
    }
    out
}

/// A value as markdown text on one line, wherever a template puts it: [`one_line`], then
/// leading space is dropped and a leading fence character escaped (so not even a line of its
/// own opens a code block), `<` cannot open HTML and `|` cannot end a table cell.
pub fn inline_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in one_line(value).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
    }
    let trimmed = out.trim_start();
    if trimmed.starts_with(['`', '~']) {
        format!("\\{trimmed}")
    } else {
        trimmed.to_owned()
    }
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
    fn a_code_block_on_a_list_item_line_stays_in_the_item() {
        // GraphHopper: a table whose header row starts with `-` and ten spaces, read as a list
        // item holding an indented code block; the rows after it are a paragraph.
        let out = sanitize("Matrix:\n\n-          |to_1|to_2\n:-----|:---\nfrom_1 |0 |1->2\n");
        assert_eq!(out[2], "- ```text", "{out:?}");
        assert_eq!(out[3], "       |to_1|to_2", "{out:?}");
        assert_eq!(out[4], "  ```", "{out:?}");
        // Every fenced block is `text`, and none is indented code rustdoc would compile.
        let joined = out.join("\n");
        for (event, _) in pulldown_cmark::Parser::new(&joined).into_offset_iter() {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(kind)) = event {
                assert_eq!(kind, pulldown_cmark::CodeBlockKind::Fenced("text".into()), "{out:?}");
            }
        }
        let fenced = sanitize("- ```\n  let x = 1;\n  ```\n");
        assert_eq!(fenced, ["- ```text", "  let x = 1;", "  ```"]);
    }

    #[test]
    fn stray_brackets_html_and_urls_are_escaped() {
        assert_eq!(sanitize("ends with [DONE] message"), ["ends with \\[DONE\\] message"]);
        assert_eq!(sanitize("see [docs](https://x.io/a) now"), ["see [docs](https://x.io/a) now"]);
        assert_eq!(sanitize("a <model> id"), ["a &lt;model> id"]);
        assert_eq!(sanitize("visit https://x.io/a."), ["visit <https://x.io/a>."]);
    }

    #[test]
    fn a_url_in_an_escaped_html_tag_is_no_bare_url() {
        assert_eq!(
            sanitize("only in the <a href=\"https://x.io/p\">Enterprise</a> plan."),
            ["only in the &lt;a href=\"<https://x.io/p>\">Enterprise&lt;/a> plan."]
        );
    }

    #[test]
    fn no_code_block_can_run_whatever_its_info_string() {
        for info in ["", "rust", "ignore", "json,rust", "json rust", "{.rust}", "should_panic", "Rust", "rust2"] {
            let out = sanitize(&format!("x\n```{info}\nfn main() {{}}\n```\n"));
            assert_eq!(out[1], "```text", "{info}: {out:?}");
        }
        let tilde = sanitize("z\n~~~\nfn main() { std::fs::write(\"pwned.txt\", \"x\").unwrap(); }\n~~~\n");
        assert_eq!(tilde[1], "```text", "{tilde:?}");
        let unclosed = sanitize("a\n```\nfn main() {}");
        assert_eq!(unclosed, ["a", "```text", "fn main() {}", "```"]);
    }

    #[test]
    fn invisible_characters_are_written_out() {
        assert_eq!(sanitize("safe\u{202E}txt.exe"), ["safe\\u{202E}txt.exe"]);
        assert_eq!(sanitize("a\u{200B}b\u{7}c"), ["a\\u{200B}b\\u{0007}c"]);
    }

    #[test]
    fn values_are_one_code_span_nothing_can_end() {
        use super::code_span;
        assert_eq!(code_span("gpt-4o"), "`gpt-4o`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x`"), "`` `x` ``");
        assert_eq!(code_span("z\n~~~\nfn main() {}\n~~~\n"), "`z\\n~~~\\nfn main() {}\\n~~~\\n`");
        assert_eq!(code_span("rtl\u{202E}"), "`rtl\\u{202E}`");
        assert_eq!(code_span(""), "(the empty string)");
    }

    #[test]
    fn template_text_stays_on_its_line() {
        use super::inline_text;
        assert_eq!(inline_text("OpenAI API"), "OpenAI API");
        assert_eq!(inline_text("x\n```\nfn main() {}"), "x ``` fn main() {}");
        assert_eq!(inline_text("  ~~~rust"), "\\~~~rust");
        assert_eq!(inline_text("<script>a|b"), "&lt;script>a\\|b");
    }

    #[test]
    fn list_continuations_are_indented() {
        let out = sanitize("- one\ncontinued\n- two");
        assert_eq!(out, ["- one", "  continued", "- two"]);
    }
}
