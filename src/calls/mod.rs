//! Calls: placing them, following them through their states, redirecting
//! and hanging them up, with their recordings and media streams.
//!
//! Every request here addresses the client's project (`<AccountSid>` is the
//! project id).
//!
//! ```no_run
//! use laml::calls::{CallStatus, CreateCall, FetchCall};
//!
//! # async fn run(client: laml::Client) -> Result<(), laml::Error> {
//! let call = client
//!     .send(&CreateCall::to("+15551230001").from("+15559870002").url("https://example.com/laml.xml"))
//!     .await?;
//! let now = client.send(&FetchCall::new(&call.sid)).await?;
//! if now.status == CallStatus::Completed {
//!     println!("{} lasted {} s", now.sid, now.duration.unwrap_or(0));
//! }
//! # Ok(()) }
//! ```

mod recordings;
mod streams;

pub use recordings::*;
pub use streams::*;

pub use crate::recordings::{RecordingChannels, RecordingTrack, RecordingTrim};
pub use crate::CallbackMethod;

use crate::sid::{AccountSid, ApplicationSid, CallSid};
use crate::{endpoint, resource, wire_enum, DateOrDateTime, Page, Secret, Timestamp};

wire_enum! {
    /// The state of a call.
    pub enum CallStatus {
        /// Waiting to be placed.
        Queued = "queued",
        /// Ringing at the destination.
        Ringing = "ringing",
        /// Answered; the parties are talking.
        InProgress = "in-progress",
        /// Hung up before it was answered.
        Canceled = "canceled",
        /// Answered, then ended.
        Completed = "completed",
        /// The destination was busy.
        Busy = "busy",
        /// The call could not be placed.
        Failed = "failed",
        /// Nobody answered.
        NoAnswer = "no-answer",
        ..Unknown
    }
}

wire_enum! {
    /// A change of a call's state that its status callback is told of
    /// (`StatusCallbackEvent`).
    ///
    /// `Other` sends a value this version of laml does not know, as written,
    /// for one SignalWire adds later; the API judges it.
    pub enum CallStatusEvent {
        /// `initiated`: the call is being placed.
        Initiated = "initiated",
        /// `ringing`: the destination is ringing.
        Ringing = "ringing",
        /// `answered`: the call was answered.
        Answered = "answered",
        /// `completed`: the call ended, however it ended (the default).
        Completed = "completed",
        /// `ringing_forwarded`: the destination forwarded the call, which
        /// rings elsewhere.
        RingingForwarded = "ringing_forwarded",
        /// `ringing_queued`: the call waits in a queue while it rings.
        RingingQueued = "ringing_queued",
        ..Other
    }
}

wire_enum! {
    /// The state a call can be put in: ended before or after it was
    /// answered.
    pub enum CallUpdateStatus {
        /// Hangs up a call that is queued or ringing.
        Canceled = "canceled",
        /// Hangs up a call that was answered.
        Completed = "completed",
    }
}

wire_enum! {
    /// Whether a call came in to SignalWire or went out from it.
    pub enum CallDirection {
        /// Came in to one of the project's numbers.
        Inbound = "inbound",
        /// Placed by the project.
        Outbound = "outbound",
        ..Unknown
    }
}

wire_enum! {
    /// Who answered a call, as machine detection judged.
    pub enum AnsweredBy {
        /// A person.
        Human = "human",
        /// An answering machine.
        Machine = "machine",
        ..Unknown
    }
}

wire_enum! {
    /// Whether to detect an answering machine.
    pub enum MachineDetection {
        /// Detects a machine and reports it as soon as it is known.
        Enable = "Enable",
        /// Detects a machine and waits for the end of its greeting.
        DetectMessageEnd = "DetectMessageEnd",
        /// No detection (the API's default).
        None = "none",
    }
}

/// A call, as the API describes it.
///
/// Decoded leniently: a field the API leaves out takes its default, numbers
/// are accepted where strings are documented, and fields laml does not know
/// are ignored.
#[resource(list = "calls")]
pub struct Call {
    /// The unique identifier of this call.
    #[resource(required)]
    pub sid: CallSid,
    /// The account (project) of the call.
    pub account_sid: AccountSid,
    /// When this call was created.
    pub date_created: Option<Timestamp>,
    /// When this call was last updated.
    pub date_updated: Option<Timestamp>,
    /// The call that created this one, if any (a `<Dial>` leg).
    pub parent_call_sid: Option<CallSid>,
    /// The number, SIP address or client called.
    pub to: String,
    /// `to`, formatted for display.
    pub formatted_to: String,
    /// `to`, formatted for display (the API sends both spellings).
    pub to_formatted: String,
    /// The number or client that placed the call.
    pub from: String,
    /// `from`, formatted for display.
    pub formatted_from: String,
    /// `from`, formatted for display (the API sends both spellings).
    pub from_formatted: String,
    /// The sid of the project's phone number the call used, if any.
    pub phone_number_sid: Option<String>,
    /// The state of the call.
    pub status: CallStatus,
    /// When the call was answered.
    pub start_time: Option<Timestamp>,
    /// When the call ended.
    pub end_time: Option<Timestamp>,
    /// How long the call lasted once answered, in seconds.
    pub duration: Option<i64>,
    /// What the call cost, as the API writes it.
    pub price: Option<String>,
    /// The currency of `price`.
    pub price_unit: String,
    /// Whether the call came in or went out.
    pub direction: CallDirection,
    /// Who answered, when machine detection was on.
    pub answered_by: Option<AnsweredBy>,
    /// The version of the API.
    pub api_version: String,
    /// The number the call was forwarded from, if any.
    pub forwarded_from: Option<String>,
    /// The caller's name, when caller-name lookup is on.
    pub caller_name: Option<String>,
    /// The URI of this call, relative to the host.
    pub uri: String,
    /// Links to the resources under this call.
    pub subresource_uris: CallSubresourceUris,
    /// Notes about the call, if any.
    pub annotation: Option<String>,
    /// The sid of the group the call belongs to, if any.
    pub group_sid: Option<String>,
    /// The mean opinion score of the incoming audio, as the API writes it.
    pub audio_in_mos: Option<String>,
    /// The SIP response code the call ended with.
    pub sip_result_code: Option<String>,
    /// The mean round-trip time of the audio, in milliseconds.
    pub audio_rtt_avg: Option<i64>,
    /// The least round-trip time of the audio, in milliseconds.
    pub audio_rtt_min: Option<i64>,
    /// The greatest round-trip time of the audio, in milliseconds.
    pub audio_rtt_max: Option<i64>,
    /// The least jitter of the outgoing audio, in milliseconds.
    pub audio_out_jitter_min: Option<i64>,
    /// The greatest jitter of the outgoing audio, in milliseconds.
    pub audio_out_jitter_max: Option<i64>,
    /// The mean jitter of the outgoing audio, in milliseconds.
    pub audio_out_jitter_avg: Option<i64>,
    /// How many outgoing audio packets were lost.
    pub audio_out_lost: Option<i64>,
}

/// Links to the resources under a call.
#[resource]
#[derive(Eq)]
pub struct CallSubresourceUris {
    /// The call's notifications, if the API lists them.
    pub notifications: Option<String>,
    /// The call's recordings.
    pub recordings: String,
}

/// Lists the project's calls, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Calls",
    query,
    response = Page<Call>,
    op = "list_all_calls"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCalls {
    /// Only calls that ended at this moment, or on this day.
    pub end_time: Option<DateOrDateTime>,
    /// Only calls that ended on or before this moment or day.
    #[param(rename = "EndTime<")]
    pub end_time_before: Option<DateOrDateTime>,
    /// Only calls that ended on or after this moment or day.
    #[param(rename = "EndTime>")]
    pub end_time_after: Option<DateOrDateTime>,
    /// Only calls from this number or client.
    pub from: Option<String>,
    /// Only the calls this call created.
    pub parent_call_sid: Option<CallSid>,
    /// Only calls that started at this moment, or on this day.
    pub start_time: Option<DateOrDateTime>,
    /// Only calls that started on or before this moment or day.
    #[param(rename = "StartTime<")]
    pub start_time_before: Option<DateOrDateTime>,
    /// Only calls that started on or after this moment or day.
    #[param(rename = "StartTime>")]
    pub start_time_after: Option<DateOrDateTime>,
    /// Only calls in this state.
    pub status: Option<CallStatus>,
    /// Only calls to this number, SIP address or client.
    pub to: Option<String>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many calls a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Places a call: SignalWire dials `to` from `from` and, once answered,
/// runs the LaML at `url` (or the application's).
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls",
    form,
    response = Call,
    op = "create_a_call"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCall {
    /// The number, SIP address or client to call.
    pub to: String,
    /// The number or client the call comes from.
    pub from: String,
    /// The URL of the LaML that runs once the call is answered.
    pub url: Option<String>,
    /// The application whose LaML runs, instead of `url`.
    pub application_sid: Option<ApplicationSid>,
    /// Whether the request to `url` is a `GET` or a `POST`.
    pub method: Option<CallbackMethod>,
    /// The URL requested when `url` fails.
    pub fallback_url: Option<String>,
    /// Whether the request to `fallback_url` is a `GET` or a `POST`.
    pub fallback_method: Option<CallbackMethod>,
    /// The URL told of the call's state changes.
    pub status_callback: Option<String>,
    /// Whether the request to `status_callback` is a `GET` or a `POST`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The events told to `status_callback` (`completed` when left out),
    /// each as its own `StatusCallbackEvent`.
    pub status_callback_event: Vec<CallStatusEvent>,
    /// The caller id shown to the callee, in place of `from`.
    pub caller_id: Option<String>,
    /// Digits to play once the call is answered (`0`–`9`, `#`, `*`, `w`).
    pub send_digits: Option<String>,
    /// How many seconds to let the call ring: 60 when left out.
    pub timeout: Option<u32>,
    /// Whether to detect an answering machine.
    pub machine_detection: Option<MachineDetection>,
    /// How many seconds machine detection may take: 30 when left out.
    pub machine_detection_timeout: Option<u32>,
    /// Milliseconds of speech after which a greeting is a machine's.
    pub machine_detection_speech_threshold: Option<u32>,
    /// Milliseconds of silence that end a greeting.
    pub machine_detection_speech_end_threshold: Option<u32>,
    /// Milliseconds of silence at the start after which detection gives up.
    pub machine_detection_silence_timeout: Option<u32>,
    /// How many words make a greeting a machine's: 6 when left out.
    pub machine_words_threshold: Option<u32>,
    /// Whether machine detection runs while the LaML runs, told to
    /// `async_amd_status_callback`.
    pub async_amd: Option<bool>,
    /// Whether the request to `async_amd_status_callback` is a `GET` or a
    /// `POST`.
    pub async_amd_status_callback_method: Option<CallbackMethod>,
    /// The URL told of asynchronous machine detection's result.
    pub async_amd_status_callback: Option<String>,
    /// Whether asynchronous machine detection also tells partial results.
    pub async_amd_partial_results: Option<bool>,
    /// Whether to record the call.
    pub record: Option<bool>,
    /// Whether the recording has one channel or one per party.
    pub recording_channels: Option<RecordingChannels>,
    /// Which audio the recording holds.
    pub recording_track: Option<RecordingTrack>,
    /// The URL told of the recording's state changes.
    pub recording_status_callback: Option<String>,
    /// Whether the request to `recording_status_callback` is a `GET` or a
    /// `POST`.
    pub recording_status_callback_method: Option<CallbackMethod>,
    /// The recording events told (`completed` when left out), each as its
    /// own `RecordingStatusCallbackEvent`, as SignalWire's SDKs send them.
    pub recording_status_callback_event: Vec<RecordingStatusEvent>,
    /// Whether silence at the start and end of the recording is trimmed.
    pub trim: Option<RecordingTrim>,
    /// The user name for a SIP destination that asks for one.
    pub sip_auth_username: Option<String>,
    /// The password for a SIP destination; never printed.
    pub sip_auth_password: Option<Secret>,
    /// The most the call may cost a minute, in US dollars (`0.05`).
    pub max_price_per_minute: Option<String>,
}

impl CreateCall {
    /// Starts a call to `to`, the number, SIP address or client to call;
    /// [`CreateCallTo::from`] names where it comes from. The same request as
    /// [`CreateCall::new`], whose two numbers compile either way round.
    ///
    /// ```
    /// use laml::calls::CreateCall;
    ///
    /// let call = CreateCall::to("+15551230001")
    ///     .from("+15559870002")
    ///     .url("https://example.com/laml.xml");
    /// assert_eq!((call.to.as_str(), call.from.as_str()), ("+15551230001", "+15559870002"));
    /// ```
    pub fn to(to: impl Into<String>) -> CreateCallTo {
        CreateCallTo { to: to.into() }
    }
}

/// A call with its destination named, waiting for its caller: what
/// [`CreateCall::to`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a call is placed only once `from` names its caller and the request is sent"]
pub struct CreateCallTo {
    to: String,
}

impl CreateCallTo {
    /// Names the number or client the call comes from, giving the request.
    pub fn from(self, from: impl Into<String>) -> CreateCall {
        CreateCall::new(self.to, from)
    }
}

/// Fetches one call.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Calls/<Sid>",
    response = Call,
    op = "retrieve_a_call"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchCall {
    /// The call's sid.
    pub sid: CallSid,
}

/// Changes a call in progress: hangs it up, or redirects it to other LaML.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls/<Sid>",
    form,
    response = Call,
    op = "update_a_call"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateCall {
    /// The call's sid.
    pub sid: CallSid,
    /// The URL of the LaML the call runs from now on.
    pub url: Option<String>,
    /// Whether the request to `url` is a `GET` or a `POST`.
    pub method: Option<CallbackMethod>,
    /// `canceled` hangs up a call not yet answered, `completed` one that was.
    pub status: Option<CallUpdateStatus>,
    /// The URL requested when `url` fails.
    pub fallback_url: Option<String>,
    /// Whether the request to `fallback_url` is a `GET` or a `POST`.
    pub fallback_method: Option<CallbackMethod>,
    /// The URL told of the call's state changes.
    pub status_callback: Option<String>,
    /// Whether the request to `status_callback` is a `GET` or a `POST`.
    pub status_callback_method: Option<CallbackMethod>,
}

/// Deletes the record of a call that has ended.
#[endpoint(DELETE, "/Accounts/<AccountSid>/Calls/<Sid>", op = "delete_a_call")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteCall {
    /// The call's sid.
    pub sid: CallSid,
}
