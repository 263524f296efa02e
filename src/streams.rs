//! What every media stream shares, whether of a call or of a conference:
//! its states, which audio it carries and its codec.

use crate::wire_enum;

wire_enum! {
    /// The state of a media stream.
    pub enum StreamStatus {
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
    pub enum StreamUpdateStatus {
        /// Stops the stream.
        Stopped = "stopped",
    }
}

wire_enum! {
    /// Which audio a stream carries.
    pub enum StreamTrack {
        /// The audio SignalWire receives from the call.
        InboundTrack = "inbound_track",
        /// The audio SignalWire sends to the call.
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
