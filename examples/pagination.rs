//! Listing with auto-pagination: every fine-tuning event of a job, across pages.

use openai_client::operations::ListFineTuningEventsParams;
use openai_client::runtime::futures::TryStreamExt;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let params = ListFineTuningEventsParams { limit: Some(2), ..Default::default() };
    let events: Vec<_> = client.list_fine_tuning_events("ftjob-abc123", &params).items().try_collect().await?;
    for event in &events {
        println!("{} {}", event.id, event.message);
    }
    println!("{} events", events.len());
    Ok(())
}
