//! A chat completion. Run with OPENAI_API_KEY set (and OPENAI_BASE_URL for another server).

use openai_client::types::CreateChatCompletionRequest;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request: CreateChatCompletionRequest = serde_json::from_value(serde_json::json!({
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "developer", "content": "Answer in one sentence."},
            {"role": "user", "content": "What is Rust?"}
        ]
    }))
    .expect("a valid request");
    let response = client.create_chat_completion(&request).with_response().await?;
    let choice = response.data.choices.first().expect("at least one choice");
    println!("{}", choice.message.content.clone().unwrap_or_default());
    println!(
        "(request id {:?}, {} tokens)",
        response.request_id(),
        response.data.usage.as_ref().map_or(0, |u| u.total_tokens)
    );
    Ok(())
}
