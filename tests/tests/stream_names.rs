//! Streaming methods (`fixtures/clients/stream_names.yaml`): an operation that answers only
//! with events has one method, its own name; an operation that may also stream has a
//! `_stream` twin; an operationId keeps its name over a derived one; a stream is offered only
//! where the response offers `text/event-stream`, and `stream: true` is sent only by a body
//! that has a `stream` property.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/stream_names.rs"));

use futures_util::StreamExt;
use support::{Reply, Server};

fn client(server: &Server) -> Client {
    Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap()
}

/// Every method of the client the fixture's operations become, with what each returns.
fn methods() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clients/stream_names.yaml");
    let api = oagen::Spec::load(&path).and_then(|s| s.lower()).unwrap_or_else(|e| panic!("{e}"));
    let surface = oagen::surface::surface(&api);
    surface
        .items
        .iter()
        .filter(|(_, item)| item.kind == oagen::surface::ItemKind::Method)
        .map(|(path, item)| {
            let name = path.strip_prefix("Client::").unwrap_or(path);
            (name.to_owned(), item.signature.clone().unwrap_or_default())
        })
        .collect()
}

#[test]
fn one_method_per_stream_named_from_the_id() {
    let names: Vec<String> = methods().into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        [
            "chat",
            "chat_stream",
            "chat_stream_2",
            "complete",
            "events_stream",
            "get_job",
            "get_job_stream",
            "report",
            "tail"
        ]
    );
    for (name, signature) in methods() {
        let streams = signature.contains("StreamCall");
        let stream_methods = ["chat_stream_2", "events_stream", "get_job_stream", "tail"];
        assert_eq!(streams, stream_methods.contains(&name.as_str()), "{name}: {signature}");
    }
}

#[tokio::test]
async fn a_body_without_a_stream_property_is_sent_as_it_is() {
    let server = Server::start(vec![Reply::status(200)
        .header("content-type", "text/event-stream")
        .body("data: {\"text\":\"a\"}\n\n")])
    .await;
    let stream = client(&server).chat_stream_2(&types::Prompt::new("hi")).await.unwrap();
    let items: Vec<types::Note> = stream.map(|item| item.unwrap()).collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.one().json(), serde_json::json!({"prompt": "hi"}));
}

#[tokio::test]
async fn an_operation_that_only_streams_is_its_stream() {
    let server = Server::start(vec![Reply::status(200)
        .header("content-type", "text/event-stream")
        .body("data: {\"text\":\"a\"}\n\ndata: {\"text\":\"b\"}\n\n")])
    .await;
    let items: Vec<types::Note> = client(&server).events_stream().await.unwrap().map(|i| i.unwrap()).collect().await;
    assert_eq!(items.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["a", "b"]);
}
