//! laml: a typed Rust client for SignalWire's Compatibility (LaML,
//! Twilio-compatible) REST API.
//!
//! Every operation is a request struct declared with [`endpoint`]; send it
//! with a [`Client`]:
//!
//! ```no_run
//! use laml::conferences::{ConferenceUpdateStatus, UpdateConference};
//!
//! # async fn run() -> Result<(), laml::Error> {
//! let client = laml::Client::from_env()?;
//! let conference = client
//!     .send(&UpdateConference::new("CF0000").status(ConferenceUpdateStatus::Completed))
//!     .await?;
//! println!("{} is now {}", conference.friendly_name, conference.status);
//! # Ok(()) }
//! ```
//!
//! # Paging
//!
//! A list endpoint returns a [`Page`]; [`Client::next_page`] fetches the
//! next one and [`Client::stream`] yields every item across pages:
//!
//! ```no_run
//! use laml::conferences::{ConferenceStatus, ListConferences};
//!
//! # async fn run(client: laml::Client) -> Result<(), laml::Error> {
//! let request = ListConferences::new().status(ConferenceStatus::InProgress);
//! let first = client.send(&request).await?;
//! if let Some(second) = client.next_page(&first).await? {
//!     println!("page {} has {} conferences", second.page, second.items.len());
//! }
//!
//! let mut conferences = client.stream(&request).max_items(500);
//! while let Some(conference) = conferences.try_next().await? {
//!     println!("{}", conference.friendly_name);
//! }
//! # Ok(()) }
//! ```
//!
//! # Declaring an endpoint
//!
//! ```
//! use laml::endpoint;
//!
//! /// Fetches one call.
//! #[endpoint(GET, "/Accounts/<AccountSid>/Calls/<Sid>", response = serde_json::Value)]
//! pub struct FetchCall {
//!     /// The call's sid.
//!     pub sid: String,
//! }
//!
//! let request = FetchCall::new("CA123");
//! ```
//!
//! `#[endpoint(METHOD, "PATH", ENCODING, response = TYPE)]`:
//! - `METHOD` is `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
//! - `PATH` starts with `/` and is relative to
//!   `https://{space}.signalwire.com/api/laml/2010-04-01`. Each `<Name>` is
//!   filled from the field named in snake_case (`<ConferenceSid>` from
//!   `conference_sid`), percent-encoded as exactly one segment. An
//!   `<AccountSid>` with no field is the client's project id.
//! - `ENCODING` is how the other fields travel: `form` (an
//!   `application/x-www-form-urlencoded` body), `query` or `json`.
//! - `response = TYPE` is what a 2xx body decodes into; without it the call
//!   returns `()`.
//!
//! Other fields go under their PascalCase name (`announce_url` →
//! `AnnounceUrl`), or the one given by `#[param(rename = "DateCreated<")]`.
//! `None` is left out, a `Vec` becomes repeated keys, `bool` is
//! `true`/`false`, enums go as their wire strings and `time::Date` as
//! `YYYY-MM-DD`. The macro also writes `new` (taking the fields that are
//! neither `Option` nor `Vec`) and a chainable setter for every other field.
#![deny(missing_docs)]

extern crate self as laml;

pub mod conferences;

pub use laml_macros::endpoint;
pub use laml_runtime::{
    decode, wire_enum, ApiError, Client, ClientBuilder, Encoding, Endpoint, Error, Items, Location,
    Method, Page, PageItem, Param, ParamInfo, PathValue, RetryPolicy, Secret, Timestamp, Wire,
    WireValue, API_PREFIX, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_ERROR_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT, MAX_EMPTY_PAGES,
};

pub use laml_runtime::reqwest;

#[doc(hidden)]
pub use laml_runtime::__private;
