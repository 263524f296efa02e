//! Faxes: documents sent to and received from fax machines, with the media
//! (the document) of each.
//!
//! Every request here addresses the client's project (`<AccountSid>` is the
//! project id).
//!
//! ```no_run
//! use laml::faxes::{FaxQuality, SendFax};
//!
//! # async fn run(client: laml::Client) -> Result<(), laml::Error> {
//! let fax = client
//!     .send(
//!         &SendFax::to("+15551230001")
//!             .from("+15551230000")
//!             .media_url("https://example.com/contract.pdf")
//!             .quality(FaxQuality::Superfine),
//!     )
//!     .await?;
//! println!("fax {} is {}", fax.sid, fax.status);
//! # Ok(()) }
//! ```

mod media;

pub use media::*;

pub use crate::CallbackMethod;

use crate::sid::{AccountSid, FaxMediaSid, FaxSid};
use crate::{endpoint, resource, wire_enum, DateOrDateTime, Page, Secret, Timestamp};

/// A change of a fax's state that its status callback is told of
/// (`StatusCallbackEvent`): the spec lists for a fax the values it lists for
/// a call, so it is the call's type.
pub type FaxStatusEvent = crate::calls::CallStatusEvent;

wire_enum! {
    /// The state of a fax.
    pub enum FaxStatus {
        /// Accepted, waiting to be processed.
        Queued = "queued",
        /// The document is being fetched and converted.
        Processing = "processing",
        /// Being transmitted.
        Sending = "sending",
        /// Sent, and acknowledged by the receiving machine.
        Delivered = "delivered",
        /// An inbound fax, being received.
        Receiving = "receiving",
        /// An inbound fax, received.
        Received = "received",
        /// The receiving machine did not answer.
        NoAnswer = "no-answer",
        /// The receiving line was busy.
        Busy = "busy",
        /// Not sent: an error occurred.
        Failed = "failed",
        /// Canceled before it was sent.
        Canceled = "canceled",
        ..Unknown
    }
}

wire_enum! {
    /// Which way a fax went.
    pub enum FaxDirection {
        /// Received by the project.
        Inbound = "inbound",
        /// Sent by the project.
        Outbound = "outbound",
        ..Unknown
    }
}

wire_enum! {
    /// The resolution a fax is sent at.
    pub enum FaxQuality {
        /// 204×98 dpi.
        Standard = "standard",
        /// 204×196 dpi, the default.
        Fine = "fine",
        /// 204×392 dpi.
        Superfine = "superfine",
        ..Unknown
    }
}

wire_enum! {
    /// The state a fax can be given: only `canceled`, which stops it while it
    /// has not been sent.
    pub enum FaxUpdateStatus {
        /// Cancels the fax.
        Canceled = "canceled",
    }
}

wire_enum! {
    /// Whether the API keeps a copy of a sent fax's document (the spec's
    /// `"true"` and `"false"`).
    pub enum FaxStoreMedia {
        /// Keeps the document as the fax's media (`true`, the default).
        Store = "true",
        /// Keeps no copy (`false`).
        Discard = "false",
    }
}

/// A fax, as the API describes it.
#[resource(list = "faxes")]
pub struct Fax {
    /// The unique identifier of this fax.
    #[resource(required)]
    pub sid: FaxSid,
    /// The account (project) that sent or received this fax.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// When this fax was created.
    pub date_created: Option<Timestamp>,
    /// When this fax was last updated.
    pub date_updated: Option<Timestamp>,
    /// Which way the fax went.
    pub direction: FaxDirection,
    /// How long the transmission took, in seconds.
    pub duration: u32,
    /// The error code, when the fax failed.
    pub error_code: Option<String>,
    /// What the error code means.
    pub error_message: Option<String>,
    /// The sender's number.
    pub from: String,
    /// Links to the resources under this fax.
    pub links: FaxLinks,
    /// The sid of the fax's stored document, once there is one.
    pub media_sid: Option<FaxMediaSid>,
    /// The URL of the fax's document.
    pub media_url: Option<String>,
    /// How many pages the fax has, once known.
    pub num_pages: Option<u32>,
    /// What the fax cost, as the API writes it; `None` until known.
    pub price: Option<String>,
    /// The currency of `price` (`USD`).
    pub price_unit: String,
    /// The resolution of the fax.
    pub quality: FaxQuality,
    /// The state of the fax.
    pub status: FaxStatus,
    /// The recipient's number.
    pub to: String,
    /// The URL of this fax.
    pub url: String,
}

/// Links to the resources under a fax.
#[resource]
#[derive(Eq)]
pub struct FaxLinks {
    /// The fax's media.
    pub media: String,
}

/// Lists the project's faxes, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Faxes",
    query,
    response = Page<Fax>,
    op = "list_all_faxes"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFaxes {
    /// Only faxes created after this day, or this second.
    pub date_created_after: Option<DateOrDateTime>,
    /// Only faxes created on or before this day, or this second.
    pub date_created_on_or_before: Option<DateOrDateTime>,
    /// Only faxes from this number.
    pub from: Option<String>,
    /// Only faxes to this number.
    pub to: Option<String>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many faxes a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Sends a fax of the document at a URL.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Faxes",
    form,
    response = Fax,
    op = "send_fax"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFax {
    /// The recipient's number, or a SIP URI.
    pub to: String,
    /// The sender's number.
    pub from: String,
    /// The URL of the document to send (a PDF).
    pub media_url: String,
    /// The resolution: `fine` when left out.
    pub quality: Option<FaxQuality>,
    /// The URL told of the fax's state changes.
    pub status_callback: Option<String>,
    /// Whether the request to `status_callback` is a `GET` or a `POST`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The state changes `status_callback` is told of, each as its own
    /// `StatusCallbackEvent`.
    pub status_callback_event: Vec<FaxStatusEvent>,
    /// Whether the API keeps a copy of the document: it does when left out.
    pub store_media: Option<FaxStoreMedia>,
    /// How many minutes the fax may wait to be sent: 60 when left out.
    pub ttl: Option<u32>,
    /// The user name, when `to` is a SIP URI that asks for authentication.
    pub sip_auth_username: Option<String>,
    /// The password for `sip_auth_username`; never printed.
    pub sip_auth_password: Option<Secret>,
}

impl SendFax {
    /// Starts a fax to `to`, a number or a SIP URI; [`SendFaxTo::from`]
    /// names the sender and [`SendFaxFrom::media_url`] the document. The
    /// same request as [`SendFax::new`], whose two numbers compile either
    /// way round.
    ///
    /// ```
    /// use laml::faxes::SendFax;
    ///
    /// let fax = SendFax::to("+15551230001")
    ///     .from("+15551230000")
    ///     .media_url("https://example.com/contract.pdf");
    /// assert_eq!((fax.to.as_str(), fax.from.as_str()), ("+15551230001", "+15551230000"));
    /// ```
    pub fn to(to: impl Into<String>) -> SendFaxTo {
        SendFaxTo { to: to.into() }
    }
}

/// A fax with its recipient named, waiting for its sender: what
/// [`SendFax::to`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a fax is sent only once its sender and document are named and the request is sent"]
pub struct SendFaxTo {
    to: String,
}

impl SendFaxTo {
    /// Names the sender's number.
    pub fn from(self, from: impl Into<String>) -> SendFaxFrom {
        SendFaxFrom {
            to: self.to,
            from: from.into(),
        }
    }
}

/// A fax with its recipient and sender named, waiting for its document:
/// what [`SendFaxTo::from`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a fax is sent only once its document is named and the request is sent"]
pub struct SendFaxFrom {
    to: String,
    from: String,
}

impl SendFaxFrom {
    /// Names the URL of the document to send (a PDF), giving the request.
    pub fn media_url(self, media_url: impl Into<String>) -> SendFax {
        SendFax::new(self.to, self.from, media_url)
    }
}

/// Fetches one fax.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Faxes/<Sid>",
    response = Fax,
    op = "retrieve_fax"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFax {
    /// The fax's sid.
    pub sid: FaxSid,
}

/// Cancels a fax that has not been sent yet.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Faxes/<Sid>",
    form,
    response = Fax,
    op = "update_fax"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateFax {
    /// The fax's sid.
    pub sid: FaxSid,
    /// `canceled` stops the fax.
    pub status: FaxUpdateStatus,
}

/// Deletes a fax, and its media.
#[endpoint(DELETE, "/Accounts/<AccountSid>/Faxes/<Sid>", op = "delete_fax")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteFax {
    /// The fax's sid.
    pub sid: FaxSid,
}
