use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::{StatusCode, Url};

type BoxError = Box<dyn StdError + Send + Sync>;

/// The most bytes of a response body that an [`Error`] keeps, so that a large
/// HTML page from a proxy cannot bloat errors or logs.
pub(crate) const SNIPPET_LIMIT: usize = 512;

/// Every way a laml call can fail.
///
/// Tell the cases apart with the `is_*` methods, and read the context with
/// [`status`](Error::status), [`api`](Error::api) and
/// [`body_snippet`](Error::body_snippet).
///
/// `Display` is one line. For a request that was sent it says what was being
/// done and why it failed: the method, the host and path (never the query,
/// never a credential), the operation, and what went wrong, down to the root
/// cause of a transport failure:
///
/// ```text
/// POST example.signalwire.com/api/laml/2010-04-01/Accounts/…/Calls.json (CreateCall): connection refused
/// ```
///
/// The underlying error is still [`source`](StdError::source).
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: Kind,
    status: Option<StatusCode>,
    body_snippet: Option<String>,
    source: Option<BoxError>,
    context: Option<Context>,
}

/// What was being done when a sent request failed.
pub(crate) struct Context {
    /// The request's method.
    pub(crate) method: reqwest::Method,
    /// The URL's host, port and path: no scheme, userinfo or query.
    pub(crate) target: String,
    /// The operation: the request type's name (`UpdateConference`), or the
    /// path template of a page followed by `next_page`.
    pub(crate) operation: &'static str,
    /// The client's timeout, when laml configured it: a timeout says
    /// "timed out after 30 s".
    pub(crate) timeout: Option<Duration>,
}

impl Context {
    /// The context of a request whose URL is not known.
    pub(crate) fn unknown(method: reqwest::Method, operation: &'static str) -> Self {
        Self {
            method,
            target: String::new(),
            operation,
            timeout: None,
        }
    }

    /// The context of a request to `url`, which keeps only what is safe
    /// to print.
    pub(crate) fn new(
        method: reqwest::Method,
        url: &Url,
        operation: &'static str,
        timeout: Option<Duration>,
    ) -> Self {
        let mut target = String::with_capacity(url.path().len() + 32);
        if let Some(host) = url.host_str() {
            target.push_str(host);
        }
        if let Some(port) = url.port() {
            target.push(':');
            target.push_str(&port.to_string());
        }
        target.push_str(url.path());
        Self {
            method,
            target,
            operation,
            timeout,
        }
    }
}

/// What the body of an error response was, when it was not the API's JSON.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// JSON: the API's own error shape.
    Json,
    /// An HTML page: a proxy's, or another server's when the space URL is
    /// wrong.
    Html,
    /// Something else: plain text, XML.
    Other,
    /// No body at all.
    Empty,
}

enum Kind {
    Config(String),
    InvalidRequest(String),
    Transport,
    Timeout,
    Api(ApiError, Answer),
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

    /// The response started (`status`) but its body was cut off by
    /// `source`, which the blocking client reads as an `io::Error`.
    pub(crate) fn body_cut(status: StatusCode, partial: &[u8], source: BoxError) -> Self {
        let timeout = chain(&*source).any(is_timeout);
        let mut error = Self::new(if timeout {
            Kind::Timeout
        } else {
            Kind::Transport
        });
        error.inner.status = Some(status);
        error.inner.body_snippet = Some(snippet(partial));
        error.inner.source = Some(source);
        error
    }

    pub(crate) fn from_api(api: ApiError, status: StatusCode, body: &[u8]) -> Self {
        let answer = match body.trim_ascii_start() {
            [] => Answer::Empty,
            [b'{' | b'[', ..] => Answer::Json,
            text if text.starts_with(b"<!") || starts_with_ignore_case(text, b"<html") => {
                Answer::Html
            }
            _ => Answer::Other,
        };
        let mut error = Self::new(Kind::Api(api, answer));
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
                context: None,
            }),
        }
    }

    /// The same error, saying what was being done: built only when a sent
    /// request fails, so that success pays nothing for it.
    pub(crate) fn with_context(mut self, context: impl FnOnce() -> Context) -> Self {
        if self.inner.context.is_none() {
            self.inner.context = Some(context());
        }
        self
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

    /// The server answered with an error status (4xx or 5xx); see
    /// [`api`](Error::api).
    ///
    /// This holds whatever the body was: a 404 answered with another
    /// server's HTML page (a wrong space URL) is an API error too, with its
    /// status, no [`ApiError::code`], and a `Display` that says the answer
    /// was not the API's JSON.
    pub fn is_api(&self) -> bool {
        matches!(self.inner.kind, Kind::Api(..))
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
            Kind::Api(api, _) => Some(api),
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

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// `error` and its sources, outermost first.
fn chain<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&error| error.source())
}

/// Whether `error` is a timeout, as reqwest and `std::io` report one.
fn is_timeout(error: &(dyn StdError + 'static)) -> bool {
    if let Some(error) = error.downcast_ref::<reqwest::Error>() {
        return error.is_timeout();
    }
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|error| error.kind() == std::io::ErrorKind::TimedOut)
}

/// The root cause of a transport failure, in a few words: what the
/// operating system, the resolver or the HTTP layer said, without reqwest's
/// own wrapping (which repeats the URL).
fn root_cause(error: &(dyn StdError + 'static)) -> Option<String> {
    let mut dns = false;
    let mut last = None;
    for error in chain(error) {
        if let Some(io) = error.downcast_ref::<std::io::Error>() {
            let said = match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused",
                std::io::ErrorKind::ConnectionReset => "connection reset by the server",
                std::io::ErrorKind::ConnectionAborted => "connection aborted",
                std::io::ErrorKind::UnexpectedEof => {
                    "connection closed before the body was complete"
                }
                _ => "",
            };
            if !said.is_empty() {
                return Some(said.to_owned());
            }
        }
        if error.downcast_ref::<reqwest::Error>().is_some() {
            continue;
        }
        let text = error.to_string();
        dns |= text == "dns error";
        if text.contains("before message length reached")
            || text.contains("connection closed before message completed")
        {
            return Some("connection closed before the body was complete".to_owned());
        }
        last = Some(text);
    }
    match (dns, last) {
        (true, Some(last)) if last != "dns error" => Some(format!("dns error: {last}")),
        (_, last) => last,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(context) = &self.inner.context {
            f.write_str(context.method.as_str())?;
            if !context.target.is_empty() {
                write!(f, " {}", context.target)?;
            }
            write!(f, " ({}): ", context.operation)?;
        }
        let source = self
            .inner
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static));
        let timeout = self.inner.context.as_ref().and_then(|c| c.timeout);
        match &self.inner.kind {
            Kind::Config(message) => write!(f, "invalid client configuration: {message}"),
            Kind::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Kind::Transport => {
                if let Some(status) = self.inner.status {
                    write!(f, "the HTTP {} response was cut off: ", status.as_u16())?;
                }
                match source.and_then(root_cause) {
                    Some(cause) => f.write_str(&cause),
                    None => f.write_str("the request could not be completed"),
                }
            }
            Kind::Timeout => match timeout {
                Some(timeout) => write!(f, "timed out after {}", Seconds(timeout)),
                None => f.write_str("the request timed out"),
            },
            Kind::Api(api, Answer::Json) => fmt::Display::fmt(api, f),
            Kind::Api(api, answer) => {
                let what = match answer {
                    Answer::Html => "an HTML page",
                    Answer::Empty => "an empty body",
                    _ => "a body",
                };
                write!(
                    f,
                    "the server answered HTTP {} with {what}, not the API's JSON",
                    api.status
                )?;
                if api.status == 404 {
                    f.write_str(": is the space URL right?")?;
                }
                Ok(())
            }
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
            Kind::Api(api, _) => debug.field("kind", &"Api").field("api", api),
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
        if let Some(context) = &self.inner.context {
            debug
                .field("method", &context.method.as_str())
                .field("target", &context.target)
                .field("operation", &context.operation);
        }
        debug.finish()
    }
}

/// A duration as people write it: `30 s`, `1.5 s`, `300 ms`.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.0.as_millis();
        if millis < 1000 {
            write!(f, "{millis} ms")
        } else {
            // A whole number of seconds shows without a fraction: `30 s`.
            write!(f, "{} s", self.0.as_secs_f64())
        }
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

    /// An error whose `source` is `inner`, as hyper and hyper-util wrap
    /// what the operating system said.
    #[derive(Debug)]
    struct Wrapper(&'static str, Option<BoxError>);

    impl fmt::Display for Wrapper {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl StdError for Wrapper {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_deref().map(|e| e as &(dyn StdError + 'static))
        }
    }

    fn wrapped(outer: &'static str, inner: impl StdError + Send + Sync + 'static) -> Wrapper {
        Wrapper(
            "client error (Connect)",
            Some(Box::new(Wrapper(outer, Some(Box::new(inner))))),
        )
    }

    fn io(kind: std::io::ErrorKind, text: &'static str) -> std::io::Error {
        std::io::Error::new(kind, text)
    }

    #[test]
    fn the_root_cause_in_a_few_words() {
        use std::io::ErrorKind::*;
        let cases: [(Wrapper, &str); 7] = [
            (
                wrapped("tcp connect error", io(ConnectionRefused, "os says")),
                "connection refused",
            ),
            (
                wrapped("read", io(ConnectionReset, "os says")),
                "connection reset by the server",
            ),
            (
                wrapped("read", io(ConnectionAborted, "os says")),
                "connection aborted",
            ),
            (
                wrapped("body", io(UnexpectedEof, "eof")),
                "connection closed before the body was complete",
            ),
            (
                wrapped(
                    "dns error",
                    io(Other, "failed to lookup address information"),
                ),
                "dns error: failed to lookup address information",
            ),
            (
                wrapped(
                    "error reading a body",
                    Wrapper("end of file before message length reached", None),
                ),
                "connection closed before the body was complete",
            ),
            (
                wrapped(
                    "tls",
                    Wrapper("invalid peer certificate: UnknownIssuer", None),
                ),
                "invalid peer certificate: UnknownIssuer",
            ),
        ];
        for (error, cause) in cases {
            assert_eq!(root_cause(&error).as_deref(), Some(cause), "{error:?}");
        }
        let dns_alone = Wrapper("dns error", None);
        assert_eq!(root_cause(&dns_alone).as_deref(), Some("dns error"));
        let closed = Wrapper("connection closed before message completed", None);
        assert_eq!(
            root_cause(&closed).as_deref(),
            Some("connection closed before the body was complete")
        );
    }

    #[test]
    fn a_cut_body_is_a_timeout_when_its_cause_timed_out() {
        let timed_out = Error::body_cut(
            StatusCode::OK,
            b"{",
            Box::new(wrapped("read", io(std::io::ErrorKind::TimedOut, "slow"))),
        );
        assert!(timed_out.is_timeout() && !timed_out.is_transport());
        let reset = Error::body_cut(
            StatusCode::OK,
            b"{",
            Box::new(io(std::io::ErrorKind::ConnectionReset, "reset")),
        );
        assert!(reset.is_transport() && !reset.is_timeout());
        assert_eq!(reset.body_snippet(), Some("{"));
        assert_eq!(
            reset.to_string(),
            "the HTTP 200 response was cut off: connection reset by the server"
        );
    }

    #[test]
    fn durations_as_people_write_them() {
        for (duration, text) in [
            (Duration::from_millis(300), "300 ms"),
            (Duration::from_millis(999), "999 ms"),
            (Duration::from_secs(1), "1 s"),
            (Duration::from_secs(30), "30 s"),
            (Duration::from_millis(1500), "1.5 s"),
            (Duration::from_millis(2001), "2.001 s"),
        ] {
            assert_eq!(Seconds(duration).to_string(), text);
        }
    }

    #[test]
    fn what_an_error_body_was() {
        let not_found = StatusCode::NOT_FOUND;
        let api = |body: &[u8]| crate::decode::api_error(not_found, body).to_string();
        let html = "the server answered HTTP 404 with an HTML page, not the API's JSON: is the space URL right?";
        assert_eq!(api(b"  <!doctype html><p>gone"), html);
        assert_eq!(api(b"<HTML><body>gone"), html);
        assert_eq!(api(b"\r\n\t"), "the server answered HTTP 404 with an empty body, not the API's JSON: is the space URL right?");
        assert_eq!(
            api(b"<?xml version='1.0'?><Response/>"),
            "the server answered HTTP 404 with a body, not the API's JSON: is the space URL right?"
        );
        assert_eq!(api(b"[\"gone\"]"), "the API answered HTTP 404");
        assert_eq!(
            api(br#" {"code":20404,"message":"gone"}"#),
            "the API answered HTTP 404 (code 20404): gone"
        );
    }

    #[test]
    fn the_context_comes_first_and_is_kept_once() {
        let url = Url::parse("https://user:pw@example.signalwire.com:8443/api/x/Calls?To=%2B1555")
            .unwrap();
        let context = || {
            Context::new(
                reqwest::Method::POST,
                &url,
                "CreateCall",
                Some(Duration::from_secs(30)),
            )
        };
        let error = Error::new(Kind::Timeout)
            .with_context(context)
            .with_context(|| Context::unknown(reqwest::Method::GET, "Other"));
        assert_eq!(
            error.to_string(),
            "POST example.signalwire.com:8443/api/x/Calls (CreateCall): timed out after 30 s"
        );
        let error = Error::new(Kind::Transport)
            .with_context(|| Context::unknown(reqwest::Method::GET, "ListCalls"));
        assert_eq!(
            error.to_string(),
            "GET (ListCalls): the request could not be completed"
        );
        assert_eq!(
            Error::new(Kind::Timeout).to_string(),
            "the request timed out"
        );
    }
}
