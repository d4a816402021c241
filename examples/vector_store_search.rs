//! A vector store: upload a file, make a store of it, search it.

use openai_client::runtime::multipart::File;
use openai_client::types::{CreateFileRequest, CreateVectorStoreRequest, VectorStoreSearchRequest};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let notes = "Rust has no garbage collector.\nCargo builds Rust projects.\nPython is interpreted.\n";
    let file = File::from_bytes("notes.txt", notes.as_bytes().to_vec());
    let uploaded = client.create_file(&CreateFileRequest::new(file, "assistants")).await?;
    let store = CreateVectorStoreRequest::default().name("notes").file_ids(vec![uploaded.id]);
    let store = client.create_vector_store(&store).await?;
    let request = VectorStoreSearchRequest::new("How are Rust projects built?").max_num_results(3);
    let results = client.search_vector_store(&store.id, &request).await?;
    for hit in &results.data {
        println!("{:.2} {}: {}", hit.score, hit.filename, hit.content[0].text);
    }
    assert!(results.data[0].content[0].text.contains("Cargo"), "the best match comes first");
    Ok(())
}
