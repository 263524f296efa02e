//! Answering SignalWire's webhooks with [axum](https://docs.rs/axum)
//! (feature `axum`): [`SignedWebhook`] checks a request's signature and
//! reads it as a typed [`webhook`](crate::webhook) callback, and LaML
//! documents are responses.
//!
//! ```no_run
//! use axum::routing::post;
//! use axum::Router;
//! use laml::axum::{SignedWebhook, WebhookConfig};
//! use laml::document::voice::{Say, VoiceResponse};
//! use laml::webhook::VoiceRequest;
//!
//! async fn answer(SignedWebhook(call): SignedWebhook<VoiceRequest>) -> VoiceResponse {
//!     VoiceResponse::new().append(Say::new(format!("Hello, caller from {}.", call.call.from)))
//! }
//!
//! # async fn run() -> std::io::Result<()> {
//! // The URL SignalWire is configured with, as it is seen from outside.
//! let config = WebhookConfig::new("PSK_signing_key", "https://app.example.com");
//! let app = Router::new().route("/voice", post(answer)).with_state(config);
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! A request that fails is answered before it reaches the handler: `403`
//! when its signature is missing, malformed or wrong (before its body is
//! read), `413` when its body is over the limit (before more than the limit
//! is read), `408` when its body does not arrive within the deadline, `415`
//! when it is neither a form nor JSON, `400` when it does not decode.
//!
//! The URL checked is the one the client asked for, under
//! [`Router::nest`](::axum::Router::nest) and
//! [`nest_service`](::axum::Router::nest_service) too (axum's
//! [`OriginalUri`]), appended to the configured public URL.

use std::collections::HashSet;
use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use ::axum::body::Body;
use ::axum::extract::{FromRef, FromRequest, OriginalUri, Request};
use ::axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use ::axum::http::request::Parts;
use ::axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use ::axum::response::{IntoResponse, Response};
use futures_core::Stream;
use serde::de::DeserializeOwned;

use crate::document::fax::FaxResponse;
use crate::document::messaging::MessagingResponse;
use crate::document::voice::VoiceResponse;
use crate::document::RenderError;
use crate::signature::{
    body_sha256_of, json_members, Covered, Nested, RequestValidator, SignatureError,
    SIGNALWIRE_SIGNATURE, TWILIO_SIGNATURE,
};
use crate::webhook::{Form, FormError, FromForm};

/// The largest webhook body read by default: 64 KiB, far above what
/// SignalWire sends.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// How long a webhook's body may take to arrive by default: 10 s, far above
/// what SignalWire takes, far below what a connection held open costs.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Which headers a proxy in front of the app sets to say what URL the
/// client asked for. Each names the scheme, host or port the proxy saw; the
/// value the proxy appended (the last one) counts, not one a client wrote
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ForwardedHeaders {
    /// None: the configured public URL is the only one checked. The
    /// default, as anyone can send these headers.
    #[default]
    Ignored,
    /// `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Port`.
    XForwarded,
    /// RFC 7239's `Forwarded` (its `proto` and `host`).
    Forwarded,
}

/// How webhooks are checked: the signing key, the public URL SignalWire
/// requests, the body limit and deadline, and the proxy headers trusted.
/// Put it in the router's state (or make it reachable with [`FromRef`]).
///
/// `Debug` does not show the signing key.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    inner: Arc<Config>,
}

#[derive(Debug, Clone)]
struct Config {
    validator: RequestValidator,
    scheme: String,
    authority: String,
    prefix: String,
    forwarded: ForwardedHeaders,
    max_body_bytes: usize,
    body_timeout: Duration,
}

impl WebhookConfig {
    /// Checks signatures made with `signing_key` (the project's signing
    /// key) on requests to `public_url`: the scheme, host and any path
    /// prefix under which SignalWire reaches the app
    /// (`https://app.example.com`, or `https://example.com/app` behind a
    /// proxy that strips `/app`). The path and query the client asked for
    /// are appended to it.
    pub fn new(signing_key: &str, public_url: &str) -> Self {
        let (scheme, rest) = public_url
            .split_once("://")
            .unwrap_or(("https", public_url));
        let (authority, prefix) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        Self {
            inner: Arc::new(Config {
                validator: RequestValidator::new(signing_key),
                scheme: scheme.to_owned(),
                authority: authority.to_owned(),
                prefix: prefix.trim_end_matches('/').to_owned(),
                forwarded: ForwardedHeaders::Ignored,
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
                body_timeout: DEFAULT_BODY_TIMEOUT,
            }),
        }
    }

    /// Takes the scheme, host and port from `X-Forwarded-Proto`,
    /// `X-Forwarded-Host` and `X-Forwarded-Port` when a request carries
    /// them (off by default): the same as
    /// `forwarded_headers(ForwardedHeaders::XForwarded)`. Turn it on only
    /// behind a proxy that sets them, as anyone can send them.
    pub fn trust_forwarded_headers(self, trust: bool) -> Self {
        self.forwarded_headers(match trust {
            true => ForwardedHeaders::XForwarded,
            false => ForwardedHeaders::Ignored,
        })
    }

    /// Which proxy headers name the URL the client asked for; see
    /// [`ForwardedHeaders`]. Trust only those that your proxy sets,
    /// replacing or appending to what a client sent.
    pub fn forwarded_headers(mut self, headers: ForwardedHeaders) -> Self {
        self.config_mut().forwarded = headers;
        self
    }

    /// The largest body read; a longer one is answered `413`.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.config_mut().max_body_bytes = limit;
        self
    }

    /// How long the body may take to arrive once the headers have; a
    /// slower one is answered `408`.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.config_mut().body_timeout = timeout;
        self
    }

    /// The public URL requests are checked against, without a trailing
    /// slash: for the absolute URLs of `action` attributes.
    pub fn public_url(&self) -> String {
        let config = &*self.inner;
        format!("{}://{}{}", config.scheme, config.authority, config.prefix)
    }

    fn config_mut(&mut self) -> &mut Config {
        Arc::make_mut(&mut self.inner)
    }

    /// The URL SignalWire requested, as it signed it.
    fn url_of(&self, headers: &HeaderMap, path_and_query: &str) -> String {
        let config = &*self.inner;
        let (scheme, host, port) = match config.forwarded {
            ForwardedHeaders::Ignored => (None, None, None),
            ForwardedHeaders::XForwarded => (
                last_value(headers, "x-forwarded-proto"),
                last_value(headers, "x-forwarded-host"),
                last_value(headers, "x-forwarded-port"),
            ),
            ForwardedHeaders::Forwarded => {
                let element = last_value(headers, "forwarded").unwrap_or_default();
                (
                    forwarded_parameter(&element, "proto"),
                    forwarded_parameter(&element, "host"),
                    None,
                )
            }
        };
        let scheme = scheme.unwrap_or_else(|| config.scheme.clone());
        let mut authority = host.unwrap_or_else(|| config.authority.clone());
        if let Some(port) = port.filter(|port| port.bytes().all(|byte| byte.is_ascii_digit())) {
            authority = format!("{}:{port}", without_port(&authority));
        }
        format!("{scheme}://{authority}{}{path_and_query}", config.prefix)
    }
}

/// The last value of a comma-separated header, over all its lines: the one
/// the nearest proxy appended.
fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let line = headers
        .get_all(name)
        .into_iter()
        .next_back()?
        .to_str()
        .ok()?;
    split_unquoted(line, ',')
        .last()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// The value of `name` in one element of a `Forwarded` header
/// (`for=1.2.3.4;proto=https;host="example.com:8443"`).
fn forwarded_parameter(element: &str, name: &str) -> Option<String> {
    split_unquoted(element, ';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case(name) {
            return None;
        }
        let value = value.trim();
        let value = match value
            .strip_prefix('"')
            .and_then(|value| value.strip_suffix('"'))
        {
            Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
            None => value.to_owned(),
        };
        Some(value).filter(|value| !value.is_empty())
    })
}

/// `text` split at each `separator` outside double quotes.
fn split_unquoted(text: &str, separator: char) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    let mut escaped = false;
    text.split(move |character: char| {
        match (escaped, quoted, character) {
            (true, _, _) => escaped = false,
            (false, true, '\\') => escaped = true,
            (false, _, '"') => quoted = !quoted,
            _ => {}
        }
        !quoted && character == separator
    })
}

/// `authority` without a `:port`, an IPv6 literal kept whole.
fn without_port(authority: &str) -> &str {
    match authority.rfind(':') {
        Some(colon) if !authority[colon..].contains(']') => &authority[..colon],
        _ => authority,
    }
}

/// A webhook whose signature was checked, read as `T` (a
/// [`webhook`](crate::webhook) type, or [`Form`] for the raw parameters).
///
/// A `POST` is read from its form body, or from its JSON body when that is
/// an object (each member a parameter; a number, boolean, `null` or nested
/// value as its JSON text, an array as one value per element); a `GET` from
/// its query. When a signature covers each distinct pair once, exact repeats
/// are dropped before `T` reads the form, so `T` never reads what the
/// signature did not cover.
#[derive(Debug, Clone)]
pub struct SignedWebhook<T>(pub T);

/// A webhook with a JSON body whose signature was checked, deserialized as
/// `T` from the very value the signature was checked against.
///
/// Any other body is answered `415`; a body that is not `T`, `400`.
#[derive(Debug, Clone)]
pub struct SignedJson<T>(pub T);

/// Why a webhook was answered without reaching its handler.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// `403`: the signature is missing, malformed or wrong.
    Signature(SignatureError),
    /// `413`: the body is longer than [`WebhookConfig::max_body_bytes`].
    TooLarge,
    /// `408`: the body did not arrive within [`WebhookConfig::body_timeout`].
    TimedOut,
    /// `400`: the body is not a UTF-8 form.
    Form(FormError),
    /// `415`: the body is neither `application/x-www-form-urlencoded` nor
    /// JSON (for [`SignedJson`], not JSON).
    UnsupportedMediaType,
    /// `400`: the JSON body is not JSON, or not what the handler takes.
    Json(String),
    /// `400`: the body could not be read.
    Body,
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::Signature(error) => fmt::Display::fmt(error, f),
            WebhookRejection::TooLarge => f.write_str("the request body is too large"),
            WebhookRejection::TimedOut => f.write_str("the request body did not arrive in time"),
            WebhookRejection::Form(error) => fmt::Display::fmt(error, f),
            WebhookRejection::UnsupportedMediaType => f.write_str(
                "the request body is neither application/x-www-form-urlencoded nor JSON",
            ),
            WebhookRejection::Json(reason) => write!(f, "the JSON body {reason}"),
            WebhookRejection::Body => f.write_str("the request body could not be read"),
        }
    }
}

impl std::error::Error for WebhookRejection {}

impl WebhookRejection {
    /// The HTTP status the request is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebhookRejection::Signature(_) => StatusCode::FORBIDDEN,
            WebhookRejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebhookRejection::TimedOut => StatusCode::REQUEST_TIMEOUT,
            WebhookRejection::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebhookRejection::Form(_) | WebhookRejection::Json(_) | WebhookRejection::Body => {
                StatusCode::BAD_REQUEST
            }
        }
    }
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        (self.status(), self.to_string()).into_response()
    }
}

impl FromForm for Form {
    fn from_form(form: &Form) -> Self {
        form.clone()
    }
}

/// What a request carried, once its signature was checked.
enum Signed {
    /// A `GET`'s or `HEAD`'s query.
    Query(Form),
    /// A form body.
    Form(Form, Covered),
    /// A JSON body.
    Json(serde_json::Value),
}

impl<S, T> FromRequest<S> for SignedWebhook<T>
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
    T: FromForm,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let form = match verify(request, &WebhookConfig::from_ref(state)).await? {
            Signed::Query(form) | Signed::Form(form, Covered::EveryPair) => form,
            Signed::Form(form, Covered::DistinctPairs) => distinct(&form),
            Signed::Json(value) => json_members(&value, Nested::AsJson)
                .ok_or_else(|| WebhookRejection::Json("is not an object".to_owned()))?
                .into_iter()
                .collect(),
        };
        Ok(SignedWebhook(T::from_form(&form)))
    }
}

impl<S, T> FromRequest<S> for SignedJson<T>
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
    T: DeserializeOwned,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match verify(request, &WebhookConfig::from_ref(state)).await? {
            Signed::Json(value) => serde_json::from_value(value)
                .map(SignedJson)
                .map_err(|error| WebhookRejection::Json(format!("does not fit: {error}"))),
            Signed::Query(_) | Signed::Form(..) => Err(WebhookRejection::UnsupportedMediaType),
        }
    }
}

/// The pairs of `form` without exact repeats, in the order first sent.
fn distinct(form: &Form) -> Form {
    let mut seen = HashSet::new();
    form.pairs()
        .iter()
        .filter(|pair| seen.insert(*pair))
        .cloned()
        .collect()
}

/// Checks a request's signature, reading no more of its body than the
/// limit allows and no longer than the deadline, and what it carries.
async fn verify(request: Request, config: &WebhookConfig) -> Result<Signed, WebhookRejection> {
    let config_inner = &*config.inner;
    let (parts, body) = request.into_parts();
    let signature = signature_of(&parts.headers)?;
    let url = config.url_of(&parts.headers, path_and_query(&parts));
    let kind = if parts.method == Method::GET || parts.method == Method::HEAD {
        Kind::Query
    } else {
        media_type(&parts.headers).ok_or(WebhookRejection::UnsupportedMediaType)?
    };

    let limit = config_inner.max_body_bytes;
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(WebhookRejection::TooLarge);
    }
    let body = tokio::time::timeout(config_inner.body_timeout, read_limited(body, limit))
        .await
        .map_err(|_| WebhookRejection::TimedOut)??;

    let validator = &config_inner.validator;
    let signature_error = WebhookRejection::Signature;
    let declared = body_sha256_of(&url);
    match kind {
        Kind::Query => {
            let form = Form::parse(parts.uri.query().unwrap_or_default().as_bytes())
                .map_err(WebhookRejection::Form)?;
            match &declared {
                Some(declared) => validator.validate_body_hash(&url, declared, &body, signature),
                None => validator.validate_url(&url, Some(signature)),
            }
            .map_err(signature_error)?;
            Ok(Signed::Query(form))
        }
        Kind::Form => {
            let form = Form::parse(&body).map_err(WebhookRejection::Form)?;
            let covered = match &declared {
                Some(declared) => validator
                    .validate_body_hash(&url, declared, &body, signature)
                    .map(|()| Covered::EveryPair),
                None => validator.form_coverage(
                    &url,
                    form.pairs().iter().map(|(name, value)| (name, value)),
                    signature,
                ),
            }
            .map_err(signature_error)?;
            Ok(Signed::Form(form, covered))
        }
        Kind::Json => {
            validator
                .validate_json(&url, &body, Some(signature))
                .map_err(signature_error)?;
            serde_json::from_slice(&body)
                .map(Signed::Json)
                .map_err(|error| WebhookRejection::Json(format!("is not JSON: {error}")))
        }
    }
}

/// How a request's parameters travel.
enum Kind {
    Query,
    Form,
    Json,
}

/// The signature header's value, trimmed.
fn signature_of(headers: &HeaderMap) -> Result<&str, WebhookRejection> {
    let value = headers
        .get(SIGNALWIRE_SIGNATURE)
        .or_else(|| headers.get(TWILIO_SIGNATURE))
        .ok_or(WebhookRejection::Signature(SignatureError::Missing))?;
    value
        .to_str()
        .map(str::trim)
        .map_err(|_| WebhookRejection::Signature(SignatureError::Malformed))
}

/// The path and query the client asked for, before any `nest` took a
/// prefix off.
fn path_and_query(parts: &Parts) -> &str {
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(&parts.uri, |original| &original.0);
    uri.path_and_query()
        .map_or("/", |path_and_query| path_and_query.as_str())
}

fn media_type(headers: &HeaderMap) -> Option<Kind> {
    let essence = headers
        .get(CONTENT_TYPE)?
        .to_str()
        .ok()?
        .split(';')
        .next()?
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(Kind::Form),
        "application/json" => Some(Kind::Json),
        other if other.starts_with("application/") && other.ends_with("+json") => Some(Kind::Json),
        _ => None,
    }
}

async fn read_limited(body: Body, limit: usize) -> Result<Vec<u8>, WebhookRejection> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = poll_fn(|context| Pin::new(&mut stream).poll_next(context)).await {
        let chunk = chunk.map_err(|_| WebhookRejection::Body)?;
        if bytes.len() + chunk.len() > limit {
            return Err(WebhookRejection::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn xml_response(xml: Result<String, RenderError>) -> Response {
    match xml {
        Ok(xml) => (
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/xml; charset=utf-8"),
            )],
            xml,
        )
            .into_response(),
        Err(error) => {
            let mut response = (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("could not render the LaML document: {error}"),
            )
                .into_response();
            response.extensions_mut().insert(error);
            response
        }
    }
}

impl IntoResponse for VoiceResponse {
    /// `200` with the document as `text/xml`, or `500` when it cannot be
    /// rendered (the [`RenderError`] is in the response's extensions).
    fn into_response(self) -> Response {
        xml_response(self.to_xml())
    }
}

impl IntoResponse for MessagingResponse {
    /// `200` with the document as `text/xml`, or `500` when it cannot be
    /// rendered (the [`RenderError`] is in the response's extensions).
    fn into_response(self) -> Response {
        xml_response(self.to_xml())
    }
}

impl IntoResponse for FaxResponse {
    /// `200` with the document as `text/xml`, or `500` when it cannot be
    /// rendered (the [`RenderError`] is in the response's extensions).
    fn into_response(self) -> Response {
        xml_response(self.to_xml())
    }
}
