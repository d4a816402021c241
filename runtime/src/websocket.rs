//! WebSocket sessions: a channel a document declares (its path, parameters, security and
//! the unions of messages each side sends) opened with the client's base URL, credentials
//! and settings, then typed messages in both directions.
//!
//! Generated code describes each channel as a [`ChannelSpec`] and opens it through
//! [`Connect`]; a [`Session`] sends the client's messages ([`Session::send`]) and is a
//! [`Stream`](futures_util::Stream) of the server's, decoded into the channel's union (a
//! message type the crate does not know is kept by the union's `Unknown` variant).
//!
//! What the transport guarantees:
//!
//! - The URL is the client's base URL with `ws`/`wss` for `http`/`https` and the channel's
//!   path, so a base URL set for a proxy or a local server (`OPENAI_BASE_URL`) applies to
//!   sessions too. TLS is rustls with the Mozilla root certificates.
//! - The handshake carries the client's credentials as its security schemes say (or a
//!   client secret given for this session), its default headers and query, and the
//!   channel's own headers. Credentials are marked sensitive and never logged: tracing
//!   records the channel and path only. A refused handshake (a wrong key) is
//!   [`Error::Api`] with the status and the server's error, as for any request.
//! - Pings are answered while the session is read. A session that receives nothing for the
//!   idle timeout (by default the client's stream idle timeout, 600 s) ends with
//!   [`WebSocketError::IdleTimeout`].
//! - Messages are bounded ([`WebSocketOptions::max_message_size`], 16 MiB by default);
//!   fragmented messages are put together, text and binary frames both carry JSON.
//! - [`Session::send`] returns once the message is written to the socket: a sender faster
//!   than the network waits (backpressure) instead of queueing without bound.
//! - Close codes other than normal, an error event of the channel, and a connection that
//!   ends while a response is streaming are errors ([`WebSocketError`]), never a silent end
//!   or a hang.
//! - There is no automatic reconnection: a session that ends stays ended (its state, the
//!   conversation on the server, is gone with it). Open a new session to go on.

mod session;

pub use crate::error::{CloseCode, WebSocketError};
pub use session::{peek_tag, Session, SessionEvents, SessionSender, Turn};

use crate::auth::AuthKind;
use crate::client::Client;
use crate::error::{ApiError, Error};
use crate::secret::Secret;
use reqwest::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

/// The largest message accepted by default, in either direction.
pub const DEFAULT_MAX_MESSAGE_SIZE: usize = 16 << 20;

/// Time allowed to open a session (TCP, TLS and the upgrade) unless set otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A channel as a document declares it; generated code writes one per channel.
#[derive(Debug)]
pub struct ChannelSpec {
    /// The channel's name in the document (`realtime`), for errors and tracing.
    pub name: &'static str,
    /// Appended to the client's base URL (`/realtime`).
    pub path: &'static str,
    /// Security alternatives, each a set of scheme keys, as for an operation.
    pub security: &'static [&'static [&'static str]],
    /// Headers every handshake of this channel sends.
    pub headers: &'static [(&'static str, &'static str)],
    /// The property that names a message's type (`type`).
    pub tag: &'static str,
    /// Message types that start a response (`response.created`).
    pub response_started: &'static [&'static str],
    /// Message types that end one (`response.done`).
    pub response_done: &'static [&'static str],
    /// Message types that report an error (`error`).
    pub errors: &'static [&'static str],
}

/// Settings of one session.
#[derive(Debug, Clone)]
pub struct WebSocketOptions {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    /// `None`: the client's stream idle timeout; `Some(None)`: no timeout.
    pub(crate) idle_timeout: Option<Option<Duration>>,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_message_size: usize,
    pub(crate) url: Option<String>,
}

impl Default for WebSocketOptions {
    fn default() -> Self {
        WebSocketOptions {
            headers: Vec::new(),
            query: Vec::new(),
            idle_timeout: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            url: None,
        }
    }
}

impl WebSocketOptions {
    /// An extra header of the handshake.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// An extra query parameter of the URL.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// The longest the session may receive nothing (no message, no ping) before it ends
    /// with [`WebSocketError::IdleTimeout`]; by default the client's stream idle timeout.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(Some(timeout));
        self
    }

    /// No idle timeout: the session waits for the server however long it is silent.
    pub fn no_idle_timeout(mut self) -> Self {
        self.idle_timeout = Some(None);
        self
    }

    /// Time allowed to open the session (default 30 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest message sent or received, in bytes (default 16 MiB).
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes;
        self
    }

    /// Connect to this `ws://` or `wss://` URL instead of the one derived from the base
    /// URL (a gateway that serves WebSockets elsewhere). The channel's parameters are
    /// still appended.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

/// Opens a session of one channel: what generated channel builders hold.
#[derive(Debug)]
#[must_use = "nothing is opened until `connect` is awaited"]
pub struct Connect<'a> {
    client: &'a Client,
    spec: &'static ChannelSpec,
    params: Vec<(String, String)>,
    header_params: Vec<(String, String)>,
    bearer: Option<Secret>,
    options: WebSocketOptions,
}

impl<'a> Connect<'a> {
    /// A session of `spec` through `client`.
    pub fn new(client: &'a Client, spec: &'static ChannelSpec) -> Self {
        Connect {
            client,
            spec,
            params: Vec::new(),
            header_params: Vec::new(),
            bearer: None,
            options: WebSocketOptions::default(),
        }
    }

    /// A query parameter of the channel, written as its JSON scalar (a string as it is;
    /// a list as its items joined by commas).
    pub fn param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Some(text) = param_text(value) {
            self.params.retain(|(n, _)| n != name);
            self.params.push((name.to_owned(), text));
        }
    }

    /// A header parameter of the channel, written as [`Connect::param`] writes a value.
    pub fn header_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Some(text) = param_text(value) {
            self.header_params.retain(|(n, _)| n != name);
            self.header_params.push((name.to_owned(), text));
        }
    }

    /// Authenticate with this bearer token (a short-lived client secret) instead of the
    /// client's credentials.
    pub fn bearer(&mut self, token: Secret) {
        self.bearer = Some(token);
    }

    /// Replace the session's settings.
    pub fn set_options(&mut self, options: WebSocketOptions) {
        self.options = options;
    }

    /// Open the session: the handshake, then a session of `C` sent and `S` received.
    pub async fn connect<C: Serialize, S: DeserializeOwned>(self) -> Result<Session<C, S>, Error> {
        let Connect { client, spec, params, header_params, bearer, options } = self;
        let channel = spec.name;
        let connect_error = |message: String| Error::WebSocket(Box::new(WebSocketError::Connect { channel, message }));
        let config = client.config();
        let mut query = config.default_query.clone();
        query.extend(params);
        query.extend(options.query.iter().cloned());

        let mut headers = config.default_headers.clone();
        let mut put = |name: &str, value: &str, sensitive: bool| -> Result<(), Error> {
            let name = HeaderName::try_from(name).map_err(|_| Error::InvalidRequest {
                operation: channel,
                message: format!("`{name}` is not a valid header name"),
            })?;
            let mut value = HeaderValue::try_from(value).map_err(|_| Error::InvalidRequest {
                operation: channel,
                message: format!("the value of header `{name}` is not valid"),
            })?;
            value.set_sensitive(sensitive || name == "authorization" || name == "cookie");
            headers.insert(name, value);
            Ok(())
        };
        if !config.default_headers.contains_key("user-agent") {
            put("user-agent", &config.user_agent, false)?;
        }
        match &bearer {
            Some(token) => put("authorization", &format!("Bearer {}", token.expose()), true)?,
            None => {
                let mut cookies = Vec::new();
                for (kind, key) in client.credentials_for(channel, spec.security).await? {
                    match kind {
                        AuthKind::Bearer => put("authorization", &format!("Bearer {}", key.expose()), true)?,
                        AuthKind::Basic => put("authorization", &format!("Basic {}", key.expose()), true)?,
                        AuthKind::Header(name) => put(&name, key.expose(), true)?,
                        AuthKind::Query(name) => query.push((name, key.expose().to_owned())),
                        AuthKind::Cookie(name) => cookies.push(format!("{name}={}", key.expose())),
                    }
                }
                if !cookies.is_empty() {
                    put("cookie", &cookies.join("; "), true)?;
                }
            }
        }
        for (name, value) in spec.headers {
            put(name, value, false)?;
        }
        for (name, value) in header_params.iter().chain(&options.headers) {
            put(name, value, false)?;
        }

        let base = match &options.url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("{}{}", websocket_base(&config.base_url), spec.path),
        };
        let url = with_query(&base, &query);
        let mut request = url.as_str().into_client_request().map_err(|_| Error::InvalidRequest {
            operation: channel,
            // The URL may carry a key in its query: name the path only.
            message: format!("`{}` does not make a valid WebSocket URL with the base URL", spec.path),
        })?;
        for (name, value) in &headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        let ws_config = WebSocketConfig::default()
            .max_message_size(Some(options.max_message_size))
            .max_frame_size(Some(options.max_message_size));
        tracing::debug!(channel, path = spec.path, "opening a WebSocket session");
        let handshake = tokio_tungstenite::connect_async_tls_with_config(
            request,
            Some(ws_config),
            true,
            Some(tokio_tungstenite::Connector::Rustls(tls_config())),
        );
        let (stream, _response) = match tokio::time::timeout(options.connect_timeout, handshake).await {
            Err(_elapsed) => return Err(Error::Timeout { operation: channel, after: options.connect_timeout }),
            Ok(Err(tokio_tungstenite::tungstenite::Error::Http(response))) => {
                let (parts, body) = (*response).into_parts();
                let body = bytes::Bytes::from(body.unwrap_or_default());
                return Err(Error::Api(Box::new(ApiError::new(channel, parts.status, parts.headers, body, false))));
            }
            Ok(Err(e)) => return Err(connect_error(handshake_failure(&e))),
            Ok(Ok(opened)) => opened,
        };
        let idle = options.idle_timeout.unwrap_or_else(|| Some(config.stream_idle_timeout.unwrap_or(config.timeout)));
        Ok(Session::new(stream, spec, idle, options.max_message_size))
    }
}

/// A parameter's value as text: its JSON scalar (a string as it is), a list's items joined
/// by commas; `None` for a value left out.
fn param_text<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        Ok(serde_json::Value::Array(items)) => Some(items.iter().map(scalar).collect::<Vec<_>>().join(",")),
        Ok(serde_json::Value::Null) | Err(_) => None,
        Ok(other) => Some(scalar(&other)),
    }
}

/// A scalar JSON value as query text.
fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The WebSocket URL a base URL stands for: `https` becomes `wss`, `http` becomes `ws`.
fn websocket_base(base: &str) -> String {
    if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        base.to_owned()
    }
}

/// `url` with `query` appended, percent-encoded.
fn with_query(url: &str, query: &[(String, String)]) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const QUERY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    if query.is_empty() {
        return url.to_owned();
    }
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, QUERY), utf8_percent_encode(v, QUERY)))
        .collect();
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}{}", pairs.join("&"))
}

/// What a failed handshake says, without the URL (its query may carry a key).
fn handshake_failure(e: &tokio_tungstenite::tungstenite::Error) -> String {
    use tokio_tungstenite::tungstenite::Error as E;
    match e {
        E::Url(_) => "the URL is not a WebSocket URL".to_owned(),
        E::Io(io) => io.to_string(),
        E::Tls(tls) => format!("TLS: {tls}"),
        E::Protocol(p) => format!("the upgrade failed: {p}"),
        other => other.to_string(),
    }
}

/// rustls's ring provider, the TLS backend reqwest's rustls uses, so one is built. rustls
/// 0.23.48 deprecates it for lacking post-quantum key exchange (which its aws-lc-rs backend,
/// a C build, has); the HTTP client's TLS has the same key exchange.
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// rustls with the Mozilla roots and the ring provider (the TLS of the HTTP client), built once.
fn tls_config() -> Arc<rustls::ClientConfig> {
    static CONFIG: OnceLock<Arc<rustls::ClientConfig>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
                .with_safe_default_protocol_versions()
                .expect("ring supports the default TLS versions")
                .with_root_certificates(roots)
                .with_no_client_auth();
            Arc::new(config)
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_the_base_url() {
        assert_eq!(websocket_base("https://api.openai.com/v1"), "wss://api.openai.com/v1");
        assert_eq!(websocket_base("http://127.0.0.1:8080/v1"), "ws://127.0.0.1:8080/v1");
        let query = [("model".to_owned(), "gpt realtime/1".to_owned()), ("a".to_owned(), "b&c".to_owned())];
        assert_eq!(with_query("wss://h/v1/realtime", &query), "wss://h/v1/realtime?model=gpt%20realtime%2F1&a=b%26c");
        assert_eq!(with_query("wss://h/x?k=1", &query[1..]), "wss://h/x?k=1&a=b%26c");
    }

    #[test]
    fn parameters_are_written_as_their_json_scalar() {
        static SPEC: ChannelSpec = ChannelSpec {
            name: "t",
            path: "/t",
            security: &[],
            headers: &[],
            tag: "type",
            response_started: &[],
            response_done: &[],
            errors: &[],
        };
        let client =
            crate::Client::new(crate::ConfigBuilder::new("http://localhost", &[], "ua").build().unwrap()).unwrap();
        let mut connect = Connect::new(&client, &SPEC);
        connect.param("model", "m");
        connect.param("n", &3);
        connect.param("list", &["a", "b"]);
        connect.param("none", &None::<String>);
        connect.param("model", "m2");
        assert_eq!(
            connect.params,
            [
                ("n".to_owned(), "3".to_owned()),
                ("list".to_owned(), "a,b".to_owned()),
                ("model".to_owned(), "m2".to_owned())
            ]
        );
    }
}
