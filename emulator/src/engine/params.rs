//! Reading a request's parameters and checking them against the spec:
//! names, required ones, types, enums, formats.

use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use super::parties;
use crate::error::ApiError;
use crate::spec::{Kind, Location, Operation, Parameter};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// Webhook URLs (`AnnounceUrl`, `StatusCallback`…).
const HTTP: &[&str] = &["http", "https"];
/// Where a media stream connects: the spec's prose allows only `wss`.
const WSS: &[&str] = &["wss"];
/// Names the Twilio-compatible API caps at 64 characters.
const FRIENDLY_NAME_MAX_CHARS: usize = 64;

/// The checked parameters, by wire name, in the spec's order; values typed
/// as the spec says (booleans as JSON booleans, arrays as arrays).
#[derive(Debug, Default)]
pub(crate) struct Arguments {
    given: Vec<(String, Value)>,
}

impl Arguments {
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.given
            .iter()
            .find_map(|(given, value)| (given == name).then_some(value))
    }

    pub(crate) fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    pub(crate) fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    pub(crate) fn integer(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    /// The strings of a parameter given once or, as an array, repeated.
    pub(crate) fn strings(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(Value::String(one)) => vec![one.clone()],
            Some(Value::Array(many)) => many
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.given
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}

/// The parameters of `operation` from the query (`GET`, `DELETE`) or the
/// body (`POST`, and `PATCH`'s JSON), checked.
pub(crate) fn read(
    operation: &Operation,
    parts: &Parts,
    body: &[u8],
) -> Result<Arguments, ApiError> {
    let query = form_pairs(parts.uri.query().unwrap_or_default().as_bytes())?;
    let pairs = if matches!(operation.method.as_str(), "GET" | "DELETE") {
        query
    } else {
        if let Some((name, _)) = query.first() {
            return Err(ApiError::unknown_parameter(
                name,
                "the query string of a POST; send it in the form body",
            ));
        }
        body_pairs(operation, &parts.headers, body)?
    };
    check(operation, pairs)
}

/// An `application/x-www-form-urlencoded` query or body, decoded strictly:
/// what the app sent is what is stored, or the request is refused.
fn form_pairs(bytes: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    bytes
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &b""[..]),
            };
            Ok((form_text(name)?, form_text(value)?))
        })
        .collect()
}

/// One name or value: `+` is a space, `%XX` a byte; the bytes must be
/// UTF-8 without a NUL.
fn form_text(encoded: &[u8]) -> Result<String, ApiError> {
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut at = 0;
    while let Some(&byte) = encoded.get(at) {
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = encoded.get(at + 1..at + 3).and_then(|digits| {
                    let digits = std::str::from_utf8(digits).ok()?;
                    u8::from_str_radix(digits, 16)
                        .ok()
                        .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
                });
                let Some(decoded) = hex else {
                    let escape = String::from_utf8_lossy(&encoded[at..encoded.len().min(at + 3)]);
                    return Err(ApiError::malformed_form(format_args!(
                        "'{escape}' is not a percent-encoded byte (% and two hex digits)"
                    )));
                };
                bytes.push(decoded);
                at += 2;
            }
            other => bytes.push(other),
        }
        at += 1;
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| ApiError::malformed_form("the decoded bytes are not UTF-8"))?;
    if text.contains('\0') {
        return Err(ApiError::malformed_form("a NUL byte (%00) is not allowed"));
    }
    Ok(text)
}

/// A form body, or for an operation that declares JSON, a JSON object
/// whose members are strings, numbers, booleans or arrays of them.
fn body_pairs(
    operation: &Operation,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, ApiError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case(FORM) {
        return form_pairs(body);
    }
    if !(operation.json_body && essence.eq_ignore_ascii_case(JSON)) {
        let expected = if operation.json_body { JSON } else { FORM };
        return Err(ApiError::unsupported_content_type(&content_type, expected));
    }
    let object: Map<String, Value> =
        serde_json::from_slice(body).map_err(ApiError::unreadable_body)?;
    let mut pairs = Vec::new();
    for (name, value) in object {
        let values = match value {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            single => vec![single],
        };
        for value in values {
            let text = match value {
                Value::String(text) if text.contains('\0') => {
                    return Err(ApiError::malformed_form("a NUL character is not allowed"))
                }
                Value::String(text) => text,
                Value::Bool(_) | Value::Number(_) => value.to_string(),
                _ => {
                    return Err(ApiError::unreadable_body(format_args!(
                        "member {name} must be a string, number, boolean or an array of them"
                    )))
                }
            };
            pairs.push((name.clone(), text));
        }
    }
    Ok(pairs)
}

/// Every parameter in the spec's order (a repeated name, a missing required
/// one, a bad value), then any name the operation does not define.
fn check(operation: &Operation, mut pairs: Vec<(String, String)>) -> Result<Arguments, ApiError> {
    let mut given = Vec::new();
    for parameter in &operation.parameters {
        if parameter.location == Location::Path {
            continue;
        }
        let values: Vec<String> = take(&mut pairs, |name| name == parameter.name)
            .into_iter()
            .map(|(_, value)| value)
            .collect();
        if values.is_empty() {
            if parameter.required {
                return Err(parties::missing(&operation.id, &parameter.name)
                    .unwrap_or_else(|| ApiError::missing(&parameter.name)));
            }
            continue;
        }
        let value = if parameter.kind == Kind::Array {
            let items = values
                .iter()
                .map(|value| typed(operation, parameter, parameter.item_kind, value))
                .collect::<Result<_, _>>()?;
            Value::Array(items)
        } else if values.len() > 1 {
            return Err(ApiError::repeated_parameter(&parameter.name));
        } else {
            typed(operation, parameter, parameter.kind, &values[0])?
        };
        given.push((parameter.name.clone(), value));
    }
    // The spec lists `Parameter1.*` and `Parameter2.*`; streams take up to 99.
    if operation.parameter("Parameter1.Name").is_some() {
        let mut custom = take(&mut pairs, is_custom_parameter);
        custom.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(pair) = custom.windows(2).find(|pair| pair[0].0 == pair[1].0) {
            return Err(ApiError::repeated_parameter(&pair[0].0));
        }
        given.extend(custom.into_iter().map(|(name, value)| (name, value.into())));
    }
    match pairs.first() {
        Some((name, _)) => Err(ApiError::unknown_parameter(name, &operation.id)),
        None => Ok(Arguments { given }),
    }
}

/// Removes and returns the pairs `matches` picks.
fn take(
    pairs: &mut Vec<(String, String)>,
    matches: impl Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let (taken, kept) = std::mem::take(pairs)
        .into_iter()
        .partition(|(name, _)| matches(name));
    *pairs = kept;
    taken
}

/// `value` read as `kind`, within what the spec allows.
fn typed(
    operation: &Operation,
    parameter: &Parameter,
    kind: Kind,
    value: &str,
) -> Result<Value, ApiError> {
    let name = parameter.name.as_str();
    match kind {
        // SignalWire's own Python SDK sends `True` and `False`.
        Kind::Boolean if value.eq_ignore_ascii_case("true") => Ok(true.into()),
        Kind::Boolean if value.eq_ignore_ascii_case("false") => Ok(false.into()),
        Kind::Boolean => Err(ApiError::invalid_boolean(name, value)),
        Kind::Integer => {
            let (min, max) = match name {
                "PageSize" => (1, 1000),
                "Page" => (0, i64::from(i32::MAX)),
                _ => (i64::from(i32::MIN), i64::from(i32::MAX)),
            };
            let digits = value.strip_prefix('-').unwrap_or(value);
            match value.parse::<i64>() {
                Ok(number)
                    if (min..=max).contains(&number)
                        && !digits.is_empty()
                        && digits.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    Ok(number.into())
                }
                _ => Err(ApiError::invalid_integer(name, value, min, max)),
            }
        }
        Kind::Number => match value.parse::<f64>() {
            Ok(number) if number.is_finite() => Ok(number.into()),
            _ => Err(ApiError::invalid_number(name, value)),
        },
        _ => {
            if let Some(allowed) = &parameter.allowed {
                // A boolean the spec writes as the strings `true` and `false`
                // (a fax's `StoreMedia`) comes as `True` from SignalWire's
                // Python SDK, as other booleans do.
                let boolean = allowed.len() == 2
                    && ["true", "false"]
                        .iter()
                        .all(|word| allowed.iter().any(|candidate| candidate == word));
                if boolean
                    && (value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"))
                {
                    return Ok(value.to_ascii_lowercase().into());
                }
                if !allowed.iter().any(|candidate| candidate == value) {
                    let expected = format!("one of {}", allowed.join(", "));
                    return Err(ApiError::invalid_value(name, value, &expected));
                }
            }
            if parameter.uri {
                let schemes = url_schemes(operation, name);
                if !is_absolute_url(value, schemes) {
                    let expected = format!("an absolute {}:// URL", schemes.join("://, "));
                    return Err(ApiError::invalid_url(name, value, &expected));
                }
            }
            if let Some(filter) = &parameter.date {
                return match moment(value) {
                    Some(Moment::Day(_)) => Ok(value.into()),
                    Some(Moment::Instant(_)) if filter.instants => Ok(value.into()),
                    _ => Err(ApiError::invalid_date(name, value, filter.instants)),
                };
            }
            parties::check(&operation.id, name, value)?;
            if let Some(events) = &parameter.described {
                // One value may name several events, as LaML attributes do.
                let unknown = value
                    .split([' ', ','])
                    .filter(|event| !event.is_empty())
                    .find(|event| !events.iter().any(|known| known == event));
                if let Some(unknown) = unknown {
                    let expected = format!("events among {}", events.join(", "));
                    return Err(ApiError::invalid_value(name, unknown, &expected));
                }
            }
            if name == "FriendlyName" && value.chars().count() > FRIENDLY_NAME_MAX_CHARS {
                let expected = format!("at most {FRIENDLY_NAME_MAX_CHARS} characters");
                return Err(ApiError::invalid_value(name, value, &expected));
            }
            Ok(value.into())
        }
    }
}

fn url_schemes(operation: &Operation, name: &str) -> &'static [&'static str] {
    let is_stream = matches!(operation.template.last(), Some(crate::spec::Segment::Literal(last)) if last == "Streams");
    if is_stream && name == "Url" {
        WSS
    } else {
        HTTP
    }
}

/// What a date filter names: a day, or (for the time filters of calls,
/// messages and faxes) an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Moment {
    Day(Date),
    Instant(OffsetDateTime),
}

/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SSZ` in UTC.
pub(crate) fn moment(value: &str) -> Option<Moment> {
    match value.len() {
        10 => Date::parse(value, format_description!("[year]-[month]-[day]"))
            .ok()
            .map(Moment::Day),
        20 => PrimitiveDateTime::parse(
            value,
            format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z"),
        )
        .ok()
        .map(|moment| Moment::Instant(moment.assume_utc())),
        _ => None,
    }
}

/// `Parameter1.Name` … `Parameter99.Value`.
fn is_custom_parameter(name: &str) -> bool {
    let Some((number, field)) = name
        .strip_prefix("Parameter")
        .and_then(|rest| rest.split_once('.'))
    else {
        return false;
    };
    let number_ok = !number.starts_with('0')
        && number.bytes().all(|b| b.is_ascii_digit())
        && number.parse::<u8>().is_ok_and(|n| (1..=99).contains(&n));
    number_ok && matches!(field, "Name" | "Value")
}

/// `scheme://host[:port][/path][?query][#fragment]`, no white space.
fn is_absolute_url(value: &str, schemes: &[&str]) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    if !schemes
        .iter()
        .any(|known| known.eq_ignore_ascii_case(scheme))
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        match bracketed.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host_and_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_and_port, None),
        }
    };
    let port_ok = port.is_none_or(|port| !port.is_empty() && port.parse::<u16>().is_ok());
    !host.is_empty() && port_ok
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::spec::API;

    pub(crate) fn checked_query(operation: &Operation, query: &str) -> Arguments {
        check(operation, form_pairs(query.as_bytes()).unwrap()).unwrap()
    }

    fn checked(operation_id: &str, form: &str) -> Result<Arguments, String> {
        let operation = API.operation(operation_id).unwrap();
        let pairs = form_pairs(form.as_bytes()).map_err(|error| format!("{error:?}"))?;
        check(operation, pairs).map_err(|error| format!("{error:?}"))
    }

    fn code(operation_id: &str, form: &str) -> String {
        checked(operation_id, form).unwrap_err()
    }

    #[test]
    fn booleans_are_true_or_false_in_any_case() {
        for (text, value) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("false", false),
            ("False", false),
        ] {
            let arguments = checked("update_participant", &format!("Muted={text}")).unwrap();
            assert_eq!(arguments.flag("Muted"), Some(value), "{text}");
        }
        for bad in ["yes", "1", "", "truee"] {
            assert!(
                code("update_participant", &format!("Hold={bad}")).contains("21105"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_single_valued_parameter_given_twice_is_an_error() {
        assert!(code("update_participant", "Muted=true&Muted=false").contains("21109"));
    }

    #[test]
    fn an_array_takes_repeated_names() {
        let arguments = checked(
            "create_token",
            "name=ci&permissions=calling&permissions=messaging",
        )
        .unwrap();
        assert_eq!(
            arguments.get("permissions"),
            Some(&serde_json::json!(["calling", "messaging"]))
        );
    }

    #[test]
    fn a_required_parameter_is_missed_and_an_unknown_one_refused() {
        assert!(code("update_conference_recording", "PauseBehavior=skip").contains("21101"));
        // A party left out is refused with the API's own code.
        let from = code("create_a_call", "To=%2B15551230000");
        assert!(
            from.contains("21213") && from.contains("Caller phone number is required"),
            "{from}"
        );
        let unknown = code("update_conference", "Bogus=1");
        assert!(
            unknown.contains("21108") && unknown.contains("Bogus"),
            "{unknown}"
        );
    }

    #[test]
    fn literal_names_and_dates_are_read() {
        let arguments = checked(
            "list_all_conferences",
            "FriendlyName=My+Room%21&DateCreated%3C=2021-08-18",
        )
        .unwrap();
        assert_eq!(arguments.str("FriendlyName"), Some("My Room!"));
        assert_eq!(arguments.str("DateCreated<"), Some("2021-08-18"));
        for bad in [
            "2021-8-18",
            "18/08/2021",
            "2021-02-30",
            "2021-08-18T00:00:00Z",
            "",
        ] {
            assert!(
                code("list_all_conferences", &format!("DateCreated={bad}")).contains("21106"),
                "{bad}"
            );
        }
    }

    #[test]
    fn time_filters_of_calls_messages_and_faxes_also_take_utc_instants() {
        for (operation, name) in [
            ("list_all_calls", "StartTime%3E"),
            ("list_all_calls", "EndTime"),
            ("list_messages", "DateSent%3C"),
            ("list_all_faxes", "DateCreatedAfter"),
        ] {
            assert!(checked(operation, &format!("{name}=2021-08-18T23:59:59Z")).is_ok());
            assert!(checked(operation, &format!("{name}=2021-08-18")).is_ok());
            for bad in [
                "2021-08-18T23:59:59",
                "2021-08-18T23:59:59+01:00",
                "2021-08-18 23:59:59Z",
                "2021-08-18T24:00:00Z",
            ] {
                let error = code(operation, &format!("{name}={bad}"));
                assert!(
                    error.contains("21106") && error.contains("SSZ"),
                    "{bad}: {error}"
                );
            }
        }
    }

    #[test]
    fn integers_are_digits_in_range() {
        for bad in ["0", "1001", "-1", "+5", "1.5", "abc", ""] {
            assert!(
                code("list_all_conferences", &format!("PageSize={bad}")).contains("21104"),
                "{bad}"
            );
        }
        let timeout = checked(
            "create_a_call",
            "To=%2B15551230000&From=%2B15551230001&Timeout=-5",
        )
        .unwrap();
        assert_eq!(timeout.integer("Timeout"), Some(-5));
        assert!(code(
            "create_a_call",
            "To=%2B15551230000&From=%2B15551230001&Timeout=99999999999"
        )
        .contains("21104"));
    }

    #[test]
    fn enums_match_exactly() {
        assert!(code("update_conference", "Status=Completed").contains("21102"));
        assert!(checked("update_conference", "Status=completed").is_ok());
    }

    #[test]
    fn an_enum_of_true_and_false_is_a_boolean_in_any_case() {
        let form = "To=%2B15551230000&From=%2B15551230001&MediaUrl=c&StoreMedia=";
        for (given, read) in [("True", "true"), ("FALSE", "false"), ("false", "false")] {
            let arguments = checked("send_fax", &format!("{form}{given}")).unwrap();
            assert_eq!(arguments.str("StoreMedia"), Some(read), "{given}");
        }
        assert!(code("send_fax", &format!("{form}yes")).contains("21102"));
    }

    #[test]
    fn custom_stream_parameters_are_numbered_1_to_99() {
        for name in ["Parameter1.Name", "Parameter1.Value", "Parameter99.Name"] {
            assert!(is_custom_parameter(name), "{name}");
        }
        for name in [
            "Parameter0.Name",
            "Parameter100.Name",
            "Parameter01.Name",
            "Parameter1.Other",
            "Parameter.Name",
            "Parameter1",
        ] {
            assert!(!is_custom_parameter(name), "{name}");
        }
    }

    #[test]
    fn urls_must_be_absolute_with_a_known_scheme() {
        for good in [
            "https://example.com",
            "http://example.com:8080/announce?x=1#y",
            "HTTPS://user:pw@example.com/a",
            "http://[::1]:80/",
        ] {
            assert!(is_absolute_url(good, HTTP), "{good}");
        }
        for bad in [
            "example.com/announce",
            "/relative",
            "ftp://example.com",
            "https://",
            "https://exa mple.com",
            "https://example.com:port/",
            "wss://example.com",
        ] {
            assert!(!is_absolute_url(bad, HTTP), "{bad}");
        }
        assert!(is_absolute_url("wss://example.com/stream", WSS));
        assert!(!is_absolute_url("ws://example.com/stream", WSS));
    }
}
