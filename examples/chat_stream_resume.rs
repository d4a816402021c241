//! A chat completion streamed with resumption on: when the connection drops mid-answer, the
//! client reconnects with `Last-Event-ID` and goes on after the last event it received, for a
//! server that numbers its events and resumes from them (the mock server does, and cuts the
//! first connection when asked to).

use openai_client::runtime::ResumePolicy;
use openai_client::types::{ChatCompletionRequestMessage as Message, CreateChatCompletionRequest};
use openai_client::Client;
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let request = CreateChatCompletionRequest::new("gpt-4o-mini", [Message::user("Count to five.")]);
    // Up to 3 reconnections in a row without a new event; the server's `retry:` wins over 200 ms.
    let policy = ResumePolicy::new(3).delay(Duration::from_millis(200));
    let call = client.create_chat_completion_stream(&request).resume(policy);
    // For the mock server only: break the first connection after the third event.
    let call = call.header("x-mock-drop-after", "3");
    let mut stream = call.await?.accumulate();
    let mut text = String::new();
    while let Some(piece) = stream.next_text().await {
        text.push_str(&piece?);
    }
    println!("{text}");
    assert_eq!(text, "1, 2, 3, 4, 5.", "each piece once, in order, across the drop");
    let completion = stream.finish().await?;
    println!("finish reason: {:?}", completion.choices[0].finish_reason);
    Ok(())
}
