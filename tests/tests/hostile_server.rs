//! The client against servers that misbehave on purpose, all real servers on 127.0.0.1:
//! redirects to another origin, and credentials sent where they should not go.

mod support;

use openai_client::runtime::{self, AuthScheme, ConfigBuilder, Error, Method, RequestSpec, StaticAuthKind};
use serde_json::{json, Value};
use support::{Reply, Seen, Server};

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
