//! `<Dial>` and its nouns.

use super::{CallProgressEvent, RecordingEvent, RecordingTrack, StorageMethod, Stream, Trim};
use crate::document::xml::{attribute_enum, CommaList, SpaceList};
use crate::sid::CallSid;
use crate::{CallbackMethod, Secret};

attribute_enum! {
    /// Whether and how `<Dial>` records both legs of the call.
    pub enum DialRecord {
        /// `do-not-record` (the default).
        DoNotRecord = "do-not-record",
        /// `record-from-answer`: one channel, from the answer.
        RecordFromAnswer = "record-from-answer",
        /// `record-from-ringing`: one channel, from the ringing.
        RecordFromRinging = "record-from-ringing",
        /// `record-from-answer-dual`: a channel per leg, from the answer.
        RecordFromAnswerDual = "record-from-answer-dual",
        /// `record-from-ringing-dual`: a channel per leg, from the ringing.
        RecordFromRingingDual = "record-from-ringing-dual",
    }
}

attribute_enum! {
    /// The ringback tone the caller hears, by country (ISO 3166-1 alpha-2,
    /// plus `us-old`).
    pub enum RingTone {
        /// `at`
        At = "at",
        /// `au`
        Au = "au",
        /// `bg`
        Bg = "bg",
        /// `br`
        Br = "br",
        /// `be`
        Be = "be",
        /// `ch`
        Ch = "ch",
        /// `cl`
        Cl = "cl",
        /// `cn`
        Cn = "cn",
        /// `cz`
        Cz = "cz",
        /// `de`
        De = "de",
        /// `dk`
        Dk = "dk",
        /// `ee`
        Ee = "ee",
        /// `es`
        Es = "es",
        /// `fi`
        Fi = "fi",
        /// `fr`
        Fr = "fr",
        /// `gr`
        Gr = "gr",
        /// `hu`
        Hu = "hu",
        /// `il`
        Il = "il",
        /// `in`
        In = "in",
        /// `it`
        It = "it",
        /// `lt`
        Lt = "lt",
        /// `jp`
        Jp = "jp",
        /// `mx`
        Mx = "mx",
        /// `my`
        My = "my",
        /// `nl`
        Nl = "nl",
        /// `no`
        No = "no",
        /// `nz`
        Nz = "nz",
        /// `ph`
        Ph = "ph",
        /// `pl`
        Pl = "pl",
        /// `pt`
        Pt = "pt",
        /// `ru`
        Ru = "ru",
        /// `se`
        Se = "se",
        /// `sg`
        Sg = "sg",
        /// `th`
        Th = "th",
        /// `uk`
        Uk = "uk",
        /// `us`
        Us = "us",
        /// `us-old`
        UsOld = "us-old",
        /// `tw`
        Tw = "tw",
        /// `ve`
        Ve = "ve",
        /// `za`
        Za = "za",
    }
}

element! {
    /// `<Dial>`: connects the call to a number, a conference, a queue, a SIP
    /// endpoint or a Verto client.
    ///
    /// ```
    /// use laml::document::voice::{Dial, Number};
    ///
    /// let to_one = Dial::to("+15551234567").timeout(20);
    /// let to_first_who_answers = Dial::new()
    ///     .append(Number::new("+15551234567"))
    ///     .append(Number::new("+15557654321").send_digits("ww5645"));
    /// ```
    pub struct Dial("Dial") {
        /// The URL SignalWire requests when the dialed call ends.
        action: String = "action",
        /// Whether the caller hears ringing until the dialed party answers.
        answer_on_bridge: bool = "answerOnBridge",
        /// The caller id shown to the dialed party (E.164).
        caller_id: String = "callerId",
        /// The caller name shown on SIP calls (up to 70 characters).
        caller_name: String = "callerName",
        /// Whether the caller can hang up on the dialed party with `*`.
        hangup_on_star: bool = "hangupOnStar",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// Whether and how to record both legs.
        record: DialRecord = "record",
        /// The URL SignalWire requests when the recording's status changes.
        recording_status_callback: String = "recordingStatusCallback",
        /// The changes that SignalWire reports to `recordingStatusCallback`.
        recording_status_callback_event: SpaceList<RecordingEvent> = "recordingStatusCallbackEvent",
        /// The method of the request to `recordingStatusCallback`.
        recording_status_callback_method: CallbackMethod = "recordingStatusCallbackMethod",
        /// Where SignalWire sends the recording instead of keeping it.
        recording_storage_url: String = "recordingStorageUrl",
        /// How SignalWire sends the recording to `recordingStorageUrl`.
        recording_storage_url_method: StorageMethod = "recordingStorageUrlMethod",
        /// Which audio is recorded.
        recording_track: RecordingTrack = "recordingTrack",
        /// The ringback tone the caller hears.
        ring_tone: RingTone = "ringTone",
        /// The longest the dialed call may last, in seconds (4 hours by
        /// default).
        time_limit: u32 = "timeLimit",
        /// How many seconds to wait for an answer (5 to 600; 30 by default).
        timeout: u32 = "timeout",
        /// Whether to remove silence at the start and end of the recording.
        trim: Trim = "trim",
    }
    text: Option<String>;
    children: DialChild;
}

children! {
    /// What `<Dial>` may hold: the nouns it dials.
    pub enum DialChild in Dial {
        Number, Conference, Queue, Sip, Verto,
    }
}

impl Dial {
    /// A `<Dial>` whose nouns are appended next.
    pub fn new() -> Self {
        Self::default()
    }

    /// Dials the phone number `number`, written as the `<Dial>`'s text.
    pub fn to(number: impl Into<String>) -> Self {
        Self {
            text: Some(number.into()),
            ..Self::default()
        }
    }
}

element! {
    /// `<Number>` inside `<Dial>`: a phone number to dial (up to 10 ring at
    /// once; the first to answer is connected).
    pub struct Number("Number") {
        /// The method of the request to `url`.
        method: CallbackMethod = "method",
        /// DTMF tones to play once the call is answered; each `w` waits half
        /// a second.
        send_digits: String = "sendDigits",
        /// The URL SignalWire requests when the call's status changes.
        status_callback: String = "statusCallback",
        /// The changes that SignalWire reports to `statusCallback`.
        status_callback_event: SpaceList<CallProgressEvent> = "statusCallbackEvent",
        /// The method of the request to `statusCallback`.
        status_callback_method: CallbackMethod = "statusCallbackMethod",
        /// A document run for the dialed party before the call is
        /// connected.
        url: String = "url",
    }
    text: String;
}

impl Number {
    /// The phone number `number` (E.164).
    pub fn new(number: impl Into<String>) -> Self {
        Self {
            text: number.into(),
            ..Self::default()
        }
    }
}

attribute_enum! {
    /// When a conference plays a beep.
    pub enum Beep {
        /// `true` (the default): when a caller enters or leaves.
        True = "true",
        /// `false`: never.
        False = "false",
        /// `onEnter`: when a caller enters.
        OnEnter = "onEnter",
        /// `onExit`: when a caller leaves.
        OnExit = "onExit",
    }
}

impl From<bool> for Beep {
    fn from(beep: bool) -> Self {
        if beep {
            Beep::True
        } else {
            Beep::False
        }
    }
}

attribute_enum! {
    /// Whether a conference is recorded.
    pub enum ConferenceRecord {
        /// `do-not-record` (the default).
        DoNotRecord = "do-not-record",
        /// `record-from-start`: from when the first two participants have
        /// joined.
        RecordFromStart = "record-from-start",
    }
}

attribute_enum! {
    /// A change of a conference that SignalWire reports to its
    /// `statusCallback`.
    pub enum ConferenceEvent {
        /// `start`
        Start = "start",
        /// `end`
        End = "end",
        /// `join`: a participant joined.
        Join = "join",
        /// `leave`: a participant left.
        Leave = "leave",
        /// `mute`: a participant was muted or unmuted.
        Mute = "mute",
        /// `hold`: a participant was put on or taken off hold.
        Hold = "hold",
        /// `speaker`: a participant began or stopped speaking.
        Speaker = "speaker",
    }
}

element! {
    /// `<Conference>` inside `<Dial>`: a named conference room.
    pub struct Conference("Conference") {
        /// When to beep.
        beep: Beep = "beep",
        /// The call, in the conference, that this participant coaches.
        coach: CallSid = "coach",
        /// Whether the conference ends when this participant leaves.
        end_conference_on_exit: bool = "endConferenceOnExit",
        /// The URL SignalWire posts to when the conference ends.
        event_callback_url: String = "eventCallbackUrl",
        /// The most participants the room holds.
        max_participants: u32 = "maxParticipants",
        /// Whether this participant joins muted.
        muted: bool = "muted",
        /// Whether to record the conference.
        record: ConferenceRecord = "record",
        /// The URL SignalWire requests when the recording's status changes.
        recording_status_callback: String = "recordingStatusCallback",
        /// The changes that SignalWire reports to `recordingStatusCallback`.
        recording_status_callback_event: SpaceList<RecordingEvent> = "recordingStatusCallbackEvent",
        /// The method of the request to `recordingStatusCallback`.
        recording_status_callback_method: CallbackMethod = "recordingStatusCallbackMethod",
        /// Whether the conference starts when this participant enters (on by
        /// default).
        start_conference_on_enter: bool = "startConferenceOnEnter",
        /// The URL SignalWire requests for each `statusCallbackEvent`.
        status_callback: String = "statusCallback",
        /// The changes that SignalWire reports to `statusCallback`.
        status_callback_event: SpaceList<ConferenceEvent> = "statusCallbackEvent",
        /// The method of the request to `statusCallback`.
        status_callback_method: CallbackMethod = "statusCallbackMethod",
        /// Whether to remove silence at the start and end of the recording.
        trim: Trim = "trim",
        /// The method of the request to `waitUrl`.
        wait_method: CallbackMethod = "waitMethod",
        /// The music (a document of `<Play>`, `<Pause>` and `<Redirect>`)
        /// played while waiting for the conference to start.
        wait_url: String = "waitUrl",
    }
    text: String;
    children: ConferenceChild;
}

children! {
    /// What `<Conference>` may hold besides its name: a `<Stream>` of the
    /// conference.
    pub enum ConferenceChild in Conference {
        Stream,
    }
}

impl Conference {
    /// The conference room named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            text: name.into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<Queue>` inside `<Dial>`: connects to the call at the front of a
    /// queue.
    pub struct Queue("Queue") {
        /// The method of the request to `url`.
        method: CallbackMethod = "method",
        /// A document run for the dequeued caller before the call is
        /// connected.
        url: String = "url",
    }
    text: String;
}

impl Queue {
    /// The queue named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            text: name.into(),
            ..Self::default()
        }
    }
}

attribute_enum! {
    /// A codec `<Sip>` offers.
    pub enum SipCodec {
        /// `PCMU`
        Pcmu = "PCMU",
        /// `PCMA`
        Pcma = "PCMA",
        /// `G722`
        G722 = "G722",
        /// `G729`
        G729 = "G729",
        /// `OPUS`
        Opus = "OPUS",
    }
}

element! {
    /// `<Sip>` inside `<Dial>`: a SIP endpoint (up to 10, and no other
    /// nouns beside them).
    pub struct Sip("Sip") {
        /// The codecs to offer, in order (`PCMU,PCMA` by default).
        codecs: CommaList<SipCodec> = "codecs",
        /// The method of the request to `url`.
        method: CallbackMethod = "method",
        /// The password for SIP authentication; never shown by `Debug`.
        password: Secret = "password",
        /// The `Session-Expires` header, in seconds (0: SignalWire's
        /// default).
        session_timeout: u32 = "sessionTimeout",
        /// The URL SignalWire requests when the call's status changes.
        status_callback: String = "statusCallback",
        /// The changes that SignalWire reports to `statusCallback`.
        status_callback_event: SpaceList<CallProgressEvent> = "statusCallbackEvent",
        /// The method of the request to `statusCallback`.
        status_callback_method: CallbackMethod = "statusCallbackMethod",
        /// A document run for the dialed party before the call is
        /// connected.
        url: String = "url",
        /// The user name for SIP authentication.
        username: String = "username",
    }
    text: String;
}

impl Sip {
    /// The SIP URI `uri` (`sip:alice@example.com;transport=udp`; custom
    /// headers as its query).
    pub fn new(uri: impl Into<String>) -> Self {
        Self {
            text: uri.into(),
            ..Self::default()
        }
    }
}

element! {
    /// `<Verto>` inside `<Dial>`: a Verto client,
    /// `<resource>@<space>.verto.signalwire.com`.
    pub struct Verto("Verto") {}
    text: String;
}

impl Verto {
    /// The Verto client `address`.
    pub fn new(address: impl Into<String>) -> Self {
        Self {
            text: address.into(),
            ..Self::default()
        }
    }
}
