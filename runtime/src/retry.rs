//! When to retry and how long to wait, as the official OpenAI SDKs do.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::time::{Duration, SystemTime};

/// Whether a response status is worth another attempt; the server's `x-should-retry`
/// header, when present, decides instead.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    if status == StatusCode::TOO_MANY_REQUESTS && memchr::memmem::find(body, b"insufficient_quota").is_some() {
        // Out of credit: waiting will not help.
        return false;
    }
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// Whether a transport failure is worth another attempt: a timeout, a connection that
/// could not be made, or one that broke while sending or receiving.
pub(crate) fn transient(e: &reqwest::Error) -> bool {
    e.is_timeout() || e.is_connect() || e.is_request() || e.is_body()
}

/// The wait the server asks for: `retry-after-ms`, or `Retry-After` in seconds or as an
/// HTTP date.
pub(crate) fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) =
        headers.get("retry-after-ms").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<f64>().ok())
    {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Exponential backoff with jitter: `min(0.5 s × 2^n, 8 s) × [0.75, 1]`.
pub(crate) fn backoff(retry: u32) -> Duration {
    let base = (0.5 * 2f64.powi(retry.min(16) as i32)).min(8.0);
    let jitter = 1.0 - 0.25 * fastrand::f64();
    Duration::from_secs_f64(base * jitter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_to_a_cap_with_jitter() {
        for (n, max) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)] {
            let d = backoff(n).as_secs_f64();
            assert!(d <= max && d >= max * 0.75, "retry {n}: {d}");
        }
    }

    #[test]
    fn the_server_decides_when_it_says_so() {
        let mut h = HeaderMap::new();
        assert!(should_retry(StatusCode::SERVICE_UNAVAILABLE, &h, b""));
        assert!(!should_retry(StatusCode::BAD_REQUEST, &h, b""));
        h.insert("x-should-retry", HeaderValue::from_static("false"));
        assert!(!should_retry(StatusCode::SERVICE_UNAVAILABLE, &h, b""));
        h.insert("x-should-retry", HeaderValue::from_static("true"));
        assert!(should_retry(StatusCode::BAD_REQUEST, &h, b""));
        let none = HeaderMap::new();
        assert!(!should_retry(StatusCode::TOO_MANY_REQUESTS, &none, br#"{"error":{"type":"insufficient_quota"}}"#));
    }

    #[test]
    fn retry_after_in_every_form() {
        let mut h = HeaderMap::new();
        h.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(server_delay(&h), Some(Duration::from_millis(250)));
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(server_delay(&h), Some(Duration::from_secs(3)));
        let mut h = HeaderMap::new();
        let later = SystemTime::now() + Duration::from_secs(30);
        h.insert("retry-after", HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap());
        let d = server_delay(&h).unwrap();
        assert!(d <= Duration::from_secs(30) && d >= Duration::from_secs(28), "{d:?}");
    }
}
