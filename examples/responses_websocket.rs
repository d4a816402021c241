//! The Responses API over one WebSocket (WebSocket mode): a response, then the next turn
//! chained to it with `previous_response_id`, each in one call.

use openai_client::types::CreateResponse;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut session = client.responses_websocket().connect().await?;
    let request = CreateResponse::default().model("gpt-5").input("Name one Rust web framework.");
    let first = session.create(&request).await?;
    println!("{}", first.output_text());
    let next = session.follow_up(&first, CreateResponse::default().model("gpt-5").input("Why that one?")).await?;
    println!("{}", next.output_text());
    session.close().await?;
    assert!(!next.output_text().is_empty(), "the model answered");
    Ok(())
}
