//! A webhook receiver: an axum handler verifies each delivery's signature and decodes its
//! event. Here it is sent a signed `response.completed` delivery, as OpenAI sends one, and
//! the same delivery with its body changed.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use openai_client::runtime::webhooks::WebhookVerifier;
use openai_client::types::{WebhookEvent, WebhookResponseCompletedData};
use openai_client::webhooks::unwrap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

async fn receive(
    State(verifier): State<Arc<WebhookVerifier>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let webhook = match unwrap(&verifier, &headers, &body) {
        Ok(webhook) => webhook,
        Err(e) => {
            println!("refused: {e}");
            return StatusCode::BAD_REQUEST;
        }
    };
    match webhook.event {
        WebhookEvent::ResponseCompleted(event) => println!("{}: response {} completed", webhook.id, event.data.id),
        other => println!("{}: not handled: {other:?}", webhook.id),
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret =
        std::env::var("OPENAI_WEBHOOK_SECRET").unwrap_or_else(|_| "whsec_c2VjcmV0LWZvci10aGUtZXhhbXBsZQ==".into());
    let verifier = Arc::new(WebhookVerifier::new(&secret)?);
    let app = axum::Router::new().route("/webhook", axum::routing::post(receive)).with_state(verifier.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    let event = WebhookEvent::response_completed(1_700_000_000, "evt_1", WebhookResponseCompletedData::new("resp_1"));
    let body = serde_json::to_string(&event)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() as i64;
    let signature = verifier.sign("msg_1", now, body.as_bytes());
    let http = openai_client::runtime::reqwest::Client::new();
    for (body, expected) in [(body.clone(), 200), (body.replace("resp_1", "resp_2"), 400)] {
        let delivery = http.post(&url).header("webhook-id", "msg_1").header("webhook-timestamp", now);
        let answer = delivery.header("webhook-signature", &signature).body(body).send().await?;
        assert_eq!(answer.status(), expected);
    }
    Ok(())
}
