//! Structured output: a JSON schema the reply must follow, read into a Rust type.

use openai_client::types::{
    ChatCompletionRequestMessage as Message, CreateChatCompletionRequest, ResponseFormatJsonSchema,
    ResponseFormatJsonSchemaJsonSchema,
};
use openai_client::Client;

#[derive(serde::Deserialize)]
struct Place {
    city: String,
    country: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
        "required": ["city", "country"],
        "additionalProperties": false
    });
    let format = ResponseFormatJsonSchemaJsonSchema::new("place").schema(schema).strict(true);
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", [Message::user("Name a city and its country.")])
        .response_format(ResponseFormatJsonSchema::new(format));
    let place: Place = client.create_chat_completion(&request).await?.parse()?;
    println!("{} is in {}", place.city, place.country);
    Ok(())
}
