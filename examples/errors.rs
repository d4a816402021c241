//! Error handling: what an API error carries, and a timeout set per request.

use openai_client::runtime::ApiErrorKind;
use openai_client::{Client, Error};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    match client.retrieve_model("does-not-exist").timeout(Duration::from_secs(30)).max_retries(1).await {
        Ok(model) => println!("unexpectedly found {}", model.id),
        Err(Error::Api(e)) if e.kind == ApiErrorKind::NotFound => {
            println!("not found: {}", e.error.as_ref().map_or("", |o| o.message.as_str()));
            println!("status {}, request id {:?}", e.status, e.request_id);
            println!("as text: {}", Error::Api(e.clone()));
        }
        Err(other) => return Err(other),
    }
    // An empty identifier never leaves the client.
    let err = client.retrieve_model("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }));
    println!("{err}");
    Ok(())
}
