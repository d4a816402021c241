//! A chat completion. Run with OPENAI_API_KEY set (and OPENAI_BASE_URL for another server).

use openai_client::types::{ChatCompletionRequestMessage as Message, CreateChatCompletionRequest};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateChatCompletionRequest::new(
        "gpt-4o-mini",
        [Message::developer("Answer in one sentence."), Message::user("What is Rust?")],
    )
    .temperature(0.2);
    let response = client.create_chat_completion(&request).with_response().await?;
    println!("{}", response.data.text().unwrap_or_default());
    let tokens = response.data.usage.as_ref().map(|u| u.total_tokens);
    println!("(request id {:?}, {tokens:?} tokens)", response.request_id());
    Ok(())
}
