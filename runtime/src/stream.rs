//! Typed event streams: server-sent events decoded into the operation's event type.
//!
//! The stream ends at `data: [DONE]`, or when the server closes between events. Where the
//! operation's stream has a terminator ([`StreamEnd`]: the `[DONE]` sentinel, or a final event
//! such as `response.completed`), a close before it is an error item: the answer was cut
//! short, by the server or by anything between it and the client. An `event: error`, or data
//! carrying an `error` object, is an error item; so is a connection that breaks, or closes in
//! the middle of an event. Nothing runs in the background: dropping the stream drops the
//! connection.
//!
//! A stream has no total time limit: the request's timeout covers establishing it (up to the
//! response headers), then each read of its body waits at most the stream idle timeout
//! ([`StreamCall::stream_idle_timeout`], by default the timeout), as the official SDKs'
//! read timeout does, and a stream silent for longer ends with [`Error::IdleTimeout`].
//!
//! Where resumption is on ([`StreamCall::resume`], [`crate::ResumePolicy`]), a stream whose
//! connection drops is resumed from the server's last event id instead of ending with an
//! error item; [`crate::ResumePolicy`] gives the rules.

use crate::body;
use crate::call::{Call, RequestOptions, ResponseMeta};
use crate::client::Deadline;
use crate::error::{Error, ErrorObject};
use crate::request::RequestSpec;
use crate::resume::{Resume, ResumePolicy, Resumer};
use crate::sse::{Decoder, Event, DEFAULT_MAX_EVENT_SIZE};
use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{FutureExt, Stream, StreamExt};
use serde::de::DeserializeOwned;
use std::collections::VecDeque;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// How an operation's event stream marks its end, so that a stream cut short can be told
/// from a complete one. Generated code passes what the document says of each stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// Nothing marks the end: the stream is complete when the server closes it between
    /// events.
    Close,
    /// An event whose data is exactly this text (`[DONE]`) ends the stream; it is not an
    /// item. Closing without it is an error item.
    Sentinel(&'static str),
    /// An event of one of these types is the last (`response.completed`,
    /// `response.failed`): its type is the `event` field, or, when the server leaves that
    /// out, the `type` of its JSON data. It is an item. Closing before one is an error item.
    Events(&'static [&'static str]),
}

impl StreamEnd {
    /// Whether `event` is the terminator.
    fn is_final(&self, event: &Event) -> bool {
        match self {
            StreamEnd::Close => false,
            StreamEnd::Sentinel(text) => event.data == *text,
            StreamEnd::Events(types) if !event.event.is_empty() => types.contains(&event.event.as_str()),
            StreamEnd::Events(types) => {
                #[derive(crate::Wire)]
                #[wire(crate = "crate")]
                struct Typed {
                    #[wire(rename = "type")]
                    kind: Option<String>,
                }
                serde_json::from_str::<Typed>(&event.data)
                    .is_ok_and(|t| t.kind.is_some_and(|kind| types.contains(&kind.as_str())))
            }
        }
    }

    /// What the stream lacked, when it closed without its terminator.
    fn missing(&self) -> Option<String> {
        match self {
            StreamEnd::Close => None,
            StreamEnd::Sentinel(text) => Some(format!("`data: {text}`")),
            StreamEnd::Events(types) => {
                let names: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
                Some(format!("its final event ({})", names.join(" or ")))
            }
        }
    }
}

/// Turns one event into the stream's item type.
pub trait FromEvent: Sized + Send + 'static {
    /// Decode an event of `operation`'s stream.
    fn from_event(event: &Event, operation: &'static str) -> Result<Self, Error>;
}

/// Raw events, for streams the document gives no schema for.
impl FromEvent for Event {
    fn from_event(event: &Event, _: &'static str) -> Result<Self, Error> {
        Ok(event.clone())
    }
}

/// The event's JSON data, decoded into `T` (generated event types implement this through
/// [`json_event`]).
pub fn json_event<T: DeserializeOwned>(event: &Event, operation: &'static str) -> Result<T, Error> {
    crate::error::decode_json(event.data.as_bytes(), operation, reqwest::StatusCode::OK, None)
}

/// A stream of `T`, one item per event.
pub struct EventStream<T> {
    meta: ResponseMeta,
    body: Option<BoxStream<'static, Result<Bytes, Error>>>,
    decoder: Decoder,
    queue: VecDeque<Event>,
    scratch: Vec<Event>,
    end: StreamEnd,
    /// The terminator was seen: closing now is the normal end.
    complete: bool,
    max_event_size: usize,
    /// Set when the stream resumes after a drop.
    resumer: Option<Box<Resumer>>,
    /// A reconnection under way.
    reconnecting: Option<BoxFuture<'static, Result<reqwest::Response, Error>>>,
    /// The stream idle timeout, for the bodies of reconnections.
    idle: Duration,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("meta", &self.meta).field("open", &self.body.is_some()).finish()
    }
}

impl<T> EventStream<T> {
    /// A decoding error of one event, with the request id of the response that carries the
    /// stream (an event's data has none of its own).
    fn with_request_id(&self, error: Error) -> Error {
        match error {
            Error::Decode(mut e) if e.request_id.is_none() => {
                e.request_id = self.meta.request_id().map(str::to_owned);
                Error::Decode(e)
            }
            other => other,
        }
    }

    /// A stream over a response body, which ends as `end` says.
    pub fn new(
        meta: ResponseMeta,
        body: BoxStream<'static, Result<Bytes, Error>>,
        max_event_size: usize,
        end: StreamEnd,
    ) -> Self {
        EventStream {
            meta,
            body: Some(body),
            decoder: Decoder::new(max_event_size),
            queue: VecDeque::new(),
            scratch: Vec::new(),
            end,
            complete: false,
            max_event_size,
            resumer: None,
            reconnecting: None,
            idle: Duration::MAX,
            _item: PhantomData,
        }
    }

    /// Status and headers of the response that carries the stream (after a resumption,
    /// the latest).
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// Stop reading, closing the connection.
    fn close(&mut self) {
        self.body = None;
        self.reconnecting = None;
        self.resumer = None;
        self.queue.clear();
    }

    /// The connection dropped with `cause`: start resuming, or give the error to end with.
    fn dropped(&mut self, cause: Error) -> Option<Error> {
        self.body = None;
        self.decoder.finish();
        let Some(resumer) = self.resumer.as_mut() else {
            return Some(cause);
        };
        let last_id = self.decoder.last_event_id();
        match resumer.on_drop(cause, last_id, self.decoder.reconnection_time()) {
            Resume::Reconnect(future) => {
                self.reconnecting = Some(future);
                None
            }
            Resume::GiveUp(error) => {
                self.close();
                Some(error)
            }
        }
    }

    /// A reconnection answered: read the new connection from the start of its stream.
    fn reconnected(&mut self, response: reqwest::Response) {
        let operation = self.meta.operation;
        self.meta = ResponseMeta { operation, status: response.status(), headers: response.headers().clone() };
        // 204: the server has nothing more to send; the stream ends here.
        if response.status() == reqwest::StatusCode::NO_CONTENT {
            self.complete = true;
            return;
        }
        let limit = self.resumer.as_ref().and_then(|r| r.remaining());
        self.body = Some(body::guarded(response, operation, self.idle, limit));
        self.decoder = Decoder::new(self.max_event_size);
    }

    /// The message may quote the server's words: kept terminal-safe.
    fn stream_error(&self, message: String, error: Option<ErrorObject>) -> Error {
        let message = crate::terminal::safe(&message).into_owned();
        Error::Stream { operation: self.meta.operation, message, error: error.map(Box::new) }
    }
}

/// The error an event reports, if it reports one.
fn event_error(event: &Event) -> Option<(String, Option<ErrorObject>)> {
    // Most events carry no error: look before parsing.
    if event.event != "error" && !event.data.contains("\"error\"") {
        return None;
    }
    let parsed: Option<serde_json::Value> = serde_json::from_str(&event.data).ok();
    let object = match &parsed {
        Some(serde_json::Value::Object(map)) => match map.get("error") {
            Some(e @ serde_json::Value::Object(_)) => Some(e.clone()),
            _ if event.event == "error" => Some(serde_json::Value::Object(map.clone())),
            _ => None,
        },
        _ => None,
    };
    if object.is_none() && event.event != "error" {
        return None;
    }
    let error: Option<ErrorObject> = object.and_then(|o| serde_json::from_value(o).ok());
    let message = match &error {
        Some(e) if !e.message.is_empty() => e.message.clone(),
        _ => crate::error::excerpt(&event.data, 300),
    };
    Some((message, error))
}

impl<T: FromEvent> Stream for EventStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(event) = this.queue.pop_front() {
                if this.resumer.as_ref().is_some_and(|r| r.is_replayed(&event)) {
                    continue;
                }
                // `[DONE]` ends any stream, whatever its declared end: OpenAI-style servers send it.
                if event.data == "[DONE]" || matches!(this.end, StreamEnd::Sentinel(text) if event.data == text) {
                    this.close();
                    return Poll::Ready(None);
                }
                if let Some((message, error)) = event_error(&event) {
                    this.close();
                    return Poll::Ready(Some(Err(this.stream_error(message, error))));
                }
                this.complete |= this.end.is_final(&event);
                if let Some(resumer) = this.resumer.as_mut() {
                    resumer.delivered(&event);
                }
                let item = T::from_event(&event, this.meta.operation).map_err(|e| this.with_request_id(e));
                return Poll::Ready(Some(item));
            }
            if let Some(reconnecting) = this.reconnecting.as_mut() {
                let answer = match reconnecting.poll_unpin(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(answer) => answer,
                };
                this.reconnecting = None;
                match answer {
                    Ok(response) => this.reconnected(response),
                    Err(cause) => {
                        let Some(resumer) = this.resumer.as_mut() else { return Poll::Ready(Some(Err(cause))) };
                        match resumer.on_failed_reconnect(cause) {
                            Resume::Reconnect(future) => this.reconnecting = Some(future),
                            Resume::GiveUp(error) => {
                                this.close();
                                return Poll::Ready(Some(Err(error)));
                            }
                        }
                    }
                }
                continue;
            }
            let Some(body) = this.body.as_mut() else {
                return Poll::Ready(None);
            };
            match body.poll_next_unpin(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Some(resumer) = this.resumer.as_mut() {
                        resumer.received(chunk.len());
                    }
                    let mut events = std::mem::take(&mut this.scratch);
                    let fed = this.decoder.feed(&chunk, &mut events);
                    this.queue.extend(events.drain(..));
                    this.scratch = events;
                    if let Err(e) = fed {
                        this.close();
                        return Poll::Ready(Some(Err(this.stream_error(e.to_string(), None))));
                    }
                }
                Poll::Ready(Some(Err(e))) if crate::resume::is_drop(&e) => {
                    if let Some(error) = this.dropped(e) {
                        return Poll::Ready(Some(Err(error)));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.close();
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    let incomplete = this.decoder.finish();
                    this.body = None;
                    let cut = if incomplete {
                        Some("the connection closed in the middle of an event".to_owned())
                    } else {
                        this.end.missing().filter(|_| !this.complete).map(|missing| {
                            format!("the connection closed before {missing}: the answer is cut short (the items so far are incomplete)")
                        })
                    };
                    if let Some(message) = cut {
                        let error = this.stream_error(message, None);
                        if let Some(error) = this.dropped(error) {
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                }
            }
        }
    }
}

/// A streaming call: `.await` it for the [`EventStream`]. It takes the per-request options
/// of [`Call`], and [`StreamCall::stream_idle_timeout`]. Retries apply to establishing the
/// stream only; a failure after the first byte is an item of the stream.
#[must_use = "a call does nothing until it is awaited"]
pub struct StreamCall<'a, T> {
    call: Call<'a, ()>,
    max_event_size: usize,
    end: StreamEnd,
    /// Set by [`StreamCall::resume`]: wins over the operation's default.
    resume: Option<ResumePolicy>,
    /// The operation resumes by default, under the client's policy.
    resumable: bool,
    _item: PhantomData<fn() -> T>,
}

impl<'a, T: FromEvent> StreamCall<'a, T> {
    /// Wrap a call whose response is an event stream that ends as `end` says.
    pub fn new(call: Call<'a, ()>, end: StreamEnd) -> Self {
        StreamCall {
            call,
            max_event_size: DEFAULT_MAX_EVENT_SIZE,
            end,
            resume: None,
            resumable: false,
            _item: PhantomData,
        }
    }

    /// Resume the stream after its connection drops, as `policy` says, sending the same
    /// request again (a POST with the same body) with `Last-Event-ID`; events the server
    /// sends again are skipped. [`ResumePolicy::off`] turns off an operation's default. For
    /// servers that accept `Last-Event-ID`; see [`ResumePolicy`].
    pub fn resume(mut self, policy: ResumePolicy) -> Self {
        self.resume = Some(policy);
        self
    }

    /// For generated code: the operation's server resumes streams, so this one resumes
    /// under the client's [`crate::ConfigBuilder::stream_resume`] unless the call says
    /// otherwise.
    pub fn resumable(mut self) -> Self {
        self.resumable = true;
        self
    }

    /// Replace how the stream's end is recognised (for a server that ends its streams
    /// otherwise than the document says: [`StreamEnd::Close`] accepts any close between
    /// events).
    pub fn stream_end(mut self, end: StreamEnd) -> Self {
        self.end = end;
        self
    }

    /// The largest event accepted (default 16 MiB).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// Replace all per-request options.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.call = self.call.options(options);
        self
    }

    /// Time allowed per attempt to establish the stream (up to the response headers).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// The longest the stream may stay silent once it started; it then ends with
    /// [`Error::IdleTimeout`]. By default the client's setting, or else the timeout.
    pub fn stream_idle_timeout(mut self, timeout: Duration) -> Self {
        self.call.options.stream_idle_timeout = Some(timeout);
        self
    }

    /// Retries of establishing the stream.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.call = self.call.max_retries(retries);
        self
    }

    /// An extra header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.call = self.call.header(name, value);
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.call = self.call.query(name, value);
        self
    }

    /// An extra field at the top level of the body.
    pub fn extra_body(mut self, name: &str, value: impl serde::Serialize) -> Self {
        self.call = self.call.extra_body(name, value);
        self
    }

    /// The most bytes the whole stream may carry; past them it ends with
    /// [`Error::TooLarge`]. No limit by default: each event is limited by
    /// [`StreamCall::max_event_size`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.call = self.call.max_response_size(bytes);
        self
    }

    /// An `Idempotency-Key`, sent unchanged on every retry.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.call = self.call.idempotency_key(key);
        self
    }

    /// The request as it will be sent.
    pub fn request(&self) -> &RequestSpec {
        self.call.request()
    }
}

impl<T> std::fmt::Debug for StreamCall<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamCall")
            .field("call", &self.call)
            .field("end", &self.end)
            .field("resume", &self.resume)
            .field("resumable", &self.resumable)
            .finish()
    }
}

impl<'a, T: FromEvent> IntoFuture for StreamCall<'a, T> {
    type Output = Result<EventStream<T>, Error>;
    type IntoFuture = futures_util::future::BoxFuture<'a, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        let (max, end) = (self.max_event_size, self.end);
        Box::pin(async move {
            let call = self.call.header("accept", "text/event-stream");
            let (client, options, operation) = (call.client, &call.options, call.spec.operation);
            let timeout = options.timeout.unwrap_or(client.config().timeout);
            let idle = options.stream_idle_timeout.or(client.config().stream_idle_timeout).unwrap_or(timeout);
            let policy = self.resume.or_else(|| self.resumable.then(|| client.config().stream_resume));
            // The timeout covers establishing the stream; its body is bounded per read.
            let response = client.send(&call.spec, options, Deadline::Headers).await?;
            let meta = ResponseMeta { operation, status: response.status(), headers: response.headers().clone() };
            let body = body::guarded(response, operation, idle, options.max_response_size);
            let mut stream = EventStream::new(meta, body, max, end);
            stream.resumer = policy.and_then(|policy| Resumer::new(client, &call.spec, options, policy));
            stream.idle = idle;
            Ok(stream)
        })
    }
}
