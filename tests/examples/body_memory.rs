//! How much memory the client holds when a server sends a huge body: run it under
//! `/usr/bin/time -v` and read "Maximum resident set size".
//!
//! ```text
//! cargo build --release -p e2e --example body_memory
//! /usr/bin/time -v target/release/examples/body_memory json 400    # a 400 MB JSON success body
//! /usr/bin/time -v target/release/examples/body_memory error 400   # a 400 MB error body (500)
//! ```
//!
//! A local server on 127.0.0.1 streams the body in 64 KiB writes without a Content-Length
//! (the case a limit cannot see coming); the client decodes it as JSON, with no retries.

use runtime::{AuthScheme, ConfigBuilder, Method, RequestSpec};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serve every connection a body of `megabytes` MB: `{"data": "xxx..."}` under `status`.
async fn serve(status: u16, megabytes: usize) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 8192];
                let _ = socket.read(&mut request).await;
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{{\"data\": \""
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                for _ in 0..megabytes * 1_000_000 / chunk.len() {
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
                let _ = socket.write_all(b"\"}").await;
            });
        }
    });
    url
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (kind, megabytes) = match (args.get(1).map(String::as_str), args.get(2).and_then(|m| m.parse().ok())) {
        (Some(kind @ ("json" | "error")), Some(mb)) => (kind.to_owned(), mb),
        _ => {
            eprintln!("usage: body_memory json|error MEGABYTES");
            std::process::exit(2);
        }
    };
    let url = serve(if kind == "json" { 200 } else { 500 }, megabytes).await;
    let config = ConfigBuilder::new(&url, &[] as &[AuthScheme], "body-memory").max_retries(0).build().expect("config");
    let client = runtime::Client::new(config).expect("client");
    let started = std::time::Instant::now();
    let result: Result<serde_json::Value, _> =
        client.call(RequestSpec::new("bigBody", Method::GET, "/big"), runtime::decode::json).await;
    let outcome = match &result {
        Ok(value) => format!("decoded, {} bytes of data", value["data"].as_str().map_or(0, str::len)),
        Err(e) => {
            let text = e.to_string();
            format!("error ({} characters): {}", text.len(), text.chars().take(160).collect::<String>())
        }
    };
    println!("{kind} {megabytes} MB: {outcome} in {:.2} s", started.elapsed().as_secs_f64());
}
