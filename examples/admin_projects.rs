//! Admin: list the organization's projects (uses OPENAI_ADMIN_KEY).

use openai_client::operations::ListProjectsParams;
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let page = client.list_projects(&ListProjectsParams::default().limit(20)).await?;
    for project in &page.data {
        let name = project.name.clone().unwrap_or_default();
        let status = project.status.clone().unwrap_or_default();
        println!("{} {name} ({status})", project.id);
    }
    println!("{} projects, more: {}", page.data.len(), page.has_more);
    Ok(())
}
