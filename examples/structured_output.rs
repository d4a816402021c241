//! Structured output: the reply follows the JSON Schema of a Rust type (derived with
//! schemars, the crate's `schemars` feature) and is read back into that type.

use openai_client::types::{
    ChatCompletionRequestMessage as Message, CreateChatCompletionRequest, ResponseFormatJsonSchema,
};
use openai_client::Client;

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct Place {
    city: String,
    country: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", [Message::user("Name a city and its country.")])
        .response_format(ResponseFormatJsonSchema::of_strict::<Place>("place"));
    let place: Place = client.create_chat_completion(&request).await?.parse()?;
    println!("{} is in {}", place.city, place.country);
    Ok(())
}
