//! Which failures are retried, and how long to wait before the next attempt.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;

/// The longest `retry-after` the client honours; a server asking for more gets the usual
/// backoff instead, so one header cannot stall a call for minutes.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// The most a jittered wait is shortened by: a quarter, so a wait never drops below 3/4 of
/// its base and many clients hitting one limit spread out.
const MAX_JITTER: f64 = 0.25;

/// Exponential backoff: `initial`, doubling per retry, capped at `max`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Backoff {
    pub(crate) initial: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    /// Cloudflare's recommendation, as its official SDKs do it: 0.5 s doubling, up to 8 s.
    pub(crate) const DEFAULT: Self = Self { initial: Duration::from_millis(500), max: Duration::from_secs(8) };

    /// The wait before retry number `retry` (0 for the first), shortened by `jitter` in
    /// `[0, 1)` times [`MAX_JITTER`].
    fn delay(&self, retry: u32, jitter: f64) -> Duration {
        let base = self.initial.saturating_mul(1 << retry.min(30)).min(self.max);
        base.mul_f64(1.0 - MAX_JITTER * jitter.clamp(0.0, 1.0))
    }
}

/// Whether a response with an error status is worth another attempt.
///
/// `x-should-retry: true` or `false` from the server decides; otherwise 408, 409, 429 and
/// 500 to 599 are retried (a status past 599 is no server error, whatever its first digit).
pub(crate) fn should_retry_status(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").map(HeaderValue::as_bytes) {
        Some(b"true") => true,
        Some(b"false") => false,
        _ => matches!(status.as_u16(), 408 | 409 | 429 | 500..=599),
    }
}

/// Whether a transport failure is worth another attempt: a failed connect, a connection
/// dropped while sending or reading, or a timeout. Never a request that could not be built.
pub(crate) fn should_retry_error(err: &reqwest::Error) -> bool {
    !err.is_builder()
        && !err.is_redirect()
        && (err.is_timeout() || err.is_connect() || err.is_request() || err.is_body() || err.is_decode())
}

/// The wait before retry number `retry`: what the server asked for when it asked for less
/// than a minute, else the jittered backoff.
pub(crate) fn wait(retry: u32, headers: Option<&HeaderMap>, backoff: &Backoff) -> Duration {
    headers
        .and_then(|headers| retry_after(headers, jiff::Timestamp::now()))
        .unwrap_or_else(|| backoff.delay(retry, jitter()))
}

/// The server's requested wait: `retry-after-ms` (milliseconds), else `retry-after` in
/// seconds or as an HTTP date; `None` when absent, unreadable, or a minute or more.
fn retry_after(headers: &HeaderMap, now: jiff::Timestamp) -> Option<Duration> {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let from_ms = header("retry-after-ms")
        .and_then(|v| v.parse::<f64>().ok())
        .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok());
    let wait = from_ms.or_else(|| {
        let value = header("retry-after")?;
        match value.parse::<f64>() {
            Ok(secs) => Duration::try_from_secs_f64(secs).ok(),
            Err(_) => http_date_wait(value, now),
        }
    })?;
    (wait < MAX_RETRY_AFTER).then_some(wait)
}

/// The time from `now` until an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`); zero when
/// it has passed. The RFC 2822 parser reads the IMF-fixdate form RFC 9110 has servers send;
/// the obsolete RFC 850 and asctime forms are not read, and fall back to the backoff.
fn http_date_wait(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let date = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(value).ok()?;
    let span = now.duration_until(date);
    Some(Duration::try_from(span).unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` for jitter, without a `rand` dependency.
///
/// `RandomState::new` is seeded from the OS once per thread and changes its keys on every
/// call, so hashing the clock with it gives numbers that differ between processes, threads
/// and calls: all jitter needs (it is no cryptographic randomness).
fn jitter() -> f64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    hasher.write_u128(nanos);
    // The top 53 bits fill an f64 mantissa exactly.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (reqwest::header::HeaderName::from_static(k), HeaderValue::from_str(v).unwrap()))
            .collect()
    }

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight() {
        let b = Backoff::DEFAULT;
        let waits: Vec<_> = (0..7).map(|retry| b.delay(retry, 0.0)).collect();
        assert_eq!(waits, [ms(500), ms(1000), ms(2000), ms(4000), ms(8000), ms(8000), ms(8000)]);
        assert_eq!(b.delay(u32::MAX, 0.0), ms(8000));
    }

    #[test]
    fn jitter_shortens_by_at_most_a_quarter() {
        let b = Backoff::DEFAULT;
        assert!((ms(375)..ms(376)).contains(&b.delay(0, 0.999_999)));
        assert_eq!(b.delay(2, 0.5), ms(1750));
        let samples: Vec<f64> = (0..1000).map(|_| jitter()).collect();
        assert!(samples.iter().all(|j| (0.0..1.0).contains(j)));
        assert!(samples.iter().any(|j| *j < 0.5) && samples.iter().any(|j| *j >= 0.5));
        for j in samples {
            assert!((ms(375)..=ms(500)).contains(&b.delay(0, j)));
        }
    }

    #[test]
    fn retried_statuses_and_the_override() {
        let none = HeaderMap::new();
        for status in [408, 409, 429, 500, 502, 503, 504, 599] {
            assert!(should_retry_status(StatusCode::from_u16(status).unwrap(), &none), "{status}");
        }
        for status in [400, 401, 403, 404, 405, 422, 600, 999] {
            assert!(!should_retry_status(StatusCode::from_u16(status).unwrap(), &none), "{status}");
        }
        assert!(!should_retry_status(StatusCode::SERVICE_UNAVAILABLE, &headers(&[("x-should-retry", "false")])));
        assert!(should_retry_status(StatusCode::BAD_REQUEST, &headers(&[("x-should-retry", "true")])));
        assert!(should_retry_status(StatusCode::TOO_MANY_REQUESTS, &headers(&[("x-should-retry", "maybe")])));
    }

    #[test]
    fn retry_after_forms() {
        let now: jiff::Timestamp = "2024-01-10T10:34:45Z".parse().unwrap();
        let after = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs), now);
        assert_eq!(after(&[("retry-after-ms", "1500")]), Some(ms(1500)));
        assert_eq!(after(&[("retry-after-ms", "12.5")]), Some(Duration::from_micros(12_500)));
        assert_eq!(after(&[("retry-after", "3")]), Some(ms(3000)));
        assert_eq!(after(&[("retry-after", " 0.25 ")]), Some(ms(250)));
        assert_eq!(after(&[("retry-after", "Wed, 10 Jan 2024 10:34:55 GMT")]), Some(ms(10_000)));
        // A date in the past means now.
        assert_eq!(after(&[("retry-after", "Wed, 10 Jan 2024 10:00:00 GMT")]), Some(Duration::ZERO));
        // The millisecond header wins over the other.
        assert_eq!(after(&[("retry-after-ms", "20"), ("retry-after", "5")]), Some(ms(20)));
        // An unreadable millisecond header falls back to the other.
        assert_eq!(after(&[("retry-after-ms", "soon"), ("retry-after", "5")]), Some(ms(5000)));
    }

    #[test]
    fn retry_after_of_a_minute_or_more_or_unreadable_is_ignored() {
        let now: jiff::Timestamp = "2024-01-10T10:34:45Z".parse().unwrap();
        let after = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs), now);
        assert_eq!(after(&[("retry-after", "60")]), None);
        assert_eq!(after(&[("retry-after", "59.9")]), Some(ms(59_900)));
        assert_eq!(after(&[("retry-after-ms", "60000")]), None);
        assert_eq!(after(&[("retry-after", "Wed, 10 Jan 2024 10:40:00 GMT")]), None);
        assert_eq!(after(&[("retry-after", "-1")]), None);
        assert_eq!(after(&[("retry-after", "NaN")]), None);
        assert_eq!(after(&[("retry-after", "tomorrow")]), None);
        assert_eq!(after(&[]), None);
    }

    #[test]
    fn wait_prefers_the_server_and_falls_back_to_backoff() {
        let b = Backoff { initial: ms(100), max: ms(100) };
        assert_eq!(wait(0, Some(&headers(&[("retry-after-ms", "7")])), &b), ms(7));
        assert!((ms(75)..=ms(100)).contains(&wait(3, Some(&headers(&[("retry-after", "600")])), &b)));
        assert!((ms(75)..=ms(100)).contains(&wait(0, None, &b)));
    }
}
