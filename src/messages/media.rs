use crate::sid::{AccountSid, MediaSid, MessageSid};
use crate::{endpoint, resource, DateOrDateTime, Page, Timestamp};

/// A media item of a message: a picture, a sound, a file.
#[resource(list = "media_list")]
pub struct MessageMedia {
    /// The unique identifier of this media item.
    #[resource(required)]
    pub sid: MediaSid,
    /// The account (project) of the message.
    pub account_sid: AccountSid,
    /// The media's MIME type (`image/jpeg`).
    pub content_type: String,
    /// When this media item was created.
    pub date_created: Option<Timestamp>,
    /// When this media item was last updated.
    pub date_updated: Option<Timestamp>,
    /// The message that carries it.
    pub parent_sid: MessageSid,
    /// The URI of this media item, relative to the host.
    pub uri: String,
}

/// Lists the media of a message, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Messages/<MessageSid>/Media",
    query,
    response = Page<MessageMedia>,
    op = "list_media"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMessageMedia {
    /// The message's sid.
    pub message_sid: MessageSid,
    /// Only media created on this day, or at this second.
    pub date_created: Option<DateOrDateTime>,
    /// Only media created on or before this day, or this second.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<DateOrDateTime>,
    /// Only media created on or after this day, or this second.
    #[param(rename = "DateCreated>")]
    pub date_created_after: Option<DateOrDateTime>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many media items a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one media item of a message.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Messages/<MessageSid>/Media/<Sid>",
    response = MessageMedia,
    op = "retrieve_media"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchMessageMedia {
    /// The message's sid.
    pub message_sid: MessageSid,
    /// The media item's sid.
    pub sid: MediaSid,
}

/// Deletes one media item of a message.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Messages/<MessageSid>/Media/<Sid>",
    op = "delete_message_media"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteMessageMedia {
    /// The message's sid.
    pub message_sid: MessageSid,
    /// The media item's sid.
    pub sid: MediaSid,
}
