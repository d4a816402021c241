//! A tool call: the model asks for a function, we run it and send the result back.

use openai_client::types::{
    ChatCompletionRequestMessage as Message, ChatTool, CreateChatCompletionRequest, FunctionObject,
};
use openai_client::{Client, Error};

#[derive(serde::Deserialize)]
struct WeatherArgs {
    city: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let parameters = serde_json::json!({
        "type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]
    });
    let weather = FunctionObject::new("get_weather").description("Current weather in a city").parameters(parameters);
    let tools = vec![ChatTool::function(weather)];
    let mut messages = vec![Message::user("What is the weather in Paris?")];
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", messages.clone()).tools(tools.clone());
    let first = client.create_chat_completion(&request).await?;
    let reply = first.message().expect("a reply").clone();
    for call in reply.function_calls() {
        let args: WeatherArgs = call.parse_arguments().expect("arguments as the schema says");
        println!("tool call {} get_weather({})", call.id, args.city);
        messages.push(Message::tool(format!("21 °C in {}", args.city), call.id.clone()));
    }
    messages.insert(1, reply.into());
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", messages).tools(tools);
    let answer = client.create_chat_completion(&request).await?;
    println!("{}", answer.text().unwrap_or_default());
    Ok(())
}
