//! The runtime's conveniences against real servers on 127.0.0.1: event streams bounded per
//! read instead of as a whole, the per-request options of streaming calls, error helpers,
//! typed rate-limit headers, and the ways to authenticate (token providers, none, the
//! caller's HTTP client).

mod support;

use axum::body::Body;
use axum::http::{HeaderMap, Uri};
use futures_util::StreamExt;
use openai_client::runtime::{reqwest, Error, Quota, Secret, TokenProvider};
use openai_client::types::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{Reply, Server};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// What a streaming server saw of each request: its URI and headers.
type Requests = Arc<Mutex<Vec<(Uri, HeaderMap)>>>;

/// A server answering every request with an event stream: each piece is written after its
/// pause, then the stream ends (or, after `stall`, stays open and silent).
async fn stream_server(pieces: Vec<(Duration, String)>, stall: bool) -> (String, Requests) {
    let seen: Requests = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
        record.lock().unwrap().push((uri, headers));
        let pieces = pieces.clone();
        async move {
            let body = futures_util::stream::unfold(pieces.into_iter(), move |mut rest| async move {
                match rest.next() {
                    Some((pause, text)) => {
                        tokio::time::sleep(pause).await;
                        Some((Ok::<_, std::io::Error>(text), rest))
                    }
                    None if stall => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        None
                    }
                    None => None,
                }
            });
            ([("content-type", "text/event-stream"), ("x-request-id", "req_stream")], Body::from_stream(body))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn chunk(i: usize) -> String {
    let chunk = json!({
        "id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"content": format!("t{i}")}, "logprobs": null, "finish_reason": null}]
    });
    format!("data: {chunk}\n\n")
}

fn chat_request() -> CreateChatCompletionRequest {
    serde_json::from_value(json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]})).unwrap()
}

fn client_of(builder: openai_client::runtime::ConfigBuilder) -> openai_client::Client {
    openai_client::Client::with_config(builder.build().unwrap()).unwrap()
}

fn builder(url: &str) -> openai_client::runtime::ConfigBuilder {
    openai_client::Client::builder().base_url(url).api_key("sk-test")
}

#[tokio::test]
async fn a_stream_outlives_the_request_timeout_while_events_keep_coming() {
    // Eight pauses of 100 ms: 800 ms in all, past the 300 ms timeout, and each well within
    // the idle timeout, which defaults to the timeout.
    let mut pieces: Vec<(Duration, String)> = (0..8).map(|i| (ms(100), chunk(i))).collect();
    pieces.push((ms(100), "data: [DONE]\n\n".to_owned()));
    let (url, _) = stream_server(pieces, false).await;
    let client = client_of(builder(&url).timeout(ms(300)));
    let stream = client.create_chat_completion_stream(&chat_request()).await.unwrap();
    let items: Vec<_> = stream.collect().await;
    assert_eq!(items.len(), 8, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
}

#[tokio::test]
async fn a_stream_silent_past_its_idle_timeout_ends_with_a_timeout_error() {
    let (url, _) = stream_server(vec![(Duration::ZERO, chunk(0))], true).await;
    // Set on the client...
    let client = client_of(builder(&url).stream_idle_timeout(ms(200)));
    let mut stream = client.create_chat_completion_stream(&chat_request()).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(err, Error::IdleTimeout { operation: "createChatCompletion", after } if after == ms(200)),
        "{err:?}"
    );
    assert!(err.is_timeout() && err.is_retryable());
    let shown = err.to_string();
    assert!(shown.contains("`createChatCompletion`") && shown.contains("stream_idle_timeout"), "{shown}");
    assert!(stream.next().await.is_none(), "the stream ends after the timeout");

    // ... and per request, over the client's.
    let (url, _) = stream_server(vec![(Duration::ZERO, chunk(0))], true).await;
    let client = client_of(builder(&url).stream_idle_timeout(Duration::from_secs(60)));
    let mut stream = client.create_chat_completion_stream(&chat_request()).stream_idle_timeout(ms(150)).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::IdleTimeout { after, .. } if after == ms(150)), "{err:?}");
}

#[tokio::test]
async fn establishing_a_stream_keeps_the_request_timeout() {
    let server = Server::start(vec![Reply::status(200).delay(Duration::from_secs(5))]).await;
    let client = client_of(builder(&server.url).stream_idle_timeout(Duration::from_secs(60)).max_retries(0));
    let err = client.create_chat_completion_stream(&chat_request()).timeout(ms(200)).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { operation: "createChatCompletion", after } if after == ms(200)), "{err:?}");
}

#[tokio::test]
async fn a_streaming_call_takes_every_per_request_option() {
    let pieces = (0..4).map(|i| (Duration::ZERO, chunk(i))).collect();
    let (url, seen) = stream_server(pieces, false).await;
    let client = client_of(builder(&url));
    let call = client
        .create_chat_completion_stream(&chat_request())
        .query("api-version", "2024-10-21")
        .header("x-trace", "t-1")
        .idempotency_key("idem-1")
        .extra_body("reasoning_effort", "low")
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        // Past the first event or two: about 200 bytes each.
        .max_response_size(300);
    assert_eq!(call.request().operation(), "createChatCompletion");
    let items: Vec<_> = call.await.unwrap().collect().await;
    let (uri, headers) = seen.lock().unwrap()[0].clone();
    assert_eq!(uri.query(), Some("api-version=2024-10-21"));
    assert_eq!(headers["idempotency-key"], "idem-1");
    assert_eq!(headers["x-trace"], "t-1");
    assert_eq!(headers["accept"], "text/event-stream");
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(matches!(last, Error::TooLarge { operation: "createChatCompletion", limit: 300 }), "{last:?}");
    assert!(items.len() < 4, "the stream stopped at the limit: {items:?}");
}

#[tokio::test]
async fn error_helpers_read_a_rate_limited_answer() {
    let body = r#"{"error":{"message":"Rate limit reached for gpt-4o","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#;
    let server = Server::start(vec![
        Reply::status(429)
            .header("content-type", "application/json")
            .header("x-request-id", "req_429")
            .header("retry-after", "7")
            .header("x-ratelimit-remaining-requests", "0")
            .header("x-ratelimit-reset-requests", "6m0s")
            .body(body),
        Reply::status(503).header("retry-after-ms", "1500").body("overloaded"),
        Reply::status(429).body(r#"{"error":{"message":"You exceeded your quota","type":"insufficient_quota","code":"insufficient_quota"}}"#),
        Reply::status(404).body(r#"{"error":{"message":"No such model","type":"invalid_request_error","code":null}}"#),
    ])
    .await;
    let client = client_of(builder(&server.url).max_retries(0));

    let err = client.retrieve_model("gpt-4o").await.unwrap_err();
    assert_eq!(err.code(), Some("rate_limit_exceeded"));
    assert_eq!(err.message(), Some("Rate limit reached for gpt-4o"));
    assert_eq!(err.request_id(), Some("req_429"));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    assert!(err.is_rate_limit() && err.is_retryable() && !err.is_timeout());
    let limits = err.as_api().unwrap().rate_limit();
    assert_eq!(limits.requests, Quota { limit: None, remaining: Some(0), reset: Some(Duration::from_secs(360)) });

    let err = client.retrieve_model("gpt-4o").await.unwrap_err();
    assert_eq!(err.retry_after(), Some(ms(1500)));
    assert!(!err.is_rate_limit() && err.is_retryable());
    assert_eq!((err.code(), err.message(), err.request_id()), (None, None, None));

    let err = client.retrieve_model("gpt-4o").await.unwrap_err();
    assert!(err.is_rate_limit() && !err.is_retryable(), "out of quota: waiting will not help");
    assert_eq!(err.code(), Some("insufficient_quota"));

    let err = client.retrieve_model("nope").await.unwrap_err();
    assert!(!err.is_retryable() && err.retry_after().is_none() && err.code().is_none());
    assert_eq!(err.message(), Some("No such model"));

    let slow = Server::start(vec![Reply::status(200).delay(Duration::from_secs(5))]).await;
    let err = client_of(builder(&slow.url).max_retries(0)).retrieve_model("m").timeout(ms(100)).await.unwrap_err();
    assert!(err.is_timeout() && err.is_retryable() && !err.is_rate_limit());
}

#[tokio::test]
async fn rate_limit_headers_come_typed_with_the_response() {
    let model = json!({"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"});
    let server = Server::start(vec![
        Reply::json(model.clone())
            .header("x-ratelimit-limit-requests", "10000")
            .header("x-ratelimit-remaining-requests", "9999")
            .header("x-ratelimit-reset-requests", "6ms")
            .header("x-ratelimit-limit-tokens", "30000000")
            .header("x-ratelimit-remaining-tokens", "29999000")
            .header("x-ratelimit-reset-tokens", "1m2.5s"),
        Reply::json(model).header("x-ratelimit-remaining-tokens", "lots").header("x-ratelimit-reset-tokens", "soon"),
    ])
    .await;
    let client = client_of(builder(&server.url));
    let limits = client.retrieve_model("gpt-4o").with_response().await.unwrap().rate_limit();
    assert_eq!(limits.requests, Quota { limit: Some(10_000), remaining: Some(9_999), reset: Some(ms(6)) });
    assert_eq!(limits.tokens, Quota { limit: Some(30_000_000), remaining: Some(29_999_000), reset: Some(ms(62_500)) });
    let limits = client.retrieve_model("gpt-4o").with_response().await.unwrap().meta.rate_limit();
    assert_eq!(limits, Default::default(), "malformed and missing headers are None");
}

fn model_reply() -> Reply {
    Reply::json(json!({"id": "m", "object": "model", "created": 1, "owned_by": "o"}))
}

#[tokio::test]
async fn a_token_provider_is_asked_before_every_attempt() {
    let server = Server::start(vec![model_reply(), Reply::status(500), model_reply()]).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = client_of(openai_client::Client::builder().base_url(&server.url).token_provider(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, std::io::Error>(format!("token-{n}")) }
    }));
    client.retrieve_model("m").await.unwrap();
    // A 500 then a success: the retry asks again.
    client.retrieve_model("m").await.unwrap();
    let auth: Vec<String> = server.seen().iter().map(|s| s.header("authorization").unwrap().to_owned()).collect();
    assert_eq!(auth, ["Bearer token-1", "Bearer token-2", "Bearer token-3"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(format!("{client:?}").contains("token provider"));
}

/// A provider as a type, as a refreshing Azure AD credential would be.
struct Failing;

impl TokenProvider for Failing {
    fn token(&self) -> futures_util::future::BoxFuture<'_, Result<Secret, Box<dyn std::error::Error + Send + Sync>>> {
        Box::pin(async { Err("the identity endpoint answered 401".into()) })
    }
}

#[tokio::test]
async fn a_failing_token_provider_fails_the_call_before_sending() {
    let server = Server::start(vec![model_reply()]).await;
    let client = client_of(openai_client::Client::builder().base_url(&server.url).token_provider(Failing));
    let err = client.retrieve_model("m").await.unwrap_err();
    assert!(matches!(err, Error::Credential { operation: "retrieveModel", .. }), "{err:?}");
    assert!(err.to_string().contains("identity endpoint answered 401"), "{err}");
    assert!(!err.is_retryable());
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn no_auth_sends_no_credential_and_needs_none() {
    let server = Server::start(vec![model_reply(), model_reply()]).await;
    let bare = openai_client::Client::builder().base_url(&server.url);
    let err = client_of(bare.clone()).retrieve_model("m").await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest { message, .. } if message.contains("no_auth()")), "{err}");
    client_of(bare.no_auth()).retrieve_model("m").await.unwrap();
    // A key set anyway (from the environment, say) stays home.
    client_of(builder(&server.url).no_auth()).retrieve_model("m").await.unwrap();
    for seen in server.seen() {
        assert_eq!(seen.header("authorization"), None);
    }
}

#[tokio::test]
async fn a_caller_built_http_client_is_used_as_it_is() {
    // The server plays an HTTP proxy: the client sends it every request for another host.
    let proxy = Server::start(vec![model_reply()]).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-http-client", reqwest::header::HeaderValue::from_static("yes"));
    let http = reqwest::Client::builder().proxy(reqwest::Proxy::http(&proxy.url).unwrap()).default_headers(headers);
    let client = client_of(builder("http://api.example.invalid/v1").http_client(http));
    client.retrieve_model("gpt-4o").await.unwrap();
    let seen = proxy.one();
    assert_eq!(seen.path, "/v1/models/gpt-4o");
    assert_eq!(seen.header("host"), Some("api.example.invalid"));
    assert_eq!(seen.header("x-from-http-client"), Some("yes"));
    assert_eq!(seen.header("authorization"), Some("Bearer sk-test"));
    assert!(seen.header("user-agent").unwrap().starts_with("openai-client/"), "the crate's User-Agent still goes");
}
