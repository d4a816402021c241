//! An API whose every operation may be called without a credential
//! (`fixtures/clients/optional_auth.yaml`): a client configured from an environment without
//! its key is a working client, which sends no key; one given a key sends it.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/optional_auth.rs"));

use support::{Reply, Server};

#[test]
fn the_api_does_not_require_a_credential() {
    const { assert!(!ENV.credential_required) };
    assert_eq!(ENV.credentials, [("ApiKey", "GAZETTE_API_KEY")]);
}

#[tokio::test]
async fn a_client_from_an_environment_without_a_key_calls_anonymously() {
    let server = Server::start(vec![Reply::status(204); 2]).await;
    let url = server.url.clone();
    let lookup = move |name: &str| (name == "GAZETTE_BASE_URL").then(|| url.clone());
    let client = Client::with_config(Client::builder().from_env_with(&ENV, lookup).build().unwrap()).unwrap();
    client.headlines().await.unwrap();
    client.archive().await.unwrap();
    assert!(server.seen().iter().all(|seen| seen.header("api-key").is_none()));
}

#[tokio::test]
async fn a_client_given_a_key_sends_it_where_the_operation_accepts_it() {
    let server = Server::start(vec![Reply::status(204); 2]).await;
    let config = Client::builder().from_env_with(&ENV, |_| None).base_url(&server.url).api_key("k-1").build();
    let client = Client::with_config(config.unwrap()).unwrap();
    client.headlines().await.unwrap();
    client.archive().await.unwrap();
    let keys: Vec<Option<String>> =
        server.seen().iter().map(|seen| seen.header("api-key").map(str::to_owned)).collect();
    assert_eq!(keys, [Some("k-1".to_owned()), None]);
}
