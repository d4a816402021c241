//! A real HTTP server on 127.0.0.1 for client tests: it records every request it receives
//! and answers from a script, one reply per request.

#![allow(dead_code, reason = "each test file uses part of the support module")]

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
    pub fn query(&self, name: &str) -> Vec<&str> {
        self.query.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(value: serde_json::Value) -> Reply {
        Reply::status(200).header("content-type", "application/json").body(value.to_string())
    }
    pub fn status(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Vec::new(), delay: Duration::ZERO }
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }
    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

#[derive(Clone, Default)]
struct State {
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
}

/// The running server.
pub struct Server {
    pub url: String,
    state: State,
}

impl Server {
    /// Start a server answering with `replies` in order (then 500s).
    pub async fn start(replies: Vec<Reply>) -> Server {
        let state = State { seen: Arc::default(), script: Arc::new(Mutex::new(replies.into())) };
        let app = axum::Router::new().fallback(handle).with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Server { url, state }
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// The only request received.
    pub fn one(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected one request, got {seen:?}");
        seen.into_iter().next().unwrap()
    }

    /// A client of the generated crate pointed at this server.
    pub fn client(&self) -> openai_client::Client {
        openai_client::Client::with_config(
            openai_client::Client::builder()
                .base_url(&self.url)
                .api_key("sk-test-key")
                .credential(openai_client::Scheme::AdminApiKeyAuth, "sk-admin-key")
                .default_header("OpenAI-Organization", "org-123")
                .default_header("OpenAI-Project", "proj-456")
                .build()
                .unwrap(),
        )
        .unwrap()
    }
}

async fn handle(
    axum::extract::State(state): axum::extract::State<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let query = uri
        .query()
        .map(|q| {
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    (decode(k), decode(v))
                })
                .collect()
        })
        .unwrap_or_default();
    state.seen.lock().unwrap().push(Seen {
        method,
        path: uri.path().to_owned(),
        query,
        headers,
        body,
        at: Instant::now(),
    });
    let reply =
        state.script.lock().unwrap().pop_front().unwrap_or_else(|| Reply::status(500).body("no reply scripted"));
    tokio::time::sleep(reply.delay).await;
    let mut out = HeaderMap::new();
    for (k, v) in &reply.headers {
        out.insert(HeaderName::try_from(k.as_str()).unwrap(), HeaderValue::try_from(v.as_str()).unwrap());
    }
    (StatusCode::from_u16(reply.status).unwrap(), out, reply.body)
}

/// Percent-decoding of query components (`+` is a space in forms).
fn decode(s: &str) -> String {
    let bytes = s.replace('+', " ").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// One part of a multipart body: name, file name, content type, bytes.
pub type Part = (String, Option<String>, Option<String>, Vec<u8>);

/// A multipart body split into its parts.
pub fn multipart_parts(seen: &Seen) -> Vec<Part> {
    let ct = seen.header("content-type").expect("a content type");
    let boundary = ct.split("boundary=").nth(1).expect("a multipart boundary").trim_matches('"');
    let delimiter = format!("--{boundary}");
    let body = &seen.body[..];
    let mut parts = Vec::new();
    let text = body;
    let positions: Vec<usize> = find_all(text, delimiter.as_bytes());
    for w in positions.windows(2) {
        let chunk = &text[w[0] + delimiter.len()..w[1]];
        let chunk = chunk.strip_prefix(b"\r\n").unwrap_or(chunk);
        let chunk = chunk.strip_suffix(b"\r\n").unwrap_or(chunk);
        let split = find_all(chunk, b"\r\n\r\n")[0];
        let head = std::str::from_utf8(&chunk[..split]).unwrap();
        let data = chunk[split + 4..].to_vec();
        let mut name = String::new();
        let mut filename = None;
        let mut content_type = None;
        for line in head.lines() {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("content-disposition") {
                for piece in line.split(';').map(str::trim) {
                    if let Some(v) = piece.strip_prefix("name=") {
                        name = v.trim_matches('"').to_owned();
                    }
                    if let Some(v) = piece.strip_prefix("filename=") {
                        filename = Some(v.trim_matches('"').to_owned());
                    }
                }
            } else if lower.starts_with("content-type") {
                content_type = line.split_once(':').map(|(_, v)| v.trim().to_owned());
            }
        }
        parts.push((name, filename, content_type, data));
    }
    parts
}

/// Read one HTTP/1.1 request from a raw socket (head, then a `content-length` body); returns
/// the body.
pub async fn read_request(socket: &mut tokio::net::TcpStream) -> Vec<u8> {
    read_request_with_head(socket).await.1
}

/// [`read_request`], with the request's head (request line and headers, lower-cased); a
/// connection closed before the head ends gives an empty head and what was read.
pub async fn read_request_with_head(socket: &mut tokio::net::TcpStream) -> (String, Vec<u8>) {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    loop {
        let n = socket.read(&mut tmp).await.unwrap();
        buf.extend_from_slice(&tmp[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
                .unwrap_or(0);
            while buf.len() < end + 4 + len {
                let n = socket.read(&mut tmp).await.unwrap();
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&tmp[..n]);
            }
            let body_end = buf.len().min(end + 4 + len);
            return (head, buf[end + 4..body_end].to_vec());
        }
        if n == 0 {
            return (String::new(), buf);
        }
    }
}

fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}
