pub use crate::streams::{StreamStatus, StreamTrack, StreamUpdateStatus};

use crate::sid::{AccountSid, CallSid, StreamSid};
use crate::{endpoint, resource, CallbackMethod, Secret, Timestamp};

/// A media stream of a call's audio to a WebSocket.
#[resource]
pub struct CallStream {
    /// The unique identifier of this stream.
    #[resource(required)]
    pub sid: StreamSid,
    /// The account (project) of the stream.
    pub account_sid: AccountSid,
    /// The call streamed.
    pub call_sid: CallSid,
    /// The stream's name, if it was given one.
    pub name: Option<String>,
    /// The state of the stream.
    pub status: StreamStatus,
    /// When the stream was last updated.
    pub date_updated: Option<Timestamp>,
    /// The URI of this stream, relative to the host.
    pub uri: String,
}

/// Starts streaming a call's audio to a WebSocket.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls/<CallSid>/Streams",
    form,
    response = CallStream,
    op = "create_stream"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCallStream {
    /// The call's sid.
    pub call_sid: CallSid,
    /// The `wss://` URL the audio goes to.
    pub url: String,
    /// A name for the stream, unique within the call.
    pub name: Option<String>,
    /// Which audio to stream: both tracks when left out.
    pub track: Option<StreamTrack>,
    /// Whether the request to `status_callback` is a `GET` or a `POST`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The URL told of the stream's state changes.
    pub status_callback: Option<String>,
    /// The name of a custom parameter passed to the WebSocket.
    #[param(rename = "Parameter1.Name")]
    pub parameter1_name: Option<String>,
    /// The value of that parameter.
    #[param(rename = "Parameter1.Value")]
    pub parameter1_value: Option<String>,
    /// The name of a second custom parameter.
    #[param(rename = "Parameter2.Name")]
    pub parameter2_name: Option<String>,
    /// The value of that parameter.
    #[param(rename = "Parameter2.Value")]
    pub parameter2_value: Option<String>,
    /// A bearer token the WebSocket server expects; never printed.
    pub authorization_bearer_token: Option<Secret>,
}

/// Stops a call's media stream.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls/<CallSid>/Streams/<Sid>",
    form,
    response = CallStream,
    op = "update_stream"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateCallStream {
    /// The call's sid.
    pub call_sid: CallSid,
    /// The stream's sid (or the name it was started with).
    pub sid: StreamSid,
    /// The state to put the stream in.
    pub status: StreamUpdateStatus,
}
