//! Decoding and deserializing 100,000 chat completion chunks from an in-memory byte stream:
//! ours (runtime::EventStream) against eventsource-stream + serde_json, the pipeline the
//! popular hand-written crate uses, in the same run.

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eventsource_stream::Eventsource;
use futures_util::{stream, StreamExt};
use openai_client::runtime::{EventStream, ResponseMeta, StatusCode, StreamEnd};
use openai_client::types::CreateChatCompletionStreamResponse as Chunk;
use std::time::Duration;

const EVENTS: usize = 100_000;

/// The byte stream as a server sends it, cut into network-sized pieces.
fn chunks() -> Vec<Bytes> {
    let mut text = String::new();
    for i in 0..EVENTS {
        text.push_str(&format!(
            "data: {{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_abc\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"token{i} \"}},\"logprobs\":null,\"finish_reason\":null}}]}}\n\n"
        ));
    }
    text.push_str("data: [DONE]\n\n");
    text.as_bytes().chunks(1400).map(Bytes::copy_from_slice).collect()
}

fn decode(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let chunks = chunks();
    let total: usize = chunks.iter().map(Bytes::len).sum();
    let mut g = c.benchmark_group("sse_100k_chat_chunks");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(15));

    g.bench_function("baseline: eventsource-stream + serde_json", |b| {
        b.iter(|| {
            rt.block_on(async {
                let body = stream::iter(chunks.clone().into_iter().map(Ok::<_, std::io::Error>));
                let mut events = body.eventsource();
                let mut n = 0;
                while let Some(event) = events.next().await {
                    let event = event.unwrap();
                    if event.data == "[DONE]" {
                        break;
                    }
                    let chunk: Chunk = serde_json::from_str(&event.data).unwrap();
                    n += chunk.choices.len();
                }
                assert_eq!(n, EVENTS);
            })
        })
    });

    g.bench_function("runtime::EventStream", |b| {
        b.iter(|| {
            rt.block_on(async {
                let body = stream::iter(chunks.clone().into_iter().map(Ok)).boxed();
                let meta = ResponseMeta { operation: "bench", status: StatusCode::OK, headers: Default::default() };
                let mut events: EventStream<Chunk> =
                    EventStream::new(meta, body, 1 << 20, StreamEnd::Sentinel("[DONE]"));
                let mut n = 0;
                while let Some(chunk) = events.next().await {
                    n += chunk.unwrap().choices.len();
                }
                assert_eq!(n, EVENTS);
            })
        })
    });
    // The framing alone, without deserializing: where the two pipelines differ.
    g.bench_function("framing only: eventsource-stream", |b| {
        b.iter(|| {
            rt.block_on(async {
                let body = stream::iter(chunks.clone().into_iter().map(Ok::<_, std::io::Error>));
                let mut events = body.eventsource();
                let mut n = 0;
                while let Some(event) = events.next().await {
                    n += event.unwrap().data.len();
                }
                n
            })
        })
    });
    g.bench_function("framing only: runtime::sse::Decoder", |b| {
        b.iter(|| {
            let mut decoder = openai_client::runtime::sse::Decoder::default();
            let mut out = Vec::new();
            let mut n = 0;
            for chunk in &chunks {
                decoder.feed(chunk, &mut out).unwrap();
                n += out.drain(..).map(|e| e.data.len()).sum::<usize>();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
