//! The generated Realtime and Responses WebSocket sessions against a real tokio-tungstenite
//! server on 127.0.0.1, scripted per test: the whole session flow, text and binary frames,
//! fragmented messages, unknown and error events, closes of every kind, a refused key, a
//! 1 MB audio append, pings, the idle timeout and the message size limit.

mod ws_support;

use futures_util::{SinkExt, StreamExt};
use openai_client::runtime::websocket::{CloseCode, WebSocketError, WebSocketOptions};
use openai_client::types::{CreateResponse, RealtimeClientEvent, RealtimeServerEvent, ResponseStreamEvent};
use openai_client::{Client, Error};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{CloseCode as WireCode, Data, OpCode};
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use ws_support::{recv, send, serve, Socket, WsServer};

const KEY: &str = "sk-test-ws";

fn client(server: &WsServer) -> Client {
    Client::with_config(Client::builder().base_url(&server.url).api_key(KEY).build().unwrap()).unwrap()
}

async fn realtime_server<F, Fut>(script: F) -> WsServer
where
    F: Fn(Socket) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    serve("authorization", "Bearer sk-test-ws", script).await
}

fn session_created() -> Value {
    json!({"type": "session.created", "event_id": "event_1",
           "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1", "model": "gpt-realtime"}})
}

fn response_created() -> Value {
    json!({"type": "response.created", "event_id": "event_3",
           "response": {"object": "realtime.response", "id": "resp_1", "status": "in_progress", "output": []}})
}

fn text_delta(delta: &str) -> Value {
    json!({"type": "response.output_text.delta", "event_id": "event_4", "response_id": "resp_1", "item_id": "item_1",
           "output_index": 0, "content_index": 0, "delta": delta})
}

fn response_done() -> Value {
    json!({"type": "response.done", "event_id": "event_9",
           "response": {"object": "realtime.response", "id": "resp_1", "status": "completed",
                        "output": [{"id": "item_1", "type": "message", "status": "completed", "role": "assistant",
                                    "content": [{"type": "output_text", "text": "Hello world"}]}]}})
}

fn ws_error(e: &Error) -> &WebSocketError {
    match e {
        Error::WebSocket(inner) => inner,
        other => panic!("not a WebSocket error: {other:?}"),
    }
}

#[tokio::test]
async fn a_session_is_created_updated_and_answers_one_response() {
    let server = realtime_server(|mut ws| async move {
        send(&mut ws, session_created()).await;
        let update = recv(&mut ws).await.unwrap();
        assert_eq!(update["type"], "session.update");
        assert_eq!(update["session"]["instructions"], "Be brief.");
        let mut session = session_created()["session"].clone();
        session["instructions"] = update["session"]["instructions"].clone();
        send(&mut ws, json!({"type": "session.updated", "event_id": "event_2", "session": session})).await;
        assert_eq!(recv(&mut ws).await.unwrap(), json!({"type": "response.create"}));
        send(&mut ws, response_created()).await;
        send(&mut ws, text_delta("Hello")).await;
        // The same kind of message in a binary frame.
        ws.send(Message::binary(text_delta(" world").to_string().into_bytes())).await.unwrap();
        send(&mut ws, response_done()).await;
        assert_eq!(recv(&mut ws).await, None, "the client closes");
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().model("gpt-realtime").connect().await.unwrap();
    let first = session.next().await.unwrap().unwrap();
    assert!(matches!(first, RealtimeServerEvent::SessionCreated(_)), "{first:?}");

    let update = json!({"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief."}});
    let update: RealtimeClientEvent = serde_json::from_value(update).unwrap();
    assert!(matches!(update, RealtimeClientEvent::SessionUpdate(_)));
    session.send(&update).await.unwrap();
    let updated = session.next().await.unwrap().unwrap();
    assert!(matches!(updated, RealtimeServerEvent::SessionUpdated(_)), "{updated:?}");

    let reply = session.turn(&RealtimeClientEvent::response_create()).await.unwrap().finish().await.unwrap();
    assert_eq!(reply.text, "Hello world");
    assert_eq!(reply.response.id.as_deref(), Some("resp_1"));
    assert!(!session.in_response());
    session.close().await.unwrap();

    let handshake = server.handshakes.lock().unwrap()[0].clone();
    assert_eq!(handshake.path, "/v1/realtime");
    assert_eq!(handshake.query, "model=gpt-realtime");
    assert!(handshake.header("user-agent").unwrap().starts_with("openai-client/"));
}

#[tokio::test]
async fn text_arrives_piece_by_piece_and_fragmented_messages_are_put_together() {
    let server = realtime_server(|mut ws| async move {
        let _ = recv(&mut ws).await;
        send(&mut ws, response_created()).await;
        // One message in three frames: text, continuation, final continuation.
        let text = text_delta("split across frames").to_string();
        let (a, rest) = text.split_at(10);
        let (b, c) = rest.split_at(20);
        for (opcode, part, fin) in [(Data::Text, a, false), (Data::Continue, b, false), (Data::Continue, c, true)] {
            ws.send(Message::Frame(Frame::message(part.as_bytes().to_vec(), OpCode::Data(opcode), fin))).await.unwrap();
        }
        send(&mut ws, text_delta("!")).await;
        send(&mut ws, response_done()).await;
        let _ = recv(&mut ws).await;
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    let mut turn = session.turn(&RealtimeClientEvent::response_create()).await.unwrap();
    assert_eq!(turn.next_text().await.unwrap().unwrap(), "split across frames");
    assert_eq!(turn.next_text().await.unwrap().unwrap(), "!");
    assert!(turn.next_text().await.is_none(), "the turn ends at response.done");
}

#[tokio::test]
async fn an_unknown_event_is_kept_with_its_json_and_an_error_event_is_a_typed_error() {
    let server = realtime_server(|mut ws| async move {
        send(&mut ws, json!({"type": "session.teleported", "event_id": "event_x", "where": "mars"})).await;
        send(
            &mut ws,
            json!({"type": "error", "event_id": "event_e",
                             "error": {"type": "invalid_request_error", "code": "item_not_found",
                                       "message": "No item with id `x`.", "param": "item_id", "event_id": "c1"}}),
        )
        .await;
        send(&mut ws, session_created()).await;
        let _ = recv(&mut ws).await;
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    match session.next().await.unwrap().unwrap() {
        RealtimeServerEvent::Unknown(value) => assert_eq!(value["where"], "mars"),
        other => panic!("{other:?}"),
    }
    let error = session.next().await.unwrap().unwrap_err();
    assert_eq!(error.code(), Some("item_not_found"));
    assert_eq!(error.message(), Some("No item with id `x`."));
    match ws_error(&error) {
        WebSocketError::Server { event, .. } => assert_eq!(event["event_id"], "event_e"),
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("invalid_request_error"), "{error}");
    // The session stays open after an error event.
    assert!(matches!(session.next().await.unwrap().unwrap(), RealtimeServerEvent::SessionCreated(_)));
}

#[tokio::test]
async fn a_close_in_the_middle_of_a_response_is_an_error_not_a_hang() {
    let server = realtime_server(|mut ws| async move {
        let _ = recv(&mut ws).await;
        send(&mut ws, response_created()).await;
        send(&mut ws, text_delta("Hel")).await;
        let frame = CloseFrame { code: WireCode::Error, reason: "overloaded".into() };
        ws.send(Message::Close(Some(frame))).await.unwrap();
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    let turn = session.turn(&RealtimeClientEvent::response_create()).await.unwrap();
    let error = tokio::time::timeout(Duration::from_secs(5), turn.finish()).await.expect("no hang").unwrap_err();
    match ws_error(&error) {
        WebSocketError::ClosedMidResponse { code, reason, .. } => {
            assert_eq!(*code, Some(CloseCode::INTERNAL));
            assert_eq!(reason, "overloaded");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("middle of a response"), "{error}");
}

#[tokio::test]
async fn a_connection_dropped_mid_response_and_close_codes_are_errors() {
    // The TCP connection just ends, no close frame.
    let server = realtime_server(|mut ws| async move {
        let _ = recv(&mut ws).await;
        send(&mut ws, response_created()).await;
        drop(ws);
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    let turn = session.turn(&RealtimeClientEvent::response_create()).await.unwrap();
    let error = tokio::time::timeout(Duration::from_secs(5), turn.finish()).await.unwrap().unwrap_err();
    assert!(matches!(ws_error(&error), WebSocketError::ClosedMidResponse { .. }), "{error:?}");

    // Between responses: a policy close is an error carrying its code; a normal close ends the stream.
    let server = realtime_server(|mut ws| async move {
        send(&mut ws, session_created()).await;
        let code =
            if recv(&mut ws).await.unwrap()["type"] == "response.cancel" { WireCode::Policy } else { WireCode::Normal };
        ws.send(Message::Close(Some(CloseFrame { code, reason: "bye".into() }))).await.unwrap();
    })
    .await;
    let client = self::client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    session.next().await.unwrap().unwrap();
    session.send(&RealtimeClientEvent::response_cancel()).await.unwrap();
    let error = session.next().await.unwrap().unwrap_err();
    assert_eq!(ws_error(&error).close_code(), Some(CloseCode::POLICY));
    assert!(session.next().await.is_none(), "nothing after the close");
    let sent = session.send(&RealtimeClientEvent::response_create()).await;
    assert!(sent.is_err(), "a closed session refuses to send");

    let mut session = client.realtime().connect().await.unwrap();
    session.next().await.unwrap().unwrap();
    session.send(&RealtimeClientEvent::commit_audio()).await.unwrap();
    assert!(session.next().await.is_none(), "a normal close ends the stream");
}

#[tokio::test]
async fn a_wrong_key_is_refused_with_the_servers_error_and_never_shown() {
    let server = realtime_server(|_ws| async {}).await;
    let client =
        Client::with_config(Client::builder().base_url(&server.url).api_key("sk-wrong-secret").build().unwrap())
            .unwrap();
    let error = client.realtime().model("gpt-realtime").connect().await.unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 401);
    assert_eq!(error.code(), Some("invalid_api_key"));
    assert_eq!(error.request_id(), Some("req_ws_1"));
    let text = format!("{error} {error:?}");
    assert!(!text.contains("sk-wrong-secret"), "{text}");
    let builder = format!("{:?}", client.realtime().client_secret("ek_secret_value"));
    assert!(!builder.contains("ek_secret_value"), "{builder}");

    // A client secret replaces the key for one session.
    let good = client.realtime().client_secret(KEY).connect().await;
    assert!(good.is_ok(), "{good:?}");
}

#[tokio::test]
async fn a_one_megabyte_audio_append_arrives_whole_and_base64_encoded() {
    let (tx, rx) = tokio::sync::oneshot::channel::<Value>();
    let tx = std::sync::Mutex::new(Some(tx));
    let server = realtime_server(move |mut ws| {
        let tx = tx.lock().unwrap().take();
        async move {
            let message = recv(&mut ws).await.unwrap();
            if let Some(tx) = tx {
                tx.send(message).unwrap();
            }
        }
    })
    .await;
    let client = client(&server);
    let mut session = client.realtime().connect().await.unwrap();
    let audio: Vec<u8> = (0..1_048_576u32).map(|i| (i % 251) as u8).collect();
    session.send(&RealtimeClientEvent::append_audio(&audio)).await.unwrap();
    let message = tokio::time::timeout(Duration::from_secs(10), rx).await.unwrap().unwrap();
    assert_eq!(message["type"], "input_audio_buffer.append");
    let decoded = openai_client::runtime::base64::decode(message["audio"].as_str().unwrap()).unwrap();
    assert_eq!(decoded, audio);
}

#[tokio::test]
async fn pings_are_answered_silence_times_out_and_large_messages_are_refused() {
    let (tx, rx) = tokio::sync::oneshot::channel::<bool>();
    let tx = std::sync::Mutex::new(Some(tx));
    let server = realtime_server(move |mut ws| {
        let tx = tx.lock().unwrap().take();
        async move {
            let Some(tx) = tx else {
                // Later connections: one message over the client's limit.
                send(&mut ws, json!({"type": "session.created", "pad": "x".repeat(4096)})).await;
                let _ = recv(&mut ws).await;
                return;
            };
            ws.send(Message::Ping(b"are you there".to_vec().into())).await.unwrap();
            let pong = loop {
                match ws.next().await {
                    Some(Ok(Message::Pong(payload))) => break payload.as_ref() == b"are you there",
                    Some(Ok(_)) => continue,
                    _ => break false,
                }
            };
            tx.send(pong).unwrap();
            // Then silence, longer than the client waits.
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
    })
    .await;
    let client = client(&server);
    let options = WebSocketOptions::default().idle_timeout(Duration::from_millis(500));
    let mut session = client.realtime().options(options).connect().await.unwrap();
    let error = tokio::time::timeout(Duration::from_secs(5), session.next()).await.unwrap().unwrap().unwrap_err();
    assert!(matches!(ws_error(&error), WebSocketError::IdleTimeout { .. }), "{error:?}");
    assert!(error.is_timeout());
    assert!(rx.await.unwrap(), "the ping was answered with its payload");

    let options = WebSocketOptions::default().max_message_size(1024);
    let mut session = client.realtime().options(options).connect().await.unwrap();
    let error = session.next().await.unwrap().unwrap_err();
    assert!(matches!(ws_error(&error), WebSocketError::TooLarge { limit: 1024, .. }), "{error:?}");
}

#[tokio::test]
async fn responses_websocket_mode_creates_and_chains_responses_in_one_call_each() {
    fn response(id: &str, text: &str) -> Value {
        json!({"id": id, "object": "response", "created_at": 1, "status": "completed", "model": "gpt-5",
               "output": [{"type": "message", "id": format!("msg_{id}"), "role": "assistant", "status": "completed",
                           "content": [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}]}],
               "parallel_tool_calls": true, "tool_choice": "auto", "tools": []})
    }
    let server = serve("authorization", "Bearer sk-test-ws", |mut ws| async move {
        let mut turn = 0;
        while let Some(request) = recv(&mut ws).await {
            turn += 1;
            assert_eq!(request["type"], "response.create");
            assert!(request.get("stream").is_none(), "the socket always streams: {request}");
            if turn == 3 {
                send(&mut ws, json!({"type": "error", "status": 400,
                    "error": {"type": "invalid_request_error", "code": "websocket_stream_limit_reached",
                              "message": "This WebSocket connection has reached its stream limit.", "param": "stream_id"}}))
                .await;
                continue;
            }
            let id = format!("resp_{turn}");
            if turn == 2 {
                assert_eq!(request["previous_response_id"], "resp_1");
                assert_eq!(request["input"], "And in French?");
            }
            let text = if turn == 1 { "Hello" } else { "Bonjour" };
            let mut created = response(&id, "");
            created["status"] = json!("in_progress");
            created["output"] = json!([]);
            send(&mut ws, json!({"type": "response.created", "sequence_number": 0, "response": created})).await;
            send(&mut ws, json!({"type": "response.output_text.delta", "sequence_number": 1, "item_id": "m",
                                 "output_index": 0, "content_index": 0, "delta": text, "logprobs": []}))
            .await;
            send(&mut ws, json!({"type": "response.completed", "sequence_number": 2, "response": response(&id, text)}))
                .await;
        }
    })
    .await;
    let client = client(&server);
    let mut session = client.responses_websocket().connect().await.unwrap();
    let request = CreateResponse::default().model("gpt-5").input("Say hello.").stream(true);
    let first = session.create(&request).await.unwrap();
    assert_eq!(first.output_text(), "Hello");
    let second =
        session.follow_up(&first, CreateResponse::default().model("gpt-5").input("And in French?")).await.unwrap();
    assert_eq!(second.output_text(), "Bonjour");
    let mut events = session.stream(&request).await.unwrap();
    let error = events.next().await.unwrap().unwrap_err();
    assert_eq!(error.code(), Some("websocket_stream_limit_reached"));
    assert!(events.next().await.is_none());
    assert_eq!(server.handshakes.lock().unwrap()[0].path, "/v1/responses");
    // The typed event union is the HTTP stream's.
    let _: fn(ResponseStreamEvent) = |_| {};
}
