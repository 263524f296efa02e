//! `<Connect>`, `<Start>` and `<Stop>`, with `<Room>`, `<Stream>` and
//! `<VirtualAgent>`.

use crate::document::xml::attribute_enum;
use crate::{CallbackMethod, Secret};

element! {
    /// `<Connect>`: connects the call to a video room, a bidirectional
    /// stream or a virtual agent.
    pub struct Connect("Connect") {
        /// The URL SignalWire requests when the connection ends.
        action: String = "action",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
    }
    children: ConnectChild;
}

children! {
    /// What `<Connect>` may hold.
    pub enum ConnectChild in Connect {
        Room, Stream, VirtualAgent,
    }
}

impl Connect {
    /// A `<Connect>` whose noun is appended next.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Room>` inside `<Connect>`: a video room, by its name (not its
    /// display name).
    pub struct Room("Room") {}
    text: String;
}

impl Room {
    /// The video room named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            text: name.into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<VirtualAgent>` inside `<Connect>`: a Dialogflow agent (deprecated
    /// by SignalWire; existing agents keep working).
    pub struct VirtualAgent("VirtualAgent") {
        /// The agent's id.
        connector_name: String = "connectorName",
    }
}

impl VirtualAgent {
    /// The agent `connector_name`.
    pub fn new(connector_name: impl Into<String>) -> Self {
        Self::default().connector_name(connector_name)
    }
}

element! {
    /// `<Start>`: starts something that runs beside the call: a `<Stream>`.
    pub struct Start("Start") {}
    children: StartChild;
}

children! {
    /// What `<Start>` may hold.
    pub enum StartChild in Start {
        Stream,
    }
}

impl Start {
    /// Starts `stream`.
    pub fn new(stream: Stream) -> Self {
        Self::default().append(stream)
    }
}

element! {
    /// `<Stop>`: stops a `<Stream>` started by name.
    pub struct Stop("Stop") {}
    children: StopChild;
}

children! {
    /// What `<Stop>` may hold.
    pub enum StopChild in Stop {
        Stream,
    }
}

impl Stop {
    /// Stops the stream named `name`.
    pub fn stream(name: impl Into<String>) -> Self {
        Self::default().append(Stream::named(name))
    }
}

attribute_enum! {
    /// Which audio of the call a `<Stream>` carries.
    pub enum StreamTrack {
        /// `inbound_track` (the default, and the only one of a bidirectional
        /// stream): what SignalWire receives.
        InboundTrack = "inbound_track",
        /// `outbound_track`: what SignalWire sends.
        OutboundTrack = "outbound_track",
        /// `both_tracks`
        BothTracks = "both_tracks",
    }
}

attribute_enum! {
    /// The audio codec of a `<Stream>`.
    pub enum StreamCodec {
        /// `PCMU@8000h` (the default).
        Pcmu8000 = "PCMU@8000h",
        /// `L16@16000h`
        L16At16000 = "L16@16000h",
        /// `L16@24000h`
        L16At24000 = "L16@24000h",
    }
}

element! {
    /// `<Stream>`: sends the call's audio to a WebSocket (`wss` only), in
    /// `<Start>`, `<Connect>` (both ways) or `<Conference>`, or names the
    /// stream `<Stop>` stops.
    pub struct Stream("Stream") {
        /// The WebSocket URL.
        url: String = "url",
        /// The stream's name, unique per call, to stop it by.
        name: String = "name",
        /// A bearer token SignalWire sends when it opens the WebSocket;
        /// never shown by `Debug`.
        auth_bearer_token: Secret = "authBearerToken",
        /// Whether a conference stream is bidirectional.
        bidir: bool = "bidir",
        /// The audio codec.
        codec: StreamCodec = "codec",
        /// Whether a bidirectional stream manages delays for a realtime
        /// experience rather than buffering.
        realtime: bool = "realtime",
        /// The URL SignalWire requests when the stream starts, stops or
        /// fails.
        status_callback: String = "statusCallback",
        /// The method of the request to `statusCallback`.
        status_callback_method: CallbackMethod = "statusCallbackMethod",
        /// Whether to validate the WebSocket server's certificate.
        stream_ssl_validate_certificate: bool = "streamSslValidateCertificate",
        /// Whether a conference stream starts when the participant joins.
        stream_start_conference_on_enter: bool = "streamStartConferenceOnEnter",
        /// Which audio the stream carries.
        track: StreamTrack = "track",
    }
    children: StreamChild;
}

children! {
    /// What `<Stream>` may hold: custom parameters, sent to the WebSocket
    /// in its `start` message.
    pub enum StreamChild in Stream {
        Parameter,
    }
}

impl Stream {
    /// A stream to the WebSocket at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self::default().url(url)
    }

    /// The stream named `name`, for `<Stop>`.
    pub fn named(name: impl Into<String>) -> Self {
        Self::default().name(name)
    }
}

element! {
    /// `<Parameter>`: a custom name and value, for a `<Stream>`'s WebSocket
    /// or a `<Pay>`'s payment processor.
    pub struct Parameter("Parameter") {
        /// The parameter's name.
        name: String = "name",
        /// The parameter's value.
        value: String = "value",
    }
}

impl Parameter {
    /// The parameter `name` = `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::default().name(name).value(value)
    }
}
