//! A Responses API call: instructions and input in, the output text out.

use openai_client::types::CreateResponse;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request =
        CreateResponse::default().model("gpt-4o-mini").instructions("Answer in one sentence.").input("What is Rust?");
    let response = client.create_response(&request).await?;
    println!("{}", response.output_text());
    assert!(!response.output_text().is_empty(), "the model answered");
    Ok(())
}
