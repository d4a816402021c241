//! A conversation: created with a first message, grown by items and responses, then listed.

use openai_client::runtime::futures::TryStreamExt;
use openai_client::types::{CreateConversationBody, CreateConversationItemsRequest, CreateResponse, InputItem};
use openai_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let body = CreateConversationBody::default().items(vec![InputItem::message("user", "My name is Ada.")]);
    let conversation = client.create_conversation(&body).await?;
    let more = CreateConversationItemsRequest::new([InputItem::message("user", "I write Rust.")]);
    client.create_conversation_items(&conversation.id, &Default::default(), &more).await?;
    let request =
        CreateResponse::default().model("gpt-4o-mini").conversation(conversation.id.as_str()).input("Who am I?");
    println!("{}", client.create_response(&request).await?.output_text());
    let items: Vec<_> =
        client.list_conversation_items(&conversation.id, &Default::default()).items().try_collect().await?;
    println!("{} has {} items", conversation.id, items.len());
    assert_eq!(items.len(), 4, "two messages, the question and the answer");
    Ok(())
}
