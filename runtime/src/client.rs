use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use reqwest::{StatusCode, Url};

use crate::call::{
    decoded, Attempt, Body, BodyFailure, Call, Head, Operation, Prepared, Settings, Step,
};
use crate::encode::BaseUrls;
use crate::endpoint::Endpoint;
use crate::retry::RetryPolicy;
use crate::Error;

/// reqwest's async or blocking client with laml's settings: their builders
/// share these methods, and no trait.
macro_rules! http_client {
    ($client:ty, $checked:expr) => {
        $crate::tls::configure!(<$client>::builder())?
            .user_agent(::reqwest::header::HeaderValue::from_static(
                $crate::client::USER_AGENT,
            ))
            .timeout($checked.timeout.unwrap_or($crate::client::DEFAULT_TIMEOUT))
            .connect_timeout($checked.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host($checked.idle_per_host())
            .build()
            .map_err(|_| $crate::Error::config("the HTTP client could not be initialised"))
    };
}
#[cfg(feature = "blocking")]
pub(crate) use http_client;

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
    in_flight: Option<tokio::sync::Semaphore>,
    settings: Settings,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A `reqwest::ClientBuilder` set as laml's own clients are: TLS as
    /// laml's features choose it, and no redirects followed. Change what
    /// you need (a proxy, the pool) and give the result to
    /// [`ClientBuilder::http_client`].
    ///
    /// Under the default `rustls-ring` feature reqwest has no TLS provider
    /// of its own, so `reqwest::Client::new()` panics unless the app
    /// installed a rustls `CryptoProvider`; a client from this builder
    /// does not.
    ///
    /// ```no_run
    /// # fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = laml_runtime::Client::http_client_builder()?
    ///     .pool_max_idle_per_host(4)
    ///     .build()?;
    /// let client = laml_runtime::Client::builder()
    ///     .space_url("example")
    ///     .project_id("PROJECT_ID")
    ///     .api_token("API_TOKEN")
    ///     .http_client(http)
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
        Ok(crate::tls::configure!(reqwest::Client::builder())?
            .redirect(reqwest::redirect::Policy::none()))
    }

    /// A client from `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
    /// `SIGNALWIRE_API_TOKEN`; the error names the first one missing.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The API's base URL, ending in `/api/laml/2010-04-01`.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// The project id, which is also the AccountSid.
    pub fn project_id(&self) -> &str {
        &self.inner.settings.project_id
    }

    /// The account whose resources requests address: the project's own
    /// unless [`for_account`](Self::for_account) named another.
    pub fn account_sid(&self) -> &str {
        self.account_sid
            .as_deref()
            .unwrap_or(&self.inner.settings.project_id)
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
        let settings = &self.inner.settings;
        let rebuild = || settings.prepare(request, self.account_sid()).ok();
        let first = settings.prepare(request, self.account_sid())?;
        let operation = Operation::of::<E>();
        let response = self.execute(first, E::IDEMPOTENT, &rebuild, operation);
        let (status, body) = response.await?;
        decoded(
            settings,
            E::decode_response(status, body),
            rebuild,
            operation,
        )
    }

    /// The HTTP request that [`send`](Self::send) would send: URL, headers
    /// (the Authorization header marked sensitive) and body.
    pub fn build_request<E: Endpoint>(&self, request: &E) -> Result<reqwest::Request, Error> {
        let settings = &self.inner.settings;
        Ok(settings
            .prepare(request, self.account_sid())?
            .into_async(settings))
    }

    pub(crate) fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Sends a request as [`Call`] decides, and reads the whole body; a
    /// status outside 2xx is an error. `idempotent` is the endpoint's
    /// [`Endpoint::IDEMPOTENT`].
    pub(crate) async fn execute(
        &self,
        request: Prepared,
        idempotent: bool,
        rebuild: impl Fn() -> Option<Prepared>,
        operation: Operation,
    ) -> Result<(StatusCode, Bytes), Error> {
        let settings = &self.inner.settings;
        let mut call = Call::new(settings, &request, idempotent, operation, rebuild);
        let mut request = request;
        loop {
            let attempt = self.attempt(request.into_async(settings), &call).await;
            match call.after(attempt) {
                Step::Done(status, body) => return Ok((status, body)),
                Step::Failed(error) => return Err(error),
                Step::Again {
                    delay,
                    request: next,
                } => {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    request = next;
                }
            }
        }
    }

    async fn attempt<R>(&self, http_request: reqwest::Request, call: &Call<'_, R>) -> Attempt {
        let _permit = match &self.inner.in_flight {
            Some(limit) => limit.acquire().await.ok(),
            None => None,
        };
        let method = call.method();
        tracing::debug!(%method, path = call.operation().path, "sending request");
        let mut response = match self.inner.http.execute(http_request).await {
            Ok(response) => response,
            Err(error) => return Attempt::unsent(error),
        };
        let head = match Head::read(
            &self.inner.settings,
            response.status(),
            response.headers(),
            response.url(),
            response.content_length(),
        ) {
            Ok(head) => head,
            Err(error) => return Attempt::fatal(error),
        };
        let body = read_body(&mut response, head.limit).await;
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
        head.finish(body, call.operation(), method)
    }
}

/// The body up to `limit` bytes, without copying when it comes in one
/// chunk; past the limit nothing more is read. On failure, what had
/// arrived.
async fn read_body(response: &mut reqwest::Response, limit: usize) -> Result<Body, BodyFailure> {
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
                return Err((joined, Box::new(error.without_url())));
            }
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.settings.base_url)
            .field("project_id", &self.inner.settings.project_id)
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
    /// Start from [`Client::http_client_builder`], which speaks laml's TLS
    /// and follows no redirects, so that laml's own redirect rules apply:
    /// reqwest's default policy follows a `302` that answers a `POST` as a
    /// `GET` without the body, and the update is lost.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let (checked, http) = self.settings()?;
        let http = match http {
            Some(http) => http,
            None => http_client!(reqwest::Client, checked)?,
        };
        let max_in_flight = checked.max_in_flight;
        let in_flight = match max_in_flight {
            0 => None,
            max => Some(tokio::sync::Semaphore::new(max)),
        };
        Ok(Client {
            inner: Arc::new(ClientRef {
                http,
                in_flight,
                settings: checked.settings,
            }),
            account_sid: None,
        })
    }

    /// A builder from `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
    /// `SIGNALWIRE_API_TOKEN`; the error names the first one missing.
    pub(crate) fn from_env() -> Result<Self, Error> {
        fn var(name: &str) -> Result<String, Error> {
            match std::env::var(name) {
                Ok(value) if !value.trim().is_empty() => Ok(value),
                _ => Err(Error::config(format!("{name} is not set"))),
            }
        }
        Ok(Client::builder()
            .space_url(var("SIGNALWIRE_SPACE_URL")?)
            .project_id(var("SIGNALWIRE_PROJECT_ID")?)
            .api_token(var("SIGNALWIRE_API_TOKEN")?))
    }

    /// The checked settings, and the caller's `reqwest::Client` if any.
    pub(crate) fn settings(self) -> Result<(Checked, Option<reqwest::Client>), Error> {
        let space_url = self
            .space_url
            .ok_or_else(|| Error::config("the space URL is not set"))?;
        let base_url = base_url(&space_url)?;
        let project_id = required(self.project_id, "project id")?;
        let api_token = required(self.api_token, "API token")?;
        if !crate::tls::AVAILABLE && base_url.starts_with("https:") {
            return Err(crate::tls::missing(space_url.trim()));
        }
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

        let timeout = match &self.http {
            Some(_) => None,
            None => Some(self.timeout.unwrap_or(DEFAULT_TIMEOUT)),
        };
        let settings = Settings {
            retry: self.retry.unwrap_or_default(),
            max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
            max_error_body_bytes: self
                .max_error_body_bytes
                .unwrap_or(DEFAULT_MAX_ERROR_BODY_BYTES),
            bases: BaseUrls::new(&base_url, &project_id)?,
            base_url,
            project_id,
            authorization,
            timeout,
        };
        let checked = Checked {
            settings,
            connect_timeout: self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            max_in_flight: self.max_in_flight.unwrap_or(DEFAULT_MAX_IN_FLIGHT),
        };
        Ok((checked, self.http))
    }
}

/// The user agent of the HTTP clients laml builds.
pub(crate) const USER_AGENT: &str = concat!("laml/", env!("CARGO_PKG_VERSION"));

/// What [`ClientBuilder`] checked, for a client of either kind.
pub(crate) struct Checked {
    pub(crate) settings: Settings,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_in_flight: usize,
}

impl Checked {
    /// Idle connections kept per host: as many as may be in flight.
    pub(crate) fn idle_per_host(&self) -> usize {
        match self.max_in_flight {
            0 => usize::MAX,
            max => max,
        }
    }
}

impl std::ops::Deref for Checked {
    type Target = Settings;

    fn deref(&self) -> &Settings {
        &self.settings
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
    if let Some(url::Host::Domain(domain)) = url.host() {
        if let Err(why) = check_host_name(domain) {
            return Err(Error::config(format!(
                "the space URL `{space_url}` names host `{domain}`, which cannot be a host name: {why}"
            )));
        }
    }
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

/// Why `domain` cannot be a host name (RFC 1123: dot-separated labels of
/// letters, digits and inner hyphens), if it cannot. A name that fails here
/// would only fail later, at DNS, with a less helpful message.
fn check_host_name(domain: &str) -> Result<(), String> {
    let name = domain.strip_suffix('.').unwrap_or(domain);
    if name.len() > 253 {
        return Err("it is longer than 253 characters".to_owned());
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Err("it has an empty label".to_owned());
        }
        if label.len() > 63 {
            return Err(format!("its label `{label}` is longer than 63 characters"));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
        {
            return Err(format!("`{bad}` is not allowed in a host name"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("its label `{label}` starts or ends with `-`"));
        }
    }
    Ok(())
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

    #[cfg(not(any(
        feature = "rustls-ring",
        feature = "rustls-aws-lc",
        feature = "native-tls"
    )))]
    #[test]
    fn without_tls_an_https_space_names_the_features_that_bring_it() {
        let builder = || Client::builder().project_id("p").api_token("t");
        let error = builder().space_url("example").build().unwrap_err();
        assert!(error.is_config());
        assert!(
            error.to_string().contains("`example` needs TLS")
                && error.to_string().contains("`rustls-ring`"),
            "{error}"
        );
        assert!(builder().space_url("http://127.0.0.1:8080").build().is_ok());
    }

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
            "example,signalwire.com",
            "example..signalwire.com",
            "my_space.signalwire.com",
            "-example.signalwire.com",
            "example.signalwire.com,",
            "exa mple.signalwire.com",
            "ex\u{e9}mple.signalwire.com\u{2c}x",
        ] {
            let error = base_url(input).unwrap_err();
            assert!(error.is_config(), "{input}");
            assert!(!error.to_string().contains("pass"), "{error}");
        }
    }

    #[test]
    fn a_host_that_cannot_be_one_is_named() {
        let error = base_url("example,signalwire.com").unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid client configuration: the space URL `example,signalwire.com` names host \
             `example,signalwire.com`, which cannot be a host name: `,` is not allowed in a host name"
        );
        let error = base_url("https://a..b.com").unwrap_err();
        assert!(error.to_string().contains("empty label"), "{error}");
        let error = base_url(&format!("{}.com", "a".repeat(64))).unwrap_err();
        assert!(error.to_string().contains("longer than 63"), "{error}");
        let long = vec!["a".repeat(63); 4].join(".");
        let error = base_url(&format!("{long}.com")).unwrap_err();
        assert!(error.to_string().contains("longer than 253"), "{error}");
        let longest_label = format!("{}.com", "a".repeat(63));
        let three = vec!["a".repeat(63); 3].join(".");
        let longest_name = format!("{three}.{}", "b".repeat(253 - 3 * 64));
        assert_eq!(longest_name.len(), 253);
        for longest in [longest_label, longest_name] {
            assert!(base_url(&longest).is_ok(), "{longest}");
        }
        let error = base_url("example-.signalwire.com").unwrap_err();
        assert!(error.to_string().contains("ends with `-`"), "{error}");
        for accepted in [
            "example.signalwire.com.",
            "ex-ample.signalwire.com",
            "https://10.0.0.1",
            "https://[2001:db8::1]:8443",
            "xn--exmple-cua.signalwire.com",
            "EXAMPLE.SignalWire.com",
        ] {
            assert!(base_url(accepted).is_ok(), "{accepted}");
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
            .space_url("http://127.0.0.1:8080")
            .project_id("p")
            .build()
            .unwrap();
        assert!(!format!("{client:?}").contains("PT-secret-token"));
        assert!(client.inner.settings.authorization.is_sensitive());
    }

    #[test]
    fn client_is_send_sync_and_clone() {
        fn assert_bounds<T: Send + Sync + Clone + 'static>() {}
        assert_bounds::<Client>();
    }
}
