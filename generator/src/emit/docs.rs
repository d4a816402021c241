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

use super::doc_check;
use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
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
    sanitize_checked(text).0
}

/// How many times the sanitizer rewrites its own output at most: each pass can uncover a
/// block the previous one made (an escaped HTML block's lines become paragraphs, a fence
/// among them opens a code block); real descriptions settle in one or two.
const MAX_PASSES: usize = 8;

/// [`sanitize`], and whether it had to fall back to showing the text as one `text` block
/// because its rewrites did not leave it inert (a sanitizer bug the fuzzer looks for).
pub fn sanitize_checked(text: &str) -> (Vec<String>, bool) {
    let text = text.replace("\r\n", "\n").replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n").replace('\t', "    ");
    let text = dedent(&escape_invisible(&text));
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return (Vec::new(), false);
    }
    let mut markdown = text.to_owned();
    for _ in 0..MAX_PASSES {
        let rewritten = rewrite(&markdown);
        let mut lines: Vec<String> =
            fix_continuations(&rewritten).into_iter().map(|l| l.trim_end().to_owned()).collect();
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        while lines.first().is_some_and(String::is_empty) {
            lines.remove(0);
        }
        let next = dedent(&lines.join("\n"));
        if next == markdown {
            break;
        }
        markdown = next;
    }
    if doc_check::is_inert(&markdown) {
        return (markdown.lines().map(str::to_owned).collect(), false);
    }
    (literal(text), true)
}

/// The text as one `text` block, fenced by more backticks than it holds: nothing inside can
/// end it, and nothing inside is Markdown.
fn literal(text: &str) -> Vec<String> {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    let mut lines = vec![format!("{fence}text")];
    lines.extend(text.lines().map(|l| l.trim_end().to_owned()));
    lines.push(fence);
    lines
}

/// The text without the indentation all its non-blank lines share, so that the place it is
/// put in (rustdoc removes what all lines of a doc comment share) does not change its blocks.
fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    if indent == 0 {
        return text.to_owned();
    }
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.get(indent..).filter(|_| l[..indent].trim().is_empty()).unwrap_or(l.trim_start()))
        .collect();
    lines.join("\n")
}

/// What a line inside the same containers as `prefix` starts with: block quote markers
/// stay, list markers and footnote labels become spaces.
fn continuation(prefix: &str) -> String {
    prefix.chars().map(|c| if c == '>' { '>' } else { ' ' }).collect()
}

/// Apply markdown-aware edits to the source text: code blocks become `text` blocks (in
/// whatever container they sit), HTML is escaped, stray brackets escaped and bare URLs
/// wrapped.
fn rewrite(text: &str) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    // An indented code block being read: where each line's text starts, and the text.
    let mut indented: Option<(Vec<usize>, String)> = None;
    let mut in_code = false;
    let mut in_link = 0usize;
    // How many containers (list items, block quotes, footnotes) hold the current event.
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, doc_check::rustdoc_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                in_code = true;
                fenced_block_edits(text, range, !is_known_non_rust(&info), depth == 0, &mut edits);
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                in_code = true;
                indented = Some((Vec::new(), String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                if let Some((starts, body)) = indented.take() {
                    indented_block_edits(text, range, &starts, &body, &mut edits);
                }
            }
            Event::Text(t) if in_code => {
                if let Some((starts, body)) = &mut indented {
                    starts.push(range.start);
                    body.push_str(&t);
                }
            }
            Event::Text(_) => {
                let src = &text[range.clone()];
                // `\[` is read as a text event of `[` alone: it is escaped already.
                let escaped_before = text[..range.start].ends_with('\\');
                let escaped = match src.chars().next() {
                    Some(first) if escaped_before => {
                        format!("{first}{}", escape_text(&src[first.len_utf8()..], in_link > 0))
                    }
                    _ => escape_text(src, in_link > 0),
                };
                if escaped != src {
                    edits.push((range, escaped));
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
    // Insertions (empty ranges) before edits that start at the same place.
    edits.sort_by_key(|(r, _)| (r.start, r.end));
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

/// A fenced block, where it stands: its info string becomes `text` when rustdoc could take
/// it for Rust, and a top-level block the text never closes is closed (what follows the
/// description must not land inside it; in a container, the container's end closes it).
/// Only the opening line and the end change, so the block keeps its container (list item,
/// block quote, footnote) and its closing fence.
fn fenced_block_edits(
    text: &str,
    range: std::ops::Range<usize>,
    retag: bool,
    top_level: bool,
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
) {
    let opening = &text[range.start..];
    let marker = opening.chars().next().unwrap_or('`');
    let width = opening.chars().take_while(|c| *c == marker).count();
    let line_end = opening.find('\n').map_or(text.len(), |i| range.start + i);
    if retag {
        edits.push((range.start + width..line_end, "text".to_owned()));
    }
    if !top_level {
        return;
    }
    // A top-level block is closed by a line of at least as many of its fence characters,
    // indented less than four spaces.
    let block = &text[range.clone()];
    let closed = block.contains('\n') && {
        let last = block.trim_end_matches('\n').rsplit('\n').next().unwrap_or_default();
        let fence = last.trim_start_matches(' ');
        last.len() - fence.len() < 4
            && fence.chars().take_while(|c| *c == marker).count() >= width
            && fence.trim_start_matches(marker).trim().is_empty()
    };
    if !closed {
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = continuation(&text[line_start..range.start]);
        let fence: String = std::iter::repeat_n(marker, width).collect();
        let (before, after) = if text[..range.end].ends_with('\n') { ("", "\n") } else { ("\n", "") };
        edits.push((range.end..range.end, format!("{before}{prefix}{fence}{after}")));
    }
}

/// An indented block becomes a fenced `text` block in the same container: the fence opens
/// where the first line's code indentation was, each line loses its four spaces of code
/// indentation, and the fence closes after the last line with the container's prefix.
fn indented_block_edits(
    text: &str,
    range: std::ops::Range<usize>,
    starts: &[usize],
    body: &str,
    edits: &mut Vec<(std::ops::Range<usize>, String)>,
) {
    let fence = "`".repeat(longest_backtick_run(body).max(2) + 1);
    let code_indent = |start: usize| start >= 4 && text.get(start - 4..start) == Some("    ");
    let Some(&first) = starts.iter().find(|s| code_indent(**s)) else {
        // No line of it starts after four spaces (it cannot happen once tabs are spaces):
        // nothing to convert, and the check after sanitizing decides.
        return;
    };
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let prefix = continuation(&text[line_start..first - 4]);
    for &start in starts.iter().filter(|s| code_indent(**s)) {
        let replacement = if start == first { format!("{fence}text\n{prefix}") } else { String::new() };
        edits.push((start - 4..start, replacement));
    }
    let (before, after) = if text[..range.end].ends_with('\n') { ("", "\n") } else { ("\n", "") };
    edits.push((range.end..range.end, format!("{before}{prefix}{fence}{after}")));
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
        assert_eq!(out.iter().filter(|l| l.starts_with("```text")).count(), 2, "{out:?}");
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
        assert_eq!(tilde[1], "~~~text", "{tilde:?}");
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

    /// Payloads that would write a file if rustdoc compiled them, in every Markdown container
    /// rustdoc knows (list items of each marker, nested lists, block quotes with and without a
    /// space, tildes, indented code, footnotes) and behind HTML blocks.
    pub(crate) const CONTAINED: [&str; 22] = [
        "- item\n\n  ```\n  fn main() {}\n  ```\nafter",
        "- ```\n  fn main() {}\n  ```",
        "* ```rust\n  fn main() {}\n  ```",
        "+ a\n\n  ~~~\n  fn main() {}\n  ~~~",
        "1. ```\n   fn main() {}\n   ```",
        "3) ```\n   fn main() {}\n   ```",
        "- a\n  - b\n    ```\n    fn main() {}\n    ```",
        "-\t```\n\tfn main() {}\n\t```",
        "-     fn main() {}\n      more();",
        "> ```\n> fn main() {}\n> ```",
        ">```\n>fn main() {}\n>```",
        "> ~~~ignore\n> fn main() {}\n> ~~~",
        "> quote\n>\n>     fn main() {}",
        "> - ```\n>   fn main() {}\n>   ```",
        "text[^1]\n\n[^1]: note\n\n    ```\n    fn main() {}\n    ```",
        "[^x]: ```\n    fn main() {}\n    ```",
        "<div>\n```\n</div>\n\n```\nfn main() {}\n```",
        "<details>\n\n```\nfn main() {}\n```\n\n</details>",
        "<!--\n```\n-->\nfn main() {}\n```",
        "```\nunclosed, what follows lands inside",
        "- ```\n  unclosed in an item",
        "    fn main() {}\n\n  text\n\n    ```\n    fn main() {}",
    ];

    #[test]
    fn no_code_block_in_any_container_compiles() {
        for text in CONTAINED {
            let (lines, fell_back) = super::sanitize_checked(text);
            let md = lines.join("\n");
            assert!(!fell_back, "{text:?} needed the fallback");
            assert!(super::doc_check::is_inert(&md), "{text:?} gave {md:?}");
            assert!(md.contains("fn main() {}") || md.contains("unclosed"), "the text is kept: {md:?}");
        }
    }

    #[test]
    fn a_contained_block_keeps_its_container() {
        assert_eq!(sanitize("> ```\n> let x = 1;\n> ```"), ["> ```text", "> let x = 1;", "> ```"]);
        assert_eq!(sanitize("- ```\n  let x = 1;\n  ```"), ["- ```text", "  let x = 1;", "  ```"]);
        assert_eq!(sanitize(">     let x = 1;"), ["> ```text", "> let x = 1;", "> ```"]);
        assert_eq!(sanitize("-     let x = 1;"), ["- ```text", "  let x = 1;", "  ```"]);
    }

    #[test]
    fn text_that_cannot_be_made_inert_is_shown_as_it_is() {
        let out = super::literal("a\n````\nb");
        assert_eq!(out, ["`````text", "a", "````", "b", "`````"]);
        assert!(super::doc_check::is_inert(&out.join("\n")));
    }

    /// Markdown built from the pieces that open, continue and close blocks.
    fn markdown() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "\n",
            "\n\n",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "> ",
            ">",
            "  ",
            "    ",
            "\t",
            "```",
            "~~~",
            "````",
            "```rust",
            "```text",
            "~~~ignore",
            "[^1]: ",
            "[^1]",
            "<div>",
            "</div>",
            "<!--",
            "-->",
            "<pre>",
            "`",
            "fn main() {}",
            "text",
            "[x]",
            "https://x.io/a",
            "|a|b|\n|-|-|",
            "#",
            "\\",
            "<",
            "]",
            "&lt;",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Whatever the text, the sanitized lines compile as nothing and leave nothing open;
        /// the fallback (everything in one `text` block) is never needed.
        #[test]
        fn sanitized_text_is_inert(text in markdown()) {
            let (lines, fell_back) = super::sanitize_checked(&text);
            proptest::prop_assert!(!fell_back, "{text:?} needed the fallback");
            proptest::prop_assert!(super::doc_check::is_inert(&lines.join("\n")), "{text:?} -> {lines:?}");
            proptest::prop_assert_eq!(super::sanitize(&lines.join("\n")), lines.clone(), "sanitizing twice changes nothing");
        }
    }

    #[test]
    fn list_continuations_are_indented() {
        let out = sanitize("- one\ncontinued\n- two");
        assert_eq!(out, ["- one", "  continued", "- two"]);
    }
}
