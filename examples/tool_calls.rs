//! A tool call: the model asks for a function, we run it and send the result back.

use openai_client::types::CreateChatCompletionRequest;
use openai_client::{Client, Error};
use serde_json::json;

fn weather(city: &str) -> serde_json::Value {
    json!({"city": city, "temperature_c": 21})
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let tools = json!([{
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather in a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
        }
    }]);
    let mut messages = vec![json!({"role": "user", "content": "What is the weather in Paris?"})];
    let request: CreateChatCompletionRequest =
        serde_json::from_value(json!({"model": "gpt-4o-mini", "messages": messages, "tools": tools}))
            .expect("a valid request");
    let first = client.create_chat_completion(&request).await?;
    let message = &first.choices[0].message;
    let calls = message.tool_calls.clone().unwrap_or_default();
    assert!(!calls.is_empty(), "the model asked for a tool");
    messages.push(serde_json::to_value(message).expect("messages serialize"));
    for call in &calls {
        let call = serde_json::to_value(call).expect("tool calls serialize");
        let args: serde_json::Value =
            serde_json::from_str(call["function"]["arguments"].as_str().unwrap_or("{}")).unwrap_or_default();
        println!("tool call {} {}({args})", call["id"], call["function"]["name"]);
        let result = weather(args["city"].as_str().unwrap_or("?"));
        messages.push(json!({"role": "tool", "tool_call_id": call["id"], "content": result.to_string()}));
    }
    let request: CreateChatCompletionRequest =
        serde_json::from_value(json!({"model": "gpt-4o-mini", "messages": messages, "tools": tools}))
            .expect("a valid request");
    let answer = client.create_chat_completion(&request).await?;
    println!("{}", answer.choices[0].message.content.clone().unwrap_or_default());
    Ok(())
}
