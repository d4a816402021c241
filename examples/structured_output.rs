//! Structured output: a JSON schema the reply must follow, parsed into a value.

use openai_client::types::CreateChatCompletionRequest;
use openai_client::{Client, Error};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request: CreateChatCompletionRequest = serde_json::from_value(json!({
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Name a city and its country."}],
        "response_format": {
            "type": "json_schema",
            "json_schema": {
                "name": "place",
                "strict": true,
                "schema": {
                    "type": "object",
                    "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
                    "required": ["city", "country"],
                    "additionalProperties": false
                }
            }
        }
    }))
    .expect("a valid request");
    let completion = client.create_chat_completion(&request).await?;
    let text = completion.choices[0].message.content.clone().unwrap_or_default();
    let place: serde_json::Value = serde_json::from_str(&text).expect("the reply follows the schema");
    println!("{} is in {}", place["city"], place["country"]);
    Ok(())
}
