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

use serde::{Deserialize, Serialize};

use crate::{decode, endpoint, wire_enum, Page, PageItem, Timestamp};

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

wire_enum! {
    /// Whether the API requests a callback or announcement URL with `GET` or
    /// `POST`.
    pub enum CallbackMethod {
        /// `GET`
        Get = "GET",
        /// `POST`
        Post = "POST",
    }
}

/// The method of a request to an announcement URL (`POST` when left out).
pub type AnnounceMethod = CallbackMethod;

/// A conference, as the API describes it.
///
/// Decoded leniently: a field the API leaves out takes its default (an empty
/// string, `None`), numbers are accepted where strings are documented, and
/// fields laml does not know are ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Conference {
    /// The unique identifier of this conference.
    #[serde(deserialize_with = "decode::string")]
    pub sid: String,
    /// The account (project) that created this conference.
    #[serde(default, deserialize_with = "decode::string")]
    pub account_sid: String,
    /// When this conference was created.
    #[serde(default)]
    pub date_created: Option<Timestamp>,
    /// When this conference was last updated.
    #[serde(default)]
    pub date_updated: Option<Timestamp>,
    /// A description, up to 64 characters, of the conference room.
    #[serde(default, deserialize_with = "decode::string")]
    pub friendly_name: String,
    /// The status of this conference.
    #[serde(default)]
    pub status: ConferenceStatus,
    /// The version of the API.
    #[serde(default, deserialize_with = "decode::string")]
    pub api_version: String,
    /// The region where this conference's audio was mixed.
    #[serde(default, deserialize_with = "decode::string")]
    pub region: String,
    /// The URI of this conference, relative to the host.
    #[serde(default, deserialize_with = "decode::string")]
    pub uri: String,
    /// Links to this conference's participants and recordings.
    #[serde(default)]
    pub subresource_uris: ConferenceSubresourceUris,
}

impl PageItem for Conference {
    const LIST_KEY: &'static str = "conferences";
}

/// Links to the resources under a conference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConferenceSubresourceUris {
    /// The conference's participants.
    #[serde(default, deserialize_with = "decode::string")]
    pub participants: String,
    /// The conference's recordings.
    #[serde(default, deserialize_with = "decode::string")]
    pub recordings: String,
}

/// Lists the project's conferences, a page at a time.
#[endpoint(GET, "/Accounts/<AccountSid>/Conferences", query, response = Page<Conference>)]
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
    pub page: Option<u32>,
    /// How many conferences a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one conference.
#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", response = Conference)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConference {
    /// The conference's sid.
    pub sid: String,
}

/// Changes a conference: ends it, or plays an announcement to it.
#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form, response = Conference)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConference {
    /// The conference's sid.
    pub sid: String,
    /// `completed` ends the conference.
    pub status: Option<ConferenceUpdateStatus>,
    /// The URL of an announcement to play to the conference.
    pub announce_url: Option<String>,
    /// Whether the request to `announce_url` is a `GET` or a `POST`.
    pub announce_method: Option<AnnounceMethod>,
}
