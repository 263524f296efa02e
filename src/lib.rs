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
//! # Blocking
//!
//! With the `blocking` feature, `laml::blocking::Client` sends the same
//! requests and returns, with the same errors, retries and limits; paging
//! is an iterator. It must not be used inside an async runtime.
//!
//! ```no_run
//! # fn run() -> Result<(), laml::Error> {
//! use laml::conferences::ListConferences;
//!
//! let client = laml::blocking::Client::from_env()?;
//! for conference in client.iter(&ListConferences::new()).max_items(500) {
//!     println!("{}", conference?.friendly_name);
//! }
//! # Ok(()) }
//! ```
//!
//! # TLS
//!
//! One of three features picks how `https://` is spoken: `rustls-ring`
//! (the default: rustls on `ring`, the lightest to build), `rustls-aws-lc`
//! (rustls on aws-lc-rs, reqwest's own default) or `native-tls` (the
//! platform's: OpenSSL on Linux). An app that installs a process-wide
//! rustls `CryptoProvider` gets that provider under `rustls-ring`. Built
//! with none of them, laml reaches only loopback `http://` spaces, such as
//! the emulator, and says so when given any other.
//!
//! ```toml
//! laml = { version = "0.1", default-features = false, features = ["native-tls"] }
//! ```
//!
//! # Declaring an endpoint
//!
//! ```
//! use laml::endpoint;
//! use laml::sid::CallSid;
//!
//! /// Fetches one call.
//! #[endpoint(
//!     GET,
//!     "/Accounts/<AccountSid>/Calls/<Sid>",
//!     response = serde_json::Value,
//!     op = "retrieve_call"
//! )]
//! pub struct FetchCall {
//!     /// The call's sid.
//!     pub sid: CallSid,
//! }
//!
//! let request = FetchCall::new("b3877c40-da60-4998-90ad-b792e98472af");
//! ```
//!
//! `#[endpoint(METHOD, "PATH", ENCODING, response = TYPE, op = "ID", idempotent = BOOL)]`:
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
//! - `op = "ID"`, optional, is the operation's id in SignalWire's OpenAPI
//!   ([`Endpoint::OPERATION`]); laml's conformance test checks the
//!   declaration against it.
//! - `idempotent = false` (or `true`), optional, is for a `POST` or `PATCH`
//!   whose path misleads ([`Endpoint::IDEMPOTENT`]): one to a collection
//!   (`/Calls`) creates and is not idempotent, one to a `<Sid>` updates and
//!   is; `GET`, `PUT` and `DELETE` always are. A request that is not is
//!   retried only where the API cannot have acted ([`RetryPolicy`]).
//!
//! Other fields go under their PascalCase name (`announce_url` →
//! `AnnounceUrl`), or the one given by `#[param(rename = "DateCreated<")]`.
//! `None` is left out, a `Vec` becomes repeated keys, `bool` is
//! `true`/`false`, enums go as their wire strings, sids ([`sid`]) and
//! `time::Date` as `YYYY-MM-DD`. The macro also writes `new` (taking the
//! fields that are neither `Option` nor `Vec`, each as `impl Into<T>` so
//! that a `&str` fits a `String` or a sid) and a chainable setter for every
//! other field.
//!
//! # Declaring a response type
//!
//! ```
//! use laml::sid::{AccountSid, CallSid};
//! use laml::{resource, Timestamp};
//!
//! /// A call.
//! #[resource(list = "calls")]
//! pub struct Call {
//!     /// The call's sid.
//!     #[resource(required)]
//!     pub sid: CallSid,
//!     /// The account of the call.
//!     pub account_sid: AccountSid,
//!     /// How long the call lasted, in seconds.
//!     pub duration: Option<i64>,
//!     /// When the call started.
//!     pub start_time: Option<Timestamp>,
//! }
//!
//! let call: Call = serde_json::from_str(r#"{"sid": "CA1", "duration": "12"}"#).unwrap();
//! assert_eq!(call.duration, Some(12));
//! ```
//!
//! `#[resource]` reads every field leniently, the way chosen by its type
//! ([`ResourceField`]): strings, integers and booleans accept each other's
//! forms, `null` and absent fields take their default, dates that cannot be
//! read are kept as sent, and enums keep values they do not know. It derives
//! `Debug`, `Clone`, `PartialEq`, `Default`, `Serialize` and `Deserialize`,
//! adds `#[non_exhaustive]`, and with `list = "key"` makes the type the item
//! of a [`Page`] whose array has that key. A field marked
//! `#[resource(required)]` fails the response when it is absent.
//!
//! # Operations
//!
//! Every operation of the API that laml declares, by family: its id in
//! SignalWire's OpenAPI, and the request that sends it. Every request under
//! `/Accounts/<AccountSid>` addresses the client's account: the project,
//! or a subproject through [`Client::for_account`] (the requests of the
//! accounts, numbers, applications, LaML bins and tokens families also take
//! an `account_sid` of their own). LaML bins are the spec's cXML
//! scripts (`*_cxml_script`). A test checks this table against the
//! catalogue of `tests/conformance.rs`.
//!
//! | family | operation | request |
//! | --- | --- | --- |
//! | conferences | `list_all_conferences` | [`ListConferences`](conferences::ListConferences) |
//! | conferences | `retrieve_conference` | [`FetchConference`](conferences::FetchConference) |
//! | conferences | `update_conference` | [`UpdateConference`](conferences::UpdateConference) |
//! | conferences | `list_all_participants` | [`ListParticipants`](conferences::ListParticipants) |
//! | conferences | `retrieve_participant` | [`FetchParticipant`](conferences::FetchParticipant) |
//! | conferences | `update_participant` | [`UpdateParticipant`](conferences::UpdateParticipant) |
//! | conferences | `delete_participant` | [`DeleteParticipant`](conferences::DeleteParticipant) |
//! | conferences | `list_conference_recordings` | [`ListConferenceRecordings`](conferences::ListConferenceRecordings) |
//! | conferences | `get_conference_recording` | [`FetchConferenceRecording`](conferences::FetchConferenceRecording) |
//! | conferences | `update_conference_recording` | [`UpdateConferenceRecording`](conferences::UpdateConferenceRecording) |
//! | conferences | `delete_conference_recording` | [`DeleteConferenceRecording`](conferences::DeleteConferenceRecording) |
//! | conferences | `create_conference_stream` | [`CreateConferenceStream`](conferences::CreateConferenceStream) |
//! | conferences | `update_conference_stream` | [`UpdateConferenceStream`](conferences::UpdateConferenceStream) |
//! | messages | `list_messages` | [`ListMessages`](messages::ListMessages) |
//! | messages | `create_message` | [`CreateMessage`](messages::CreateMessage) |
//! | messages | `retrieve_message` | [`FetchMessage`](messages::FetchMessage) |
//! | messages | `update_message` | [`UpdateMessage`](messages::UpdateMessage) |
//! | messages | `delete_message` | [`DeleteMessage`](messages::DeleteMessage) |
//! | messages | `list_media` | [`ListMessageMedia`](messages::ListMessageMedia) |
//! | messages | `retrieve_media` | [`FetchMessageMedia`](messages::FetchMessageMedia) |
//! | messages | `delete_message_media` | [`DeleteMessageMedia`](messages::DeleteMessageMedia) |
//! | faxes | `list_all_faxes` | [`ListFaxes`](faxes::ListFaxes) |
//! | faxes | `send_fax` | [`SendFax`](faxes::SendFax) |
//! | faxes | `retrieve_fax` | [`FetchFax`](faxes::FetchFax) |
//! | faxes | `update_fax` | [`UpdateFax`](faxes::UpdateFax) |
//! | faxes | `delete_fax` | [`DeleteFax`](faxes::DeleteFax) |
//! | faxes | `list_all_fax_media` | [`ListFaxMedia`](faxes::ListFaxMedia) |
//! | faxes | `retrieve_medias` | [`FetchFaxMedia`](faxes::FetchFaxMedia) |
//! | faxes | `delete_fax_media` | [`DeleteFaxMedia`](faxes::DeleteFaxMedia) |
//! | phone_numbers | `list_available_phone_number_resources` | [`ListAvailableCountries`](phone_numbers::ListAvailableCountries) |
//! | phone_numbers | `list_available_phone_number_resources_by_country` | [`FetchAvailableCountry`](phone_numbers::FetchAvailableCountry) |
//! | phone_numbers | `search_local_available_phone_numbers` | [`SearchLocalNumbers`](phone_numbers::SearchLocalNumbers) |
//! | phone_numbers | `search_toll_free_available_phone_numbers` | [`SearchTollFreeNumbers`](phone_numbers::SearchTollFreeNumbers) |
//! | phone_numbers | `list_incoming_phone_numbers` | [`ListPhoneNumbers`](phone_numbers::ListPhoneNumbers) |
//! | phone_numbers | `create_incoming_phone_number` | [`BuyPhoneNumber`](phone_numbers::BuyPhoneNumber) |
//! | phone_numbers | `retrieve_incoming_phone_number` | [`FetchPhoneNumber`](phone_numbers::FetchPhoneNumber) |
//! | phone_numbers | `update_incoming_phone_number` | [`UpdatePhoneNumber`](phone_numbers::UpdatePhoneNumber) |
//! | phone_numbers | `delete_incoming_phone_number` | [`ReleasePhoneNumber`](phone_numbers::ReleasePhoneNumber) |
//! | phone_numbers | `create_imported_phone_number` | [`ImportPhoneNumber`](phone_numbers::ImportPhoneNumber) |
//! | applications | `list_applications` | [`ListApplications`](applications::ListApplications) |
//! | applications | `create_application` | [`CreateApplication`](applications::CreateApplication) |
//! | applications | `get_application` | [`FetchApplication`](applications::FetchApplication) |
//! | applications | `update_application` | [`UpdateApplication`](applications::UpdateApplication) |
//! | applications | `delete_application` | [`DeleteApplication`](applications::DeleteApplication) |
//! | laml_bins | `list_cxml_scripts` | [`ListLamlBins`](laml_bins::ListLamlBins) |
//! | laml_bins | `create_cxml_script` | [`CreateLamlBin`](laml_bins::CreateLamlBin) |
//! | laml_bins | `retrieve_cxml_script` | [`FetchLamlBin`](laml_bins::FetchLamlBin) |
//! | laml_bins | `update_cxml_script` | [`UpdateLamlBin`](laml_bins::UpdateLamlBin) |
//! | laml_bins | `delete_cxml_script` | [`DeleteLamlBin`](laml_bins::DeleteLamlBin) |
//! | accounts | `list_accounts` | [`ListAccounts`](accounts::ListAccounts) |
//! | accounts | `create_subprojects` | [`CreateSubproject`](accounts::CreateSubproject) |
//! | accounts | `get_account` | [`FetchAccount`](accounts::FetchAccount) |
//! | accounts | `update_account` | [`UpdateAccount`](accounts::UpdateAccount) |
//! | tokens | `create_token` | [`CreateToken`](tokens::CreateToken) |
//! | tokens | `update_token` | [`UpdateToken`](tokens::UpdateToken) |
//! | tokens | `delete_token` | [`DeleteToken`](tokens::DeleteToken) |
//! | calls | `list_all_calls` | [`ListCalls`](calls::ListCalls) |
//! | calls | `create_a_call` | [`CreateCall`](calls::CreateCall) |
//! | calls | `retrieve_a_call` | [`FetchCall`](calls::FetchCall) |
//! | calls | `update_a_call` | [`UpdateCall`](calls::UpdateCall) |
//! | calls | `delete_a_call` | [`DeleteCall`](calls::DeleteCall) |
//! | calls | `create_recording` | [`CreateCallRecording`](calls::CreateCallRecording) |
//! | calls | `update_recording` | [`UpdateCallRecording`](calls::UpdateCallRecording) |
//! | calls | `create_stream` | [`CreateCallStream`](calls::CreateCallStream) |
//! | calls | `update_stream` | [`UpdateCallStream`](calls::UpdateCallStream) |
//! | queues | `list_queues` | [`ListQueues`](queues::ListQueues) |
//! | queues | `create_queue` | [`CreateQueue`](queues::CreateQueue) |
//! | queues | `retrieve_queue` | [`FetchQueue`](queues::FetchQueue) |
//! | queues | `update_queue` | [`UpdateQueue`](queues::UpdateQueue) |
//! | queues | `delete_queue` | [`DeleteQueue`](queues::DeleteQueue) |
//! | queues | `list_all_queue_members` | [`ListQueueMembers`](queues::ListQueueMembers) |
//! | queues | `retrieve_queue_member` | [`FetchQueueMember`](queues::FetchQueueMember) |
//! | queues | `update_queue_member` | [`UpdateQueueMember`](queues::UpdateQueueMember) |
//! | recordings | `list_recordings` | [`ListRecordings`](recordings::ListRecordings) |
//! | recordings | `retrieve_recording` | [`FetchRecording`](recordings::FetchRecording) |
//! | recordings | `delete_recording` | [`DeleteRecording`](recordings::DeleteRecording) |
//! | transcriptions | `list_transcriptions` | [`ListTranscriptions`](transcriptions::ListTranscriptions) |
//! | transcriptions | `retrieve_transcription` | [`FetchTranscription`](transcriptions::FetchTranscription) |
//! | transcriptions | `delete_transcription` | [`DeleteTranscription`](transcriptions::DeleteTranscription) |
//!
//! # Answering webhooks
//!
//! The other half of an app answers SignalWire's webhooks: [`document`]
//! builds the LaML (cXML) documents that say what to do with a call, a
//! message or a fax, with nesting checked by the compiler; [`signature`]
//! checks that a request comes from SignalWire (and signs requests, for
//! tests); [`webhook`] reads the request's parameters as types. With the
//! `axum` feature, `laml::axum` puts the three together: an extractor that
//! refuses unsigned requests before the handler runs, and documents as
//! responses.
//!
//! ```
//! use laml::document::voice::{Gather, Say, VoiceResponse};
//! use laml::signature::RequestValidator;
//! use laml::webhook::{Form, FromForm, VoiceRequest};
//!
//! # fn answer(url: &str, body: &[u8], header: Option<&str>) -> Result<String, Box<dyn std::error::Error>> {
//! let form = Form::parse(body)?;
//! RequestValidator::new("PSK_signing_key").validate_form(url, form.signed_pairs(), header)?;
//! let call = VoiceRequest::from_form(&form);
//! let document = VoiceResponse::new()
//!     .append(Say::new(format!("Hello, {}.", call.call.from)))
//!     .append(Gather::new().num_digits(1).append(Say::new("Press a key.")));
//! Ok(document.to_xml()?)
//! # }
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate self as laml;

mod callback;
pub mod sid;

pub mod accounts;
pub mod applications;
pub mod calls;
pub mod conferences;
pub mod faxes;
pub mod laml_bins;
pub mod messages;
pub mod phone_numbers;
pub mod queues;
pub mod recordings;
pub mod streams;
pub mod tokens;
pub mod transcriptions;

#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub use laml_runtime::blocking;
pub mod document;
pub mod signature;
pub mod webhook;

pub use callback::CallbackMethod;
pub use laml_macros::{endpoint, resource};
pub use laml_runtime::{
    decode, wire_enum, ApiError, Client, ClientBuilder, DateOrDateTime, Encoding, Endpoint, Error,
    Items, Location, Method, Page, PageItem, Param, ParamInfo, PathValue, ResourceField,
    RetryPolicy, Secret, Timestamp, Wire, WireValue, API_PREFIX, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ERROR_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT,
    MAX_EMPTY_PAGES,
};

pub use laml_runtime::reqwest;

#[doc(hidden)]
pub use laml_runtime::__private;
