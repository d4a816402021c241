//! Event-stream schemas that describe the frame (`fixtures/clients/event_frames.yaml`): the
//! items are what `data` holds, and where each kind of frame pins its `event` name, that
//! name picks the item's variant. Real bytes over TCP from a server on 127.0.0.1.

mod support;

include!(concat!(env!("OUT_DIR"), "/clients/event_frames.rs"));

use futures_util::StreamExt;
use support::{Reply, Server};
use types::{Chunk, Delta, Done, RunResponseEvent};

fn client(server: &Server) -> Client {
    Client::with_config(Client::builder().base_url(&server.url).build().unwrap()).unwrap()
}

fn events(text: &str) -> Reply {
    Reply::status(200).header("content-type", "text/event-stream").body(text.to_owned())
}

#[tokio::test]
async fn a_frame_of_data_streams_its_data() {
    let transcript = "id: 1\ndata: {\"text\":\"Hel\"}\n\nid: 2\nretry: 1000\ndata: {\"text\":\"lo\"}\n\n";
    let server = Server::start(vec![events(transcript)]).await;
    let stream = client(&server).chat_stream(&types::ChatRequest::new("hi")).await.unwrap();
    let items: Vec<Chunk> = stream.map(|item| item.unwrap()).collect().await;
    assert_eq!(items.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Hel", "lo"]);
    assert_eq!(server.one().json()["stream"], true, "the body's own flag asks for the stream");
}

#[tokio::test]
async fn the_event_name_picks_the_variant() {
    let transcript = concat!(
        ": keep-alive\n\n",
        "event: delta\ndata: {\"index\":0,\"text\":\"a\"}\n\n",
        "event: ping\ndata: still here\n\n",
        "event: delta\ndata: {\"index\":1,\"text\":\"b\"}\n\n",
        "event: keepalive\ndata: x\n\n",
        "event: done\nid: 9\ndata: {\"total\":2}\n\n",
    );
    let server = Server::start(vec![events(transcript)]).await;
    let stream = client(&server).run().await.unwrap();
    let items: Vec<RunResponseEvent> = stream.map(|item| item.unwrap()).collect().await;
    let delta = |index, text: &str| RunResponseEvent::Delta(Delta::new(index, text));
    assert_eq!(
        items,
        [
            delta(0, "a"),
            RunResponseEvent::String("still here".into()),
            delta(1, "b"),
            RunResponseEvent::String("x".into()),
            RunResponseEvent::Done(Done::new(2)),
        ]
    );
}
