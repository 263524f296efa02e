use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{StatusCode, Url};

use crate::encode::{FormSink, JsonSink, PathBuilder};
use crate::endpoint::{Encoding, Endpoint};
use crate::retry::{self, Retry, RetryPolicy};
use crate::Error;

/// The path of the Compatibility API under a space's host.
pub const API_PREFIX: &str = "/api/laml/2010-04-01";

/// How long a whole request may take when no timeout is set: 30 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long connecting may take when no connect timeout is set: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many requests a client has in flight at once when no limit is set.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 100;

/// The largest 2xx body a client reads when no limit is set: 16 MiB, far
/// above the largest page of the API (1,000 items of a few KiB each).
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 << 20;

/// The most of an error body a client reads when no limit is set: 64 KiB.
/// An error needs its status and a message; the rest is not read.
pub const DEFAULT_MAX_ERROR_BODY_BYTES: usize = 64 << 10;

const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
const JSON_CONTENT_TYPE: &str = "application/json";

/// A client for one SignalWire space and project.
///
/// Cheap to clone: clones share one connection pool.
///
/// # Examples
///
/// ```no_run
/// # async fn run() -> Result<(), laml_runtime::Error> {
/// let client = laml_runtime::Client::builder()
///     .space_url("example")
///     .project_id("b2d6c1b4-0000-4000-8000-000000000000")
///     .api_token("PTxxxxxxxx")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientRef>,
    /// The account `<AccountSid>` addresses, when not the project's own.
    account_sid: Option<Arc<str>>,
}

struct ClientRef {
    http: reqwest::Client,
    retry: RetryPolicy,
    in_flight: Option<tokio::sync::Semaphore>,
    max_body_bytes: usize,
    max_error_body_bytes: usize,
    base_url: String,
    project_id: String,
    authorization: HeaderValue,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
    /// `SIGNALWIRE_API_TOKEN`; the error names the first one missing.
    pub fn from_env() -> Result<Client, Error> {
        fn var(name: &str) -> Result<String, Error> {
            match std::env::var(name) {
                Ok(value) if !value.trim().is_empty() => Ok(value),
                _ => Err(Error::config(format!("{name} is not set"))),
            }
        }
        Client::builder()
            .space_url(var("SIGNALWIRE_SPACE_URL")?)
            .project_id(var("SIGNALWIRE_PROJECT_ID")?)
            .api_token(var("SIGNALWIRE_API_TOKEN")?)
            .build()
    }

    /// The API's base URL, ending in `/api/laml/2010-04-01`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The project id, which is also the AccountSid.
    pub fn project_id(&self) -> &str {
        &self.inner.project_id
    }

    /// The account whose resources requests address: the project's own
    /// unless [`for_account`](Self::for_account) named another.
    pub fn account_sid(&self) -> &str {
        self.account_sid
            .as_deref()
            .unwrap_or(&self.inner.project_id)
    }

    /// The same client (credentials, connections, limits) addressing the
    /// resources of account `account_sid`, a subproject of the project:
    /// every `<AccountSid>` of a path that the request itself does not fill.
    ///
    /// An empty sid, `.` or `..` fails each request with an invalid-request
    /// error, before anything is sent.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # fn run(client: laml_runtime::Client) {
    /// let subproject = client.for_account("d4c0d0c3-0000-4000-8000-000000000000");
    /// assert_eq!(subproject.project_id(), client.project_id());
    /// # }
    /// ```
    #[must_use]
    pub fn for_account(&self, account_sid: impl Into<String>) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            account_sid: Some(account_sid.into().into()),
        }
    }

    /// Sends `request` and decodes its response.
    ///
    /// The `laml` crate's documentation shows it with the endpoint
    /// catalogue.
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let http_request = self.build_request(request)?;
        // A retry builds the request again: no copy is made for the first
        // attempt, which is nearly always the only one.
        let rebuild = || self.build_request(request).ok();
        let (status, body) = self
            .execute(http_request, E::IDEMPOTENT, rebuild, E::PATH)
            .await?;
        E::decode_response(status, body)
    }

    /// The HTTP request that [`send`](Self::send) would send: URL, headers
    /// (the Authorization header marked sensitive) and body.
    pub fn build_request<E: Endpoint>(&self, request: &E) -> Result<reqwest::Request, Error> {
        let inner = &*self.inner;
        let mut url = String::with_capacity(inner.base_url.len() + 96);
        url.push_str(&inner.base_url);
        request.write_path(&mut PathBuilder::new(&mut url, self.account_sid()))?;

        let body = match E::ENCODING {
            Some(Encoding::Query) => {
                let mark = url.len();
                url.push('?');
                request.write_params(&mut FormSink::new(&mut url));
                if url.len() == mark + 1 {
                    url.truncate(mark);
                }
                None
            }
            Some(Encoding::Form) => {
                let mut body = String::new();
                request.write_params(&mut FormSink::new(&mut body));
                Some((FORM_CONTENT_TYPE, Bytes::from(body)))
            }
            Some(Encoding::Json) => {
                let mut sink = JsonSink::default();
                request.write_params(&mut sink);
                Some((
                    JSON_CONTENT_TYPE,
                    Bytes::from(sink.into_value().to_string()),
                ))
            }
            None => None,
        };
        let mut http_request = self.http_request(E::METHOD.to_http(), &url)?;
        if let Some((content_type, body)) = body {
            http_request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            *http_request.body_mut() = Some(body.into());
        }
        Ok(http_request)
    }

    /// A request with the client's auth, for a URL already under the API's
    /// host.
    fn http_request(&self, method: reqwest::Method, url: &str) -> Result<reqwest::Request, Error> {
        let url = Url::parse(url)
            .map_err(|_| Error::invalid_request(format!("`{url}` is not a valid URL")))?;
        let mut http_request = reqwest::Request::new(method, url);
        http_request
            .headers_mut()
            .insert(AUTHORIZATION, self.inner.authorization.clone());
        Ok(http_request)
    }

    /// Sends a request, retrying as the client's [`RetryPolicy`] allows and
    /// following redirects as `redirect_target` allows, and reads the
    /// whole body; a status outside 2xx is an error. `idempotent` is the
    /// endpoint's [`Endpoint::IDEMPOTENT`].
    pub(crate) async fn execute(
        &self,
        http_request: reqwest::Request,
        idempotent: bool,
        rebuild: impl Fn() -> Option<reqwest::Request>,
        operation: &'static str,
    ) -> Result<(StatusCode, Bytes), Error> {
        let policy = &self.inner.retry;
        let method = http_request.method().clone();
        let started = Instant::now();
        let mut attempt = 1;
        let mut redirects = 0;
        // Where the last redirect followed pointed: a retry goes there too.
        let mut redirected: Option<Url> = None;
        let again = |redirected: &Option<Url>| {
            let mut copy = rebuild()?;
            if let Some(url) = redirected {
                *copy.url_mut() = url.clone();
            }
            Some(copy)
        };
        let mut http_request = http_request;
        loop {
            let outcome = self.attempt(http_request, operation).await;
            let (retry, retry_after, error) = match outcome {
                Attempt::Success(status, body) => return Ok((status, body)),
                Attempt::Redirect(redirect) => {
                    let target = redirect_target(&method, &redirect, redirects)
                        .map_err(|reason| redirect.not_followed(reason))?;
                    tracing::debug!(
                        %method,
                        status = redirect.status.as_u16(),
                        path = operation,
                        "following a redirect"
                    );
                    redirected = Some(target);
                    redirects += 1;
                    http_request = again(&redirected)
                        .ok_or_else(|| redirect.not_followed("the request cannot be sent again"))?;
                    continue;
                }
                Attempt::Status(status, headers, body) => (
                    retry::classify_status(status),
                    retry::retry_after(&headers),
                    crate::decode::api_error(status, &body),
                ),
                Attempt::Failed(retry, error) => (retry, None, error),
            };
            let Some(reason) = retry.reason(policy, &method, idempotent) else {
                return Err(error);
            };
            let delay = retry_after.unwrap_or_else(|| policy.backoff(attempt));
            if attempt >= policy.attempts()
                || !retry::within_deadline(policy, started.elapsed(), delay)
            {
                return Err(error);
            }
            let Some(copy) = again(&redirected) else {
                return Err(error);
            };
            tracing::warn!(
                attempt,
                reason,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                path = operation,
                "retrying request"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
            http_request = copy;
        }
    }

    async fn attempt(&self, http_request: reqwest::Request, operation: &'static str) -> Attempt {
        let _permit = match &self.inner.in_flight {
            Some(limit) => limit.acquire().await.ok(),
            None => None,
        };
        let method = http_request.method().clone();
        tracing::debug!(%method, path = operation, "sending request");
        let mut response = match self.inner.http.execute(http_request).await {
            Ok(response) => response,
            Err(error) => {
                return Attempt::Failed(retry::classify_error(&error), Error::transport(error))
            }
        };
        let status = response.status();
        let headers = if status.is_success() {
            HeaderMap::new()
        } else {
            response.headers().clone()
        };
        let url = status.is_redirection().then(|| response.url().clone());
        let limit = if status.is_success() {
            self.inner.max_body_bytes
        } else {
            self.inner.max_error_body_bytes
        };
        let announced = response
            .content_length()
            .is_some_and(|length| length > limit as u64);
        if announced && status.is_success() {
            return Attempt::Failed(Retry::Never, Error::too_large(status, limit, &[]));
        }
        let body = match read_body(&mut response, limit).await {
            Ok(Body::Whole(body)) => body,
            // An error needs its status and the start of its body, not
            // the rest: the API error is read from what fits.
            Ok(Body::Cut(start)) if !status.is_success() => start,
            Ok(Body::Cut(start)) => {
                return Attempt::Failed(Retry::Never, Error::too_large(status, limit, &start))
            }
            Err((partial, error)) => {
                let retry = retry::classify_error(&error);
                return Attempt::Failed(retry, Error::body_cut(status, &partial, error));
            }
        };
        tracing::debug!(
            %method,
            path = operation,
            status = status.as_u16(),
            bytes = body.len(),
            "received response"
        );
        let saturated = self
            .inner
            .in_flight
            .as_ref()
            .is_some_and(|limit| limit.available_permits() == 0);
        if saturated {
            // The pool takes the connection back in a task of its own: when
            // requests wait for this permit, let that task run first, or the
            // next request would open another connection.
            drop(response);
            tokio::task::yield_now().await;
        }
        match url {
            _ if status.is_success() => Attempt::Success(status, body),
            Some(from) => Attempt::Redirect(Redirect {
                status,
                from,
                location: headers.get(LOCATION).cloned(),
                body,
            }),
            None => Attempt::Status(status, headers, body),
        }
    }

    /// A `GET` of a host-relative URI the API returned, such as a page's
    /// `next_page_uri` (which already starts with `/api/laml/2010-04-01`).
    pub(crate) fn follow(&self, uri: &str) -> Result<reqwest::Request, Error> {
        let origin = &self.inner.base_url[..self.inner.base_url.len() - API_PREFIX.len()];
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
        self.http_request(reqwest::Method::GET, &url)
    }
}

enum Attempt {
    Success(StatusCode, Bytes),
    Redirect(Redirect),
    Status(StatusCode, HeaderMap, Bytes),
    Failed(Retry, Error),
}

/// A 3xx response, and the URL it answered.
struct Redirect {
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

/// A body as read: whole, or its first `limit` bytes when it was longer.
enum Body {
    Whole(Bytes),
    Cut(Bytes),
}

/// The body up to `limit` bytes, without copying when it comes in one
/// chunk; past the limit nothing more is read. On failure, what had
/// arrived.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Body, (Vec<u8>, reqwest::Error)> {
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    let mut read = 0usize;
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                read = read.saturating_add(chunk.len());
                if read > limit {
                    if joined.is_empty() {
                        joined.extend_from_slice(first.as_deref().unwrap_or_default());
                    }
                    let room = limit - joined.len();
                    joined.extend_from_slice(&chunk[..room]);
                    return Ok(Body::Cut(Bytes::from(joined)));
                }
                match &first {
                    None => first = Some(chunk),
                    Some(head) => {
                        if joined.is_empty() {
                            joined.extend_from_slice(head);
                        }
                        joined.extend_from_slice(&chunk);
                    }
                }
            }
            Ok(None) if joined.is_empty() => return Ok(Body::Whole(first.unwrap_or_default())),
            Ok(None) => return Ok(Body::Whole(Bytes::from(joined))),
            Err(error) => {
                if joined.is_empty() {
                    joined.extend_from_slice(first.as_deref().unwrap_or_default());
                }
                return Err((joined, error));
            }
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("project_id", &self.inner.project_id)
            .field("account_sid", &self.account_sid())
            .field("api_token", &"** redacted **")
            .finish()
    }
}

/// Configures a [`Client`]. Setters cannot fail; [`build`](Self::build)
/// reports the first bad value.
#[must_use]
#[derive(Default)]
pub struct ClientBuilder {
    space_url: Option<String>,
    project_id: Option<String>,
    api_token: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http: Option<reqwest::Client>,
    retry: Option<RetryPolicy>,
    max_in_flight: Option<usize>,
    max_body_bytes: Option<usize>,
    max_error_body_bytes: Option<usize>,
}

impl ClientBuilder {
    /// The space: `example`, `example.signalwire.com` or
    /// `https://example.signalwire.com/`. Plain `http://` is accepted only
    /// for loopback hosts (a local emulator).
    pub fn space_url(mut self, space_url: impl Into<String>) -> Self {
        self.space_url = Some(space_url.into());
        self
    }

    /// The project id, used as the Basic auth user name and as the
    /// AccountSid of every path.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The API token, used as the Basic auth password. It is never printed.
    pub fn api_token(mut self, api_token: impl Into<String>) -> Self {
        self.api_token = Some(api_token.into());
        self
    }

    /// How long a whole request may take; [`DEFAULT_TIMEOUT`] when unset.
    /// Ignored when a caller-supplied [`reqwest::Client`] is used.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How long connecting may take; [`DEFAULT_CONNECT_TIMEOUT`] when unset.
    /// Ignored when a caller-supplied [`reqwest::Client`] is used.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How failed attempts are retried; [`RetryPolicy::default`] when unset,
    /// [`RetryPolicy::disabled`] for none.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The most requests in flight at once through this client and its
    /// clones; more wait their turn. This also bounds the open connections.
    /// [`DEFAULT_MAX_IN_FLIGHT`] when unset; `0` for no limit.
    pub fn max_in_flight(mut self, max: usize) -> Self {
        self.max_in_flight = Some(max);
        self
    }

    /// The largest 2xx body a call reads; a longer one fails with an
    /// [`is_too_large`](Error::is_too_large) error as soon as the limit is
    /// passed (at once when its `Content-Length` announces it), so that a
    /// runaway body cannot exhaust memory. [`DEFAULT_MAX_BODY_BYTES`] when
    /// unset.
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = Some(max);
        self
    }

    /// The most of an error body (any status outside 2xx) a call reads; the
    /// API error is read from what fits and the rest is never read.
    /// [`DEFAULT_MAX_ERROR_BODY_BYTES`] when unset.
    pub fn max_error_body_bytes(mut self, max: usize) -> Self {
        self.max_error_body_bytes = Some(max);
        self
    }

    /// Sends through this `reqwest::Client` (its pool, proxy and TLS
    /// settings) instead of one laml builds. Its timeouts and user agent
    /// apply instead of laml's.
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`, so that
    /// laml's own redirect rules apply: reqwest's default policy follows a
    /// `302` that answers a `POST` as a `GET` without the body, and the
    /// update is lost.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let space_url = self
            .space_url
            .ok_or_else(|| Error::config("the space URL is not set"))?;
        let base_url = base_url(&space_url)?;
        let project_id = required(self.project_id, "project id")?;
        let api_token = required(self.api_token, "API token")?;
        if project_id.contains(|c: char| c == ':' || c.is_control()) {
            return Err(Error::config(
                "the project id contains `:` or a control character",
            ));
        }
        if api_token.contains(char::is_control) {
            return Err(Error::config("the API token contains a control character"));
        }

        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{project_id}:{api_token}"));
        let mut authorization =
            HeaderValue::try_from(format!("Basic {credentials}")).map_err(|_| {
                Error::config("the project id contains characters a header cannot carry")
            })?;
        authorization.set_sensitive(true);

        let max_in_flight = self.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(HeaderValue::from_static(concat!(
                    "laml/",
                    env!("CARGO_PKG_VERSION")
                )))
                .timeout(self.timeout.unwrap_or(DEFAULT_TIMEOUT))
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(if max_in_flight == 0 {
                    usize::MAX
                } else {
                    max_in_flight
                })
                .build()
                .map_err(|_| Error::config("the HTTP client could not be initialised"))?,
        };

        let in_flight = match max_in_flight {
            0 => None,
            max => Some(tokio::sync::Semaphore::new(max)),
        };
        Ok(Client {
            inner: Arc::new(ClientRef {
                http,
                retry: self.retry.unwrap_or_default(),
                in_flight,
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                max_error_body_bytes: self
                    .max_error_body_bytes
                    .unwrap_or(DEFAULT_MAX_ERROR_BODY_BYTES),
                base_url,
                project_id,
                authorization,
            }),
            account_sid: None,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("space_url", &self.space_url)
            .field("project_id", &self.project_id)
            .field(
                "api_token",
                &self.api_token.as_ref().map(|_| "** redacted **"),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_in_flight", &self.max_in_flight)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_error_body_bytes", &self.max_error_body_bytes)
            .finish()
    }
}

fn required(value: Option<String>, what: &str) -> Result<String, Error> {
    match value {
        Some(value) if !value.trim().is_empty() => Ok(value),
        Some(_) => Err(Error::config(format!("the {what} is empty"))),
        None => Err(Error::config(format!("the {what} is not set"))),
    }
}

/// `example`, `example.signalwire.com`, `https://example.signalwire.com/`
/// or a loopback `http://` URL → the API's base URL.
fn base_url(space_url: &str) -> Result<String, Error> {
    let space_url = space_url.trim();
    if space_url.is_empty() {
        return Err(Error::config("the space URL is empty"));
    }
    let with_scheme = if space_url.contains("://") {
        space_url.to_owned()
    } else if space_url.contains(['.', ':', '/']) {
        format!("https://{space_url}")
    } else {
        format!("https://{space_url}.signalwire.com")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|_| Error::config(format!("the space URL `{space_url}` is not a valid URL")))?;
    let host = url
        .host_str()
        .ok_or_else(|| Error::config(format!("the space URL `{space_url}` has no host")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(Error::config(format!(
                "the space URL `{space_url}` uses http://, which is allowed only for loopback hosts"
            )))
        }
        scheme => {
            return Err(Error::config(format!(
                "the space URL `{space_url}` has scheme `{scheme}`; use https://"
            )))
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "the space URL carries credentials; set them with project_id and api_token",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "the space URL `{space_url}` has a query or fragment"
        )));
    }
    let path = url.path().trim_end_matches('/');
    if !path.is_empty() && path != API_PREFIX {
        return Err(Error::config(format!(
            "the space URL `{space_url}` has a path; give only the space's host"
        )));
    }
    let mut base = format!("{}://{}", url.scheme(), host_for_url(&url));
    if let Some(port) = url.port() {
        base.push(':');
        base.push_str(&port.to_string());
    }
    base.push_str(API_PREFIX);
    Ok(base)
}

fn host_for_url(url: &Url) -> String {
    match url.host() {
        Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
        Some(host) => host.to_string(),
        None => String::new(),
    }
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_url_forms() {
        let expected = "https://example.signalwire.com/api/laml/2010-04-01";
        for input in [
            "example",
            "example.signalwire.com",
            "https://example.signalwire.com/",
            "https://example.signalwire.com/api/laml/2010-04-01/",
        ] {
            assert_eq!(base_url(input).unwrap(), expected, "{input}");
        }
        assert_eq!(
            base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/api/laml/2010-04-01"
        );
        assert_eq!(
            base_url("http://[::1]:8080/").unwrap(),
            "http://[::1]:8080/api/laml/2010-04-01"
        );
        assert_eq!(
            base_url("http://localhost:9").unwrap(),
            "http://localhost:9/api/laml/2010-04-01"
        );
    }

    #[test]
    fn space_url_refusals() {
        for input in [
            "",
            "http://example.signalwire.com",
            "ftp://example.signalwire.com",
            "https://user:pass@example.signalwire.com",
            "https://example.signalwire.com/other",
            "https://example.signalwire.com/?x=1",
        ] {
            let error = base_url(input).unwrap_err();
            assert!(error.is_config(), "{input}");
            assert!(!error.to_string().contains("pass"), "{error}");
        }
    }

    #[test]
    fn build_names_what_is_missing_and_redacts_the_token() {
        let error = Client::builder()
            .space_url("example")
            .project_id("p")
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid client configuration: the API token is not set"
        );
        let builder = Client::builder().api_token("PT-secret-token");
        assert!(!format!("{builder:?}").contains("PT-secret-token"));
        let client = builder
            .space_url("example")
            .project_id("p")
            .build()
            .unwrap();
        assert!(!format!("{client:?}").contains("PT-secret-token"));
        assert!(client.inner.authorization.is_sensitive());
    }

    #[test]
    fn client_is_send_sync_and_clone() {
        fn assert_bounds<T: Send + Sync + Clone + 'static>() {}
        assert_bounds::<Client>();
    }
}
