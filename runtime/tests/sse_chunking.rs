//! Any split of a valid event stream into chunks yields the same events as the whole stream:
//! at every single byte boundary, byte by byte, and at random boundaries.

use oagen_runtime::sse::{Decoder, Event};
use proptest::prelude::*;

fn decode(chunks: &[&[u8]]) -> Vec<Event> {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    for c in chunks {
        d.feed(c, &mut out).unwrap();
    }
    d.finish();
    out
}

/// One line of a stream: fields, comments, field names without colons, odd spacing.
fn line() -> impl Strategy<Value = String> {
    let text = "[a-zA-Z0-9 {}\":,é✓\\[\\]]{0,12}";
    prop_oneof![
        text.prop_map(|t| format!("data: {t}")),
        text.prop_map(|t| format!("data:{t}")),
        Just("data".to_owned()),
        "[a-z._]{1,10}".prop_map(|t| format!("event: {t}")),
        "[0-9a-z]{0,6}".prop_map(|t| format!("id: {t}")),
        "[0-9]{1,5}".prop_map(|t| format!("retry: {t}")),
        text.prop_map(|t| format!(": {t}")),
        "[a-z]{1,6}".prop_map(|t| format!("{t}: ignored")),
        Just(String::new()),
    ]
}

fn newline() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("\n"), Just("\r\n"), Just("\r")]
}

/// A stream: lines with mixed line ends, optionally a BOM, ending with a blank line.
fn stream() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), prop::collection::vec((line(), newline()), 0..40), newline()).prop_map(|(bom, lines, end)| {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        for (l, nl) in lines {
            out.extend_from_slice(l.as_bytes());
            out.extend_from_slice(nl.as_bytes());
        }
        out.extend_from_slice(end.as_bytes());
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_two_way_split_gives_the_same_events(bytes in stream()) {
        let whole = decode(&[&bytes]);
        for i in 0..=bytes.len() {
            let (a, b) = bytes.split_at(i);
            prop_assert_eq!(&decode(&[a, b]), &whole, "split at {}", i);
        }
    }

    #[test]
    fn byte_by_byte_gives_the_same_events(bytes in stream()) {
        let whole = decode(&[&bytes]);
        let singles: Vec<&[u8]> = bytes.chunks(1).collect();
        prop_assert_eq!(decode(&singles), whole);
    }

    #[test]
    fn random_chunkings_give_the_same_events(bytes in stream(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let whole = decode(&[&bytes]);
        let mut positions: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
        positions.sort_unstable();
        positions.dedup();
        let mut chunks = Vec::new();
        let mut start = 0;
        for p in positions {
            chunks.push(&bytes[start..p]);
            start = p;
        }
        chunks.push(&bytes[start..]);
        prop_assert_eq!(decode(&chunks), whole);
    }
}
