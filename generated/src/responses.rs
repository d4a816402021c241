// Hand-written, not generated: `cargo xtask gen` copies it from spec/extensions/responses.rs. Edit it there.

//! Responses made short to use: the output text joined, function calls with their arguments
//! parsed and answered, and event streams read as text or added up into the final response.
//!
//! Hand-written for the OpenAI API (and servers compatible with it); `cargo xtask gen`
//! copies it from `spec/extensions/responses.rs` into the generated crate.
#![cfg(feature = "responses")]

use crate::types::{
    FunctionCallOutputItemParam, FunctionCallOutputItemParamOutput, FunctionToolCall, InputItem, Item, OutputItem,
    OutputMessageContent, Response, ResponseStreamEvent,
};
use crate::types::{CreateResponse, ResponsesClientEvent};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

impl Response {
    /// The text of every `output_text` part of the output's messages, joined: what the
    /// official SDKs offer as `output_text`.
    pub fn output_text(&self) -> String {
        let mut text = String::new();
        for item in &self.output {
            let OutputItem::Message(message) = item else { continue };
            for part in &message.content {
                if let OutputMessageContent::Text(part) = part {
                    text.push_str(&part.text);
                }
            }
        }
        text
    }

    /// The function calls in the output, in order: each to run, and answer with
    /// [`FunctionToolCall::output`] in the next request.
    pub fn function_calls(&self) -> impl Iterator<Item = &FunctionToolCall> {
        self.output.iter().filter_map(|item| match item {
            OutputItem::FunctionToolCall(call) => Some(&**call),
            _ => None,
        })
    }
}

impl FunctionToolCall {
    /// The arguments (a JSON string) read into `T`.
    pub fn parse_arguments<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.arguments)
    }

    /// The `function_call_output` input item that answers this call with `output`.
    pub fn output(&self, output: impl Into<FunctionCallOutputItemParamOutput>) -> InputItem {
        Item::from(FunctionCallOutputItemParam::new(output).call_id(self.call_id.clone())).into()
    }
}

/// An item of a response sent back as input of the next request (a reasoning item and the
/// function call it made, before the call's output, when `previous_response_id` is not
/// used): the API takes its output items as input items as they are. A shape the input
/// union does not know stays whole, as `InputItem::Unknown`.
impl From<OutputItem> for InputItem {
    fn from(item: OutputItem) -> Self {
        let value = serde_json::to_value(&item).unwrap_or(Value::Null);
        runtime::serde::from_value(&value).unwrap_or(InputItem::Unknown(value))
    }
}

/// WebSocket mode: a response created over the session's socket, read to its end, and the
/// next turn of a conversation chained to it in one call.
#[cfg(feature = "websocket")]
impl crate::channels::ResponsesWebsocketSession {
    /// Send `request` as a `response.create` message and read its events up to the last
    /// (`response.completed`, `failed` or `incomplete`): the response they add up to.
    pub async fn create(&mut self, request: &CreateResponse) -> Result<Response, runtime::Error> {
        self.turn(&ResponsesClientEvent::from(request)).await?.finish().await
    }

    /// The next turn of the conversation `previous` ended: `request` (the new input only)
    /// with `previous_response_id` set to it, the server keeping the rest.
    pub async fn follow_up(&mut self, previous: &Response, request: CreateResponse) -> Result<Response, runtime::Error> {
        self.create(&request.previous_response_id(previous.id.clone())).await
    }

    /// Send `request` and read its events one by one (`next_text`, or the stream itself),
    /// up to the one that ends it.
    pub async fn stream(
        &mut self,
        request: &CreateResponse,
    ) -> Result<runtime::websocket::Turn<'_, ResponseStreamEvent>, runtime::Error> {
        self.turn(&ResponsesClientEvent::from(request)).await
    }
}

/// The `response.create` message of WebSocket mode carrying this request (its `stream` and
/// `background` left out: the socket always streams, and does not run in the background).
impl From<&CreateResponse> for ResponsesClientEvent {
    fn from(request: &CreateResponse) -> Self {
        let mut value = serde_json::to_value(request).unwrap_or_else(|_| json!({}));
        if let Value::Object(map) = &mut value {
            map.remove("stream");
            map.remove("background");
            map.insert("type".to_owned(), Value::String("response.create".to_owned()));
        }
        // Every field of a request is a field of the message: this cannot fail on a request.
        runtime::serde::from_value(&value).unwrap_or_default()
    }
}

/// An event's text: the delta of an `response.output_text.delta` event.
#[cfg(feature = "client")]
impl runtime::accumulate::TextDelta for ResponseStreamEvent {
    fn text_delta(&self) -> Option<&str> {
        match self {
            ResponseStreamEvent::TextDelta(event) => Some(&event.delta),
            _ => None,
        }
    }
}

/// Events add up into the final response (see [`ResponseAccumulator`]).
#[cfg(feature = "client")]
impl runtime::accumulate::Accumulate for ResponseStreamEvent {
    type Output = Response;
    type State = ResponseAccumulator;

    fn add(state: &mut ResponseAccumulator, event: &Self) -> Result<(), String> {
        state.push(event).map_err(|e| format!("an event cannot be added up: {e}"))
    }

    fn finish(state: ResponseAccumulator) -> Result<Response, String> {
        if !state.is_complete() {
            return Err("the stream ended before the response completed".to_owned());
        }
        state.finish().map_err(|e| format!("the events do not add up to a response: {e}"))
    }
}

/// Adds up Responses API stream events: the response as the last lifecycle event carried
/// it, output items as they are built, and the output text as it arrives.
#[derive(Debug, Clone, Default)]
pub struct ResponseAccumulator {
    response: Option<Value>,
    /// Output items by `output_index`.
    items: Vec<(i64, Value)>,
    output_text: String,
    completed: bool,
}

impl ResponseAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        ResponseAccumulator::default()
    }

    /// Add an event.
    pub fn push(&mut self, event: &ResponseStreamEvent) -> Result<(), serde_json::Error> {
        self.push_value(&serde_json::to_value(event)?);
        Ok(())
    }

    /// Add an event given as JSON; event types it does not know change nothing.
    pub fn push_value(&mut self, event: &Value) {
        let kind = event.get("type").and_then(Value::as_str).unwrap_or_default();
        let output_index = event.get("output_index").and_then(Value::as_i64).unwrap_or(0);
        let content_index = event.get("content_index").and_then(Value::as_u64).unwrap_or(0) as usize;
        match kind {
            "response.created" | "response.in_progress" | "response.queued" => {
                if let Some(r) = event.get("response") {
                    self.response = Some(r.clone());
                }
            }
            "response.completed" | "response.incomplete" | "response.failed" => {
                if let Some(r) = event.get("response") {
                    self.response = Some(r.clone());
                    self.completed = true;
                }
            }
            "response.output_item.added" | "response.output_item.done" => {
                if let Some(item) = event.get("item") {
                    *self.item(output_index) = item.clone();
                }
            }
            "response.content_part.added" | "response.content_part.done" => {
                if let Some(part) = event.get("part") {
                    *self.part(output_index, content_index) = part.clone();
                }
            }
            "response.output_text.delta" => {
                let delta = event.get("delta").and_then(Value::as_str).unwrap_or_default();
                self.output_text.push_str(delta);
                append_text(&mut self.part(output_index, content_index)["text"], &Value::String(delta.to_owned()));
            }
            "response.output_text.done" => {
                if let Some(text) = event.get("text") {
                    self.part(output_index, content_index)["text"] = text.clone();
                }
            }
            "response.function_call_arguments.delta" => {
                if let Some(delta) = event.get("delta") {
                    append_text(&mut self.item(output_index)["arguments"], delta);
                }
            }
            "response.function_call_arguments.done" => {
                if let Some(args) = event.get("arguments") {
                    self.item(output_index)["arguments"] = args.clone();
                }
            }
            _ => {}
        }
    }

    fn item(&mut self, index: i64) -> &mut Value {
        let slot = match self.items.iter().position(|(i, _)| *i == index) {
            Some(p) => p,
            None => {
                self.items.push((index, json!({})));
                self.items.len() - 1
            }
        };
        &mut self.items[slot].1
    }

    fn part(&mut self, output_index: i64, content_index: usize) -> &mut Value {
        let item = self.item(output_index);
        if !item.get("content").is_some_and(Value::is_array) {
            item["content"] = Value::Array(Vec::new());
        }
        let Value::Array(parts) = &mut item["content"] else { unreachable!("just made an array") };
        while parts.len() <= content_index {
            parts.push(json!({"type": "output_text", "text": "", "annotations": []}));
        }
        &mut parts[content_index]
    }

    /// The text output so far.
    pub fn output_text(&self) -> &str {
        &self.output_text
    }

    /// Whether a final lifecycle event (completed, incomplete, failed) arrived.
    pub fn is_complete(&self) -> bool {
        self.completed
    }

    /// The response so far: the last lifecycle event's, with the items built from the stream
    /// while it has not completed.
    pub fn snapshot(&self) -> Value {
        let mut response = self.response.clone().unwrap_or_else(|| json!({}));
        if !self.completed {
            let mut items = self.items.clone();
            items.sort_by_key(|(i, _)| *i);
            response["output"] = Value::Array(items.into_iter().map(|(_, v)| v).collect());
        }
        response
    }

    /// The response.
    pub fn finish(&self) -> Result<Response, serde_json::Error> {
        // Read as every response is (from JSON text), not through a second deserializer.
        runtime::serde::from_value(&self.snapshot()).map_err(|e| e.error)
    }
}

/// `piece` (a JSON string) appended to `target`'s text, which becomes a string if it was not.
fn append_text(target: &mut Value, piece: &Value) {
    let Some(piece) = piece.as_str() else { return };
    match target {
        Value::String(s) => s.push_str(piece),
        other => *other = Value::String(piece.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use crate::types::{InputItem, OutputItem};
    use serde_json::json;

    #[test]
    fn output_items_go_back_as_input_items_unchanged() {
        let outputs = [
            json!({"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "weather",
                   "arguments": "{\"city\":\"Oslo\"}", "status": "completed"}),
            json!({"type": "reasoning", "id": "rs_1", "summary": []}),
            json!({"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                   "content": [{"type": "output_text", "text": "Hi", "annotations": [], "logprobs": []}]}),
        ];
        for output in outputs {
            let item: OutputItem = serde_json::from_value(output.clone()).unwrap();
            let input = InputItem::from(item);
            assert!(!matches!(input, InputItem::Unknown(_)), "{input:?}");
            assert_eq!(serde_json::to_value(&input).unwrap(), output);
        }
    }
}
