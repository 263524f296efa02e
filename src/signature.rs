//! Webhook signatures: checking that a request to your app comes from
//! SignalWire, and signing requests as SignalWire does (for tests).
//!
//! SignalWire signs each request with the project's **signing key** (in the
//! Dashboard's API Credentials, not the API token) and sends the signature
//! in [`SIGNALWIRE_SIGNATURE`] and [`TWILIO_SIGNATURE`]:
//!
//! - a form (or a `GET` whose parameters are in the query): base64 of
//!   HMAC-SHA1 over the full URL, then each parameter sorted by name and
//!   value, as its name followed by its value;
//! - a JSON body: hex of HMAC-SHA1 over the URL followed by the raw body, or
//!   Twilio's form, where the URL carries `bodySHA256` (the SHA-256 of the
//!   body, in hex) and the signature covers the URL alone; or, as
//!   SignalWire's SDKs accept, a flat JSON object signed like a form, each
//!   member a parameter.
//!
//! # What is accepted, and why
//!
//! - **Ports.** A signature made over the URL without its port validates a
//!   request to any port, and one made with the scheme's default port
//!   (`:443`, `:80`) validates a request without it: SignalWire's and
//!   Twilio's SDKs check both forms, as the platform has signed both.
//! - **Repeated parameters.** Every pair is signed, a name sent several
//!   times contributing each of its values in sorted order (as SignalWire's
//!   Python SDK does on twilio 6.54 and twilio-python does since its fix for
//!   values under one name, issue 613; twilio-node's issue 722 shows the
//!   platform sorting them). A signature over the distinct pairs, exact
//!   repeats counted once, is accepted too, as later twilio-python releases
//!   compute it; `laml::axum::SignedWebhook` (feature `axum`) then hands its
//!   handler the distinct pairs only, so a handler never counts a pair the
//!   signature did not.
//! - **`bodySHA256`.** When the URL carries it, the body must hash to it,
//!   whatever the method and content type, and the signature covers the URL
//!   alone. [`RequestValidator::validate_form`] has no body to hash, so it
//!   refuses such a URL.
//!
//! # What a signature cannot bind
//!
//! The scheme signs the URL and the parameters, not the request around
//! them:
//!
//! - **the method**: a `GET` to `https://app/voice?Digits=1` and a `POST` of
//!   an empty form to the same URL carry the same signature;
//! - **where one pair ends and the next begins**: names and values run
//!   together, so `Digits=7F&rom=+1555` signs exactly as
//!   `Digits=7&From=+1555` (both are `Digits7From+1555`). Someone who
//!   captured a signed request can move the boundary; a handler that acts on
//!   a parameter's absence, or trusts a value's length, should keep that in
//!   mind;
//! - **freshness**: nothing dates a request, so a captured one can be sent
//!   again. Make handlers idempotent where a replay would hurt.
//!
//! ```
//! use laml::signature::{RequestSigner, RequestValidator};
//!
//! let url = "https://example.com/voice?tenant=7";
//! let params = [("CallSid", "CA123"), ("From", "+15551234567")];
//! let signature = RequestSigner::new("PSK_signing_key").sign_form(url, params);
//!
//! let validator = RequestValidator::new("PSK_signing_key");
//! assert!(validator.validate_form(url, params, Some(&signature)).is_ok());
//! assert!(validator
//!     .validate_form("https://example.com:8443/voice?tenant=7", params, Some(&signature))
//!     .is_ok());
//! assert!(validator.validate_form(url, [("CallSid", "CA999")], Some(&signature)).is_err());
//! ```

use std::error::Error as StdError;
use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// The header SignalWire puts its signature in.
pub const SIGNALWIRE_SIGNATURE: &str = "X-SignalWire-Signature";

/// The header SignalWire also sends, as Twilio does, with the same
/// signature.
pub const TWILIO_SIGNATURE: &str = "X-Twilio-Signature";

/// The query parameter that carries the SHA-256 of a JSON body, in hex.
pub const BODY_SHA256: &str = "bodySHA256";

type HmacSha1 = Hmac<Sha1>;

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureError {
    /// The request carries neither `X-SignalWire-Signature` nor
    /// `X-Twilio-Signature`.
    Missing,
    /// The header is not a signature: not the base64 (or, for a JSON body,
    /// hex) of 20 bytes.
    Malformed,
    /// The signature does not match the URL and the parameters or body, or
    /// the body does not match its `bodySHA256`.
    Mismatch,
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureError::Missing => "the request carries no signature header",
            SignatureError::Malformed => "the signature header is malformed",
            SignatureError::Mismatch => "the signature does not match the request",
        })
    }
}

impl StdError for SignatureError {}

/// The project's signing key, ready to compute HMACs; never shown.
#[derive(Clone)]
struct Key(HmacSha1);

impl Key {
    fn new(signing_key: &str) -> Self {
        // HMAC takes a key of any length, so this cannot fail.
        Key(HmacSha1::new_from_slice(signing_key.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length")))
    }

    fn mac(&self, url: &str, params: &[(&str, &str)], body: &[u8]) -> HmacSha1 {
        let mut mac = self.0.clone();
        mac.update(url.as_bytes());
        for (name, value) in params {
            mac.update(name.as_bytes());
            mac.update(value.as_bytes());
        }
        mac.update(body);
        mac
    }

    /// Whether `expected` was made over `url` or its other port form, then
    /// `params` and `body`; compared in constant time.
    fn verifies(&self, url: &str, params: &[(&str, &str)], body: &[u8], expected: &[u8]) -> bool {
        self.mac(url, params, body).verify_slice(expected).is_ok()
            || other_port_form(url).is_some_and(|other| {
                self.mac(&other, params, body)
                    .verify_slice(expected)
                    .is_ok()
            })
    }
}

/// Which of a form's pairs a signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Covered {
    /// Every pair, repeats included.
    EveryPair,
    /// Each distinct pair once: exact repeats were not signed.
    DistinctPairs,
}

/// Parameters sorted by name, then value: the order in which they are
/// signed.
fn signing_order<'a, I, K, V>(params: I) -> Vec<(&'a str, &'a str)>
where
    I: IntoIterator<Item = (&'a K, &'a V)>,
    K: AsRef<str> + ?Sized + 'a,
    V: AsRef<str> + ?Sized + 'a,
{
    let mut params: Vec<(&str, &str)> = params
        .into_iter()
        .map(|(name, value)| (name.as_ref(), value.as_ref()))
        .collect();
    params.sort_unstable();
    params
}

/// Checks webhook signatures with the project's signing key.
///
/// `Debug` does not show the key.
#[derive(Clone)]
pub struct RequestValidator {
    key: Key,
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RequestValidator { signing_key: ** redacted ** }")
    }
}

impl RequestValidator {
    /// A validator for signatures made with `signing_key`.
    pub fn new(signing_key: &str) -> Self {
        Self {
            key: Key::new(signing_key),
        }
    }

    /// Checks the signature of a form webhook (or of a `GET` webhook, with
    /// no parameters besides those in `url`).
    ///
    /// `url` is the full URL SignalWire requested, query included;
    /// `params` are the decoded form fields, in any order; `signature` is
    /// the header's value, `None` when the request had none. A `url` that
    /// carries `bodySHA256` signs a body, which this method does not see:
    /// it is refused ([`validate_json`](Self::validate_json) checks one).
    pub fn validate_form<'a, I, K, V>(
        &self,
        url: &str,
        params: I,
        signature: Option<&str>,
    ) -> Result<(), SignatureError>
    where
        I: IntoIterator<Item = (&'a K, &'a V)>,
        K: AsRef<str> + ?Sized + 'a,
        V: AsRef<str> + ?Sized + 'a,
    {
        let signature = signature.ok_or(SignatureError::Missing)?.trim();
        self.form_coverage(url, params, signature).map(drop)
    }

    /// Checks the signature of a `GET` webhook, whose parameters are in
    /// `url`'s query: [`validate_form`](Self::validate_form) with no form
    /// parameters.
    ///
    /// ```
    /// use laml::signature::{RequestSigner, RequestValidator};
    ///
    /// let url = "https://example.com/status?CallSid=CA1&CallStatus=completed";
    /// let signature = RequestSigner::new("PSK_key").sign_url(url);
    /// assert!(RequestValidator::new("PSK_key").validate_url(url, Some(&signature)).is_ok());
    /// ```
    pub fn validate_url(&self, url: &str, signature: Option<&str>) -> Result<(), SignatureError> {
        self.validate_form::<[(&str, &str); 0], str, str>(url, [], signature)
    }

    /// Checks the signature of a webhook with a JSON body.
    ///
    /// SignalWire's hex signature covers `url` followed by the raw `body`; a
    /// base64 signature is Twilio's form, where `bodySHA256` in the URL's
    /// query must match the body and the signature covers the URL, or a
    /// flat JSON object (strings, numbers, booleans, `null`, and arrays of
    /// them) signed like a form, each member a parameter and each element
    /// of an array a value of it; a JSON object signed like a form must have
    /// every value signed. Numbers, booleans and `null` count as their JSON
    /// text. Whatever the signature, a `bodySHA256` in the URL must match
    /// the body.
    pub fn validate_json(
        &self,
        url: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), SignatureError> {
        let signature = signature.ok_or(SignatureError::Missing)?.trim();
        let declared = body_sha256_of(url);
        if let Some(declared) = &declared {
            if !hashes_to(body, declared) {
                return Err(SignatureError::Mismatch);
            }
        }
        if let Some(expected) = decode_hex(signature) {
            return self.verified(url, &[], body, &expected);
        }
        let expected = decode_base64(signature)?;
        if declared.is_some() {
            return self.verified(url, &[], b"", &expected);
        }
        let object = serde_json::from_slice::<serde_json::Value>(body)
            .map_err(|_| SignatureError::Mismatch)?;
        let members = json_members(&object, Nested::Refuse).ok_or(SignatureError::Mismatch)?;
        let params = signing_order(members.iter().map(|(name, value)| (name, value)));
        self.verified(url, &params, b"", &expected)
    }

    /// Which pairs of a form the base64 `signature` covers, if it covers
    /// them; a `url` that carries `bodySHA256` is refused, as its body is
    /// not at hand.
    pub(crate) fn form_coverage<'a, I, K, V>(
        &self,
        url: &str,
        params: I,
        signature: &str,
    ) -> Result<Covered, SignatureError>
    where
        I: IntoIterator<Item = (&'a K, &'a V)>,
        K: AsRef<str> + ?Sized + 'a,
        V: AsRef<str> + ?Sized + 'a,
    {
        let expected = decode_base64(signature)?;
        if body_sha256_of(url).is_some() {
            return Err(SignatureError::Mismatch);
        }
        let mut params = signing_order(params);
        if self.key.verifies(url, &params, b"", &expected) {
            return Ok(Covered::EveryPair);
        }
        let sent = params.len();
        params.dedup();
        if params.len() == sent {
            // No repeats: the distinct pairs were just checked.
            return Err(SignatureError::Mismatch);
        }
        self.verified(url, &params, b"", &expected)
            .map(|()| Covered::DistinctPairs)
    }

    /// Checks a request whose URL carries `bodySHA256` (`declared`): the
    /// body must hash to it and the base64 `signature` cover the URL.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    pub(crate) fn validate_body_hash(
        &self,
        url: &str,
        declared: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), SignatureError> {
        let expected = decode_base64(signature)?;
        if !hashes_to(body, declared) {
            return Err(SignatureError::Mismatch);
        }
        self.verified(url, &[], b"", &expected)
    }

    /// Whether `expected` was made over `url` (or its other port form),
    /// `params` and `body`, as a `Result`.
    fn verified(
        &self,
        url: &str,
        params: &[(&str, &str)],
        body: &[u8],
        expected: &[u8],
    ) -> Result<(), SignatureError> {
        match self.key.verifies(url, params, body, expected) {
            true => Ok(()),
            false => Err(SignatureError::Mismatch),
        }
    }
}

/// What [`json_members`] does with an object or an array of arrays inside
/// the top-level object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nested {
    /// The object is not flat: no members.
    Refuse,
    /// The nested value counts as its JSON text.
    #[cfg_attr(not(feature = "axum"), allow(dead_code))]
    AsJson,
}

/// The members of a JSON object as form pairs: a string as itself, a
/// number, boolean or `null` as its JSON text, an array as one pair per
/// element. `None` when `value` is not an object, or holds a nested value
/// that `nested` refuses.
pub(crate) fn json_members(
    value: &serde_json::Value,
    nested: Nested,
) -> Option<Vec<(String, String)>> {
    use serde_json::Value;
    fn scalar(value: &Value, nested: Nested) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Array(_) | Value::Object(_) if nested == Nested::Refuse => None,
            other => Some(other.to_string()),
        }
    }
    let mut pairs = Vec::new();
    for (name, value) in value.as_object()? {
        match value {
            Value::Array(elements) => {
                for element in elements {
                    pairs.push((name.clone(), scalar(element, nested)?));
                }
            }
            other => pairs.push((name.clone(), scalar(other, nested)?)),
        }
    }
    Some(pairs)
}

/// Signs requests as SignalWire does: for tests of an app, and for tools
/// that forward webhooks.
///
/// `Debug` does not show the key.
#[derive(Clone)]
pub struct RequestSigner {
    key: Key,
}

impl fmt::Debug for RequestSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RequestSigner { signing_key: ** redacted ** }")
    }
}

impl RequestSigner {
    /// A signer with `signing_key`.
    pub fn new(signing_key: &str) -> Self {
        Self {
            key: Key::new(signing_key),
        }
    }

    /// The signature of a form webhook to `url` with `params` (base64),
    /// over every pair.
    pub fn sign_form<'a, I, K, V>(&self, url: &str, params: I) -> String
    where
        I: IntoIterator<Item = (&'a K, &'a V)>,
        K: AsRef<str> + ?Sized + 'a,
        V: AsRef<str> + ?Sized + 'a,
    {
        let params = signing_order(params);
        BASE64.encode(self.key.mac(url, &params, b"").finalize().into_bytes())
    }

    /// The signature of a `GET` webhook to `url`, its parameters in the
    /// query (base64).
    pub fn sign_url(&self, url: &str) -> String {
        self.sign_form::<[(&str, &str); 0], str, str>(url, [])
    }

    /// The signature of a JSON webhook to `url` with `body`, as SignalWire
    /// makes it (hex).
    pub fn sign_json(&self, url: &str, body: &[u8]) -> String {
        hex(&self.key.mac(url, &[], body).finalize().into_bytes())
    }

    /// `url` with `bodySHA256` added to its query, and its signature:
    /// Twilio's form for a JSON body.
    pub fn sign_json_with_body_hash(&self, url: &str, body: &[u8]) -> (String, String) {
        let (before_fragment, fragment) = url.split_at(url.find('#').unwrap_or(url.len()));
        let separator = if before_fragment.contains('?') {
            '&'
        } else {
            '?'
        };
        let hash = hex(&Sha256::digest(body));
        let url = format!("{before_fragment}{separator}{BODY_SHA256}={hash}{fragment}");
        let signature = self.sign_url(&url);
        (url, signature)
    }
}

/// The signature a header carries, as the bytes it decodes to.
fn decode_base64(signature: &str) -> Result<Vec<u8>, SignatureError> {
    match BASE64.decode(signature) {
        Ok(bytes) if bytes.len() == 20 => Ok(bytes),
        _ => Err(SignatureError::Malformed),
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 40 {
        return None;
    }
    decode_hex_any(text)
}

fn decode_hex_sha256(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    decode_hex_any(text)
}

fn decode_hex_any(text: &str) -> Option<Vec<u8>> {
    fn digit(byte: u8) -> Option<u8> {
        match byte {
            b'0'..=b'9' => Some(byte - b'0'),
            b'a'..=b'f' => Some(byte - b'a' + 10),
            b'A'..=b'F' => Some(byte - b'A' + 10),
            _ => None,
        }
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Some(16 * digit(*high)? + digit(*low)?),
            _ => None,
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// Whether `body` hashes to `declared`, the hex SHA-256 a URL carries.
fn hashes_to(body: &[u8], declared: &str) -> bool {
    decode_hex_sha256(declared).is_some_and(|declared| declared == Sha256::digest(body).as_slice())
}

/// The value of `bodySHA256` in the URL's query, if any.
pub(crate) fn body_sha256_of(url: &str) -> Option<String> {
    // Most URLs have none: a scan is cheaper than decoding the query.
    if !url.contains(BODY_SHA256) {
        return None;
    }
    let before_fragment = url.split_once('#').map_or(url, |(before, _)| before);
    let query = before_fragment.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == BODY_SHA256)
        .map(|(_, value)| value.into_owned())
}

/// `url` without its port if it has one, whatever the port, or with its
/// scheme's default port if it has none; `None` for a URL that is not
/// `http(s)://`.
fn other_port_form(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else if scheme.eq_ignore_ascii_case("http") {
        "80"
    } else {
        return None;
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_and_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    // The port follows the last colon, unless that colon is inside an IPv6
    // literal (`[::1]`).
    let port_colon = match host_and_port.rfind(':') {
        Some(colon) if !host_and_port[colon..].contains(']') => Some(colon),
        _ => None,
    };
    let host_end = scheme.len() + "://".len() + authority.len();
    let host_start = host_end - host_and_port.len();
    let (before, after) = url.split_at(host_end);
    Some(match port_colon {
        Some(colon) => format!("{}{after}", &url[..host_start + colon]),
        None => format!("{before}:{default_port}{after}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_port_is_added_or_removed() {
        let cases = [
            (
                "https://example.com/a?b=1",
                Some("https://example.com:443/a?b=1"),
            ),
            ("https://example.com:443/a", Some("https://example.com/a")),
            ("http://example.com", Some("http://example.com:80")),
            ("http://example.com:80?x", Some("http://example.com?x")),
            (
                "HTTPS://user:pw@example.com/",
                Some("HTTPS://user:pw@example.com:443/"),
            ),
            (
                "https://user:@example.com/a",
                Some("https://user:@example.com:443/a"),
            ),
            (
                "https://a:b@c@example.com:8443/a",
                Some("https://a:b@c@example.com/a"),
            ),
            ("https://[::1]/hook", Some("https://[::1]:443/hook")),
            ("https://[::1]:443/hook", Some("https://[::1]/hook")),
            ("https://example.com:8443/a", Some("https://example.com/a")),
            ("http://example.com:443/a", Some("http://example.com/a")),
            ("ftp://example.com/", None),
            ("not a url", None),
            ("https://", Some("https://:443")),
        ];
        for (url, expected) in cases {
            assert_eq!(other_port_form(url).as_deref(), expected, "{url}");
        }
    }

    #[test]
    fn hex_round_trips_and_refuses_non_hex() {
        let bytes: Vec<u8> = (0..20).map(|byte| byte * 13).collect();
        assert_eq!(decode_hex(&hex(&bytes)), Some(bytes));
        assert_eq!(decode_hex(&"g".repeat(40)), None);
        assert_eq!(decode_hex("abcd"), None);
        assert_eq!(decode_hex(&"é".repeat(20)), None);
    }

    #[test]
    fn parameters_sign_sorted_by_name_then_value_repeats_included() {
        let order = signing_order([("b", "2"), ("a", "9"), ("b", "1"), ("a", "9")]);
        assert_eq!(order, [("a", "9"), ("a", "9"), ("b", "1"), ("b", "2")]);
    }
}
