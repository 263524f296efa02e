pub use crate::recordings::{
    PauseBehavior, Recording, RecordingStatus, RecordingStatusEvent, RecordingUpdateStatus,
};

use crate::recordings::{RecordingChannels, RecordingTrack, RecordingTrim};
use crate::sid::{CallSid, RecordingSid};
use crate::{endpoint, CallbackMethod};

/// Starts recording a call in progress.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls/<CallSid>/Recordings",
    form,
    response = Recording,
    op = "create_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateCallRecording {
    /// The call's sid.
    pub call_sid: CallSid,
    /// Whether the recording has one channel or one per party.
    pub recording_channels: Option<RecordingChannels>,
    /// The URL told of the recording's state changes.
    pub recording_status_callback: Option<String>,
    /// The recording events told: `in-progress`, `completed` (the default),
    /// `absent`, sent as repeated keys as SignalWire's SDKs send them.
    pub recording_status_callback_event: Vec<RecordingStatusEvent>,
    /// Whether the request to `recording_status_callback` is a `GET` or a
    /// `POST`.
    pub recording_status_callback_method: Option<CallbackMethod>,
    /// Which audio the recording holds.
    pub recording_track: Option<RecordingTrack>,
    /// Whether silence at the start and end is trimmed.
    pub trim: Option<RecordingTrim>,
}

/// Pauses, resumes or stops a call recording.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Calls/<CallSid>/Recordings/<Sid>",
    form,
    response = Recording,
    op = "update_recording"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateCallRecording {
    /// The call's sid.
    pub call_sid: CallSid,
    /// The recording's sid.
    pub sid: RecordingSid,
    /// The state to put the recording in.
    pub status: RecordingUpdateStatus,
    /// What a pause leaves in the recording: silence when left out.
    pub pause_behavior: Option<PauseBehavior>,
}
