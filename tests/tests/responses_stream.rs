//! A Responses API stream end to end over TCP: reasoning, a function call whose arguments
//! arrive in pieces, text deltas, an event type no spec knows yet and `response.completed`,
//! served with one event cut at every byte, decoded by the generated `create_response_stream`
//! into typed events and added up into the typed `Response`.

mod support;

use futures_util::StreamExt;
use openai_client::responses::ResponseAccumulator;
use openai_client::types::{CreateResponse, OutputItem, Response, ResponseStreamEvent};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::mpsc;

const TEXT: [&str; 2] = ["It is sunny", " in Paris — 22 °C ☀"];
const ARGUMENTS: [&str; 3] = ["{\"ci", "ty\": \"Pa", "ris\"}"];
const SUMMARY: [&str; 2] = ["The user asks about ", "the weather: call the tool."];

fn response(status: &str, output: Value) -> Value {
    let mut r = json!({
        "id": "resp_1", "object": "response", "created_at": 1_741_290_958, "status": status,
        "error": null, "incomplete_details": null, "instructions": null, "model": "gpt-5",
        "output": output, "parallel_tool_calls": true, "previous_response_id": null,
        "reasoning": {"effort": "low", "summary": "auto"}, "store": true, "temperature": 1.0,
        "text": {"format": {"type": "text"}}, "tool_choice": "auto",
        "tools": [{"type": "function", "name": "get_weather", "description": "Weather of a city.",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}, "strict": true}],
        "top_p": 1.0, "truncation": "disabled", "usage": null, "metadata": {}
    });
    if status == "completed" {
        r["completed_at"] = json!(1_741_290_961);
        r["usage"] = json!({"input_tokens": 40, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": 60, "output_tokens_details": {"reasoning_tokens": 20}, "total_tokens": 100});
    }
    r
}

/// The items of the finished response: reasoning, a function call, a message.
fn finished_items() -> [Value; 3] {
    [
        json!({"id": "rs_1", "type": "reasoning", "status": "completed",
               "summary": [{"type": "summary_text", "text": SUMMARY.concat()}]}),
        json!({"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "get_weather",
               "arguments": ARGUMENTS.concat(), "status": "completed"}),
        json!({"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
               "content": [{"type": "output_text", "text": TEXT.concat(), "annotations": [], "logprobs": []}]}),
    ]
}

/// The stream's events (the `data` of each), numbered by `sequence_number`.
fn events() -> Vec<Value> {
    let [reasoning, call, message] = finished_items();
    let text_part = |text: &str| json!({"type": "output_text", "text": text, "annotations": [], "logprobs": []});
    let summary_part = |text: &str| json!({"type": "summary_text", "text": text});
    let mut events = vec![
        json!({"type": "response.created", "response": response("in_progress", json!([]))}),
        json!({"type": "response.in_progress", "response": response("in_progress", json!([]))}),
        json!({"type": "response.output_item.added", "output_index": 0,
               "item": {"id": "rs_1", "type": "reasoning", "status": "in_progress", "summary": []}}),
        json!({"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "output_index": 0,
               "summary_index": 0, "part": summary_part("")}),
    ];
    for piece in SUMMARY {
        events.push(json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 0,
                           "summary_index": 0, "delta": piece}));
    }
    events.extend([
        json!({"type": "response.reasoning_summary_text.done", "item_id": "rs_1", "output_index": 0,
               "summary_index": 0, "text": SUMMARY.concat()}),
        json!({"type": "response.reasoning_summary_part.done", "item_id": "rs_1", "output_index": 0,
               "summary_index": 0, "part": summary_part(&SUMMARY.concat())}),
        json!({"type": "response.output_item.done", "output_index": 0, "item": reasoning}),
        json!({"type": "response.output_item.added", "output_index": 1,
               "item": {"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "get_weather",
                        "arguments": "", "status": "in_progress"}}),
    ]);
    for piece in ARGUMENTS {
        events.push(json!({"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1,
                           "delta": piece}));
    }
    events.extend([
        json!({"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 1,
               "name": "get_weather", "arguments": ARGUMENTS.concat()}),
        json!({"type": "response.output_item.done", "output_index": 1, "item": call}),
        json!({"type": "response.output_item.added", "output_index": 2,
               "item": {"id": "msg_1", "type": "message", "role": "assistant", "status": "in_progress", "content": []}}),
        json!({"type": "response.content_part.added", "item_id": "msg_1", "output_index": 2, "content_index": 0,
               "part": text_part("")}),
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 2, "content_index": 0,
               "delta": TEXT[0], "logprobs": []}),
        json!({"type": "response.weather_hint.added", "note": "an event type no spec knows yet"}),
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 2, "content_index": 0,
               "delta": TEXT[1], "logprobs": []}),
        json!({"type": "response.output_text.done", "item_id": "msg_1", "output_index": 2, "content_index": 0,
               "text": TEXT.concat(), "logprobs": []}),
        json!({"type": "response.content_part.done", "item_id": "msg_1", "output_index": 2, "content_index": 0,
               "part": text_part(&TEXT.concat())}),
        json!({"type": "response.output_item.done", "output_index": 2, "item": message}),
        json!({"type": "response.completed", "response": response("completed", json!(finished_items()))}),
    ]);
    for (n, event) in events.iter_mut().enumerate() {
        event["sequence_number"] = json!(n);
    }
    events
}

/// One event on the wire, as the API writes it.
fn wire(event: &Value) -> Vec<u8> {
    format!("event: {}\ndata: {event}\n\n", event["type"].as_str().unwrap()).into_bytes()
}

/// Serve one connection per entry of `streams`, in order: the response head, the first
/// part, a pause (so the client reads the parts apart), then the second part. The request
/// bodies go to the returned channel.
async fn serve_each(streams: Vec<(Vec<u8>, Vec<u8>)>) -> (String, mpsc::UnboundedReceiver<Vec<u8>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for (first, second) in streams {
            let (mut socket, _) = listener.accept().await.unwrap();
            socket.set_nodelay(true).unwrap();
            tx.send(support::read_request(&mut socket).await).ok();
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(&first).await.unwrap();
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
            socket.write_all(&second).await.unwrap();
            socket.shutdown().await.unwrap();
        }
    });
    (url, rx)
}

fn client(url: &str) -> openai_client::Client {
    openai_client::Client::with_config(
        openai_client::Client::builder().base_url(url).api_key("sk-test").build().unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_responses_stream_cut_at_every_byte_of_an_event_decodes_into_typed_events() {
    let events = events();
    let expected: Vec<ResponseStreamEvent> =
        events.iter().map(|e| serde_json::from_value(e.clone()).unwrap()).collect();
    // The text delta with multi-byte characters is cut at each of its bytes in turn.
    let cut = events.iter().position(|e| e["delta"] == TEXT[1]).unwrap();
    let before: Vec<u8> = events[..cut].iter().flat_map(wire).collect();
    let after: Vec<u8> = events[cut + 1..].iter().flat_map(wire).collect();
    let event = wire(&events[cut]);
    let streams: Vec<(Vec<u8>, Vec<u8>)> = (1..event.len())
        .map(|at| ([&before[..], &event[..at]].concat(), [&event[at..], &after[..]].concat()))
        .collect();
    let (url, mut requests) = serve_each(streams).await;
    let client = client(&url);
    let request: CreateResponse =
        serde_json::from_value(json!({"model": "gpt-5", "input": "Weather in Paris?"})).unwrap();

    for at in 1..event.len() {
        let stream = client.create_response_stream(&request).await.unwrap();
        let got: Vec<ResponseStreamEvent> = stream.map(|e| e.unwrap()).collect().await;
        assert_eq!(got, expected, "the stream with event {cut} cut after byte {at}");
    }
    let body: Value = serde_json::from_slice(&requests.recv().await.unwrap()).unwrap();
    assert_eq!(body["stream"], json!(true), "the streaming method asks for a stream");

    // The event type no spec knows is kept, not fatal, and every known one is typed.
    let unknown: Vec<&Value> = expected
        .iter()
        .filter_map(|e| match e {
            ResponseStreamEvent::Unknown(v) => Some(v),
            _ => None,
        })
        .collect();
    assert_eq!(unknown, [&events[cut - 1]], "only the future event type is unknown");
}

#[tokio::test]
async fn a_responses_stream_adds_up_to_the_completed_response() {
    let events = events();
    let (url, _requests) = serve_each(vec![(events.iter().flat_map(wire).collect(), Vec::new())]).await;
    let request: CreateResponse =
        serde_json::from_value(json!({"model": "gpt-5", "input": "Weather in Paris?"})).unwrap();
    let mut stream = client(&url).create_response_stream(&request).await.unwrap();

    let mut acc = ResponseAccumulator::new();
    let mut completed = None;
    let mut built_from_the_stream = None;
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        match &event {
            ResponseStreamEvent::Completed(done) => {
                // What the deltas and items added up to, before the final event replaces it.
                built_from_the_stream = Some(acc.snapshot());
                completed = Some(done.response.clone());
            }
            ResponseStreamEvent::FunctionCallArgumentsDone(_) => {
                // The arguments so far are the deltas joined.
                assert_eq!(acc.snapshot()["output"][1]["arguments"], ARGUMENTS.concat());
            }
            ResponseStreamEvent::TextDone(_) => {
                assert_eq!(acc.output_text(), TEXT.concat(), "the text is readable mid-stream");
            }
            _ => {}
        }
        acc.push(&event).unwrap();
    }
    assert!(acc.is_complete());
    let completed: Response = completed.expect("a response.completed event");
    let accumulated: Response = acc.finish().unwrap();
    assert_eq!(accumulated, completed, "the accumulated response is the completed payload");

    let built = built_from_the_stream.unwrap();
    let items: Vec<OutputItem> = serde_json::from_value(built["output"].clone()).unwrap();
    assert_eq!(items, completed.output, "the items built from the stream are the completed output");
    assert_eq!(acc.output_text(), TEXT.concat());
    assert!(
        matches!(
            &completed.output[..],
            [OutputItem::ReasoningItem(_), OutputItem::FunctionToolCall(_), OutputItem::Message(_)]
        ),
        "{:?}",
        completed.output
    );
}
