//! When a failed attempt is tried again, and after how long.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

/// How a [`Client`](crate::Client) retries failed attempts. On by default.
///
/// What may be retried depends on whether the API can have acted on the
/// attempt, and on whether acting twice does harm: an idempotent request
/// ([`Endpoint::IDEMPOTENT`](crate::Endpoint::IDEMPOTENT): a `GET`, a
/// `DELETE`, an update `POST` to `/…/<Sid>`) sets the same state twice; a
/// create (a `POST` to a collection such as `/Calls` or `/Messages`) places
/// a second call or sends a second message, and the API takes no
/// idempotency key to prevent it.
///
/// - `429 Too Many Requests`, and a connection that failed before the
///   request was sent (refused, a name that does not resolve), are retried
///   for every request, creates too: the API did not act.
/// - `503 Service Unavailable` is retried for idempotent requests only. A
///   gateway can answer 503 after the platform acted, so a create answered
///   503 is not retried unless [`retry_creates_on_503`](Self::retry_creates_on_503)
///   says so.
/// - Other failures after the request was sent (a timeout, a reset, another
///   5xx) are retried only for `GET` and `DELETE`.
/// - Other 4xx are never retried.
///
/// A `Retry-After` header (seconds or an HTTP date) is honoured.
/// Without it, attempt *n* waits about `base_delay × 2ⁿ⁻¹`,
/// capped at `max_delay`, with jitter; no retry starts after `deadline`.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use laml_runtime::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(5)
///     .base_delay(Duration::from_millis(500))
///     .deadline(Duration::from_secs(60));
/// let never = RetryPolicy::disabled();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
    creates_on_503: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, 250 ms base delay, 10 s cap, 60 s deadline; a create
    /// answered 503 is not retried.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
            creates_on_503: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn disabled() -> Self {
        Self::default().max_attempts(1)
    }

    /// How many attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry, doubled for each one after.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait between two attempts, `Retry-After` aside.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The time from the first attempt after which no retry starts.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Whether a request that is not idempotent (a create, or dequeuing a
    /// queue's front member) is retried after a `503 Service Unavailable`,
    /// as an update is. Off by default.
    ///
    /// **Risk:** a gateway in front of the API can answer 503 after the
    /// platform acted. Turned on, such a 503 places the call, sends the
    /// message or the fax, or buys the number a second time.
    pub fn retry_creates_on_503(mut self, retry: bool) -> Self {
        self.creates_on_503 = retry;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before attempt `attempt + 1`, with equal jitter: half
    /// fixed, half random, so that clients failing together spread out.
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(20);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(jitter())
    }
}

/// Why an attempt may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// The API cannot have acted: it refused the request (429), or the
    /// connection failed before it was sent.
    Always(&'static str),
    /// The API says it did not act (503), but a gateway can say so after it
    /// did: idempotent requests go again, creates only when the policy asks.
    IfIdempotent(&'static str),
    /// It may have been acted on (a timeout, a reset, another 5xx): only
    /// `GET` and `DELETE` go again.
    IfGetOrDelete(&'static str),
    Never,
}

impl Retry {
    /// Why a request sent with `method`, `idempotent` or not, goes again
    /// after this failure under `policy`; `None` when it does not.
    pub(crate) fn reason(
        self,
        policy: &RetryPolicy,
        method: &reqwest::Method,
        idempotent: bool,
    ) -> Option<&'static str> {
        match self {
            Retry::Always(reason) => Some(reason),
            Retry::IfIdempotent(reason) if idempotent || policy.creates_on_503 => Some(reason),
            Retry::IfGetOrDelete(reason)
                if matches!(*method, reqwest::Method::GET | reqwest::Method::DELETE) =>
            {
                Some(reason)
            }
            _ => None,
        }
    }
}

pub(crate) fn classify_status(status: StatusCode) -> Retry {
    match status.as_u16() {
        429 => Retry::Always("429 Too Many Requests"),
        503 => Retry::IfIdempotent("503 Service Unavailable"),
        500..=599 => Retry::IfGetOrDelete("server error"),
        _ => Retry::Never,
    }
}

pub(crate) fn classify_error(error: &reqwest::Error) -> Retry {
    if error.is_connect() {
        Retry::Always("connection failed")
    } else if error.is_timeout() {
        Retry::IfGetOrDelete("timeout")
    } else if error.is_request() || error.is_body() || error.is_decode() {
        Retry::IfGetOrDelete("connection lost")
    } else {
        Retry::Never
    }
}

/// `Retry-After` as a delay: seconds (a fraction too, though the standard
/// has whole ones), or an HTTP date. A value that is none of these, or a
/// negative number, is `None`: the backoff applies. Any number a server
/// sends is read without overflow; a huge one is [`Duration::MAX`].
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if value.bytes().all(|byte| byte.is_ascii_digit()) && !value.is_empty() {
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    if let Ok(seconds) = value.parse::<f64>() {
        // A delay starts with a digit: this refuses signs, `inf` and `NaN`.
        if !value.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX));
    }
    let at = OffsetDateTime::parse(value, &Rfc2822).ok()?;
    let now = OffsetDateTime::from(SystemTime::now());
    Some((at - now).try_into().unwrap_or(Duration::ZERO))
}

/// Whether a retry that waits `delay` still starts before the policy's
/// deadline, `elapsed` after the first attempt.
pub(crate) fn within_deadline(policy: &RetryPolicy, elapsed: Duration, delay: Duration) -> bool {
    elapsed
        .checked_add(delay)
        .is_some_and(|start| start <= policy.deadline)
}

/// A number in [0, 1), different on each call and in each process.
fn jitter() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(1000));
        for attempt in 1..10 {
            let delay = policy.backoff(attempt);
            let full =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_millis(1000));
            assert!(delay >= full / 2 && delay <= full, "{attempt}: {delay:?}");
        }
    }

    #[test]
    fn retry_after_in_both_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));

        let soon = OffsetDateTime::now_utc() + time::Duration::seconds(30);
        let date = soon.format(&Rfc2822).unwrap();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let delay = retry_after(&headers).unwrap();
        assert!(
            delay > Duration::from_secs(25) && delay <= Duration::from_secs(30),
            "{delay:?}"
        );

        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retry_after_reads_any_number_without_overflow() {
        let read = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers)
        };
        assert_eq!(
            read("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(read("99999999999999999999999"), Some(Duration::MAX));
        assert_eq!(read("1e400"), Some(Duration::MAX));
        assert_eq!(read("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(read(" 2 "), Some(Duration::from_secs(2)));
        for ignored in ["", "-5", "-0.5", "+5", "inf", "NaN", ".5"] {
            assert_eq!(read(ignored), None, "{ignored:?}");
        }
    }

    #[test]
    fn only_a_429_is_retried_for_every_request() {
        assert!(matches!(
            classify_status(StatusCode::TOO_MANY_REQUESTS),
            Retry::Always(_)
        ));
        assert!(matches!(
            classify_status(StatusCode::SERVICE_UNAVAILABLE),
            Retry::IfIdempotent(_)
        ));
        assert!(matches!(
            classify_status(StatusCode::BAD_GATEWAY),
            Retry::IfGetOrDelete(_)
        ));
        assert_eq!(classify_status(StatusCode::NOT_FOUND), Retry::Never);
        assert_eq!(classify_status(StatusCode::CONFLICT), Retry::Never);
    }

    /// A refused connection sent nothing: even a create goes again. A
    /// connection closed after the request was read may have been acted on.
    #[tokio::test]
    async fn a_refused_connection_is_always_retried_and_a_closed_one_is_not() {
        let refused = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let closing = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let closed = closing.local_addr().unwrap();
        tokio::spawn(async move {
            use tokio::io::AsyncReadExt;
            while let Ok((mut socket, _)) = closing.accept().await {
                let _ = socket.read(&mut [0; 1024]).await;
            }
        });
        let http = crate::Client::http_client_builder()
            .unwrap()
            .build()
            .unwrap();
        let post = |address| {
            http.post(format!("http://{address}/Calls"))
                .body("To=1")
                .send()
        };

        let error = post(refused).await.unwrap_err();
        assert_eq!(classify_error(&error), Retry::Always("connection failed"));
        let error = post(closed).await.unwrap_err();
        assert!(
            matches!(classify_error(&error), Retry::IfGetOrDelete(_)),
            "{error:?}"
        );
    }

    #[test]
    fn a_create_goes_again_only_where_the_api_cannot_have_acted() {
        use reqwest::Method;
        let default = RetryPolicy::default();
        let opted_in = RetryPolicy::default().retry_creates_on_503(true);
        let refused = Retry::Always("429 Too Many Requests");
        let unavailable = Retry::IfIdempotent("503 Service Unavailable");
        let timeout = Retry::IfGetOrDelete("timeout");
        // (failure, policy, method, idempotent) → goes again
        let cases = [
            (refused, &default, Method::POST, false, true),
            (unavailable, &default, Method::POST, false, false),
            (unavailable, &opted_in, Method::POST, false, true),
            (unavailable, &default, Method::POST, true, true),
            (unavailable, &default, Method::GET, true, true),
            (timeout, &opted_in, Method::POST, false, false),
            (timeout, &default, Method::POST, true, false),
            (timeout, &default, Method::GET, true, true),
            (timeout, &default, Method::DELETE, true, true),
            (Retry::Never, &opted_in, Method::GET, true, false),
        ];
        for (retry, policy, method, idempotent, again) in cases {
            let reason = retry.reason(policy, &method, idempotent);
            let expected = match retry {
                Retry::Always(r) | Retry::IfIdempotent(r) | Retry::IfGetOrDelete(r) if again => {
                    Some(r)
                }
                _ => None,
            };
            assert_eq!(
                reason, expected,
                "{retry:?} {method} idempotent={idempotent}"
            );
        }
    }
}
