//! What the emulator received, for tests that check what a client sent.

use std::fmt;

/// One request as the emulator received it, recorded before it was
/// authenticated or handled.
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
            .field("body", &redacted_body(&self.body))
            .finish()
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
        let plain = "FriendlyName=tokens-are-not-secret";
        assert_eq!(redacted_body(plain), plain);
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
