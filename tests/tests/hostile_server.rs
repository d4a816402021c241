//! The client against servers that misbehave on purpose, all real servers on 127.0.0.1:
//! redirects to another origin, bodies of any size, repeated cursors, and credentials sent
//! where they should not go.

mod support;

use futures_util::StreamExt;
use openai_client::operations::ListFineTuningEventsParams;
use openai_client::runtime::{
    self, AuthScheme, ConfigBuilder, Error, Method, RequestSpec, StaticAuthKind, DEFAULT_MAX_RESPONSE_SIZE,
};
use serde_json::{json, Value};
use support::{Reply, Seen, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "sk-hostile-test-key";

/// A bare runtime client with one security scheme `Auth` sent as `kind`.
fn client_with(url: &str, kind: StaticAuthKind) -> runtime::Client {
    let schemes = [AuthScheme { key: "Auth", kind }];
    let config = ConfigBuilder::new(url, &schemes, "hostile-test").api_key(KEY).max_retries(0).build().unwrap();
    runtime::Client::new(config).unwrap()
}

fn get(operation: &'static str, path: &'static str) -> RequestSpec {
    let mut request = RequestSpec::new(operation, Method::GET, path);
    request.security(&[&["Auth"]]);
    request
}

/// Whether the key shows anywhere in a request: a header (Referer included), the query or
/// the path.
fn carries_key(seen: &Seen) -> bool {
    let in_headers = seen.headers.values().any(|v| String::from_utf8_lossy(v.as_bytes()).contains(KEY));
    let in_query = seen.query.iter().any(|(k, v)| k.contains(KEY) || v.contains(KEY));
    in_headers || in_query || seen.path.contains(KEY)
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_no_key_reaches_it() {
    for kind in [StaticAuthKind::Header("api-key"), StaticAuthKind::Query("api_key"), StaticAuthKind::Bearer] {
        let elsewhere = Server::start(vec![Reply::json(json!({"stolen": true})); 2]).await;
        let location = format!("{}/collect?from=redirect", elsewhere.url);
        let server = Server::start(vec![Reply::status(302).header("location", &location)]).await;
        let client = client_with(&server.url, kind);
        let result = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await;
        assert!(carries_key(&server.one()), "{kind:?}: the configured server gets the key");
        let leaked: Vec<Seen> = elsewhere.seen().into_iter().filter(carries_key).collect();
        assert!(leaked.is_empty(), "{kind:?}: the key reached another origin: {leaked:?}");
        assert!(elsewhere.seen().is_empty(), "{kind:?}: nothing is sent to another origin");
        let err = result.unwrap_err();
        assert!(
            matches!(&err, Error::Redirect { operation: "listModels", to } if *to == elsewhere.url),
            "{kind:?}: {err:?}"
        );
        assert!(err.to_string().contains(&elsewhere.url) && !err.to_string().contains("collect"), "{err}");
    }
}

/// The same with the caller's own HTTP client, even one set to follow every redirect with a
/// `Referer`: the runtime's redirect policy and referer setting win, so no key in a named
/// header, the query or `Authorization` reaches the other origin, and no `Referer` holds one.
#[tokio::test]
async fn a_caller_supplied_http_client_keeps_keys_at_their_origin() {
    let permissive =
        || runtime::reqwest::Client::builder().redirect(runtime::reqwest::redirect::Policy::limited(10)).referer(true);
    let builders: [fn() -> runtime::reqwest::ClientBuilder; 2] = [runtime::reqwest::Client::builder, permissive];
    for make in builders {
        for kind in [StaticAuthKind::Header("api-key"), StaticAuthKind::Query("api_key"), StaticAuthKind::Bearer] {
            let elsewhere = Server::start(vec![Reply::json(json!({"stolen": true})); 2]).await;
            let location = format!("{}/collect", elsewhere.url);
            let server = Server::start(vec![Reply::status(302).header("location", &location)]).await;
            let schemes = [AuthScheme { key: "Auth", kind }];
            let config = ConfigBuilder::new(&server.url, &schemes, "hostile-test")
                .api_key(KEY)
                .max_retries(0)
                .http_client(make())
                .build()
                .unwrap();
            let client = runtime::Client::new(config).unwrap();
            let result = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await;
            assert!(carries_key(&server.one()), "{kind:?}: the configured server gets the key");
            let seen = elsewhere.seen();
            assert!(!seen.iter().any(carries_key), "{kind:?}: the key reached another origin: {seen:?}");
            assert!(seen.iter().all(|s| s.header("referer").is_none()), "{kind:?}: {seen:?}");
            assert!(seen.is_empty(), "{kind:?}: nothing is sent to another origin");
            assert!(matches!(result, Err(Error::Redirect { .. })), "{kind:?}: {result:?}");
        }
    }
}

/// A server redirecting to itself is a loop, said so: not "could not reach the server".
#[tokio::test]
async fn a_redirect_loop_is_reported_as_one() {
    let server = Server::start(vec![Reply::status(302).header("location", "/models"); 3]).await;
    let client = client_with(&server.url, StaticAuthKind::Bearer);
    let err = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await.unwrap_err();
    assert!(matches!(err, Error::RedirectLoop { operation: "listModels", hops: 1 }), "{err:?}");
    assert!(err.to_string().contains("redirected in a loop"), "{err}");
    // A chain that never comes back but never ends is one too, after 10 hops.
    let hops: Vec<Reply> = (1..=12).map(|i| Reply::status(307).header("location", &format!("/hop/{i}"))).collect();
    let server = Server::start(hops).await;
    let client = client_with(&server.url, StaticAuthKind::Bearer);
    let err = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await.unwrap_err();
    assert!(matches!(err, Error::RedirectLoop { hops: 11, .. }), "{err:?}");
    assert_eq!(server.seen().len(), 11);
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_without_a_referer() {
    let server =
        Server::start(vec![Reply::status(307).header("location", "/v2/models"), Reply::json(json!([1]))]).await;
    let client = client_with(&server.url, StaticAuthKind::Query("api_key"));
    let value: Value = client.call(get("listModels", "/models"), runtime::decode::json).await.unwrap();
    assert_eq!(value, json!([1]));
    let seen = server.seen();
    assert_eq!(seen.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(), ["/models", "/v2/models"]);
    assert!(seen.iter().all(|s| s.header("referer").is_none()), "{seen:?}");
}

/// Serve one response whose body has no declared length (`connection: close` ends it), as a
/// chunked or streaming server does; `Content-Length` cannot announce its size.
async fn undeclared_length_server(body: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
        socket.write_all(head.as_bytes()).await.ok();
        for chunk in body.chunks(1000) {
            if socket.write_all(chunk).await.is_err() {
                return;
            }
        }
    });
    url
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_naming_the_operation_and_the_limit() {
    let big = json!({"data": "x".repeat(4096)});
    // Declared by Content-Length: refused before it is read.
    let server = Server::start(vec![Reply::json(big.clone()), Reply::json(big.clone())]).await;
    let client = client_with(&server.url, StaticAuthKind::Bearer);
    let call = client.call(get("listModels", "/models"), runtime::decode::json::<Value>);
    let err = call.clone().max_response_size(2048).await.unwrap_err();
    assert!(matches!(err, Error::TooLarge { operation: "listModels", limit: 2048 }), "{err:?}");
    assert!(err.to_string().contains("`listModels`") && err.to_string().contains("2 KiB"), "{err}");
    assert_eq!(call.await.unwrap(), big, "under the default limit the same body is read");

    // Not declared: refused as it arrives; the limit set on the client applies.
    let url = undeclared_length_server(big.to_string().into_bytes()).await;
    let schemes = [AuthScheme { key: "Auth", kind: StaticAuthKind::Bearer }];
    let config = ConfigBuilder::new(&url, &schemes, "t").api_key(KEY).max_response_size(1024).build().unwrap();
    let client = runtime::Client::new(config).unwrap();
    let err = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await.unwrap_err();
    assert!(matches!(err, Error::TooLarge { operation: "listModels", limit: 1024 }), "{err:?}");
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 256 << 20);
}

#[tokio::test]
async fn an_error_body_is_kept_bounded_and_displayed_short() {
    let body = format!("{{\"detail\": \"{}\"}}", "y".repeat(1 << 20));
    let server = Server::start(vec![Reply::status(502).body(body)]).await;
    let client = client_with(&server.url, StaticAuthKind::Bearer);
    let err = client.call(get("listModels", "/models"), runtime::decode::json::<Value>).await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.body.len(), 64 * 1024, "only the start of the body is kept");
    assert!(api.body_truncated);
    assert!(api.body_text().starts_with("{\"detail\": \"yyy"));
    let text = err.to_string();
    assert!(text.len() < 1000 && text.contains("`listModels` failed with 502"), "{text}");
}

#[tokio::test]
async fn two_cookie_schemes_of_one_requirement_are_both_sent() {
    let server = Server::start(vec![Reply::json(json!({}))]).await;
    let schemes = [
        AuthScheme { key: "Session", kind: StaticAuthKind::Cookie("session") },
        AuthScheme { key: "Csrf", kind: StaticAuthKind::Cookie("csrf") },
    ];
    let config = ConfigBuilder::new(&server.url, &schemes, "hostile-test")
        .credential("Session", "s-1")
        .credential("Csrf", "c-2")
        .build()
        .unwrap();
    let client = runtime::Client::new(config).unwrap();
    let mut request = RequestSpec::new("getMe", Method::GET, "/me");
    request.security(&[&["Session", "Csrf"]]);
    let _: Value = client.call(request, runtime::decode::json).await.unwrap();
    let seen = server.one();
    let cookies: Vec<&str> = seen.headers.get_all("cookie").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(cookies, ["session=s-1; csrf=c-2"]);
}

fn event(id: &str) -> Value {
    json!({"object": "fine_tuning.job.event", "id": id, "created_at": 1, "level": "info", "message": id})
}

fn page(ids: &[&str]) -> Reply {
    let data: Vec<Value> = ids.iter().map(|id| event(id)).collect();
    Reply::json(json!({"object": "list", "data": data, "has_more": true}))
}

#[tokio::test]
async fn a_server_repeating_its_cursor_stops_pagination_with_an_error() {
    // The second page ends with the cursor that fetched it: its next page is itself.
    let server = Server::start(vec![page(&["e1", "e2"]), page(&["e2"]), page(&["e2"]), page(&["e2"])]).await;
    let client = server.client();
    let items: Vec<_> = client.list_fine_tuning_events("ftjob-1", &Default::default()).items().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(
        matches!(&items[2], Err(Error::Pagination { operation: "listFineTuningEvents", cursor }) if cursor == "e2"),
        "{:?}",
        items[2]
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn a_cursor_cycle_across_pages_stops_pagination_with_an_error() {
    let replies = vec![page(&["e1", "e2"]), page(&["e3", "e4"]), page(&["e1", "e2"]), page(&["e3", "e4"])];
    let server = Server::start(replies).await;
    let client = server.client();
    let params = ListFineTuningEventsParams { limit: Some(2), ..Default::default() };
    let items: Vec<_> = client.list_fine_tuning_events("ftjob-1", &params).items().collect().await;
    let ids: Vec<&str> = items.iter().filter_map(|i| i.as_ref().ok()).map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2", "e3", "e4", "e1", "e2"]);
    assert!(matches!(items.last(), Some(Err(Error::Pagination { cursor, .. })) if cursor == "e2"), "{items:?}");
    assert_eq!(server.seen().len(), 3, "the repeated cursor is never sent");
}
