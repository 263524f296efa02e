//! Messaging documents: what SignalWire does with an incoming message.
//!
//! ```
//! use laml::document::messaging::{Body, Media, Message, MessagingResponse};
//!
//! let reply = MessagingResponse::new().append(
//!     Message::new()
//!         .append(Body::new("Hello from SignalWire!"))
//!         .append(Media::new("https://example.com/cat.jpg")),
//! );
//! assert!(reply.to_xml()?.contains("<Media>https://example.com/cat.jpg</Media>"));
//! # Ok::<(), laml::document::RenderError>(())
//! ```

use super::RenderError;
pub use crate::CallbackMethod;

element! {
    /// The root of a messaging document: the verbs SignalWire executes, in
    /// order, for a message. An empty one receives the message and does
    /// nothing more.
    pub struct MessagingResponse("Response") {}
    children: MessagingChild;
}

children! {
    /// A verb of a messaging document.
    pub enum MessagingChild in MessagingResponse {
        Message, Redirect,
    }
}

impl MessagingResponse {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document as XML, with its declaration.
    pub fn to_xml(&self) -> Result<String, RenderError> {
        super::render_document(self, 256)
    }
}

element! {
    /// `<Message>`: sends an SMS or MMS; by default a reply to the sender.
    pub struct Message("Message") {
        /// The URL SignalWire requests with the message's status; its
        /// document replaces the rest of this one.
        action: String = "action",
        /// The number or short code that sends the message (by default the
        /// one that received the incoming message).
        from: String = "from",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// The number the message goes to (by default the sender of the
        /// incoming message).
        to: String = "to",
    }
    text: Option<String>;
    children: MessageChild;
}

children! {
    /// What `<Message>` may hold besides plain text.
    pub enum MessageChild in Message {
        Body, Media,
    }
}

impl Message {
    /// A `<Message>` whose `<Body>` and `<Media>` are appended next.
    pub fn new() -> Self {
        Self::default()
    }

    /// A message of plain text `body`, written as the `<Message>`'s text.
    pub fn text(body: impl Into<String>) -> Self {
        Self {
            text: Some(body.into()),
            ..Self::default()
        }
    }
}

element! {
    /// `<Body>` inside `<Message>`: text of the message (several are joined;
    /// 1600 characters at most).
    pub struct Body("Body") {}
    text: String;
}

impl Body {
    /// The text `body`.
    pub fn new(body: impl Into<String>) -> Self {
        Self {
            text: body.into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<Media>` inside `<Message>`: the URL of a file to send (10 at most).
    pub struct Media("Media") {}
    text: String;
}

impl Media {
    /// The file at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            text: url.into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<Redirect>`: continues with the messaging document at a URL.
    pub struct Redirect("Redirect") {
        /// The method of the request to the URL.
        method: CallbackMethod = "method",
    }
    text: String;
}

impl Redirect {
    /// Continues with the document at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            text: url.into(),
            ..Self::default()
        }
    }
}
