//! Conferences: the rooms where calls meet, with their participants,
//! recordings and media streams.
//!
//! Every request here addresses the client's project (`<AccountSid>` is the
//! project id).

mod participants;
mod recordings;
mod streams;

pub use participants::*;
pub use recordings::*;
pub use streams::*;

pub use crate::CallbackMethod;

use crate::sid::{AccountSid, ConferenceSid};
use crate::{endpoint, resource, wire_enum, Page, Timestamp};

wire_enum! {
    /// The state of a conference.
    pub enum ConferenceStatus {
        /// Created, waiting for participants.
        Init = "init",
        /// Participants are talking.
        InProgress = "in-progress",
        /// Ended.
        Completed = "completed",
        ..Unknown
    }
}

wire_enum! {
    /// The status a conference can be given: only `completed`, which ends it.
    pub enum ConferenceUpdateStatus {
        /// Ends the conference, disconnecting every participant.
        Completed = "completed",
    }
}

/// The method of a request to an announcement URL (`POST` when left out).
pub type AnnounceMethod = CallbackMethod;

/// A conference, as the API describes it.
///
/// Decoded leniently: a field the API leaves out takes its default (an empty
/// string, `None`), numbers are accepted where strings are documented, and
/// fields laml does not know are ignored.
#[resource(list = "conferences")]
pub struct Conference {
    /// The unique identifier of this conference.
    #[resource(required)]
    pub sid: ConferenceSid,
    /// The account (project) that created this conference.
    pub account_sid: AccountSid,
    /// When this conference was created.
    pub date_created: Option<Timestamp>,
    /// When this conference was last updated.
    pub date_updated: Option<Timestamp>,
    /// A description, up to 64 characters, of the conference room.
    pub friendly_name: String,
    /// The status of this conference.
    pub status: ConferenceStatus,
    /// The version of the API.
    pub api_version: String,
    /// The region where this conference's audio was mixed.
    pub region: String,
    /// The URI of this conference, relative to the host.
    pub uri: String,
    /// Links to this conference's participants and recordings.
    pub subresource_uris: ConferenceSubresourceUris,
}

/// Links to the resources under a conference.
#[resource]
#[derive(Eq)]
pub struct ConferenceSubresourceUris {
    /// The conference's participants.
    pub participants: String,
    /// The conference's recordings.
    pub recordings: String,
}

/// Lists the project's conferences, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences",
    query,
    response = Page<Conference>,
    op = "list_all_conferences"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListConferences {
    /// Only conferences created on this day.
    pub date_created: Option<time::Date>,
    /// Only conferences created on or before this day.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<time::Date>,
    /// Only conferences created on or after this day.
    #[param(rename = "DateCreated>")]
    pub date_created_after: Option<time::Date>,
    /// Only conferences updated on this day.
    pub date_updated: Option<time::Date>,
    /// Only conferences updated on or before this day.
    #[param(rename = "DateUpdated<")]
    pub date_updated_before: Option<time::Date>,
    /// Only conferences updated on or after this day.
    #[param(rename = "DateUpdated>")]
    pub date_updated_after: Option<time::Date>,
    /// Only conferences with this name.
    pub friendly_name: Option<String>,
    /// Only conferences in this state.
    pub status: Option<ConferenceStatus>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many conferences a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one conference.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<Sid>",
    response = Conference,
    op = "retrieve_conference"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConference {
    /// The conference's sid.
    pub sid: ConferenceSid,
}

/// Changes a conference: ends it, or plays an announcement to it.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<Sid>",
    form,
    response = Conference,
    op = "update_conference"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConference {
    /// The conference's sid.
    pub sid: ConferenceSid,
    /// `completed` ends the conference.
    pub status: Option<ConferenceUpdateStatus>,
    /// The URL of an announcement to play to the conference.
    pub announce_url: Option<String>,
    /// Whether the request to `announce_url` is a `GET` or a `POST`.
    pub announce_method: Option<AnnounceMethod>,
}
