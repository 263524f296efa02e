pub use crate::recordings::PauseBehavior;

use crate::recordings::{
    Recording, RecordingSource, RecordingStatus, RecordingSubresourceUris, RecordingUpdateStatus,
};
use crate::sid::{ConferenceSid, RecordingSid};
use crate::{endpoint, Page};

/// The state of a conference recording: the states of every recording.
pub type ConferenceRecordingStatus = RecordingStatus;

/// What started a conference recording: one of the sources of every
/// recording.
pub type ConferenceRecordingSource = RecordingSource;

/// The state a conference recording can be given: the same as for every
/// recording.
pub type ConferenceRecordingUpdateStatus = RecordingUpdateStatus;

/// A recording of a conference: the API's recording, whose
/// `conference_sid` names the conference.
pub type ConferenceRecording = Recording;

/// Links to the resources under a recording.
pub type ConferenceRecordingSubresourceUris = RecordingSubresourceUris;

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
    #[doc(alias = "page_number")]
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
