//! The rate-limit headers OpenAI-style APIs send with every answer
//! (`x-ratelimit-remaining-requests: 59`, `x-ratelimit-reset-tokens: 6m0s`), typed.

use http::HeaderMap;
use std::time::Duration;

/// The rate limits a response reports. A header that is missing or malformed is `None`:
/// servers other than OpenAI's send some, all or none of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests: `x-ratelimit-{limit,remaining,reset}-requests`.
    pub requests: Quota,
    /// Tokens: `x-ratelimit-{limit,remaining,reset}-tokens`.
    pub tokens: Quota,
}

/// One limited resource (requests or tokens).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quota {
    /// How many are allowed in the window.
    pub limit: Option<u64>,
    /// How many are left in the window.
    pub remaining: Option<u64>,
    /// How long until the window resets to the full limit.
    pub reset: Option<Duration>,
}

impl RateLimit {
    /// Read the rate-limit headers.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit { requests: Quota::read(headers, "requests"), tokens: Quota::read(headers, "tokens") }
    }
}

impl Quota {
    fn read(headers: &HeaderMap, resource: &str) -> Self {
        let get = |what: &str| {
            headers.get(format!("x-ratelimit-{what}-{resource}")).and_then(|v| v.to_str().ok()).map(str::trim)
        };
        Quota {
            limit: get("limit").and_then(|v| v.parse().ok()),
            remaining: get("remaining").and_then(|v| v.parse().ok()),
            reset: get("reset").and_then(parse_duration),
        }
    }
}

/// A duration as Go writes it (`6m0s`, `1s`, `20ms`, `1h2m3.5s`), or a bare number of
/// seconds; `None` for anything else, including a negative or overflowing one.
fn parse_duration(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    let mut rest = text;
    let mut total = 0f64;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let (number, tail) = rest.split_at(digits);
        // `f64` parsing accepts `inf` and exponents: only digits and one dot reach it.
        if number.is_empty() || number == "." {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        let unit = tail.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit);
        let scale = match unit {
            // A bare number is seconds.
            "" if number.len() == text.len() => 1.0,
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 1e-3,
            "us" | "µs" => 1e-6,
            "ns" => 1e-9,
            _ => return None,
        };
        total += value * scale;
        rest = tail;
    }
    Duration::try_from_secs_f64(total).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn durations_as_go_writes_them() {
        let ms = Duration::from_millis;
        for (text, want) in [
            ("6m0s", ms(360_000)),
            ("1s", ms(1000)),
            ("20ms", ms(20)),
            ("1h2m3.5s", ms(3_723_500)),
            ("0.5s", ms(500)),
            ("59.639s", ms(59_639)),
            ("7", ms(7000)),
            ("0", Duration::ZERO),
            ("1m30s", ms(90_000)),
        ] {
            assert_eq!(parse_duration(text), Some(want), "{text}");
        }
        assert_eq!(parse_duration("1500us"), Some(Duration::from_micros(1500)));
    }

    #[test]
    fn malformed_durations_are_none() {
        for text in [
            "",
            "s",
            "1x",
            "m5",
            "-1s",
            "1.2.3s",
            ".s",
            "inf",
            "NaN",
            "1e3",
            "1e3s",
            "1s5",
            "9999999999999999999999h",
            "1 s",
        ] {
            assert_eq!(parse_duration(text), None, "{text}");
        }
    }

    #[test]
    fn headers_read_into_quotas() {
        let mut h = HeaderMap::new();
        for (name, value) in [
            ("x-ratelimit-limit-requests", "60"),
            ("x-ratelimit-remaining-requests", "59"),
            ("x-ratelimit-reset-requests", "1s"),
            ("x-ratelimit-limit-tokens", "150000"),
            ("x-ratelimit-remaining-tokens", "not a number"),
            ("x-ratelimit-reset-tokens", "6m0s"),
        ] {
            h.insert(name, HeaderValue::from_static(value));
        }
        let limits = RateLimit::from_headers(&h);
        assert_eq!(
            limits.requests,
            Quota { limit: Some(60), remaining: Some(59), reset: Some(Duration::from_secs(1)) }
        );
        assert_eq!(
            limits.tokens,
            Quota { limit: Some(150_000), remaining: None, reset: Some(Duration::from_secs(360)) }
        );
        assert_eq!(RateLimit::from_headers(&HeaderMap::new()), RateLimit::default());
        let mut bad = HeaderMap::new();
        bad.insert("x-ratelimit-reset-requests", HeaderValue::from_bytes(b"\xff1s").unwrap());
        bad.insert("x-ratelimit-limit-requests", HeaderValue::from_static("-5"));
        assert_eq!(RateLimit::from_headers(&bad), RateLimit::default());
    }
}
