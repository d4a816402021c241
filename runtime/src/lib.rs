//! The runtime that generated clients depend on: one client core that every generated call
//! funnels through (auth, retries, timeouts, typed errors, tracing), multipart bodies,
//! pagination, webhook signature checks, and the serde helpers that keep generated types
//! faithful to the wire.
//!
//! Nothing here is specific to one operation: generated code describes each request as a
//! [`RequestSpec`] and hands it to [`Client::call`] (with the default `client` feature).
//!
//! # Features
//!
//! - `client` (default): the HTTP client (reqwest, tokio). Without it the crate holds only
//!   what generated types use (the [`serde`](mod@serde) helpers, [`Binary`], [`multipart`]
//!   form descriptions, the [`sse`] decoder), so a server or a WASM front end can share the
//!   types without an HTTP stack.
//! - `rustls` (default) or `native-tls`: the TLS library of the client.
//! - `conformance`: checks of types against example JSON, for conformance harnesses.
//! - `websocket`: sessions of the channels a document declares (the `websocket` module)
//!   (tokio-tungstenite over rustls); not on by default.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub mod accumulate;
#[cfg(feature = "client")]
mod auth;
pub mod base64;
mod binary;
#[cfg(feature = "client")]
mod body;
#[cfg(feature = "client")]
mod call;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod config;
#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub mod conformance;
#[cfg(feature = "client")]
mod error;
pub mod multipart;
mod nullable;
#[cfg(feature = "client")]
mod pagination;
mod ratelimit;
#[cfg(feature = "client")]
mod redirect;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod resume;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod secret;
pub mod serde;
pub mod sse;
#[cfg(feature = "client")]
mod stream;
#[cfg(feature = "client")]
mod terminal;
pub mod webhooks;
#[cfg(feature = "websocket")]
#[cfg_attr(docsrs, doc(cfg(feature = "websocket")))]
pub mod websocket;

#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use auth::{AuthKind, AuthScheme, StaticAuthKind, TokenProvider};
pub use binary::Binary;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use body::DEFAULT_MAX_RESPONSE_SIZE;
pub use bytes::Bytes;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use call::{decode, Call, Decoder, RequestOptions, Response, ResponseMeta};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use client::{Client, RETRY_COUNT_HEADER};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use config::{Config, ConfigBuilder, EnvSpec};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, ErrorBody, ErrorObject};
/// Stream combinators (`StreamExt::next`, `TryStreamExt::try_collect`) for event streams and
/// paginated lists.
pub use futures_util as futures;
pub use nullable::Nullable;
/// The serde impls of generated types, written from the wire contract their declaration
/// states (see [`serde`](mod@serde) for how values are read).
pub use oagen_runtime_derive::Wire;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use pagination::{CursorPage, Page};
pub use ratelimit::{Quota, RateLimit};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use request::{Body, QueryStyle, RequestSpec};
/// The HTTP client underneath, for [`ConfigBuilder::http_client`]: a client built with this
/// re-export is of the version the runtime uses.
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use reqwest;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use reqwest::{header, Method, StatusCode};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use resume::{ResumePolicy, REMEMBERED_IDS};
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use secret::Secret;
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
pub use stream::{json_event, EventStream, FromEvent, StreamCall, StreamEnd};

/// What `#[derive(Wire)]` expands to names, under a path of the runtime's own so that a
/// crate using the derive needs no dependency on serde under that name.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

// The derive's expansion names the runtime `runtime`, as generated crates do: so do the
// runtime's own tests.
#[cfg(test)]
extern crate self as runtime;
