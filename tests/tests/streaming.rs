//! Server-sent events end to end over TCP: a raw HTTP/1.1 server on 127.0.0.1 writes the
//! events chunk by chunk, as a real server does, and the generated client reads them.

mod support;

use futures_util::StreamExt;
use openai_client::chat::ChatAccumulator;
use openai_client::runtime::Error;
use openai_client::types::*;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc, oneshot};

/// What the server does after sending the response head.
enum Script {
    /// Send these pieces (with a short pause between them), then close.
    Chunks(Vec<String>),
    /// Send one event every 20 ms until a write fails; report that on the channel.
    Forever(oneshot::Sender<()>),
    /// Answer with this status and JSON body instead of a stream.
    Status(u16, &'static str),
}

/// Serve one connection by `script`; the request body is sent back on `requests`.
async fn serve(script: Script) -> (String, mpsc::UnboundedReceiver<Vec<u8>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let request = support::read_request(&mut socket).await;
        tx.send(request).ok();
        let head = |status: u16, ct: &str| {
            format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {ct}\r\nconnection: close\r\nx-request-id: req_stream\r\n\r\n"
            )
        };
        match script {
            Script::Status(status, body) => {
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                socket.write_all(response.as_bytes()).await.unwrap();
            }
            Script::Chunks(chunks) => {
                socket.write_all(head(200, "text/event-stream").as_bytes()).await.unwrap();
                for chunk in chunks {
                    socket.write_all(chunk.as_bytes()).await.unwrap();
                    socket.flush().await.unwrap();
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
            Script::Forever(closed) => {
                socket.write_all(head(200, "text/event-stream").as_bytes()).await.unwrap();
                for i in 0..500 {
                    let event = format!("data: {}\n\n", chunk_json(json!({"content": format!("t{i}")}), None));
                    if socket.write_all(event.as_bytes()).await.is_err() || socket.flush().await.is_err() {
                        closed.send(()).ok();
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
    });
    (url, rx)
}

fn chunk_json(delta: Value, finish: Option<&str>) -> Value {
    json!({
        "id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "gpt-4o",
        "system_fingerprint": "fp_1",
        "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}]
    })
}

fn event(v: &Value) -> String {
    format!("data: {v}\n\n")
}

fn client(url: &str) -> openai_client::Client {
    openai_client::Client::with_config(
        openai_client::Client::builder().base_url(url).api_key("sk-test").build().unwrap(),
    )
    .unwrap()
}

fn chat_request() -> CreateChatCompletionRequest {
    serde_json::from_value(
        json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Weather in Paris and Rome?"}]}),
    )
    .unwrap()
}

#[tokio::test]
async fn chat_stream_with_parallel_tool_calls_accumulates_into_the_completion() {
    let tool = |index: u32, id: Option<&str>, name: Option<&str>, args: &str| {
        let mut call = json!({"index": index, "function": {"arguments": args}});
        if let Some(id) = id {
            call["id"] = json!(id);
            call["type"] = json!("function");
        }
        if let Some(name) = name {
            call["function"]["name"] = json!(name);
        }
        call
    };
    let mut chunks = vec![
        event(&chunk_json(json!({"role": "assistant", "content": ""}), None)),
        ": keep-alive\n\n".to_owned(),
        event(&chunk_json(json!({"content": "Checking "}), None)),
        event(&chunk_json(json!({"content": "both."}), None)),
        event(&chunk_json(
            json!({"tool_calls": [tool(0, Some("call_paris"), Some("get_weather"), ""), tool(1, Some("call_rome"), Some("get_weather"), "")]}),
            None,
        )),
        event(&chunk_json(
            json!({"tool_calls": [tool(0, None, None, "{\"city\":"), tool(1, None, None, "{\"city\":\"Ro")]}),
            None,
        )),
        event(&chunk_json(
            json!({"tool_calls": [tool(1, None, None, "me\"}"), tool(0, None, None, "\"Paris\"}")]}),
            None,
        )),
        event(&chunk_json(json!({}), Some("tool_calls"))),
        event(
            &json!({"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1_700_000_000, "model": "gpt-4o",
                      "system_fingerprint": "fp_1", "choices": [],
                      "usage": {"prompt_tokens": 20, "completion_tokens": 30, "total_tokens": 50}}),
        ),
        "data: [DONE]\n\n".to_owned(),
    ];
    // Split one event across writes, CRLF line ends in another: the decoder must not care.
    let split = chunks.remove(2);
    let (a, b) = split.split_at(17);
    chunks.insert(2, b.to_owned());
    chunks.insert(2, a.to_owned());
    chunks[4] = chunks[4].replace('\n', "\r\n");
    let again = chunks.clone();
    let (url, mut requests) = serve(Script::Chunks(chunks)).await;

    let client = client(&url);
    let mut stream = client.create_chat_completion_stream(&chat_request()).await.unwrap();
    let body: Value = serde_json::from_slice(&requests.recv().await.unwrap()).unwrap();
    assert_eq!(body["stream"], json!(true), "the streaming method sets stream: true");

    let mut acc = ChatAccumulator::new();
    let mut texts = Vec::new();
    let mut count = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        count += 1;
        if let Some(text) = chunk.choices.first().and_then(|c| c.delta.content.clone()) {
            texts.push(text);
        }
        acc.push(&chunk).unwrap();
        // The completion so far can be read at any point.
        assert_eq!(acc.snapshot()["id"], "chatcmpl-9");
    }
    assert_eq!(count, 8, "every chunk, no [DONE], no keep-alive");
    assert_eq!(texts.concat(), "Checking both.");

    let completion: CreateChatCompletionResponse = acc.finish().unwrap();
    let expected: CreateChatCompletionResponse = serde_json::from_value(json!({
        "id": "chatcmpl-9", "object": "chat.completion", "created": 1_700_000_000, "model": "gpt-4o",
        "system_fingerprint": "fp_1",
        "choices": [{
            "index": 0, "finish_reason": "tool_calls", "logprobs": null,
            "message": {
                "role": "assistant", "content": "Checking both.", "refusal": null,
                "tool_calls": [
                    {"id": "call_paris", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
                    {"id": "call_rome", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Rome\"}"}}
                ]
            }
        }],
        "usage": {"prompt_tokens": 20, "completion_tokens": 30, "total_tokens": 50}
    }))
    .unwrap();
    assert_eq!(completion, expected);

    // The same stream read as text while the stream adds itself up: the same completion.
    let (url, _requests) = serve(Script::Chunks(again)).await;
    let mut stream = crate::client(&url).create_chat_completion_stream(&chat_request()).await.unwrap().accumulate();
    let mut text = String::new();
    while let Some(piece) = stream.next_text().await {
        text.push_str(&piece.unwrap());
    }
    assert_eq!(text, "Checking both.");
    assert_eq!(stream.finish().await.unwrap(), expected);
}

#[tokio::test]
async fn the_non_streaming_method_never_asks_for_a_stream() {
    let (url, mut requests) =
        serve(Script::Status(200, r#"{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[]}"#))
            .await;
    let mut request = chat_request();
    request.stream = true.into();
    client(&url).create_chat_completion(&request).await.unwrap();
    let body: Value = serde_json::from_slice(&requests.recv().await.unwrap()).unwrap();
    assert!(body.get("stream").is_none(), "{body}");
}

#[tokio::test]
async fn an_error_event_mid_stream_is_an_error_item() {
    let chunks = vec![
        event(&chunk_json(json!({"content": "Hi"}), None)),
        "event: error\ndata: {\"error\": {\"message\": \"The model is overloaded\", \"type\": \"server_error\"}}\n\n"
            .to_owned(),
        event(&chunk_json(json!({"content": "never read"}), None)),
    ];
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);
    let items: Vec<_> = client.create_chat_completion_stream(&chat_request()).await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "the stream stops after the error");
    assert!(items[0].is_ok());
    match &items[1] {
        Err(Error::Stream { operation, message, error }) => {
            assert_eq!(*operation, "createChatCompletion");
            assert_eq!(message, "The model is overloaded");
            assert_eq!(error.as_ref().and_then(|e| e.kind.as_deref()), Some("server_error"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn data_carrying_an_error_object_is_an_error_item() {
    let chunks =
        vec!["data: {\"error\": {\"message\": \"rate limited mid-stream\", \"type\": \"rate_limit_exceeded\"}}\n\n"
            .to_owned()];
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);
    let items: Vec<_> = client.create_chat_completion_stream(&chat_request()).await.unwrap().collect().await;
    assert!(
        matches!(&items[..], [Err(Error::Stream { message, .. })] if message == "rate limited mid-stream"),
        "{items:?}"
    );
}

#[tokio::test]
async fn a_connection_dropped_mid_event_is_an_error_not_a_silent_end() {
    let chunks =
        vec![event(&chunk_json(json!({"content": "Hi"}), None)), "data: {\"id\": \"chatcmpl-9\", \"cho".to_owned()];
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);
    let items: Vec<_> = client.create_chat_completion_stream(&chat_request()).await.unwrap().collect().await;
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    assert!(
        matches!(&items[1], Err(Error::Stream { message, .. }) if message.contains("middle of an event")),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_chat_stream_closed_before_done_ends_with_an_error_item() {
    // Two whole chunks, then the server (or a proxy) closes: without `data: [DONE]` the
    // answer is cut short, and the last item says so.
    let chunks = vec![
        event(&chunk_json(json!({"role": "assistant", "content": "The answer"}), None)),
        event(&chunk_json(json!({"content": " is"}), None)),
    ];
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);
    let items: Vec<_> = client.create_chat_completion_stream(&chat_request()).await.unwrap().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    assert!(
        matches!(&items[2], Err(Error::Stream { operation: "createChatCompletion", message, .. })
            if message.contains("before `data: [DONE]`") && message.contains("cut short")),
        "{:?}",
        items[2]
    );
}

#[tokio::test]
async fn an_image_stream_closed_before_its_completed_event_ends_with_an_error_item() {
    let partial = "event: image_generation.partial_image\ndata: {\"type\": \"image_generation.partial_image\", \"b64_json\": \"aGk=\", \"created_at\": 1, \"size\": \"1024x1024\", \"quality\": \"low\", \"background\": \"opaque\", \"output_format\": \"png\", \"partial_image_index\": 0}\n\n";
    let (url, _requests) = serve(Script::Chunks(vec![partial.to_owned()])).await;
    let client = client(&url);
    let request: CreateImageRequest = serde_json::from_value(json!({"prompt": "a cat"})).unwrap();
    let items: Vec<_> = client.create_image_stream(&request).await.unwrap().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(
        matches!(&items[1], Err(Error::Stream { message, .. }) if message.contains("`image_generation.completed`")),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection() {
    let (closed_tx, closed_rx) = oneshot::channel();
    let (url, _requests) = serve(Script::Forever(closed_tx)).await;
    let client = client(&url);
    let mut stream = client.create_chat_completion_stream(&chat_request()).await.unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    tokio::time::timeout(Duration::from_secs(5), closed_rx)
        .await
        .expect("the server saw the connection close")
        .unwrap();
}

#[tokio::test]
async fn a_401_before_the_stream_is_an_error_from_the_call() {
    let (url, _requests) =
        serve(Script::Status(401, r#"{"error":{"message":"Incorrect API key","type":"invalid_request_error"}}"#)).await;
    let client = client(&url);
    let err = client.create_chat_completion_stream(&chat_request()).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(api.error.as_ref().map(|e| e.message.as_str()), Some("Incorrect API key"));
}

#[tokio::test]
async fn unknown_stream_events_of_a_union_are_kept() {
    // Image generation events are a union tagged by `type`: an event type this crate does
    // not know is a catch-all variant, not an error.
    let chunks = vec![
        "event: image_generation.partial_image\ndata: {\"type\": \"image_generation.partial_image\", \"b64_json\": \"aGk=\", \"created_at\": 1, \"size\": \"1024x1024\", \"quality\": \"low\", \"background\": \"opaque\", \"output_format\": \"png\", \"partial_image_index\": 0}\n\n".to_owned(),
        "event: image_generation.progress\ndata: {\"type\": \"image_generation.progress\", \"percent\": 50}\n\n".to_owned(),
        // The final event, without its `event:` line: its data's `type` says what it is.
        "data: {\"type\": \"image_generation.completed\", \"b64_json\": \"aGk=\", \"created_at\": 2, \"size\": \"1024x1024\", \"quality\": \"low\", \"background\": \"opaque\", \"output_format\": \"png\", \"usage\": {\"total_tokens\": 1, \"input_tokens\": 1, \"output_tokens\": 0, \"input_tokens_details\": {\"text_tokens\": 1, \"image_tokens\": 0}}}\n\n".to_owned(),
    ];
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);
    let request: CreateImageRequest = serde_json::from_value(json!({"prompt": "a cat"})).unwrap();
    let items: Vec<_> = client.create_image_stream(&request).await.unwrap().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(!matches!(items[0].as_ref().unwrap(), ImageGenStreamEvent::Unknown(_)), "{:?}", items[0]);
    assert!(matches!(items[2].as_ref().unwrap(), ImageGenStreamEvent::Completed(_)), "{:?}", items[2]);
    assert!(
        matches!(items[1].as_ref().unwrap(), ImageGenStreamEvent::Unknown(v) if v["percent"] == 50),
        "{:?}",
        items[1]
    );
}

#[tokio::test]
async fn a_responses_stream_adds_up_to_the_final_response_and_its_text() {
    use openai_client::responses::ResponseAccumulator;
    use openai_client::runtime::{sse, Method, RequestSpec, StreamCall, StreamEnd};
    let response = |status: &str, output: Value| json!({"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "gpt-4o", "output": output});
    let item = json!({"id": "msg_1", "type": "message", "role": "assistant", "status": "in_progress", "content": []});
    let done_item = json!({"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
        "content": [{"type": "output_text", "text": "Hello there", "annotations": []}]});
    let events = [
        ("response.created", json!({"type": "response.created", "response": response("in_progress", json!([]))})),
        (
            "response.in_progress",
            json!({"type": "response.in_progress", "response": response("in_progress", json!([]))}),
        ),
        ("response.output_item.added", json!({"type": "response.output_item.added", "output_index": 0, "item": item})),
        (
            "response.content_part.added",
            json!({"type": "response.content_part.added", "output_index": 0, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}}),
        ),
        (
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": "Hello"}),
        ),
        (
            "response.reasoning_hint.future",
            json!({"type": "response.reasoning_hint.future", "note": "an event type no spec knows yet"}),
        ),
        (
            "response.output_text.delta",
            json!({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": " there"}),
        ),
        (
            "response.output_text.done",
            json!({"type": "response.output_text.done", "output_index": 0, "content_index": 0, "text": "Hello there"}),
        ),
        (
            "response.output_item.done",
            json!({"type": "response.output_item.done", "output_index": 0, "item": done_item.clone()}),
        ),
        (
            "response.completed",
            json!({"type": "response.completed", "response": response("completed", json!([done_item]))}),
        ),
    ];
    let chunks: Vec<String> = events.iter().map(|(name, data)| format!("event: {name}\ndata: {data}\n\n")).collect();
    let (url, _requests) = serve(Script::Chunks(chunks)).await;
    let client = client(&url);

    // Without generated types the runtime streams raw events all the same (the typed
    // `create_response_stream` is tested in responses_stream.rs).
    let mut request = RequestSpec::new("createResponse", Method::POST, "/responses");
    request.json(&json!({"model": "gpt-4o", "input": "Say hello"}));
    request.stream_flag(true);
    request.security(&[&["ApiKeyAuth"]]);
    const FINAL: &[&str] = &["response.completed", "response.failed", "response.incomplete"];
    let call: StreamCall<'_, sse::Event> =
        StreamCall::new(client.core().call(request, openai_client::runtime::decode::empty), StreamEnd::Events(FINAL));
    let mut stream = call.await.unwrap();
    let mut acc = ResponseAccumulator::new();
    let mut kinds = Vec::new();
    let mut text_while_streaming = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        kinds.push(event.event.clone());
        acc.push_value(&serde_json::from_str(&event.data).unwrap());
        text_while_streaming.push(acc.output_text().to_owned());
    }
    assert_eq!(kinds.len(), 10, "every event, the unknown one included: {kinds:?}");
    assert!(kinds.contains(&"response.reasoning_hint.future".to_owned()));
    assert_eq!(text_while_streaming[4], "Hello", "the text is readable while streaming");
    assert!(acc.is_complete());
    assert_eq!(acc.output_text(), "Hello there");
    assert_eq!(acc.snapshot(), response("completed", json!([done_item])));
}
