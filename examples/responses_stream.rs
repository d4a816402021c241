//! A Responses API call streamed: text deltas as they arrive, then the final typed response.

use openai_client::types::CreateResponse;
use openai_client::{Client, Error};
use std::io::Write;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateResponse::default().model("gpt-4o-mini").input("What is Rust?");
    let mut stream = client.create_response_stream(&request).await?.accumulate();
    let mut streamed = String::new();
    while let Some(text) = stream.next_text().await {
        let text = text?;
        print!("{text}");
        std::io::stdout().flush().ok();
        streamed.push_str(&text);
    }
    let response = stream.finish().await?;
    let tokens = response.usage.as_ref().map(|u| u.total_tokens);
    println!("\n{} {:?}, {tokens:?} tokens", response.id, response.status);
    assert_eq!(response.output_text(), streamed, "the final response holds the streamed text");
    Ok(())
}
