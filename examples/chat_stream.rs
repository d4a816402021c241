//! A chat completion streamed token by token, then added up into the whole completion.

use openai_client::runtime::accumulate::ChatAccumulator;
use openai_client::runtime::futures::StreamExt;
use openai_client::types::{CreateChatCompletionRequest, CreateChatCompletionResponse};
use openai_client::{Client, Error};
use std::io::Write;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request: CreateChatCompletionRequest = serde_json::from_value(serde_json::json!({
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Count to five."}],
        "stream_options": {"include_usage": true}
    }))
    .expect("a valid request");
    let mut stream = client.create_chat_completion_stream(&request).await?;
    let mut completion = ChatAccumulator::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        for choice in &chunk.choices {
            if let Some(Some(text)) = &choice.delta.content {
                print!("{text}");
                std::io::stdout().flush().ok();
            }
        }
        completion.push(&chunk).expect("chunks serialize");
    }
    let full: CreateChatCompletionResponse = completion.finish().expect("a complete completion");
    println!("\nfinish reason: {:?}, usage: {:?}", full.choices[0].finish_reason, full.usage.map(|u| u.total_tokens));
    Ok(())
}
