//! A call of one operation: per-request options, then `.await` for the value, or
//! [`Call::with_response`] for the value with its status and headers.

use crate::body;
use crate::client::{Client, Deadline};
use crate::error::transport_error;
use crate::error::{excerpt_bytes, DecodeError, Error};
use crate::request::RequestSpec;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::IntoFuture;
use std::time::Duration;

/// Turns a success response body into the operation's value.
pub type Decoder<T> = fn(&ResponseMeta, Bytes) -> Result<T, Error>;

/// Options of one request, over the client's defaults.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Time allowed per attempt (for an event stream: to the response headers).
    pub timeout: Option<Duration>,
    /// For an event stream: the longest silence between two reads of its body (by default
    /// the client's [`crate::ConfigBuilder::stream_idle_timeout`], or else the timeout).
    pub stream_idle_timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// Headers added (and replacing defaults of the same name).
    pub extra_headers: Vec<(String, String)>,
    /// Query parameters added.
    pub extra_query: Vec<(String, String)>,
    /// Fields merged into the top level of the body (what OpenAI-compatible servers take
    /// beyond the spec).
    pub extra_body: serde_json::Map<String, serde_json::Value>,
    /// Sent as `Idempotency-Key`, the same on every retry.
    pub idempotency_key: Option<String>,
    /// The largest success body read into memory, in bytes (the client's setting, by default
    /// [`crate::DEFAULT_MAX_RESPONSE_SIZE`]). For an event stream, the most bytes the whole
    /// stream may carry (no limit unless set here: events are limited one by one).
    pub max_response_size: Option<usize>,
}

impl RequestOptions {
    /// These options on top of `base`: a setting given here wins, headers and query
    /// parameters are added after the base's (a header of the same name replaces it), body
    /// fields replace the base's of the same name.
    pub fn over(self, base: &RequestOptions) -> RequestOptions {
        let mut extra_body = base.extra_body.clone();
        extra_body.extend(self.extra_body);
        RequestOptions {
            timeout: self.timeout.or(base.timeout),
            stream_idle_timeout: self.stream_idle_timeout.or(base.stream_idle_timeout),
            max_retries: self.max_retries.or(base.max_retries),
            extra_headers: base.extra_headers.iter().cloned().chain(self.extra_headers).collect(),
            extra_query: base.extra_query.iter().cloned().chain(self.extra_query).collect(),
            extra_body,
            idempotency_key: self.idempotency_key.or_else(|| base.idempotency_key.clone()),
            max_response_size: self.max_response_size.or(base.max_response_size),
        }
    }
}

/// Status and headers of a response.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    /// The operation called.
    pub operation: &'static str,
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
}

impl ResponseMeta {
    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The rate-limit headers (`x-ratelimit-remaining-requests` and the rest), typed.
    pub fn rate_limit(&self) -> crate::RateLimit {
        crate::RateLimit::from_headers(&self.headers)
    }
}

/// A value together with the response it came in.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// Status and headers.
    pub meta: ResponseMeta,
    /// The decoded value.
    pub data: T,
}

impl<T> Response<T> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.meta.status
    }
    /// The headers (rate-limit headers among them).
    pub fn headers(&self) -> &HeaderMap {
        &self.meta.headers
    }
    /// The `x-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
    /// The rate-limit headers, typed.
    pub fn rate_limit(&self) -> crate::RateLimit {
        self.meta.rate_limit()
    }
    /// The value alone.
    pub fn into_data(self) -> T {
        self.data
    }
}

/// A call not yet sent. Set options, then `.await` it.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    pub(crate) client: &'a Client,
    pub(crate) spec: RequestSpec,
    pub(crate) options: RequestOptions,
    pub(crate) decode: Decoder<T>,
    /// For list operations: the query parameter that takes the next page's cursor.
    pub(crate) cursor_param: Option<&'static str>,
}

impl<T> Clone for Call<'_, T> {
    fn clone(&self) -> Self {
        Call {
            client: self.client,
            spec: self.spec.clone(),
            options: self.options.clone(),
            decode: self.decode,
            cursor_param: self.cursor_param,
        }
    }
}

impl<T> std::fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call").field("spec", &self.spec).field("options", &self.options).finish()
    }
}

impl<'a, T> Call<'a, T> {
    pub(crate) fn new(client: &'a Client, spec: RequestSpec, decode: Decoder<T>) -> Self {
        Call { client, spec, options: client.default_options().clone(), decode, cursor_param: None }
    }
}

impl<'a, T: Send + 'a> Call<'a, T> {
    /// Replace the per-request options set so far; the client's own defaults
    /// ([`Client::with_options`]) still apply beneath them.
    pub fn options(mut self, options: RequestOptions) -> Self {
        self.options = options.over(self.client.default_options());
        self
    }

    /// Time allowed per attempt, for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt, for this request.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// An extra header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.options.extra_headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// An extra query parameter.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.options.extra_query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// An extra field at the top level of the body.
    pub fn extra_body(mut self, name: &str, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.options.extra_body.insert(name.to_owned(), value);
        self
    }

    /// The largest success body read into memory for this request, in bytes; a larger one
    /// is [`Error::TooLarge`].
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.options.max_response_size = Some(bytes);
        self
    }

    /// An `Idempotency-Key`, sent unchanged on every retry.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// Mark a list operation: `param` is the query parameter of the next page's cursor.
    pub fn paginated(mut self, param: &'static str) -> Self {
        self.cursor_param = Some(param);
        self
    }

    /// The request as it will be sent.
    pub fn request(&self) -> &RequestSpec {
        &self.spec
    }

    /// Send, and keep the response's status and headers with the value.
    pub async fn with_response(self) -> Result<Response<T>, Error> {
        let operation = self.spec.operation;
        let timeout = self.options.timeout.unwrap_or(self.client.config().timeout);
        let limit = self.options.max_response_size.unwrap_or(self.client.config().max_response_size);
        let response = self.client.send(&self.spec, &self.options, Deadline::Body).await?;
        let meta = ResponseMeta { operation, status: response.status(), headers: response.headers().clone() };
        let body = body::read(response, limit).await.map_err(|e| match e {
            body::ReadError::TooLarge => Error::TooLarge { operation, limit },
            body::ReadError::Transport(e) => transport_error(operation, e, timeout),
        })?;
        let data = (self.decode)(&meta, body)?;
        Ok(Response { meta, data })
    }

    /// Send, and hand over the body as it arrives instead of decoding it (for large binary
    /// responses such as audio or file content): no size limit applies, as nothing is held.
    /// Dropping the stream closes the connection.
    pub async fn bytes_stream(self) -> Result<Response<BoxStream<'static, Result<Bytes, Error>>>, Error> {
        let operation = self.spec.operation;
        let timeout = self.options.timeout.unwrap_or(self.client.config().timeout);
        let response = self.client.send(&self.spec, &self.options, Deadline::Body).await?;
        let meta = ResponseMeta { operation, status: response.status(), headers: response.headers().clone() };
        let stream = response.bytes_stream().map_err(move |e| transport_error(operation, e, timeout)).boxed();
        Ok(Response { meta, data: stream })
    }
}

impl<'a, T: Send + 'a> IntoFuture for Call<'a, T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'a, Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_response().await.map(Response::into_data) })
    }
}

/// Decoders generated code passes to [`Client::call`].
pub mod decode {
    use super::*;

    /// JSON into `T`; a mismatch names the JSON path where it happened.
    pub fn json<T: DeserializeOwned>(meta: &ResponseMeta, body: Bytes) -> Result<T, Error> {
        crate::error::decode_json(&body, meta.operation, meta.status, meta.request_id())
    }

    /// The body as bytes.
    pub fn bytes(_: &ResponseMeta, body: Bytes) -> Result<Bytes, Error> {
        Ok(body)
    }

    /// The body as text.
    pub fn text(meta: &ResponseMeta, body: Bytes) -> Result<String, Error> {
        String::from_utf8(body.to_vec()).map_err(|e| {
            Error::Decode(Box::new(DecodeError {
                operation: meta.operation,
                status: meta.status,
                path: ".".to_owned(),
                excerpt: excerpt_bytes(&body, 300),
                request_id: meta.request_id().map(str::to_owned),
                source: serde::de::Error::custom(format_args!("the text is not UTF-8: {e}")),
            }))
        })
    }

    /// No body expected; whatever came is ignored.
    pub fn empty(_: &ResponseMeta, _: Bytes) -> Result<(), Error> {
        Ok(())
    }
}
