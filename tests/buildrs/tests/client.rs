//! The client the build script generated, against a real HTTP server on 127.0.0.1 that keeps
//! items in memory.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use oagen_buildrs_example::operations::ListItemsParams;
use oagen_buildrs_example::types::{Item, NewItem, NewItemKind};
use oagen_buildrs_example::{Client, Error};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The server's shelves, and the `Authorization` header of every request.
#[derive(Clone, Default)]
struct Shelves {
    items: Arc<Mutex<Vec<Value>>>,
    auth: Arc<Mutex<Vec<String>>>,
}

impl Shelves {
    fn saw(&self, headers: &HeaderMap) {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        self.auth.lock().unwrap().push(auth.to_owned());
    }
}

async fn list(State(s): State<Shelves>, headers: HeaderMap, Query(q): Query<HashMap<String, String>>) -> Json<Value> {
    s.saw(&headers);
    let limit = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(usize::MAX);
    let items = s.items.lock().unwrap();
    Json(Value::Array(items.iter().rev().take(limit).cloned().collect()))
}

async fn create(State(s): State<Shelves>, headers: HeaderMap, Json(mut item): Json<Value>) -> impl IntoResponse {
    s.saw(&headers);
    let mut items = s.items.lock().unwrap();
    item["id"] = json!(format!("item_{}", items.len() + 1));
    item["note"] = Value::Null;
    items.push(item.clone());
    (StatusCode::CREATED, Json(item))
}

async fn one(State(s): State<Shelves>, headers: HeaderMap, Path(id): Path<String>) -> axum::response::Response {
    s.saw(&headers);
    match s.items.lock().unwrap().iter().find(|i| i["id"] == id.as_str()) {
        Some(item) => Json(item.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, Json(json!({"message": format!("no item {id}")}))).into_response(),
    }
}

/// Serve on an ephemeral port of 127.0.0.1; the client is configured to call it.
async fn serve() -> (Client, Shelves) {
    let shelves = Shelves::default();
    let app = Router::new()
        .route("/v1/items", get(list).post(create))
        .route("/v1/items/{id}", get(one))
        .with_state(shelves.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let config = Client::builder().base_url(format!("http://{addr}/v1")).api_key("sk-test").max_retries(0).build();
    (Client::with_config(config.unwrap()).unwrap(), shelves)
}

#[tokio::test]
async fn the_generated_client_creates_lists_and_reads_items() {
    let (client, shelves) = serve().await;
    let hammer = NewItem::new("hammer", 3).kind(NewItemKind::Tool);
    let stored: Item = client.create_item(&hammer).await.unwrap();
    assert_eq!((stored.id.as_str(), stored.name.as_str(), stored.quantity), ("item_1", "hammer", 3));
    // `kind` is inherited from `NewItem`: its type is `NewItem`'s, not a copy.
    assert_eq!(stored.kind, Some(NewItemKind::Tool));
    assert_eq!(stored.note, None, "a present null reads as absent");
    client.create_item(&NewItem::new("nails", 500)).await.unwrap();

    let newest = client.list_items(&ListItemsParams::default().limit(1)).await.unwrap();
    assert_eq!(newest.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["nails"]);
    let all = client.list_items(&ListItemsParams::default()).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(client.get_item("item_1").await.unwrap(), stored);
    assert!(shelves.auth.lock().unwrap().iter().all(|a| a == "Bearer sk-test"), "every request carries the key");
}

#[tokio::test]
async fn an_error_answer_is_an_api_error_naming_the_operation_and_status() {
    let (client, _) = serve().await;
    match client.get_item("missing").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status.as_u16(), 404);
            assert_eq!(e.operation, "getItem");
            let body = String::from_utf8_lossy(&e.body);
            assert!(body.contains("no item missing"), "{body}");
        }
        other => panic!("expected a 404 API error, got {other:?}"),
    }
}
