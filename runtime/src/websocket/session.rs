//! An open session: the sending half, the receiving half (a stream of typed messages), and
//! a turn (one request and the messages of its response).

use super::{ChannelSpec, WebSocketError};
use crate::accumulate::{Accumulate, TextDelta};
use crate::error::{Error, ErrorObject};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, Stream, StreamExt};
use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Serialize;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WireCloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long [`Session::close`] waits for the server to answer the close.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

fn ws_error(error: WebSocketError) -> Error {
    Error::WebSocket(Box::new(error))
}

/// An open WebSocket session: [`send`](Session::send) the client's messages (`C`), read the
/// server's (`S`) as a [`Stream`]. Reading answers the server's pings, so read the session
/// (or its [`SessionEvents`] half, after [`split`](Session::split)) while it is open.
/// A session that ends is not reopened: see the [module documentation](super).
pub struct Session<C, S> {
    sender: SessionSender<C>,
    events: SessionEvents<S>,
}

impl<C, S> std::fmt::Debug for Session<C, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("channel", &self.events.spec.name)
            .field("open", &!self.events.ended)
            .field("in_response", &self.events.in_response())
            .finish()
    }
}

impl<C: Serialize, S: DeserializeOwned> Session<C, S> {
    pub(crate) fn new(socket: Socket, spec: &'static ChannelSpec, idle: Option<Duration>, limit: usize) -> Self {
        let (sink, stream) = socket.split();
        Session {
            sender: SessionSender { sink, spec, limit, closed: false, _message: PhantomData },
            events: SessionEvents {
                stream,
                spec,
                idle,
                timer: idle.map(|d| Box::pin(tokio::time::sleep(d))),
                open_responses: 0,
                last_was_done: false,
                ended: false,
                limit,
                _message: PhantomData,
            },
        }
    }

    /// Send a message; returns once it is written to the socket.
    pub async fn send(&mut self, message: &C) -> Result<(), Error> {
        self.sender.send(message).await
    }

    /// Send a message given as JSON (a message type this crate does not know yet).
    pub async fn send_json(&mut self, message: &serde_json::Value) -> Result<(), Error> {
        self.sender.send_json(message).await
    }

    /// Send `request`, then read the messages of the response it asks for, up to the one that
    /// ends it (a [`Turn`]; for channels whose document names response events).
    pub async fn turn(&mut self, request: &C) -> Result<Turn<'_, S>, Error> {
        if self.events.spec.response_done.is_empty() {
            return Err(Error::InvalidRequest {
                operation: self.events.spec.name,
                message: "this channel declares no event that ends a response; read the session instead".to_owned(),
            });
        }
        self.sender.send(request).await?;
        Ok(Turn { events: &mut self.events, finished: false })
    }

    /// The next piece of text of the messages (skipping messages without any).
    pub async fn next_text(&mut self) -> Option<Result<String, Error>>
    where
        S: TextDelta,
    {
        self.events.next_text().await
    }

    /// Whether a response started and has not ended.
    pub fn in_response(&self) -> bool {
        self.events.in_response()
    }

    /// The two halves, to send from one task while another reads.
    pub fn split(self) -> (SessionSender<C>, SessionEvents<S>) {
        (self.sender, self.events)
    }

    /// Close the session normally (close code 1000) and wait, at most 5 s, for the server
    /// to close its side. Messages still arriving are dropped.
    pub async fn close(mut self) -> Result<(), Error> {
        self.sender.close().await?;
        let drain = async {
            while let Some(item) = self.events.stream.next().await {
                if item.is_err() {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(CLOSE_WAIT, drain).await;
        Ok(())
    }
}

impl<C, S: DeserializeOwned> Stream for Session<C, S> {
    type Item = Result<S, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().events).poll_next(cx)
    }
}

/// The sending half of a [`Session`].
pub struct SessionSender<C> {
    sink: SplitSink<Socket, Message>,
    spec: &'static ChannelSpec,
    limit: usize,
    closed: bool,
    _message: PhantomData<fn(C)>,
}

impl<C> std::fmt::Debug for SessionSender<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionSender").field("channel", &self.spec.name).field("closed", &self.closed).finish()
    }
}

impl<C: Serialize> SessionSender<C> {
    /// Send a message; returns once it is written to the socket.
    pub async fn send(&mut self, message: &C) -> Result<(), Error> {
        let text = serde_json::to_string(message).map_err(|e| Error::InvalidRequest {
            operation: self.spec.name,
            message: format!("the message cannot be written as JSON: {e}"),
        })?;
        self.send_text(text).await
    }

    /// Send a message given as JSON.
    pub async fn send_json(&mut self, message: &serde_json::Value) -> Result<(), Error> {
        self.send_text(message.to_string()).await
    }

    async fn send_text(&mut self, text: String) -> Result<(), Error> {
        let channel = self.spec.name;
        if self.closed {
            return Err(ws_error(WebSocketError::SessionClosed { channel }));
        }
        if text.len() > self.limit {
            return Err(ws_error(WebSocketError::TooLarge { channel, limit: self.limit }));
        }
        // `send` flushes: it waits while the socket cannot take more (backpressure).
        self.sink.send(Message::text(text)).await.map_err(|e| {
            self.closed = true;
            transport_error(channel, self.limit, e)
        })
    }

    /// Send a normal close (1000) to the server.
    pub async fn close(&mut self) -> Result<(), Error> {
        if std::mem::replace(&mut self.closed, true) {
            return Ok(());
        }
        let frame = CloseFrame { code: WireCloseCode::Normal, reason: "".into() };
        match self.sink.send(Message::Close(Some(frame))).await {
            Ok(()) | Err(WsError::ConnectionClosed | WsError::AlreadyClosed) => Ok(()),
            Err(e) => Err(transport_error(self.spec.name, self.limit, e)),
        }
    }
}

/// The receiving half of a [`Session`]: a stream of the server's messages.
pub struct SessionEvents<S> {
    stream: SplitStream<Socket>,
    spec: &'static ChannelSpec,
    idle: Option<Duration>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Responses started and not ended.
    open_responses: usize,
    /// The last message ended a response.
    last_was_done: bool,
    ended: bool,
    limit: usize,
    _message: PhantomData<fn() -> S>,
}

impl<S> std::fmt::Debug for SessionEvents<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionEvents")
            .field("channel", &self.spec.name)
            .field("open", &!self.ended)
            .field("open_responses", &self.open_responses)
            .finish()
    }
}

impl<S> SessionEvents<S> {
    /// Whether a response started and has not ended.
    pub fn in_response(&self) -> bool {
        self.open_responses > 0
    }

    /// The next piece of text (skipping messages without any).
    pub async fn next_text(&mut self) -> Option<Result<String, Error>>
    where
        S: TextDelta + DeserializeOwned,
    {
        next_text(self).await
    }

    /// The end of the session: `None` for a normal close between responses, else the error.
    fn closed(&mut self, code: Option<u16>, reason: String) -> Option<Error> {
        self.ended = true;
        self.timer = None;
        let channel = self.spec.name;
        let code = code.map(super::CloseCode);
        if self.open_responses > 0 {
            self.open_responses = 0;
            return Some(ws_error(WebSocketError::ClosedMidResponse { channel, code, reason }));
        }
        match code {
            // 1005: a close frame without a code, which is a normal close too.
            Some(super::CloseCode(1000 | 1005)) => None,
            _ => Some(ws_error(WebSocketError::Closed { channel, code, reason })),
        }
    }

    /// A message's bytes into `S`; an error event into its error.
    fn decode(&mut self, bytes: &[u8]) -> Result<S, Error>
    where
        S: DeserializeOwned,
    {
        let channel = self.spec.name;
        self.last_was_done = false;
        let kind = peek_tag(bytes, self.spec.tag).map_err(|e| decode_error(channel, bytes, ".".to_owned(), &e))?;
        if let Some(kind) = kind.as_deref() {
            if self.spec.errors.contains(&kind) {
                return Err(server_error(channel, bytes));
            }
            if self.spec.response_started.contains(&kind) {
                self.open_responses += 1;
            }
            if self.spec.response_done.contains(&kind) {
                self.open_responses = self.open_responses.saturating_sub(1);
                self.last_was_done = true;
            }
        }
        crate::serde::decode(bytes).map_err(|e| decode_error(channel, bytes, e.path(), &e.error))
    }
}

impl<S: DeserializeOwned> Stream for SessionEvents<S> {
    type Item = Result<S, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.ended {
                return Poll::Ready(None);
            }
            match this.stream.poll_next_unpin(cx) {
                Poll::Ready(Some(Ok(message))) => {
                    if let (Some(timer), Some(idle)) = (this.timer.as_mut(), this.idle) {
                        timer.as_mut().reset(tokio::time::Instant::now() + idle);
                    }
                    match message {
                        Message::Text(text) => return Poll::Ready(Some(this.decode(text.as_bytes()))),
                        Message::Binary(bytes) => return Poll::Ready(Some(this.decode(&bytes))),
                        // tungstenite queues the pong and writes it as the session is read.
                        Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => continue,
                        Message::Close(frame) => {
                            let (code, reason) = match frame {
                                Some(f) => (Some(u16::from(f.code)), f.reason.to_string()),
                                None => (Some(1005), String::new()),
                            };
                            return Poll::Ready(this.closed(code, reason).map(Err));
                        }
                    }
                }
                Poll::Ready(Some(Err(WsError::ConnectionClosed | WsError::AlreadyClosed))) | Poll::Ready(None) => {
                    // The connection ended without a close frame (or after one already seen).
                    return Poll::Ready(this.closed(None, String::new()).map(Err));
                }
                Poll::Ready(Some(Err(WsError::Protocol(
                    tokio_tungstenite::tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
                )))) => {
                    return Poll::Ready(this.closed(None, String::new()).map(Err));
                }
                Poll::Ready(Some(Err(e))) => {
                    let in_response = this.open_responses > 0;
                    this.closed(None, String::new());
                    let error = match transport_error(this.spec.name, this.limit, e) {
                        Error::WebSocket(inner) if in_response => match *inner {
                            WebSocketError::Transport { channel, message } => {
                                ws_error(WebSocketError::ClosedMidResponse { channel, code: None, reason: message })
                            }
                            other => ws_error(other),
                        },
                        other => other,
                    };
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Pending => {
                    if let (Some(timer), Some(idle)) = (this.timer.as_mut(), this.idle) {
                        if timer.as_mut().poll(cx).is_ready() {
                            this.ended = true;
                            this.timer = None;
                            let error = WebSocketError::IdleTimeout { channel: this.spec.name, after: idle };
                            return Poll::Ready(Some(Err(ws_error(error))));
                        }
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

/// The messages of one response, from the request to the message that ends it (included).
/// A connection that ends before that message is an error item, not an early end.
pub struct Turn<'a, S> {
    events: &'a mut SessionEvents<S>,
    finished: bool,
}

impl<S> std::fmt::Debug for Turn<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Turn").field("channel", &self.events.spec.name).field("finished", &self.finished).finish()
    }
}

impl<S: DeserializeOwned> Turn<'_, S> {
    /// The next piece of text of the response.
    pub async fn next_text(&mut self) -> Option<Result<String, Error>>
    where
        S: TextDelta,
    {
        next_text(self).await
    }

    /// Read the rest of the response and return what its messages add up to.
    pub async fn finish(mut self) -> Result<S::Output, Error>
    where
        S: Accumulate,
    {
        let mut state = S::State::default();
        let channel = self.events.spec.name;
        while let Some(message) = self.next().await {
            S::add(&mut state, &message?).map_err(|message| Error::Stream {
                operation: channel,
                message,
                error: None,
            })?;
        }
        S::finish(state).map_err(|message| Error::Stream { operation: channel, message, error: None })
    }
}

impl<S: DeserializeOwned> Stream for Turn<'_, S> {
    type Item = Result<S, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        match Pin::new(&mut *this.events).poll_next(cx) {
            Poll::Ready(Some(Ok(message))) => {
                this.finished = this.events.last_was_done;
                Poll::Ready(Some(Ok(message)))
            }
            Poll::Ready(Some(Err(e))) => {
                this.finished = true;
                Poll::Ready(Some(Err(e)))
            }
            Poll::Ready(None) => {
                this.finished = true;
                let channel = this.events.spec.name;
                let reason = "the session ended before the response did".to_owned();
                Poll::Ready(Some(Err(ws_error(WebSocketError::ClosedMidResponse { channel, code: None, reason }))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// The next text of any stream of text-carrying messages.
async fn next_text<T: TextDelta, St: Stream<Item = Result<T, Error>> + Unpin>(
    stream: &mut St,
) -> Option<Result<String, Error>> {
    loop {
        match stream.next().await? {
            Ok(message) => match message.text_delta() {
                Some(text) if !text.is_empty() => return Some(Ok(text.to_owned())),
                _ => continue,
            },
            Err(e) => return Some(Err(e)),
        }
    }
}

fn transport_error(channel: &'static str, limit: usize, e: WsError) -> Error {
    match e {
        WsError::Capacity(_) => ws_error(WebSocketError::TooLarge { channel, limit }),
        WsError::ConnectionClosed | WsError::AlreadyClosed => ws_error(WebSocketError::SessionClosed { channel }),
        other => ws_error(WebSocketError::Transport { channel, message: other.to_string() }),
    }
}

fn decode_error(channel: &'static str, bytes: &[u8], path: String, e: &serde_json::Error) -> Error {
    ws_error(WebSocketError::Decode {
        channel,
        path,
        message: e.to_string(),
        excerpt: crate::error::excerpt_bytes(bytes, 300),
    })
}

/// An error event as the channel's error: its `error` object (or the event itself when it
/// has none) and the whole event.
fn server_error(channel: &'static str, bytes: &[u8]) -> Error {
    let event: serde_json::Value = serde_json::from_slice(bytes).unwrap_or(serde_json::Value::Null);
    let object = match event.get("error") {
        Some(e @ serde_json::Value::Object(_)) => e,
        _ => &event,
    };
    let mut error: ErrorObject = serde_json::from_value(object.clone()).unwrap_or(ErrorObject {
        message: String::new(),
        kind: None,
        param: None,
        code: None,
    });
    if error.message.is_empty() {
        error.message = crate::error::excerpt_bytes(bytes, 300);
    }
    ws_error(WebSocketError::Server { channel, error, event })
}

/// The string value of the property `tag` of a JSON object; every other value is skipped
/// without being built.
pub fn peek_tag(bytes: &[u8], tag: &str) -> Result<Option<String>, serde_json::Error> {
    struct Peek<'t>(&'t str);

    impl<'de> DeserializeSeed<'de> for Peek<'_> {
        type Value = Option<String>;

        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for Peek<'_> {
        type Value = Option<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if found.is_none() && key == self.0 {
                    found = map.next_value::<Option<String>>()?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    let mut de = serde_json::Deserializer::from_slice(bytes);
    let found = Peek(tag).deserialize(&mut de)?;
    de.end()?;
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::peek_tag;

    #[test]
    fn the_tag_is_read_without_the_rest() {
        let event = br#"{"event_id": "e1", "delta": {"a": [1, 2, {"type": "inner"}]}, "type": "response.done"}"#;
        assert_eq!(peek_tag(event, "type").unwrap().as_deref(), Some("response.done"));
        assert_eq!(peek_tag(br#"{"kind": 1}"#, "type").unwrap(), None);
        assert!(peek_tag(b"[1]", "type").is_err());
        assert!(peek_tag(b"{\"type\": \"x\"} trailing", "type").is_err());
    }
}
