//! Transcriptions: the text of the project's recordings.

use crate::sid::{AccountSid, RecordingSid, TranscriptionSid};
use crate::{endpoint, resource, wire_enum, DateOrDateTime, Page, Timestamp};

wire_enum! {
    /// The state of a transcription.
    pub enum TranscriptionStatus {
        /// Being transcribed.
        InProgress = "in-progress",
        /// Done: the text is there.
        Completed = "completed",
        /// The recording could not be transcribed.
        Failed = "failed",
        ..Unknown
    }
}

/// The text of a recording.
#[resource(list = "transcriptions")]
pub struct Transcription {
    /// The unique identifier of this transcription.
    #[resource(required)]
    pub sid: TranscriptionSid,
    /// The account (project) of the transcription.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// The recording transcribed.
    pub recording_sid: RecordingSid,
    /// When the transcription was created.
    pub date_created: Option<Timestamp>,
    /// When the transcription was last updated.
    pub date_updated: Option<Timestamp>,
    /// The length of the recording transcribed, in seconds.
    pub duration: Option<i64>,
    /// What the transcription cost, as the API writes it.
    pub price: Option<String>,
    /// The currency of `price`.
    pub price_unit: String,
    /// The state of the transcription.
    pub status: TranscriptionStatus,
    /// The text, once transcribed.
    pub transcription_text: Option<String>,
    /// The kind of transcription, as the API writes it (`fast`).
    pub r#type: String,
    /// The URI of this transcription, relative to the host.
    pub uri: String,
}

/// Lists the project's transcriptions, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Transcriptions",
    query,
    response = Page<Transcription>,
    op = "list_transcriptions"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListTranscriptions {
    /// Only transcriptions created at this moment, or on this day.
    pub date_created: Option<DateOrDateTime>,
    /// Only transcriptions created on or before this moment or day.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<DateOrDateTime>,
    /// Only transcriptions created on or after this moment or day.
    #[param(rename = "DateCreated>")]
    pub date_created_after: Option<DateOrDateTime>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many transcriptions a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one transcription.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Transcriptions/<Sid>",
    response = Transcription,
    op = "retrieve_transcription"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchTranscription {
    /// The transcription's sid.
    pub sid: TranscriptionSid,
}

/// Deletes a transcription.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Transcriptions/<Sid>",
    op = "delete_transcription"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteTranscription {
    /// The transcription's sid.
    pub sid: TranscriptionSid,
}
