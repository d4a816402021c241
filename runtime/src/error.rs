//! The one error type of generated clients. Its `Display` says what happened and what to try;
//! it never contains a credential.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::time::Duration;

// The WebSocket session's errors live with the others (`Error::WebSocket` carries them).
#[cfg(feature = "websocket")]
mod websocket;
#[cfg(feature = "websocket")]
pub use websocket::{CloseCode, WebSocketError};
// The documented body of an error answer, typed (`ApiError::body_as`, `typed_body`).
mod body;
pub use body::ErrorBody;

/// Anything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status that is not a success.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// An attempt took longer than its timeout (after any retries).
    #[error(
        "`{operation}` timed out after {after:?}; raise the timeout (per client or per request) or try again later"
    )]
    Timeout {
        /// The operation called.
        operation: &'static str,
        /// The timeout that ran out.
        after: Duration,
    },
    /// An event stream sent nothing for longer than its idle timeout
    /// ([`crate::ConfigBuilder::stream_idle_timeout`]); the stream ends with this item.
    #[error(
        "the event stream of `{operation}` sent nothing for {after:?}; raise `stream_idle_timeout` (per client or per request) or try again later"
    )]
    IdleTimeout {
        /// The operation called.
        operation: &'static str,
        /// The idle timeout that ran out.
        after: Duration,
    },
    /// The token provider set with [`crate::ConfigBuilder::token_provider`] failed, so the
    /// request was not sent.
    #[error("`{operation}` has no credential: the token provider failed: {source}")]
    Credential {
        /// The operation called.
        operation: &'static str,
        /// What the provider reported.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The server could not be reached, or the connection broke (after any retries).
    #[error("`{operation}` could not reach the server: {source}; check the base URL and the network")]
    Connection {
        /// The operation called.
        operation: &'static str,
        /// What the HTTP client reported (URL removed, as it may carry a key).
        #[source]
        source: reqwest::Error,
    },
    /// The server redirected the request to another origin (scheme, host or port). Such a
    /// redirect is never followed: the request and its credentials stay with the server the
    /// client is configured for.
    #[error(
        "`{operation}` was redirected to another origin, {to}; not followed, so neither the request nor its credentials left the configured server (set the base URL to {to} if that server is meant)"
    )]
    Redirect {
        /// The operation called.
        operation: &'static str,
        /// The origin the server pointed at (`https://other.example:8443`); the rest of the
        /// location is left out, as it may carry anything.
        to: String,
    },
    /// The server redirected the request back to where it had already been, or through
    /// more than 10 redirects within its origin: a redirect loop, followed no further.
    #[error(
        "`{operation}` was redirected in a loop ({hops} redirects without an answer); not followed further: the server is misconfigured, or the base URL points at the wrong place"
    )]
    RedirectLoop {
        /// The operation called.
        operation: &'static str,
        /// The redirects followed before the loop was seen.
        hops: usize,
    },
    /// The response body does not match the type the document declares.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A success body is larger than the limit set for it, and was not read further.
    #[error(
        "the response of `{operation}` is larger than the limit of {}; raise `max_response_size` (per client or per request), or read the body as it arrives with `.bytes_stream()`",
        human_size(*limit)
    )]
    TooLarge {
        /// The operation called.
        operation: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A list's server handed out a cursor it had handed out before: following it would
    /// read the same pages forever, so paging stopped.
    #[error(
        "`{operation}` returned the cursor `{cursor}` a second time; paging stopped instead of reading the same pages forever (the list changed meanwhile or the server is at fault; start again later)"
    )]
    Pagination {
        /// The operation called.
        operation: &'static str,
        /// The repeated cursor (at most 100 characters of it).
        cursor: String,
    },
    /// The request cannot be sent as given (an empty path parameter, an unserializable body).
    #[error("invalid request for `{operation}`: {message}")]
    InvalidRequest {
        /// The operation called.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A file to upload could not be read.
    #[error("cannot read {path} for upload: {source}")]
    File {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The client configuration is invalid.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The client was configured from the environment, every operation needs a
    /// credential, and none of the variables holding one is set (nor was a credential given
    /// to the builder).
    #[error(
        "no credential: set the environment variable {}, or give one to the client builder (`api_key`, `credential`), or call `no_auth()` for a server that needs none",
        variables_list(variables)
    )]
    MissingCredential {
        /// The variables that would each have given one, the main scheme's first
        /// (`OPENAI_API_KEY`).
        variables: Vec<&'static str>,
    },
    /// An event stream reported an error, or broke, after it started.
    #[error("the event stream of `{operation}` failed: {message}")]
    Stream {
        /// The operation called.
        operation: &'static str,
        /// What happened.
        message: String,
        /// The error object the server sent, if it sent one.
        error: Option<Box<ErrorObject>>,
    },
    /// A WebSocket session failed, or its server reported an error (see
    /// [`WebSocketError`]).
    #[cfg(feature = "websocket")]
    #[cfg_attr(docsrs, doc(cfg(feature = "websocket")))]
    #[error(transparent)]
    WebSocket(Box<WebSocketError>),
}

impl Error {
    /// The API error, if the server answered with one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The error object the server sent, in an answer or in an event stream.
    fn object(&self) -> Option<&ErrorObject> {
        match self {
            Error::Api(e) => e.error.as_ref(),
            Error::Stream { error, .. } => error.as_deref(),
            #[cfg(feature = "websocket")]
            Error::WebSocket(e) => e.error_object(),
            _ => None,
        }
    }

    /// The error object's `code` (`rate_limit_exceeded`, `invalid_api_key`), when it is a
    /// string; a numeric code is in [`ErrorObject::code`].
    pub fn code(&self) -> Option<&str> {
        self.object()?.code.as_ref()?.as_str()
    }

    /// The error object's `message`, as the server wrote it.
    pub fn message(&self) -> Option<&str> {
        Some(self.object()?.message.as_str()).filter(|m| !m.is_empty())
    }

    /// The `x-request-id` of the answer, to quote to the API's support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The wait the server asked for before trying again (`retry-after-ms`, or
    /// `Retry-After` in seconds or as a date), as 429 and 503 answers send it.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::server_delay(&self.as_api()?.headers)
    }

    /// Whether the server answered 429: too many requests, or out of quota (see
    /// [`Error::code`]: `insufficient_quota` is not worth retrying).
    pub fn is_rate_limit(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether trying again may succeed, by the rule the client's own retries follow:
    /// timeouts and connection failures, and 408, 409, 429 (unless out of quota) and 5xx
    /// answers, or what the server's `x-should-retry` says. An error returned after the
    /// retries ran out is still retryable by this rule; so is a stream that went idle.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => crate::retry::should_retry(e.status, &e.headers, &e.body),
            Error::Timeout { .. } | Error::IdleTimeout { .. } => true,
            Error::Connection { source, .. } => crate::retry::transient(source),
            _ => false,
        }
    }

    /// Whether a timeout ran out: the per-attempt [`Error::Timeout`] or a stream's
    /// [`Error::IdleTimeout`].
    pub fn is_timeout(&self) -> bool {
        #[cfg(feature = "websocket")]
        if let Error::WebSocket(e) = self {
            return matches!(**e, WebSocketError::IdleTimeout { .. });
        }
        matches!(self, Error::Timeout { .. } | Error::IdleTimeout { .. })
    }
}

/// `` `A` `` or `` `A` (or `B`, `C`) ``.
fn variables_list(variables: &[&str]) -> String {
    let mut names = variables.iter().map(|v| format!("`{v}`"));
    let first = names.next().unwrap_or_default();
    let rest: Vec<String> = names.collect();
    if rest.is_empty() {
        first
    } else {
        format!("{first} (or {})", rest.join(", "))
    }
}

/// What kind of failure an API error is, by status class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request is malformed.
    BadRequest,
    /// 401: the key is missing or wrong.
    Authentication,
    /// 403: the key may not do this.
    PermissionDenied,
    /// 404: no such resource.
    NotFound,
    /// 409: conflicts with the resource's state.
    Conflict,
    /// 422: well-formed but not acceptable.
    UnprocessableEntity,
    /// 429: rate limit or quota.
    RateLimit,
    /// 5xx: the server failed.
    Server,
    /// Any other status.
    Other,
}

impl ApiErrorKind {
    /// The kind of a status.
    pub fn of(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimit,
            s if s >= 500 => ApiErrorKind::Server,
            _ => ApiErrorKind::Other,
        }
    }

    fn advice(self) -> &'static str {
        match self {
            ApiErrorKind::BadRequest | ApiErrorKind::UnprocessableEntity => {
                "check the request's parameters against the API reference"
            }
            ApiErrorKind::Authentication => "check the API key (is it set, and for this organization?)",
            ApiErrorKind::PermissionDenied => {
                "the key lacks permission for this; use a key with access (admin endpoints need an admin key)"
            }
            ApiErrorKind::NotFound => "check the identifiers in the path",
            ApiErrorKind::Conflict => "the resource changed meanwhile; fetch it again and retry",
            ApiErrorKind::RateLimit => "wait and retry, or lower the request rate; check the quota if it persists",
            ApiErrorKind::Server => "the server failed; retry later",
            ApiErrorKind::Other => "see the response body",
        }
    }
}

/// The error object APIs in the OpenAI style return (`{"error": {...}}`).
#[derive(Debug, Clone, PartialEq, crate::Wire)]
#[wire(crate = "crate")]
pub struct ErrorObject {
    /// What went wrong, for people.
    #[wire(default)]
    pub message: String,
    /// The error type (`invalid_request_error`, `insufficient_quota`).
    #[wire(rename = "type")]
    pub kind: Option<String>,
    /// The parameter at fault.
    pub param: Option<String>,
    /// A machine-readable code (a string or a number, kept as written).
    pub code: Option<serde_json::Value>,
}

/// A non-success response.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The operation called.
    pub operation: &'static str,
    /// The status.
    pub status: StatusCode,
    /// Its class.
    pub kind: ApiErrorKind,
    /// The `x-request-id` response header, to quote to the API's support.
    pub request_id: Option<String>,
    /// The parsed error object, when the body has one.
    pub error: Option<ErrorObject>,
    /// The body as received, up to its first 64 KiB; [`ApiError::body_as`] and
    /// [`ApiError::typed_body`] decode it as the document's schema for the status.
    pub body: Bytes,
    /// Whether the body was longer, and cut (the rest was never downloaded).
    pub body_truncated: bool,
    /// The response headers (rate-limit headers among them).
    pub headers: HeaderMap,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        body_truncated: bool,
    ) -> Self {
        #[derive(crate::Wire)]
        #[wire(crate = "crate")]
        struct Envelope {
            error: ErrorObject,
        }
        let error = serde_json::from_slice::<Envelope>(&body)
            .map(|e| e.error)
            .or_else(|_| serde_json::from_slice::<ErrorObject>(&body))
            .ok()
            .filter(|e| !e.message.is_empty() || e.kind.is_some());
        ApiError {
            operation,
            status,
            kind: ApiErrorKind::of(status),
            request_id: headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_owned),
            error,
            body,
            body_truncated,
            headers,
        }
    }

    /// The rate-limit headers of the answer (a 429 usually carries them).
    pub fn rate_limit(&self) -> crate::RateLimit {
        crate::RateLimit::from_headers(&self.headers)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::terminal::safe;
        write!(f, "`{}` failed with {}", self.operation, self.status)?;
        // The server's words, shown terminal-safe.
        match &self.error {
            Some(e) => {
                if let Some(kind) = &e.kind {
                    write!(f, " ({})", safe(kind))?;
                }
                if !e.message.is_empty() {
                    write!(f, ": {}", safe(&e.message))?;
                }
                if let Some(param) = &e.param {
                    write!(f, " [param: {}]", safe(param))?;
                }
            }
            None if !self.body.is_empty() => write!(f, ": {}", excerpt_bytes(&self.body, 200))?,
            None => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {}]", safe(id))?;
        }
        write!(f, "; {}", self.kind.advice())
    }
}

impl std::error::Error for ApiError {}

/// A response body (or an event's data) that does not fit the declared type.
#[derive(Debug)]
pub struct DecodeError {
    /// The operation called.
    pub operation: &'static str,
    /// The status of the response.
    pub status: StatusCode,
    /// Where in the body decoding failed (`choices[0].message.role`; `.` for the body itself).
    pub path: String,
    /// The start of the body.
    pub excerpt: String,
    /// The request id, if the server sent one.
    pub request_id: Option<String>,
    /// What serde_json reported: its category, line and column are those of the body.
    pub source: serde_json::Error,
}

impl DecodeError {
    /// What kind of failure it was: the body is not JSON (`Syntax`), ends too early (`Eof`),
    /// or is JSON of another shape (`Data`).
    pub fn classify(&self) -> serde_json::error::Category {
        self.source.classify()
    }

    /// Whether the body ended before the value did (a truncated response).
    pub fn is_eof(&self) -> bool {
        self.source.is_eof()
    }

    /// The line of the body (from 1) where decoding failed; 0 when serde_json does not know.
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column of that line (from 1) where decoding failed; 0 when serde_json does not know.
    pub fn column(&self) -> usize {
        self.source.column()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response of `{}` could not be decoded at `{}`: {}",
            self.status,
            self.operation,
            crate::terminal::safe(&self.path),
            crate::terminal::safe(&self.source.to_string())
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {}]", crate::terminal::safe(id))?;
        }
        write!(f, "; body starts: {}", self.excerpt)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decode JSON into `T`; on failure, a [`DecodeError`] naming the JSON path at fault (`.`
/// when the body is not JSON at all) and keeping serde_json's error.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    operation: &'static str,
    status: StatusCode,
    request_id: Option<&str>,
) -> Result<T, Error> {
    match decode_body(body, operation, status, request_id) {
        Ok(value) => Ok(value),
        Err(e) => Err(Error::Decode(Box::new(e))),
    }
}

/// [`decode_json`], its failure as the [`DecodeError`] itself.
pub(crate) fn decode_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
    operation: &'static str,
    status: StatusCode,
    request_id: Option<&str>,
) -> Result<T, DecodeError> {
    match crate::serde::decode(body) {
        Ok(value) => Ok(value),
        Err(e) => Err(decode_failure(e, body, operation, status, request_id)),
    }
}

/// The error of [`decode_body`], built once for every type.
fn decode_failure(
    e: crate::serde::JsonError,
    body: &[u8],
    operation: &'static str,
    status: StatusCode,
    request_id: Option<&str>,
) -> DecodeError {
    DecodeError {
        operation,
        status,
        path: e.path(),
        excerpt: excerpt_bytes(body, 300),
        request_id: request_id.map(str::to_owned),
        source: e.error,
    }
}

/// The first `max` characters of a text, on one line; only those are copied.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let mut flat: String = chars.by_ref().take(max).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if chars.next().is_some() {
        flat.push('…');
    }
    flat
}

/// [`excerpt`] of bytes that should be UTF-8; only the start is decoded.
pub(crate) fn excerpt_bytes(bytes: &[u8], max: usize) -> String {
    // A character is at most 4 bytes: the prefix holds `max` of them, plus one to tell
    // whether there is more.
    let prefix = &bytes[..bytes.len().min(4 * (max + 1))];
    excerpt(&String::from_utf8_lossy(prefix), max)
}

/// A transport failure as our error, without the URL (which may carry a key).
pub(crate) fn transport_error(operation: &'static str, e: reqwest::Error, timeout: Duration) -> Error {
    if e.is_timeout() {
        Error::Timeout { operation, after: timeout }
    } else {
        Error::Connection { operation, source: e.without_url() }
    }
}

/// A size for people: `256 MiB`, `64 KiB`, or bytes.
pub(crate) fn human_size(bytes: usize) -> String {
    const UNITS: [(usize, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes % unit == 0 {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::human_size;
    use crate::body::{DEFAULT_MAX_RESPONSE_SIZE, ERROR_BODY_LIMIT};

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(DEFAULT_MAX_RESPONSE_SIZE), "256 MiB");
        assert_eq!(human_size(ERROR_BODY_LIMIT), "64 KiB");
        assert_eq!(human_size(1000), "1000 bytes");
    }
}
