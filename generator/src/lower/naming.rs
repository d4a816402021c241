//! Every naming decision in one place: case conversion, escaping of Rust keywords, names
//! that cannot start an identifier, and deterministic collision handling.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Words Rust reserves, in every edition the generated code may be compiled with.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified (prelude and std names); a schema of that
/// name gets a suffix instead of shadowing them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "AsRef",
    "AsMut",
    "Extend",
    "Self",
    "Cow",
    "BTreeMap",
    "Formatter",
];

/// Split an UpperCamelCase identifier into its words.
pub fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate().skip(1) {
        let prev = chars[i - 1].1;
        let boundary = (c.is_uppercase() && !prev.is_uppercase())
            || (c.is_ascii_digit() && !prev.is_ascii_digit())
            || (!c.is_ascii_digit() && prev.is_ascii_digit() && c.is_uppercase());
        if boundary {
            words.push(&name[start..pos]);
            start = pos;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// A character a generated name keeps (besides `_`): an ASCII letter or digit, or a letter
/// beyond ASCII that may start a Rust identifier (`豈`, `é`). Other digits (`²`, `١`) and
/// combining marks are not valid everywhere in an identifier, or draw the
/// `uncommon_codepoints` lint, so they are dropped.
fn identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && unicode_ident::is_xid_start(c))
}

/// Dropping a character that had no case (a mark before `a`) can leave a lower-case start.
fn upper_first(name: &mut str) {
    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name[..1].make_ascii_uppercase();
    }
}

/// An UpperCamelCase type name for any text (a component name, a hint built from a path).
pub fn type_name(raw: &str) -> String {
    let mut name = raw.to_upper_camel_case();
    name.retain(|c| identifier_char(c) || c == '_');
    if name.is_empty() {
        return "Unnamed".to_owned();
    }
    upper_first(&mut name);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Type");
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Schema");
    }
    name
}

/// A snake_case identifier for a field, parameter or method; keywords become raw (`r#type`).
pub fn snake_name(raw: &str, fallback: &str) -> String {
    let mut name = raw.to_snake_case();
    name.retain(|c| identifier_char(c) || c == '_');
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, &format!("{fallback}_"));
    }
    escape_keyword(name)
}

/// An UpperCamelCase variant name for an enum value.
pub fn variant_name(wire: &str) -> String {
    let mut name = wire.to_upper_camel_case();
    name.retain(identifier_char);
    if name.is_empty() {
        name = if wire.is_empty() { "Empty".to_owned() } else { symbol_name(wire) };
    }
    upper_first(&mut name);
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// A SCREAMING_SNAKE_CASE constant name for a known value of an open string.
pub fn const_name(wire: &str) -> String {
    let mut name = wire.to_shouty_snake_case();
    name.retain(|c| identifier_char(c) || c == '_');
    if name.is_empty() {
        name = if wire.is_empty() { "EMPTY".to_owned() } else { symbol_name(wire).to_uppercase() };
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// Names for values made only of punctuation (`+`, `-`, `*`).
fn symbol_name(wire: &str) -> String {
    let mut out = String::new();
    for c in wire.chars() {
        let word = match c {
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Star",
            '/' => "Slash",
            '.' => "Dot",
            '<' => "Lt",
            '>' => "Gt",
            '=' => "Eq",
            '!' => "Bang",
            '?' => "Question",
            '@' => "At",
            '#' => "Hash",
            '$' => "Dollar",
            '%' => "Percent",
            '&' => "And",
            '|' => "Pipe",
            '^' => "Caret",
            '~' => "Tilde",
            ':' => "Colon",
            ' ' => "Space",
            _ => "Symbol",
        };
        out.push_str(word);
    }
    out
}

/// The client method that sends a configured header on every call: the header's words in
/// snake case, without a first word naming the API (`OpenAI-Organization` with the prefix
/// `OPENAI` → `organization`, `Nimbus-Project` with `NIMBUS_AI` → `project`; `X-Tenant-Id` →
/// `x_tenant_id`).
pub fn header_setter_name(header: &str, api_prefix: &str) -> String {
    let words: Vec<&str> = header.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let words = match words.split_first() {
        Some((first, rest))
            if !rest.is_empty() && api_prefix.split('_').next().is_some_and(|p| first.eq_ignore_ascii_case(p)) =>
        {
            rest
        }
        _ => &words[..],
    };
    snake_name(&words.join("_"), "header")
}

/// The struct of an operation's query and header parameters: `ListFilesParams`.
pub fn params_type_name(method: &crate::ir::Ident) -> String {
    format!("{}Params", method.as_str().to_upper_camel_case())
}

/// The enum of an operation's documented error bodies (`GetPetError`).
pub fn error_type_name(method: &crate::ir::Ident) -> String {
    format!("{}Error", method.as_str().to_upper_camel_case())
}

pub fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        if NOT_RAW.contains(&name.as_str()) {
            format!("{name}_")
        } else {
            format!("r#{name}")
        }
    } else {
        name
    }
}

/// The text in Unicode Normalization Form C, as rustc normalizes identifiers.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// A set of names already taken in one scope. `claim` hands out the requested name, or the
/// first of `name2`, `name3`, ... that is free, so the result depends only on claim order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// The name, or a numbered one if it is taken. Names are compared, and handed out, in
    /// Unicode NFC: rustc reads identifiers that way, so two spellings of `é` are one name.
    pub fn claim(&mut self, name: &str) -> String {
        let normalized = nfc(name);
        let name = normalized.as_ref();
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        // `r#type` taken twice becomes `type_2`, which needs no escaping.
        let base = name.strip_prefix("r#").unwrap_or(name);
        // `self_` numbers as `self_2`: a doubled underscore is not snake case to rustc.
        let sep = if base.ends_with('_') {
            ""
        } else if base.contains('_') || base.chars().all(|c| !c.is_uppercase()) {
            "_"
        } else {
            ""
        };
        for n in 2.. {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(&*nfc(name))
    }

    /// The name of the variant that keeps values the document does not list: `Unknown`,
    /// unless a listed value already took it.
    pub fn fallback(&self) -> String {
        ["Unknown", "Other", "UnknownValue"]
            .into_iter()
            .find(|n| !self.contains(n))
            .unwrap_or("UnknownVariant")
            .to_owned()
    }
}

/// Whether `name` (before any extension) is a device name of Windows (`con`, `prn`, `aux`,
/// `nul`, `com0`–`com9`, `lpt0`–`lpt9`, any case), which no file or folder can have there:
/// `con.rs` cannot be checked out.
pub(crate) fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().to_ascii_lowercase();
    match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        _ => {
            let (prefix, digit) = stem.split_at(stem.len().min(3));
            (prefix == "com" || prefix == "lpt") && digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_device_names_are_known_in_any_case() {
        for name in ["con", "CON", "aux", "Nul", "prn", "com1", "COM9", "lpt3", "con.rs"] {
            assert!(is_windows_device_name(name), "{name}");
        }
        for name in ["console", "com", "com10", "lpt", "auxiliary", "icon"] {
            assert!(!is_windows_device_name(name), "{name}");
        }
    }

    #[test]
    fn operation_ids_of_every_style() {
        assert_eq!(snake_name("createChatCompletion", "op"), "create_chat_completion");
        assert_eq!(snake_name("list-invites", "op"), "list_invites");
        assert_eq!(snake_name("ListContainers", "op"), "list_containers");
        assert_eq!(snake_name("Getorganizationspendlimit", "op"), "getorganizationspendlimit");
    }

    #[test]
    fn header_setters_drop_the_api_name() {
        assert_eq!(header_setter_name("OpenAI-Organization", "OPENAI"), "organization");
        assert_eq!(header_setter_name("OpenAI-Project", "OPENAI"), "project");
        assert_eq!(header_setter_name("Nimbus-Project", "NIMBUS_AI"), "project");
        assert_eq!(header_setter_name("X-Tenant-Id", "ACME"), "x_tenant_id");
        // A header that is only the API's name keeps it.
        assert_eq!(header_setter_name("OpenAI", "OPENAI"), "open_ai");
        assert_eq!(header_setter_name("Type", "ACME"), "r#type");
    }

    #[test]
    fn keywords_and_digits() {
        assert_eq!(snake_name("type", "field"), "r#type");
        assert_eq!(snake_name("self", "field"), "self_");
        assert_eq!(snake_name("1st", "field"), "field_1st");
        // Digits and marks beyond ASCII cannot start (or are not part of) an identifier.
        assert_eq!(snake_name("x²", "field"), "x");
        assert_eq!(snake_name("\u{661}abc", "field"), "abc");
        assert_eq!(snake_name("\u{6d9}il~e", "field"), "il_e");
        assert_eq!(snake_name("\u{6d9}", "field"), "field");
        assert_eq!(snake_name("\u{8C48}", "field"), "\u{8C48}");
        assert_eq!(type_name("\u{6d9}a"), "A");
        assert_eq!(variant_name("\u{661}\u{662}"), "SymbolSymbol");
        assert_eq!(variant_name("1024x1024"), "V1024x1024");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("-"), "Minus");
        assert_eq!(variant_name("gpt-4o-mini"), "Gpt4oMini");
        assert_eq!(type_name("Option"), "OptionSchema");
        assert_eq!(const_name("gpt-4o"), "GPT_4O");
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("Foo"), "Foo");
        assert_eq!(ns.claim("Foo"), "Foo2");
        assert_eq!(ns.claim("foo_bar"), "foo_bar");
        assert_eq!(ns.claim("foo_bar"), "foo_bar_2");
        assert_eq!(ns.claim("self_"), "self_");
        assert_eq!(ns.claim("self_"), "self_2");
    }

    #[test]
    fn names_equal_in_nfc_are_one_name() {
        let mut ns = Namespace::default();
        // U+F900 is a compatibility ideograph whose NFC form is U+8C48.
        assert_eq!(ns.claim("\u{8C48}"), "\u{8C48}");
        assert_eq!(ns.claim("\u{F900}"), "\u{8C48}_2");
        assert!(ns.contains("\u{F900}"));
    }

    #[test]
    fn camel_words_split() {
        assert_eq!(camel_words("ChatCompletionRequestMessage"), ["Chat", "Completion", "Request", "Message"]);
        assert_eq!(camel_words("V1024x1024"), ["V", "1024x", "1024"]);
    }
}
