//! Webhook signatures in the Standard Webhooks scheme (<https://www.standardwebhooks.com>),
//! which OpenAI uses: each delivery carries `webhook-id`, `webhook-timestamp` (Unix seconds)
//! and `webhook-signature`, a space-separated list of `v1,<base64 HMAC-SHA256>` over
//! `{id}.{timestamp}.{body}`. The secret is shown to users as `whsec_<base64 key>`.
//!
//! [`WebhookVerifier::verify`] takes an `http::HeaderMap` (the one reqwest, axum and hyper
//! share); [`WebhookVerifier::verify_with`] takes any header lookup, for other frameworks.
//! Every failure is a [`WebhookError`]; nothing here panics on what a sender put in a request.
//!
//! HMAC comes from `ring`, which the default `rustls` feature already builds; its
//! `hmac::verify` compares in constant time.
//!
//! ```
//! use http::HeaderMap;
//! use oagen_runtime::webhooks::{WebhookError, WebhookVerifier};
//!
//! fn receive(secret: &str, headers: &HeaderMap, body: &[u8]) -> Result<String, WebhookError> {
//!     let verifier = WebhookVerifier::new(secret)?;
//!     // `body` is the request body as received: parsing and re-serializing JSON first
//!     // changes the bytes and breaks the signature.
//!     let delivery = verifier.verify(headers, body)?;
//!     Ok(delivery.id) // the same on every retry of this event: process it once
//! }
//!
//! let verifier = WebhookVerifier::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
//! let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
//! let body = br#"{"type":"response.completed","data":{"id":"resp_1"}}"#;
//! let mut headers = HeaderMap::new();
//! headers.insert("webhook-id", "msg_1".parse().unwrap());
//! headers.insert("webhook-timestamp", now.to_string().parse().unwrap());
//! headers.insert("webhook-signature", verifier.sign("msg_1", now, body).parse().unwrap());
//! assert_eq!(receive("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &headers, body).unwrap(), "msg_1");
//! assert!(matches!(
//!     receive("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &headers, b"{}"),
//!     Err(WebhookError::NoMatchingSignature { .. })
//! ));
//! ```

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
/// The header map [`WebhookVerifier::verify`] reads (`http`'s, which axum, hyper and reqwest share).
pub use http::HeaderMap;
use ring::hmac;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The header carrying the delivery's unique ID (the same on every retry).
pub const ID_HEADER: &str = "webhook-id";
/// The header carrying the time of the delivery attempt, in Unix seconds.
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// The header carrying the space-separated signatures.
pub const SIGNATURE_HEADER: &str = "webhook-signature";
/// How far a delivery's timestamp may be from the receiver's clock, either way, by default.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The prefix that marks a Standard Webhooks signing secret.
const SECRET_PREFIX: &str = "whsec_";
/// The version tag of HMAC-SHA256 signatures.
const SIGNATURE_VERSION: &str = "v1";

/// Why a webhook delivery was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent.
    #[error("the webhook has no `{0}` header")]
    MissingHeader(&'static str),
    /// A header is present but cannot be read.
    #[error("the webhook's `{header}` header is malformed: {reason}")]
    BadHeader {
        /// The header.
        header: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The delivery is older than the tolerance allows: a replay, or a clock far behind.
    #[error(
        "the webhook was sent at {timestamp}, {} s before now ({now}), beyond the tolerance of {} s",
        gap(.now, .timestamp),
        .tolerance.as_secs()
    )]
    TimestampTooOld {
        /// The delivery's timestamp, in Unix seconds.
        timestamp: i64,
        /// The receiver's clock, in Unix seconds.
        now: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The delivery claims a time further ahead than the tolerance allows.
    #[error(
        "the webhook claims to be sent at {timestamp}, {} s after now ({now}), beyond the tolerance of {} s",
        gap(.timestamp, .now),
        .tolerance.as_secs()
    )]
    TimestampTooNew {
        /// The delivery's timestamp, in Unix seconds.
        timestamp: i64,
        /// The receiver's clock, in Unix seconds.
        now: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// No `v1` signature of the delivery matches its content under this secret: the body was
    /// changed (read it as raw bytes, before any JSON parsing) or the secret is another one.
    #[error("none of the webhook's {checked} `v1` signatures matches; check the secret and that the body is the raw bytes received")]
    NoMatchingSignature {
        /// How many `v1` signatures were compared.
        checked: usize,
    },
    /// The signing secret cannot be used.
    #[error("the webhook secret is invalid: {0}")]
    BadSecret(String),
}

/// The headers of a delivery that passed verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedWebhook {
    /// The delivery's ID: the same on every retry, so usable to process an event once.
    pub id: String,
    /// When this attempt was sent, in Unix seconds.
    pub timestamp: i64,
}

/// Verifies (and signs) webhook deliveries with one secret.
#[derive(Clone)]
pub struct WebhookVerifier {
    key: hmac::Key,
    tolerance: Duration,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier").field("key", &"***").field("tolerance", &self.tolerance).finish()
    }
}

impl WebhookVerifier {
    /// A verifier for a secret as OpenAI shows it, `whsec_` then the base64 key (the prefix
    /// may be left out). The tolerance is [`DEFAULT_TOLERANCE`].
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix(SECRET_PREFIX).unwrap_or(encoded);
        if encoded.is_empty() {
            return Err(WebhookError::BadSecret("it is empty".into()));
        }
        // The key's bytes are never echoed: the error says only what kind of fault it is.
        let key = STANDARD.decode(encoded).map_err(|e| {
            WebhookError::BadSecret(format!("the part after `{SECRET_PREFIX}` is not base64 ({})", kind_of(&e)))
        })?;
        Ok(Self::from_key(&key))
    }

    /// A verifier for a raw key (the bytes the base64 of a `whsec_` secret stands for).
    pub fn from_key(key: &[u8]) -> Self {
        WebhookVerifier { key: hmac::Key::new(hmac::HMAC_SHA256, key), tolerance: DEFAULT_TOLERANCE }
    }

    /// Accept timestamps at most `tolerance` away from the receiver's clock, either way.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Check a delivery: its headers, and its body exactly as received (raw bytes, before any
    /// JSON parsing).
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<VerifiedWebhook, WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) against a given clock.
    pub fn verify_at(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<VerifiedWebhook, WebhookError> {
        self.check(
            |name| match headers.get(name) {
                None => Ok(None),
                Some(value) => value.to_str().map(Some).map_err(|_| bad(name, "it is not visible ASCII")),
            },
            body,
            now,
        )
    }

    /// Check a delivery whose headers are read through `header`, which returns a header's
    /// value by its lower-case name (for frameworks without an `http::HeaderMap`).
    pub fn verify_with<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
    ) -> Result<VerifiedWebhook, WebhookError> {
        self.check(|name| Ok(header(name)), body, SystemTime::now())
    }

    /// The `webhook-signature` value for a delivery: `v1,` and the base64 HMAC-SHA256 of
    /// `{id}.{timestamp}.{body}`. For tests, and for services that send webhooks themselves.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = hmac::sign(&self.key, &signed_content(id, timestamp, body));
        format!("{SIGNATURE_VERSION},{}", STANDARD.encode(tag.as_ref()))
    }

    fn check<'h>(
        &self,
        header: impl Fn(&'static str) -> Result<Option<&'h str>, WebhookError>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<VerifiedWebhook, WebhookError> {
        let required = |name: &'static str| header(name)?.ok_or(WebhookError::MissingHeader(name));
        let id = required(ID_HEADER)?.trim();
        if id.is_empty() {
            return Err(bad(ID_HEADER, "it is empty"));
        }
        let timestamp = parse_timestamp(required(TIMESTAMP_HEADER)?)?;
        let signatures = required(SIGNATURE_HEADER)?;
        self.check_time(timestamp, now)?;
        let content = signed_content(id, timestamp, body);
        let mut checked = 0;
        for tag in v1_signatures(signatures)? {
            checked += 1;
            // Constant time: ring compares the computed and given tags without early exit.
            if hmac::verify(&self.key, &content, &tag).is_ok() {
                return Ok(VerifiedWebhook { id: id.to_owned(), timestamp });
            }
        }
        Err(WebhookError::NoMatchingSignature { checked })
    }

    fn check_time(&self, timestamp: i64, now: SystemTime) -> Result<(), WebhookError> {
        let now = unix_seconds(now);
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if now.saturating_sub(timestamp) > tolerance {
            return Err(WebhookError::TimestampTooOld { timestamp, now, tolerance: self.tolerance });
        }
        if timestamp.saturating_sub(now) > tolerance {
            return Err(WebhookError::TimestampTooNew { timestamp, now, tolerance: self.tolerance });
        }
        Ok(())
    }
}

/// How many seconds `later` is after `earlier`.
fn gap(later: &i64, earlier: &i64) -> i64 {
    later.saturating_sub(*earlier)
}

fn bad(header: &'static str, reason: &str) -> WebhookError {
    WebhookError::BadHeader { header, reason: reason.to_owned() }
}

/// What kind of base64 fault `e` is, without quoting the input.
fn kind_of(e: &base64::DecodeError) -> &'static str {
    match e {
        base64::DecodeError::InvalidByte(..) => "a character outside the base64 alphabet",
        base64::DecodeError::InvalidLength(_) => "a length base64 cannot have",
        base64::DecodeError::InvalidLastSymbol(..) => "a last character that leaves stray bits",
        base64::DecodeError::InvalidPadding => "wrong padding",
    }
}

fn parse_timestamp(value: &str) -> Result<i64, WebhookError> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(TIMESTAMP_HEADER, "it is not a whole number of Unix seconds"));
    }
    value.parse().map_err(|_| bad(TIMESTAMP_HEADER, "it is too large"))
}

/// The decoded `v1` signatures of a `webhook-signature` value. Entries of other versions
/// (`v1a` is the asymmetric scheme) and `v1` entries that are not base64 cannot match and are
/// skipped; a value with no usable `v1` entry at all is malformed.
fn v1_signatures(value: &str) -> Result<Vec<Vec<u8>>, WebhookError> {
    let tags: Vec<Vec<u8>> = value
        .split_ascii_whitespace()
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == SIGNATURE_VERSION)
        .filter_map(|(_, tag)| STANDARD.decode(tag).ok())
        .filter(|tag| !tag.is_empty())
        .collect();
    if tags.is_empty() {
        return Err(bad(SIGNATURE_HEADER, "it has no `v1,<base64>` signature"));
    }
    Ok(tags)
}

/// `{id}.{timestamp}.{body}`: the bytes the sender signs.
fn signed_content(id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut content = format!("{id}.{timestamp}.").into_bytes();
    content.extend_from_slice(body);
    content
}

/// `time` in whole Unix seconds (negative before 1970).
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::{HeaderName, HeaderValue};
    use proptest::prelude::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const BODY: &[u8] = br#"{"id":"evt_1","object":"event","type":"response.completed","created_at":1700000000,"data":{"id":"resp_1"}}"#;
    const NOW: i64 = 1_700_000_000;

    fn at(seconds: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds.try_into().unwrap())
    }

    fn headers(id: &str, timestamp: &str, signature: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in [(ID_HEADER, id), (TIMESTAMP_HEADER, timestamp), (SIGNATURE_HEADER, signature)] {
            map.insert(HeaderName::from_static(name), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn signed(verifier: &WebhookVerifier, timestamp: i64, body: &[u8]) -> HeaderMap {
        headers("msg_1", &timestamp.to_string(), &verifier.sign("msg_1", timestamp, body))
    }

    /// The vector of the Standard Webhooks reference libraries ("sign function works" in
    /// standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts at
    /// 10d3e46d720c4e5861a792bec25792a04ad4e2b3; the same in its other languages).
    #[test]
    fn the_standard_webhooks_reference_vector() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let (id, timestamp, body) = ("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, br#"{"test": 2432232314}"#);
        let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assert_eq!(verifier.sign(id, timestamp, body), expected);
        let verified = verifier.verify_at(&headers(id, "1614265330", expected), body, at(timestamp)).unwrap();
        assert_eq!(verified, VerifiedWebhook { id: id.into(), timestamp });
    }

    #[test]
    fn the_secret_prefix_is_optional_and_a_bad_secret_is_an_error() {
        let with = WebhookVerifier::new(SECRET).unwrap();
        let without = WebhookVerifier::new(SECRET.trim_start_matches("whsec_")).unwrap();
        assert_eq!(with.sign("m", 1, b"x"), without.sign("m", 1, b"x"));
        for secret in ["", "whsec_", "whsec_not*base64", "whsec_abc"] {
            let err = WebhookVerifier::new(secret).unwrap_err();
            assert!(matches!(err, WebhookError::BadSecret(_)), "{secret:?}: {err:?}");
            assert!(secret.len() < 7 || !err.to_string().contains(&secret[6..]), "the secret is not echoed: {err}");
        }
    }

    #[test]
    fn a_valid_signature_passes() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let verified = verifier.verify_at(&signed(&verifier, NOW, BODY), BODY, at(NOW)).unwrap();
        assert_eq!(verified, VerifiedWebhook { id: "msg_1".into(), timestamp: NOW });
    }

    #[test]
    fn another_secret_does_not_match() {
        let sender = WebhookVerifier::from_key(b"the sender's key, 24 bytes+");
        let receiver = WebhookVerifier::new(SECRET).unwrap();
        let err = receiver.verify_at(&signed(&sender, NOW, BODY), BODY, at(NOW)).unwrap_err();
        assert_eq!(err, WebhookError::NoMatchingSignature { checked: 1 });
    }

    #[test]
    fn a_changed_body_id_or_timestamp_does_not_match() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let headers_ok = signed(&verifier, NOW, BODY);
        let mut tampered = BODY.to_vec();
        tampered[10] ^= 1;
        let err = verifier.verify_at(&headers_ok, &tampered, at(NOW)).unwrap_err();
        assert_eq!(err, WebhookError::NoMatchingSignature { checked: 1 });

        let signature = verifier.sign("msg_1", NOW, BODY);
        let other_id = headers("msg_2", &NOW.to_string(), &signature);
        assert!(matches!(verifier.verify_at(&other_id, BODY, at(NOW)), Err(WebhookError::NoMatchingSignature { .. })));
        let other_time = headers("msg_1", &(NOW + 1).to_string(), &signature);
        assert!(matches!(
            verifier.verify_at(&other_time, BODY, at(NOW)),
            Err(WebhookError::NoMatchingSignature { .. })
        ));
    }

    #[test]
    fn timestamps_outside_the_tolerance_are_refused_both_ways() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let five_minutes = 300;
        // At the edge of the default tolerance, both ways: accepted.
        for sent in [NOW - five_minutes, NOW + five_minutes] {
            verifier.verify_at(&signed(&verifier, sent, BODY), BODY, at(NOW)).unwrap();
        }
        let old = verifier.verify_at(&signed(&verifier, NOW - five_minutes - 1, BODY), BODY, at(NOW)).unwrap_err();
        assert_eq!(old, WebhookError::TimestampTooOld { timestamp: NOW - 301, now: NOW, tolerance: DEFAULT_TOLERANCE });
        assert!(old.to_string().contains("301 s before now"), "{old}");
        let new = verifier.verify_at(&signed(&verifier, NOW + five_minutes + 1, BODY), BODY, at(NOW)).unwrap_err();
        assert_eq!(new, WebhookError::TimestampTooNew { timestamp: NOW + 301, now: NOW, tolerance: DEFAULT_TOLERANCE });
        // A configured tolerance replaces the default.
        let strict = verifier.clone().tolerance(Duration::from_secs(10));
        assert!(matches!(
            strict.verify_at(&signed(&verifier, NOW - 11, BODY), BODY, at(NOW)),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        let lenient = verifier.tolerance(Duration::from_secs(3600));
        lenient.verify_at(&signed(&lenient, NOW - 3000, BODY), BODY, at(NOW)).unwrap();
    }

    #[test]
    fn one_matching_signature_among_several_is_enough() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let old_key = WebhookVerifier::from_key(b"the key before rotation...");
        let good = verifier.sign("msg_1", NOW, BODY);
        let stale = old_key.sign("msg_1", NOW, BODY);
        let list = format!("{stale} v1a,bm90IGFuIGVkMjU1MTkgc2lnbmF0dXJl v2,{} v1,!!notbase64 {good}", &good[3..]);
        verifier.verify_at(&headers("msg_1", &NOW.to_string(), &list), BODY, at(NOW)).unwrap();
        // Without the good one, each v1 signature was compared and none matched.
        let without = format!("{stale} v1a,bm90IGFuIGVkMjU1MTkgc2lnbmF0dXJl {stale}");
        let err = verifier.verify_at(&headers("msg_1", &NOW.to_string(), &without), BODY, at(NOW)).unwrap_err();
        assert_eq!(err, WebhookError::NoMatchingSignature { checked: 2 });
    }

    #[test]
    fn a_missing_header_is_named() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        for name in [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER] {
            let mut map = signed(&verifier, NOW, BODY);
            map.remove(name);
            assert_eq!(verifier.verify_at(&map, BODY, at(NOW)), Err(WebhookError::MissingHeader(name)));
        }
        let err = verifier.verify_with(|_| None, BODY).unwrap_err();
        assert_eq!(err, WebhookError::MissingHeader(ID_HEADER));
        assert_eq!(err.to_string(), "the webhook has no `webhook-id` header");
    }

    #[test]
    fn malformed_headers_are_typed_errors() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let good = verifier.sign("msg_1", NOW, BODY);
        let cases = [
            (" ", "1700000000", good.as_str(), ID_HEADER),
            ("msg_1", "soon", good.as_str(), TIMESTAMP_HEADER),
            ("msg_1", "-5", good.as_str(), TIMESTAMP_HEADER),
            ("msg_1", "1.7e9", good.as_str(), TIMESTAMP_HEADER),
            ("msg_1", "99999999999999999999999", good.as_str(), TIMESTAMP_HEADER),
            ("msg_1", "1700000000", "", SIGNATURE_HEADER),
            ("msg_1", "1700000000", "v1", SIGNATURE_HEADER),
            ("msg_1", "1700000000", "v1,", SIGNATURE_HEADER),
            ("msg_1", "1700000000", "v1,***", SIGNATURE_HEADER),
            ("msg_1", "1700000000", &good[3..], SIGNATURE_HEADER),
            ("msg_1", "1700000000", "v1a,bm90IHYx", SIGNATURE_HEADER),
        ];
        for (id, timestamp, signature, at_fault) in cases {
            let err = verifier.verify_at(&headers(id, timestamp, signature), BODY, at(NOW)).unwrap_err();
            assert!(
                matches!(&err, WebhookError::BadHeader { header, .. } if *header == at_fault),
                "{id:?} {timestamp:?} {signature:?}: {err:?}"
            );
        }
        // A header value that is not visible ASCII.
        let mut map = signed(&verifier, NOW, BODY);
        map.insert(ID_HEADER, HeaderValue::from_bytes(b"msg\xff").unwrap());
        assert!(matches!(
            verifier.verify_at(&map, BODY, at(NOW)),
            Err(WebhookError::BadHeader { header: ID_HEADER, .. })
        ));
    }

    #[test]
    fn a_lookup_closure_works_like_a_header_map() {
        let verifier = WebhookVerifier::new(SECRET).unwrap().tolerance(Duration::from_secs(u64::MAX));
        let signature = verifier.sign("msg_1", NOW, BODY);
        let timestamp = NOW.to_string();
        let lookup = |name: &str| match name {
            ID_HEADER => Some("msg_1"),
            TIMESTAMP_HEADER => Some(timestamp.as_str()),
            SIGNATURE_HEADER => Some(signature.as_str()),
            _ => None,
        };
        assert_eq!(verifier.verify_with(lookup, BODY).unwrap().id, "msg_1");
        assert!(matches!(verifier.verify_with(lookup, b"other"), Err(WebhookError::NoMatchingSignature { .. })));
    }

    #[test]
    fn debug_output_hides_the_key() {
        let verifier = WebhookVerifier::new(SECRET).unwrap();
        let text = format!("{verifier:?}");
        assert!(text.contains("***") && !text.contains("MfKQ"), "{text}");
    }

    proptest! {
        #[test]
        fn what_is_signed_verifies(
            key in proptest::collection::vec(any::<u8>(), 1..64),
            id in "[A-Za-z0-9_]{1,40}",
            offset in -300i64..=300,
            body in proptest::collection::vec(any::<u8>(), 0..512),
        ) {
            let verifier = WebhookVerifier::from_key(&key);
            let timestamp = NOW + offset;
            let map = headers(&id, &timestamp.to_string(), &verifier.sign(&id, timestamp, &body));
            let verified = verifier.verify_at(&map, &body, at(NOW)).unwrap();
            prop_assert_eq!(verified, VerifiedWebhook { id, timestamp });
        }

        #[test]
        fn arbitrary_headers_never_panic(id in ".{0,20}", timestamp in ".{0,24}", signature in ".{0,120}") {
            let verifier = WebhookVerifier::new(SECRET).unwrap();
            let lookup = |name: &str| match name {
                ID_HEADER => Some(id.as_str()),
                TIMESTAMP_HEADER => Some(timestamp.as_str()),
                _ => Some(signature.as_str()),
            };
            prop_assert!(verifier.verify_with(lookup, BODY).is_err());
        }
    }
}
