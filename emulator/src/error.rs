//! The API's error replies, all in the `CompatibilityErrorResponse` shape,
//! and what the emulator refuses to simulate for a test ([`SeedRefused`]).

use std::fmt;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// One error reply: an HTTP status and the body's `code` and `message`.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: u32,
    message: String,
    allow: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            allow: None,
        }
    }

    pub(crate) fn authenticate() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, 20003, "Authenticate")
    }

    pub(crate) fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// 404 saying what is missing.
    pub(crate) fn missing_resource(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, 20404, what)
    }

    pub(crate) fn method_not_allowed(method: &str, allow: &str) -> Self {
        ApiError {
            allow: Some(allow.to_owned()),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                20004,
                format!("Method {method} not allowed; this resource allows {allow}"),
            )
        }
    }

    pub(crate) fn missing(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21101,
            format!("Missing required parameter {name}"),
        )
    }

    pub(crate) fn invalid_value(name: &str, value: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21102,
            format!("Invalid value '{value}' for parameter {name}: expected {expected}"),
        )
    }

    pub(crate) fn invalid_url(name: &str, value: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21103,
            format!("Invalid URL '{value}' for parameter {name}: expected {expected}"),
        )
    }

    pub(crate) fn invalid_integer(name: &str, value: &str, min: i64, max: i64) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21104,
            format!("Invalid value '{value}' for parameter {name}: expected an integer from {min} to {max}"),
        )
    }

    pub(crate) fn invalid_number(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21104,
            format!("Invalid value '{value}' for parameter {name}: expected a number"),
        )
    }

    pub(crate) fn invalid_boolean(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21105,
            format!(
                "Invalid value '{value}' for parameter {name}: expected true or false, in any case"
            ),
        )
    }

    pub(crate) fn invalid_date(name: &str, value: &str, instants: bool) -> Self {
        let expected = if instants {
            "a date as YYYY-MM-DD or a UTC time as YYYY-MM-DDTHH:MM:SSZ"
        } else {
            "a date as YYYY-MM-DD"
        };
        Self::new(
            StatusCode::BAD_REQUEST,
            21106,
            format!("Invalid value '{value}' for parameter {name}: expected {expected}"),
        )
    }

    pub(crate) fn invalid_page_token(value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21107,
            format!("Invalid PageToken '{value}': use the page URIs of a previous response"),
        )
    }

    pub(crate) fn unknown_parameter(name: &str, operation: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21108,
            format!("Unknown parameter {name} for {operation}"),
        )
    }

    pub(crate) fn repeated_parameter(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21109,
            format!("Parameter {name} was given more than once; it takes a single value"),
        )
    }

    pub(crate) fn not_a_participant(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21110,
            format!("Invalid value '{value}' for parameter {name}: expected the call sid of another participant of this conference"),
        )
    }

    pub(crate) fn unsupported_content_type(content_type: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            21111,
            format!("Unsupported request body type '{content_type}': send {expected}"),
        )
    }

    pub(crate) fn unreadable_body(problem: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21114,
            format!("The JSON body cannot be read: {problem}"),
        )
    }

    pub(crate) fn body_too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            21112,
            format!("The request body is larger than {limit} bytes"),
        )
    }

    /// A body that did not arrive in time. The API documents no code for
    /// it; this one follows the emulator's own, beside 413's `21112`.
    pub(crate) fn body_too_slow() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            21118,
            "The request body did not arrive in time",
        )
    }

    /// An `…ApplicationSid` that names no application of the account.
    pub(crate) fn unknown_application(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21115,
            format!("{name} '{value}' is not an application of this account"),
        )
    }

    /// A number to buy that no search would find now: not in the
    /// inventory, or held by an account. Code and phrase from Twilio's error
    /// dictionary (21422, "PhoneNumber is not available": not owned, or
    /// "reserved for another account").
    pub(crate) fn number_not_available(number: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21422,
            format!("PhoneNumber is not available: {number} is not on sale"),
        )
    }

    /// A number to import that an account holds already. Code and phrase
    /// from Twilio's error dictionary (22110, "Phone Number Not Hostable":
    /// "the number is already hosted").
    pub(crate) fn number_not_hostable(number: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            22110,
            format!("Phone Number Not Hostable: {number} is already held by an account"),
        )
    }

    /// An account given in a parameter that the caller cannot reach.
    pub(crate) fn unknown_account(name: &str, value: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21117,
            format!("{name} '{value}' is not an account of this project"),
        )
    }

    /// A subproject asking for what only its project may do.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, 20403, message)
    }

    /// A value the API refuses with its own code, as its error tables
    /// list them (a party's `21211`, a message body's `21602`).
    pub(crate) fn refused(code: u32, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// A query string or form body that is not UTF-8
    /// `application/x-www-form-urlencoded` text: a `%` without two hex
    /// digits, bytes that do not decode as UTF-8, a NUL. The API documents
    /// no code for it; this one follows the emulator's own, beside 408's
    /// `21118`.
    pub(crate) fn malformed_form(problem: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            21119,
            format!("The request's parameters cannot be read: {problem}"),
        )
    }

    pub(crate) fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, 21220, message)
    }

    pub(crate) fn invalid_control(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 21113, message)
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// A [`crate::Fault::Status`] reply; its code is the status times 100.
    pub(crate) fn injected(status: StatusCode) -> Self {
        let reason = status.canonical_reason().unwrap_or("Error");
        Self::new(
            status,
            u32::from(status.as_u16()) * 100,
            format!("{reason} (a fault injected into laml-emulator)"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status.as_u16(),
        });
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"SignalWire Compatibility API\""),
            );
        }
        if let Some(allow) = self
            .allow
            .and_then(|allow| HeaderValue::try_from(allow).ok())
        {
            headers.insert(header::ALLOW, allow);
        }
        response
    }
}

/// Why the emulator refused to put something in place for a test.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SeedRefused {
    /// What it would belong to does not exist: which.
    NotFound(String),
    /// The state of what it would belong to does not allow it: why.
    Conflict(String),
}

impl fmt::Display for SeedRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeedRefused::NotFound(what) | SeedRefused::Conflict(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for SeedRefused {}
