//! Messages: texts (SMS) and multimedia messages (MMS) sent and received by
//! the project, with the media they carry.
//!
//! Every request here addresses the client's project (`<AccountSid>` is the
//! project id).
//!
//! ```no_run
//! use laml::messages::{CreateMessage, UpdateMessage};
//!
//! # async fn run(client: laml::Client) -> Result<(), laml::Error> {
//! let message = client
//!     .send(
//!         &CreateMessage::new("+15551230001")
//!             .from("+15551230000")
//!             .body("The package is at the door")
//!             .media_url(["https://example.com/door.jpg"]),
//!     )
//!     .await?;
//! // An empty body redacts the message once it has been sent.
//! client.send(&UpdateMessage::new(&message.sid, "")).await?;
//! # Ok(()) }
//! ```

mod media;

pub use media::*;

use crate::sid::{AccountSid, ApplicationSid, MessageSid, MessagingServiceSid};
use crate::{endpoint, resource, wire_enum, DateOrDateTime, Page, Timestamp};

wire_enum! {
    /// The state of a message.
    pub enum MessageStatus {
        /// Accepted, waiting to be sent.
        Queued = "queued",
        /// Being set up.
        Initiated = "initiated",
        /// Handed to the carrier.
        Sent = "sent",
        /// Not sent: the API or the carrier refused it.
        Failed = "failed",
        /// The carrier confirmed delivery.
        Delivered = "delivered",
        /// The carrier could not deliver it.
        Undelivered = "undelivered",
        /// An inbound message, received.
        Received = "received",
        ..Unknown
    }
}

wire_enum! {
    /// Which way a message went, and what sent it.
    pub enum MessageDirection {
        /// Received by the project.
        Inbound = "inbound",
        /// Sent through the REST API.
        OutboundApi = "outbound-api",
        /// Sent during a call, by LaML.
        OutboundCall = "outbound-call",
        /// Sent in reply to an inbound message, by LaML.
        OutboundReply = "outbound-reply",
        ..Unknown
    }
}

/// A message, as the API describes it.
#[resource(list = "messages")]
pub struct Message {
    /// The unique identifier of this message.
    #[resource(required)]
    pub sid: MessageSid,
    /// The account (project) that sent or received this message.
    pub account_sid: AccountSid,
    /// The version of the API.
    pub api_version: String,
    /// The text of the message; empty once redacted.
    pub body: Option<String>,
    /// How many parts (segments) the text was sent in.
    pub num_segments: u32,
    /// How many media items the message carries.
    pub num_media: u32,
    /// When this message was created.
    pub date_created: Option<Timestamp>,
    /// When this message was sent, once it was.
    pub date_sent: Option<Timestamp>,
    /// When this message was last updated.
    pub date_updated: Option<Timestamp>,
    /// Which way the message went.
    pub direction: MessageDirection,
    /// The error code, when the message failed or was not delivered.
    pub error_code: Option<String>,
    /// What the error code means.
    pub error_message: Option<String>,
    /// The sender: a phone number, or a short code.
    pub from: String,
    /// What the message cost, as the API writes it; `None` until known.
    pub price: Option<String>,
    /// The currency of `price` (`USD`).
    pub price_unit: String,
    /// The state of the message.
    pub status: MessageStatus,
    /// The recipient's phone number.
    pub to: String,
    /// The messaging service that sent it, if one did.
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// The URI of this message, relative to the host.
    pub uri: String,
    /// Links to the resources under this message.
    pub subresource_uris: MessageSubresourceUris,
}

/// Links to the resources under a message.
#[resource]
#[derive(Eq)]
pub struct MessageSubresourceUris {
    /// The message's media.
    pub media: String,
}

/// Lists the project's messages, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Messages",
    query,
    response = Page<Message>,
    op = "list_messages"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListMessages {
    /// Only messages sent on this day, or at this second.
    pub date_sent: Option<DateOrDateTime>,
    /// Only messages sent on or before this day, or this second.
    #[param(rename = "DateSent<")]
    pub date_sent_before: Option<DateOrDateTime>,
    /// Only messages sent on or after this day, or this second.
    #[param(rename = "DateSent>")]
    pub date_sent_after: Option<DateOrDateTime>,
    /// Only messages from this sender.
    pub from: Option<String>,
    /// Only messages to this recipient.
    pub to: Option<String>,
    /// Only messages in this state.
    pub status: Option<MessageStatus>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many messages a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Sends a message: a text, media, or both.
///
/// `Body=` with an empty text is sent when the body is `Some("")`; `None`
/// leaves the parameter out. The API needs a body or at least one media URL.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Messages",
    form,
    response = Message,
    op = "create_message"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateMessage {
    /// The recipient's phone number, in E.164 form (`+15551230001`).
    pub to: String,
    /// The sender: one of the project's phone numbers, or a short code;
    /// may be left out when `messaging_service_sid` picks one.
    pub from: Option<String>,
    /// The text, up to 1600 characters.
    pub body: Option<String>,
    /// The URLs of the media to send, each as its own `MediaUrl`.
    pub media_url: Vec<String>,
    /// Whether to send as MMS even without media.
    pub send_as_mms: Option<bool>,
    /// The application whose status callback is told of the message's
    /// progress.
    pub application_sid: Option<ApplicationSid>,
    /// The most the message may cost, in USD; it fails rather than cost more.
    pub max_price: Option<String>,
    /// The URL told of the message's state changes.
    pub status_callback: Option<String>,
    /// How long, in seconds, the message may wait in the queue: 14400 when
    /// left out.
    pub validity_period: Option<u32>,
    /// The messaging service that picks the sender.
    pub messaging_service_sid: Option<MessagingServiceSid>,
}

/// Fetches one message.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Messages/<Sid>",
    response = Message,
    op = "retrieve_message"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchMessage {
    /// The message's sid.
    pub sid: MessageSid,
}

/// Changes a message's body; an empty body (`""`) redacts the message.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Messages/<Sid>",
    form,
    response = Message,
    op = "update_message"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateMessage {
    /// The message's sid.
    pub sid: MessageSid,
    /// The new text: `""` redacts it, and is sent as `Body=`.
    pub body: String,
}

/// Deletes a message, once it is no longer being sent.
#[endpoint(DELETE, "/Accounts/<AccountSid>/Messages/<Sid>", op = "delete_message")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteMessage {
    /// The message's sid.
    pub sid: MessageSid,
}
