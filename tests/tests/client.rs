//! The generated OpenAI client against a real HTTP server on 127.0.0.1: one operation of
//! every group of the customer's list at least, checking what goes on the wire (method,
//! path, query, headers, body bytes) and what comes back.

mod support;

use futures_util::StreamExt;
use openai_client::operations::*;
use openai_client::runtime::multipart::File;
use openai_client::types::*;
use serde_json::{json, Value};
use support::{multipart_parts, Reply, Server};

fn from_json<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test value fits the type")
}

/// Headers every request carries.
fn assert_common_headers(seen: &support::Seen, key: &str) {
    assert_eq!(seen.header("authorization"), Some(format!("Bearer {key}").as_str()));
    assert_eq!(seen.header("openai-organization"), Some("org-123"));
    assert_eq!(seen.header("openai-project"), Some("proj-456"));
    let ua = seen.header("user-agent").unwrap();
    // The crate's name and version, whatever the version is.
    assert!(ua.starts_with("openai-client/") && ua.starts_with(openai_client::USER_AGENT), "{ua}");
    assert_eq!(seen.header("x-retry-count"), Some("0"));
}

fn chat_completion_json() -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1_700_000_000, "model": "gpt-4o",
        "choices": [{"index": 0, "finish_reason": "stop", "logprobs": null,
                     "message": {"role": "assistant", "content": "Hello!", "refusal": null}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}
    })
}

#[tokio::test]
async fn chat_completion_sends_json_and_decodes_the_reply() {
    let server = Server::start(vec![Reply::json(chat_completion_json()).header("x-request-id", "req_1")]).await;
    let request: CreateChatCompletionRequest = from_json(json!({
        "model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "temperature": 0.5
    }));
    let response = server.client().create_chat_completion(&request).with_response().await.unwrap();
    assert_eq!(response.request_id(), Some("req_1"));
    assert_eq!(response.data.choices[0].message.content, Some("Hello!".to_owned()));
    let seen = server.one();
    assert_eq!((seen.method.as_str(), seen.path.as_str()), ("POST", "/chat/completions"));
    assert_common_headers(&seen, "sk-test-key");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(
        seen.json(),
        json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "temperature": 0.5})
    );
}

#[tokio::test]
async fn list_chat_completions_sends_query_parameters() {
    let server = Server::start(vec![Reply::json(json!({
        "object": "list", "data": [], "first_id": "a", "last_id": "b", "has_more": false
    }))])
    .await;
    let params =
        ListChatCompletionsParams { model: Some("gpt-4o".into()), limit: Some(2), after: None, ..Default::default() };
    let page = server.client().list_chat_completions(&params).await.unwrap();
    assert!(page.data.is_empty());
    let seen = server.one();
    assert_eq!(seen.path, "/chat/completions");
    assert_eq!(seen.query("model"), ["gpt-4o"]);
    assert_eq!(seen.query("limit"), ["2"]);
    assert!(seen.query("after").is_empty(), "an optional parameter left unset is not sent");
}

#[tokio::test]
async fn speech_returns_the_audio_bytes() {
    let audio = b"ID3\x00\x01binary-mp3-bytes\xff\xfe".to_vec();
    let server = Server::start(vec![Reply::status(200).header("content-type", "audio/mpeg").body(audio.clone())]).await;
    let request: CreateSpeechRequest =
        from_json(json!({"model": "gpt-4o-mini-tts", "input": "Hello", "voice": "alloy"}));
    let bytes = server.client().create_speech(&request).await.unwrap();
    assert_eq!(&bytes[..], &audio[..]);
    let seen = server.one();
    assert_eq!(seen.path, "/audio/speech");
    assert_eq!(seen.json()["voice"], "alloy");
}

#[tokio::test]
async fn speech_can_be_streamed_as_bytes() {
    let audio = vec![7u8; 64 * 1024];
    let server = Server::start(vec![Reply::status(200).header("content-type", "audio/mpeg").body(audio.clone())]).await;
    let request: CreateSpeechRequest = from_json(json!({"model": "tts-1", "input": "Hi", "voice": "alloy"}));
    let client = server.client();
    let response = client.create_speech(&request).bytes_stream().await.unwrap();
    let mut received = Vec::new();
    let mut stream = response.data;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(received, audio);
}

#[tokio::test]
async fn transcription_uploads_a_multipart_file() {
    let server = Server::start(vec![Reply::json(json!({"text": "hello world"}))]).await;
    let mut request = CreateTranscriptionRequest::new(
        File::from_bytes("speech.mp3", b"RIFF-audio".to_vec()),
        CreateTranscriptionRequestModel::from("whisper-1"),
    );
    request.language = Some("en".into());
    request.timestamp_granularities = Some(vec!["word".into(), "segment".into()]);
    server.client().create_transcription(&request).await.unwrap();
    let seen = server.one();
    assert_eq!(seen.path, "/audio/transcriptions");
    assert!(seen.header("content-type").unwrap().starts_with("multipart/form-data; boundary="));
    let parts = multipart_parts(&seen);
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["file", "model", "language", "timestamp_granularities[]", "timestamp_granularities[]"]);
    assert_eq!(parts[0].1.as_deref(), Some("speech.mp3"));
    assert_eq!(parts[0].2.as_deref(), Some("audio/mpeg"));
    assert_eq!(parts[0].3, b"RIFF-audio");
    assert_eq!(parts[1].3, b"whisper-1");
    assert_eq!(parts[4].3, b"segment");
}

#[tokio::test]
async fn image_edit_sends_several_images_and_a_mask() {
    let server = Server::start(vec![Reply::json(json!({"created": 1, "data": [{"b64_json": "aGk="}]}))]).await;
    let images =
        vec![File::from_bytes("a.png", b"\x89PNG-a".to_vec()), File::from_bytes("b.png", b"\x89PNG-b".to_vec())];
    let request = CreateImageEditRequest::new("Add a hat", images)
        .mask(File::from_bytes("mask.png", b"\x89PNG-mask".to_vec()).content_type("image/png"))
        .n(1);
    let images = server.client().create_image_edit(&request).await.unwrap();
    assert_eq!(images.data.as_ref().map(Vec::len), Some(1));
    let seen = server.one();
    assert_eq!(seen.path, "/images/edits");
    let parts = multipart_parts(&seen);
    let summary: Vec<(&str, Option<&str>)> = parts.iter().map(|p| (p.0.as_str(), p.1.as_deref())).collect();
    assert_eq!(
        summary,
        [
            ("image[]", Some("a.png")),
            ("image[]", Some("b.png")),
            ("prompt", None),
            ("mask", Some("mask.png")),
            ("n", None)
        ]
    );
    assert_eq!(parts[1].3, b"\x89PNG-b");
    assert_eq!(parts[4].3, b"1");
}

#[tokio::test]
async fn embeddings() {
    let server = Server::start(vec![Reply::json(json!({
        "object": "list", "model": "text-embedding-3-small",
        "data": [{"object": "embedding", "index": 0, "embedding": [0.1, -0.2]}],
        "usage": {"prompt_tokens": 2, "total_tokens": 2}
    }))])
    .await;
    let request: CreateEmbeddingRequest = from_json(json!({"model": "text-embedding-3-small", "input": ["a", "b"]}));
    let response = server.client().create_embedding(&request).await.unwrap();
    assert_eq!(response.data[0].embedding, vec![0.1, -0.2]);
    assert_eq!(server.one().json()["input"], json!(["a", "b"]));
}

fn event(id: &str) -> Value {
    json!({"object": "fine_tuning.job.event", "id": id, "created_at": 1, "level": "info", "message": format!("event {id}")})
}

#[tokio::test]
async fn fine_tuning_events_auto_paginate_across_three_pages() {
    let server = Server::start(vec![
        Reply::json(json!({"object": "list", "data": [event("e1"), event("e2")], "has_more": true})),
        Reply::json(json!({"object": "list", "data": [event("e3"), event("e4")], "has_more": true})),
        Reply::json(json!({"object": "list", "data": [event("e5")], "has_more": false})),
    ])
    .await;
    let client = server.client();
    let params = ListFineTuningEventsParams { limit: Some(2), ..Default::default() };
    let ids: Vec<String> =
        client.list_fine_tuning_events("ftjob-1", &params).items().map(|e| e.unwrap().id).collect().await;
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e5"]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.path == "/fine_tuning/jobs/ftjob-1/events" && s.query("limit") == ["2"]));
    let afters: Vec<Vec<&str>> = seen.iter().map(|s| s.query("after")).collect();
    assert_eq!(afters, [vec![], vec!["e2"], vec!["e4"]]);
}

#[tokio::test]
async fn items_read_in_a_while_let_loop_without_pinning() {
    // The stream `items()` returns is `Unpin`: `next()` works on it as it is.
    let server = Server::start(vec![
        Reply::json(json!({"object": "list", "data": [event("e1"), event("e2")], "has_more": true})),
        Reply::json(json!({"object": "list", "data": [event("e3")], "has_more": false})),
    ])
    .await;
    let client = server.client();
    let mut items = client.list_fine_tuning_events("ftjob-1", &Default::default()).items();
    let mut ids = Vec::new();
    while let Some(event) = items.next().await {
        ids.push(event.unwrap().id);
    }
    assert_eq!(ids, ["e1", "e2", "e3"]);
    let seen = server.seen();
    let afters: Vec<Vec<&str>> = seen.iter().map(|s| s.query("after")).collect();
    assert_eq!(afters, [vec![], vec!["e2"]]);
}

#[tokio::test]
async fn an_empty_file_list_with_null_cursor_ids_decodes() {
    // What the API answers for an account without files: the document says the IDs are
    // strings, the server sends null.
    let empty = json!({"object": "list", "data": [], "first_id": null, "last_id": null, "has_more": false});
    let server = Server::start(vec![Reply::json(empty.clone()), Reply::json(empty)]).await;
    let client = server.client();
    let page = client.list_files(&ListFilesParams::default()).await.unwrap();
    assert!(page.data.is_empty());
    assert_eq!((page.first_id, page.last_id), (None, None));
    let all: Vec<_> = client.list_files(&ListFilesParams::default().limit(10)).items().collect().await;
    assert!(all.is_empty());
}

#[tokio::test]
async fn pages_can_be_walked_one_by_one() {
    let server = Server::start(vec![
        Reply::json(json!({"object": "list", "data": [event("e1")], "has_more": true})),
        Reply::json(json!({"object": "list", "data": [event("e2")], "has_more": false})),
    ])
    .await;
    let client = server.client();
    let first = client.list_fine_tuning_events("ftjob-1", &Default::default()).first_page().await.unwrap();
    assert!(first.has_next_page());
    let second = first.next_page().await.unwrap().expect("a second page");
    assert_eq!(second.data.data[0].id, "e2");
    assert!(!second.has_next_page());
    assert!(second.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn batch_create() {
    let batch = json!({
        "id": "batch_1", "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": "file-1",
        "completion_window": "24h", "status": "validating", "created_at": 1
    });
    let server = Server::start(vec![Reply::json(batch)]).await;
    let request: CreateBatchRequest = from_json(json!({
        "input_file_id": "file-1", "endpoint": "/v1/chat/completions", "completion_window": "24h"
    }));
    let created = server.client().create_batch(&request).await.unwrap();
    assert_eq!(created.id, "batch_1");
    assert_eq!(server.one().json()["endpoint"], "/v1/chat/completions");
}

fn file_json(id: &str) -> Value {
    json!({"id": id, "object": "file", "bytes": 3, "created_at": 1, "filename": "data.jsonl", "purpose": "batch", "status": "processed"})
}

#[tokio::test]
async fn file_upload_from_a_path_and_download() {
    let dir = std::env::temp_dir().join(format!("oagen-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("data.jsonl");
    std::fs::write(&path, b"{\"a\":1}\n").unwrap();
    let server = Server::start(vec![Reply::json(file_json("file-1")), Reply::status(200).body("{\"a\":1}\n")]).await;
    let client = server.client();
    let request = CreateFileRequest::new(File::from_path(&path), CreateFileRequestPurpose::Batch);
    let uploaded = client.create_file(&request).await.unwrap();
    assert_eq!(uploaded.id, "file-1");
    let content = client.download_file("file-1").await.unwrap();
    assert_eq!(content, "{\"a\":1}\n");
    let seen = server.seen();
    let parts = multipart_parts(&seen[0]);
    assert_eq!(parts[0].0, "file");
    assert_eq!(parts[0].1.as_deref(), Some("data.jsonl"));
    assert_eq!(parts[0].2.as_deref(), Some("application/jsonl"));
    assert_eq!(parts[0].3, b"{\"a\":1}\n");
    assert_eq!((parts[1].0.as_str(), parts[1].3.as_slice()), ("purpose", b"batch".as_slice()));
    assert_eq!(seen[1].path, "/files/file-1/content");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn upload_parts() {
    let server = Server::start(vec![Reply::json(
        json!({"id": "part_1", "object": "upload.part", "created_at": 1, "upload_id": "upload_1"}),
    )])
    .await;
    let part = AddUploadPartRequest::new(File::from_bytes("chunk", vec![1u8, 2, 3]));
    let added = server.client().add_upload_part("upload_1", &part).await.unwrap();
    assert_eq!(added.id, "part_1");
    let seen = server.one();
    assert_eq!(seen.path, "/uploads/upload_1/parts");
    let parts = multipart_parts(&seen);
    assert_eq!((parts[0].0.as_str(), parts[0].3.as_slice()), ("data", [1u8, 2, 3].as_slice()));
}

#[tokio::test]
async fn multipart_object_fields_follow_their_encoding() {
    use openai_client::runtime::multipart::{Encoding, Form};
    use openai_client::runtime::{decode, Method, RequestSpec};
    let server = Server::start(vec![Reply::json(file_json("file-2"))]).await;
    let expires = json!({"anchor": "created_at", "seconds": 2_592_000, "extra": {"a": [1, 2]}, "none": null});
    let mut form = Form::new();
    form.file("file", &File::from_bytes("data.jsonl", "{}"));
    form.field("as_json", &expires);
    form.field_encoded("expires_after", &expires, Encoding::DeepObject);
    form.field_encoded("flat", &json!({"R": 100, "G": 200}), Encoding::FormExploded);
    form.field_encoded("color", &json!({"R": 100, "G": 200}), Encoding::Form);
    let mut request = RequestSpec::new("createFile", Method::POST, "/files");
    request.security(&[&["ApiKeyAuth"]]);
    request.multipart(form);
    let _: Value = server.client().core().call(request, decode::json).await.unwrap();
    let parts: Vec<(String, Option<String>, String)> = multipart_parts(&server.one())
        .into_iter()
        .skip(1)
        .map(|(name, _, content_type, data)| (name, content_type, String::from_utf8(data).unwrap()))
        .collect();
    let part = |name: &str, content_type: Option<&str>, text: &str| {
        (name.to_owned(), content_type.map(str::to_owned), text.to_owned())
    };
    let json_text = expires.to_string();
    assert_eq!(
        parts,
        [
            part("as_json", Some("application/json"), &json_text),
            part("expires_after[anchor]", None, "created_at"),
            part("expires_after[seconds]", None, "2592000"),
            part("expires_after[extra][a][]", None, "1"),
            part("expires_after[extra][a][]", None, "2"),
            part("R", None, "100"),
            part("G", None, "200"),
            part("color", None, "R,100,G,200"),
        ]
    );
}

#[tokio::test]
async fn models_list_and_retrieve() {
    let model = json!({"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"});
    let server =
        Server::start(vec![Reply::json(json!({"object": "list", "data": [model.clone()]})), Reply::json(model)]).await;
    let client = server.client();
    assert_eq!(client.list_models().await.unwrap().data[0].id, "gpt-4o");
    assert_eq!(client.retrieve_model("ft:gpt-4o:org/x").await.unwrap().owned_by, "openai");
    assert_eq!(server.seen()[1].path, "/models/ft%3Agpt-4o%3Aorg%2Fx");
}

#[tokio::test]
async fn moderation() {
    let server =
        Server::start(vec![Reply::json(json!({"id": "modr-1", "model": "omni-moderation-latest", "results": []}))])
            .await;
    let request: CreateModerationRequest = from_json(json!({"input": "hello"}));
    assert_eq!(server.client().create_moderation(&request).await.unwrap().id, "modr-1");
}

#[tokio::test]
async fn admin_endpoints_use_the_admin_key() {
    let server = Server::start(vec![
        Reply::json(json!({"object": "list", "data": [], "has_more": false})),
        Reply::json(json!({"object": "list", "data": [], "has_more": false})),
        Reply::json(json!({"object": "page", "data": [], "has_more": false, "next_page": null})),
    ])
    .await;
    let client = server.client();
    client.list_invites(&ListInvitesParams { limit: Some(5), after: None }).await.unwrap();
    client.list_projects(&Default::default()).await.unwrap();
    let usage = UsageCompletionsParams {
        models: Some(vec!["gpt-4o".into(), "o3".into()]),
        ..UsageCompletionsParams::new(1_700_000_000)
    };
    client.usage_completions(&usage).await.unwrap();
    let seen = server.seen();
    for s in &seen {
        assert_common_headers(s, "sk-admin-key");
    }
    assert_eq!(seen[0].path, "/organization/invites");
    assert_eq!(seen[1].path, "/organization/projects");
    assert_eq!(seen[2].path, "/organization/usage/completions");
    assert_eq!(seen[2].query("start_time"), ["1700000000"]);
    assert_eq!(seen[2].query("models"), ["gpt-4o", "o3"]);
}

#[tokio::test]
#[allow(deprecated, reason = "the v1 assistants operations are deprecated, and still called")]
async fn every_other_group_reaches_its_path() {
    let empty_list =
        || Reply::json(json!({"object": "list", "data": [], "first_id": "a", "last_id": "b", "has_more": false}));
    let server = Server::start((0..7).map(|_| empty_list()).collect()).await;
    let client = server.client();
    client.list_users(&Default::default()).await.unwrap();
    client.list_project_users("proj_1", &Default::default()).await.unwrap();
    client.list_project_service_accounts("proj_1", &Default::default()).await.unwrap();
    client.list_project_api_keys("proj_1", &Default::default()).await.unwrap();
    client.list_project_rate_limits("proj_1", &Default::default()).await.unwrap();
    client.list_assistants(&Default::default()).await.unwrap();
    client.list_assistant_files("asst_1", &Default::default()).await.unwrap();
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/organization/users",
            "/organization/projects/proj_1/users",
            "/organization/projects/proj_1/service_accounts",
            "/organization/projects/proj_1/api_keys",
            "/organization/projects/proj_1/rate_limits",
            "/assistants",
            "/assistants/asst_1/files",
        ]
    );
    let seen = server.seen();
    assert_eq!(seen[0].header("authorization"), Some("Bearer sk-admin-key"));
    assert_eq!(seen[5].header("authorization"), Some("Bearer sk-test-key"));
}

fn model_list() -> Value {
    json!({"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1, "owned_by": "openai"}]})
}

#[tokio::test]
async fn a_client_with_options_sends_them_on_every_call_and_leaves_the_original_as_it_was() {
    let server = Server::start((0..3).map(|_| Reply::json(model_list())).collect()).await;
    let base = server.client();
    let mut options = openai_client::RequestOptions::default();
    options.extra_query.push(("tenant".to_owned(), "t1".to_owned()));
    let tenant = base.organization("org-other").project("proj-other").with_options(options);
    tenant.list_models().await.unwrap();
    // A call's own header replaces the client's of the same name.
    tenant.list_models().header("OpenAI-Project", "proj-call").await.unwrap();
    base.list_models().await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].header("openai-organization"), Some("org-other"));
    assert_eq!(seen[0].header("openai-project"), Some("proj-other"));
    assert_eq!(seen[0].query("tenant"), ["t1"]);
    assert_eq!(seen[1].header("openai-organization"), Some("org-other"));
    assert_eq!(seen[1].header("openai-project"), Some("proj-call"));
    // The client it was made from keeps its own settings.
    assert_common_headers(&seen[2], "sk-test-key");
    assert!(seen[2].query("tenant").is_empty());
}

#[tokio::test]
async fn the_auth_style_is_chosen_by_type() {
    let server = Server::start(vec![Reply::json(model_list())]).await;
    let config = openai_client::Client::builder()
        .base_url(&server.url)
        .api_key("sk-gateway")
        .auth_style(openai_client::runtime::AuthKind::Header("api-key".to_owned()))
        .build()
        .unwrap();
    openai_client::Client::with_config(config).unwrap().list_models().await.unwrap();
    let seen = server.one();
    assert_eq!(seen.header("api-key"), Some("sk-gateway"));
    assert_eq!(seen.header("authorization"), None);
}

#[tokio::test]
async fn fields_the_document_does_not_declare_are_kept_on_replies_and_messages() {
    let mut reply = chat_completion_json();
    reply["system_fingerprint_v2"] = json!("fp_new");
    reply["choices"][0]["message"]["reasoning_content"] = json!("First, greet.");
    let server = Server::start(vec![Reply::json(reply.clone())]).await;
    let request = CreateChatCompletionRequest::new("gpt-4o", [ChatCompletionRequestMessage::user("Hi")]);
    let completion = server.client().create_chat_completion(&request).await.unwrap();
    assert_eq!(completion.additional_properties["system_fingerprint_v2"], json!("fp_new"));
    let message = &completion.choices[0].message;
    assert_eq!(message.additional_properties["reasoning_content"], json!("First, greet."));
    // Nothing is lost on the way back to JSON either.
    assert_eq!(
        serde_json::to_value(&completion).unwrap()["choices"][0]["message"]["reasoning_content"],
        json!("First, greet.")
    );
}

#[test]
fn a_field_the_document_marks_sdk_only_is_not_generated() {
    // `output_text` is marked `x-oaiSupportedSDKs` (the SDKs compute it; the API never sends
    // it): the crate leaves it out, and `Response::output_text()` computes it instead.
    let source = include_str!("../../generated/src/types/responses.rs");
    let response = source.split("pub struct Response {").nth(1).expect("Response is generated");
    let body = &response[..response.find("\n}").expect("the struct ends")];
    assert!(body.contains("pub output:"), "{body}");
    assert!(!body.contains("output_text"), "{body}");
}

#[tokio::test]
async fn an_explicit_null_is_sent_through_the_calls_body_fields() {
    // An optional field left `None` is not sent; a server that needs `null` (to clear a
    // value) gets it from the call's own body fields.
    let server = Server::start(vec![Reply::json(chat_completion_json())]).await;
    let request = CreateChatCompletionRequest::new("gpt-4o", [ChatCompletionRequestMessage::user("Hi")]);
    server.client().create_chat_completion(&request).extra_body("metadata", Value::Null).await.unwrap();
    let body = server.one().json();
    assert_eq!(body["metadata"], Value::Null);
    assert!(body.as_object().unwrap().contains_key("metadata"), "{body}");
    assert!(!body.as_object().unwrap().contains_key("temperature"), "{body}");
}

fn vector_store_json() -> Value {
    json!({"id": "vs_1", "object": "vector_store", "created_at": 1_700_000_000, "name": "docs", "usage_bytes": 0,
           "file_counts": {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0, "total": 0},
           "status": "completed", "last_active_at": null, "metadata": null})
}

#[tokio::test]
async fn an_update_leaves_a_field_out_clears_it_or_sets_it() {
    let replies = (0..3).map(|_| Reply::json(vector_store_json())).collect();
    let server = Server::start(replies).await;
    let client = server.client();
    // Left out: the server keeps the expiry. `null`: it clears it. A value: it sets it.
    let after = VectorStoreExpirationAfter::new(7);
    client.modify_vector_store("vs_1", &UpdateVectorStoreRequest::default()).await.unwrap();
    client.modify_vector_store("vs_1", &UpdateVectorStoreRequest::default().expires_after_null()).await.unwrap();
    client.modify_vector_store("vs_1", &UpdateVectorStoreRequest::default().expires_after(after)).await.unwrap();
    let bodies: Vec<Value> = server.seen().iter().map(|s| s.json()).collect();
    assert_eq!(
        bodies,
        [json!({}), json!({"expires_after": null}), json!({"expires_after": {"anchor": "last_active_at", "days": 7}})]
    );
    let cleared = UpdateVectorStoreRequest { name: openai_client::runtime::Nullable::Null, ..Default::default() };
    assert_eq!(serde_json::to_value(&cleared).unwrap(), json!({"name": null}), "the field itself says the same");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error_at_the_end_of_the_input() {
    // Written out by hand: where a `Value` puts its keys depends on serde_json's features.
    let cut = r#"{"id":"chatcmpl-1","choices":[{"index":0,"logprobs":nu"#;
    let server = Server::start(vec![Reply::status(200)
        .header("content-type", "application/json")
        .header("x-request-id", "req_cut")
        .body(cut.to_owned())])
    .await;
    let request = CreateChatCompletionRequest::new("gpt-4o", vec![ChatCompletionRequestMessage::user("Hi")]);
    let Err(openai_client::Error::Decode(e)) = server.client().create_chat_completion(&request).await else {
        panic!("a truncated body is a decode error")
    };
    assert!(e.is_eof(), "{e}");
    assert_eq!(e.classify(), serde_json::error::Category::Eof);
    assert_eq!((e.line(), e.column()), (1, cut.len()));
    assert_eq!(e.request_id.as_deref(), Some("req_cut"));
    assert_eq!(e.path, "choices[0].logprobs", "where the text ended");
}

#[test]
fn from_env_without_openai_api_key_fails_naming_it() {
    let builder = openai_client::Client::builder();
    let err = builder.from_env_with(&openai_client::ENV, |_| None).build().unwrap_err();
    assert!(matches!(&err, openai_client::runtime::Error::MissingCredential { .. }), "{err}");
    let message = err.to_string();
    assert!(message.contains("`OPENAI_API_KEY` (or `OPENAI_ADMIN_KEY`)"), "{message}");
    // The same environment with a key given to the client is fine.
    let builder = openai_client::Client::builder().from_env_with(&openai_client::ENV, |_| None);
    openai_client::Client::with_config(builder.api_key("sk-1").build().unwrap()).unwrap();
}

#[test]
fn a_required_nullable_field_is_no_argument_it_starts_null_and_has_a_setter() {
    // `strict` is required and may be null: not a bare `None` among the arguments.
    let parameters = json!({"type": "object", "properties": {"city": {"type": "string"}}});
    let tool = serde_json::to_value(Tool::function("get_weather", parameters.clone())).unwrap();
    assert_eq!(
        (&tool["type"], &tool["name"], &tool["parameters"]),
        (&json!("function"), &json!("get_weather"), &parameters)
    );
    assert_eq!(tool.get("strict"), Some(&Value::Null), "a required field is sent, as null: {tool}");
    let strict = serde_json::to_value(Tool::from(FunctionTool::new("get_weather", parameters).strict(true))).unwrap();
    assert_eq!(strict["strict"], json!(true));
    let call =
        CodeInterpreterToolCall::new("ci_1", CodeInterpreterToolCallStatus::Completed, "cntr_1").code("print(1)");
    let call = serde_json::to_value(call).unwrap();
    assert_eq!((call.get("code"), call.get("outputs")), (Some(&json!("print(1)")), Some(&Value::Null)));
}

#[test]
fn chat_tools_have_a_short_name() {
    let weather = FunctionObject::new("get_weather").parameters(json!({"type": "object"}));
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", [ChatCompletionRequestMessage::user("Weather?")])
        .tools(vec![ChatTool::function(weather)]);
    let sent = serde_json::to_value(&request).unwrap();
    assert_eq!(
        sent["tools"],
        json!([{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}])
    );
}
