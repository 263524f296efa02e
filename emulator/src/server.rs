//! The HTTP side: accept connections, authenticate, read the body,
//! record, apply faults, route, read parameters, reply.
//!
//! The server drives hyper's HTTP/1 connections itself, rather than through
//! `axum::serve`, so that it can count connections and close one without a
//! reply (a service error makes hyper do that), as faults need.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::Request;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};

use crate::behaviour;
use crate::control;
use crate::engine;
use crate::error::ApiError;
use crate::events::Event;
use crate::fault::{ConnectionDropped, Effect};
use crate::request_log::{self, RecordedRequest};
use crate::state::Shared;

/// Larger bodies are refused with 413; no request of the API comes close.
const MAX_BODY_BYTES: usize = 1 << 20;
/// How long `POST /__emulator/settle` waits at most.
const SETTLE_LIMIT: Duration = Duration::from_secs(30);

/// How long a client may take to send a request, so that one that stops
/// halfway does not hold its connection forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timeouts {
    /// For the request line and headers, counted from the moment the
    /// connection opens or its previous reply is sent.
    pub(crate) header_read: Duration,
    /// For the body, counted once the headers are read.
    pub(crate) body_read: Duration,
}

/// Accepts connections until `stopped` fires (or its sender is dropped),
/// then asks the open ones to close once their current request is answered.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    timeouts: Timeouts,
    mut stopped: oneshot::Receiver<()>,
) {
    let (closing, closing_seen) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                // Counted here, not in the task, so that `accepted` is
                // already up to date when the client's first request is
                // answered.
                let open = OpenConnection::new(Arc::clone(&shared));
                tokio::spawn(serve_connection(
                    stream,
                    Arc::clone(&shared),
                    timeouts,
                    open,
                    closing_seen.clone(),
                ));
            }
            Err(error) if is_connection_error(&error) => {}
            Err(error) => {
                // Such as too many open files: wait for some to close.
                tracing::error!(%error, "laml-emulator cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    drop(listener);
    let _ = closing.send(());
}

/// One connection's HTTP/1 exchanges, with keep-alive; `open` counts it
/// until it ends.
async fn serve_connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    timeouts: Timeouts,
    open: OpenConnection,
    mut closing: watch::Receiver<()>,
) {
    // Replies are written whole; waiting to coalesce them only adds latency.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request: Request<hyper::body::Incoming>| {
        receive(
            Arc::clone(&shared),
            timeouts.body_read,
            request.map(Body::new),
        )
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header_read)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        _ = closing.changed() => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = result {
        tracing::debug!(%error, "laml-emulator closed a connection on an error");
    }
    drop(open);
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// One request: LaML bins and control requests are answered apart; the
/// others are authenticated, then recorded, then faulted or handled. No
/// body is read before its request is authenticated, so a stranger can
/// neither fill the log nor hold a connection with a body that never comes.
async fn receive(
    shared: Arc<Shared>,
    body_read: Duration,
    request: Request<Body>,
) -> Result<Response, ConnectionDropped> {
    let (parts, body) = request.into_parts();
    if parts
        .uri
        .path()
        .starts_with(behaviour::laml_bins::SERVED_AT)
    {
        return Ok(serve_laml_bin(&shared, &parts));
    }
    if parts.uri.path() == control::SETTLE {
        let reply = shared.authenticate(&parts.headers).map(|()| async {
            let settled = control::settle(&shared, SETTLE_LIMIT).await;
            axum::Json(serde_json::json!({ "settled": settled })).into_response()
        });
        return Ok(match reply {
            Ok(waiting) if parts.method == axum::http::Method::POST => waiting.await,
            Ok(_) => ApiError::method_not_allowed(parts.method.as_str(), "POST").into_response(),
            Err(error) => error.into_response(),
        });
    }
    if control::is_control(parts.uri.path()) {
        if let Err(error) = shared.authenticate(&parts.headers) {
            return Ok(error.into_response());
        }
        let reply = match read_body(body, body_read).await {
            Ok(body) => control::respond(&shared, &parts, &body),
            Err(unread) => return Ok(unread.into_response()),
        };
        return Ok(reply.unwrap_or_else(IntoResponse::into_response));
    }

    let caller = match shared.caller(&parts.headers) {
        Ok(caller) => caller,
        Err(error) => return Ok(error.into_response()),
    };
    // A body cut short is not what the client meant to send: it is
    // neither recorded nor faulted.
    let body = match read_body(body, body_read).await {
        Err(Unread::Late) => return Ok(Unread::Late.into_response()),
        read => read,
    };
    let _in_flight = InFlightRequest::new(Arc::clone(&shared));
    shared
        .log()
        .push(record(&parts, body.as_deref().unwrap_or_default()));
    let fault = shared.faults().take_for(parts.uri.path());
    if let Some(fault) = fault {
        tracing::debug!(
            ?fault,
            path = parts.uri.path(),
            "laml-emulator applies a fault"
        );
        match fault.effect(parts.uri.path()) {
            Effect::Reply(response) => return Ok(response),
            Effect::Drop => return Err(ConnectionDropped),
            Effect::Delay(duration) => tokio::time::sleep(duration).await,
        }
    }

    let reply = match body {
        Ok(body) => engine::respond(&shared, &parts, caller, &body, behaviour::hook),
        Err(unread) => return Ok(unread.into_response()),
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
    shared.events.publish(|| Event::Request {
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        status: response.status().as_u16(),
    });
    Ok(response)
}

/// Why a body was not read whole.
#[derive(Debug)]
enum Unread {
    /// Over [`MAX_BODY_BYTES`].
    TooLarge,
    /// Not all there by the deadline.
    Late,
}

impl IntoResponse for Unread {
    fn into_response(self) -> Response {
        match self {
            Unread::TooLarge => ApiError::body_too_large(MAX_BODY_BYTES).into_response(),
            // What is left of the body may still come: the connection
            // cannot carry another request.
            Unread::Late => {
                let mut response = ApiError::body_too_slow().into_response();
                response.headers_mut().insert(
                    axum::http::header::CONNECTION,
                    axum::http::HeaderValue::from_static("close"),
                );
                response
            }
        }
    }
}

/// The whole body, if it is at most [`MAX_BODY_BYTES`] and all there within
/// `deadline`.
async fn read_body(body: Body, deadline: Duration) -> Result<axum::body::Bytes, Unread> {
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(_)) => Err(Unread::TooLarge),
        Err(_) => Err(Unread::Late),
    }
}

/// A LaML bin's document at its `request_url`, as the API serves it to
/// whatever fetches it: without credentials, to `GET` and `POST`.
fn serve_laml_bin(shared: &Shared, parts: &Parts) -> Response {
    use axum::http::{header, Method, StatusCode};

    if !matches!(parts.method, Method::GET | Method::POST) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, POST")],
        )
            .into_response();
    }
    let contents = behaviour::laml_bins::serve(&mut shared.store(), parts.uri.path());
    match contents {
        Some(contents) => ([(header::CONTENT_TYPE, "text/xml")], contents).into_response(),
        None => ApiError::not_found(parts.uri.path()).into_response(),
    }
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
        body: request_log::body_snippet(body),
    }
}

/// One accepted connection, counted open until dropped.
pub(crate) struct OpenConnection {
    shared: Arc<Shared>,
}

impl OpenConnection {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        {
            let mut stats = shared.connections();
            stats.accepted += 1;
            stats.open += 1;
            stats.peak_open = stats.peak_open.max(stats.open);
        }
        OpenConnection { shared }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.shared.connections().open -= 1;
    }
}

/// One request being handled, counted in flight until dropped.
pub(crate) struct InFlightRequest {
    shared: Arc<Shared>,
}

impl InFlightRequest {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        {
            let mut stats = shared.connections();
            stats.in_flight += 1;
            stats.peak_in_flight = stats.peak_in_flight.max(stats.in_flight);
        }
        InFlightRequest { shared }
    }
}

impl Drop for InFlightRequest {
    fn drop(&mut self) {
        self.shared.connections().in_flight -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request_log::RequestLog;
    use crate::sid::SidGenerator;
    use crate::state::Store;

    #[test]
    fn debug_hides_the_api_token() {
        let shared = Shared::new(
            "project".into(),
            "PT-emulator-secret".into(),
            Store::new(SidGenerator::new()),
            RequestLog::new(1, 1),
        );
        let debug = format!("{shared:?}");
        assert!(!debug.contains("PT-emulator-secret"), "{debug}");
        assert!(debug.contains("project"), "{debug}");
    }
}
