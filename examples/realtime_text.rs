//! A Realtime session over a WebSocket, in text: a question in, the answer printed as it
//! streams (text, or the transcript of the spoken answer).

use openai_client::runtime::futures::StreamExt;
use openai_client::types::{RealtimeClientEvent, RealtimeServerEvent};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let mut session = client.realtime().model("gpt-realtime").connect().await?;
    if let Some(RealtimeServerEvent::SessionCreated(created)) = session.next().await.transpose()? {
        eprintln!("session {:?} open", created.session);
    }
    session.send(&RealtimeClientEvent::user_text("What is Rust, in one sentence?")).await?;
    let mut answer = session.turn(&RealtimeClientEvent::response_create()).await?;
    let mut text = String::new();
    while let Some(piece) = answer.next_text().await {
        let piece = piece?;
        print!("{piece}");
        text.push_str(&piece);
    }
    println!();
    session.close().await?;
    assert!(!text.is_empty(), "the model answered");
    Ok(())
}
