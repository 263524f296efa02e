//! Misbehaviour on purpose: the faults a test injects, which requests they
//! apply to, and what each puts on the wire.

use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, StreamExt as _};
use percent_encoding::percent_decode_str;
use serde_json::json;

use crate::error::ApiError;
use crate::spec::API_VERSION;

/// A way the emulator misbehaves on purpose.
///
/// The crate documentation's [Faults](crate#faults) section shows what each
/// puts on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers `status` with the API's JSON error shape, its `code` being
    /// `status * 100` (`50300` for 503), and a `Retry-After` header with
    /// this exact text when given (seconds such as `"2"`, or an HTTP date).
    ///
    /// `status` is a final status, 200 to 999; `retry_after` must be a valid
    /// header value (visible ASCII and spaces).
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header's text.
        retry_after: Option<String>,
    },
    /// Answers `status` with an HTML page (`text/html`), as a proxy in front
    /// of the API would. `status` is a final status, 200 to 999.
    Html {
        /// The HTTP status.
        status: u16,
    },
    /// Answers 200 with a `content-length` promising more bytes than it
    /// sends, sends the first half of a JSON object, then closes the
    /// connection.
    TruncatedBody,
    /// Answers 200 `application/json` with a body cut mid-JSON, with a
    /// correct `content-length` (so the HTTP layer is fine and only the
    /// JSON is broken); the connection stays open.
    MalformedJson,
    /// Waits this long, then handles the request normally (authentication,
    /// routing, state).
    Delay(Duration),
    /// Closes the connection without sending any response, once the
    /// request has been read.
    DropConnection,
}

/// Which requests a [`Fault`] applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultScope {
    /// The next `n` requests (any path), then the fault is spent. `Next(0)`
    /// applies to none.
    Next(u32),
    /// Every request whose path names this sid (a percent-decoded path
    /// segment equal to it, a `.json` suffix ignored), until
    /// [`clear_faults`](crate::Emulator::clear_faults). An empty sid names
    /// no request.
    Sid(String),
}

impl Fault {
    /// Why the emulator cannot put this fault on the wire, if it cannot.
    pub(crate) fn check(&self) -> Result<(), String> {
        let status = match self {
            Fault::Status {
                status,
                retry_after,
            } => {
                if let Some(text) = retry_after {
                    HeaderValue::from_str(text).map_err(|_| {
                        format!("retry_after {text:?} is not a valid header value: use visible ASCII and spaces")
                    })?;
                }
                *status
            }
            Fault::Html { status } => *status,
            Fault::TruncatedBody
            | Fault::MalformedJson
            | Fault::Delay(_)
            | Fault::DropConnection => return Ok(()),
        };
        final_status(status).map(|_| ())
    }
}

fn final_status(status: u16) -> Result<StatusCode, String> {
    StatusCode::from_u16(status)
        .ok()
        .filter(|status| !status.is_informational())
        .ok_or_else(|| format!("status {status} is not a final HTTP status: use 200 to 999"))
}

/// The faults waiting for requests, in the order they were injected.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queued: VecDeque<(Fault, FaultScope)>,
}

impl Faults {
    pub(crate) fn push(&mut self, fault: Fault, scope: FaultScope) {
        if scope != FaultScope::Next(0) {
            self.queued.push_back((fault, scope));
        }
    }

    pub(crate) fn clear(&mut self) {
        self.queued.clear();
    }

    /// The faults still waiting, `Next` ones with the count they have left.
    pub(crate) fn queued(&self) -> impl Iterator<Item = &(Fault, FaultScope)> {
        self.queued.iter()
    }

    /// The fault that applies to a request for `path` (still
    /// percent-encoded), spending one use of a `Next` fault: the first
    /// `Sid` fault naming a segment of the path, else the first `Next` one.
    pub(crate) fn take_for(&mut self, path: &str) -> Option<Fault> {
        let by_sid = self.queued.iter().find_map(|(fault, scope)| match scope {
            FaultScope::Sid(sid) if names(path, sid) => Some(fault.clone()),
            _ => None,
        });
        if by_sid.is_some() {
            return by_sid;
        }
        let index = self
            .queued
            .iter()
            .position(|(_, scope)| matches!(scope, FaultScope::Next(_)))?;
        let (fault, scope) = &mut self.queued[index];
        let fault = fault.clone();
        if let FaultScope::Next(left) = scope {
            *left -= 1;
            if *left == 0 {
                self.queued.remove(index);
            }
        }
        Some(fault)
    }
}

/// Whether a segment of `path`, decoded, is `sid`, with or without the
/// `.json` the last segment may carry. No sid is empty, so an empty one
/// names nothing (rather than the empty segment before the first `/`).
fn names(path: &str, sid: &str) -> bool {
    !sid.is_empty()
        && path.split('/').any(|segment| {
            let stem = segment.strip_suffix(".json").unwrap_or(segment);
            [segment, stem].into_iter().any(|raw| {
                percent_decode_str(raw)
                    .decode_utf8()
                    .is_ok_and(|s| s == sid)
            })
        })
}

/// What happens to a request a fault applies to, in place of its reply.
pub(crate) enum Effect {
    /// Reply with this instead of handling the request.
    Reply(Response),
    /// Wait, then handle the request as usual.
    Delay(Duration),
    /// Close the connection without a reply.
    Drop,
}

impl Fault {
    /// `path` is the request's, shown in the JSON a truncated or malformed
    /// body starts with.
    pub(crate) fn effect(self, path: &str) -> Effect {
        match self {
            Fault::Status {
                status,
                retry_after,
            } => {
                let mut response = ApiError::injected(checked(status)).into_response();
                if let Some(value) = retry_after.and_then(|text| HeaderValue::try_from(text).ok()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
                Effect::Reply(response)
            }
            Fault::Html { status } => Effect::Reply(html_page(checked(status))),
            Fault::TruncatedBody => Effect::Reply(truncated_body(path)),
            Fault::MalformedJson => {
                let mut json = broken_json(path);
                json.truncate(json.len() / 2);
                Effect::Reply(json_response(json.len(), Body::from(json)))
            }
            Fault::Delay(duration) => Effect::Delay(duration),
            Fault::DropConnection => Effect::Drop,
        }
    }
}

/// Injection checked the status already; a bad one here would be a bug.
fn checked(status: u16) -> StatusCode {
    final_status(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn html_page(status: StatusCode) -> Response {
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
         <center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n\
         </body>\r\n</html>\r\n"
    );
    let mut response = (status, page).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    response
}

/// A conference-like JSON object, whole; the faults send half of it.
fn broken_json(path: &str) -> Vec<u8> {
    json!({
        "api_version": API_VERSION,
        "friendly_name": "Cut short by laml-emulator",
        "status": "in-progress",
        "uri": path,
    })
    .to_string()
    .into_bytes()
}

fn truncated_body(path: &str) -> Response {
    let mut json = broken_json(path);
    let promised = json.len();
    json.truncate(promised / 2);
    // The pause between the part and the error lets hyper flush the head
    // and the part; an error in the same poll would drop them unsent.
    let part = stream::iter([Ok::<_, BodyCut>(Bytes::from(json))]);
    let cut = stream::once(async {
        tokio::task::yield_now().await;
        Err(BodyCut)
    });
    json_response(promised, Body::from_stream(part.chain(cut)))
}

fn json_response(content_length: usize, body: Body) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(content_length));
    response
}

/// The error that ends a truncated body, which makes hyper close the
/// connection short of the promised length.
#[derive(Debug)]
struct BodyCut;

impl fmt::Display for BodyCut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the body was cut short on purpose (Fault::TruncatedBody)")
    }
}

impl std::error::Error for BodyCut {}

/// The error a service returns to make hyper close the connection without
/// a reply.
#[derive(Debug)]
pub(crate) struct ConnectionDropped;

impl fmt::Display for ConnectionDropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the connection was dropped on purpose (Fault::DropConnection)")
    }
}

impl std::error::Error for ConnectionDropped {}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
        }
    }

    #[test]
    fn next_faults_are_spent_in_order() {
        let mut faults = Faults::default();
        faults.push(status(500), FaultScope::Next(2));
        faults.push(status(502), FaultScope::Next(1));
        faults.push(status(504), FaultScope::Next(0));
        let taken: Vec<Option<Fault>> = (0..4).map(|_| faults.take_for("/a")).collect();
        assert_eq!(
            taken,
            [
                Some(status(500)),
                Some(status(500)),
                Some(status(502)),
                None
            ]
        );
    }

    #[test]
    fn a_sid_fault_comes_first_and_stays() {
        let mut faults = Faults::default();
        faults.push(status(500), FaultScope::Next(1));
        faults.push(Fault::DropConnection, FaultScope::Sid("a/b c".into()));
        for path in [
            "/x/Conferences/a%2Fb%20c.json",
            "/x/Conferences/a%2Fb%20c/Participants",
            "/x/Conferences/c/Participants/a%2Fb%20c",
        ] {
            assert_eq!(faults.take_for(path), Some(Fault::DropConnection), "{path}");
        }
        assert_eq!(faults.take_for("/x/Conferences/a"), Some(status(500)));
        assert_eq!(faults.take_for("/x/Conferences/a"), None);
    }

    #[test]
    fn a_sid_ending_in_json_is_named_with_or_without_the_suffix() {
        assert!(names("/C/x.json", "x.json"));
        assert!(names("/C/x.json.json", "x.json"));
        assert!(names("/C/x.json", "x"));
        assert!(!names("/C/xy", "x"));
        assert!(!names("/C/%FF", "x"));
        assert!(!names("/C/x", ""));
    }

    #[test]
    fn statuses_must_be_final_and_headers_valid() {
        assert!(status(503).check().is_ok());
        assert!(status(101).check().is_err());
        assert!(status(1000).check().is_err());
        assert!(Fault::Html { status: 99 }.check().is_err());
        let header = Fault::Status {
            status: 503,
            retry_after: Some("2\r\nx: y".into()),
        };
        assert!(header.check().unwrap_err().contains("retry_after"));
    }
}
