//! What rustdoc would compile: the check behind the sanitizer ([`super::docs`]).
//!
//! Document text reaches doc comments only through the sanitizer, and the sanitizer is
//! written to leave no code block rustdoc would compile. This module does not trust it: every
//! doc comment of every generated Rust file is read back the way rustdoc reads it (the
//! attributes of an item joined, their common indentation removed, parsed with the Markdown
//! extensions rustdoc enables) and a code block rustdoc would run as a doctest is an internal
//! error of the generator. The README, which is the crate's documentation, is checked against
//! its template: document text may not add or change one of its code blocks.

use crate::error::Error;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The Markdown extensions rustdoc parses doc comments with (`main_body_opts` in rustdoc):
/// footnotes matter, they are containers a code block can sit in.
pub(crate) fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A code block rustdoc would compile, as found in a doc comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompiledBlock {
    /// The info string (`None` for an indented block).
    pub info: Option<String>,
    /// The block's text.
    pub code: String,
    /// How many containers (list items, block quotes, footnotes) hold it.
    pub depth: usize,
}

impl CompiledBlock {
    fn describe(&self) -> String {
        let kind = match &self.info {
            None => "an indented code block".to_owned(),
            Some(info) => format!("a code block with info string {info:?}"),
        };
        let first = self.code.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let first: String = first.chars().take(80).collect();
        format!("{kind} starting {first:?}")
    }
}

/// Every code block of `markdown` that rustdoc would compile.
pub(crate) fn compiled_blocks(markdown: &str) -> Vec<CompiledBlock> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut open: Option<CompiledBlock> = None;
    for event in Parser::new_ext(markdown, rustdoc_options()) {
        match event {
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match &kind {
                    CodeBlockKind::Indented => None,
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                };
                if info.as_deref().is_none_or(is_compiled) {
                    open = Some(CompiledBlock { info, code: String::new(), depth });
                }
            }
            Event::Text(text) => {
                if let Some(block) = &mut open {
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(open.take()),
            _ => {}
        }
    }
    found
}

/// Whether rustdoc compiles a fenced block with this info string. Rustdoc splits it into
/// words (on commas, spaces and tabs; `{...}` holds attributes) and compiles the block unless
/// a word it does not know as a doctest attribute is there without `rust` beside it. Words it
/// knows: `rust`, `ignore` (and `ignore-*`), `should_panic`, `no_run`, `compile_fail`,
/// `test_harness`, `standalone_crate`, `edition20xx`, error codes (`E0308`). This errs on the
/// side of "compiled": `ignore` counts, since `--ignored` runs it.
fn is_compiled(info: &str) -> bool {
    let mut other = false;
    let mut rust = false;
    let mut in_braces = false;
    for word in info.split([',', ' ', '\t', '\n']).filter(|w| !w.is_empty()) {
        // Attributes in braces (`{.class}`) say nothing about the language.
        if in_braces || word.starts_with('{') {
            in_braces = !word.ends_with('}');
            continue;
        }
        match word {
            "rust" => rust = true,
            "ignore" | "should_panic" | "no_run" | "compile_fail" | "test_harness" | "standalone_crate"
            | "standalone-crate" => rust |= !other,
            w if w.starts_with("ignore-") || w.starts_with("edition") => rust |= !other,
            w if w.len() == 5 && w.starts_with('E') && w[1..].bytes().all(|b| b.is_ascii_digit()) => rust |= !other,
            _ => other = true,
        }
    }
    !other || rust
}

/// A marker no document contains twice: the probe block's text.
const PROBE: &str = "oagen_doc_probe_0f3a9c();";

/// Whether text that follows `markdown` in the same doc comment starts afresh: a code block
/// the generator writes after it is a block of its own at the top level, not swallowed by an
/// open fence, list item, block quote, footnote or HTML block of the document's text.
fn leaves_nothing_open(markdown: &str) -> bool {
    let probed = format!("{markdown}\n\n```\n{PROBE}\n```\n");
    let blocks = compiled_blocks(&probed);
    matches!(blocks.as_slice(), [.., last] if last.code == format!("{PROBE}\n") && last.depth == 0)
        && blocks.iter().filter(|b| b.code.contains(PROBE)).count() == 1
}

/// Whether sanitized text is safe anywhere in a doc comment: nothing in it compiles, and it
/// leaves nothing open for what follows.
pub fn is_inert(markdown: &str) -> bool {
    compiled_blocks(markdown).is_empty() && leaves_nothing_open(markdown)
}

/// The text rustdoc reads from an item's doc attributes: one line per line of each, joined,
/// with the indentation all non-blank lines share removed (`unindent_doc_fragments`).
pub(crate) fn joined_doc(fragments: &[String]) -> String {
    let indent = |line: &str| line.chars().take_while(|c| *c == ' ' || *c == '\t').count();
    let min = fragments.iter().flat_map(|f| f.lines()).filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    let mut out = String::new();
    for fragment in fragments {
        for line in fragment.split('\n') {
            let cut = line.char_indices().nth(min.min(indent(line))).map_or(line.len(), |(i, _)| i);
            out.push_str(&line[cut..]);
            out.push('\n');
        }
    }
    out
}

/// Check every doc comment of a generated file; `what` names the file or item in the error.
pub fn check_file(file: &syn::File, what: &str) -> Result<(), Error> {
    let mut checker = Checker { what, error: None };
    checker.attrs(&file.attrs, "the file");
    for item in &file.items {
        checker.item(item);
    }
    checker.error.map_or(Ok(()), Err)
}

struct Checker<'a> {
    what: &'a str,
    error: Option<Error>,
}

impl Checker<'_> {
    fn attrs(&mut self, attrs: &[syn::Attribute], owner: &str) {
        if self.error.is_some() {
            return;
        }
        let fragments: Vec<String> = attrs.iter().filter_map(doc_literal).collect();
        if fragments.is_empty() {
            return;
        }
        if let Some(block) = compiled_blocks(&joined_doc(&fragments)).first() {
            self.error = Some(Error::msg(format!(
                "internal error: the documentation of {owner} in {} holds {} that rustdoc would compile as a \
                 doctest; the sanitizer of document text failed, please report this document",
                self.what,
                block.describe()
            )));
        }
    }

    fn item(&mut self, item: &syn::Item) {
        use syn::Item;
        let name = |ident: &syn::Ident| format!("`{ident}`");
        match item {
            Item::Struct(s) => {
                self.attrs(&s.attrs, &name(&s.ident));
                self.fields(&s.fields, &s.ident);
            }
            Item::Enum(e) => {
                self.attrs(&e.attrs, &name(&e.ident));
                for v in &e.variants {
                    self.attrs(&v.attrs, &format!("`{}::{}`", e.ident, v.ident));
                    self.fields(&v.fields, &v.ident);
                }
            }
            Item::Union(u) => {
                self.attrs(&u.attrs, &name(&u.ident));
                for f in &u.fields.named {
                    self.attrs(&f.attrs, &format!("a field of `{}`", u.ident));
                }
            }
            Item::Impl(i) => {
                self.attrs(&i.attrs, "an impl block");
                for member in &i.items {
                    match member {
                        syn::ImplItem::Fn(f) => self.attrs(&f.attrs, &name(&f.sig.ident)),
                        syn::ImplItem::Const(c) => self.attrs(&c.attrs, &name(&c.ident)),
                        syn::ImplItem::Type(t) => self.attrs(&t.attrs, &name(&t.ident)),
                        syn::ImplItem::Macro(m) => self.attrs(&m.attrs, "a macro call"),
                        _ => {}
                    }
                }
            }
            Item::Trait(t) => {
                self.attrs(&t.attrs, &name(&t.ident));
                for member in &t.items {
                    match member {
                        syn::TraitItem::Fn(f) => self.attrs(&f.attrs, &name(&f.sig.ident)),
                        syn::TraitItem::Const(c) => self.attrs(&c.attrs, &name(&c.ident)),
                        syn::TraitItem::Type(t) => self.attrs(&t.attrs, &name(&t.ident)),
                        _ => {}
                    }
                }
            }
            Item::Mod(m) => {
                self.attrs(&m.attrs, &format!("module `{}`", m.ident));
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    self.item(item);
                }
            }
            Item::Fn(f) => self.attrs(&f.attrs, &name(&f.sig.ident)),
            Item::Const(c) => self.attrs(&c.attrs, &name(&c.ident)),
            Item::Static(s) => self.attrs(&s.attrs, &name(&s.ident)),
            Item::Type(t) => self.attrs(&t.attrs, &name(&t.ident)),
            Item::Use(u) => self.attrs(&u.attrs, "a `use` item"),
            Item::Macro(m) => self.attrs(&m.attrs, "a macro call"),
            _ => {}
        }
    }

    fn fields(&mut self, fields: &syn::Fields, owner: &syn::Ident) {
        for (i, f) in fields.iter().enumerate() {
            let field = f.ident.as_ref().map_or_else(|| i.to_string(), ToString::to_string);
            self.attrs(&f.attrs, &format!("`{owner}::{field}`"));
        }
    }
}

/// The text of a `#[doc = "..."]` (or `#![doc = "..."]`) attribute; `None` for other
/// attributes and for docs that are not a literal (`include_str!` of the README, which is
/// checked on its own).
fn doc_literal(attr: &syn::Attribute) -> Option<String> {
    let syn::Meta::NameValue(nv) = &attr.meta else { return None };
    if !nv.path.is_ident("doc") {
        return None;
    }
    match &nv.value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    }
}

/// Check a rendered Markdown file of the crate against the same template rendered with every
/// value replaced by a neutral word: the code blocks rustdoc would compile must be the
/// template's own, as many and with the same info strings, wherever the values came from.
pub(crate) fn check_markdown_against(path: &str, rendered: &str, neutral: &str) -> Result<(), Error> {
    let shape = |text: &str| -> Vec<(Option<String>, usize)> {
        compiled_blocks(text).into_iter().map(|b| (b.info, b.depth)).collect()
    };
    let (got, want) = (shape(rendered), shape(neutral));
    if got != want {
        let extra = compiled_blocks(rendered)
            .into_iter()
            .find(|b| !compiled_blocks(neutral).iter().any(|n| n.info == b.info && n.code == b.code))
            .map(|b| format!(": {}", b.describe()))
            .unwrap_or_default();
        return Err(Error::msg(format!(
            "internal error: the document's text changed the code blocks rustdoc compiles in {path} ({} instead \
             of the template's {}){extra}; the sanitizer of document text failed, please report this document",
            got.len(),
            want.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infos(md: &str) -> Vec<Option<String>> {
        compiled_blocks(md).into_iter().map(|b| b.info).collect()
    }

    #[test]
    fn rustdoc_compiles_plain_rust_and_attribute_only_fences() {
        for info in ["", "rust", "ignore", "no_run", "should_panic", "edition2021", "rust,json", "json rust", "{.x}"] {
            assert_eq!(infos(&format!("```{info}\nx\n```\n")).len(), 1, "{info:?}");
        }
        for info in ["text", "json", "python", "json,no_run", "sh ignore", "custom"] {
            assert!(infos(&format!("```{info}\nx\n```\n")).is_empty(), "{info:?}");
        }
        assert_eq!(infos("a\n\n    indented\n"), [None]);
    }

    #[test]
    fn blocks_inside_every_container_are_found() {
        for md in [
            "- ```\n  x\n  ```\n",
            "* a\n\n  ```\n  x\n  ```\n",
            "1. ```\n   x\n   ```\n",
            "- a\n  - ```\n    x\n    ```\n",
            "> ```\n> x\n> ```\n",
            ">```\n>x\n>```\n",
            "> ~~~\n> x\n> ~~~\n",
            ">     x\n",
            "text[^1]\n\n[^1]: note\n\n    ```\n    x\n    ```\n",
        ] {
            let blocks = compiled_blocks(md);
            assert_eq!(blocks.len(), 1, "{md:?}");
            assert!(blocks[0].depth >= 1, "{md:?}");
        }
    }

    #[test]
    fn open_containers_are_seen_by_the_probe() {
        assert!(leaves_nothing_open("plain text\n\n- a list"));
        assert!(!leaves_nothing_open("```text\nnot closed"));
        assert!(!leaves_nothing_open("<!-- an HTML comment left open"));
        assert!(leaves_nothing_open("> a quote"));
    }

    #[test]
    fn joined_docs_lose_the_indentation_they_share() {
        let fragments = [" a".to_owned(), "     code".to_owned(), String::new()];
        assert_eq!(joined_doc(&fragments), "a\n    code\n\n");
        assert_eq!(infos(&joined_doc(&fragments)), Vec::<Option<String>>::new(), "a paragraph continues");
        let fragments = ["      only code".to_owned()];
        assert_eq!(joined_doc(&fragments), "only code\n");
    }

    #[test]
    fn a_file_whose_doc_compiles_is_an_internal_error() {
        let file: syn::File = syn::parse_quote! {
            /// Fine.
            pub struct A {
                /// - item
                ///
                ///   ```
                ///   fn main() {}
                ///   ```
                pub x: u8,
            }
        };
        let err = check_file(&file, "src/types/a.rs").unwrap_err().to_string();
        assert!(err.contains("`A::x` in src/types/a.rs") && err.contains("\"fn main() {}\""), "{err}");
        let fine: syn::File = syn::parse_quote! {
            //! ```text
            //! fn main() {}
            //! ```
            /// ```json
            /// {}
            /// ```
            pub enum E { /// `v`
                V }
        };
        check_file(&fine, "x.rs").unwrap();
    }
}
