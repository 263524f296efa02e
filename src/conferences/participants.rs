use crate::sid::{AccountSid, CallSid, ConferenceSid};
use crate::{endpoint, resource, wire_enum, CallbackMethod, Page, Timestamp};

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
#[resource(list = "participants")]
pub struct Participant {
    /// The sid of the participant's call, which identifies the participant.
    #[resource(required)]
    pub call_sid: CallSid,
    /// The account (project) of the conference.
    pub account_sid: AccountSid,
    /// The conference this participant is in.
    pub conference_sid: ConferenceSid,
    /// The call this participant coaches, when coaching.
    pub call_sid_to_coach: Option<CallSid>,
    /// Whether this participant coaches another, heard only by them.
    pub coaching: bool,
    /// When the participant joined.
    pub date_created: Option<Timestamp>,
    /// When the participant was last updated.
    pub date_updated: Option<Timestamp>,
    /// Whether the conference ends when this participant leaves.
    pub end_conference_on_exit: bool,
    /// Whether this participant is muted.
    pub muted: bool,
    /// Whether this participant is on hold.
    pub hold: bool,
    /// Whether the conference starts when this participant joins.
    pub start_conference_on_enter: bool,
    /// Whether this participant is still in the conference.
    pub status: ParticipantStatus,
    /// The URI of this participant, relative to the host.
    pub uri: String,
}

/// Lists the participants of a conference, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants",
    query,
    response = Page<Participant>,
    op = "list_all_participants"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParticipants {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// Only muted (`true`) or unmuted (`false`) participants.
    pub muted: Option<bool>,
    /// Only participants on hold (`true`) or not (`false`).
    pub hold: Option<bool>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
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
    response = Participant,
    op = "retrieve_participant"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchParticipant {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The participant's call sid.
    pub call_sid: CallSid,
}

/// Changes a participant: mutes, holds, coaches or plays an announcement.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>",
    form,
    response = Participant,
    op = "update_participant"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateParticipant {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The participant's call sid.
    pub call_sid: CallSid,
    /// The URL of an announcement to play to this participant.
    pub announce_url: Option<String>,
    /// Whether the request to `announce_url` is a `GET` or a `POST`.
    pub announce_method: Option<CallbackMethod>,
    /// Whether this participant coaches another, heard only by them.
    pub coaching: Option<bool>,
    /// The call this participant coaches.
    pub call_sid_to_coach: Option<CallSid>,
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
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>",
    op = "delete_participant"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteParticipant {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The participant's call sid.
    pub call_sid: CallSid,
}
