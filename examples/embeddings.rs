//! Embeddings of two texts, and their cosine similarity.

use openai_client::types::CreateEmbeddingRequest;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let texts = ["The cat sat on the mat.", "A cat is sitting on a rug."].map(String::from).to_vec();
    let request = CreateEmbeddingRequest::new("text-embedding-3-small", texts);
    let response = client.create_embedding(&request).await?;
    let (a, b) = (&response.data[0].embedding, &response.data[1].embedding);
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &Vec<f64>| v.iter().map(|x| x * x).sum::<f64>().sqrt();
    println!("{} dimensions, similarity {:.3}", a.len(), dot / (norm(a) * norm(b)));
    Ok(())
}
