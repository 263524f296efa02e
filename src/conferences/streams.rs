pub use crate::streams::{StreamCodec, StreamTrack};

use crate::sid::{AccountSid, ConferenceSid, StreamSid};
use crate::streams::{StreamStatus, StreamUpdateStatus};
use crate::{endpoint, resource, CallbackMethod, Secret, Timestamp};

/// The state of a conference's media stream: the states of every stream.
pub type ConferenceStreamStatus = StreamStatus;

/// The state a conference's media stream can be given: only `stopped`, as
/// for every stream.
pub type ConferenceStreamUpdateStatus = StreamUpdateStatus;

/// A media stream of a conference's audio to a WebSocket.
#[resource]
pub struct ConferenceStream {
    /// The unique identifier of this stream.
    #[resource(required)]
    pub sid: StreamSid,
    /// The account (project) of the stream.
    pub account_sid: AccountSid,
    /// The conference streamed.
    pub conference_sid: ConferenceSid,
    /// When the stream was last updated.
    pub date_updated: Option<Timestamp>,
    /// The stream's name, if it was given one.
    pub name: Option<String>,
    /// The state of the stream.
    pub status: StreamStatus,
    /// The URI of this stream, relative to the host.
    pub uri: String,
}

/// Starts streaming a conference's audio to a WebSocket.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Streams",
    form,
    response = ConferenceStream,
    op = "create_conference_stream"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateConferenceStream {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The `wss://` URL the audio goes to.
    pub url: String,
    /// A name for the stream, unique within the conference.
    pub name: Option<String>,
    /// Which audio to stream: both tracks when left out.
    pub track: Option<StreamTrack>,
    /// The URL told of the stream's state changes.
    pub status_callback: Option<String>,
    /// Whether the request to `status_callback` is a `GET` or a `POST`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The audio codec.
    pub stream_codec: Option<StreamCodec>,
    /// Whether audio is sent in real time rather than buffered.
    pub stream_real_time: Option<bool>,
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

/// Stops a conference's media stream.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Streams/<Sid>",
    form,
    response = ConferenceStream,
    op = "update_conference_stream"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConferenceStream {
    /// The conference's sid.
    pub conference_sid: ConferenceSid,
    /// The stream's sid.
    pub sid: StreamSid,
    /// The state to put the stream in.
    pub status: StreamUpdateStatus,
}
