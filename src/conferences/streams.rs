use serde::{Deserialize, Serialize};

use super::CallbackMethod;
use crate::{decode, endpoint, wire_enum, Secret, Timestamp};

wire_enum! {
    /// The state of a media stream.
    pub enum ConferenceStreamStatus {
        /// Waiting to start.
        Queued = "queued",
        /// Streaming.
        InProgress = "in-progress",
        /// Stopped.
        Stopped = "stopped",
        ..Unknown
    }
}

wire_enum! {
    /// The state a media stream can be given: only `stopped`.
    pub enum ConferenceStreamUpdateStatus {
        /// Stops the stream.
        Stopped = "stopped",
    }
}

wire_enum! {
    /// Which audio a stream carries.
    pub enum StreamTrack {
        /// What the conference hears from the call.
        InboundTrack = "inbound_track",
        /// What the call hears from the conference.
        OutboundTrack = "outbound_track",
        /// Both (the API's default).
        BothTracks = "both_tracks",
    }
}

wire_enum! {
    /// The audio codec of a stream.
    pub enum StreamCodec {
        /// G.711 µ-law.
        Pcmu = "PCMU",
        /// G.711 A-law.
        Pcma = "PCMA",
        /// Linear 16-bit PCM at 8 kHz.
        L16 = "L16",
        /// Linear 16-bit PCM at 16 kHz.
        L16At16000 = "L16@16000h",
        /// Linear 16-bit PCM at 24 kHz.
        L16At24000 = "L16@24000h",
    }
}

/// A media stream of a conference's audio to a WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConferenceStream {
    /// The unique identifier of this stream.
    #[serde(deserialize_with = "decode::string")]
    pub sid: String,
    /// The account (project) of the stream.
    #[serde(default, deserialize_with = "decode::string")]
    pub account_sid: String,
    /// The conference streamed.
    #[serde(default, deserialize_with = "decode::string")]
    pub conference_sid: String,
    /// When the stream was last updated.
    #[serde(default)]
    pub date_updated: Option<Timestamp>,
    /// The stream's name, if it was given one.
    #[serde(default, deserialize_with = "decode::option_string")]
    pub name: Option<String>,
    /// The state of the stream.
    #[serde(default)]
    pub status: ConferenceStreamStatus,
    /// The URI of this stream, relative to the host.
    #[serde(default, deserialize_with = "decode::string")]
    pub uri: String,
}

/// Starts streaming a conference's audio to a WebSocket.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Streams",
    form,
    response = ConferenceStream
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateConferenceStream {
    /// The conference's sid.
    pub conference_sid: String,
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
    response = ConferenceStream
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateConferenceStream {
    /// The conference's sid.
    pub conference_sid: String,
    /// The stream's sid.
    pub sid: String,
    /// The state to put the stream in.
    pub status: ConferenceStreamUpdateStatus,
}
