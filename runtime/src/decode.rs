//! Lenient decoding: real servers drift from their spec, so responses are
//! read as generously as they can be without guessing.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::Error;

/// Decodes a 2xx body into `T`, or a decoding error with the status and the
/// start of the body.
pub fn json<T: serde::de::DeserializeOwned>(status: StatusCode, body: Bytes) -> Result<T, Error> {
    serde_json::from_slice(&body).map_err(|source| Error::decode(status, &body, source))
}

/// What a 2xx body can decode into: the `response = TYPE` of an
/// `#[endpoint]`. Every type that implements `serde::Deserialize` (owning
/// its data) is one; you do not implement it by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the response of an endpoint",
    label = "does not implement `serde::Deserialize`",
    note = "add `#[derive(serde::Deserialize)]` to `{Self}`, or use `serde_json::Value` to take the body as it comes"
)]
pub trait ResponseBody: serde::de::DeserializeOwned {}

#[diagnostic::do_not_recommend]
impl<T: serde::de::DeserializeOwned> ResponseBody for T {}

/// [`json`] for an endpoint's response, so that a type that cannot be one is
/// reported as such.
#[doc(hidden)]
pub fn response<T: ResponseBody>(status: StatusCode, body: Bytes) -> Result<T, Error> {
    json(status, body)
}

/// Reads an error response in any shape into an API error: the documented
/// object, `{"errors": [...]}` of such objects or of plain strings (the
/// spec's `CompatibilityErrorStringArray`), or anything else (an HTML page,
/// an empty body), which keeps only the status.
pub(crate) fn api_error(status: StatusCode, body: &[u8]) -> Error {
    #[derive(Deserialize)]
    struct Fields {
        #[serde(default, deserialize_with = "option_i64")]
        code: Option<i64>,
        #[serde(default, deserialize_with = "option_string")]
        message: Option<String>,
        #[serde(default, deserialize_with = "option_string")]
        more_info: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Text(String),
        Object(Fields),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List { errors: Vec<Item> },
        Single(Fields),
    }

    let mut api = ApiError {
        status: status.as_u16(),
        code: None,
        message: None,
        more_info: None,
        messages: Vec::new(),
    };
    let items = match serde_json::from_slice::<Shape>(body) {
        Ok(Shape::List { errors }) => errors,
        Ok(Shape::Single(fields)) => vec![Item::Object(fields)],
        Err(_) => Vec::new(),
    };
    for item in items {
        let message = match item {
            Item::Text(text) => Some(text),
            Item::Object(fields) => {
                api.code = api.code.or(fields.code);
                api.more_info = api.more_info.or(fields.more_info);
                fields.message
            }
        };
        if let Some(message) = message {
            api.message.get_or_insert_with(|| message.clone());
            api.messages.push(message);
        }
    }
    Error::from_api(api, status, body)
}

/// A date and time as the API sent it, typed when it could be read.
///
/// The API documents RFC 2822 (`Wed, 18 Aug 2021 19:21:34 +0000`); RFC 3339
/// and Unix seconds are read too. A value in any other form is kept as sent,
/// with [`datetime`](Timestamp::datetime) `None`, rather than failing the
/// whole response.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
    parsed: Option<OffsetDateTime>,
}

impl Timestamp {
    /// Reads `raw` in any of the forms the API is known to send.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        // The API's own form first, on the text as sent: it has nothing to
        // trim.
        let parsed = crate::rfc2822::parse_canonical(&raw).or_else(|| {
            let text = raw.trim();
            OffsetDateTime::parse(text, &Rfc2822)
                .or_else(|_| OffsetDateTime::parse(text, &Rfc3339))
                .ok()
                .or_else(|| {
                    text.parse::<i64>()
                        .ok()
                        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
                })
        });
        Self { raw, parsed }
    }

    /// The instant, when the value could be read.
    pub fn datetime(&self) -> Option<OffsetDateTime> {
        self.parsed
    }

    /// The value exactly as the API sent it.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl From<OffsetDateTime> for Timestamp {
    fn from(datetime: OffsetDateTime) -> Self {
        let raw = datetime
            .format(&Rfc2822)
            .unwrap_or_else(|_| datetime.unix_timestamp().to_string());
        Self {
            raw,
            parsed: Some(datetime),
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.parsed {
            Some(datetime) => fmt::Debug::fmt(&datetime, f),
            None => write!(f, "Timestamp({:?})", self.raw),
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = string(deserializer)?;
        Ok(Timestamp::parse(text))
    }
}

/// Reads a string, or a number or boolean where a string was documented,
/// as `string` does, and hands it to `read` without copying it when the
/// input is a string: for enums, which keep only their variant.
#[doc(hidden)]
pub fn with_str<'de, D, T, F>(deserializer: D, read: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> T,
{
    struct WithStr<F>(F);

    impl<'de, T, F: FnOnce(&str) -> T> Visitor<'de> for WithStr<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number, a boolean or null")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok((self.0)(if v { "true" } else { "false" }))
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_any(self)
        }
    }

    deserializer.deserialize_any(WithStr(read))
}

/// Reads a string, or a number or boolean where a string was documented.
pub fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(option_string(deserializer)?.unwrap_or_default())
}

/// Reads an optional string, or a number or boolean where a string was
/// documented; `null` is `None`.
pub fn option_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Lenient;

    impl<'de> Visitor<'de> for Lenient {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a number, a boolean or null")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Lenient)
        }
    }

    deserializer.deserialize_any(Lenient)
}

/// Reads an optional integer, from a number or a numeric string; anything
/// else is `None`.
pub fn option_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Lenient;

    impl<'de> Visitor<'de> for Lenient {
        type Value = Option<i64>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, a numeric string or null")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(v).ok())
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(v.is_finite().then_some(v as i64))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let text = v.trim();
            Ok(text.parse::<i64>().ok().or_else(|| {
                text.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .map(|n| n as i64)
            }))
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Lenient)
        }
    }

    deserializer.deserialize_any(Lenient)
}

/// Reads a boolean leniently, as [`option_bool`] does; absent or unreadable
/// is `false`.
pub fn bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(option_bool(deserializer)?.unwrap_or(false))
}

/// Reads an optional boolean from `true`/`false`, `"true"`/`"false"` or
/// `1`/`0`; anything else is `None`.
pub fn option_bool<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    Ok(
        option_string(deserializer)?.and_then(|text| match text.trim() {
            "true" | "True" | "1" => Some(true),
            "false" | "False" | "0" => Some(false),
            _ => None,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_every_known_form() {
        let rfc2822 = Timestamp::parse("Wed, 18 Aug 2021 19:21:34 +0000");
        let rfc3339 = Timestamp::parse("2021-08-18T19:21:34Z");
        let unix = Timestamp::parse("1629314494");
        assert!(rfc2822.datetime().is_some());
        assert_eq!(rfc2822.datetime(), rfc3339.datetime());
        assert_eq!(rfc2822.datetime(), unix.datetime());
        let odd = Timestamp::parse("yesterday-ish");
        assert_eq!(odd.datetime(), None);
        assert_eq!(odd.as_str(), "yesterday-ish");
    }

    #[test]
    fn error_bodies_in_every_shape() {
        let status = StatusCode::NOT_FOUND;
        let single = api_error(
            status,
            br#"{"code":20404,"message":"Not found","more_info":"https://x","status":404}"#,
        );
        let api = single.api().unwrap();
        assert_eq!(
            (api.code, api.message.as_deref()),
            (Some(20404), Some("Not found"))
        );

        let list = api_error(status, br#"{"errors":[{"code":"21211","message":"Bad"}]}"#);
        let api = list.api().unwrap();
        assert_eq!(
            (api.code, api.message.as_deref()),
            (Some(21211), Some("Bad"))
        );

        let strings = api_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            br#"{"errors":["Status is not included in the list","Url is invalid"]}"#,
        );
        let api = strings.api().unwrap();
        assert_eq!(
            api.message.as_deref(),
            Some("Status is not included in the list")
        );
        assert_eq!(
            api.messages,
            ["Status is not included in the list", "Url is invalid"]
        );
        assert_eq!(
            strings.to_string(),
            "the API answered HTTP 422: Status is not included in the list; Url is invalid"
        );

        let several = api_error(
            status,
            br#"{"errors":[{"code":21211,"message":"Bad To"},{"code":21212,"message":"Bad From"}]}"#,
        );
        let api = several.api().unwrap();
        assert_eq!(api.code, Some(21211));
        assert_eq!(api.messages, ["Bad To", "Bad From"]);

        let html = api_error(StatusCode::BAD_GATEWAY, b"<html>bad gateway</html>");
        assert_eq!(html.api().unwrap().code, None);
        assert_eq!(html.status(), Some(502));
        assert_eq!(html.body_snippet(), Some("<html>bad gateway</html>"));
        assert_eq!(
            html.to_string(),
            "the server answered HTTP 502 with an HTML page, not the API's JSON"
        );
        let not_found = api_error(StatusCode::NOT_FOUND, b"\n <!DOCTYPE html><p>Not Found</p>");
        assert_eq!(
            not_found.to_string(),
            "the server answered HTTP 404 with an HTML page, not the API's JSON: \
             is the space URL right?"
        );
        let text = api_error(StatusCode::NOT_FOUND, b"404 page not found");
        assert_eq!(
            text.to_string(),
            "the server answered HTTP 404 with a body, not the API's JSON: is the space URL right?"
        );

        let empty = api_error(StatusCode::SERVICE_UNAVAILABLE, b"");
        assert!(empty.is_api());
        assert_eq!(
            empty.to_string(),
            "the server answered HTTP 503 with an empty body, not the API's JSON"
        );
    }
}
