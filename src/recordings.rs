//! Recordings: the account-wide list of every recording of the project's
//! calls and conferences, and what every recording shares, whether of a
//! call or of a conference: its states, what started it, and what a pause
//! leaves in it.

use crate::sid::{AccountSid, CallSid, ConferenceSid, RecordingSid};
use crate::{endpoint, resource, wire_enum, DateOrDateTime, Page, Timestamp};

wire_enum! {
    /// A change of a recording's state that its status callback is told of
    /// (`RecordingStatusCallbackEvent`).
    ///
    /// `Other` sends a value this version of laml does not know, as written,
    /// for one SignalWire adds later; the API judges it.
    pub enum RecordingStatusEvent {
        /// `in-progress`: recording has begun.
        InProgress = "in-progress",
        /// `completed`: the recording is complete and available (the default).
        Completed = "completed",
        /// `absent`: no audio was recorded.
        Absent = "absent",
        ..Other
    }
}

wire_enum! {
    /// The state of a recording.
    pub enum RecordingStatus {
        /// Waiting to start.
        Queued = "queued",
        /// Recording.
        InProgress = "in-progress",
        /// Paused.
        Paused = "paused",
        /// Recording again after a pause.
        Resumed = "resumed",
        /// Finished and stored.
        Completed = "completed",
        /// Never made: nothing was recorded.
        Absent = "absent",
        /// Stopped before the call or conference ended.
        Stopped = "stopped",
        ..Unknown
    }
}

wire_enum! {
    /// What started a recording.
    pub enum RecordingSource {
        /// A `<Dial>` with recording on.
        DialVerb = "DialVerb",
        /// The conference's own settings.
        Conference = "Conference",
        /// A call created through the API with recording on.
        OutBoundApi = "OutBoundApi",
        /// A SIP trunk's settings.
        Trunking = "Trunking",
        /// A `<Record>`.
        RecordVerb = "RecordVerb",
        /// A request to start recording a call.
        StartCallRecordingApi = "StartCallRecordingApi",
        /// A request to start recording a conference.
        StartConferenceRecording = "StartConferenceRecording",
        ..Unknown
    }
}

wire_enum! {
    /// The state a recording can be given.
    pub enum RecordingUpdateStatus {
        /// Pauses recording.
        Paused = "paused",
        /// Resumes recording.
        InProgress = "in-progress",
        /// Stops recording for good.
        Stopped = "stopped",
    }
}

wire_enum! {
    /// What a paused recording holds for the pause.
    pub enum PauseBehavior {
        /// Nothing: the pause is cut out.
        Skip = "skip",
        /// Silence as long as the pause.
        Silence = "silence",
    }
}

wire_enum! {
    /// Whether a recording has one channel, or one per party.
    pub enum RecordingChannels {
        /// Both parties in one channel (the API's default).
        Mono = "mono",
        /// One channel per party.
        Dual = "dual",
    }
}

wire_enum! {
    /// Which audio of a call a recording holds.
    pub enum RecordingTrack {
        /// What SignalWire receives from the call.
        Inbound = "inbound",
        /// What SignalWire sends to the call.
        Outbound = "outbound",
        /// Both (the API's default).
        Both = "both",
    }
}

wire_enum! {
    /// Whether silence at the start and end of a recording is cut.
    pub enum RecordingTrim {
        /// Cuts it.
        TrimSilence = "trim-silence",
        /// Keeps it.
        DoNotTrim = "do-not-trim",
    }
}

/// A recording of a call, or of a conference.
#[resource(list = "recordings")]
pub struct Recording {
    /// The unique identifier of this recording.
    #[resource(required)]
    pub sid: RecordingSid,
    /// The account (project) of the recording.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// The call recorded, if any.
    pub call_sid: Option<CallSid>,
    /// The conference recorded, if any.
    pub conference_sid: Option<ConferenceSid>,
    /// The channel this recording holds (`1` or `2`).
    pub channel: String,
    /// How many channels the recording has (`1` or `2`).
    pub channels: String,
    /// When the recording was created.
    pub date_created: Option<Timestamp>,
    /// When the recording was last updated.
    pub date_updated: Option<Timestamp>,
    /// When recording started.
    pub start_time: Option<Timestamp>,
    /// When recording ended.
    pub end_time: Option<Timestamp>,
    /// The length of the recording, in seconds.
    pub duration: Option<i64>,
    /// What the recording cost, as the API writes it.
    pub price: Option<String>,
    /// The currency of `price`.
    pub price_unit: String,
    /// What started the recording.
    pub source: RecordingSource,
    /// The state of the recording.
    pub status: RecordingStatus,
    /// The error code, if the recording failed.
    pub error_code: Option<String>,
    /// The URI of this recording, relative to the host.
    pub uri: String,
    /// Links to the resources under this recording.
    pub subresource_uris: RecordingSubresourceUris,
    /// How the recording is encrypted, when it is; as the API sent it.
    pub encryption_details: Option<serde_json::Value>,
    /// Whether silence at the start and end is trimmed.
    pub trim: String,
}

/// Links to the resources under a recording.
#[resource]
#[derive(Eq)]
pub struct RecordingSubresourceUris {
    /// The recording's transcriptions.
    pub transcriptions: String,
}

/// Lists the recordings of every call and conference of the project, a
/// page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Recordings",
    query,
    response = Page<Recording>,
    op = "list_recordings"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRecordings {
    /// Only recordings created at this moment, or on this day.
    pub date_created: Option<DateOrDateTime>,
    /// Only recordings created on or before this moment or day.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<DateOrDateTime>,
    /// Only recordings created on or after this moment or day.
    #[param(rename = "DateCreated>")]
    pub date_created_after: Option<DateOrDateTime>,
    /// Only recordings of this call.
    pub call_sid: Option<CallSid>,
    /// Only recordings of this conference.
    pub conference_sid: Option<ConferenceSid>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many recordings a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one recording, of a call or of a conference.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Recordings/<Sid>",
    response = Recording,
    op = "retrieve_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRecording {
    /// The recording's sid.
    pub sid: RecordingSid,
}

/// Deletes a recording, of a call or of a conference, and its
/// transcriptions.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Recordings/<Sid>",
    op = "delete_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteRecording {
    /// The recording's sid.
    pub sid: RecordingSid,
}
