//! The runtime that generated clients depend on: one client core that every generated call
//! funnels through (auth, retries, timeouts, typed errors, tracing), multipart bodies,
//! pagination, webhook signature checks, and the serde helpers that keep generated types
//! faithful to the wire.
//!
//! Nothing here is specific to one operation: generated code describes each request as a
//! [`RequestSpec`] and hands it to [`Client::call`].

#![deny(missing_docs)]

pub mod accumulate;
mod auth;
mod binary;
mod body;
mod call;
mod client;
mod config;
#[cfg(feature = "conformance")]
pub mod conformance;
mod error;
pub mod multipart;
mod pagination;
mod request;
mod retry;
mod secret;
pub mod serde;
pub mod sse;
mod stream;
pub mod webhooks;

pub use auth::{AuthKind, AuthScheme, StaticAuthKind};
pub use binary::Binary;
pub use body::DEFAULT_MAX_RESPONSE_SIZE;
pub use bytes::Bytes;
pub use call::{decode, Call, Decoder, RequestOptions, Response, ResponseMeta};
pub use client::{Client, RETRY_COUNT_HEADER};
pub use config::{Config, ConfigBuilder, EnvSpec};
pub use error::{ApiError, ApiErrorKind, DecodeError, Error, ErrorObject};
/// Stream combinators (`StreamExt::next`, `TryStreamExt::try_collect`) for event streams and
/// paginated lists.
pub use futures_util as futures;
pub use pagination::{CursorPage, Page};
pub use request::{Body, QueryStyle, RequestSpec};
pub use reqwest::{header, Method, StatusCode};
pub use secret::Secret;
pub use stream::{json_event, EventStream, FromEvent, StreamCall, StreamEnd};
