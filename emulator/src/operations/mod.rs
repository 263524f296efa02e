//! The thirteen operations of the conference family, one module per resource.
//!
//! Each operation first takes and checks every parameter (400), then looks
//! up what it acts on (404), then checks that the resource's state allows it
//! (422), and only then changes anything: a refused request changes nothing.

mod conferences;
mod participants;
mod recordings;
mod streams;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::params::Params;
use crate::route::Resource;
use crate::server::Shared;

/// A routed, authenticated request, its parameters not yet read.
pub(crate) struct Incoming<'a> {
    pub(crate) shared: &'a Shared,
    /// The raw path, for 404 messages.
    pub(crate) path: &'a str,
    pub(crate) params: Params,
}

#[derive(Debug)]
pub(crate) enum Reply {
    Ok(Value),
    NoContent,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Ok(body) => (StatusCode::OK, axum::Json(body)).into_response(),
            Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
        }
    }
}

/// Runs the operation for `method` on `resource`; the caller has checked
/// that the resource allows the method.
pub(crate) fn perform(
    resource: Resource,
    method: &str,
    incoming: Incoming<'_>,
) -> Result<Reply, ApiError> {
    use Resource::*;
    match (resource, method) {
        (Conferences, _) => conferences::list(incoming),
        (Conference { sid }, "GET") => conferences::fetch(incoming, &sid),
        (Conference { sid }, _) => conferences::update(incoming, &sid),
        (Participants { conference_sid }, _) => participants::list(incoming, &conference_sid),
        (
            Participant {
                conference_sid,
                call_sid,
            },
            method,
        ) => match method {
            "GET" => participants::fetch(incoming, &conference_sid, &call_sid),
            "POST" => participants::update(incoming, &conference_sid, &call_sid),
            _ => participants::delete(incoming, &conference_sid, &call_sid),
        },
        (Recordings { conference_sid }, _) => recordings::list(incoming, &conference_sid),
        (
            Recording {
                conference_sid,
                sid,
            },
            method,
        ) => match method {
            "GET" => recordings::fetch(incoming, &conference_sid, &sid),
            "POST" => recordings::update(incoming, &conference_sid, &sid),
            _ => recordings::delete(incoming, &conference_sid, &sid),
        },
        (Streams { conference_sid }, _) => streams::create(incoming, &conference_sid),
        (
            Stream {
                conference_sid,
                sid,
            },
            _,
        ) => streams::update(incoming, &conference_sid, &sid),
    }
}
