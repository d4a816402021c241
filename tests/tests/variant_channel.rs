//! A channel declared by a variant for a document that is not OpenAI's
//! (`fixtures/variants/tally.toml` over `tally.yaml`): its generated session against a real
//! tokio-tungstenite server on 127.0.0.1, as the OpenAI sessions are tested. Its messages are
//! told apart by `kind`, its key goes in a named header, its required parameter is an
//! argument and its header parameter a setter, a response is `watching` … `settled`, and
//! `failure` is its error event.

#![allow(dead_code, reason = "the generated client has more than the test calls")]

include!(concat!(env!("OUT_DIR"), "/clients/tally.rs"));

mod ws_support;

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WireCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use types::{ClientMessage, ServerMessage};
use ws_support::{recv, send, serve};

#[tokio::test]
async fn the_variants_channel_opens_sends_and_reads_typed_messages() {
    let server = serve("x-tally-key", "tk-1", |mut ws| async move {
        let bump = recv(&mut ws).await.unwrap();
        assert_eq!(bump, json!({"kind": "bump", "counter": "visits", "by": 2}));
        let watch = recv(&mut ws).await.unwrap();
        assert_eq!(watch["kind"], "watch");
        send(&mut ws, json!({"kind": "watching", "counter": "visits"})).await;
        send(&mut ws, json!({"kind": "changed", "counter": "visits", "value": 3})).await;
        send(&mut ws, json!({"kind": "teleported", "to": "mars"})).await;
        ws.send(Message::binary(json!({"kind": "changed", "counter": "visits", "value": 5}).to_string().into_bytes()))
            .await
            .unwrap();
        send(&mut ws, json!({"kind": "settled", "counter": "visits", "value": 5})).await;
        send(&mut ws, json!({"kind": "failure", "error": {"message": "no such counter", "code": "unknown_counter"}}))
            .await;
        // A second response, cut short.
        let _ = recv(&mut ws).await;
        send(&mut ws, json!({"kind": "watching", "counter": "visits"})).await;
        let frame = CloseFrame { code: WireCode::Away, reason: "restarting".into() };
        ws.send(Message::Close(Some(frame))).await.unwrap();
    })
    .await;
    let client =
        Client::with_config(Client::builder().base_url(&server.url).credential("TallyKey", "tk-1").build().unwrap())
            .unwrap();
    let mut session = client.live("eu-west").x_tally_trace("trace-7").connect().await.unwrap();
    let bump: ClientMessage = serde_json::from_value(json!({"kind": "bump", "counter": "visits", "by": 2})).unwrap();
    session.send(&bump).await.unwrap();
    let watch: ClientMessage = serde_json::from_value(json!({"kind": "watch", "counter": "visits"})).unwrap();
    let mut turn = session.turn(&watch).await.unwrap();
    let mut seen = Vec::new();
    while let Some(message) = turn.next().await {
        seen.push(match message.unwrap() {
            ServerMessage::Watching(_) => "watching".to_owned(),
            ServerMessage::Changed(c) => format!("changed {}", c.value),
            ServerMessage::Settled(s) => format!("settled {}", s.value),
            ServerMessage::Unknown(value) => format!("unknown {}", value["kind"]),
            other => panic!("{other:?}"),
        });
    }
    assert_eq!(seen, ["watching", "changed 3", "unknown \"teleported\"", "changed 5", "settled 5"]);
    let failure = session.next().await.unwrap().unwrap_err();
    assert_eq!(failure.code(), Some("unknown_counter"));
    assert_eq!(failure.message(), Some("no such counter"));

    let turn = session.turn(&watch).await.unwrap();
    let cut = tokio::time::timeout(Duration::from_secs(5), turn.collect::<Vec<_>>()).await.unwrap();
    let error = cut.into_iter().find_map(Result::err).expect("the cut-short response is an error");
    assert!(error.to_string().contains("middle of a response"), "{error}");
    assert!(error.to_string().contains("1001"), "{error}");

    let handshake = server.handshakes.lock().unwrap()[0].clone();
    assert_eq!(handshake.path, "/v1/live");
    assert_eq!(handshake.query, "region=eu-west");
    assert_eq!(handshake.header("x-tally-feed"), Some("1"), "the channel's own header");
    assert_eq!(handshake.header("x-tally-trace"), Some("trace-7"), "a header parameter");
    assert_eq!(handshake.header("authorization"), None, "the key goes in its named header only");
}
