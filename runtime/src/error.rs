use std::error::Error as StdError;
use std::fmt;

use reqwest::StatusCode;

type BoxError = Box<dyn StdError + Send + Sync>;

/// The most bytes of a response body that an [`Error`] keeps, so that a large
/// HTML page from a proxy cannot bloat errors or logs.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// Every way a laml call can fail.
///
/// Tell the cases apart with the `is_*` methods, and read the context with
/// [`status`](Error::status), [`api`](Error::api) and
/// [`body_snippet`](Error::body_snippet). `Display` is one short phrase; the
/// underlying cause, when there is one, is [`source`](StdError::source).
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: Kind,
    status: Option<StatusCode>,
    body_snippet: Option<String>,
    source: Option<BoxError>,
}

enum Kind {
    Config(String),
    InvalidRequest(String),
    Transport,
    Timeout,
    Api(ApiError),
    Redirect {
        location: Option<String>,
        reason: &'static str,
    },
    TooLarge {
        limit: usize,
    },
    Decode,
}

/// An error reported by the API itself, in any of the shapes servers send.
///
/// The API documents `{"code", "message", "more_info", "status"}`, and
/// `{"errors": [...]}` of the same objects or of plain strings; a body of
/// another shape (an HTML page from a proxy, an empty body) still yields an
/// `ApiError` with the HTTP status and, in [`Error::body_snippet`], the start
/// of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status of the response.
    pub status: u16,
    /// The API's error code (for example `20404`), when the body carried one.
    pub code: Option<i64>,
    /// The API's message, when the body carried one; the first, when it
    /// carried several.
    pub message: Option<String>,
    /// A link to more information on the error, when the body carried one.
    pub more_info: Option<String>,
    /// Every message the body carried, in order: one for the documented
    /// shape, one per entry of `{"errors": [...]}`.
    pub messages: Vec<String>,
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(Kind::Config(message.into()))
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(Kind::InvalidRequest(message.into()))
    }

    pub(crate) fn transport(source: reqwest::Error) -> Self {
        let kind = if source.is_timeout() {
            Kind::Timeout
        } else {
            Kind::Transport
        };
        let mut error = Self::new(kind);
        error.inner.status = source.status();
        error.inner.source = Some(Box::new(source.without_url()));
        error
    }

    /// The response started (`status`) but its body was cut off.
    pub(crate) fn body_cut(status: StatusCode, partial: &[u8], source: reqwest::Error) -> Self {
        let mut error = Self::transport(source);
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(partial));
        error
    }

    pub(crate) fn from_api(api: ApiError, status: StatusCode, body: &[u8]) -> Self {
        let mut error = Self::new(Kind::Api(api));
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(body));
        error
    }

    /// A 3xx that laml does not follow, and why.
    pub(crate) fn redirect(
        status: StatusCode,
        location: Option<String>,
        reason: &'static str,
        body: &[u8],
    ) -> Self {
        let location = location.map(|location| snippet(location.as_bytes()));
        let mut error = Self::new(Kind::Redirect { location, reason });
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(body));
        error
    }

    /// A 2xx body longer than the client reads; `start` is what was read.
    pub(crate) fn too_large(status: StatusCode, limit: usize, start: &[u8]) -> Self {
        let mut error = Self::new(Kind::TooLarge { limit });
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(start));
        error
    }

    pub(crate) fn decode(status: StatusCode, body: &[u8], source: serde_json::Error) -> Self {
        let mut error = Self::new(Kind::Decode);
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(body));
        error.inner.source = Some(Box::new(source));
        error
    }

    fn new(kind: Kind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                status: None,
                body_snippet: None,
                source: None,
            }),
        }
    }

    /// The client could not be built: a missing or malformed setting.
    pub fn is_config(&self) -> bool {
        matches!(self.inner.kind, Kind::Config(_))
    }

    /// The request was refused before anything was sent (an empty or
    /// unaddressable path value, for example).
    pub fn is_invalid_request(&self) -> bool {
        matches!(self.inner.kind, Kind::InvalidRequest(_))
    }

    /// The request or its response was lost on the way: DNS, connection,
    /// TLS, a reset or a body cut off.
    pub fn is_transport(&self) -> bool {
        matches!(self.inner.kind, Kind::Transport)
    }

    /// The request did not complete within the client's timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, Kind::Timeout)
    }

    /// The API answered with an error status (4xx or 5xx); see
    /// [`api`](Error::api).
    pub fn is_api(&self) -> bool {
        matches!(self.inner.kind, Kind::Api(_))
    }

    /// The API answered with a redirect (3xx) that laml does not follow:
    /// to another host, a `301`/`302`/`303` answering anything but a `GET`
    /// (which would turn it into a `GET` and lose the update), or one too
    /// many. `Display` names the status, the `Location` and the reason.
    pub fn is_redirect(&self) -> bool {
        matches!(self.inner.kind, Kind::Redirect { .. })
    }

    /// The API answered 2xx with a body longer than the client's limit
    /// (`ClientBuilder::max_body_bytes`); reading stopped there.
    pub fn is_too_large(&self) -> bool {
        matches!(self.inner.kind, Kind::TooLarge { .. })
    }

    /// The API answered 2xx with a body that did not decode into the
    /// endpoint's response type.
    pub fn is_decode(&self) -> bool {
        matches!(self.inner.kind, Kind::Decode)
    }

    /// The HTTP status, when a response came back.
    pub fn status(&self) -> Option<u16> {
        self.inner.status.map(|status| status.as_u16())
    }

    /// What the API said, for [`is_api`](Error::is_api) errors.
    pub fn api(&self) -> Option<&ApiError> {
        match &self.inner.kind {
            Kind::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The start of the response body (at most 512 bytes), for API,
    /// redirect, too-large and decoding errors.
    pub fn body_snippet(&self) -> Option<&str> {
        self.inner.body_snippet.as_deref()
    }
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT)]);
    let mut text = text.into_owned();
    if body.len() > SNIPPET_LIMIT {
        text.push('…');
    }
    text
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.kind {
            Kind::Config(message) => write!(f, "invalid client configuration: {message}"),
            Kind::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Kind::Transport => f.write_str("the request could not be completed"),
            Kind::Timeout => f.write_str("the request timed out"),
            Kind::Api(api) => fmt::Display::fmt(api, f),
            Kind::Redirect { location, reason } => {
                let status = self.inner.status.map_or(0, |status| status.as_u16());
                match location {
                    Some(location) => write!(
                        f,
                        "the API redirected with HTTP {status} to `{location}`, not followed: {reason}"
                    ),
                    None => write!(f, "the API answered HTTP {status}, not followed: {reason}"),
                }
            }
            Kind::TooLarge { limit } => write!(
                f,
                "the response body is larger than the limit of {limit} bytes"
            ),
            Kind::Decode => match self.inner.status {
                Some(status) => write!(f, "could not decode the HTTP {} response", status.as_u16()),
                None => f.write_str("could not decode the response"),
            },
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API answered HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        match self.messages.as_slice() {
            [] => {
                if let Some(message) = &self.message {
                    write!(f, ": {message}")?;
                }
            }
            [first, rest @ ..] => {
                write!(f, ": {first}")?;
                for message in rest {
                    write!(f, "; {message}")?;
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("laml::Error");
        match &self.inner.kind {
            Kind::Config(message) => debug.field("kind", &"Config").field("message", message),
            Kind::InvalidRequest(message) => debug
                .field("kind", &"InvalidRequest")
                .field("message", message),
            Kind::Transport => debug.field("kind", &"Transport"),
            Kind::Timeout => debug.field("kind", &"Timeout"),
            Kind::Api(api) => debug.field("kind", &"Api").field("api", api),
            Kind::Redirect { location, reason } => debug
                .field("kind", &"Redirect")
                .field("location", location)
                .field("reason", reason),
            Kind::TooLarge { limit } => debug.field("kind", &"TooLarge").field("limit", limit),
            Kind::Decode => debug.field("kind", &"Decode"),
        };
        if let Some(status) = self.inner.status {
            debug.field("status", &status.as_u16());
        }
        if let Some(snippet) = &self.inner.body_snippet {
            debug.field("body_snippet", snippet);
        }
        if let Some(source) = &self.inner.source {
            debug.field("source", source);
        }
        debug.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|source| &**source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn snippet_is_bounded_and_marks_the_cut() {
        let body = "é".repeat(SNIPPET_LIMIT);
        let cut = snippet(body.as_bytes());
        assert!(cut.len() <= SNIPPET_LIMIT + '…'.len_utf8() + 3);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn api_error_display_names_status_code_and_message() {
        let api = ApiError {
            status: 404,
            code: Some(20404),
            message: Some("The requested resource was not found".into()),
            more_info: None,
            messages: vec!["The requested resource was not found".into()],
        };
        let error = Error::from_api(api, StatusCode::NOT_FOUND, b"{}");
        assert_eq!(
            error.to_string(),
            "the API answered HTTP 404 (code 20404): The requested resource was not found"
        );
        assert_eq!(error.status(), Some(404));
    }
}
