//! A batch: create it from an uploaded file and poll it until it ends.

use openai_client::types::CreateBatchRequest;
use openai_client::{Client, Error};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateBatchRequest::new("file-abc123", "/v1/chat/completions");
    let batch = client.create_batch(&request).idempotency_key("batch-example-1").await?;
    println!("created {} ({})", batch.id, batch.status);
    for _ in 0..10 {
        let current = client.retrieve_batch(&batch.id).await?;
        println!("status: {}", current.status);
        if matches!(current.status.as_str(), "completed" | "failed" | "expired" | "cancelled") {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the batch did not finish");
}
