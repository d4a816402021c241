//! The event-stream decoder on arbitrary bytes: it never panics, stays within its size
//! limit, and gives the same events however the bytes are split into chunks.

#![no_main]

use libfuzzer_sys::fuzz_target;
use runtime::sse::{Decoder, Event};

fn decode(chunks: &[&[u8]], max: usize) -> Result<(Vec<Event>, bool), usize> {
    let mut decoder = Decoder::new(max);
    let mut out = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        if decoder.feed(chunk, &mut out).is_err() {
            return Err(i);
        }
    }
    let incomplete = decoder.finish();
    Ok((out, incomplete))
}

fuzz_target!(|data: &[u8]| {
    // The first two bytes choose where to split and how large an event may be.
    let (split, max, body) = match data {
        [a, b, rest @ ..] => (*a as usize, 64 + *b as usize * 64, rest),
        _ => return,
    };
    let whole = decode(&[body], max);
    let at = split.min(body.len());
    let (a, b) = body.split_at(at);
    let halves = decode(&[a, b], max);
    let bytes: Vec<&[u8]> = body.chunks(1).collect();
    let singles = decode(&bytes, max);
    if let (Ok(w), Ok(h), Ok(s)) = (&whole, &halves, &singles) {
        assert_eq!(w, h, "a split at {at} changed the events");
        assert_eq!(w, s, "byte-by-byte decoding changed the events");
        for e in &w.0 {
            assert!(e.data.len() <= max, "an event beyond the limit was accepted");
        }
    }
});
