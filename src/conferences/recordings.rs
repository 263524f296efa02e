use serde::{Deserialize, Serialize};

use crate::{decode, endpoint, wire_enum, Page, PageItem, Timestamp};

wire_enum! {
    /// The state of a conference recording.
    pub enum ConferenceRecordingStatus {
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
        /// Stopped before the conference ended.
        Stopped = "stopped",
        ..Unknown
    }
}

wire_enum! {
    /// What started a conference recording.
    pub enum ConferenceRecordingSource {
        /// The conference's own settings.
        Conference = "Conference",
        /// A request to start recording.
        StartConferenceRecording = "StartConferenceRecording",
        ..Unknown
    }
}

wire_enum! {
    /// The state a conference recording can be given.
    pub enum ConferenceRecordingUpdateStatus {
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

/// A recording of a conference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConferenceRecording {
    /// The unique identifier of this recording.
    #[serde(deserialize_with = "decode::string")]
    pub sid: String,
    /// The account (project) of the recording.
    #[serde(default, deserialize_with = "decode::string")]
    pub account_sid: String,
    /// The version of the API.
    #[serde(default, deserialize_with = "decode::string")]
    pub api_version: String,
    /// The call recorded, if any.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub call_sid: Option<String>,
    /// The conference recorded.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub conference_sid: Option<String>,
    /// The channel this recording holds (`1` or `2`).
    #[serde(default, deserialize_with = "decode::string")]
    pub channel: String,
    /// How many channels the recording has (`1` or `2`).
    #[serde(default, deserialize_with = "decode::string")]
    pub channels: String,
    /// When the recording was created.
    #[serde(default)]
    pub date_created: Option<Timestamp>,
    /// When the recording was last updated.
    #[serde(default)]
    pub date_updated: Option<Timestamp>,
    /// When recording started.
    #[serde(default)]
    pub start_time: Option<Timestamp>,
    /// When recording ended.
    #[serde(default)]
    pub end_time: Option<Timestamp>,
    /// The length of the recording, in seconds.
    #[serde(default, deserialize_with = "decode::option_i64")]
    pub duration: Option<i64>,
    /// What the recording cost, as the API writes it.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub price: Option<String>,
    /// The currency of `price`.
    #[serde(default, deserialize_with = "decode::string")]
    pub price_unit: String,
    /// What started the recording.
    #[serde(default)]
    pub source: ConferenceRecordingSource,
    /// The state of the recording.
    #[serde(default)]
    pub status: ConferenceRecordingStatus,
    /// The error code, if the recording failed.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub error_code: Option<String>,
    /// The URI of this recording, relative to the host.
    #[serde(default, deserialize_with = "decode::string")]
    pub uri: String,
    /// Links to the resources under this recording.
    #[serde(default)]
    pub subresource_uris: ConferenceRecordingSubresourceUris,
    /// How the recording is encrypted, when it is; as the API sent it.
    #[serde(default)]
    pub encryption_details: Option<serde_json::Value>,
    /// Whether silence at the start and end is trimmed.
    #[serde(default, deserialize_with = "decode::string")]
    pub trim: String,
}

impl PageItem for ConferenceRecording {
    const LIST_KEY: &'static str = "recordings";
}

/// Links to the resources under a recording.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConferenceRecordingSubresourceUris {
    /// The recording's transcriptions.
    #[serde(default, deserialize_with = "decode::string")]
    pub transcriptions: String,
}

/// Lists the recordings of a conference, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings",
    query,
    response = Page<ConferenceRecording>
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListConferenceRecordings {
    /// The conference's sid.
    pub conference_sid: String,
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
    response = ConferenceRecording
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConferenceRecording {
    /// The conference's sid.
    pub conference_sid: String,
    /// The recording's sid.
    pub sid: String,
}

/// Pauses, resumes or stops a conference recording.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>",
    form,
    response = ConferenceRecording
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConferenceRecording {
    /// The conference's sid.
    pub conference_sid: String,
    /// The recording's sid.
    pub sid: String,
    /// The state to put the recording in.
    pub status: ConferenceRecordingUpdateStatus,
    /// What a pause leaves in the recording: silence when left out.
    pub pause_behavior: Option<PauseBehavior>,
}

/// Deletes a conference recording.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteConferenceRecording {
    /// The conference's sid.
    pub conference_sid: String,
    /// The recording's sid.
    pub sid: String,
}
