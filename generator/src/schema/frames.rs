//! Event-stream schemas that describe the frame instead of the data.
//!
//! A `text/event-stream` schema usually describes what one event's `data:` holds. Some
//! documents describe the whole server-sent event instead: an object with `data` (and maybe
//! `event`, `id`, `retry`), or a `oneOf` of such objects, one per kind of event. The rule:
//! an object whose properties are all SSE field names (`event`, `data`, `id`, `retry`) and
//! include `data` is a frame; what an event carries is then the schema of its `data`, or, for
//! a string with `contentSchema` (JSON Schema's way to say "this string holds JSON of that
//! shape"), that content schema. Where a frame pins `event` (`const`, or an `enum`), the
//! event names select its kind.

use super::{Semantics, MAX_FOLLOW};
use crate::openapi::Schema;

/// The field names of a server-sent event (HTML standard, "event stream interpretation").
const SSE_FIELDS: [&str; 4] = ["event", "data", "id", "retry"];

/// One kind of frame an event-stream schema describes.
#[derive(Debug, Clone)]
pub struct FrameKind<'a> {
    /// The `event` names this kind is sent under (empty: not pinned).
    pub events: Vec<String>,
    /// The schema of the event's data.
    pub data: &'a Schema,
}

impl<'d> Semantics<'d> {
    /// The kinds of frame `s` describes, when it is a frame schema (see the module
    /// documentation): one for a frame object, one per member for a union of frames.
    pub fn event_frames<'a>(&self, s: &'a Schema) -> Option<Vec<FrameKind<'a>>>
    where
        'd: 'a,
    {
        let t = self.resolve(s);
        if let Some(kind) = self.frame_kind(t) {
            return Some(vec![kind]);
        }
        let members = self.non_null_members(t);
        if members.is_empty() || !t.properties.is_empty() {
            return None;
        }
        members.into_iter().map(|m| self.frame_kind(self.resolve(m))).collect()
    }

    fn frame_kind<'a>(&self, t: &'a Schema) -> Option<FrameKind<'a>>
    where
        'd: 'a,
    {
        if !t.any_of.is_empty() || !t.one_of.is_empty() {
            return None;
        }
        let names = self.property_names(t);
        if !names.iter().all(|n| SSE_FIELDS.contains(&n.as_str())) {
            return None;
        }
        let data = self.find_property(t, "data")?;
        let events = self.member_tags(t, "event", true).unwrap_or_default();
        Some(FrameKind { events, data: self.data_content(data) })
    }

    /// What a `data` field carries: the `contentSchema` of a string that declares one.
    fn data_content<'a>(&self, data: &'a Schema) -> &'a Schema
    where
        'd: 'a,
    {
        let mut s = data;
        for _ in 0..MAX_FOLLOW {
            let t = self.resolve(s);
            match &t.content_schema {
                Some(content) => s = content,
                None => return s,
            }
        }
        s
    }
}
