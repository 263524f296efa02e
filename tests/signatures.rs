//! Webhook signatures: Twilio's published examples, signatures computed by
//! SignalWire's and Twilio's Python SDKs (`tests/fixtures/signatures/`,
//! written by `generate.py` there), signer and validator against each
//! other, ports, repeated names, JSON bodies, tampering, and no panic on any
//! input.

use std::path::Path;

use laml::signature::{RequestSigner, RequestValidator, SignatureError};
use proptest::prelude::*;
use serde_json::Value;

const TWILIO_DOCS_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

/// Twilio's worked example (its security documentation and its SDKs'
/// tests), signed with the key `12345`.
#[test]
fn twilios_published_examples_validate() {
    let validator = RequestValidator::new("12345");
    let params = [
        ("CallSid", "CA1234567890ABCDE"),
        ("Caller", "+14158675309"),
        ("Digits", "1234"),
        ("From", "+14158675309"),
        ("To", "+18005551212"),
    ];
    assert_eq!(
        validator.validate_form(
            TWILIO_DOCS_URL,
            params,
            Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        ),
        Ok(())
    );
    // The same in the older edition of the documentation, other numbers.
    let older = [
        ("To", "+18005551212"),
        ("From", "+12349013030"),
        ("Digits", "1234"),
        ("Caller", "+12349013030"),
        ("CallSid", "CA1234567890ABCDE"),
    ];
    assert_eq!(
        validator.validate_form(TWILIO_DOCS_URL, older, Some("0/KCTR6DLpKmkAf8muzZqo1nDgQ=")),
        Ok(())
    );
    // The host's case is part of what is signed (twilio-csharp's test).
    assert_eq!(
        validator.validate_form(
            "https://MyCompany.com/myapp.php?foo=1&bar=2",
            params,
            Some("g9IN/x4Cft2g517EjYvEvM/W7LU=")
        ),
        Ok(())
    );
    assert_eq!(
        validator.validate_form(
            TWILIO_DOCS_URL,
            params,
            Some("g9IN/x4Cft2g517EjYvEvM/W7LU=")
        ),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        RequestSigner::new("12345").sign_form(TWILIO_DOCS_URL, params),
        "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    );
}

/// twilio-php's JSON example: the body's SHA-256 in `bodySHA256`.
#[test]
fn twilios_published_body_hash_matches() {
    let (url, _) = RequestSigner::new("12345").sign_json_with_body_hash(
        TWILIO_DOCS_URL,
        br#"{"property": "value", "boolean": true}"#,
    );
    assert_eq!(
        url,
        format!(
            "{TWILIO_DOCS_URL}&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        )
    );
}

fn fixture(name: &str) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/signatures")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn pairs(case: &Value) -> Vec<(String, String)> {
    case["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn signatures_agree_with_the_python_sdks() {
    let mut checked = 0;
    for file in ["signalwire.json", "twilio.json"] {
        for case in fixture(file) {
            let key = case["key"].as_str().unwrap();
            let url = case["url"].as_str().unwrap();
            let signature = case["signature"].as_str().unwrap();
            let validator = RequestValidator::new(key);
            let signer = RequestSigner::new(key);
            match case["kind"].as_str().unwrap() {
                "form" => {
                    let params = pairs(&case);
                    let pairs = params.iter().map(|(name, value)| (name, value));
                    // twilio 7 and later sign an exact repeat once; laml
                    // signs every pair, and accepts both.
                    let mut distinct = params.clone();
                    distinct.sort();
                    distinct.dedup();
                    if distinct.len() == params.len() {
                        assert_eq!(signer.sign_form(url, pairs.clone()), signature, "{case}");
                    }
                    for (other, python) in case["validates"].as_object().unwrap() {
                        let expected = python.as_bool().unwrap();
                        let result = validator.validate_form(other, pairs.clone(), Some(signature));
                        assert_eq!(result.is_ok(), expected, "{other} in {case}");
                        if !expected {
                            assert_eq!(result, Err(SignatureError::Mismatch));
                        }
                        checked += 1;
                    }
                }
                "json" => {
                    let body = case["body"].as_str().unwrap().as_bytes();
                    if !url.contains("bodySHA256") {
                        assert_eq!(signer.sign_json(url, body), signature, "{case}");
                    }
                    for (other, python) in case["validates"].as_object().unwrap() {
                        let expected = python.as_bool().unwrap();
                        let result = validator.validate_json(other, body, Some(signature));
                        assert_eq!(result.is_ok(), expected, "{other} in {case}");
                        checked += 1;
                    }
                }
                other => panic!("unknown kind {other}"),
            }
        }
    }
    assert!(checked >= 60, "{checked}");
}

#[test]
fn repeated_names_sign_each_value_sorted() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let url = "https://example.com/message";
    let sent = [("MediaUrl", "b"), ("Body", "hi"), ("MediaUrl", "a")];
    let signature = signer.sign_form(url, sent);
    // Any order of the same pairs validates...
    let reordered = [("MediaUrl", "a"), ("MediaUrl", "b"), ("Body", "hi")];
    assert_eq!(
        validator.validate_form(url, reordered, Some(&signature)),
        Ok(())
    );
    // ...but every value counts.
    let dropped = [("MediaUrl", "a"), ("Body", "hi")];
    assert_eq!(
        validator.validate_form(url, dropped, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
    let moved = [("MediaUrl", "a"), ("MediaUrl", "bhi"), ("Body", "")];
    assert_eq!(
        validator.validate_form(url, moved, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn exact_repeats_validate_signed_each_time_or_once_and_nothing_else_does() {
    let validator = RequestValidator::new("key");
    let url = "https://example.com/status";
    let sent = [("Digits", "1"), ("Sid", "CA1"), ("Digits", "1")];
    let every = RequestSigner::new("key").sign_form(url, sent);
    let once = RequestSigner::new("key").sign_form(url, [("Digits", "1"), ("Sid", "CA1")]);
    assert_ne!(every, once);
    for signature in [&every, &once] {
        assert_eq!(validator.validate_form(url, sent, Some(signature)), Ok(()));
    }
    // A repeat the signature did not have is not made up for.
    let added = [("Digits", "1"), ("Sid", "CA1"), ("Digits", "2")];
    for signature in [&every, &once] {
        assert_eq!(
            validator.validate_form(url, added, Some(signature)),
            Err(SignatureError::Mismatch)
        );
    }
    // Signed once, sent once: fine; signed twice, sent once: not.
    let single = [("Digits", "1"), ("Sid", "CA1")];
    assert_eq!(validator.validate_form(url, single, Some(&once)), Ok(()));
    assert_eq!(
        validator.validate_form(url, single, Some(&every)),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_url_with_body_sha256_needs_its_body() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let (hashed, signature) =
        signer.sign_json_with_body_hash("https://example.com/hook", br#"{"a":"1"}"#);
    // The URL's signature alone, with no body to check the hash against.
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        validator.validate_form(&hashed, none, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate_json(&hashed, b"", Some(&signature)),
        Err(SignatureError::Mismatch)
    );
    // A hex signature over the URL and another body: the hash still counts.
    let hex = signer.sign_json(&hashed, br#"{"a":"2"}"#);
    assert_eq!(
        validator.validate_json(&hashed, br#"{"a":"2"}"#, Some(&hex)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate_json(&hashed, br#"{"a":"1"}"#, Some(&signature)),
        Ok(())
    );
}

#[test]
fn a_flat_json_object_signed_like_a_form_validates_whatever_its_members() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let url = "https://example.com/json";
    let body = br#"{"CallSid":"CA1","Duration":12,"Price":-0.5,"Muted":true,"Label":null,"To":["+2","+1"]}"#;
    let signature = signer.sign_form(
        url,
        [
            ("CallSid", "CA1"),
            ("Duration", "12"),
            ("Price", "-0.5"),
            ("Muted", "true"),
            ("Label", "null"),
            ("To", "+1"),
            ("To", "+2"),
        ],
    );
    assert_eq!(validator.validate_json(url, body, Some(&signature)), Ok(()));
    let changed = br#"{"CallSid":"CA1","Duration":13,"Price":-0.5,"Muted":true,"Label":null,"To":["+2","+1"]}"#;
    assert_eq!(
        validator.validate_json(url, changed, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
    // A nested object is not a form, even signed over its JSON text.
    let nested = br#"{"a":{"b":"c"}}"#;
    let over_text = signer.sign_form(url, [("a", r#"{"b":"c"}"#)]);
    assert_eq!(
        validator.validate_json(url, nested, Some(&over_text)),
        Err(SignatureError::Mismatch)
    );
    // Not flat, or not an object: not a form, so no match.
    for body in [&br#"{"a":{"b":"c"}}"#[..], b"[1,2]", b"\"x\"", b"{not json"] {
        let signature = signer.sign_form(url, [("a", "x")]);
        assert_eq!(
            validator.validate_json(url, body, Some(&signature)),
            Err(SignatureError::Mismatch)
        );
    }
}

#[test]
fn a_url_validates_without_its_port_or_with_the_default_one() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let params = [("CallSid", "CA1")];
    let cases = [
        (
            "https://example.com/a?b=1",
            "https://example.com:443/a?b=1",
            true,
        ),
        ("https://example.com:443/a", "https://example.com/a", true),
        ("http://example.com/a", "http://example.com:80/a", true),
        ("http://example.com:80/a", "http://example.com/a", true),
        // Signed without the port, requested on any: as the SDKs accept.
        ("https://example.com/a", "https://example.com:80/a", true),
        ("https://example.com/a", "https://example.com:8443/a", true),
        ("http://example.com/a", "http://example.com:8080/a", true),
        ("https://[::1]/a", "https://[::1]:8443/a", true),
        // Signed with a port that is not the default: only that port.
        (
            "https://example.com:8443/a",
            "https://example.com:8444/a",
            false,
        ),
        ("https://example.com/a", "http://example.com/a", false),
        ("https://example.com:8443/a", "https://example.com/a", false),
        (
            "https://example.com/a?b=1",
            "https://example.com/a?b=2",
            false,
        ),
        ("https://example.com/a?b=1", "https://example.com/a", false),
        ("https://example.com/a", "https://example.com/a/", false),
    ];
    for (signed, requested, valid) in cases {
        let form = signer.sign_form(signed, params);
        assert_eq!(
            validator
                .validate_form(requested, params, Some(&form))
                .is_ok(),
            valid,
            "form: {signed} -> {requested}"
        );
        let json = signer.sign_json(signed, b"{}");
        assert_eq!(
            validator
                .validate_json(requested, b"{}", Some(&json))
                .is_ok(),
            valid,
            "json: {signed} -> {requested}"
        );
    }
}

#[test]
fn json_bodies_validate_and_any_change_is_caught() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let url = "https://example.com/json";
    let body = br#"{"CallSid":"CA1","Digits":"12"}"#;

    let hex = signer.sign_json(url, body);
    assert_eq!(hex.len(), 40);
    assert_eq!(validator.validate_json(url, body, Some(&hex)), Ok(()));
    assert_eq!(
        validator.validate_json(url, body, Some(&hex.to_uppercase())),
        Ok(())
    );
    assert_eq!(
        validator.validate_json(url, br#"{"CallSid":"CA1","Digits":"13"}"#, Some(&hex)),
        Err(SignatureError::Mismatch)
    );

    let (hashed_url, signature) = signer.sign_json_with_body_hash(url, body);
    assert_eq!(
        validator.validate_json(&hashed_url, body, Some(&signature)),
        Ok(())
    );
    assert_eq!(
        validator.validate_json(&hashed_url, b"{}", Some(&signature)),
        Err(SignatureError::Mismatch),
        "the body does not match its hash"
    );
    let forged_hash = hashed_url.replace("bodySHA256=", "bodySHA256=0");
    assert_eq!(
        validator.validate_json(&forged_hash, body, Some(&signature)),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate_json(url, body, Some(&signature)),
        Err(SignatureError::Mismatch),
        "a base64 signature needs bodySHA256"
    );
}

#[test]
fn tampering_with_anything_signed_is_a_mismatch() {
    let signer = RequestSigner::new("key");
    let url = "https://example.com/voice?tenant=7";
    let params = [("CallSid", "CA1"), ("Digits", "1")];
    let signature = signer.sign_form(url, params);
    let validator = RequestValidator::new("key");
    assert_eq!(
        validator.validate_form(url, params, Some(&signature)),
        Ok(())
    );

    let mismatch = Err(SignatureError::Mismatch);
    assert_eq!(
        validator.validate_form(url, [("CallSid", "CA1"), ("Digits", "2")], Some(&signature)),
        mismatch
    );
    assert_eq!(
        validator.validate_form(url, [("CallSid", "CA1")], Some(&signature)),
        mismatch
    );
    assert_eq!(
        validator.validate_form(
            url,
            [("CallSid", "CA1"), ("Digits", "1"), ("Admin", "true")],
            Some(&signature)
        ),
        mismatch
    );
    assert_eq!(
        validator.validate_form(
            "https://example.com/voice?tenant=8",
            params,
            Some(&signature)
        ),
        mismatch
    );
    assert_eq!(
        RequestValidator::new("other key").validate_form(url, params, Some(&signature)),
        mismatch
    );
    let mut flipped = signature.into_bytes();
    flipped[3] = if flipped[3] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    assert_eq!(
        validator.validate_form(url, params, Some(&flipped)),
        mismatch
    );
}

#[test]
fn missing_and_malformed_headers_are_told_apart() {
    let validator = RequestValidator::new("key");
    let url = "https://example.com/";
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        validator.validate_form(url, none, None),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        validator.validate_json(url, b"", None),
        Err(SignatureError::Missing)
    );
    for malformed in [
        "",
        "not base64!",
        "AAAA",
        "RSOYDt4T1cUTdK1PDd93/VVr8B8",
        "é",
    ] {
        assert_eq!(
            validator.validate_form(url, none, Some(malformed)),
            Err(SignatureError::Malformed),
            "{malformed:?}"
        );
        assert_eq!(
            validator.validate_json(url, b"", Some(malformed)),
            Err(SignatureError::Malformed),
            "{malformed:?}"
        );
    }
    assert_eq!(
        SignatureError::Malformed.to_string(),
        "the signature header is malformed"
    );
}

#[test]
fn the_signing_key_never_shows() {
    let validator = RequestValidator::new("PSK_super_secret");
    let signer = RequestSigner::new("PSK_super_secret");
    for shown in [format!("{validator:?}"), format!("{signer:?}")] {
        assert!(!shown.contains("super_secret"), "{shown}");
        assert!(shown.contains("signing_key: ** redacted **"), "{shown}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_input_panics_and_signed_requests_validate(
        key in ".{0,40}",
        url in prop_oneof![
            ".{0,60}",
            "(https?|HTTP|ftp)://[a-z:@\\[\\]0-9.]{0,20}(:[0-9]{0,6})?[/?#][ -~]{0,30}",
        ],
        params in prop::collection::vec((".{0,12}", ".{0,12}"), 0..6),
        header in prop_oneof![".{0,60}", "[A-Za-z0-9+/=]{26,30}", "[0-9a-fA-F]{38,42}"],
        body in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let validator = RequestValidator::new(&key);
        let pairs = || params.iter().map(|(name, value)| (name, value));
        // Any header, on any URL: an answer, never a panic.
        let _ = validator.validate_form(&url, pairs(), Some(&header));
        let _ = validator.validate_json(&url, &body, Some(&header));

        let signer = RequestSigner::new(&key);
        let signature = signer.sign_form(&url, pairs());
        prop_assert_eq!(validator.validate_form(&url, pairs(), Some(&signature)), Ok(()));
        let json = signer.sign_json(&url, &body);
        prop_assert_eq!(validator.validate_json(&url, &body, Some(&json)), Ok(()));
        let (hashed, signature) = signer.sign_json_with_body_hash(&url, &body);
        prop_assert_eq!(validator.validate_json(&hashed, &body, Some(&signature)), Ok(()));
    }
}

#[test]
fn a_get_webhook_is_checked_over_its_url_with_no_turbofish() {
    let signer = RequestSigner::new("key");
    let validator = RequestValidator::new("key");
    let url = "https://example.com/status?CallSid=CA1&CallStatus=completed";
    let signature = signer.sign_url(url);
    let none: [(&str, &str); 0] = [];
    assert_eq!(signature, signer.sign_form(url, none));
    assert_eq!(validator.validate_url(url, Some(&signature)), Ok(()));
    assert_eq!(
        validator.validate_url(
            "https://example.com/status?CallSid=CA1&CallStatus=failed",
            Some(&signature)
        ),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        validator.validate_url(url, None),
        Err(SignatureError::Missing)
    );
}
