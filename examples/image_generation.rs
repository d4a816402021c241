//! Image generation, saved to a file.

use openai_client::types::CreateImageRequest;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let request = CreateImageRequest::new("A lighthouse at dawn, watercolor").model("gpt-image-1").size("1024x1024");
    let images = client.create_image(&request).await?;
    let image = images.data.unwrap_or_default().into_iter().next().expect("one image");
    let b64 = image.b64_json.unwrap_or_default();
    let path = std::env::temp_dir().join("lighthouse.b64");
    std::fs::write(&path, &b64).expect("the temp folder is writable");
    println!("{} base64 characters written to {}", b64.len(), path.display());
    Ok(())
}
