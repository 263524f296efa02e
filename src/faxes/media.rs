use crate::sid::{AccountSid, FaxMediaSid, FaxSid};
use crate::{endpoint, resource, Page, Timestamp};

/// The media of a fax: the document sent or received.
#[resource(list = "media")]
pub struct FaxMedia {
    /// The unique identifier of this media.
    #[resource(required)]
    pub sid: FaxMediaSid,
    /// The account (project) of the fax.
    pub account_sid: AccountSid,
    /// The document's MIME type (`application/pdf`).
    pub content_type: String,
    /// When this media was created.
    pub date_created: Option<Timestamp>,
    /// When this media was last updated.
    pub date_updated: Option<Timestamp>,
    /// The fax it belongs to.
    pub fax_sid: FaxSid,
    /// The URI of this media, relative to the host.
    pub uri: String,
    /// The URL of this media.
    pub url: String,
}

/// Lists the media of a fax, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Faxes/<FaxSid>/Media",
    query,
    response = Page<FaxMedia>,
    op = "list_all_fax_media"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFaxMedia {
    /// The fax's sid.
    pub fax_sid: FaxSid,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many media a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Fetches one media of a fax.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Faxes/<FaxSid>/Media/<Sid>",
    response = FaxMedia,
    op = "retrieve_medias"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFaxMedia {
    /// The fax's sid.
    pub fax_sid: FaxSid,
    /// The media's sid.
    pub sid: FaxMediaSid,
}

/// Deletes one media of a fax.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Faxes/<FaxSid>/Media/<Sid>",
    op = "delete_fax_media"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteFaxMedia {
    /// The fax's sid.
    pub fax_sid: FaxSid,
    /// The media's sid.
    pub sid: FaxMediaSid,
}
