//! How the generated client behaves under failure, against a real server on 127.0.0.1:
//! retries and their waits, timeouts, broken connections, bad bodies, and credentials that
//! never leak into errors.

mod support;

use openai_client::runtime::multipart::File;
use openai_client::runtime::{ApiErrorKind, AuthKind, Error};
use openai_client::types::*;
use serde_json::json;
use std::time::{Duration, Instant};
use support::{multipart_parts, Reply, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn model_json() -> serde_json::Value {
    json!({"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"})
}

#[tokio::test]
async fn a_429_waits_as_long_as_retry_after_ms_says() {
    let server = Server::start(vec![
        Reply::status(429)
            .header("retry-after-ms", "400")
            .body(r#"{"error":{"message":"slow down","type":"rate_limit_exceeded"}}"#),
        Reply::json(model_json()),
    ])
    .await;
    let model = server.client().retrieve_model("gpt-4o").await.unwrap();
    assert_eq!(model.id, "gpt-4o");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_millis(400), "waited {waited:?}");
    assert!(waited < Duration::from_millis(1500), "waited {waited:?}");
    assert_eq!(seen[0].header("x-retry-count"), Some("0"));
    assert_eq!(seen[1].header("x-retry-count"), Some("1"));
}

#[tokio::test]
async fn a_503_twice_then_success_with_backoff() {
    let server = Server::start(vec![Reply::status(503), Reply::status(503), Reply::json(model_json())]).await;
    server.client().retrieve_model("gpt-4o").await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    // min(0.5 s × 2^n, 8 s) × [0.75, 1]: 375–500 ms, then 750–1000 ms.
    let first = seen[1].at - seen[0].at;
    let second = seen[2].at - seen[1].at;
    assert!(first >= Duration::from_millis(370) && first < Duration::from_millis(900), "{first:?}");
    assert!(second >= Duration::from_millis(740) && second < Duration::from_millis(1500), "{second:?}");
}

#[tokio::test]
async fn exhausted_retries_give_the_api_error_with_status_and_request_id() {
    let failure = || {
        Reply::status(500)
            .header("x-request-id", "req_abc")
            .header("retry-after-ms", "10")
            .body(r#"{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}"#)
    };
    let server = Server::start(vec![failure(), failure(), failure()]).await;
    let err = server.client().retrieve_model("gpt-4o").await.unwrap_err();
    assert_eq!(server.seen().len(), 3, "the first attempt and 2 retries");
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.kind, ApiErrorKind::Server);
    assert_eq!(api.request_id.as_deref(), Some("req_abc"));
    assert_eq!(api.error.as_ref().map(|e| e.message.as_str()), Some("The server had an error"));
    let text = err.to_string();
    assert!(text.contains("retrieveModel") && text.contains("500") && text.contains("req_abc"), "{text}");
}

#[tokio::test]
async fn x_should_retry_false_is_obeyed() {
    let server =
        Server::start(vec![Reply::status(503).header("x-should-retry", "false"), Reply::json(model_json())]).await;
    let err = server.client().retrieve_model("gpt-4o").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn insufficient_quota_is_not_retried_and_long_waits_are_refused() {
    let server = Server::start(vec![
        Reply::status(429).body(r#"{"error":{"message":"You exceeded your quota","type":"insufficient_quota"}}"#),
        Reply::status(429).header("retry-after", "3600"),
    ])
    .await;
    let client = server.client();
    let err = client.retrieve_model("a").await.unwrap_err();
    assert_eq!(err.as_api().unwrap().error.as_ref().unwrap().kind.as_deref(), Some("insufficient_quota"));
    let err = client.retrieve_model("b").await.unwrap_err();
    assert_eq!(err.as_api().unwrap().kind, ApiErrorKind::RateLimit);
    assert_eq!(server.seen().len(), 2, "neither was retried");
}

/// A server that drops the first `resets` connections without answering, then answers.
async fn resetting_server(resets: usize, body: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut count = 0;
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            count += 1;
            if count <= resets {
                // Read the request, then close without a response.
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                drop(socket);
                continue;
            }
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    url
}

fn client_for(url: &str) -> openai_client::Client {
    openai_client::Client::with_config(
        openai_client::Client::builder().base_url(url).api_key("sk-test-key").build().unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let url = resetting_server(1, r#"{"id":"gpt-4o","object":"model","created":1,"owned_by":"openai"}"#).await;
    let model = client_for(&url).retrieve_model("gpt-4o").await.unwrap();
    assert_eq!(model.id, "gpt-4o");
}

#[tokio::test]
async fn connections_that_keep_failing_give_a_connection_error() {
    let url = resetting_server(usize::MAX, "").await;
    let err = client_for(&url).retrieve_model("gpt-4o").max_retries(1).await.unwrap_err();
    assert!(matches!(err, Error::Connection { operation: "retrieveModel", .. }), "{err:?}");
}

#[tokio::test]
async fn a_slow_server_times_out_within_the_set_time() {
    let server = Server::start(vec![Reply::json(model_json()).delay(Duration::from_secs(5))]).await;
    let started = Instant::now();
    let err =
        server.client().retrieve_model("gpt-4o").timeout(Duration::from_millis(300)).max_retries(0).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::Timeout { operation: "retrieveModel", after } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(elapsed < Duration::from_secs(2), "gave up after {elapsed:?}");
}

#[tokio::test]
async fn malformed_json_names_the_operation_and_the_path() {
    let server = Server::start(vec![Reply::json(json!({
        "object": "list",
        "data": [{"id": "gpt-4o", "object": "model", "created": "yesterday", "owned_by": "openai"}]
    }))])
    .await;
    let err = server.client().list_models().await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(decode.operation, "listModels");
    assert_eq!(decode.path, "data[0].created");
    assert_eq!(decode.status.as_u16(), 200);
    let text = err.to_string();
    assert!(text.contains("listModels") && text.contains("data[0].created"), "{text}");
}

#[tokio::test]
async fn multipart_bodies_are_sent_again_unchanged_on_retry() {
    let file_json = json!({"id": "file-1", "object": "file", "bytes": 3, "created_at": 1, "filename": "a.jsonl", "purpose": "batch", "status": "processed"});
    let server = Server::start(vec![Reply::status(503).header("retry-after-ms", "10"), Reply::json(file_json)]).await;
    let request =
        CreateFileRequest::new(File::from_bytes("a.jsonl", b"{\"x\":1}\n".to_vec()), CreateFileRequestPurpose::Batch);
    server.client().create_file(&request).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    // Each attempt has its own boundary; the parts themselves are byte for byte the same.
    assert_eq!(multipart_parts(&seen[0]), multipart_parts(&seen[1]));
    assert_eq!(multipart_parts(&seen[0])[0].3, b"{\"x\":1}\n");
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once() {
    let server = Server::start(vec![Reply::status(503), Reply::status(200)]).await;
    let chunks =
        futures_util::stream::iter(vec![Ok::<_, std::io::Error>(openai_client::runtime::Bytes::from_static(b"abc"))]);
    let request = CreateFileRequest::new(File::from_stream("s.jsonl", chunks), CreateFileRequestPurpose::Batch);
    let err = server.client().create_file(&request).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.seen().len(), 1, "a one-shot stream cannot be replayed");
}

#[tokio::test]
async fn extra_body_fields_reach_the_server() {
    let server = Server::start(vec![Reply::json(
        json!({"object": "list", "data": [], "model": "m", "usage": {"prompt_tokens": 0, "total_tokens": 0}}),
    )])
    .await;
    let request: CreateEmbeddingRequest = serde_json::from_value(json!({"model": "m", "input": "x"})).unwrap();
    server
        .client()
        .create_embedding(&request)
        .extra_body("truncate", "END")
        .extra_body("provider", json!({"order": ["a", "b"]}))
        .header("X-Client-Request-Id", "mine-1")
        .query("api-version", "2025-01-01")
        .idempotency_key("idem-1")
        .await
        .unwrap();
    let seen = server.one();
    assert_eq!(seen.json(), json!({"model": "m", "input": "x", "truncate": "END", "provider": {"order": ["a", "b"]}}));
    assert_eq!(seen.header("x-client-request-id"), Some("mine-1"));
    assert_eq!(seen.header("idempotency-key"), Some("idem-1"));
    assert_eq!(seen.query("api-version"), ["2025-01-01"]);
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let err = server.client().retrieve_model("").await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { operation: "retrieveModel", message } if message.contains("`model` is empty")),
        "{err:?}"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn dot_segment_path_parameters_are_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let client = server.client();
    for dots in ["..", ".", "%2e%2e"] {
        let err = client.delete_project_user("proj", dots).await.unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest { operation: "delete-project-user", message } if message.contains("`user_id`") && message.contains("dot segment")),
            "{dots}: {err}"
        );
    }
    assert!(server.seen().is_empty(), "nothing reaches the server: {:?}", server.seen());
}

#[tokio::test]
async fn no_error_or_debug_output_contains_the_key() {
    const KEY: &str = "sk-secret-do-not-print";
    let server = Server::start(vec![
        Reply::status(401).body(r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#),
        Reply::json(json!({"id": 1})),
        Reply::json(model_json()).delay(Duration::from_secs(5)),
    ])
    .await;
    let client = openai_client::Client::with_config(
        openai_client::Client::builder().base_url(&server.url).api_key(KEY).max_retries(0).build().unwrap(),
    )
    .unwrap();
    // The key in the query string too, where a transport error's URL would show it.
    let query_client = openai_client::Client::with_config(
        openai_client::Client::builder()
            .base_url("http://127.0.0.1:9")
            .api_key(KEY)
            .auth_kind("ApiKeyAuth", AuthKind::Query("key".into()))
            .max_retries(0)
            .build()
            .unwrap(),
    )
    .unwrap();
    let errors = vec![
        client.retrieve_model("a").await.unwrap_err(),
        client.retrieve_model("b").await.unwrap_err(),
        client.retrieve_model("c").timeout(Duration::from_millis(100)).await.unwrap_err(),
        client.retrieve_model("").await.unwrap_err(),
        query_client.retrieve_model("d").await.unwrap_err(),
    ];
    assert!(matches!(errors[0], Error::Api(_)));
    assert!(matches!(errors[1], Error::Decode(_)));
    assert!(matches!(errors[2], Error::Timeout { .. }));
    assert!(matches!(errors[3], Error::InvalidRequest { .. }));
    assert!(matches!(errors[4], Error::Connection { .. }), "{:?}", errors[4]);
    for e in &errors {
        let shown = format!("{e} {e:?} {:?}", std::error::Error::source(e));
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
    }
    let debug = format!("{client:?} {query_client:?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert_eq!(errors[0].as_api().unwrap().kind, ApiErrorKind::Authentication);
}
