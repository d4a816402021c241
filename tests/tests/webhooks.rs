//! The OpenAI crate's webhook helper end to end: a delivery signed as OpenAI signs one,
//! verified and decoded into the generated `WebhookEvent`, and every way a delivery is
//! refused, each a typed error and never a panic. One test receives over HTTP with axum.

use openai_client::runtime::webhooks::{HeaderMap, WebhookError, WebhookVerifier};
use openai_client::types::{WebhookBatchCompletedData, WebhookEvent};
use openai_client::webhooks::{unwrap, unwrap_with, UnwrapError, Webhook};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_b3RoZXItc2VjcmV0LW9mLWFub3RoZXItYXBw";
const BODY: &str = r#"{"id":"evt_1","created_at":1719168000,"type":"batch.completed","data":{"id":"batch_1"}}"#;

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn verifier(secret: &str) -> WebhookVerifier {
    WebhookVerifier::new(secret).unwrap()
}

/// The headers of a delivery sent at `timestamp` with `signature`.
fn headers(timestamp: i64, signature: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("webhook-id", "msg_1".parse().unwrap());
    h.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
    h.insert("webhook-signature", signature.parse().unwrap());
    h
}

/// A delivery of `body` signed with `secret`, sent now.
fn signed(secret: &str, body: &str) -> HeaderMap {
    let t = now();
    headers(t, &verifier(secret).sign("msg_1", t, body.as_bytes()))
}

fn batch_completed() -> WebhookEvent {
    WebhookEvent::batch_completed(1_719_168_000, "evt_1", WebhookBatchCompletedData::new("batch_1"))
}

#[test]
fn a_valid_delivery_decodes_into_its_variant() {
    let webhook = unwrap(&verifier(SECRET), &signed(SECRET, BODY), BODY.as_bytes()).unwrap();
    assert_eq!(webhook.id, "msg_1");
    assert!((webhook.timestamp - now()).abs() < 5);
    assert_eq!(webhook.event, batch_completed());
}

#[test]
fn every_webhook_of_the_spec_selects_its_own_variant() {
    let types = [
        "batch.cancelled",
        "batch.completed",
        "batch.expired",
        "batch.failed",
        "eval.run.canceled",
        "eval.run.failed",
        "eval.run.succeeded",
        "fine_tuning.job.cancelled",
        "fine_tuning.job.failed",
        "fine_tuning.job.succeeded",
        "live.call.incoming",
        "realtime.call.incoming",
        "response.cancelled",
        "response.completed",
        "response.failed",
        "response.incomplete",
    ];
    assert_eq!(types.len(), 16, "the spec's webhooks");
    for t in types {
        // A body of another event's shape under a known type is an error, never `Unknown`.
        let body = BODY.replace("batch.completed", t);
        match serde_json::from_str::<WebhookEvent>(&body) {
            Ok(WebhookEvent::Unknown(_)) => panic!("{t} fell back to Unknown"),
            Ok(event) => assert_eq!(serde_json::to_value(&event).unwrap()["type"], t),
            Err(_) => assert!(t.ends_with("call.incoming"), "{t}: only the call events have other data"),
        }
    }
}

#[test]
fn an_unknown_event_type_is_kept_as_unknown() {
    let body =
        r#"{"id":"evt_2","object":"event","created_at":1719168000,"type":"vector_store.ready","data":{"id":"vs_1"}}"#;
    let webhook = unwrap(&verifier(SECRET), &signed(SECRET, body), body.as_bytes()).unwrap();
    let WebhookEvent::Unknown(value) = webhook.event else { panic!("expected Unknown, got {:?}", webhook.event) };
    assert_eq!(value["type"], "vector_store.ready");
    assert_eq!(value["data"]["id"], "vs_1");
}

#[test]
fn a_wrong_secret_is_no_matching_signature() {
    let err = unwrap(&verifier(SECRET), &signed(OTHER_SECRET, BODY), BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, UnwrapError::Verify(WebhookError::NoMatchingSignature { checked: 1 })), "{err:?}");
}

#[test]
fn a_tampered_body_is_no_matching_signature() {
    let tampered = BODY.replace("batch_1", "batch_2");
    let err = unwrap(&verifier(SECRET), &signed(SECRET, BODY), tampered.as_bytes()).unwrap_err();
    assert!(matches!(err, UnwrapError::Verify(WebhookError::NoMatchingSignature { .. })), "{err:?}");
}

#[test]
fn a_timestamp_outside_the_tolerance_is_refused_either_way() {
    let v = verifier(SECRET);
    for (offset, too_old) in [(-301, true), (301, false)] {
        let t = now() + offset;
        let h = headers(t, &v.sign("msg_1", t, BODY.as_bytes()));
        let err = unwrap(&v, &h, BODY.as_bytes()).unwrap_err();
        let UnwrapError::Verify(e) = err else { panic!("{err:?}") };
        match (too_old, e) {
            (true, WebhookError::TimestampTooOld { tolerance, .. })
            | (false, WebhookError::TimestampTooNew { tolerance, .. }) => {
                assert_eq!(tolerance, Duration::from_secs(300))
            }
            (_, other) => panic!("offset {offset}: {other:?}"),
        }
    }
    // A wider tolerance accepts the same delivery.
    let t = now() - 301;
    let h = headers(t, &v.sign("msg_1", t, BODY.as_bytes()));
    assert!(unwrap(&v.clone().tolerance(Duration::from_secs(600)), &h, BODY.as_bytes()).is_ok());
}

#[test]
fn one_matching_signature_among_several_is_enough() {
    let t = now();
    let stale = verifier(OTHER_SECRET).sign("msg_1", t, BODY.as_bytes());
    let current = verifier(SECRET).sign("msg_1", t, BODY.as_bytes());
    let h = headers(t, &format!("v1a,ignored-asymmetric {stale} {current}"));
    assert_eq!(unwrap(&verifier(SECRET), &h, BODY.as_bytes()).unwrap().event, batch_completed());
    let h = headers(t, &format!("{stale} {stale}"));
    let err = unwrap(&verifier(SECRET), &h, BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, UnwrapError::Verify(WebhookError::NoMatchingSignature { checked: 2 })), "{err:?}");
}

#[test]
fn each_missing_header_is_named() {
    for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut h = signed(SECRET, BODY);
        h.remove(name);
        let err = unwrap(&verifier(SECRET), &h, BODY.as_bytes()).unwrap_err();
        assert!(err.to_string().contains(name), "{err}");
        let UnwrapError::Verify(WebhookError::MissingHeader(missing)) = err else { panic!("{name}: {err:?}") };
        assert_eq!(missing, name);
    }
}

#[test]
fn a_signed_body_that_is_not_its_event_is_a_decode_error() {
    for body in [r#"{"type":"batch.completed","data":{}}"#, "not json", ""] {
        let err = unwrap(&verifier(SECRET), &signed(SECRET, body), body.as_bytes()).unwrap_err();
        assert!(matches!(err, UnwrapError::Decode(_)), "{body:?}: {err:?}");
        assert!(std::error::Error::source(&err).is_some());
    }
}

#[test]
fn headers_can_come_from_any_framework() {
    let h = signed(SECRET, BODY);
    let webhook: Webhook =
        unwrap_with(&verifier(SECRET), |name| h.get(name).and_then(|v| v.to_str().ok()), BODY.as_bytes()).unwrap();
    assert_eq!(webhook.event, batch_completed());
    let err = unwrap_with(&verifier(SECRET), |_| None, BODY.as_bytes()).unwrap_err();
    assert!(matches!(err, UnwrapError::Verify(WebhookError::MissingHeader("webhook-id"))), "{err:?}");
}

/// A receiver on 127.0.0.1: the signed delivery is accepted and decoded, the tampered one
/// answered 400.
#[tokio::test]
async fn an_axum_receiver_accepts_the_signed_delivery_only() {
    use axum::http::StatusCode;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let tx = tx.clone();
            async move {
                match unwrap(&verifier(SECRET), &headers, &body) {
                    Ok(webhook) => {
                        tx.send(webhook.event).ok();
                        StatusCode::OK
                    }
                    Err(_) => StatusCode::BAD_REQUEST,
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::new();
    for (body, status) in [(BODY.to_owned(), 200), (BODY.replace("evt_1", "evt_9"), 400)] {
        let answer = http.post(&url).headers(signed(SECRET, BODY)).body(body).send().await.unwrap();
        assert_eq!(answer.status(), status);
    }
    assert_eq!(rx.recv().await, Some(batch_completed()));
    assert!(rx.try_recv().is_err(), "the tampered delivery produced no event");
}
