//! Streams added up into the value they stand for, in the OpenAI formats that compatible
//! servers share:
//!
//! - [`ChatAccumulator`]: chat completion chunks into the completion: content and refusal
//!   joined, tool call arguments joined by tool call index, logprobs appended, usage and
//!   finish reasons kept;
//! - [`ResponseAccumulator`]: Responses API events into the final response and its output
//!   text.
//!
//! Both work on the events' JSON, so any event type that serializes to the format can be
//! pushed, and the result decodes into any type of the final value.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

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

    /// Add a typed chunk.
    pub fn push<T: Serialize>(&mut self, chunk: &T) -> Result<(), serde_json::Error> {
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

    /// The completion, decoded into `T`.
    pub fn finish<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self.snapshot())
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

    /// Add a typed event.
    pub fn push<T: Serialize>(&mut self, event: &T) -> Result<(), serde_json::Error> {
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

    /// The response, decoded into `T`.
    pub fn finish<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self.snapshot())
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
