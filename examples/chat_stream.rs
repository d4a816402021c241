//! A chat completion streamed token by token, then added up into the whole completion.

use openai_client::types::{ChatCompletionRequestMessage as Message, CreateChatCompletionRequest};
use openai_client::Client;
use std::io::Write;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", [Message::user("Count to five.")]);
    let mut stream = client.create_chat_completion_stream(&request).await?.accumulate();
    while let Some(text) = stream.next_text().await {
        print!("{}", text?);
        std::io::stdout().flush().ok();
    }
    let completion = stream.finish().await?;
    println!("\nfinish reason: {:?}", completion.choices[0].finish_reason);
    Ok(())
}
