// Hand-written, not generated: `cargo xtask gen` copies it from spec/extensions/chat.rs. Edit it there.

//! Chat completions made short to use: the reply's text, a structured reply parsed into
//! your type, tool calls with their arguments parsed, a reply sent back as the next request
//! message, and streams read as text or added up into the completion.
//!
//! Hand-written for the OpenAI API (and servers compatible with it); `cargo xtask gen`
//! copies it from `spec/extensions/chat.rs` into the generated crate.
#![cfg(feature = "chat")]

use crate::types::{
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCallsItem, ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestMessage, ChatCompletionResponseMessage, CreateChatCompletionResponse,
    CreateChatCompletionResponseChoicesItemFinishReason as FinishReason, CreateChatCompletionStreamResponse,
};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

impl CreateChatCompletionResponse {
    /// The text of the first choice's message, if it has any.
    pub fn text(&self) -> Option<&str> {
        self.choices.first()?.message.content.as_deref()
    }

    /// The first choice's message.
    pub fn message(&self) -> Option<&ChatCompletionResponseMessage> {
        Some(&self.choices.first()?.message)
    }

    /// The function calls the first choice asks for.
    pub fn tool_calls(&self) -> impl Iterator<Item = &ChatCompletionMessageToolCall> {
        self.message().into_iter().flat_map(ChatCompletionResponseMessage::function_calls)
    }

    /// The first choice's text read as JSON into `T`: the reply to a request with a JSON
    /// schema response format. A refusal, a reply cut short (length) or withheld (content
    /// filter) is an error that says so, not a parse error.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ReplyError> {
        let choice = self.choices.first().ok_or(ReplyError::NoChoice)?;
        if let Some(refusal) = &choice.message.refusal {
            return Err(ReplyError::Refusal(refusal.clone()));
        }
        match choice.finish_reason {
            FinishReason::Length => return Err(ReplyError::Truncated),
            FinishReason::ContentFilter => return Err(ReplyError::ContentFilter),
            _ => {}
        }
        let text = choice.message.content.as_deref().ok_or(ReplyError::NoChoice)?;
        serde_json::from_str(text).map_err(ReplyError::Json)
    }
}

/// Why a reply could not be read as a value.
#[derive(Debug)]
pub enum ReplyError {
    /// The reply has no choice, or its choice no text.
    NoChoice,
    /// The model refused, with this explanation.
    Refusal(String),
    /// The reply stopped at the token limit, before its JSON was complete.
    Truncated,
    /// The content filter withheld the reply.
    ContentFilter,
    /// The text is not JSON of the expected type.
    Json(serde_json::Error),
}

impl std::fmt::Display for ReplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReplyError::NoChoice => f.write_str("the reply has no text"),
            ReplyError::Refusal(why) => write!(f, "the model refused: {why}"),
            ReplyError::Truncated => f.write_str("the reply stopped at the token limit"),
            ReplyError::ContentFilter => f.write_str("the content filter withheld the reply"),
            ReplyError::Json(e) => write!(f, "the reply is not the expected JSON: {e}"),
        }
    }
}

impl std::error::Error for ReplyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReplyError::Json(e) => Some(e),
            _ => None,
        }
    }
}

impl ChatCompletionResponseMessage {
    /// The function calls this message asks for (custom tool calls left out).
    pub fn function_calls(&self) -> impl Iterator<Item = &ChatCompletionMessageToolCall> {
        self.tool_calls.iter().flatten().filter_map(|call| match call {
            ChatCompletionMessageToolCallsItem::Call(call) => Some(call),
            _ => None,
        })
    }
}

impl ChatCompletionMessageToolCall {
    /// The call's arguments (a JSON text the model wrote) read into `T`.
    pub fn parse_arguments<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.function.arguments)
    }
}

/// A reply, sent back as the assistant's turn of the next request: its text, refusal and
/// tool calls, and the audio it refers to by ID.
impl From<ChatCompletionResponseMessage> for ChatCompletionRequestAssistantMessage {
    fn from(reply: ChatCompletionResponseMessage) -> Self {
        // What the reply left out (or sent as `null`) is left out of the request.
        fn absent_if_none<T>(value: Option<T>) -> runtime::Nullable<T> {
            value.map_or(runtime::Nullable::Absent, runtime::Nullable::Value)
        }
        ChatCompletionRequestAssistantMessage {
            content: absent_if_none(reply.content.map(Into::into)),
            refusal: absent_if_none(reply.refusal),
            tool_calls: reply.tool_calls,
            audio: absent_if_none(
                reply.audio.map(|audio| crate::types::ChatCompletionRequestAssistantMessageAudio::new(audio.id)),
            ),
            ..Default::default()
        }
    }
}

impl From<ChatCompletionResponseMessage> for ChatCompletionRequestMessage {
    fn from(reply: ChatCompletionResponseMessage) -> Self {
        ChatCompletionRequestAssistantMessage::from(reply).into()
    }
}

/// A chunk's text: the first choice's content delta.
#[cfg(feature = "client")]
impl runtime::accumulate::TextDelta for CreateChatCompletionStreamResponse {
    fn text_delta(&self) -> Option<&str> {
        self.choices.first()?.delta.content.as_deref()
    }
}

/// Chunks add up into the completion (see [`ChatAccumulator`]).
#[cfg(feature = "client")]
impl runtime::accumulate::Accumulate for CreateChatCompletionStreamResponse {
    type Output = CreateChatCompletionResponse;
    type State = ChatAccumulator;

    fn add(state: &mut ChatAccumulator, chunk: &Self) -> Result<(), String> {
        state.push(chunk).map_err(|e| format!("a chunk cannot be added up: {e}"))
    }

    fn finish(state: ChatAccumulator) -> Result<CreateChatCompletionResponse, String> {
        state.finish().map_err(|e| format!("the chunks do not add up to a completion: {e}"))
    }
}

/// Adds up chat completion chunks; read [`ChatAccumulator::snapshot`] while streaming, or
/// [`ChatAccumulator::finish`] at the end.
#[derive(Debug, Clone, Default)]
pub struct ChatAccumulator {
    top: Map<String, Value>,
    /// Choices by their `index`.
    choices: Vec<(i64, Map<String, Value>)>,
}

impl ChatAccumulator {
    /// An empty accumulator.
    pub fn new() -> Self {
        ChatAccumulator::default()
    }

    /// Add a chunk.
    pub fn push(&mut self, chunk: &CreateChatCompletionStreamResponse) -> Result<(), serde_json::Error> {
        self.push_value(&serde_json::to_value(chunk)?);
        Ok(())
    }

    /// Add a chunk given as JSON.
    pub fn push_value(&mut self, chunk: &Value) {
        let Some(chunk) = chunk.as_object() else { return };
        for (key, value) in chunk {
            match key.as_str() {
                "choices" | "object" => {}
                _ if value.is_null() => {
                    self.top.entry(key.clone()).or_insert(Value::Null);
                }
                _ => {
                    self.top.insert(key.clone(), value.clone());
                }
            }
        }
        for choice in chunk.get("choices").and_then(Value::as_array).into_iter().flatten() {
            let index = choice.get("index").and_then(Value::as_i64).unwrap_or(0);
            let slot = match self.choices.iter().position(|(i, _)| *i == index) {
                Some(p) => p,
                None => {
                    let fresh = json!({
                        "index": index,
                        "message": {"role": "assistant", "content": null, "refusal": null},
                        "finish_reason": null,
                        "logprobs": null,
                    });
                    self.choices.push((index, fresh.as_object().cloned().unwrap_or_default()));
                    self.choices.len() - 1
                }
            };
            merge_choice(&mut self.choices[slot].1, choice);
        }
    }

    /// The completion so far, as JSON.
    pub fn snapshot(&self) -> Value {
        let mut top = self.top.clone();
        top.insert("object".into(), Value::String("chat.completion".into()));
        let mut choices = self.choices.clone();
        choices.sort_by_key(|(i, _)| *i);
        top.insert("choices".into(), Value::Array(choices.into_iter().map(|(_, c)| Value::Object(c)).collect()));
        Value::Object(top)
    }

    /// The completion.
    pub fn finish(&self) -> Result<CreateChatCompletionResponse, serde_json::Error> {
        // Read as every response is (from JSON text), not through a second deserializer.
        runtime::serde::from_value(&self.snapshot()).map_err(|e| e.error)
    }
}

fn append_text(target: &mut Value, piece: &Value) {
    let Some(piece) = piece.as_str() else { return };
    match target {
        Value::String(s) => s.push_str(piece),
        other => *other = Value::String(piece.to_owned()),
    }
}

fn merge_choice(choice: &mut Map<String, Value>, chunk: &Value) {
    if let Some(reason) = chunk.get("finish_reason").filter(|v| !v.is_null()) {
        choice.insert("finish_reason".into(), reason.clone());
    }
    if let Some(logprobs) = chunk.get("logprobs").and_then(Value::as_object) {
        let target = choice.entry("logprobs").or_insert(Value::Null);
        if target.is_null() {
            *target = json!({"content": null, "refusal": null});
        }
        for key in ["content", "refusal"] {
            if let Some(items) = logprobs.get(key).and_then(Value::as_array) {
                let slot = &mut target[key];
                match slot {
                    Value::Array(existing) => existing.extend(items.iter().cloned()),
                    other => *other = Value::Array(items.clone()),
                }
            }
        }
    }
    let Some(delta) = chunk.get("delta").and_then(Value::as_object) else { return };
    let Some(Value::Object(message)) = choice.get_mut("message") else { return };
    for (key, value) in delta {
        match key.as_str() {
            "content" | "refusal" => append_text(message.entry(key.clone()).or_insert(Value::Null), value),
            "tool_calls" => merge_tool_calls(message, value),
            "function_call" => {
                let call = message.entry("function_call").or_insert_with(|| json!({"name": "", "arguments": ""}));
                if let Some(name) = value.get("name").filter(|v| v.is_string()) {
                    call["name"] = name.clone();
                }
                if let Some(args) = value.get("arguments") {
                    append_text(&mut call["arguments"], args);
                }
            }
            _ if value.is_null() => {}
            _ => {
                message.insert(key.clone(), value.clone());
            }
        }
    }
}

fn merge_tool_calls(message: &mut Map<String, Value>, calls: &Value) {
    let Some(calls) = calls.as_array() else { return };
    let list = message.entry("tool_calls").or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = list else { return };
    for call in calls {
        let index = call.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
        while list.len() <= index {
            list.push(json!({"id": "", "type": "function", "function": {"name": "", "arguments": ""}}));
        }
        let target = &mut list[index];
        for key in ["id", "type"] {
            if let Some(v) = call.get(key).filter(|v| v.is_string()) {
                target[key] = v.clone();
            }
        }
        if let Some(function) = call.get("function") {
            if let Some(name) = function.get("name").filter(|v| v.is_string()) {
                target["function"]["name"] = name.clone();
            }
            if let Some(args) = function.get("arguments") {
                append_text(&mut target["function"]["arguments"], args);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_and_parallel_tool_calls_add_up() {
        let mut acc = ChatAccumulator::new();
        let chunks = [
            json!({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}]}),
            json!({"id": "c1", "choices": [{"index": 0, "delta": {"content": "Hel"}}]}),
            json!({"id": "c1", "choices": [{"index": 0, "delta": {"content": "lo"}}]}),
            json!({"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "call_a", "type": "function", "function": {"name": "f", "arguments": "{\"x\""}}, {"index": 1, "id": "call_b", "type": "function", "function": {"name": "g", "arguments": ""}}]}}]}),
            json!({"id": "c1", "choices": [{"index": 0, "delta": {"tool_calls": [{"index": 1, "function": {"arguments": "{}"}}, {"index": 0, "function": {"arguments": ":1}"}}]}}]}),
            json!({"id": "c1", "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
            json!({"id": "c1", "choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}}),
        ];
        for c in &chunks {
            acc.push_value(c);
        }
        let done = acc.snapshot();
        assert_eq!(done["object"], "chat.completion");
        assert_eq!(done["choices"][0]["message"]["content"], "Hello");
        assert_eq!(done["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"], "{\"x\":1}");
        assert_eq!(done["choices"][0]["message"]["tool_calls"][1]["function"]["arguments"], "{}");
        assert_eq!(done["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(done["usage"]["total_tokens"], 7);
    }
}
