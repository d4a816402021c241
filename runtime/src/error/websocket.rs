//! What can go wrong with a WebSocket session once the handshake succeeded (a refused
//! handshake is an [`crate::Error::Api`], as any refused request is).

use crate::ErrorObject;
use std::fmt;
use std::time::Duration;

/// A WebSocket session's failure; it is carried by [`crate::Error::WebSocket`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebSocketError {
    /// The connection could not be opened (DNS, TCP, TLS or the upgrade itself).
    #[error("cannot open the `{channel}` WebSocket: {message}; check the base URL and the network")]
    Connect {
        /// The channel.
        channel: &'static str,
        /// What failed (never the URL or a header).
        message: String,
    },
    /// The server closed the connection other than normally, between responses. Sessions do
    /// not reconnect: open a new one.
    #[error("the server closed the `{channel}` WebSocket ({}); open a new session to go on", describe(*code, reason))]
    Closed {
        /// The channel.
        channel: &'static str,
        /// The close code (`None`: the connection ended without a close frame, 1006).
        code: Option<CloseCode>,
        /// The reason the server gave.
        reason: String,
    },
    /// The connection closed while a response was being streamed: what arrived of it is
    /// incomplete.
    #[error(
        "the `{channel}` WebSocket closed in the middle of a response ({}): the response is cut short; open a new session and ask again",
        describe(*code, reason)
    )]
    ClosedMidResponse {
        /// The channel.
        channel: &'static str,
        /// The close code, if the server sent one.
        code: Option<CloseCode>,
        /// The reason the server gave.
        reason: String,
    },
    /// The server sent an error event. The session stays open: most such errors concern one
    /// client event (an unknown item, a bad parameter).
    #[error("the `{channel}` server reported an error{}: {}", kind_of(error), error.message)]
    Server {
        /// The channel.
        channel: &'static str,
        /// The error object of the event.
        error: ErrorObject,
        /// The whole event, as received (an `event_id`, a `status`, a `stream_id`).
        event: serde_json::Value,
    },
    /// The server sent nothing, not even a ping, for longer than the idle timeout.
    #[error(
        "the `{channel}` WebSocket received nothing for {after:?}; raise the idle timeout (`WebSocketOptions::idle_timeout`) or open a new session"
    )]
    IdleTimeout {
        /// The channel.
        channel: &'static str,
        /// The timeout that ran out.
        after: Duration,
    },
    /// A message was larger than the limit (in either direction); the session is closed.
    #[error(
        "a `{channel}` WebSocket message is larger than the limit of {}; raise `WebSocketOptions::max_message_size`",
        super::human_size(*limit)
    )]
    TooLarge {
        /// The channel.
        channel: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A message is not the JSON its type says; the session stays open.
    #[error("a `{channel}` message could not be decoded at `{path}`: {message}; message starts: {excerpt}")]
    Decode {
        /// The channel.
        channel: &'static str,
        /// Where in the message decoding failed.
        path: String,
        /// What serde reported.
        message: String,
        /// The start of the message.
        excerpt: String,
    },
    /// The connection failed after it opened (a protocol violation, a broken socket).
    #[error("the `{channel}` WebSocket failed: {message}")]
    Transport {
        /// The channel.
        channel: &'static str,
        /// What failed.
        message: String,
    },
    /// An event was sent on a session that is closed.
    #[error("the `{channel}` session is closed; sessions do not reconnect, open a new one")]
    SessionClosed {
        /// The channel.
        channel: &'static str,
    },
}

impl WebSocketError {
    /// The error object the server sent, for [`WebSocketError::Server`].
    pub fn error_object(&self) -> Option<&ErrorObject> {
        match self {
            WebSocketError::Server { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The close code, when the server closed the connection.
    pub fn close_code(&self) -> Option<CloseCode> {
        match self {
            WebSocketError::Closed { code, .. } | WebSocketError::ClosedMidResponse { code, .. } => *code,
            _ => None,
        }
    }
}

/// A WebSocket close code (RFC 6455, section 7.4), with the registered ones named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CloseCode(pub u16);

impl CloseCode {
    /// 1000: the purpose of the connection is fulfilled.
    pub const NORMAL: CloseCode = CloseCode(1000);
    /// 1001: the server is going down, or the page went away.
    pub const GOING_AWAY: CloseCode = CloseCode(1001);
    /// 1002: a protocol error.
    pub const PROTOCOL: CloseCode = CloseCode(1002);
    /// 1003: a kind of data the endpoint cannot accept.
    pub const UNSUPPORTED: CloseCode = CloseCode(1003);
    /// 1007: data not consistent with the message's type (bad UTF-8).
    pub const INVALID_DATA: CloseCode = CloseCode(1007);
    /// 1008: a message that violates the endpoint's policy.
    pub const POLICY: CloseCode = CloseCode(1008);
    /// 1009: a message too large to process.
    pub const TOO_BIG: CloseCode = CloseCode(1009);
    /// 1011: the server met an unexpected condition.
    pub const INTERNAL: CloseCode = CloseCode(1011);

    /// The code's registered meaning, if it has one.
    pub fn meaning(self) -> Option<&'static str> {
        Some(match self.0 {
            1000 => "normal closure",
            1001 => "going away",
            1002 => "protocol error",
            1003 => "unsupported data",
            1005 => "no status",
            1006 => "abnormal closure",
            1007 => "invalid payload",
            1008 => "policy violation",
            1009 => "message too big",
            1010 => "mandatory extension",
            1011 => "internal server error",
            1012 => "service restart",
            1013 => "try again later",
            1014 => "bad gateway",
            1015 => "TLS handshake failure",
            _ => return None,
        })
    }
}

impl fmt::Display for CloseCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.meaning() {
            Some(meaning) => write!(f, "{} {meaning}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

fn describe(code: Option<CloseCode>, reason: &str) -> String {
    let code = code.map_or_else(|| "no close frame".to_owned(), |c| format!("close code {c}"));
    if reason.is_empty() {
        code
    } else {
        format!("{code}: {}", super::excerpt(reason, 200))
    }
}

fn kind_of(error: &ErrorObject) -> String {
    let code = error.code.as_ref().map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_owned));
    match (&error.kind, code) {
        (Some(kind), Some(code)) => format!(" ({kind}, {code})"),
        (Some(kind), None) => format!(" ({kind})"),
        (None, Some(code)) => format!(" ({code})"),
        (None, None) => String::new(),
    }
}
