//! How each operation's event stream ends, read from the document, so the runtime can tell a
//! stream cut short from a complete one (`runtime::StreamEnd`).
//!
//! Two things in a document say it, and nothing else is guessed:
//! - text about the operation or its request body that names `[DONE]` (OpenAI writes "the
//!   stream terminated by a `data: [DONE]` message" on the `stream` flag, or on an option
//!   of it): the stream ends with that sentinel;
//! - an event union tagged by `type` whose top-level family of event types (the dotted types
//!   with the fewest segments, all under one prefix: `response.created`,
//!   `response.completed`, ...) has members named `completed`, `failed`, `incomplete` or
//!   `done`: those are the final events. Deeper families (`response.mcp_call.completed`)
//!   describe a part of the answer, not its end, and are not final.
//!
//! A stream the document says neither of ends when the server closes it, as before.

use crate::ir::{Api, Operation, StreamMethod, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The sentinel data line OpenAI-style streams end with.
const SENTINEL: &str = "[DONE]";

/// Last segments of an event type that end a stream.
const FINAL_STATES: [&str; 4] = ["completed", "failed", "incomplete", "done"];

/// The `runtime::StreamEnd` of an operation's stream, as tokens.
pub fn stream_end(api: &Api, op: &Operation, stream: &StreamMethod) -> TokenStream {
    if mentions_sentinel(api, op) {
        return quote!(runtime::StreamEnd::Sentinel(#SENTINEL));
    }
    match final_events(api, stream) {
        Some(events) => quote!(runtime::StreamEnd::Events(&[#(#events),*])),
        None => quote!(runtime::StreamEnd::Close),
    }
}

/// Whether the operation's docs, its body's, or the docs of the body's fields (and of their
/// fields, one level down: `stream_options.include_usage`) name the sentinel.
fn mentions_sentinel(api: &Api, op: &Operation) -> bool {
    let names = |text: &Option<String>| text.as_deref().is_some_and(|t| t.contains(SENTINEL));
    if names(&op.summary) || names(&op.doc) {
        return true;
    }
    let Some(body) = &op.body else { return false };
    if names(&body.doc) {
        return true;
    }
    let body_types = body.contents.iter().filter_map(|c| c.ty.as_ref());
    body_types.filter_map(|t| struct_fields(api, t)).flatten().any(|field| {
        names(&field.doc) || struct_fields(api, &field.ty).is_some_and(|inner| inner.iter().any(|f| names(&f.doc)))
    })
}

/// The fields of the struct a type names, through nullability and aliases.
fn struct_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    crate::ir::struct_of(&api.types, ty).map(|(_, s)| s.fields.as_slice())
}

/// The final event types of a union of events tagged by `type`, sorted; `None` when the
/// union has no single top-level family or the family names no final state.
fn final_events(api: &Api, stream: &StreamMethod) -> Option<Vec<String>> {
    let mut ty = stream.event.as_ref()?.non_null();
    // Aliases of aliases are bounded by the arena; a cycle cannot be lowered.
    for _ in 0..api.types.len() {
        let TypeRef::Named(id) = ty else { return None };
        match &api.ty(*id).kind {
            TypeKind::Alias(inner) => ty = inner.non_null(),
            TypeKind::Union(union) if union.tag.as_deref() == Some("type") => {
                let tags: Vec<&str> = union.variants.iter().flat_map(|v| &v.tags).map(String::as_str).collect();
                return final_of_top_family(&tags);
            }
            _ => return None,
        }
    }
    None
}

fn final_of_top_family(tags: &[&str]) -> Option<Vec<String>> {
    let dotted = tags.iter().filter_map(|t| t.rsplit_once('.').map(|(prefix, state)| (*t, prefix, state)));
    let depth = |prefix: &str| prefix.matches('.').count();
    let shallowest = dotted.clone().map(|(_, prefix, _)| depth(prefix)).min()?;
    let top: Vec<(&str, &str, &str)> = dotted.filter(|(_, prefix, _)| depth(prefix) == shallowest).collect();
    let family = top.first()?.1;
    if top.iter().any(|(_, prefix, _)| *prefix != family) {
        return None;
    }
    let mut finals: Vec<String> =
        top.iter().filter(|(_, _, state)| FINAL_STATES.contains(state)).map(|(tag, _, _)| (*tag).to_owned()).collect();
    finals.sort();
    finals.dedup();
    (!finals.is_empty()).then_some(finals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_family_ends_a_stream_and_deeper_families_do_not() {
        let responses = [
            "response.created",
            "response.in_progress",
            "response.output_text.done",
            "response.mcp_call.completed",
            "response.completed",
            "response.failed",
            "response.incomplete",
            "error",
        ];
        assert_eq!(
            final_of_top_family(&responses),
            Some(vec!["response.completed".into(), "response.failed".into(), "response.incomplete".into()])
        );
        assert_eq!(
            final_of_top_family(&["speech.audio.delta", "speech.audio.done"]),
            Some(vec!["speech.audio.done".into()])
        );
        assert_eq!(
            final_of_top_family(&["image_generation.partial_image", "image_generation.completed"]),
            Some(vec!["image_generation.completed".into()])
        );
    }

    #[test]
    fn no_rule_without_one_family_or_a_final_state() {
        assert_eq!(final_of_top_family(&["a.delta", "b.completed"]), None, "two families at the top");
        assert_eq!(final_of_top_family(&["chunk.delta", "chunk.added"]), None, "nothing final");
        assert_eq!(final_of_top_family(&["message", "done"]), None, "no dotted types");
        assert_eq!(final_of_top_family(&[]), None);
    }
}
