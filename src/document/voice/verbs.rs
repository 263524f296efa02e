//! The voice verbs that hold no nouns of their own, or few.

use super::{RecordingEvent, Say, StorageMethod, Trim};
use crate::document::xml::{attribute_enum, AttributeValue, CommaList, SpaceList};
use crate::CallbackMethod;

element! {
    /// `<Denoise>`: turns noise reduction on or off for the audio SignalWire
    /// receives from the call.
    pub struct Denoise("Denoise") {}
    text: String;
}

impl Denoise {
    /// `<Denoise>on</Denoise>`.
    pub fn on() -> Self {
        Self {
            text: "on".into(),
            ..Self::default()
        }
    }

    /// `<Denoise>off</Denoise>`.
    pub fn off() -> Self {
        Self {
            text: "off".into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<Echo>`: plays back to the caller what SignalWire hears.
    pub struct Echo("Echo") {
        /// How many seconds to echo, from 5 to 120 (60 by default).
        timeout: u32 = "timeout",
    }
}

impl Echo {
    /// An `<Echo>` for the default 60 seconds.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Enqueue>`: places the call in a queue, created if it does not
    /// exist.
    pub struct Enqueue("Enqueue") {
        /// The URL SignalWire requests when the call leaves the queue.
        action: String = "action",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// The document SignalWire executes while the caller waits.
        wait_url: String = "waitUrl",
        /// The method of the request to `waitUrl`.
        wait_url_method: CallbackMethod = "waitUrlMethod",
    }
    text: String;
}

impl Enqueue {
    /// Places the call in the queue named `queue`.
    pub fn new(queue: impl Into<String>) -> Self {
        Self {
            text: queue.into(),
            ..Self::default()
        }
    }
}

attribute_enum! {
    /// A kind of input `<Gather>` collects.
    pub enum GatherInput {
        /// `dtmf`: pressed digits.
        Dtmf = "dtmf",
        /// `speech`: transcribed speech.
        Speech = "speech",
    }
}

attribute_enum! {
    /// The enhanced speech recognition model of `<Gather>`.
    pub enum SpeechModel {
        /// `default`: the best of the others for the call.
        Default = "default",
        /// `phone_call`: tuned for phone calls (8 kHz).
        PhoneCall = "phone_call",
        /// `video`: tuned for video calls (16 kHz).
        Video = "video",
    }
}

/// How long `<Gather>` waits after speech before it ends recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpeechTimeout {
    /// `auto`: ends recognition at a pause in speech.
    Auto,
    /// A number of seconds.
    Seconds(u32),
}

impl From<u32> for SpeechTimeout {
    fn from(seconds: u32) -> Self {
        SpeechTimeout::Seconds(seconds)
    }
}

impl AttributeValue for SpeechTimeout {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        match self {
            SpeechTimeout::Auto => {
                out.push_str("auto");
                Ok(())
            }
            SpeechTimeout::Seconds(seconds) => seconds.write_attribute(out),
        }
    }
}

element! {
    /// `<Gather>`: collects pressed digits or speech, while the `<Say>`,
    /// `<Play>` and `<Pause>` it holds prompt the caller.
    pub struct Gather("Gather") {
        /// The URL SignalWire requests with the caller's input.
        action: String = "action",
        /// Whether SignalWire requests `action` even when there was no input.
        action_on_empty_result: bool = "actionOnEmptyResult",
        /// Whether to use enhanced speech recognition (at a cost).
        enhanced: bool = "enhanced",
        /// The keys that end the input (`#` by default).
        finish_on_key: String = "finishOnKey",
        /// Words and phrases the caller is likely to say, each up to 100
        /// characters.
        hints: CommaList<String> = "hints",
        /// The kinds of input to collect (`dtmf` by default).
        input: SpaceList<GatherInput> = "input",
        /// The language the caller speaks (`en-US` by default).
        language: String = "language",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// How many digits to collect.
        num_digits: u32 = "numDigits",
        /// The URL SignalWire requests with partial speech results.
        partial_result_callback: String = "partialResultCallback",
        /// The method of the request to `partialResultCallback`.
        partial_result_callback_method: CallbackMethod = "partialResultCallbackMethod",
        /// Whether to filter profanity out of transcriptions (on by default).
        profanity_filter: bool = "profanityFilter",
        /// The enhanced speech recognition model.
        speech_model: SpeechModel = "speechModel",
        /// How long to wait after speech before ending recognition.
        speech_timeout: SpeechTimeout = "speechTimeout",
        /// Seconds of silence that end the input (5 by default).
        timeout: u32 = "timeout",
    }
    children: GatherChild;
}

children! {
    /// What `<Gather>` may hold.
    pub enum GatherChild in Gather {
        Say, Play, Pause,
    }
}

impl Gather {
    /// A `<Gather>` with SignalWire's defaults.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Hangup>`: ends the call (after answering it).
    pub struct Hangup("Hangup") {}
}

impl Hangup {
    /// `<Hangup/>`.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Leave>`: takes the call out of its queue, on to the verb after its
    /// `<Enqueue>`.
    pub struct Leave("Leave") {}
}

impl Leave {
    /// `<Leave/>`.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Pause>`: waits in silence.
    pub struct Pause("Pause") {
        /// How many seconds to wait (1 by default).
        length: u32 = "length",
    }
}

impl Pause {
    /// A pause of one second.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Play>`: plays an audio file, or DTMF tones, into the call.
    pub struct Play("Play") {
        /// DTMF tones to play; each `w` waits half a second.
        digits: String = "digits",
        /// How many times to play (1 by default; 0 loops until the call ends).
        loop_: u32 = "loop",
    }
    text: Option<String>;
}

impl Play {
    /// Plays the audio file at `url` (HTTP or RTMP).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            text: Some(url.into()),
            ..Self::default()
        }
    }

    /// Plays the DTMF tones `digits` and no file.
    pub fn tones(digits: impl Into<String>) -> Self {
        Self::default().digits(digits)
    }
}

element! {
    /// `<Record>`: records the caller and sends the recording's URL to
    /// `action`.
    pub struct Record("Record") {
        /// The URL SignalWire requests when the recording ends.
        action: String = "action",
        /// The keys that end the recording.
        finish_on_key: String = "finishOnKey",
        /// The longest recording, in seconds (0 means 3600).
        max_length: u32 = "maxLength",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// Whether to beep before recording (on by default).
        play_beep: bool = "playBeep",
        /// The URL SignalWire requests when the recording's status changes.
        recording_status_callback: String = "recordingStatusCallback",
        /// The changes that SignalWire reports to `recordingStatusCallback`.
        recording_status_callback_event: SpaceList<RecordingEvent> = "recordingStatusCallbackEvent",
        /// The method of the request to `recordingStatusCallback`.
        recording_status_callback_method: CallbackMethod = "recordingStatusCallbackMethod",
        /// Where SignalWire sends the recording instead of keeping it.
        storage_url: String = "storageUrl",
        /// How SignalWire sends the recording to `storageUrl`.
        storage_url_method: StorageMethod = "storageUrlMethod",
        /// Seconds of silence that end the recording.
        timeout: u32 = "timeout",
        /// Whether to transcribe the recording (at a cost).
        transcribe: bool = "transcribe",
        /// The URL SignalWire posts the transcription to.
        transcribe_callback: String = "transcribeCallback",
        /// Whether to remove silence at the start and end.
        trim: Trim = "trim",
    }
}

impl Record {
    /// A `<Record>` with SignalWire's defaults.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Redirect>`: continues the call with the document at a URL.
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

element! {
    /// `<Refer>`: transfers a SIP call with a SIP REFER.
    pub struct Refer("Refer") {
        /// The URL SignalWire requests when the transfer ends.
        action: String = "action",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
    }
    children: ReferChild;
}

children! {
    /// What `<Refer>` may hold.
    pub enum ReferChild in Refer {
        ReferSip,
    }
}

impl Refer {
    /// Transfers the call to `sip` (a SIP URI, or a [`ReferSip`]).
    pub fn new(sip: impl Into<ReferSip>) -> Self {
        Self::default().append(sip.into())
    }
}

element! {
    /// `<Sip>` inside `<Refer>`: the SIP URI to transfer the call to.
    pub struct ReferSip("Sip") {}
    text: String;
}

impl ReferSip {
    /// The transfer target `uri`.
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            text: uri.into(),
            ..Self::default()
        }
    }
}

impl From<&str> for ReferSip {
    fn from(uri: &str) -> Self {
        Self::new(uri)
    }
}

impl From<String> for ReferSip {
    fn from(uri: String) -> Self {
        Self::new(uri)
    }
}

attribute_enum! {
    /// How `<Reject>` turns the call away.
    pub enum RejectReason {
        /// `rejected`: the call ends as not answered.
        Rejected = "rejected",
        /// `busy`: the caller hears a busy signal.
        Busy = "busy",
    }
}

element! {
    /// `<Reject>`: declines the call without answering it.
    pub struct Reject("Reject") {
        /// What the caller hears.
        reason: RejectReason = "reason",
    }
}

impl Reject {
    /// `<Reject/>`.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Sms>`: sends an SMS during the call.
    pub struct Sms("Sms") {
        /// The URL SignalWire requests once the message is queued.
        action: String = "action",
        /// The number that sends the message.
        from: String = "from",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// The URL SignalWire requests once the message is sent or failed.
        status_callback: String = "statusCallback",
        /// The number that receives the message.
        to: String = "to",
    }
    text: String;
}

impl Sms {
    /// Sends `body` (under 1600 characters).
    pub fn new(body: impl Into<String>) -> Self {
        Self {
            text: body.into(),
            ..Self::default()
        }
    }
}
