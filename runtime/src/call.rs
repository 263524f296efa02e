//! One call to the API, apart from how its bytes travel: the request as
//! laml prepares it, what a response's head decides, and what happens after
//! each attempt (retry, follow a redirect, fail). The async [`Client`] and
//! the blocking one run the same decisions around their own I/O.
//!
//! [`Client`]: crate::Client

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{StatusCode, Url};

use crate::client::API_PREFIX;
use crate::encode::{parse, BaseUrls, FormSink, JsonSink, PathBuilder};
use crate::endpoint::{Encoding, Endpoint};
use crate::error::Context;
use crate::retry::{self, Retry, RetryPolicy};
use crate::Error;

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
const JSON_CONTENT_TYPE: &str = "application/json";

/// Room for a path after the base URL, and for a form body, so that
/// neither grows in steps while it is written: most are shorter.
const PATH_CAPACITY: usize = 192;
const FORM_CAPACITY: usize = 512;

/// What every client holds, whichever way it sends.
pub(crate) struct Settings {
    pub(crate) retry: RetryPolicy,
    pub(crate) max_body_bytes: usize,
    pub(crate) max_error_body_bytes: usize,
    pub(crate) base_url: String,
    /// `base_url`, parsed for requests' URLs.
    pub(crate) bases: BaseUrls,
    pub(crate) project_id: String,
    pub(crate) authorization: HeaderValue,
    /// The whole-request timeout laml set; `None` with a caller's client.
    pub(crate) timeout: Option<Duration>,
}

/// The names of what a call does: `name` for errors, `path` (the endpoint's
/// template) for tracing.
#[derive(Clone, Copy)]
pub(crate) struct Operation {
    pub(crate) name: &'static str,
    pub(crate) path: &'static str,
}

impl Operation {
    pub(crate) fn of<E: Endpoint>() -> Self {
        let name = std::any::type_name::<E>();
        let name = name.rsplit("::").next().unwrap_or(name);
        Operation {
            name,
            path: E::PATH,
        }
    }
}

/// A request as laml builds it, before it becomes reqwest's async or
/// blocking request.
#[derive(Clone)]
pub(crate) struct Prepared {
    pub(crate) method: reqwest::Method,
    pub(crate) url: Url,
    body: Option<(BodyType, Bytes)>,
}

/// What a request body is. An enum, not the header's text: a constant
/// given to `HeaderValue::from_static` is checked at compile time, a
/// text read from a field at run time, byte by byte.
#[derive(Clone, Copy)]
enum BodyType {
    Form,
    Json,
}

impl Prepared {
    /// The Authorization header, and the body's type when there is one.
    fn headers(body: Option<&(BodyType, Bytes)>, headers: &mut HeaderMap, settings: &Settings) {
        headers.insert(AUTHORIZATION, settings.authorization.clone());
        let content_type = match body {
            Some((BodyType::Form, _)) => HeaderValue::from_static(FORM_CONTENT_TYPE),
            Some((BodyType::Json, _)) => HeaderValue::from_static(JSON_CONTENT_TYPE),
            None => return,
        };
        headers.insert(CONTENT_TYPE, content_type);
    }

    pub(crate) fn into_async(self, settings: &Settings) -> reqwest::Request {
        let mut request = reqwest::Request::new(self.method, self.url);
        Self::headers(self.body.as_ref(), request.headers_mut(), settings);
        *request.body_mut() = self.body.map(|(_, body)| body.into());
        request
    }

    #[cfg(feature = "blocking")]
    pub(crate) fn into_blocking(self, settings: &Settings) -> reqwest::blocking::Request {
        let mut request = reqwest::blocking::Request::new(self.method, self.url);
        Self::headers(self.body.as_ref(), request.headers_mut(), settings);
        *request.body_mut() = self.body.map(|(_, body)| body.into());
        request
    }
}

impl Settings {
    /// The request `request` makes, addressing `account_sid`.
    pub(crate) fn prepare<E: Endpoint>(
        &self,
        request: &E,
        account_sid: &str,
    ) -> Result<Prepared, Error> {
        let mut path = String::with_capacity(PATH_CAPACITY);
        let mut builder = PathBuilder::new(&mut path, account_sid);
        request.write_path(&mut builder)?;
        let plain = builder.is_plain();
        let mut url = self.bases.join(&path, plain)?;

        let body = match E::ENCODING {
            Some(Encoding::Query) => {
                request.write_params(&mut FormSink::query(&mut url));
                if url.query() == Some("") {
                    url.set_query(None);
                }
                None
            }
            Some(Encoding::Form) => {
                let mut body = String::with_capacity(FORM_CAPACITY);
                request.write_params(&mut FormSink::new(&mut body));
                Some((BodyType::Form, Bytes::from(body)))
            }
            Some(Encoding::Json) => {
                let mut sink = JsonSink::default();
                request.write_params(&mut sink);
                Some((BodyType::Json, Bytes::from(sink.into_value().to_string())))
            }
            None => None,
        };
        Ok(Prepared {
            method: E::METHOD.to_http(),
            url,
            body,
        })
    }

    /// A `GET` of a host-relative URI the API returned, such as a page's
    /// `next_page_uri` (which already starts with `/api/laml/2010-04-01`).
    pub(crate) fn follow(&self, uri: &str) -> Result<Prepared, Error> {
        let origin = &self.base_url[..self.base_url.len() - API_PREFIX.len()];
        let url = if uri.starts_with('/') && !uri.starts_with("//") {
            format!("{origin}{uri}")
        } else {
            let same_origin = uri
                .strip_prefix(origin)
                .is_some_and(|rest| rest.starts_with('/'));
            if !same_origin {
                return Err(Error::invalid_request(format!(
                    "the API returned a page URI outside {origin}: `{uri}`"
                )));
            }
            uri.to_owned()
        };
        Ok(Prepared {
            method: reqwest::Method::GET,
            url: parse(&url)?,
            body: None,
        })
    }

    /// What a failed call was doing, for its error.
    pub(crate) fn context(
        &self,
        method: reqwest::Method,
        url: &Url,
        operation: Operation,
    ) -> Context {
        Context::new(method, url, operation.name, self.timeout)
    }
}

/// `decoded`, or its error saying which request it answered: the request is
/// built again, on this path only.
pub(crate) fn decoded<T>(
    settings: &Settings,
    decoded: Result<T, Error>,
    rebuild: impl FnOnce() -> Option<Prepared>,
    operation: Operation,
) -> Result<T, Error> {
    decoded.map_err(|error| {
        error.with_context(|| match rebuild() {
            Some(request) => settings.context(request.method, &request.url, operation),
            None => Context::unknown(reqwest::Method::GET, operation.name),
        })
    })
}

/// How one attempt ended.
pub(crate) enum Attempt {
    Success(StatusCode, Bytes),
    Redirect(Redirect),
    Status(StatusCode, HeaderMap, Bytes),
    Failed(Retry, Error),
}

impl Attempt {
    /// A failure that no retry would mend.
    pub(crate) fn fatal(error: Error) -> Self {
        Attempt::Failed(Retry::Never, error)
    }

    /// No response: the request was not sent, or its answer was lost.
    pub(crate) fn unsent(error: reqwest::Error) -> Self {
        Attempt::Failed(retry::classify_error(&error), Error::transport(error))
    }
}

/// A 3xx response, and the URL it answered.
pub(crate) struct Redirect {
    status: StatusCode,
    from: Url,
    location: Option<HeaderValue>,
    body: Bytes,
}

impl Redirect {
    fn not_followed(&self, reason: &'static str) -> Error {
        let location = self
            .location
            .as_ref()
            .map(|location| String::from_utf8_lossy(location.as_bytes()).into_owned());
        Error::redirect(self.status, location, reason, &self.body)
    }
}

/// A body as read: whole, or its first `limit` bytes when it was longer.
pub(crate) enum Body {
    Whole(Bytes),
    Cut(Bytes),
}

/// A body that could not be read to its end: what had arrived, and why.
pub(crate) type BodyFailure = (Vec<u8>, Box<dyn std::error::Error + Send + Sync>);

/// The head of a response, and what it decides before its body is read.
pub(crate) struct Head {
    status: StatusCode,
    headers: HeaderMap,
    from: Option<Url>,
    /// How much of the body is read.
    pub(crate) limit: usize,
}

impl Head {
    /// The head of a response: an error answer keeps its headers (for
    /// `Retry-After`), a redirect the URL it answered. A 2xx body announced
    /// longer than the limit ends the attempt before it is read, with no
    /// retry ([`Attempt::fatal`]).
    pub(crate) fn read(
        settings: &Settings,
        status: StatusCode,
        headers: &HeaderMap,
        url: &Url,
        content_length: Option<u64>,
    ) -> Result<Self, Error> {
        let limit = if status.is_success() {
            settings.max_body_bytes
        } else {
            settings.max_error_body_bytes
        };
        let announced = content_length.is_some_and(|length| length > limit as u64);
        if announced && status.is_success() {
            return Err(Error::too_large(status, limit, &[]));
        }
        Ok(Head {
            status,
            headers: if status.is_success() {
                HeaderMap::new()
            } else {
                headers.clone()
            },
            from: status.is_redirection().then(|| url.clone()),
            limit,
        })
    }

    /// How the attempt ended, once the body was read (or failed).
    pub(crate) fn finish(
        self,
        body: Result<Body, BodyFailure>,
        operation: Operation,
        method: &reqwest::Method,
    ) -> Attempt {
        let status = self.status;
        let body = match body {
            Ok(Body::Whole(body)) => body,
            // An error needs its status and the start of its body, not
            // the rest: the API error is read from what fits.
            Ok(Body::Cut(start)) if !status.is_success() => start,
            Ok(Body::Cut(start)) => {
                return Attempt::Failed(Retry::Never, Error::too_large(status, self.limit, &start))
            }
            Err((partial, error)) => {
                let error = Error::body_cut(status, &partial, error);
                return Attempt::Failed(Retry::IfGetOrDelete("connection lost"), error);
            }
        };
        tracing::debug!(
            %method,
            path = operation.path,
            status = status.as_u16(),
            bytes = body.len(),
            "received response"
        );
        match self.from {
            _ if status.is_success() => Attempt::Success(status, body),
            Some(from) => Attempt::Redirect(Redirect {
                status,
                from,
                location: self.headers.get(LOCATION).cloned(),
                body,
            }),
            None => Attempt::Status(status, self.headers, body),
        }
    }
}

/// What to do after an attempt.
pub(crate) enum Step {
    Done(StatusCode, Bytes),
    /// Send `request` after `delay` (zero after a redirect).
    Again {
        delay: Duration,
        request: Prepared,
    },
    Failed(Error),
}

/// The state of one call across its attempts and redirects.
pub(crate) struct Call<'a, R> {
    settings: &'a Settings,
    method: reqwest::Method,
    idempotent: bool,
    operation: Operation,
    /// Builds the request again: no copy is made for the first attempt,
    /// which is nearly always the only one.
    rebuild: R,
    started: Instant,
    attempt: u32,
    redirects: usize,
    /// Where the last redirect followed pointed: a retry goes there too.
    redirected: Option<Url>,
}

impl<R> Call<'_, R> {
    pub(crate) fn method(&self) -> &reqwest::Method {
        &self.method
    }

    pub(crate) fn operation(&self) -> Operation {
        self.operation
    }
}

impl<'a, R: Fn() -> Option<Prepared>> Call<'a, R> {
    /// A call of `first`, an [`Endpoint::IDEMPOTENT`] request or not.
    pub(crate) fn new(
        settings: &'a Settings,
        first: &Prepared,
        idempotent: bool,
        operation: Operation,
        rebuild: R,
    ) -> Self {
        Call {
            settings,
            method: first.method.clone(),
            idempotent,
            operation,
            rebuild,
            started: Instant::now(),
            attempt: 1,
            redirects: 0,
            redirected: None,
        }
    }

    fn again(&self) -> Option<Prepared> {
        let mut copy = (self.rebuild)()?;
        if let Some(url) = &self.redirected {
            copy.url = url.clone();
        }
        Some(copy)
    }

    /// `error`, saying what the call was doing.
    fn fail(&self, error: Error) -> Step {
        Step::Failed(error.with_context(|| {
            let url = self
                .again()
                .map(|request| request.url)
                .or_else(|| self.redirected.clone());
            match url {
                Some(url) => self
                    .settings
                    .context(self.method.clone(), &url, self.operation),
                None => Context::unknown(self.method.clone(), self.operation.name),
            }
        }))
    }

    /// Retries as the client's [`RetryPolicy`] allows and follows redirects
    /// as [`redirect_target`] allows; a status outside 2xx is an error.
    pub(crate) fn after(&mut self, attempt: Attempt) -> Step {
        let policy = &self.settings.retry;
        let (retry, retry_after, error) = match attempt {
            Attempt::Success(status, body) => return Step::Done(status, body),
            Attempt::Redirect(redirect) => {
                let target = match redirect_target(&self.method, &redirect, self.redirects) {
                    Ok(target) => target,
                    Err(reason) => return self.fail(redirect.not_followed(reason)),
                };
                tracing::debug!(
                    method = %self.method,
                    status = redirect.status.as_u16(),
                    path = self.operation.path,
                    "following a redirect"
                );
                self.redirected = Some(target);
                self.redirects += 1;
                return match self.again() {
                    Some(request) => Step::Again {
                        delay: Duration::ZERO,
                        request,
                    },
                    None => self.fail(redirect.not_followed("the request cannot be sent again")),
                };
            }
            Attempt::Status(status, headers, body) => (
                retry::classify_status(status),
                retry::retry_after(&headers),
                crate::decode::api_error(status, &body),
            ),
            Attempt::Failed(retry, error) => (retry, None, error),
        };
        let Some(reason) = retry.reason(policy, &self.method, self.idempotent) else {
            return self.fail(error);
        };
        let delay = retry_after.unwrap_or_else(|| policy.backoff(self.attempt));
        if self.attempt >= policy.attempts()
            || !retry::within_deadline(policy, self.started.elapsed(), delay)
        {
            return self.fail(error);
        }
        let Some(request) = self.again() else {
            return self.fail(error);
        };
        tracing::warn!(
            attempt = self.attempt,
            reason,
            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            path = self.operation.path,
            "retrying request"
        );
        self.attempt += 1;
        Step::Again { delay, request }
    }
}

/// Redirects followed for one call at most.
const MAX_REDIRECTS: usize = 5;

/// Where a redirect may be followed to, or why not.
///
/// Only within the same scheme, host and port, so that the Authorization
/// header never reaches another host. A `GET` follows 301, 302, 303, 307
/// and 308; any other method only 307 and 308, which keep the method and
/// body: the others would turn an update into a `GET` and lose it.
fn redirect_target(
    method: &reqwest::Method,
    redirect: &Redirect,
    followed: usize,
) -> Result<Url, &'static str> {
    let keeps_method = matches!(redirect.status.as_u16(), 307 | 308);
    if !keeps_method && !matches!(redirect.status.as_u16(), 301..=303) {
        return Err("laml follows only 301, 302, 303, 307 and 308");
    }
    if !keeps_method && method != reqwest::Method::GET {
        return Err("it would turn the request into a GET without its body; only 307 and 308 are followed for this method");
    }
    if followed >= MAX_REDIRECTS {
        return Err("too many redirects");
    }
    let location = redirect
        .location
        .as_ref()
        .and_then(|location| location.to_str().ok())
        .ok_or("it has no usable Location")?;
    let target = redirect
        .from
        .join(location)
        .map_err(|_| "its Location is not a URL")?;
    let same_origin = target.scheme() == redirect.from.scheme()
        && target.host_str() == redirect.from.host_str()
        && target.port_or_known_default() == redirect.from.port_or_known_default();
    if same_origin {
        Ok(target)
    } else {
        Err("it leads to another host, which must not receive the credentials")
    }
}
