//! What the emulator received, for tests that check what a client sent:
//! the authenticated requests, the latest of them only, so that a client
//! that never stops cannot fill the memory.

use std::collections::VecDeque;
use std::fmt;

/// How much of a body the log keeps: far more than any request of the API
/// needs, far less than the 1 MiB a body may have.
pub(crate) const BODY_SNIPPET_BYTES: usize = 64 << 10;

/// One request as the emulator received it, recorded once authenticated,
/// before it was handled.
///
/// `Debug` hides the `authorization` header's value and the values of
/// secret parameters in the body (a stream's `AuthorizationBearerToken`, any
/// name with `Token`, `Password` or `Secret` in it); the fields themselves
/// keep them for tests that check what a client sent.
#[derive(Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `GET` or `POST`.
    pub method: String,
    /// The request-target's path and query exactly as received, still
    /// percent-encoded: `/api/laml/2010-04-01/Accounts/…/Conferences.json?PageSize=2`.
    pub uri: String,
    /// Every header in the order received, names in lower case; values that
    /// are not UTF-8 are decoded lossily.
    pub headers: Vec<(String, String)>,
    /// The body's first 64 KiB, decoded lossily as UTF-8; empty when there
    /// was none.
    pub body: String,
}

impl RecordedRequest {
    /// The value of the first header called `name` (in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body read as `application/x-www-form-urlencoded`: decoded pairs
    /// in order, repeated names kept.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }
}

impl RecordedRequest {
    /// The headers as logs may show them: the `authorization` value
    /// replaced.
    pub(crate) fn redacted_headers(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(name, value)| match name.as_str() {
                "authorization" => (name.as_str(), REDACTED),
                _ => (name.as_str(), value.as_str()),
            })
            .collect()
    }

    /// The body as logs may show it: every secret parameter's value
    /// replaced.
    pub(crate) fn redacted_body(&self) -> String {
        redacted_body(&self.body)
    }

    /// What the log counts against its limit in bytes.
    fn size(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.len() + value.len())
            .sum();
        self.method.len() + self.uri.len() + headers + self.body.len()
    }
}

/// The body's first [`BODY_SNIPPET_BYTES`], as the log keeps it.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    let kept = body.get(..BODY_SNIPPET_BYTES).unwrap_or(body);
    String::from_utf8_lossy(kept).into_owned()
}

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &self.redacted_headers())
            .field("body", &self.redacted_body())
            .finish()
    }
}

/// The requests recorded, oldest first, within two limits: once there are
/// more than `max_entries`, or they hold more than `max_bytes`, the oldest
/// are dropped.
#[derive(Debug)]
pub(crate) struct RequestLog {
    requests: VecDeque<RecordedRequest>,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl RequestLog {
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Self {
        RequestLog {
            requests: VecDeque::new(),
            bytes: 0,
            max_entries,
            max_bytes,
        }
    }

    pub(crate) fn push(&mut self, request: RecordedRequest) {
        self.bytes += request.size();
        self.requests.push_back(request);
        while self.requests.len() > self.max_entries || self.bytes > self.max_bytes {
            let Some(oldest) = self.requests.pop_front() else {
                break;
            };
            self.bytes -= oldest.size();
        }
    }

    pub(crate) fn clear(&mut self) {
        self.requests.clear();
        self.bytes = 0;
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &RecordedRequest> {
        self.requests.iter()
    }
}

const REDACTED: &str = "** redacted **";

/// Whether a parameter carries a secret that no log may show.
fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["token", "password", "secret"]
        .iter()
        .any(|word| name.contains(word))
}

/// The body with every secret parameter's value replaced, read as a form
/// or, when it is one, as a JSON object.
fn redacted_body(body: &str) -> String {
    if let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str(body) {
        if !object.keys().any(|name| is_secret(name)) {
            return body.to_owned();
        }
        for (name, value) in &mut object {
            if is_secret(name) {
                *value = serde_json::Value::from(REDACTED);
            }
        }
        return serde_json::Value::Object(object).to_string();
    }
    let pairs = form_urlencoded::parse(body.as_bytes());
    if !pairs.clone().any(|(name, _)| is_secret(&name)) {
        return body.to_owned();
    }
    let mut redacted = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        let value = if is_secret(&name) {
            REDACTED.into()
        } else {
            value
        };
        redacted.append_pair(&name, &value);
    }
    redacted.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_credentials() {
        let request = RecordedRequest {
            method: "GET".into(),
            uri: "/".into(),
            headers: vec![("authorization".into(), "Basic c2VjcmV0".into())],
            body: String::new(),
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("c2VjcmV0"), "{debug}");
        assert_eq!(request.header("Authorization"), Some("Basic c2VjcmV0"));
    }

    #[test]
    fn debug_hides_secret_parameters_in_form_and_json_bodies() {
        for body in [
            "Url=wss%3A%2F%2Fa&AuthorizationBearerToken=bearer-secret&Name=n",
            r#"{"name":"n","token":"bearer-secret"}"#,
            "Password=bearer-secret",
        ] {
            let request = RecordedRequest {
                method: "POST".into(),
                uri: "/".into(),
                headers: Vec::new(),
                body: body.into(),
            };
            let debug = format!("{request:?}");
            assert!(!debug.contains("bearer-secret"), "{debug}");
            assert!(debug.contains("redacted"), "{debug}");
            assert!(request.body.contains("bearer-secret"));
        }
        for plain in [
            "FriendlyName=tokens-are-not-secret",
            r#"{ "name": "n", "permissions": ["calling"] }"#,
        ] {
            assert_eq!(redacted_body(plain), plain);
        }
    }

    fn request(uri: &str, body: &str) -> RecordedRequest {
        RecordedRequest {
            method: "POST".into(),
            uri: uri.into(),
            headers: vec![("authorization".into(), "Basic c2VjcmV0".into())],
            body: body.into(),
        }
    }

    fn uris(log: &RequestLog) -> Vec<&str> {
        log.iter().map(|request| request.uri.as_str()).collect()
    }

    #[test]
    fn the_log_drops_the_oldest_beyond_its_entries() {
        let mut log = RequestLog::new(2, usize::MAX);
        for uri in ["/1", "/2", "/3"] {
            log.push(request(uri, ""));
        }
        assert_eq!(uris(&log), ["/2", "/3"]);
        assert_eq!(log.bytes, 2 * request("/1", "").size());
        log.clear();
        assert_eq!((uris(&log).len(), log.bytes), (0, 0));
        assert!(uris(&RequestLog::new(0, usize::MAX)).is_empty());
    }

    #[test]
    fn the_log_drops_the_oldest_beyond_its_bytes() {
        let size = request("/1", "0123456789").size();
        assert_eq!(size, "POST".len() + 2 + "authorization".len() + 14 + 10);
        let mut log = RequestLog::new(100, 2 * size);
        for uri in ["/1", "/2", "/3"] {
            log.push(request(uri, "0123456789"));
        }
        assert_eq!(uris(&log), ["/2", "/3"]);
        assert_eq!(log.bytes, 2 * size);
        // One larger than the whole log is not kept, and leaves none behind.
        log.push(request("/big", &"x".repeat(2 * size)));
        assert!(uris(&log).is_empty());
        assert_eq!(log.bytes, 0);
    }

    #[test]
    fn a_body_is_kept_up_to_its_snippet() {
        let body = vec![b'a'; BODY_SNIPPET_BYTES + 1];
        assert_eq!(body_snippet(&body).len(), BODY_SNIPPET_BYTES);
        assert_eq!(body_snippet(b"Status=completed"), "Status=completed");
        assert_eq!(
            body_snippet(&body[..BODY_SNIPPET_BYTES]).len(),
            BODY_SNIPPET_BYTES
        );
    }

    #[test]
    fn redacted_headers_hide_only_the_authorization() {
        let mut recorded = request("/", "");
        recorded.headers.push(("host".into(), "127.0.0.1".into()));
        assert_eq!(
            recorded.redacted_headers(),
            [("authorization", REDACTED), ("host", "127.0.0.1")]
        );
    }

    #[test]
    fn form_keeps_repeated_names() {
        let request = RecordedRequest {
            method: "POST".into(),
            uri: "/".into(),
            headers: Vec::new(),
            body: "StatusCallbackEvent=start&StatusCallbackEvent=end".into(),
        };
        assert_eq!(request.form().len(), 2);
    }
}
