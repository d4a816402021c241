//! The doc sanitizer on arbitrary text: whatever a document's description holds, what the
//! sanitizer writes holds no code block rustdoc would compile, leaves no container or fence
//! open for the doc lines that follow, and never needs the fallback (the whole text shown as
//! one `text` block), which is there only in case the rewrites miss a construct.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (lines, fell_back) = oagen::doc_text::sanitize_checked(text);
    let markdown = lines.join("\n");
    assert!(oagen::doc_text::is_inert(&markdown), "not inert: {text:?}\n->\n{markdown}");
    assert!(!fell_back, "the sanitizer needed its fallback for {text:?}");
});
