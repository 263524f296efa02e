//! A client whose calls return, for scripts, command-line tools and
//! servers without an async runtime (feature `blocking`).
//!
//! It sends the same endpoint types and fails with the same [`Error`] as
//! the async [`Client`](crate::Client), with the same settings
//! ([`ClientBuilder`]), retry rules, timeouts, body limits, redirect rules
//! and error messages: only the I/O differs, through reqwest's blocking
//! client. Paging is an [`Iterator`].
//!
//! Like reqwest's blocking client, it must not be built, used or dropped
//! inside an async runtime (a `#[tokio::main]` function, a task): it runs a
//! runtime of its own, and tokio panics when one runtime blocks inside
//! another. There, use the async client.
//!
//! # Examples
//!
//! ```no_run
//! # fn run<E, T>(list: E) -> Result<(), laml_runtime::Error>
//! # where E: laml_runtime::Endpoint<Response = laml_runtime::Page<T>>, T: laml_runtime::PageItem + std::fmt::Debug {
//! let client = laml_runtime::blocking::Client::from_env()?;
//! for item in client.iter(&list).max_items(500) {
//!     println!("{:?}", item?);
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::io::Read as _;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::call::{
    decoded, Attempt, Body, BodyFailure, Call, Head, Operation, Prepared, Settings, Step,
};
use crate::client::http_client;
use crate::page::{page_operation, Cursor, Pull};
use crate::{decode, ClientBuilder, Endpoint, Error, Page, PageItem};

/// A blocking client for one SignalWire space and project.
///
/// Built by [`ClientBuilder::build_blocking`] or [`Client::from_env`].
/// Cheap to clone: clones share one connection pool.
///
/// # Examples
///
/// ```no_run
/// # fn run() -> Result<(), laml_runtime::Error> {
/// let client = laml_runtime::Client::builder()
///     .space_url("example")
///     .project_id("b2d6c1b4-0000-4000-8000-000000000000")
///     .api_token("PTxxxxxxxx")
///     .build_blocking()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientRef>,
    /// The account `<AccountSid>` addresses, when not the project's own.
    account_sid: Option<Arc<str>>,
}

struct ClientRef {
    http: reqwest::blocking::Client,
    settings: Settings,
}

impl ClientBuilder {
    /// Checks the settings and builds a [blocking client](Client).
    ///
    /// A `reqwest::Client` given to
    /// [`http_client`](ClientBuilder::http_client) cannot send blocking
    /// requests: with one, this fails with a configuration error.
    /// [`max_in_flight`](ClientBuilder::max_in_flight) bounds only the
    /// idle connections kept: each blocking call holds its thread.
    pub fn build_blocking(self) -> Result<Client, Error> {
        let (checked, http) = self.settings()?;
        if http.is_some() {
            return Err(Error::config(
                "the reqwest::Client given to http_client is async; a blocking client builds its own",
            ));
        }
        let http = http_client!(reqwest::blocking::Client, checked)?;
        Ok(Client {
            inner: Arc::new(ClientRef {
                http,
                settings: checked.settings,
            }),
            account_sid: None,
        })
    }
}

impl Client {
    /// A blocking client from `SIGNALWIRE_SPACE_URL`,
    /// `SIGNALWIRE_PROJECT_ID` and `SIGNALWIRE_API_TOKEN`; the error names
    /// the first one missing.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build_blocking()
    }

    /// The API's base URL, ending in `/api/laml/2010-04-01`.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// The account whose resources requests address: the project's own
    /// (the project id) unless [`for_account`](Self::for_account) named
    /// another.
    pub fn account_sid(&self) -> &str {
        let settings = &self.inner.settings;
        self.account_sid.as_deref().unwrap_or(&settings.project_id)
    }

    /// The same client addressing subproject `account_sid`, as
    /// [`crate::Client::for_account`] does.
    #[must_use]
    pub fn for_account(&self, account_sid: impl Into<String>) -> Client {
        let account_sid = Some(account_sid.into().into());
        Client {
            inner: Arc::clone(&self.inner),
            account_sid,
        }
    }

    /// Sends `request`, retrying as the client's
    /// [`RetryPolicy`](crate::RetryPolicy) allows, and decodes its
    /// response.
    pub fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let settings = &self.inner.settings;
        let rebuild = || settings.prepare(request, self.account_sid()).ok();
        let first = settings.prepare(request, self.account_sid())?;
        let operation = Operation::of::<E>();
        let (status, body) = self.execute(first, E::IDEMPOTENT, &rebuild, operation)?;
        decoded(
            settings,
            E::decode_response(status, body),
            rebuild,
            operation,
        )
    }

    /// Fetches the page after `page`, or `None` when `page` is the last.
    pub fn next_page<T: PageItem>(&self, page: &Page<T>) -> Result<Option<Page<T>>, Error> {
        match &page.next_page_uri {
            Some(uri) => {
                let request = self.inner.settings.follow(uri)?;
                self.page(request, page_operation(page)).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Every item of the list `request` asks for, following
    /// `next_page_uri` from page to page, fetched as the iterator reaches
    /// them.
    pub fn iter<E, T>(&self, request: &E) -> Items<T>
    where
        E: Endpoint<Response = Page<T>>,
        T: PageItem,
    {
        let first = self.inner.settings.prepare(request, self.account_sid());
        Items {
            client: self.clone(),
            cursor: Cursor::new(first, Operation::of::<E>()),
        }
    }

    fn page<T: PageItem>(&self, request: Prepared, operation: Operation) -> Result<Page<T>, Error> {
        let rebuild = || Some(request.clone());
        // A page is a GET, which is idempotent.
        let (status, body) = self.execute(request.clone(), true, &rebuild, operation)?;
        let page = decode::json::<Page<T>>(status, body);
        decoded(&self.inner.settings, page, rebuild, operation)
    }

    fn execute(
        &self,
        first: Prepared,
        idempotent: bool,
        rebuild: &dyn Fn() -> Option<Prepared>,
        operation: Operation,
    ) -> Result<(StatusCode, Bytes), Error> {
        let settings = &self.inner.settings;
        let mut call = Call::new(settings, &first, idempotent, operation, rebuild);
        let mut request = first;
        loop {
            let attempt = self.attempt(request.into_blocking(settings), &call);
            match call.after(attempt) {
                Step::Done(status, body) => break Ok((status, body)),
                Step::Failed(error) => break Err(error),
                Step::Again {
                    delay,
                    request: next,
                } => {
                    std::thread::sleep(delay);
                    request = next;
                }
            }
        }
    }

    fn attempt<R>(&self, request: reqwest::blocking::Request, call: &Call<'_, R>) -> Attempt {
        let operation = call.operation();
        tracing::debug!(method = %call.method(), path = operation.path, "sending request");
        let mut response = match self.inner.http.execute(request) {
            Ok(response) => response,
            Err(error) => return Attempt::unsent(error),
        };
        let status = response.status();
        let length = response.content_length();
        match Head::read(
            &self.inner.settings,
            status,
            response.headers(),
            response.url(),
            length,
        ) {
            Ok(head) => {
                let body = read_body(&mut response, head.limit);
                head.finish(body, operation, call.method())
            }
            Err(error) => Attempt::fatal(error),
        }
    }
}

/// The body up to `limit` bytes; past the limit nothing more is read. On
/// failure, what had arrived.
fn read_body(
    response: &mut reqwest::blocking::Response,
    limit: usize,
) -> Result<Body, BodyFailure> {
    let mut body = Vec::new();
    let past_limit = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    match response.take(past_limit).read_to_end(&mut body) {
        Ok(_) if body.len() > limit => {
            body.truncate(limit);
            Ok(Body::Cut(Bytes::from(body)))
        }
        Ok(_) => Ok(Body::Whole(Bytes::from(body))),
        // reqwest hands its own error through `io::Error`, whose `source`
        // would skip it: keep reqwest's, which says what failed.
        Err(error) => match error.downcast::<reqwest::Error>() {
            Ok(error) => Err((body, Box::new(error.without_url()))),
            Err(error) => Err((body, Box::new(error))),
        },
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("base_url", &self.base_url())
            .field("account_sid", &self.account_sid())
            .field("api_token", &"** redacted **")
            .finish()
    }
}

/// Every item of a list, across pages, as an [`Iterator`].
///
/// Made by [`Client::iter`]. Pages are fetched one at a time, only when the
/// items already fetched run out. An error ends the iteration after it is
/// yielded; a server cannot keep it busy forever, as with
/// [`crate::Items`].
#[must_use = "iterators do nothing unless iterated"]
pub struct Items<T> {
    client: Client,
    cursor: Cursor<T>,
}

impl<T: PageItem> Items<T> {
    /// Stops after `max` items, fetching no page beyond the one that holds
    /// the last of them.
    pub fn max_items(mut self, max: usize) -> Self {
        self.cursor.max_items(max);
        self
    }
}

impl<T: PageItem> Iterator for Items<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.cursor.pull() {
                Pull::Item(item) => return Some(Ok(item)),
                Pull::Fetch(request) => {
                    let page = self.client.page(request, self.cursor.operation);
                    if let Err(error) = self.cursor.take(page, &self.client.inner.settings) {
                        return Some(Err(error));
                    }
                }
                Pull::Failed(error) => return Some(Err(error)),
                Pull::Done => return None,
            }
        }
    }
}

impl<T> fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Items")
            .field("operation", &self.cursor.operation.name)
            .finish_non_exhaustive()
    }
}
