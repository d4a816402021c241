//! Server-sent events, decoded as the HTML standard's event-stream rules say
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>):
//!
//! - lines end with CR LF, LF or CR, and a line ending may be split across chunks;
//! - a leading byte order mark is skipped;
//! - `:` starts a comment (keep-alives); a line without `:` is a field with an empty value;
//!   one space after the colon is dropped;
//! - `data` lines are joined with `\n`; `event`, `id` (unless it holds NUL) and `retry`
//!   (digits only) set the event's other fields; unknown fields are ignored;
//! - an `id` persists for the events after it until another replaces it (an empty `id`
//!   clears it); it becomes the stream's last event id ([`Decoder::last_event_id`], what a
//!   reconnection sends as `Last-Event-ID`) at the blank line ending its block, with or
//!   without data;
//! - `retry` sets the stream's reconnection time ([`Decoder::reconnection_time`]) at once;
//! - a blank line dispatches the event, unless it has no data;
//! - data left without a final blank line when the stream ends is discarded.
//!
//! Memory is bounded: a line or event larger than the configured maximum is an error.

use std::fmt;

/// The default largest event accepted: 16 MiB (image generation sends large base64 events).
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// The `event` field; empty means the default type, `message`.
    pub event: String,
    /// The `data` lines joined with `\n`.
    pub data: String,
    /// The last event id seen so far on the stream.
    pub id: String,
    /// A `retry` value, if this event carried one.
    pub retry: Option<u64>,
}

/// An event larger than the decoder accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit that was exceeded, in bytes.
    pub limit: usize,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a server-sent event exceeded {} bytes; raise the maximum event size if this is expected", self.limit)
    }
}

impl std::error::Error for TooLarge {}

/// An incremental event-stream decoder: feed it bytes as they arrive, in chunks of any size.
#[derive(Debug)]
pub struct Decoder {
    line: Vec<u8>,
    data: String,
    event: String,
    /// The last event id as of the last blank line.
    last_id: String,
    /// The `id` of the block being read, which its blank line makes the last event id
    /// (swapped in, not copied).
    pending_id: String,
    /// An `id` line came in the block being read.
    id_in_block: bool,
    /// A block with an `id` line has ended: `last_id` is the server's.
    id_set: bool,
    retry: Option<u64>,
    /// The latest `retry` value, kept for the whole stream.
    reconnection: Option<u64>,
    /// The previous chunk ended with CR: an LF at the start of the next one is part of it.
    after_cr: bool,
    /// Bytes seen so far, to recognise a leading BOM split across chunks.
    started: usize,
    max: usize,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new(DEFAULT_MAX_EVENT_SIZE)
    }
}

impl Decoder {
    /// A decoder accepting events of at most `max_event_size` bytes.
    pub fn new(max_event_size: usize) -> Self {
        Decoder {
            line: Vec::new(),
            data: String::new(),
            event: String::new(),
            last_id: String::new(),
            pending_id: String::new(),
            id_in_block: false,
            id_set: false,
            retry: None,
            reconnection: None,
            after_cr: false,
            started: 0,
            max: max_event_size,
        }
    }

    /// Decode a chunk, appending the events it completes to `out`.
    pub fn feed(&mut self, mut chunk: &[u8], out: &mut Vec<Event>) -> Result<(), TooLarge> {
        // The BOM (EF BB BF) is skipped only at the very start of the stream.
        while self.started < 3 && !chunk.is_empty() {
            const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
            if chunk[0] == BOM[self.started] && self.line.len() == self.started {
                self.line.push(chunk[0]);
                self.started += 1;
                chunk = &chunk[1..];
                if self.started == 3 {
                    self.line.clear();
                }
            } else {
                // Not a BOM after all: what was held back is ordinary text.
                self.started = 3;
            }
        }
        if self.after_cr {
            self.after_cr = false;
            if chunk.first() == Some(&b'\n') {
                chunk = &chunk[1..];
            }
        }
        // Complete lines are read straight from the chunk; only a line cut by the chunk's
        // end is copied, to be finished by the next one.
        while let Some(pos) = memchr::memchr2(b'\n', b'\r', chunk) {
            let end = chunk[pos];
            if self.line.is_empty() {
                self.check_size(pos)?;
                self.process_line(&chunk[..pos], out);
            } else {
                self.line.extend_from_slice(&chunk[..pos]);
                self.check_size(0)?;
                let line = std::mem::take(&mut self.line);
                self.process_line(&line, out);
                self.line = line;
                self.line.clear();
            }
            chunk = &chunk[pos + 1..];
            if end == b'\r' {
                match chunk.first() {
                    Some(b'\n') => chunk = &chunk[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(chunk);
        self.check_size(0)
    }

    /// The stream ended. Returns whether an event was left incomplete (and so discarded).
    pub fn finish(&mut self) -> bool {
        let incomplete = !self.data.is_empty() || !self.line.is_empty() || !self.event.is_empty();
        self.line.clear();
        self.data.clear();
        self.event.clear();
        // An `id` of a block never ended is not the stream's.
        self.id_in_block = false;
        incomplete
    }

    /// The stream's last event id, as of the last blank line: what a reconnection sends as
    /// `Last-Event-ID`. `None` until an `id` line was read; `Some("")` after an empty `id`
    /// cleared it (a reconnection then sends none). An `id` holding NUL is ignored.
    pub fn last_event_id(&self) -> Option<&str> {
        self.id_set.then_some(self.last_id.as_str())
    }

    /// The stream's reconnection time: the last `retry` value read (whole milliseconds;
    /// anything but digits is ignored), whichever event it came with.
    pub fn reconnection_time(&self) -> Option<std::time::Duration> {
        self.reconnection.map(std::time::Duration::from_millis)
    }

    /// Fail when the event being built, plus `pending` bytes about to join it, is too large.
    fn check_size(&self, pending: usize) -> Result<(), TooLarge> {
        if self.line.len() + pending + self.data.len() > self.max {
            Err(TooLarge { limit: self.max })
        } else {
            Ok(())
        }
    }

    fn process_line(&mut self, line: &[u8], out: &mut Vec<Event>) {
        if line.is_empty() {
            if std::mem::take(&mut self.id_in_block) {
                std::mem::swap(&mut self.last_id, &mut self.pending_id);
                self.id_set = true;
            }
            self.dispatch(out);
            return;
        }
        if line[0] == b':' {
            return;
        }
        // Line breaks are ASCII, so a complete line never splits a UTF-8 sequence.
        let line = match std::str::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        let (field, value) = match line.find(':') {
            Some(i) => {
                let value = &line[i + 1..];
                (&line[..i], value.strip_prefix(' ').unwrap_or(value))
            }
            None => (&line[..], ""),
        };
        match field {
            "event" => {
                self.event.clear();
                self.event.push_str(value);
            }
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => {
                self.pending_id.clear();
                self.pending_id.push_str(value);
                self.id_in_block = true;
            }
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits too many for a u64 are no time at all: ignored, as other junk is.
                if let Ok(ms) = value.parse() {
                    self.retry = Some(ms);
                    self.reconnection = Some(ms);
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<Event>) {
        if self.data.is_empty() {
            self.event.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        out.push(Event {
            event: std::mem::take(&mut self.event),
            data,
            id: self.last_id.clone(),
            retry: self.retry.take(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<Event> {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out).unwrap();
        }
        d.finish();
        out
    }

    fn data(events: &[Event]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn data_lines_are_joined_with_newlines() {
        assert_eq!(data(&decode(&[b"data: a\ndata: b\ndata:\n\n"])), ["a\nb\n"]);
    }

    #[test]
    fn event_id_and_retry_fields() {
        let e = decode(&[b"event: delta\nid: 7\nretry: 1500\ndata: x\n\n"]);
        assert_eq!(e, [Event { event: "delta".into(), data: "x".into(), id: "7".into(), retry: Some(1500) }]);
        let e = decode(&[b"id: 1\ndata: a\n\ndata: b\n\n"]);
        assert_eq!(e[1].id, "1", "the last event id persists");
        let e = decode(&[b"retry: 12a\nid: a\0b\ndata: x\n\n"]);
        assert_eq!((e[0].retry, e[0].id.as_str()), (None, ""), "bad retry and ids with NUL are ignored");
    }

    fn decoder(chunks: &[&[u8]]) -> Decoder {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for c in chunks {
            d.feed(c, &mut out).unwrap();
        }
        d
    }

    #[test]
    fn the_last_event_id_is_committed_at_the_blank_line() {
        assert_eq!(decoder(&[b"data: x\n\n"]).last_event_id(), None, "no id yet");
        assert_eq!(decoder(&[b"id: 1\ndata: a\n\n"]).last_event_id(), Some("1"));
        // Not yet at the blank line: the block may still be cut short.
        let d = decoder(&[b"id: 1\ndata: a\n\nid: 2\ndata: b\n"]);
        assert_eq!(d.last_event_id(), Some("1"));
        // A block without data is not dispatched, but its id is the stream's.
        assert_eq!(decoder(&[b"id: 1\ndata: a\n\nid: 2\n\n"]).last_event_id(), Some("2"));
        // Events without an id line keep the last one.
        let d = decoder(&[b"id: 1\ndata: a\n\ndata: b\n\n"]);
        assert_eq!(d.last_event_id(), Some("1"));
    }

    #[test]
    fn an_empty_id_resets_and_an_id_with_nul_is_ignored() {
        let d = decoder(&[b"id: 1\ndata: a\n\nid\ndata: b\n\n"]);
        assert_eq!(d.last_event_id(), Some(""), "`id` without a value clears it");
        let e = decode(&[b"id: 1\ndata: a\n\nid:\ndata: b\n\n"]);
        assert_eq!((e[0].id.as_str(), e[1].id.as_str()), ("1", ""));
        let d = decoder(&[b"id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n"]);
        assert_eq!(d.last_event_id(), Some("1"), "an id holding NUL changes nothing");
        let e = decode(&[b"id: 1\ndata: a\n\nid: 2\0\ndata: b\n\n"]);
        assert_eq!(e[1].id, "1");
    }

    #[test]
    fn an_id_of_a_block_cut_short_is_dropped_by_finish() {
        let mut d = decoder(&[b"id: 1\ndata: a\n\nid: 2\ndata: b"]);
        assert!(d.finish());
        assert_eq!(d.last_event_id(), Some("1"));
        let mut out = Vec::new();
        d.feed(b"data: c\n\n", &mut out).unwrap();
        assert_eq!(out[0].id, "1", "the abandoned id does not reach later events");
    }

    #[test]
    fn retry_sets_the_reconnection_time_in_milliseconds() {
        use std::time::Duration;
        assert_eq!(decoder(&[b"data: x\n\n"]).reconnection_time(), None);
        // Set at once, without a blank line or data, and kept for the stream.
        assert_eq!(decoder(&[b"retry: 250\n"]).reconnection_time(), Some(Duration::from_millis(250)));
        let d = decoder(&[b"retry: 250\ndata: a\n\ndata: b\n\n"]);
        assert_eq!(d.reconnection_time(), Some(Duration::from_millis(250)));
        // Only digits: a sign, a fraction, a unit, spaces or an empty value change nothing.
        for junk in ["retry: -5", "retry: 1.5", "retry: 10ms", "retry:  10", "retry:", "retry: 99999999999999999999999"]
        {
            let chunk = format!("retry: 40\n{junk}\n");
            let d = decoder(&[chunk.as_bytes()]);
            assert_eq!(d.reconnection_time(), Some(Duration::from_millis(40)), "{junk:?}");
        }
    }

    #[test]
    fn comments_are_keep_alives() {
        assert_eq!(data(&decode(&[b": ping\n\n: another\ndata: x\n\n"])), ["x"]);
    }

    #[test]
    fn a_field_without_colon_has_an_empty_value() {
        assert_eq!(data(&decode(&[b"data\ndata\n\n"])), ["\n"]);
        let e = decode(&[b"event\ndata: x\n\n"]);
        assert_eq!(e[0].event, "");
    }

    #[test]
    fn only_one_space_after_the_colon_is_dropped() {
        assert_eq!(data(&decode(&[b"data:  two\ndata:none\n\n"])), [" two\nnone"]);
    }

    #[test]
    fn cr_lf_and_crlf_all_end_lines() {
        assert_eq!(data(&decode(&[b"data: a\r\n\r\ndata: b\r\rdata: c\n\n"])), ["a", "b", "c"]);
    }

    #[test]
    fn a_crlf_split_across_chunks_is_one_line_end() {
        assert_eq!(data(&decode(&[b"data: a\r", b"\n\r", b"\ndata: b\n\n"])), ["a", "b"]);
    }

    #[test]
    fn a_leading_bom_is_skipped_even_when_split() {
        assert_eq!(data(&decode(&[b"\xEF\xBB", b"\xBFdata: x\n\n"])), ["x"]);
        assert_eq!(decode(&[b"\xEF\xBB\xBFdata: x\n\n"])[0].data, "x");
        // A BOM later in the stream is data.
        assert_eq!(decode(&[b"data: x\n\n\xEF\xBB\xBFdata: y\n\n"]).len(), 1);
    }

    #[test]
    fn unknown_fields_are_ignored() {
        assert_eq!(data(&decode(&[b"foo: bar\ndata: x\n\n"])), ["x"]);
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        assert!(decode(&[b"event: ping\n\n"]).is_empty());
        assert_eq!(decode(&[b"event: a\n\ndata: x\n\n"])[0].event, "", "the type is reset");
    }

    #[test]
    fn trailing_data_without_a_blank_line_is_discarded() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(b"data: complete\n\ndata: partial\n", &mut out).unwrap();
        assert!(d.finish(), "the incomplete event is reported");
        assert_eq!(data(&out), ["complete"]);
    }

    #[test]
    fn multibyte_text_split_across_chunks() {
        let text = "data: héllo ✓\n\n".as_bytes();
        let (a, b) = text.split_at(8);
        assert_eq!(data(&decode(&[a, b])), ["héllo ✓"]);
    }

    #[test]
    fn oversized_events_are_an_error() {
        let mut d = Decoder::new(16);
        let mut out = Vec::new();
        assert!(d.feed(b"data: 0123456789\n", &mut out).is_ok());
        assert_eq!(d.feed(b"data: 0123456789\n", &mut out), Err(TooLarge { limit: 16 }));
        let mut d = Decoder::new(16);
        assert!(d.feed(&[b'x'; 17], &mut out).is_err(), "an endless line is bounded too");
    }
}
