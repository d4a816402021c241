//! Upload a file from memory, read its metadata, download its content, delete it.

use openai_client::runtime::multipart::File;
use openai_client::types::{CreateFileRequest, CreateFileRequestPurpose};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let lines = "{\"custom_id\": \"1\", \"method\": \"POST\", \"url\": \"/v1/chat/completions\", \"body\": {}}\n";
    let request = CreateFileRequest::new(
        File::from_bytes("requests.jsonl", lines.as_bytes().to_vec()),
        CreateFileRequestPurpose::Batch,
    );
    let uploaded = client.create_file(&request).await?;
    println!("uploaded {} ({} bytes)", uploaded.id, uploaded.bytes);
    let meta = client.retrieve_file(&uploaded.id).await?;
    let content = client.download_file(&meta.id).await?;
    assert_eq!(content, lines, "the content comes back unchanged");
    let deleted = client.delete_file(&meta.id).await?;
    println!("downloaded {} bytes, deleted: {}", content.len(), deleted.deleted);
    Ok(())
}
