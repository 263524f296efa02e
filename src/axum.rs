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
//! when its signature is missing, malformed or wrong, `413` when its body is
//! over the limit, `400` when its body is not a UTF-8 form.

use std::fmt;
use std::future::poll_fn;
use std::pin::Pin;
use std::sync::Arc;

use ::axum::body::Body;
use ::axum::extract::{FromRef, FromRequest, Request};
use ::axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use ::axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use ::axum::response::{IntoResponse, Response};
use futures_core::Stream;

use crate::document::fax::FaxResponse;
use crate::document::messaging::MessagingResponse;
use crate::document::voice::VoiceResponse;
use crate::document::RenderError;
use crate::signature::{RequestValidator, SignatureError, SIGNALWIRE_SIGNATURE, TWILIO_SIGNATURE};
use crate::webhook::{Form, FormError, FromForm};

/// The largest webhook body read by default: 64 KiB, far above what
/// SignalWire sends.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

/// How webhooks are checked: the signing key, the public URL SignalWire
/// requests, and the body limit. Put it in the router's state (or make it
/// reachable with [`FromRef`]).
///
/// `Debug` does not show the signing key.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    inner: Arc<Config>,
}

#[derive(Debug)]
struct Config {
    validator: RequestValidator,
    scheme: String,
    authority: String,
    prefix: String,
    trust_forwarded: bool,
    max_body_bytes: usize,
}

impl WebhookConfig {
    /// Checks signatures made with `signing_key` (the project's signing
    /// key) on requests to `public_url`: the scheme, host and any path
    /// prefix under which SignalWire reaches the app
    /// (`https://app.example.com`, or `https://example.com/app` behind a
    /// proxy that strips `/app`). The request's path and query are appended
    /// to it.
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
                trust_forwarded: false,
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            }),
        }
    }

    /// Takes the scheme and host from `X-Forwarded-Proto` and
    /// `X-Forwarded-Host` when a request carries them (off by default).
    /// Turn it on only behind a proxy that sets them, as anyone can send
    /// them.
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        self.config_mut().trust_forwarded = trust;
        self
    }

    /// The largest body read; a longer one is answered `413`.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.config_mut().max_body_bytes = limit;
        self
    }

    /// The public URL requests are checked against, without a trailing
    /// slash: for the absolute URLs of `action` attributes.
    pub fn public_url(&self) -> String {
        let config = &*self.inner;
        format!("{}://{}{}", config.scheme, config.authority, config.prefix)
    }

    fn config_mut(&mut self) -> &mut Config {
        // Setters run before the config is shared, so this does not clone
        // in practice.
        if Arc::get_mut(&mut self.inner).is_none() {
            let config = &*self.inner;
            self.inner = Arc::new(Config {
                validator: config.validator.clone(),
                scheme: config.scheme.clone(),
                authority: config.authority.clone(),
                prefix: config.prefix.clone(),
                trust_forwarded: config.trust_forwarded,
                max_body_bytes: config.max_body_bytes,
            });
        }
        Arc::get_mut(&mut self.inner).unwrap_or_else(|| unreachable!("just made unique"))
    }

    /// The URL SignalWire requested, as it signed it.
    fn url_of(&self, headers: &HeaderMap, path_and_query: &str) -> String {
        let config = &*self.inner;
        let forwarded = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(',').next())
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let (scheme, authority) = match (
            config.trust_forwarded,
            forwarded("x-forwarded-proto"),
            forwarded("x-forwarded-host"),
        ) {
            (true, proto, host) => (
                proto.unwrap_or(&config.scheme),
                host.unwrap_or(&config.authority),
            ),
            (false, _, _) => (config.scheme.as_str(), config.authority.as_str()),
        };
        format!("{scheme}://{authority}{}{path_and_query}", config.prefix)
    }
}

/// A webhook whose signature was checked, read as `T` (a
/// [`webhook`](crate::webhook) type, or [`Form`] for the raw parameters).
///
/// A `POST` is read from its form body; a `GET` from its query.
#[derive(Debug, Clone)]
pub struct SignedWebhook<T>(pub T);

/// Why a webhook was answered without reaching its handler.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookRejection {
    /// `403`: the signature is missing, malformed or wrong.
    Signature(SignatureError),
    /// `413`: the body is longer than [`WebhookConfig::max_body_bytes`].
    TooLarge,
    /// `400`: the body is not a UTF-8 form.
    Form(FormError),
    /// `400`: a `POST` whose body is not `application/x-www-form-urlencoded`.
    NotAForm,
    /// `400`: the body could not be read.
    Body,
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::Signature(error) => fmt::Display::fmt(error, f),
            WebhookRejection::TooLarge => f.write_str("the request body is too large"),
            WebhookRejection::Form(error) => fmt::Display::fmt(error, f),
            WebhookRejection::NotAForm => {
                f.write_str("the request body is not application/x-www-form-urlencoded")
            }
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
            WebhookRejection::Form(_) | WebhookRejection::NotAForm | WebhookRejection::Body => {
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

impl<S, T> FromRequest<S> for SignedWebhook<T>
where
    S: Send + Sync,
    WebhookConfig: FromRef<S>,
    T: FromForm,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let config = WebhookConfig::from_ref(state);
        let (parts, body) = request.into_parts();
        let signature = match parts
            .headers
            .get(SIGNALWIRE_SIGNATURE)
            .or_else(|| parts.headers.get(TWILIO_SIGNATURE))
        {
            None => None,
            Some(value) => Some(
                value
                    .to_str()
                    .map_err(|_| WebhookRejection::Signature(SignatureError::Malformed))?,
            ),
        };
        let signature = signature.ok_or(WebhookRejection::Signature(SignatureError::Missing))?;

        let path_and_query = parts
            .uri
            .path_and_query()
            .map_or("/", |path_and_query| path_and_query.as_str());
        let url = config.url_of(&parts.headers, path_and_query);

        let form = if parts.method == Method::GET || parts.method == Method::HEAD {
            let form = Form::parse(parts.uri.query().unwrap_or_default().as_bytes())
                .map_err(WebhookRejection::Form)?;
            config
                .inner
                .validator
                .validate_form::<[(&str, &str); 0], str, str>(&url, [], Some(signature))
                .map_err(WebhookRejection::Signature)?;
            form
        } else {
            if !is_form(&parts.headers) {
                return Err(WebhookRejection::NotAForm);
            }
            let limit = config.inner.max_body_bytes;
            let declared = parts
                .headers
                .get(CONTENT_LENGTH)
                .and_then(|length| length.to_str().ok())
                .and_then(|length| length.parse::<u64>().ok());
            if declared.is_some_and(|length| length > limit as u64) {
                return Err(WebhookRejection::TooLarge);
            }
            let body = read_limited(body, limit).await?;
            let form = Form::parse(&body).map_err(WebhookRejection::Form)?;
            config
                .inner
                .validator
                .validate_form(&url, form.signed_pairs(), Some(signature))
                .map_err(WebhookRejection::Signature)?;
            form
        };
        Ok(SignedWebhook(T::from_form(&form)))
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
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
