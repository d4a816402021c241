//! Upload files, then list them all with auto-pagination (two per page).

use openai_client::operations::ListFilesParams;
use openai_client::runtime::futures::TryStreamExt;
use openai_client::runtime::multipart::File;
use openai_client::types::CreateFileRequest;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    for name in ["a.jsonl", "b.jsonl", "c.jsonl"] {
        let file = File::from_bytes(name, b"{}\n".to_vec());
        client.create_file(&CreateFileRequest::new(file, "batch")).await?;
    }
    let files: Vec<_> = client.list_files(&ListFilesParams::default().limit(2)).items().try_collect().await?;
    for file in &files {
        println!("{} {} bytes", file.id, file.bytes);
    }
    Ok(())
}
