//! The requests SignalWire sends to an app, as types: the voice request and
//! its callbacks, message and fax requests and their status callbacks.
//!
//! Each type reads its parameters leniently from the form (or query)
//! SignalWire sends: a missing parameter is empty or `None`, a number that
//! does not parse is `None`, an unknown status is kept as sent, and every
//! parameter the type does not read is kept in `extra`. Reading never fails
//! once the form is decoded.
//!
//! ```
//! use laml::webhook::{CallStatus, Form, FromForm, GatherAction};
//!
//! let form = Form::parse(b"CallSid=CA1&CallStatus=in-progress&Digits=1%23&Tenant=7")?;
//! let gather = GatherAction::from_form(&form);
//! assert_eq!(gather.digits, "1#");
//! assert_eq!(gather.call.call_status, Some(CallStatus::InProgress));
//! assert_eq!(gather.extra["Tenant"], ["7"]);
//! # Ok::<(), laml::webhook::FormError>(())
//! ```

use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt;

use serde::de::IntoDeserializer;
use serde::Deserialize;

use crate::sid::{AccountSid, CallSid, ConferenceSid, RecordingSid, StreamSid, TranscriptionSid};
use crate::{wire_enum, Timestamp};

/// Call and fax statuses read the same in callbacks as in the REST API.
pub use crate::calls::CallStatus;
pub use crate::faxes::FaxStatus;

/// The decoded parameters of a webhook, in the order they were sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

/// A form body (or query string) that is not
/// `application/x-www-form-urlencoded` UTF-8 text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    _private: (),
}

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the form does not decode to UTF-8 text")
    }
}

impl StdError for FormError {}

impl Form {
    /// Decodes an `application/x-www-form-urlencoded` body or query string
    /// (`+` is a space, `%XX` a byte); fails when the decoded bytes are not
    /// UTF-8, rather than replacing them, so that what the app reads is
    /// what was signed.
    pub fn parse(input: &[u8]) -> Result<Self, FormError> {
        let mut pairs = Vec::new();
        for pair in input.split(|&byte| byte == b'&') {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = match pair.iter().position(|&byte| byte == b'=') {
                Some(equals) => (&pair[..equals], &pair[equals + 1..]),
                None => (pair, &[][..]),
            };
            pairs.push((decode(name)?, decode(value)?));
        }
        Ok(Self { pairs })
    }

    /// Every parameter, in the order sent.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The parameters as the signature validator takes them.
    pub fn signed_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    fn extra(&self, known: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<String>> {
        let mut extra: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in &self.pairs {
            if !known(name) {
                extra.entry(name.clone()).or_default().push(value.clone());
            }
        }
        extra
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Form {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self {
            pairs: iter
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
        }
    }
}

fn decode(encoded: &[u8]) -> Result<String, FormError> {
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut index = 0;
    while index < encoded.len() {
        let byte = encoded[index];
        let hex = |offset: usize| {
            encoded
                .get(index + offset)
                .and_then(|digit| char::from(*digit).to_digit(16))
        };
        match byte {
            b'+' => bytes.push(b' '),
            b'%' => match (hex(1), hex(2)) {
                (Some(high), Some(low)) => {
                    bytes.push((high * 16 + low) as u8);
                    index += 2;
                }
                _ => bytes.push(b'%'),
            },
            _ => bytes.push(byte),
        }
        index += 1;
    }
    String::from_utf8(bytes).map_err(|_| FormError { _private: () })
}

/// A type read from a webhook's parameters.
pub trait FromForm: Sized {
    /// Reads `form` leniently; never fails.
    fn from_form(form: &Form) -> Self;
}

/// One parameter's value, read leniently. Not a public API.
#[doc(hidden)]
pub trait Field: Sized {
    fn read(value: Option<&str>) -> Self;
}

impl Field for String {
    fn read(value: Option<&str>) -> Self {
        value.unwrap_or_default().to_owned()
    }
}

/// A value that may fail to parse, read into an `Option`.
#[doc(hidden)]
pub trait Parse: Sized {
    fn parse(value: &str) -> Option<Self>;
}

impl<T: Parse> Field for Option<T> {
    fn read(value: Option<&str>) -> Self {
        value.and_then(T::parse)
    }
}

macro_rules! parse_numbers {
    ($($number:ty),*) => {$(
        impl Parse for $number {
            fn parse(value: &str) -> Option<Self> {
                value.trim().parse().ok()
            }
        }
    )*};
}

parse_numbers!(u32, u64, i64, f64);

impl Parse for bool {
    fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("true") {
            Some(true)
        } else if value.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
}

impl Parse for Timestamp {
    fn parse(value: &str) -> Option<Self> {
        (!value.is_empty()).then(|| Timestamp::parse(value))
    }
}

macro_rules! fields_from_str {
    ($($name:ty),*) => {$(
        impl Field for $name {
            fn read(value: Option<&str>) -> Self {
                <$name>::from(value.unwrap_or_default())
            }
        }
    )*};
}

fields_from_str!(AccountSid, CallSid, ConferenceSid, RecordingSid, StreamSid);

/// An optional sid: absent when the parameter is empty.
macro_rules! parse_sids {
    ($($name:ty),*) => {$(
        impl Parse for $name {
            fn parse(value: &str) -> Option<Self> {
                (!value.is_empty()).then(|| <$name>::from(value))
            }
        }
    )*};
}

parse_sids!(CallSid, ConferenceSid, RecordingSid, TranscriptionSid);

/// Reads a wire enum (which keeps unknown values) from its string.
macro_rules! parse_wire_enums {
    ($($name:ty),*) => {$(
        impl Parse for $name {
            fn parse(value: &str) -> Option<Self> {
                let deserializer: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                    value.into_deserializer();
                <$name>::deserialize(deserializer).ok()
            }
        }
    )*};
}

/// Declares a set of parameters: a struct with a field per parameter, read
/// from a form.
macro_rules! params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty = $param:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $name {
            /// The names of the parameters this type reads.
            pub const PARAMETERS: &'static [&'static str] = &[$($param),*];
        }

        impl FromForm for $name {
            fn from_form(form: &Form) -> Self {
                Self {
                    $( $field: <$ty as Field>::read(form.get($param)), )*
                }
            }
        }
    };
}

/// Declares a webhook: the parameters of its base (`call`, `message` or
/// `fax`), its own, and `extra` for the rest.
macro_rules! webhook {
    (
        $(#[$meta:meta])*
        pub struct $name:ident $( on $base_field:ident: $base:ident )? {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty = $param:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $(
                #[doc = concat!("What SignalWire sends with every request about the ", stringify!($base_field), ".")]
                pub $base_field: $base,
            )?
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// Every other parameter, by name, with each of its values.
            pub extra: BTreeMap<String, Vec<String>>,
        }

        impl $name {
            /// The names of the parameters this type reads, besides its
            /// base's.
            pub const PARAMETERS: &'static [&'static str] = &[$($param),*];
        }

        impl FromForm for $name {
            fn from_form(form: &Form) -> Self {
                Self {
                    $( $base_field: <$base as FromForm>::from_form(form), )?
                    $( $field: <$ty as Field>::read(form.get($param)), )*
                    extra: form.extra(|name| {
                        Self::PARAMETERS.contains(&name)
                            $( || <$base>::PARAMETERS.contains(&name) )?
                    }),
                }
            }
        }
    };
}

wire_enum! {
    /// Which way a call goes.
    pub enum CallDirection {
        /// `inbound`: a call to one of your numbers.
        Inbound = "inbound",
        /// `outbound-api`: a call made through the REST API.
        OutboundApi = "outbound-api",
        /// `outbound-dial`: a call made by `<Dial>`.
        OutboundDial = "outbound-dial",
        ..Unknown
    }
}

wire_enum! {
    /// How a `<Dial>` ended.
    pub enum DialCallStatus {
        /// `completed`: the dialed party answered and the call ended normally.
        Completed = "completed",
        /// `answered`: the dialed party answered (when dialing a conference).
        Answered = "answered",
        /// `busy`
        Busy = "busy",
        /// `no-answer`
        NoAnswer = "no-answer",
        /// `failed`: the number could not be dialed.
        Failed = "failed",
        /// `canceled`: canceled through the REST API before an answer.
        Canceled = "canceled",
        ..Unknown
    }
}

wire_enum! {
    /// How a call left the queue of its `<Enqueue>`.
    pub enum QueueResult {
        /// `bridged`
        Bridged = "bridged",
        /// `bridging-in-progress`
        BridgingInProgress = "bridging-in-progress",
        /// `error`
        Error = "error",
        /// `hangup`: the caller hung up while in the queue.
        Hangup = "hangup",
        /// `leave`: through `<Leave>`.
        Leave = "leave",
        /// `redirected`: through the REST API.
        Redirected = "redirected",
        /// `redirected-from-bridged`
        RedirectedFromBridged = "redirected-from-bridged",
        /// `queue-full`
        QueueFull = "queue-full",
        /// `system-error`
        SystemError = "system-error",
        ..Unknown
    }
}

wire_enum! {
    /// How a `<Refer>` transfer ended.
    pub enum ReferCallStatus {
        /// `in-progress`: the target answered.
        InProgress = "in-progress",
        /// `busy`
        Busy = "busy",
        /// `no-answer`
        NoAnswer = "no-answer",
        /// `canceled`: the call ended before the transfer completed.
        Canceled = "canceled",
        /// `failed`
        Failed = "failed",
        ..Unknown
    }
}

wire_enum! {
    /// The status of a recording.
    pub enum RecordingStatus {
        /// `in-progress`
        InProgress = "in-progress",
        /// `completed`
        Completed = "completed",
        /// `absent`: nothing was recorded.
        Absent = "absent",
        /// `failed`
        Failed = "failed",
        ..Unknown
    }
}

wire_enum! {
    /// The status of a transcription, as reported to its
    /// `transcribeCallback`.
    pub enum TranscriptionStatus {
        /// `completed`
        Completed = "completed",
        /// `failed`
        Failed = "failed",
        ..Unknown
    }
}

wire_enum! {
    /// A change of a conference, as reported to its `statusCallback`.
    pub enum ConferenceStatusEvent {
        /// `conference-start`
        ConferenceStart = "conference-start",
        /// `conference-end`
        ConferenceEnd = "conference-end",
        /// `participant-join`
        ParticipantJoin = "participant-join",
        /// `participant-leave`
        ParticipantLeave = "participant-leave",
        /// `participant-mute`
        ParticipantMute = "participant-mute",
        /// `participant-unmute`
        ParticipantUnmute = "participant-unmute",
        /// `participant-hold`
        ParticipantHold = "participant-hold",
        /// `participant-unhold`
        ParticipantUnhold = "participant-unhold",
        /// `participant-speech-start`
        ParticipantSpeechStart = "participant-speech-start",
        /// `participant-speech-stop`
        ParticipantSpeechStop = "participant-speech-stop",
        ..Unknown
    }
}

wire_enum! {
    /// A change of a `<Stream>`.
    pub enum StreamEvent {
        /// `stream-started`
        StreamStarted = "stream-started",
        /// `stream-stopped`
        StreamStopped = "stream-stopped",
        /// `stream-error`
        StreamError = "stream-error",
        ..Unknown
    }
}

wire_enum! {
    /// The status of a message.
    pub enum MessageStatus {
        /// `queued`
        Queued = "queued",
        /// `sending`
        Sending = "sending",
        /// `sent`: it left SignalWire.
        Sent = "sent",
        /// `delivered`: the carrier confirmed delivery.
        Delivered = "delivered",
        /// `undelivered`
        Undelivered = "undelivered",
        /// `failed`
        Failed = "failed",
        /// `received`
        Received = "received",
        /// `invalid`
        Invalid = "invalid",
        ..Unknown
    }
}

parse_wire_enums!(
    CallStatus,
    CallDirection,
    DialCallStatus,
    QueueResult,
    ReferCallStatus,
    RecordingStatus,
    ConferenceStatusEvent,
    StreamEvent,
    MessageStatus,
    TranscriptionStatus,
    FaxStatus
);

params! {
    /// The parameters of every voice request: what SignalWire knows of the
    /// call.
    pub struct Call {
        /// The project (account) of the call.
        account_sid: AccountSid = "AccountSid",
        /// The API version of the number called, or of the REST request.
        api_version: String = "ApiVersion",
        /// The call.
        call_sid: CallSid = "CallSid",
        /// The call's status.
        call_status: Option<CallStatus> = "CallStatus",
        /// Which way the call goes.
        direction: Option<CallDirection> = "Direction",
        /// The caller (E.164, or the caller id received).
        from: String = "From",
        /// The called party.
        to: String = "To",
        /// The call that created this one, if any.
        parent_call_sid: Option<CallSid> = "ParentCallSid",
    }
}

webhook! {
    /// The request for a call's document: an incoming call, or an outgoing
    /// one answered.
    pub struct VoiceRequest on call: Call {
    }
}

webhook! {
    /// A call's status callback.
    pub struct CallStatusCallback on call: Call {
        /// The average time between incoming packets, in milliseconds.
        audio_in_average_ptime: Option<u32> = "AudioInAveragePtime",
        /// How many incoming DTMF packets there were.
        audio_in_dtmf_packet_count: Option<u64> = "AudioInDtmfPacketCount",
        /// How many incoming packets the jitter buffer dropped.
        audio_in_flush_packet_count: Option<u64> = "AudioInFlushPacketCount",
        /// The largest variance of jitter, in milliseconds.
        audio_in_jitter_max_variance: Option<i64> = "AudioInJitterMaxVariance",
        /// The smallest variance of jitter, in milliseconds.
        audio_in_jitter_min_variance: Option<i64> = "AudioInJitterMinVariance",
        /// The jitter buffer's largest size, in milliseconds.
        audio_in_largest_jb_size: Option<u64> = "AudioInLargestJbSize",
        /// The audio quality, from 1 (worst) to 5.
        audio_in_mos: Option<f64> = "AudioInMos",
        /// How many incoming media packets there were.
        audio_in_media_packet_count: Option<u64> = "AudioInMediaPacketCount",
        /// How many incoming packets were missed at their time.
        audio_in_skip_packet_count: Option<u64> = "AudioInSkipPacketCount",
        /// How many outgoing DTMF packets there were.
        audio_out_dtmf_packet_count: Option<u64> = "AudioOutDtmfPacketCount",
        /// How many outgoing media packets there were.
        audio_out_media_packet_count: Option<u64> = "AudioOutMediaPacketCount",
        /// What sent the callback.
        callback_source: String = "CallbackSource",
        /// How long the call lasted, in seconds (on `completed`).
        call_duration: Option<u64> = "CallDuration",
        /// The caller's name, with caller id lookup.
        caller_name: String = "CallerName",
        /// The number the call was forwarded from.
        forwarded_from: String = "ForwardedFrom",
        /// Which number ended the call.
        hangup_by: String = "HangupBy",
        /// Which direction ended the call.
        hangup_direction: String = "HangupDirection",
        /// How long the recording is, in seconds.
        recording_duration: Option<u64> = "RecordingDuration",
        /// The recording.
        recording_sid: Option<RecordingSid> = "RecordingSid",
        /// The recording's URL.
        recording_url: String = "RecordingUrl",
        /// The order of the event, from 0.
        sequence_number: Option<u64> = "SequenceNumber",
        /// The SIP response's phrase, for a SIP call.
        sip_invite_result_phrase: String = "SipInviteResultPhrase",
        /// The SIP response's code, for a SIP call.
        sip_result_code: String = "SipResultCode",
        /// When the event happened (RFC 2822).
        timestamp: Option<Timestamp> = "Timestamp",
    }
}

webhook! {
    /// The request to a `<Dial>`'s `action`, once the dialed call ends.
    pub struct DialAction on call: Call {
        /// How long the dialed call lasted, in seconds.
        dial_call_duration: Option<u64> = "DialCallDuration",
        /// The dialed call.
        dial_call_sid: Option<CallSid> = "DialCallSid",
        /// How the dial ended.
        dial_call_status: Option<DialCallStatus> = "DialCallStatus",
        /// The recording's URL, when the `<Dial>` recorded.
        recording_url: String = "RecordingUrl",
        /// The SIP Call-ID of a `<Sip>` dial.
        dial_sip_call_id: String = "DialSipCallId",
        /// The SIP response code to a `<Sip>` dial's INVITE.
        dial_sip_response_code: Option<u32> = "DialSipResponseCode",
        /// Which side hung up a `<Sip>` or `<Verto>` dial.
        dial_sip_hangup_direction: String = "DialSipHangupDirection",
        /// Which side hung up.
        hangup_direction: String = "HangupDirection",
    }
}

impl DialAction {
    /// The X-headers of the SIP 200 response to a `<Sip>` dial
    /// (`DialSipHeader_X-Name`), by header name; they stay in `extra` too.
    pub fn dial_sip_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.extra.iter().filter_map(|(name, values)| {
            let header = name.strip_prefix("DialSipHeader_")?;
            Some((header, values.first()?.as_str()))
        })
    }
}

webhook! {
    /// The request to a `<Gather>`'s `action`, with the caller's input.
    pub struct GatherAction on call: Call {
        /// How sure the transcription is, from 0.0 to 1.0.
        confidence: Option<f64> = "Confidence",
        /// The keys the caller pressed.
        digits: String = "Digits",
        /// The transcribed speech.
        speech_result: String = "SpeechResult",
    }
}

webhook! {
    /// The request to a `<Record>`'s `action`, once the recording ends.
    pub struct RecordAction on call: Call {
        /// The keys pressed to end the recording.
        digits: String = "Digits",
        /// How long the recording is, in seconds.
        recording_duration: Option<u64> = "RecordingDuration",
        /// The recording's URL.
        recording_url: String = "RecordingUrl",
    }
}

webhook! {
    /// The request to a `<Refer>`'s `action`, once the transfer ends.
    pub struct ReferAction on call: Call {
        /// The last SIP response code reported by the NOTIFYs.
        notify_sip_response_code: Option<u32> = "NotifySipResponseCode",
        /// How the transfer ended.
        refer_call_status: Option<ReferCallStatus> = "ReferCallStatus",
        /// The SIP response code to the REFER (202 when accepted).
        refer_sip_response_code: Option<u32> = "ReferSipResponseCode",
    }
}

webhook! {
    /// The request to an `<Enqueue>`'s `action`, once the call leaves the
    /// queue.
    pub struct EnqueueAction on call: Call {
        /// How the call left the queue.
        queue_result: Option<QueueResult> = "QueueResult",
        /// The queue.
        queue_sid: String = "QueueSid",
        /// How long the call waited, in seconds.
        queue_time: Option<u64> = "QueueTime",
    }
}

webhook! {
    /// The request to an `<Enqueue>`'s `waitUrl`, while the caller waits.
    pub struct EnqueueWait on call: Call {
        /// The average wait in the queue, in seconds.
        avg_queue_time: Option<u64> = "AvgQueueTime",
        /// How many callers are in the queue.
        current_queue_size: Option<u64> = "CurrentQueueSize",
        /// The caller's position in the queue.
        queue_position: Option<u64> = "QueuePosition",
        /// The queue.
        queue_sid: String = "QueueSid",
        /// How long the caller has waited, in seconds.
        queue_time: Option<u64> = "QueueTime",
    }
}

webhook! {
    /// A recording's status callback (`recordingStatusCallback` of
    /// `<Record>`, `<Dial>` and `<Conference>`).
    pub struct RecordingStatusCallback {
        /// The project (account).
        account_sid: AccountSid = "AccountSid",
        /// The call recorded.
        call_sid: Option<CallSid> = "CallSid",
        /// The conference recorded, if any.
        conference_sid: Option<ConferenceSid> = "ConferenceSid",
        /// The recording.
        recording_sid: RecordingSid = "RecordingSid",
        /// The recording's URL.
        recording_url: String = "RecordingUrl",
        /// The recording's status.
        recording_status: Option<RecordingStatus> = "RecordingStatus",
        /// How long the recording is, in seconds.
        recording_duration: Option<u64> = "RecordingDuration",
        /// How many channels the recording has.
        recording_channels: Option<u32> = "RecordingChannels",
        /// When the recording started.
        recording_start_time: Option<Timestamp> = "RecordingStartTime",
        /// What made the recording (`RecordVerb`, `DialVerb`, …).
        recording_source: String = "RecordingSource",
        /// The error, when the recording failed.
        error_code: Option<i64> = "ErrorCode",
    }
}

webhook! {
    /// A conference's status callback.
    pub struct ConferenceStatusCallback on call: Call {
        /// The conference.
        conference_sid: ConferenceSid = "ConferenceSid",
        /// How long the conference has lasted, in seconds.
        duration: Option<u64> = "Duration",
        /// Whether the conference ends when this participant leaves.
        end_conference_on_exit: Option<bool> = "EndConferenceOnExit",
        /// The event's name.
        event_name: String = "EventName",
        /// The conference's name.
        friendly_name: String = "FriendlyName",
        /// Whether the participant is on hold.
        hold: Option<bool> = "Hold",
        /// Whether the participant is muted.
        muted: Option<bool> = "Muted",
        /// The size of the recording.
        recording_file_size: Option<u64> = "RecordingFileSize",
        /// The recording's URL.
        recording_url: String = "RecordingUrl",
        /// Whether the conference starts when this participant joins.
        start_conference_on_enter: Option<bool> = "StartConferenceOnEnter",
        /// What changed.
        status_callback_event: Option<ConferenceStatusEvent> = "StatusCallbackEvent",
        /// When it changed (RFC 2822).
        timestamp: Option<Timestamp> = "Timestamp",
    }
}

webhook! {
    /// A `<Stream>`'s status callback.
    pub struct StreamStatusCallback {
        /// The project (account).
        account_sid: AccountSid = "AccountSid",
        /// The call streamed.
        call_sid: CallSid = "CallSid",
        /// The conference streamed, if any.
        conference_sid: Option<ConferenceSid> = "ConferenceSid",
        /// What went wrong, on `stream-error`.
        stream_error: String = "StreamError",
        /// What changed.
        stream_event: Option<StreamEvent> = "StreamEvent",
        /// The stream's name (its sid when it has none).
        stream_name: String = "StreamName",
        /// The stream.
        stream_sid: StreamSid = "StreamSid",
        /// Which audio the stream carries.
        stream_track: String = "StreamTrack",
        /// When it changed (ISO 8601).
        timestamp: Option<Timestamp> = "Timestamp",
    }
}

webhook! {
    /// The request to an `<Sms>`'s `action` or `statusCallback`.
    pub struct SmsCallback on call: Call {
        /// The message.
        sms_sid: String = "SmsSid",
        /// The message's status (`sending`, `invalid`, `sent`, `failed`).
        sms_status: Option<MessageStatus> = "SmsStatus",
    }
}

/// A file attached to an incoming message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MessageMedia {
    /// Its URL (`MediaUrl{N}`).
    pub url: String,
    /// Its content type (`MediaContentType{N}`).
    pub content_type: String,
}

/// An incoming message: the request for a messaging document.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct IncomingMessage {
    /// The project (account).
    pub account_sid: AccountSid,
    /// The message.
    pub message_sid: String,
    /// The sender (E.164).
    pub from: String,
    /// The recipient.
    pub to: String,
    /// The text.
    pub body: String,
    /// How many files are attached, as SignalWire counted them.
    pub num_media: Option<u32>,
    /// The attached files, in index order (`MediaUrl0`, `MediaUrl1`, …).
    ///
    /// An index is written in decimal without leading zeros, and is below
    /// 100: `MediaUrl00`, `MediaUrl01` or `MediaUrl100` is no file's, and
    /// stays in `extra`. A `MediaUrl{N}` or `MediaContentType{N}` sent
    /// twice keeps its first value, as every field does, and the later ones
    /// are dropped.
    pub media: Vec<MessageMedia>,
    /// Every other parameter, by name, with each of its values.
    pub extra: BTreeMap<String, Vec<String>>,
}

impl IncomingMessage {
    /// The names of the parameters this type reads, besides
    /// `MediaUrl{N}` and `MediaContentType{N}`.
    pub const PARAMETERS: &'static [&'static str] =
        &["AccountSid", "MessageSid", "From", "To", "Body", "NumMedia"];
}

/// The index `N` of a `MediaUrl{N}` or `MediaContentType{N}` parameter:
/// canonical decimal, so that no two names stand for one index.
fn media_index(name: &str, prefix: &str) -> Option<usize> {
    let digits = name.strip_prefix(prefix)?;
    // Indices beyond what a message can carry are left in `extra`, so that a
    // forged `MediaUrl999999999` cannot make the list huge.
    const MAX_MEDIA: usize = 100;
    let leading_zero = digits.starts_with('0') && digits != "0";
    if leading_zero || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|index| *index < MAX_MEDIA)
}

impl FromForm for IncomingMessage {
    fn from_form(form: &Form) -> Self {
        let mut media: BTreeMap<usize, (Option<&str>, Option<&str>)> = BTreeMap::new();
        for (name, value) in form.pairs() {
            if let Some(index) = media_index(name, "MediaUrl") {
                media.entry(index).or_default().0.get_or_insert(value);
            } else if let Some(index) = media_index(name, "MediaContentType") {
                media.entry(index).or_default().1.get_or_insert(value);
            }
        }
        Self {
            account_sid: Field::read(form.get("AccountSid")),
            message_sid: Field::read(form.get("MessageSid")),
            from: Field::read(form.get("From")),
            to: Field::read(form.get("To")),
            body: Field::read(form.get("Body")),
            num_media: Field::read(form.get("NumMedia")),
            media: media
                .into_values()
                .map(|(url, content_type)| MessageMedia {
                    url: url.unwrap_or_default().to_owned(),
                    content_type: content_type.unwrap_or_default().to_owned(),
                })
                .collect(),
            extra: form.extra(|name| {
                Self::PARAMETERS.contains(&name)
                    || media_index(name, "MediaUrl").is_some()
                    || media_index(name, "MediaContentType").is_some()
            }),
        }
    }
}

webhook! {
    /// A message's status callback.
    pub struct MessageStatusCallback {
        /// The project (account).
        account_sid: AccountSid = "AccountSid",
        /// The message.
        message_sid: String = "MessageSid",
        /// The message's status.
        message_status: Option<MessageStatus> = "MessageStatus",
        /// The error, when the message failed.
        error_code: Option<i64> = "ErrorCode",
        /// The sender.
        from: String = "From",
        /// The recipient.
        to: String = "To",
        /// The text.
        body: String = "Body",
        /// How many files are attached.
        num_media: Option<u32> = "NumMedia",
        /// How many segments the text was sent in.
        num_segments: Option<u32> = "NumSegments",
    }
}

webhook! {
    /// A transcription's status callback (`transcribeCallback` of
    /// `<Record>`).
    pub struct TranscriptionStatusCallback {
        /// The transcription.
        transcription_sid: Option<TranscriptionSid> = "TranscriptionSid",
        /// The text transcribed.
        transcription_text: String = "TranscriptionText",
        /// Whether it was transcribed.
        transcription_status: Option<TranscriptionStatus> = "TranscriptionStatus",
        /// The transcription's URL.
        transcription_url: String = "TranscriptionUrl",
        /// The recording transcribed.
        recording_sid: Option<RecordingSid> = "RecordingSid",
        /// The recording's URL.
        recording_url: String = "RecordingUrl",
        /// The project (account).
        account_sid: AccountSid = "AccountSid",
        /// The call recorded.
        call_sid: Option<CallSid> = "CallSid",
    }
}

params! {
    /// The parameters of every fax request: what SignalWire knows of the
    /// fax.
    pub struct Fax {
        /// The project (account).
        account_sid: AccountSid = "AccountSid",
        /// The API version.
        api_version: String = "ApiVersion",
        /// The fax.
        fax_sid: String = "FaxSid",
        /// The number or SIP URI that sent the fax.
        from: String = "From",
        /// The number or SIP URI the fax is for.
        to: String = "To",
    }
}

webhook! {
    /// The request for a fax document: an incoming fax.
    pub struct FaxRequest on fax: Fax {
    }
}

webhook! {
    /// A fax's status callback, or the request to a `<Receive>`'s `action`.
    pub struct FaxStatusCallback on fax: Fax {
        /// The error, when the fax failed.
        error_code: Option<i64> = "ErrorCode",
        /// Why the fax failed.
        error_message: String = "ErrorMessage",
        /// The fax's status.
        fax_status: Option<FaxStatus> = "FaxStatus",
        /// The fax's media.
        media_sid: String = "MediaSid",
        /// The URL of the fax's media.
        media_url: String = "MediaUrl",
        /// How many pages were received.
        num_pages: Option<u32> = "NumPages",
        /// The URL given when the fax was sent.
        original_media_url: String = "OriginalMediaUrl",
        /// The sending machine's identification (TSID).
        remote_station_id: String = "RemoteStationId",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_plus_percent_and_keep_malformed_escapes() {
        let form = Form::parse(b"a=1+2&b=%3D%26%zz&c&=v&&d=%e2%82%ac").unwrap();
        assert_eq!(
            form.pairs(),
            [
                ("a".into(), "1 2".into()),
                ("b".into(), "=&%zz".into()),
                ("c".into(), String::new()),
                (String::new(), "v".into()),
                ("d".into(), "€".into()),
            ]
        );
        assert!(Form::parse(b"a=%ff").is_err());
        assert!(Form::parse(b"a=%").is_ok());
    }

    #[test]
    fn media_indices_are_bounded_digits() {
        assert_eq!(media_index("MediaUrl0", "MediaUrl"), Some(0));
        assert_eq!(media_index("MediaUrl99", "MediaUrl"), Some(99));
        assert_eq!(media_index("MediaUrl100", "MediaUrl"), None);
        assert_eq!(media_index("MediaUrl", "MediaUrl"), None);
        assert_eq!(media_index("MediaUrl+1", "MediaUrl"), None);
        assert_eq!(media_index("MediaUrl٣", "MediaUrl"), None);
        assert_eq!(media_index("MediaUrl10", "MediaUrl"), Some(10));
        for name in ["MediaUrl00", "MediaUrl01", "MediaUrl007", "MediaUrl1a"] {
            assert_eq!(media_index(name, "MediaUrl"), None, "{name}");
        }
    }
}
