//! Applications: a set of URLs for calls and messages that numbers point
//! at ([`crate::phone_numbers::UpdatePhoneNumber::voice_application_sid`])
//! instead of carrying their own.
//!
//! Every request addresses the client's project, or the subproject its
//! `account_sid` names.

pub use crate::CallbackMethod;

use crate::sid::{AccountSid, ApplicationSid};
use crate::{endpoint, resource, Page, Timestamp};

/// An application, as the API describes it.
#[resource(list = "applications")]
pub struct Application {
    /// The unique identifier of this application.
    #[resource(required)]
    pub sid: ApplicationSid,
    /// The account (project) that owns this application.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// When this application was created.
    pub date_created: Option<Timestamp>,
    /// When this application was last updated.
    pub date_updated: Option<Timestamp>,
    /// A description of the application.
    pub friendly_name: String,
    /// The URI of this application, relative to the host.
    pub uri: String,
    /// The URL requested when a number of the application receives a call.
    pub voice_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: Option<String>,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: Option<String>,
    /// The URL told when a call changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: Option<String>,
    /// Whether the caller's name is looked up for calls.
    pub voice_caller_id_lookup: Option<bool>,
    /// The URL requested when a number of the application receives a message.
    pub sms_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: Option<String>,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: Option<String>,
    /// The URL told when a message changes status.
    pub sms_status_callback: Option<String>,
    /// The method of the request to `sms_status_callback`.
    pub sms_status_callback_method: Option<String>,
    /// The URL told when a message changes status, as `sms_status_callback`.
    pub message_status_callback: Option<String>,
}

/// Lists the project's applications, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Applications",
    query,
    response = Page<Application>,
    op = "list_applications"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListApplications {
    /// The subproject whose applications to list; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// Only applications with this description.
    pub friendly_name: Option<String>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many applications a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Creates an application.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Applications",
    form,
    response = Application,
    op = "create_application"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateApplication {
    /// The subproject to create it in; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// A description of the application.
    pub friendly_name: String,
    /// The URL requested when a number of the application receives a call.
    pub voice_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: Option<CallbackMethod>,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: Option<CallbackMethod>,
    /// The URL told when a call changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The URL requested when a number of the application receives a message.
    pub sms_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: Option<CallbackMethod>,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: Option<CallbackMethod>,
    /// The URL told when a message changes status.
    pub sms_status_callback: Option<String>,
    /// The method of the request to `sms_status_callback`.
    pub sms_status_callback_method: Option<CallbackMethod>,
}

/// Fetches one application.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Applications/<Sid>",
    response = Application,
    op = "get_application"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchApplication {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The application's sid.
    pub sid: ApplicationSid,
}

/// Changes an application's description and URLs.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Applications/<Sid>",
    form,
    response = Application,
    op = "update_application"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateApplication {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The application's sid.
    pub sid: ApplicationSid,
    /// A description of the application (the spec requires it on every update).
    pub friendly_name: String,
    /// The URL requested when a number of the application receives a call.
    pub voice_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: Option<CallbackMethod>,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: Option<CallbackMethod>,
    /// The URL told when a call changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The URL requested when a number of the application receives a message.
    pub sms_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: Option<CallbackMethod>,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: Option<CallbackMethod>,
    /// The URL told when a message changes status.
    pub sms_status_callback: Option<String>,
    /// The method of the request to `sms_status_callback`.
    pub sms_status_callback_method: Option<CallbackMethod>,
}

/// Deletes an application; the numbers that pointed at it no longer do.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/Applications/<Sid>",
    op = "delete_application"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteApplication {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The application's sid.
    pub sid: ApplicationSid,
}
