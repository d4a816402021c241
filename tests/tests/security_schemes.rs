//! One security scheme of each kind (`fixtures/clients/security_schemes.yaml`), checked on the
//! wire against a server on 127.0.0.1: each is sent as its scheme says (header, query,
//! cookie, bearer, basic from a user and a password), each has its own environment variable,
//! and the scheme called an API key is the one `api_key()` and `KEYRING_API_KEY` set, so a
//! user holding only the key reaches an operation that also accepts bearer tokens.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/security_schemes.rs"));

use support::{Reply, Server};

async fn client(
    replies: usize,
    configure: impl FnOnce(runtime::ConfigBuilder) -> runtime::ConfigBuilder,
) -> (Server, Client) {
    let server = Server::start(vec![Reply::status(204); replies]).await;
    let config = configure(Client::builder().base_url(&server.url)).build().unwrap();
    (server, Client::with_config(config).unwrap())
}

#[tokio::test]
async fn each_scheme_is_sent_as_it_says() {
    let (server, client) = client(6, |b| {
        b.credential(Scheme::BearerAuth, "tok-1")
            .api_key("key-1")
            .credential(Scheme::QueryKey, "q-1")
            .credential(Scheme::Session, "s-1")
            .basic_auth(Scheme::BasicAuth, "ada", "pa:ss")
            .credential(Scheme::OAuth2, "oa-1")
    })
    .await;
    client.bearer_only().await.unwrap();
    client.by_query().await.unwrap();
    client.by_cookie().await.unwrap();
    client.by_basic().await.unwrap();
    client.by_oauth().await.unwrap();
    client.either().await.unwrap();

    let seen = server.seen();
    assert_eq!(seen[0].header("authorization"), Some("Bearer tok-1"));
    assert_eq!((seen[1].query("key"), seen[1].header("authorization")), (vec!["q-1"], None));
    assert_eq!(seen[2].header("cookie"), Some("sid=s-1"));
    // base64("ada:pa:ss"): the password may hold a colon, the user may not (RFC 7617).
    assert_eq!(seen[3].header("authorization"), Some("Basic YWRhOnBhOnNz"));
    assert_eq!(seen[4].header("authorization"), Some("Bearer oa-1"));
    // Both alternatives are configured: the first the document lists is sent.
    assert_eq!((seen[5].header("authorization"), seen[5].header("api-key")), (Some("Bearer tok-1"), None));
}

#[tokio::test]
async fn a_user_holding_only_the_api_key_sends_the_api_key() {
    let (server, client) = client(1, |b| b.api_key("key-1")).await;
    client.either().await.unwrap();
    let seen = server.one();
    assert_eq!((seen.header("api-key"), seen.header("authorization")), (Some("key-1"), None));
}

#[tokio::test]
async fn a_basic_credential_already_encoded_is_sent_as_it_is() {
    let (server, client) = client(1, |b| b.credential(Scheme::BasicAuth, "YWRhOnBhc3M=")).await;
    client.by_basic().await.unwrap();
    assert_eq!(server.one().header("authorization"), Some("Basic YWRhOnBhc3M="));
}

#[test]
fn every_scheme_has_its_own_variable_named_after_it() {
    let vars: Vec<(&str, &str)> = ENV.credentials.to_vec();
    assert_eq!(
        vars,
        [
            ("ApiKey", "KEYRING_API_KEY"),
            ("bearerAuth", "KEYRING_BEARER"),
            ("queryKey", "KEYRING_QUERY_KEY"),
            ("session", "KEYRING_SESSION"),
            ("basicAuth", "KEYRING_BASIC"),
            ("OAuth2", "KEYRING_OAUTH2"),
        ]
    );
    assert_eq!(AUTH_SCHEMES[0].key, "ApiKey", "the main scheme is the one `api_key()` sets");
}

#[tokio::test]
async fn variables_set_the_credentials_of_their_schemes() {
    // Only this test reads KEYRING_* variables.
    std::env::set_var("KEYRING_API_KEY", "key-env");
    std::env::set_var("KEYRING_BASIC", "ada:secret");
    let server = Server::start(vec![Reply::status(204); 2]).await;
    std::env::set_var("KEYRING_BASE_URL", &server.url);
    let client = Client::from_env().unwrap();
    client.either().await.unwrap();
    client.by_basic().await.unwrap();
    let seen = server.seen();
    assert_eq!((seen[0].header("api-key"), seen[0].header("authorization")), (Some("key-env"), None));
    assert_eq!(seen[1].header("authorization"), Some("Basic YWRhOnNlY3JldA=="));
}

#[test]
fn an_environment_without_any_credential_is_refused_naming_the_variables() {
    // Every operation of the document needs a credential: a client without one could call
    // nothing, so building it fails before the first request.
    const { assert!(ENV.credential_required) };
    let err = Client::builder().from_env_with(&ENV, |_| None).build().unwrap_err();
    let runtime::Error::MissingCredential { variables } = &err else { panic!("{err}") };
    assert_eq!(variables[0], "KEYRING_API_KEY", "the main scheme's variable first");
    assert_eq!(variables.len(), 6);
    assert!(err.to_string().contains("set the environment variable `KEYRING_API_KEY` (or `KEYRING_BEARER`"), "{err}");
}

#[test]
fn a_credential_given_to_the_builder_or_one_variable_is_enough() {
    let only_basic = |name: &str| (name == "KEYRING_BASIC").then(|| "ada:pw".to_owned());
    Client::builder().from_env_with(&ENV, only_basic).build().unwrap();
    Client::builder().from_env_with(&ENV, |_| None).api_key("k").build().unwrap();
    Client::builder().from_env_with(&ENV, |_| None).credential(Scheme::OAuth2, "t").build().unwrap();
    Client::builder().from_env_with(&ENV, |_| None).no_auth().build().unwrap();
    // `Client::new` takes the key itself, whatever the environment holds.
    Client::new("k").unwrap();
}
