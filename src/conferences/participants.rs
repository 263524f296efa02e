use serde::{Deserialize, Serialize};

use super::CallbackMethod;
use crate::{decode, endpoint, wire_enum, Page, PageItem, Timestamp};

wire_enum! {
    /// Whether a participant is still in the conference.
    pub enum ParticipantStatus {
        /// In the conference.
        InProgress = "in-progress",
        /// Left the conference.
        Completed = "completed",
        ..Unknown
    }
}

/// A call in a conference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Participant {
    /// The sid of the participant's call, which identifies the participant.
    #[serde(deserialize_with = "decode::string")]
    pub call_sid: String,
    /// The account (project) of the conference.
    #[serde(default, deserialize_with = "decode::string")]
    pub account_sid: String,
    /// The conference this participant is in.
    #[serde(default, deserialize_with = "decode::string")]
    pub conference_sid: String,
    /// The call this participant coaches, when coaching.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub call_sid_to_coach: Option<String>,
    /// Whether this participant coaches another, heard only by them.
    #[serde(default, deserialize_with = "decode::bool")]
    pub coaching: bool,
    /// When the participant joined.
    #[serde(default)]
    pub date_created: Option<Timestamp>,
    /// When the participant was last updated.
    #[serde(default)]
    pub date_updated: Option<Timestamp>,
    /// Whether the conference ends when this participant leaves.
    #[serde(default, deserialize_with = "decode::bool")]
    pub end_conference_on_exit: bool,
    /// Whether this participant is muted.
    #[serde(default, deserialize_with = "decode::bool")]
    pub muted: bool,
    /// Whether this participant is on hold.
    #[serde(default, deserialize_with = "decode::bool")]
    pub hold: bool,
    /// Whether the conference starts when this participant joins.
    #[serde(default, deserialize_with = "decode::bool")]
    pub start_conference_on_enter: bool,
    /// Whether this participant is still in the conference.
    #[serde(default)]
    pub status: ParticipantStatus,
    /// The URI of this participant, relative to the host.
    #[serde(default, deserialize_with = "decode::string")]
    pub uri: String,
}

impl PageItem for Participant {
    const LIST_KEY: &'static str = "participants";
}

/// Lists the participants of a conference, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants",
    query,
    response = Page<Participant>
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParticipants {
    /// The conference's sid.
    pub conference_sid: String,
    /// Only muted (`true`) or unmuted (`false`) participants.
    pub muted: Option<bool>,
    /// Only participants on hold (`true`) or not (`false`).
    pub hold: Option<bool>,
    /// The page to fetch, from 0.
    pub page: Option<u32>,
    /// How many participants a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one participant of a conference.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>",
    response = Participant
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchParticipant {
    /// The conference's sid.
    pub conference_sid: String,
    /// The participant's call sid.
    pub call_sid: String,
}

/// Changes a participant: mutes, holds, coaches or plays an announcement.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>",
    form,
    response = Participant
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateParticipant {
    /// The conference's sid.
    pub conference_sid: String,
    /// The participant's call sid.
    pub call_sid: String,
    /// The URL of an announcement to play to this participant.
    pub announce_url: Option<String>,
    /// Whether the request to `announce_url` is a `GET` or a `POST`.
    pub announce_method: Option<CallbackMethod>,
    /// Whether this participant coaches another, heard only by them.
    pub coaching: Option<bool>,
    /// The call this participant coaches.
    pub call_sid_to_coach: Option<String>,
    /// Puts the participant on hold (`true`) or takes them off (`false`).
    pub hold: Option<bool>,
    /// Whether the request to `hold_url` is a `GET` or a `POST`.
    pub hold_method: Option<CallbackMethod>,
    /// The URL of the music or LaML played to the participant on hold.
    pub hold_url: Option<String>,
    /// Mutes (`true`) or unmutes (`false`) the participant.
    pub muted: Option<bool>,
    /// The URL of the music or LaML played while waiting for the conference.
    pub wait_url: Option<String>,
    /// Whether the request to `wait_url` is a `GET` or a `POST`.
    pub wait_method: Option<CallbackMethod>,
}

/// Removes a participant from a conference, ending their call's part in it.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteParticipant {
    /// The conference's sid.
    pub conference_sid: String,
    /// The participant's call sid.
    pub call_sid: String,
}
