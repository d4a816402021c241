//! Error handling: a rate-limited call with its code, request id and the wait the server
//! asks for; a missing model; a timeout set per request.

use openai_client::{Client, Error};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let err = client.retrieve_model("busy-model").max_retries(0).await.unwrap_err();
    if err.is_rate_limit() {
        println!("rate limited: {:?} (request id {:?})", err.code(), err.request_id());
        println!("retry after {:?}", err.retry_after());
    }
    match client.retrieve_model("does-not-exist").timeout(Duration::from_secs(30)).await {
        Ok(model) => println!("unexpectedly found {}", model.id),
        Err(e) if e.status().is_some_and(|s| s.as_u16() == 404) => println!("not found: {}", e.message().unwrap_or("")),
        Err(other) => return Err(other),
    }
    Ok(())
}
