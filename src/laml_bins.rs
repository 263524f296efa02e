//! LaML bins (the spec's cXML scripts): LaML documents stored by the API
//! and served at their own `request_url`, which a number's `voice_url` or
//! `sms_url` can name.
//!
//! Every request addresses the client's project, or the subproject its
//! `account_sid` names.

use crate::sid::{AccountSid, LamlBinSid};
use crate::{endpoint, resource, Page, Timestamp};

/// A LaML bin, as the API describes it (`CxmlScript` in the spec).
#[resource(list = "laml_bins")]
pub struct LamlBin {
    /// The unique identifier of this bin.
    #[resource(required)]
    pub sid: LamlBinSid,
    /// The account (project) that owns this bin.
    pub account_sid: AccountSid,
    /// When this bin was created.
    pub date_created: Option<Timestamp>,
    /// When this bin was last updated.
    pub date_updated: Option<Timestamp>,
    /// When `request_url` was last requested; `None` before the first time.
    pub date_last_accessed: Option<Timestamp>,
    /// The bin's name.
    pub name: String,
    /// The LaML document the bin serves.
    pub contents: String,
    /// The URL that serves `contents`, to give as a `voice_url` or `sms_url`.
    pub request_url: String,
    /// How many times `request_url` was requested.
    pub num_requests: u64,
    /// The version of the API.
    pub api_version: String,
    /// The URI of this bin, relative to the host.
    pub uri: String,
}

/// Lists the project's LaML bins, a page at a time (`list_cxml_scripts`).
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/LamlBins",
    query,
    response = Page<LamlBin>,
    op = "list_cxml_scripts"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListLamlBins {
    /// The subproject whose bins to list; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// Only bins with this name.
    pub name: Option<String>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many bins a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Stores a LaML document as a new bin (`create_cxml_script`).
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/LamlBins",
    form,
    response = LamlBin,
    op = "create_cxml_script"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateLamlBin {
    /// The subproject to create it in; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The bin's name.
    pub name: String,
    /// The LaML document, such as `<Response><Say>Hello</Say></Response>`.
    pub contents: Option<String>,
}

/// Fetches one LaML bin (`retrieve_cxml_script`).
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/LamlBins/<Sid>",
    response = LamlBin,
    op = "retrieve_cxml_script"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchLamlBin {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The bin's sid.
    pub sid: LamlBinSid,
}

/// Renames a LaML bin or replaces its document (`update_cxml_script`).
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/LamlBins/<Sid>",
    form,
    response = LamlBin,
    op = "update_cxml_script"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateLamlBin {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The bin's sid.
    pub sid: LamlBinSid,
    /// The bin's name (the spec requires it on every update).
    pub name: String,
    /// The new LaML document.
    pub contents: Option<String>,
}

/// Deletes a LaML bin; its `request_url` no longer serves it
/// (`delete_cxml_script`).
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/LamlBins/<Sid>",
    op = "delete_cxml_script"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteLamlBin {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The bin's sid.
    pub sid: LamlBinSid,
}
