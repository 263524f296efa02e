//! What the emulator received, for tests that check what a client sent.

use std::fmt;

/// One request as the emulator received it, recorded before it was
/// authenticated or handled.
///
/// `Debug` hides the `authorization` header's value; the field itself keeps
/// it for tests that check how a client authenticates.
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
    /// The body, decoded lossily as UTF-8; empty when there was none.
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

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| match name.as_str() {
                "authorization" => (name.as_str(), "** redacted **"),
                _ => (name.as_str(), value.as_str()),
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
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
