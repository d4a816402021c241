//! The worked variant (`variants/nimbus.toml`) against a real HTTP server on 127.0.0.1: its
//! own base URL, `api-key` header auth, `api-version` query, renamed method and type, the
//! field its overlay adds, and streaming.

mod support;

use futures_util::StreamExt;
use nimbus_ai::types::{CreateChatCompletionRequest, EmbedRequest};
use nimbus_ai::Client;
use serde_json::{json, Value};
use support::{Reply, Server};

fn client(server: &Server) -> Client {
    Client::with_config(Client::builder().base_url(&server.url).api_key("nk-test").build().unwrap()).unwrap()
}

/// What every Nimbus request carries, and what it must not.
fn assert_nimbus_request(seen: &support::Seen) {
    assert_eq!(seen.header("api-key"), Some("nk-test"));
    assert_eq!(seen.header("authorization"), None, "the key goes in `api-key` only");
    assert_eq!(seen.query("api-version"), ["2026-10-01"]);
    assert_eq!(seen.header("x-nimbus-sdk"), Some("rust"));
    let ua = seen.header("user-agent").unwrap();
    assert!(ua.starts_with("nimbus-ai/") && ua.starts_with(nimbus_ai::USER_AGENT), "{ua}");
}

fn chat_request(extra: Value) -> CreateChatCompletionRequest {
    let mut body = json!({"model": "nimbus-large", "messages": [{"role": "user", "content": "Hi"}]});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    serde_json::from_value(body).unwrap()
}

#[test]
fn the_variant_has_its_own_defaults() {
    assert_eq!(nimbus_ai::DEFAULT_BASE_URL, "https://api.nimbus.example/v1");
    assert_eq!(nimbus_ai::ENV.base_url, "NIMBUS_BASE_URL");
    assert_eq!(nimbus_ai::ENV.credentials, [("ApiKeyAuth", "NIMBUS_API_KEY")]);
    assert_eq!(nimbus_ai::ENV.headers, [("NIMBUS_PROJECT", "Nimbus-Project")]);
    assert_eq!(nimbus_ai::AUTH_SCHEMES.len(), 1, "the unused admin scheme is not selected");
    assert_eq!(nimbus_ai::AUTH_SCHEMES[0].kind, nimbus_ai::runtime::StaticAuthKind::Header("api-key"));
}

#[tokio::test]
async fn chat_completion_with_the_overlay_field() {
    let server = Server::start(vec![Reply::json(json!({
        "id": "c1", "object": "chat.completion", "created": 1, "model": "nimbus-large",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "Hello", "refusal": null}}]
    }))])
    .await;
    let mut request = chat_request(json!({}));
    // The overlay added `safe_prompt` and removed `store`: both are checked by the compiler.
    request.safe_prompt = Some(true);
    let reply = client(&server).create_chat_completion(&request).await.unwrap();
    assert_eq!(reply.choices[0].message.content.as_deref(), Some("Hello"));
    let seen = server.one();
    assert_eq!((seen.method.as_str(), seen.path.as_str()), ("POST", "/chat/completions"));
    assert_nimbus_request(&seen);
    assert_eq!(
        seen.json(),
        json!({"model": "nimbus-large", "messages": [{"role": "user", "content": "Hi"}], "safe_prompt": true})
    );
}

#[tokio::test]
async fn removed_fields_are_not_typed_but_not_lost() {
    let server = Server::start(vec![Reply::json(json!({
        "id": "c1", "object": "chat.completion", "created": 1, "model": "m", "choices": []
    }))])
    .await;
    // `store` is gone from the type (a value read with it drops it); a caller who still sends
    // it says so explicitly.
    let typed = serde_json::to_value(chat_request(json!({"store": true, "safe_prompt": false}))).unwrap();
    assert_eq!(typed.get("store"), None);
    assert_eq!(typed["safe_prompt"], json!(false));
    let request = chat_request(json!({}));
    client(&server).create_chat_completion(&request).extra_body("store", json!(false)).await.unwrap();
    assert_eq!(server.one().json()["store"], json!(false));
}

#[tokio::test]
async fn streaming_chat() {
    let events = [
        json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": null}]}),
        json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
               "choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]}),
    ];
    let body: String = events.iter().map(|e| format!("data: {e}\n\n")).chain(["data: [DONE]\n\n".to_owned()]).collect();
    let server = Server::start(vec![Reply::status(200).header("content-type", "text/event-stream").body(body)]).await;
    let mut stream = client(&server).create_chat_completion_stream(&chat_request(json!({}))).await.unwrap();
    let mut text = String::new();
    while let Some(chunk) = stream.next().await {
        for choice in &chunk.unwrap().choices {
            if let Some(t) = &choice.delta.content {
                text.push_str(t);
            }
        }
    }
    assert_eq!(text, "Hello");
    let seen = server.one();
    assert_nimbus_request(&seen);
    assert_eq!(seen.json()["stream"], json!(true));
    assert_eq!(seen.header("accept"), Some("text/event-stream"));
}

#[tokio::test]
async fn embed_is_the_renamed_create_embedding() {
    let server = Server::start(vec![Reply::json(json!({
        "object": "list", "model": "nimbus-embed",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.5, -0.25]}],
        "usage": {"prompt_tokens": 1, "total_tokens": 1}
    }))])
    .await;
    let request: EmbedRequest = serde_json::from_value(json!({"model": "nimbus-embed", "input": "hello"})).unwrap();
    let reply: nimbus_ai::types::EmbedResponse = client(&server).embed(&request).await.unwrap();
    assert_eq!(reply.data[0].embedding, [0.5, -0.25]);
    let seen = server.one();
    assert_eq!(seen.path, "/embeddings");
    assert_nimbus_request(&seen);
}

#[tokio::test]
async fn models() {
    let server = Server::start(vec![
        Reply::json(json!({"object": "list", "data": [{"id": "nimbus-large", "object": "model", "created": 1, "owned_by": "nimbus"}]})),
        Reply::json(json!({"id": "nimbus-large", "object": "model", "created": 1, "owned_by": "nimbus"})),
    ])
    .await;
    let c = client(&server);
    assert_eq!(c.list_models().await.unwrap().data[0].id, "nimbus-large");
    assert_eq!(c.retrieve_model("nimbus-large").await.unwrap().owned_by, "nimbus");
    let seen = server.seen();
    assert_eq!(seen.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["/models", "/models/nimbus-large"]);
    seen.iter().for_each(assert_nimbus_request);
}
