//! Text to speech, streamed into an MP3 file as it arrives.

use openai_client::runtime::futures::StreamExt;
use openai_client::types::CreateSpeechRequest;
use openai_client::{Client, Error};
use tokio::io::AsyncWriteExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateSpeechRequest::new("gpt-4o-mini-tts", "Hello from Rust.", "alloy");
    let response = client.create_speech(&request).bytes_stream().await?;
    let path = std::env::temp_dir().join("speech.mp3");
    let mut file = tokio::fs::File::create(&path).await.expect("the temp folder is writable");
    let mut body = response.data;
    let mut written = 0;
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        written += chunk.len();
        file.write_all(&chunk).await.expect("the file is writable");
    }
    println!("{written} bytes of audio written to {}", path.display());
    Ok(())
}
