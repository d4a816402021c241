//! A real WebSocket server on 127.0.0.1 (tokio-tungstenite), scripted per test: it checks the
//! handshake's key, records what the handshake carried, and runs the test's script on each
//! accepted connection.

#![allow(dead_code, reason = "each test file uses part of the support module")]

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

pub type Socket = WebSocketStream<TcpStream>;

/// What a handshake carried.
#[derive(Debug, Clone, Default)]
pub struct Handshake {
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
}

impl Handshake {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct WsServer {
    /// `http://127.0.0.1:PORT/v1`: the base URL a client is configured with.
    pub url: String,
    pub handshakes: Arc<Mutex<Vec<Handshake>>>,
}

/// Serve connections whose `auth_header` is `expected`, each with `script`; others are
/// refused with 401 and an error body.
pub async fn serve<F, Fut>(auth_header: &'static str, expected: &'static str, script: F) -> WsServer
where
    F: Fn(Socket) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let handshakes = Arc::new(Mutex::new(Vec::new()));
    let seen = handshakes.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (seen, script) = (seen.clone(), script.clone());
            tokio::spawn(async move {
                #[allow(
                    clippy::result_large_err,
                    reason = "tungstenite's handshake callback returns its refusal by value"
                )]
                let check = |request: &Request, response: Response| -> Result<Response, ErrorResponse> {
                    let handshake = Handshake {
                        path: request.uri().path().to_owned(),
                        query: request.uri().query().unwrap_or_default().to_owned(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
                            .collect(),
                    };
                    let allowed = handshake.header(auth_header) == Some(expected);
                    seen.lock().unwrap().push(handshake);
                    if allowed {
                        return Ok(response);
                    }
                    let body = r#"{"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error", "code": "invalid_api_key"}}"#;
                    Err(tokio_tungstenite::tungstenite::http::Response::builder()
                        .status(401)
                        .header("content-type", "application/json")
                        .header("x-request-id", "req_ws_1")
                        .body(Some(body.to_owned()))
                        .unwrap())
                };
                if let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, check).await {
                    script(ws).await;
                }
            });
        }
    });
    WsServer { url: format!("http://{addr}/v1"), handshakes }
}

/// Send a JSON message as a text frame.
pub async fn send(ws: &mut Socket, value: Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

/// The next JSON message the client sent (text or binary), skipping pings and pongs; `None`
/// when the client closed.
pub async fn recv(ws: &mut Socket) -> Option<Value> {
    loop {
        match ws.next().await? {
            Ok(Message::Text(text)) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(Message::Binary(bytes)) => return Some(serde_json::from_slice(&bytes).unwrap()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => continue,
        }
    }
}
