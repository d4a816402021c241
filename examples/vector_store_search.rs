//! A vector store: upload a file, make a store of it, search it.

use openai_client::runtime::multipart::File;
use openai_client::types::{
    CreateFileRequest, CreateVectorStoreRequest, VectorStoreSearchRequest, VectorStoreSearchResultItem,
};
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
    // A chunk is text; a kind of content this version does not know is kept as JSON.
    let text = |hit: &VectorStoreSearchResultItem| hit.content[0].as_text().map_or("", |chunk| &chunk.text).to_owned();
    for hit in &results.data {
        println!("{:.2} {}: {}", hit.score, hit.filename, text(hit));
    }
    assert!(text(&results.data[0]).contains("Cargo"), "the best match comes first");
    Ok(())
}
