//! Resumable event streams end to end: a raw HTTP/1.1 server on 127.0.0.1 drops the
//! connection mid-stream (a chunked body cut off inside an event, a close before `[DONE]`),
//! and the client reconnects with `Last-Event-ID`, waits what `retry:` asked, and hands each
//! event over once, in order.

mod support;

use futures_util::StreamExt;
use openai_client::runtime::{Error, ResumePolicy};
use openai_client::types::CreateChatCompletionRequest;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

/// How one connection is answered after its request is read.
#[derive(Clone)]
enum Reply {
    /// A chunked body of these pieces, cut off without its final chunk: the client's HTTP
    /// layer reports a broken body.
    CutChunked(Vec<String>),
    /// A body delimited by the connection's close: these pieces, then the close.
    ThenClose(Vec<String>),
    /// These pieces, then silence with the connection open (for a while).
    ThenSilence(Vec<String>),
    /// An answer with this status and a JSON error body instead of a stream.
    Status(u16),
}

/// A request as the server read it.
struct Seen {
    /// The request head, lower-cased.
    head: String,
    body: Vec<u8>,
    /// When the request had been read.
    at: Instant,
    /// When the answer to it ended (the drop).
    ended: Instant,
}

impl Seen {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| l.strip_prefix(&format!("{name}:")).map(|v| v.trim().to_owned()))
    }
}

/// Serve connection `i` with `replies[i]` (the last again for any after); every request is
/// sent on the channel once its answer ended, and counted.
async fn serve(replies: Vec<Reply>) -> (String, mpsc::UnboundedReceiver<Seen>, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let i = counted.fetch_add(1, Ordering::SeqCst);
            let (head, body) = support::read_request_with_head(&mut socket).await;
            let at = Instant::now();
            let reply = replies[i.min(replies.len() - 1)].clone();
            match reply {
                Reply::CutChunked(pieces) => {
                    let head =
                        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
                    socket.write_all(head.as_bytes()).await.unwrap();
                    for piece in pieces {
                        let chunk = format!("{:x}\r\n{piece}\r\n", piece.len());
                        socket.write_all(chunk.as_bytes()).await.unwrap();
                        socket.flush().await.unwrap();
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                }
                Reply::ThenClose(pieces) | Reply::ThenSilence(pieces) => {
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
                    socket.write_all(head.as_bytes()).await.unwrap();
                    for piece in &pieces {
                        socket.write_all(piece.as_bytes()).await.unwrap();
                        socket.flush().await.unwrap();
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                    if matches!(replies[i.min(replies.len() - 1)], Reply::ThenSilence(_)) {
                        // Kept open, silent, until the client gives up on it.
                        let mut rest = [0u8; 64];
                        let _ = tokio::time::timeout(Duration::from_secs(10), socket.read(&mut rest)).await;
                    }
                }
                Reply::Status(204) => {
                    socket.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n").await.unwrap();
                }
                Reply::Status(status) => {
                    let body = r#"{"error":{"message":"no such stream","type":"invalid_request_error"}}"#;
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    socket.write_all(answer.as_bytes()).await.unwrap();
                }
            }
            drop(socket);
            tx.send(Seen { head, body, at, ended: Instant::now() }).ok();
        }
    });
    (url, rx, count)
}

/// One chat chunk event whose delta is `text`, with an id of `id`.
fn event(id: &str, text: &str) -> String {
    let data = json!({
        "id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"content": text}, "logprobs": null, "finish_reason": null}]
    });
    format!("id: {id}\ndata: {data}\n\n")
}

fn client(url: &str) -> openai_client::Client {
    let config = openai_client::Client::builder().base_url(url).api_key("sk-test").build().unwrap();
    openai_client::Client::with_config(config).unwrap()
}

fn request() -> CreateChatCompletionRequest {
    serde_json::from_value(json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Count"}]})).unwrap()
}

/// The text of each item, or the error's message.
async fn texts(
    stream: impl futures_util::Stream<Item = Result<impl serde::Serialize, Error>>,
) -> Vec<Result<String, Error>> {
    stream
        .map(|item| {
            item.map(|chunk| {
                let value: Value = serde_json::to_value(chunk).unwrap();
                value.pointer("/choices/0/delta/content").and_then(Value::as_str).unwrap_or_default().to_owned()
            })
        })
        .collect()
        .await
}

#[tokio::test]
async fn a_stream_dropped_twice_resumes_from_the_last_id_and_delivers_each_event_once() {
    let (url, mut seen, count) = serve(vec![
        // `retry:` asks for 40 ms; the connection breaks inside event 3.
        Reply::CutChunked(vec![
            "retry: 40\n".into(),
            event("1", "one"),
            event("2", "two"),
            "id: 3\ndata: {\"id\"".into(),
        ]),
        // The server replays event 2 (already delivered), goes on, and closes before `[DONE]`.
        Reply::ThenClose(vec![event("2", "two"), event("3", "three"), event("4", "four")]),
        Reply::ThenClose(vec![event("5", "five"), "data: [DONE]\n\n".into()]),
    ])
    .await;
    let client = client(&url);
    // One attempt in a row is enough: the count starts again after each new event. The
    // policy's own delay is far longer than the test's bound: only `retry:` can be waited.
    let policy = ResumePolicy::new(1).delay(Duration::from_secs(60));
    let call = client.create_chat_completion_stream(&request()).resume(policy);
    let items = tokio::time::timeout(Duration::from_secs(20), async { texts(call.await.unwrap()).await })
        .await
        .expect("the server's `retry:` (40 ms) is waited, not the policy's 60 s");
    let items: Vec<String> = items.into_iter().map(|i| i.unwrap()).collect();
    assert_eq!(items, ["one", "two", "three", "four", "five"], "each event once, in order");

    let mut requests = Vec::new();
    for _ in 0..3 {
        requests.push(tokio::time::timeout(Duration::from_secs(5), seen.recv()).await.unwrap().unwrap());
    }
    assert_eq!(count.load(Ordering::SeqCst), 3, "two drops, two reconnections");
    assert_eq!(requests[0].header("last-event-id"), None);
    assert_eq!(requests[1].header("last-event-id").as_deref(), Some("2"), "the id of the last complete event");
    assert_eq!(requests[2].header("last-event-id").as_deref(), Some("4"));
    for r in &requests[1..] {
        assert_eq!(r.body, requests[0].body, "the same body is sent again");
        assert_eq!(r.header("authorization").as_deref(), Some("bearer sk-test"), "with the same credentials");
        assert!(r.head.starts_with("post /chat/completions "), "{}", r.head);
    }
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["stream"], json!(true));
    for pair in requests.windows(2) {
        let waited = pair[1].at.duration_since(pair[0].ended);
        assert!(waited >= Duration::from_millis(40), "the `retry:` wait is honoured: {waited:?}");
    }
}

#[tokio::test]
async fn resumption_stops_after_its_attempts_with_an_error_naming_the_operation() {
    let (url, mut seen, count) = serve(vec![
        Reply::ThenClose(vec![event("7", "seven")]),
        // Every reconnection is accepted, then closed before any event.
        Reply::ThenClose(vec![": keep-alive\n\n".into()]),
    ])
    .await;
    let client = client(&url);
    let policy = ResumePolicy::new(2).delay(Duration::from_millis(10));
    let stream = client.create_chat_completion_stream(&request()).resume(policy).await.unwrap();
    let items = tokio::time::timeout(Duration::from_secs(20), texts(stream)).await.unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap(), "seven");
    match &items[1] {
        Err(e @ Error::Stream { operation, message, .. }) => {
            assert_eq!(*operation, "createChatCompletion");
            assert!(message.contains("after event id `7`"), "{message}");
            assert!(message.contains("2 attempts in a row"), "{message}");
            assert!(message.contains("[DONE]"), "the last cause is named: {message}");
            assert!(e.to_string().starts_with("the event stream of `createChatCompletion` failed"), "{e}");
        }
        other => panic!("expected a stream error, got {other:?}"),
    }
    // The first connection and two attempts, then no more.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count.load(Ordering::SeqCst), 3);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            tokio::time::timeout(Duration::from_secs(5), seen.recv()).await.unwrap().unwrap().header("last-event-id"),
        );
    }
    assert_eq!(ids, [None, Some("7".into()), Some("7".into())]);
}

#[tokio::test]
async fn a_stream_without_ids_is_never_resumed() {
    let data = |text: &str| event("x", text).replacen("id: x\n", "", 1);
    let (url, _seen, count) = serve(vec![Reply::ThenClose(vec![data("a"), data("b")])]).await;
    let client = client(&url);
    let stream = client.create_chat_completion_stream(&request()).resume(ResumePolicy::new(3)).await.unwrap();
    let items = tokio::time::timeout(Duration::from_secs(20), texts(stream)).await.unwrap();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        matches!(&items[2], Err(Error::Stream { message, .. }) if message.contains("before `data: [DONE]`")),
        "the drop itself is the error: {items:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count.load(Ordering::SeqCst), 1, "no reconnection without an id to resume from");
}

#[tokio::test]
async fn without_a_policy_a_drop_ends_the_stream() {
    let (url, _seen, count) = serve(vec![Reply::ThenClose(vec![event("1", "one")])]).await;
    let items = texts(client(&url).create_chat_completion_stream(&request()).await.unwrap()).await;
    assert!(matches!(&items[..], [Ok(_), Err(Error::Stream { .. })]), "{items:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count.load(Ordering::SeqCst), 1, "resumption is opt-in");
}

/// Nimbus's overlay marks its chat stream `x-oagen-resumable: true`: the generated crate
/// resumes it with no code of the caller's, under the client's policy, and a call can turn
/// that off.
#[tokio::test]
async fn a_variant_marks_an_operation_resumable_and_the_client_policy_applies() {
    let replies = vec![
        Reply::CutChunked(vec![event("a1", "one"), "id: a2\ndata: {".into()]),
        Reply::ThenClose(vec![event("a2", "two"), "data: [DONE]\n\n".into()]),
    ];
    let (url, mut seen, count) = serve(replies.clone()).await;
    let config = nimbus_ai::Client::builder()
        .base_url(&url)
        .api_key("nk-test")
        .stream_resume(ResumePolicy::new(2).delay(Duration::from_millis(10)))
        .build()
        .unwrap();
    let client = nimbus_ai::Client::with_config(config).unwrap();
    let request: nimbus_ai::types::CreateChatCompletionRequest =
        serde_json::from_value(json!({"model": "nimbus-large", "messages": [{"role": "user", "content": "Hi"}]}))
            .unwrap();
    let stream = client.create_chat_completion_stream(&request).await.unwrap();
    let items = tokio::time::timeout(Duration::from_secs(20), texts(stream)).await.unwrap();
    let items: Vec<String> = items.into_iter().map(|i| i.unwrap()).collect();
    assert_eq!(items, ["one", "two"]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    let first = seen.recv().await.unwrap();
    let second = seen.recv().await.unwrap();
    assert_eq!(second.header("last-event-id").as_deref(), Some("a1"));
    assert_eq!(second.header("api-key").as_deref(), Some("nk-test"), "the vendor's credential again");
    assert_eq!(second.head.lines().next(), first.head.lines().next(), "the same method, path and query");

    // Turned off for one call: the drop is the stream's end.
    let (url, _seen, count) = serve(replies).await;
    let config = nimbus_ai::Client::builder().base_url(&url).api_key("nk-test").build().unwrap();
    let client = nimbus_ai::Client::with_config(config).unwrap();
    let stream = client.create_chat_completion_stream(&request).resume(ResumePolicy::off()).await.unwrap();
    let items = tokio::time::timeout(Duration::from_secs(20), texts(stream)).await.unwrap();
    assert!(matches!(&items[..], [Ok(_), Err(Error::Connection { .. })]), "{items:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// Stream `replies` with `policy`, under a client with `idle` as its stream idle timeout and
/// `max_retry_after` as its cap; the items and the connections made.
async fn run(
    replies: Vec<Reply>,
    policy: ResumePolicy,
    configure: impl FnOnce(openai_client::runtime::ConfigBuilder) -> openai_client::runtime::ConfigBuilder,
) -> (Vec<Result<String, Error>>, Vec<Seen>) {
    let (url, mut seen, count) = serve(replies).await;
    let config = configure(openai_client::Client::builder().base_url(&url).api_key("sk-test")).build().unwrap();
    let client = openai_client::Client::with_config(config).unwrap();
    let stream = client.create_chat_completion_stream(&request()).resume(policy).await.unwrap();
    let items = tokio::time::timeout(Duration::from_secs(20), texts(stream)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut requests = Vec::new();
    while requests.len() < count.load(Ordering::SeqCst) {
        requests.push(tokio::time::timeout(Duration::from_secs(12), seen.recv()).await.unwrap().unwrap());
    }
    (items, requests)
}

fn message(item: &Result<String, Error>) -> String {
    match item {
        Err(Error::Stream { operation: "createChatCompletion", message, .. }) => message.clone(),
        other => panic!("expected a stream error of createChatCompletion, got {other:?}"),
    }
}

#[tokio::test]
async fn a_retry_longer_than_max_retry_after_is_refused() {
    let replies = vec![Reply::ThenClose(vec!["retry: 600000\n".into(), event("1", "one")])];
    let (items, requests) = run(replies, ResumePolicy::new(3), |b| b.max_retry_after(Duration::from_secs(5))).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let message = message(&items[1]);
    assert!(message.contains("asks to wait 600s before resuming") && message.contains("max_retry_after"), "{message}");
    assert_eq!(requests.len(), 1, "not resumed");
}

#[tokio::test]
async fn a_refused_reconnection_ends_the_stream_at_once() {
    let replies = vec![Reply::ThenClose(vec![event("1", "one")]), Reply::Status(404)];
    let policy = ResumePolicy::new(5).delay(Duration::from_millis(10));
    let (items, requests) = run(replies, policy, |b| b).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let message = message(&items[1]);
    assert!(message.contains("after event id `1`, and resuming it failed") && message.contains("404"), "{message}");
    assert_eq!(requests.len(), 2, "a 404 is not tried again: the server does not know the stream");
}

#[tokio::test]
async fn a_busy_server_costs_an_attempt_and_resumption_goes_on() {
    let replies = vec![
        Reply::ThenClose(vec![event("1", "one")]),
        Reply::Status(503),
        Reply::ThenClose(vec![event("2", "two"), "data: [DONE]\n\n".into()]),
    ];
    let policy = ResumePolicy::new(2).delay(Duration::from_millis(10));
    let (items, requests) = run(replies, policy, |b| b.max_retries(5)).await;
    let items: Vec<String> = items.into_iter().map(Result::unwrap).collect();
    assert_eq!(items, ["one", "two"]);
    assert_eq!(requests.len(), 3, "the 503 is one attempt (the client's own retries do not multiply them)");
    assert_eq!(requests[2].header("last-event-id").as_deref(), Some("1"));
}

#[tokio::test]
async fn a_silent_stream_is_resumed_after_its_idle_timeout() {
    let replies = vec![
        Reply::ThenSilence(vec![event("1", "one")]),
        Reply::ThenClose(vec![event("2", "two"), "data: [DONE]\n\n".into()]),
    ];
    let policy = ResumePolicy::new(1).delay(Duration::from_millis(10));
    let (items, requests) = run(replies, policy, |b| b.stream_idle_timeout(Duration::from_millis(200))).await;
    let items: Vec<String> = items.into_iter().map(Result::unwrap).collect();
    assert_eq!(items, ["one", "two"]);
    assert_eq!(requests[1].header("last-event-id").as_deref(), Some("1"));
}

#[tokio::test]
async fn an_empty_id_clears_the_last_id_and_stops_resumption() {
    // The server numbered event 1, then cleared the id: it cannot resume from here.
    let replies = vec![Reply::ThenClose(vec![event("1", "one"), event("", "two")])];
    let (items, requests) = run(replies, ResumePolicy::new(3).delay(Duration::from_millis(10)), |b| b).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(message(&items[2]).contains("[DONE]"), "the drop itself");
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn a_reconnection_answered_204_ends_the_stream() {
    // The event-stream standard's way for a server to say there is nothing more to resume.
    let replies = vec![Reply::ThenClose(vec![event("1", "one")]), Reply::Status(204)];
    let (items, requests) = run(replies, ResumePolicy::new(3).delay(Duration::from_millis(10)), |b| b).await;
    let items: Vec<String> = items.into_iter().map(Result::unwrap).collect();
    assert_eq!(items, ["one"], "no error: the server ended the stream");
    assert_eq!(requests.len(), 2);
}
