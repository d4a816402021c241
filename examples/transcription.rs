//! Transcription of an audio file, uploaded from a path.

use openai_client::runtime::multipart::File;
use openai_client::types::{CreateTranscriptionRequest, CreateTranscriptionRequestModel};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let path = std::env::args().nth(1).map(std::path::PathBuf::from).unwrap_or_else(|| {
        // No file given: make a tiny one so the example runs anywhere.
        let path = std::env::temp_dir().join("hello.wav");
        std::fs::write(&path, b"RIFF\x24\x00\x00\x00WAVEfmt ").expect("the temp folder is writable");
        path
    });
    let mut request = CreateTranscriptionRequest::new(
        File::from_path(&path),
        CreateTranscriptionRequestModel::from("gpt-4o-transcribe"),
    );
    request.language = Some("en".into());
    let transcript = client.create_transcription(&request).await?;
    println!("{}", serde_json::to_string(&transcript).expect("serializable"));
    Ok(())
}
