// Hand-written, not generated: `cargo xtask gen` copies it from spec/extensions/webhooks.rs. Edit it there.

//! Webhook deliveries checked and decoded in one call: the signature verified with the
//! runtime's Standard Webhooks [`WebhookVerifier`], then the body read as a typed
//! [`WebhookEvent`], as the official SDKs' `webhooks.unwrap` does.
//!
//! Hand-written for the OpenAI API; `cargo xtask gen` copies it from
//! `spec/extensions/webhooks.rs` into the generated crate.
//!
//! ```
//! use openai_client::types::WebhookEvent;
//! use openai_client::webhooks::{unwrap, UnwrapError};
//! use runtime::webhooks::{HeaderMap, WebhookVerifier};
//!
//! fn receive(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> Result<(), UnwrapError> {
//!     let webhook = unwrap(verifier, headers, body)?; // the raw body, before any JSON parsing
//!     match webhook.event {
//!         WebhookEvent::ResponseCompleted(event) => println!("{} done", event.data.id),
//!         _ => println!("{} ignored", webhook.id),
//!     }
//!     Ok(())
//! }
//! # let _ = receive;
//! ```
#![cfg(feature = "webhooks")]

use crate::types::WebhookEvent;
use runtime::webhooks::{HeaderMap, VerifiedWebhook, WebhookError, WebhookVerifier};
use std::fmt;

/// A delivery that passed verification, and its event.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The delivery's ID (`webhook-id`): the same on every retry, so process an event once.
    pub id: String,
    /// When this attempt was sent, in Unix seconds.
    pub timestamp: i64,
    /// The event; a type this version does not know is [`WebhookEvent::Unknown`].
    pub event: WebhookEvent,
}

/// Why a delivery was not turned into an event.
#[derive(Debug)]
#[non_exhaustive]
pub enum UnwrapError {
    /// The delivery is not authentic or not fresh: headers missing or malformed, timestamp
    /// outside the tolerance, or no signature matches. Answer 400 and do not act on it.
    Verify(WebhookError),
    /// The signature holds, but the body is not the event its `type` names (or not JSON).
    Decode(serde_json::Error),
}

impl fmt::Display for UnwrapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnwrapError::Verify(e) => write!(f, "webhook not verified: {e}"),
            UnwrapError::Decode(e) => write!(f, "webhook verified, but its body is not a known event: {e}"),
        }
    }
}

impl std::error::Error for UnwrapError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UnwrapError::Verify(e) => Some(e),
            UnwrapError::Decode(e) => Some(e),
        }
    }
}

impl From<WebhookError> for UnwrapError {
    fn from(e: WebhookError) -> Self {
        UnwrapError::Verify(e)
    }
}

/// Verify a delivery (its headers, and its body exactly as received), then decode its event.
/// The body is read only once the signature holds.
pub fn unwrap(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> Result<Webhook, UnwrapError> {
    decode(verifier.verify(headers, body)?, body)
}

/// [`unwrap`] for frameworks without an `http::HeaderMap`: `header` returns a header's value
/// by its lower-case name.
pub fn unwrap_with<'h>(
    verifier: &WebhookVerifier,
    header: impl Fn(&str) -> Option<&'h str>,
    body: &[u8],
) -> Result<Webhook, UnwrapError> {
    decode(verifier.verify_with(header, body)?, body)
}

fn decode(delivery: VerifiedWebhook, body: &[u8]) -> Result<Webhook, UnwrapError> {
    let event = serde_json::from_slice(body).map_err(UnwrapError::Decode)?;
    Ok(Webhook { id: delivery.id, timestamp: delivery.timestamp, event })
}
