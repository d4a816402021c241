//! Realtime server events decoded per second, as a session decodes each message (the type
//! peeked, then the generated union read), against serde_json's derive on the same shapes:
//! `#[serde(tag = "type")]` enums of derived structs written here, which is what a crate
//! without the generator's own (de)serialization would use.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use openai_client::types::RealtimeServerEvent;
use serde::Deserialize;

/// A response as a session receives it: created, 40 text deltas, 20 transcript deltas, done.
fn messages() -> Vec<String> {
    let mut out = vec![serde_json::json!({"type": "response.created", "event_id": "e0",
        "response": {"object": "realtime.response", "id": "resp_1", "status": "in_progress", "output": []}})
    .to_string()];
    for i in 0..40 {
        out.push(serde_json::json!({"type": "response.output_text.delta", "event_id": format!("e{i}"), "response_id": "resp_1",
            "item_id": "item_1", "output_index": 0, "content_index": 0, "delta": "some words "}).to_string());
    }
    for i in 0..20 {
        out.push(
            serde_json::json!({"type": "response.output_audio_transcript.delta", "event_id": format!("t{i}"),
            "response_id": "resp_1", "item_id": "item_1", "output_index": 0, "content_index": 0, "delta": "spoken "})
            .to_string(),
        );
    }
    out.push(
        serde_json::json!({"type": "response.done", "event_id": "e99",
        "response": {"object": "realtime.response", "id": "resp_1", "status": "completed",
                     "output": [{"id": "item_1", "type": "message", "status": "completed", "role": "assistant",
                                 "content": [{"type": "output_text", "text": "some words"}]}]}})
        .to_string(),
    );
    out
}

/// The same events with serde's derive.
#[derive(Deserialize)]
#[serde(tag = "type")]
#[allow(dead_code, reason = "fields are read to be decoded, not used")]
enum Derived {
    #[serde(rename = "response.created")]
    Created { event_id: String, response: DerivedResponse },
    #[serde(rename = "response.output_text.delta")]
    TextDelta(DerivedDelta),
    #[serde(rename = "response.output_audio_transcript.delta")]
    TranscriptDelta(DerivedDelta),
    #[serde(rename = "response.done")]
    Done { event_id: String, response: DerivedResponse },
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are read to be decoded, not used")]
struct DerivedDelta {
    event_id: String,
    response_id: String,
    item_id: String,
    output_index: i64,
    content_index: i64,
    delta: String,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are read to be decoded, not used")]
struct DerivedResponse {
    object: Option<String>,
    id: Option<String>,
    status: Option<String>,
    output: Option<Vec<DerivedItem>>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are read to be decoded, not used")]
struct DerivedItem {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    status: Option<String>,
    role: Option<String>,
    content: Option<Vec<serde_json::Value>>,
}

fn decode(c: &mut Criterion) {
    let messages = messages();
    let mut group = c.benchmark_group("realtime_server_events");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("session (peek type + generated union)", |b| {
        b.iter(|| {
            for m in &messages {
                let kind = oagen_runtime_peek(m);
                let event: RealtimeServerEvent = serde_json::from_str(m).unwrap();
                assert!(!matches!(event, RealtimeServerEvent::Unknown(_)) && kind.is_some());
            }
        })
    });
    group.bench_function("serde_json derive", |b| {
        b.iter(|| {
            for m in &messages {
                let event: Derived = serde_json::from_str(m).unwrap();
                std::hint::black_box(event);
            }
        })
    });
    group.finish();
}

/// What a session reads before decoding: the message's `type`.
fn oagen_runtime_peek(message: &str) -> Option<String> {
    openai_client::runtime::websocket::peek_tag(message.as_bytes(), "type").unwrap()
}

criterion_group!(benches, decode);
criterion_main!(benches);
