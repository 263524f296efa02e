//! The HTTP side: record, authenticate, route, read parameters, reply.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::error::ApiError;
use crate::operations::{self, Incoming};
use crate::params::Params;
use crate::request_log::RecordedRequest;
use crate::route::Route;
use crate::store::Store;

/// Larger bodies are refused with 413; no request of the API comes close.
const MAX_BODY_BYTES: usize = 1 << 20;

/// The state behind both the server and the [`crate::Emulator`] handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) project_id: String,
    pub(crate) api_token: String,
    store: Mutex<Store>,
    log: Mutex<Vec<RecordedRequest>>,
}

impl Shared {
    pub(crate) fn new(project_id: String, api_token: String, store: Store) -> Self {
        Shared {
            project_id,
            api_token,
            store: Mutex::new(store),
            log: Mutex::new(Vec::new()),
        }
    }

    /// The store; a handler that panicked cannot leave it half-updated in a
    /// way later requests would trip on, so a poisoned lock is still used.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn log(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(receive).with_state(shared)
}

async fn receive(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES).await;
    shared
        .log()
        .push(record(&parts, body.as_deref().unwrap_or_default()));
    let reply = match body {
        Ok(body) => respond(&shared, &parts, &body),
        Err(_) => Err(ApiError::body_too_large(MAX_BODY_BYTES)),
    };
    let response = match reply {
        Ok(reply) => reply.into_response(),
        Err(error) => error.into_response(),
    };
    tracing::debug!(
        method = %parts.method,
        path = parts.uri.path(),
        status = response.status().as_u16(),
        "laml-emulator handled a request"
    );
    response
}

fn record(parts: &Parts, body: &[u8]) -> RecordedRequest {
    let uri = parts.uri.path_and_query().map_or_else(
        || parts.uri.path().to_owned(),
        |target| target.as_str().to_owned(),
    );
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    RecordedRequest {
        method: parts.method.as_str().to_owned(),
        uri,
        headers,
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

fn respond(shared: &Shared, parts: &Parts, body: &Bytes) -> Result<operations::Reply, ApiError> {
    authenticate(shared, &parts.headers)?;
    let path = parts.uri.path();
    // Another account's resources are reported missing, not forbidden,
    // so the answer says nothing about which accounts exist.
    let route = Route::parse(path)
        .filter(|route| route.account_sid == shared.project_id)
        .ok_or_else(|| ApiError::not_found(path))?;
    let method = parts.method.as_str();
    if !route.resource.allows(&parts.method) {
        return Err(ApiError::method_not_allowed(
            method,
            route.resource.allowed_methods(),
        ));
    }
    let query = Params::from_urlencoded(parts.uri.query().unwrap_or_default().as_bytes());
    let params = if method == "POST" {
        if let Some(name) = query.first_name() {
            return Err(ApiError::unknown_parameter(
                name,
                "the query string of a POST; send it in the form body",
            ));
        }
        check_form_body(&parts.headers, body)?;
        Params::from_urlencoded(body)
    } else {
        query
    };
    let incoming = Incoming {
        shared,
        path,
        params,
    };
    operations::perform(route.resource, method, incoming)
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, encoded)| STANDARD.decode(encoded.trim()).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok());
    let accepted = credentials.as_deref().and_then(|c| c.split_once(':'))
        == Some((shared.project_id.as_str(), shared.api_token.as_str()));
    if accepted {
        Ok(())
    } else {
        Err(ApiError::authenticate())
    }
}

fn check_form_body(headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    if body.is_empty() {
        return Ok(());
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Ok(())
    } else {
        Err(ApiError::unsupported_content_type(&content_type))
    }
}
