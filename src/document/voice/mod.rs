//! Voice documents: what SignalWire does with a call.
//!
//! A [`VoiceResponse`] holds the verbs of SignalWire's voice cXML reference,
//! executed in order: [`Connect`], [`Denoise`], [`Dial`], [`Echo`],
//! [`Enqueue`], [`Gather`], [`Hangup`], [`Leave`], [`Pause`], [`Pay`],
//! [`Play`], [`Record`], [`Redirect`], [`Refer`], [`Reject`], [`Say`],
//! [`Sms`], and [`Start`] / [`Stop`] for a [`Stream`].

mod connect;
mod dial;
mod pay;
mod say;
mod verbs;

pub use connect::{
    Connect, ConnectChild, Parameter, Room, Start, StartChild, Stop, StopChild, Stream,
    StreamChild, StreamCodec, StreamTrack, VirtualAgent,
};
pub use dial::{
    Beep, Conference, ConferenceChild, ConferenceEvent, ConferenceRecord, Dial, DialChild,
    DialRecord, Number, Queue, RingTone, Sip, SipCodec, Verto,
};
pub use pay::{
    Amount, CardType, Pay, PayChild, PayErrorType, PayInput, PaymentMethod, PaymentStep,
    PostalCode, Prompt, PromptChild, TokenType,
};
pub use say::{
    Break, BreakStrength, DateFormat, Emphasis, EmphasisLevel, InterpretAs, Lang, Phoneme,
    PhonemeAlphabet, Pitch, Prosody, Rate, Say, SayAs, SayVoice, Ssml, Sub, Volume, P, S,
};
pub use verbs::{
    Denoise, Echo, Enqueue, Gather, GatherChild, GatherInput, Hangup, Leave, Pause, Play, Record,
    Redirect, Refer, ReferChild, ReferSip, Reject, RejectReason, Sms, SpeechModel, SpeechTimeout,
};

pub use crate::CallbackMethod;

use super::xml::attribute_enum;
use super::RenderError;

element! {
    /// The root of a voice document: the verbs SignalWire executes, in
    /// order, for a call.
    pub struct VoiceResponse("Response") {}
    children: VoiceChild;
}

children! {
    /// A verb of a voice document.
    pub enum VoiceChild in VoiceResponse {
        Connect, Denoise, Dial, Echo, Enqueue, Gather, Hangup, Leave, Pause, Pay, Play, Record,
        Redirect, Refer, Reject, Say, Sms, Start, Stop,
    }
}

impl VoiceResponse {
    /// An empty document, which ends the call once SignalWire reaches its
    /// end.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document as XML, with its declaration.
    pub fn to_xml(&self) -> Result<String, RenderError> {
        super::render_document(self, 256)
    }
}

attribute_enum! {
    /// A change of a recording's status that SignalWire reports to
    /// `recordingStatusCallback`.
    pub enum RecordingEvent {
        /// `in-progress`: the recording has begun.
        InProgress = "in-progress",
        /// `completed`: the recording is complete and available.
        Completed = "completed",
        /// `absent`: no audio was recorded.
        Absent = "absent",
        /// `failed`: the recording is not available because of a failure.
        Failed = "failed",
    }
}

attribute_enum! {
    /// A change of a dialed call's status that SignalWire reports to a
    /// `<Number>` or `<Sip>` `statusCallback`.
    pub enum CallProgressEvent {
        /// `initiated`: dialing has begun.
        Initiated = "initiated",
        /// `ringing`: the call is ringing.
        Ringing = "ringing",
        /// `answered`: the call was answered.
        Answered = "answered",
        /// `completed`: the call ended (busy, canceled, completed, failed or
        /// no answer).
        Completed = "completed",
    }
}

attribute_enum! {
    /// Whether silence at the start and end of a recording is removed.
    pub enum Trim {
        /// `trim-silence`
        TrimSilence = "trim-silence",
        /// `do-not-trim`
        DoNotTrim = "do-not-trim",
    }
}

attribute_enum! {
    /// How SignalWire sends a recording to your own storage URL.
    pub enum StorageMethod {
        /// `POST`
        Post = "POST",
        /// `PUT`
        Put = "PUT",
    }
}

attribute_enum! {
    /// Which audio of a call is recorded.
    pub enum RecordingTrack {
        /// `inbound`: the audio SignalWire receives from the called party.
        Inbound = "inbound",
        /// `outbound`: the audio SignalWire sends to the called party.
        Outbound = "outbound",
        /// `both`
        Both = "both",
    }
}
