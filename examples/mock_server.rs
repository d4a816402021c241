//! A local stand-in for the OpenAI API, enough for every example to run against it in CI:
//! `cargo run -p openai-examples --bin mock-server` prints its URL and serves until stopped.

use axum::body::{Body, Bytes};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Mock {
    files: Mutex<HashMap<String, Vec<u8>>>,
    batch_polls: AtomicUsize,
    /// Conversation ID to its items, as the API returns them.
    conversations: Mutex<HashMap<String, Vec<Value>>>,
    items: AtomicUsize,
}

type S = State<Arc<Mock>>;

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/v1/chat/completions", post(chat))
        .route("/v1/embeddings", post(embeddings))
        .route("/v1/images/generations", post(images))
        .route("/v1/audio/speech", post(speech))
        .route("/v1/audio/transcriptions", post(transcription))
        .route("/v1/files", post(upload).get(list_files))
        .route("/v1/files/{id}", get(file_meta).delete(delete_file))
        .route("/v1/files/{id}/content", get(file_content))
        .route("/v1/batches", post(create_batch))
        .route("/v1/batches/{id}", get(get_batch))
        .route("/v1/fine_tuning/jobs/{id}/events", get(events))
        .route("/v1/organization/projects", get(projects))
        .route("/v1/models/{id}", get(model))
        .route("/v1/responses", post(responses).get(responses_websocket))
        .route("/v1/realtime", get(realtime))
        .route("/v1/conversations", post(create_conversation))
        .route("/v1/conversations/{id}/items", post(add_items).get(list_items))
        .route("/v1/vector_stores", post(create_vector_store))
        .route("/v1/vector_stores/{id}/search", post(search_vector_store))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "no such endpoint in the mock") })
        .with_state(Arc::new(Mock::default()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    println!("http://{}", listener.local_addr().expect("bound"));
    axum::serve(listener, app).await.expect("serving");
}

fn error(status: StatusCode, message: &str) -> Response {
    let body = json!({"error": {"message": message, "type": "invalid_request_error", "param": null, "code": null}});
    (status, [("x-request-id", "req_mock_error")], Json(body)).into_response()
}

fn completion(message: Value, finish: &str) -> Value {
    json!({
        "id": "chatcmpl-mock", "object": "chat.completion", "created": 1_700_000_000, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": null}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21}
    })
}

async fn chat(headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if body["stream"] == json!(true) {
        let chunk = |delta: Value, finish: Value| {
            json!({"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "gpt-4o-mini",
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": null}]})
        };
        let mut events = vec![chunk(json!({"role": "assistant", "content": ""}), Value::Null)];
        for word in ["1, ", "2, ", "3, ", "4, ", "5."] {
            events.push(chunk(json!({"content": word}), Value::Null));
        }
        events.push(chunk(json!({}), json!("stop")));
        events.push(json!({"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "gpt-4o-mini",
                           "choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": 10, "total_tokens": 18}}));
        // Events are numbered (`id:`), and a reconnection with `Last-Event-ID` goes on after
        // that one, as a server that resumes streams does; `x-mock-drop-after: N` breaks the
        // first connection after event N, for `examples/chat_stream_resume.rs`.
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
        let (after, drop_after) = match header("last-event-id") {
            Some(last) => (last, None),
            None => (0, header("x-mock-drop-after")),
        };
        let mut pieces: Vec<Result<Bytes, std::io::Error>> = Vec::new();
        for (i, e) in events.iter().enumerate().map(|(i, e)| (i + 1, e)).skip(after) {
            pieces.push(Ok(Bytes::from(format!("id: {i}\ndata: {e}\n\n"))));
            if drop_after == Some(i) {
                pieces.push(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped on purpose")));
                break;
            }
        }
        if drop_after.is_none_or(|n| n >= events.len()) {
            pieces.push(Ok(Bytes::from_static(b"data: [DONE]\n\n")));
        }
        // A pause before each piece, so what came before the break is on the wire.
        let pieces = openai_client::runtime::futures::StreamExt::then(
            openai_client::runtime::futures::stream::iter(pieces),
            |piece| async move {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                piece
            },
        );
        let body = Body::from_stream(pieces);
        return ([("content-type", "text/event-stream")], body).into_response();
    }
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    let answered_tool = messages.iter().any(|m| m["role"] == "tool");
    if body.get("tools").is_some() && !answered_tool {
        let call = json!({"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}});
        let message = json!({"role": "assistant", "content": null, "refusal": null, "tool_calls": [call]});
        return Json(completion(message, "tool_calls")).into_response();
    }
    let content = if body["response_format"]["type"] == "json_schema" {
        "{\"city\":\"Paris\",\"country\":\"France\"}"
    } else if answered_tool {
        "It is 21 °C in Paris."
    } else {
        "Rust is a language for reliable and efficient software."
    };
    Json(completion(json!({"role": "assistant", "content": content, "refusal": null}), "stop")).into_response()
}

async fn embeddings(Json(body): Json<Value>) -> Json<Value> {
    let n = body["input"].as_array().map_or(1, Vec::len);
    let data: Vec<Value> = (0..n)
        .map(|i| json!({"object": "embedding", "index": i, "embedding": [0.1, 0.2 + 0.05 * i as f64, 0.3 - 0.02 * i as f64]}))
        .collect();
    Json(
        json!({"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 10, "total_tokens": 10}}),
    )
}

async fn images() -> Json<Value> {
    Json(json!({"created": 1_700_000_000, "data": [{"b64_json": "aGVsbG8gaW1hZ2U="}]}))
}

async fn speech() -> Response {
    let audio = vec![0xFFu8; 24 * 1024];
    ([("content-type", "audio/mpeg")], audio).into_response()
}

async fn transcription(headers: HeaderMap, body: Bytes) -> Response {
    match multipart_file(&headers, &body) {
        Some((_, bytes)) if !bytes.is_empty() => Json(json!({"text": "Hello from the mock."})).into_response(),
        _ => error(StatusCode::BAD_REQUEST, "expected a multipart body with a file"),
    }
}

/// The first file part of a multipart body: (file name, bytes).
fn multipart_file(headers: &HeaderMap, body: &[u8]) -> Option<(String, Vec<u8>)> {
    let ct = headers.get("content-type")?.to_str().ok()?;
    let boundary = format!("--{}", ct.split("boundary=").nth(1)?.trim_matches('"'));
    let text = body;
    let starts: Vec<usize> =
        text.windows(boundary.len()).enumerate().filter(|(_, w)| *w == boundary.as_bytes()).map(|(i, _)| i).collect();
    for w in starts.windows(2) {
        let part = &text[w[0] + boundary.len()..w[1]];
        let split = part.windows(4).position(|x| x == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&part[..split]);
        if let Some(name) = head.split("filename=\"").nth(1).and_then(|r| r.split('"').next()) {
            let data = &part[split + 4..];
            let data = data.strip_suffix(b"\r\n").unwrap_or(data);
            return Some((name.to_owned(), data.to_vec()));
        }
    }
    None
}

fn file_object(id: &str, bytes: usize) -> Value {
    json!({"id": id, "object": "file", "bytes": bytes, "created_at": 1_700_000_000, "filename": "requests.jsonl",
           "purpose": "batch", "status": "processed"})
}

async fn upload(State(mock): S, headers: HeaderMap, body: Bytes) -> Response {
    let Some((_, bytes)) = multipart_file(&headers, &body) else {
        return error(StatusCode::BAD_REQUEST, "expected a multipart body with a file");
    };
    let id = format!("file-{}", mock.files.lock().unwrap().len() + 1);
    let len = bytes.len();
    mock.files.lock().unwrap().insert(id.clone(), bytes);
    Json(file_object(&id, len)).into_response()
}

/// Uploaded files in ID order, a page at a time (`after`, `limit`).
async fn list_files(State(mock): S, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let files = mock.files.lock().unwrap();
    let mut ids: Vec<&String> = files.keys().collect();
    ids.sort();
    let start = q.get("after").and_then(|a| ids.iter().position(|id| *id == a)).map_or(0, |p| p + 1);
    let limit = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10_000usize);
    let page: Vec<Value> = ids.iter().skip(start).take(limit).map(|id| file_object(id, files[*id].len())).collect();
    let has_more = start + page.len() < ids.len();
    let (first, last) = (page.first().map(|f| f["id"].clone()), page.last().map(|f| f["id"].clone()));
    Json(json!({"object": "list", "data": page, "first_id": first, "last_id": last, "has_more": has_more}))
}

async fn file_meta(State(mock): S, Path(id): Path<String>) -> Response {
    match mock.files.lock().unwrap().get(&id) {
        Some(bytes) => Json(file_object(&id, bytes.len())).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such file"),
    }
}

async fn file_content(State(mock): S, Path(id): Path<String>) -> Response {
    match mock.files.lock().unwrap().get(&id) {
        Some(bytes) => Body::from(bytes.clone()).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such file"),
    }
}

async fn delete_file(State(mock): S, Path(id): Path<String>) -> Response {
    let deleted = mock.files.lock().unwrap().remove(&id).is_some();
    Json(json!({"id": id, "object": "file", "deleted": deleted})).into_response()
}

fn batch(id: &str, status: &str) -> Value {
    json!({"id": id, "object": "batch", "endpoint": "/v1/chat/completions", "input_file_id": "file-abc123",
           "completion_window": "24h", "status": status, "created_at": 1_700_000_000})
}

async fn create_batch(headers: HeaderMap) -> Response {
    if headers.get("idempotency-key").is_none() {
        return error(StatusCode::BAD_REQUEST, "the example sends an idempotency key");
    }
    Json(batch("batch_mock", "validating")).into_response()
}

async fn get_batch(State(mock): S, Path(id): Path<String>) -> Json<Value> {
    let polls = mock.batch_polls.fetch_add(1, Ordering::SeqCst);
    Json(batch(&id, if polls < 2 { "in_progress" } else { "completed" }))
}

async fn events(Path(_job): Path<String>, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    let all: Vec<Value> = (1..=5)
        .map(|i| {
            json!({"object": "fine_tuning.job.event", "id": format!("ftevent-{i}"), "created_at": 1_700_000_000 + i,
                        "level": "info", "message": format!("Step {i} of 5")})
        })
        .collect();
    let start = q.get("after").and_then(|a| all.iter().position(|e| e["id"] == a.as_str())).map_or(0, |p| p + 1);
    let limit = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(20usize);
    let page: Vec<Value> = all.iter().skip(start).take(limit).cloned().collect();
    let has_more = start + page.len() < all.len();
    Json(json!({"object": "list", "data": page, "has_more": has_more}))
}

async fn projects(headers: HeaderMap) -> Response {
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !auth.starts_with("Bearer ") {
        return error(StatusCode::UNAUTHORIZED, "admin endpoints need an admin key");
    }
    let project = |id: &str, name: &str| json!({"id": id, "object": "organization.project", "name": name, "created_at": 1_700_000_000, "status": "active"});
    Json(json!({"object": "list", "data": [project("proj_1", "Default"), project("proj_2", "Research")],
                "first_id": "proj_1", "last_id": "proj_2", "has_more": false}))
    .into_response()
}

async fn model(Path(id): Path<String>) -> Response {
    if id == "does-not-exist" {
        return error(StatusCode::NOT_FOUND, "The model `does-not-exist` does not exist");
    }
    if id == "busy-model" {
        let body = json!({"error": {"message": "Rate limit reached for requests", "type": "requests",
                                    "param": null, "code": "rate_limit_exceeded"}});
        let headers = [("x-request-id", "req_mock_429"), ("retry-after", "2")];
        return (StatusCode::TOO_MANY_REQUESTS, headers, Json(body)).into_response();
    }
    Json(json!({"id": id, "object": "model", "created": 1_700_000_000, "owned_by": "openai"})).into_response()
}

fn response_object(status: &str, output: Value, body: &Value) -> Value {
    json!({"id": "resp_mock", "object": "response", "created_at": 1_700_000_000, "status": status, "model": "gpt-4o-mini",
           "output": output, "tools": body["tools"].as_array().cloned().unwrap_or_default(), "error": null,
           "incomplete_details": null, "instructions": null, "parallel_tool_calls": true, "metadata": {},
           "temperature": 1.0, "top_p": 1.0, "tool_choice": "auto", "previous_response_id": body["previous_response_id"],
           "usage": {"input_tokens": 12, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0}, "output_tokens": 9,
                     "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 21}})
}

fn output_message(id: &str, text: &str) -> Value {
    json!({"id": id, "type": "message", "role": "assistant", "status": "completed",
           "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]})
}

/// An input item as a conversation keeps it: a message with an ID and typed content parts.
fn stored_item(mock: &Mock, item: &Value) -> Value {
    let id = format!("msg_{}", mock.items.fetch_add(1, Ordering::SeqCst) + 1);
    let mut item = item.clone();
    if let Some(text) = item["content"].as_str() {
        item["content"] = match item["role"].as_str() {
            Some("assistant") => json!([{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]),
            _ => json!([{"type": "input_text", "text": text}]),
        };
    }
    item["id"] = json!(id);
    item["type"] = json!("message");
    item["status"] = json!("completed");
    item
}

/// Responses: a function call when tools are offered and none was answered, an answer to the
/// call when its output comes back (with the call's ID), text otherwise; streamed on request,
/// and added to the conversation it names.
async fn responses(State(mock): S, Json(body): Json<Value>) -> Response {
    let input = match &body["input"] {
        Value::String(text) => vec![json!({"role": "user", "content": text})],
        Value::Array(items) => items.clone(),
        _ => Vec::new(),
    };
    let outputs: Vec<&Value> = input.iter().filter(|i| i["type"] == "function_call_output").collect();
    if outputs.iter().any(|o| o["call_id"] != "call_1")
        || (!outputs.is_empty() && body["previous_response_id"].is_null())
    {
        return error(StatusCode::BAD_REQUEST, "a function_call_output answers call_1 of the previous response");
    }
    let text = match (&body["conversation"], outputs.is_empty()) {
        (_, false) => "It is 21 °C in Paris.".to_owned(),
        (Value::String(id), _) => match mock.conversations.lock().unwrap().get(id) {
            Some(items) => format!("This conversation has {} items before this answer.", items.len()),
            None => return error(StatusCode::NOT_FOUND, "no such conversation"),
        },
        _ => "Rust is a language for reliable and efficient software.".to_owned(),
    };
    let item = if body.get("tools").is_some() && outputs.is_empty() {
        json!({"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "get_weather",
               "arguments": "{\"city\":\"Paris\"}", "status": "completed"})
    } else {
        output_message("msg_out", &text)
    };
    if let Value::String(id) = &body["conversation"] {
        let mut stored: Vec<Value> = input.iter().map(|i| stored_item(&mock, i)).collect();
        stored.push(stored_item(&mock, &json!({"role": "assistant", "content": text})));
        mock.conversations.lock().unwrap().entry(id.clone()).or_default().extend(stored);
    }
    if body["stream"] != json!(true) {
        return Json(response_object("completed", json!([item]), &body)).into_response();
    }
    let mut events = vec![
        json!({"type": "response.created", "response": response_object("in_progress", json!([]), &body)}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": output_message("msg_out", "")}),
    ];
    for word in text.split_inclusive(' ') {
        events.push(json!({"type": "response.output_text.delta", "item_id": "msg_out", "output_index": 0,
                           "content_index": 0, "delta": word, "logprobs": []}));
    }
    events.push(json!({"type": "response.output_item.done", "output_index": 0, "item": item}));
    events.push(json!({"type": "response.completed", "response": response_object("completed", json!([item]), &body)}));
    let text: String = events
        .iter_mut()
        .enumerate()
        .map(|(n, e)| {
            e["sequence_number"] = json!(n);
            format!("event: {}\ndata: {e}\n\n", e["type"].as_str().unwrap_or_default())
        })
        .collect();
    ([("content-type", "text/event-stream")], text).into_response()
}

fn conversation_object(id: &str) -> Value {
    json!({"id": id, "object": "conversation", "created_at": 1_700_000_000, "metadata": {}})
}

fn item_list(items: &[Value]) -> Value {
    json!({"object": "list", "data": items, "has_more": false,
           "first_id": items.first().map(|i| i["id"].clone()), "last_id": items.last().map(|i| i["id"].clone())})
}

async fn create_conversation(State(mock): S, Json(body): Json<Value>) -> Json<Value> {
    let items: Vec<Value> = body["items"].as_array().into_iter().flatten().map(|i| stored_item(&mock, i)).collect();
    let mut conversations = mock.conversations.lock().unwrap();
    let id = format!("conv_{}", conversations.len() + 1);
    conversations.insert(id.clone(), items);
    Json(conversation_object(&id))
}

async fn add_items(State(mock): S, Path(id): Path<String>, Json(body): Json<Value>) -> Response {
    let added: Vec<Value> = body["items"].as_array().into_iter().flatten().map(|i| stored_item(&mock, i)).collect();
    match mock.conversations.lock().unwrap().get_mut(&id) {
        Some(items) => {
            items.extend(added.iter().cloned());
            Json(item_list(&added)).into_response()
        }
        None => error(StatusCode::NOT_FOUND, "no such conversation"),
    }
}

async fn list_items(State(mock): S, Path(id): Path<String>) -> Response {
    match mock.conversations.lock().unwrap().get(&id) {
        Some(items) => Json(item_list(items)).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such conversation"),
    }
}

async fn create_vector_store(State(mock): S, Json(body): Json<Value>) -> Response {
    let ids: Vec<String> =
        body["file_ids"].as_array().into_iter().flatten().filter_map(|f| f.as_str().map(str::to_owned)).collect();
    if ids.is_empty() || ids.iter().any(|id| !mock.files.lock().unwrap().contains_key(id)) {
        return error(StatusCode::BAD_REQUEST, "file_ids must name uploaded files");
    }
    // The store's ID lists its files, so a search knows what to read.
    Json(json!({"id": format!("vs_{}", ids.join("+")), "object": "vector_store", "created_at": 1_700_000_000,
                "name": body["name"], "usage_bytes": 0, "status": "completed", "last_active_at": null, "metadata": {},
                "file_counts": {"in_progress": 0, "completed": ids.len(), "failed": 0, "cancelled": 0, "total": ids.len()}}))
    .into_response()
}

/// The lines of the store's files that share a word with the query, best match first.
async fn search_vector_store(State(mock): S, Path(id): Path<String>, Json(body): Json<Value>) -> Response {
    let query = body["query"].as_str().unwrap_or_default().to_lowercase();
    let words: Vec<&str> = query.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2).collect();
    let files = mock.files.lock().unwrap();
    let mut hits: Vec<(f64, Value)> = Vec::new();
    for file_id in id.strip_prefix("vs_").unwrap_or_default().split('+') {
        let Some(bytes) = files.get(file_id) else { return error(StatusCode::NOT_FOUND, "no such vector store") };
        for line in String::from_utf8_lossy(bytes).lines() {
            let lower = line.to_lowercase();
            let score = words.iter().filter(|w| lower.contains(*w)).count() as f64 / words.len().max(1) as f64;
            if score > 0.0 {
                hits.push((
                    score,
                    json!({"file_id": file_id, "filename": "notes.txt", "score": score, "attributes": {},
                                         "content": [{"type": "text", "text": line}]}),
                ));
            }
        }
    }
    hits.sort_by(|a, b| b.0.total_cmp(&a.0));
    let data: Vec<Value> = hits.into_iter().map(|(_, hit)| hit).collect();
    Json(json!({"object": "vector_store.search_results.page", "search_query": [query], "data": data,
                "has_more": false, "next_page": null}))
    .into_response()
}

/// A WebSocket message the session sent, as JSON; `None` once it closed.
async fn receive(socket: &mut WebSocket) -> Option<Value> {
    loop {
        match socket.recv().await? {
            Ok(Message::Text(text)) => return serde_json::from_str(&text).ok(),
            Ok(Message::Binary(bytes)) => return serde_json::from_slice(&bytes).ok(),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}

async fn emit(socket: &mut WebSocket, event: Value) -> bool {
    socket.send(Message::Text(event.to_string().into())).await.is_ok()
}

/// The Realtime WebSocket: `session.created` first, then each client event answered as the
/// API does (a text response, in three deltas, to `response.create`).
async fn realtime(upgrade: WebSocketUpgrade, headers: HeaderMap) -> Response {
    if headers.get("authorization").is_none() {
        return error(StatusCode::UNAUTHORIZED, "no API key");
    }
    upgrade.on_upgrade(|mut socket| async move {
        let session = json!({"type": "realtime", "object": "realtime.session", "id": "sess_mock", "model": "gpt-realtime",
                             "output_modalities": ["text"]});
        emit(&mut socket, json!({"type": "session.created", "event_id": "event_0", "session": session})).await;
        let mut n = 0;
        while let Some(event) = receive(&mut socket).await {
            n += 1;
            let id = format!("event_{n}");
            let answers = match event["type"].as_str().unwrap_or_default() {
                "conversation.item.create" => {
                    let mut item = event["item"].clone();
                    item["id"] = json!("item_user");
                    vec![json!({"type": "conversation.item.created", "event_id": id, "item": item})]
                }
                "response.create" => {
                    let mut events = vec![json!({"type": "response.created", "event_id": id,
                        "response": {"object": "realtime.response", "id": "resp_mock", "status": "in_progress", "output": []}})];
                    for piece in ["Rust is a language ", "for reliable ", "and efficient software."] {
                        events.push(json!({"type": "response.output_text.delta", "event_id": id, "response_id": "resp_mock",
                            "item_id": "item_out", "output_index": 0, "content_index": 0, "delta": piece}));
                    }
                    events.push(json!({"type": "response.done", "event_id": id, "response": {"object": "realtime.response",
                        "id": "resp_mock", "status": "completed", "output": [{"id": "item_out", "type": "message",
                        "status": "completed", "role": "assistant",
                        "content": [{"type": "output_text", "text": "Rust is a language for reliable and efficient software."}]}]}}));
                    events
                }
                _ => Vec::new(),
            };
            for answer in answers {
                if !emit(&mut socket, answer).await {
                    return;
                }
            }
        }
    })
}

/// The Responses API's WebSocket mode: each `response.create` streamed back as its events;
/// `previous_response_id` must name the response before.
async fn responses_websocket(upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(|mut socket| async move {
        let mut turn = 0;
        while let Some(request) = receive(&mut socket).await {
            let previous = request["previous_response_id"].as_str().map(str::to_owned);
            if turn > 0 && previous.as_deref() != Some(&format!("resp_ws_{turn}")) {
                let error = json!({"type": "error", "status": 400, "error": {"type": "invalid_request_error",
                    "code": "previous_response_not_found", "message": "previous_response_id names no response here", "param": "previous_response_id"}});
                emit(&mut socket, error).await;
                continue;
            }
            turn += 1;
            let text = if turn == 1 { "Axum, built on Tokio and Tower." } else { "It composes with the Tower ecosystem." };
            let mut response = response_object("in_progress", json!([]), &request);
            response["id"] = json!(format!("resp_ws_{turn}"));
            let mut events = vec![json!({"type": "response.created", "response": response.clone()})];
            for word in text.split_inclusive(' ') {
                events.push(json!({"type": "response.output_text.delta", "item_id": "msg_ws", "output_index": 0,
                                   "content_index": 0, "delta": word, "logprobs": []}));
            }
            response["status"] = json!("completed");
            response["output"] = json!([output_message("msg_ws", text)]);
            events.push(json!({"type": "response.completed", "response": response}));
            for (n, mut event) in events.into_iter().enumerate() {
                event["sequence_number"] = json!(n);
                if !emit(&mut socket, event).await {
                    return;
                }
            }
        }
    })
}
