pub use crate::recordings::PauseBehavior;

use crate::recordings::{RecordingSource, RecordingStatus, RecordingUpdateStatus};
use crate::sid::{AccountSid, CallSid, ConferenceSid, RecordingSid};
use crate::{endpoint, resource, Page, Timestamp};

/// The state of a conference recording: the states of every recording.
pub type ConferenceRecordingStatus = RecordingStatus;

/// What started a conference recording: one of the sources of every
/// recording.
pub type ConferenceRecordingSource = RecordingSource;

/// The state a conference recording can be given: the same as for every
/// recording.
pub type ConferenceRecordingUpdateStatus = RecordingUpdateStatus;

/// A recording of a conference.
#[resource(list = "recordings")]
pub struct ConferenceRecording {
    /// The unique identifier of this recording.
    #[resource(required)]
    pub sid: RecordingSid,
    /// The account (project) of the recording.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// The call recorded, if any.
    pub call_sid: Option<CallSid>,
    /// The conference recorded.
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
    pub subresource_uris: ConferenceRecordingSubresourceUris,
    /// How the recording is encrypted, when it is; as the API sent it.
    pub encryption_details: Option<serde_json::Value>,
    /// Whether silence at the start and end is trimmed.
    pub trim: String,
}

/// Links to the resources under a recording.
#[resource]
#[derive(Eq)]
pub struct ConferenceRecordingSubresourceUris {
    /// The recording's transcriptions.
    pub transcriptions: String,
}

/// Lists the recordings of a conference, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings",
    query,
    response = Page<ConferenceRecording>,
    op = "list_conference_recordings"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListConferenceRecordings {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// Only recordings created on this day.
    pub date_created: Option<time::Date>,
    /// Only recordings created on or before this day.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<time::Date>,
    /// Only recordings created on or after this day.
    #[param(rename = "DateCreated>")]
    pub date_created_after: Option<time::Date>,
    /// The page to fetch, from 0.
    pub page: Option<u32>,
    /// How many recordings a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one recording of a conference.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>",
    response = ConferenceRecording,
    op = "get_conference_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConferenceRecording {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The recording's sid.
    pub sid: RecordingSid,
}

/// Pauses, resumes or stops a conference recording.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>",
    form,
    response = ConferenceRecording,
    op = "update_conference_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConferenceRecording {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The recording's sid.
    pub sid: RecordingSid,
    /// The state to put the recording in.
    pub status: RecordingUpdateStatus,
    /// What a pause leaves in the recording: silence when left out.
    pub pause_behavior: Option<PauseBehavior>,
}

/// Deletes a conference recording.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>",
    op = "delete_conference_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteConferenceRecording {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The recording's sid.
    pub sid: RecordingSid,
}
