//! What every recording shares, whether of a call or of a conference: its
//! states, what started it, and what a pause leaves in it.

use crate::wire_enum;

wire_enum! {
    /// The state of a recording.
    pub enum RecordingStatus {
        /// Waiting to start.
        Queued = "queued",
        /// Recording.
        InProgress = "in-progress",
        /// Paused.
        Paused = "paused",
        /// Recording again after a pause.
        Resumed = "resumed",
        /// Finished and stored.
        Completed = "completed",
        /// Never made: nothing was recorded.
        Absent = "absent",
        /// Stopped before the call or conference ended.
        Stopped = "stopped",
        ..Unknown
    }
}

wire_enum! {
    /// What started a recording.
    pub enum RecordingSource {
        /// A `<Dial>` with recording on.
        DialVerb = "DialVerb",
        /// The conference's own settings.
        Conference = "Conference",
        /// A call created through the API with recording on.
        OutBoundApi = "OutBoundApi",
        /// A SIP trunk's settings.
        Trunking = "Trunking",
        /// A `<Record>`.
        RecordVerb = "RecordVerb",
        /// A request to start recording a call.
        StartCallRecordingApi = "StartCallRecordingApi",
        /// A request to start recording a conference.
        StartConferenceRecording = "StartConferenceRecording",
        ..Unknown
    }
}

wire_enum! {
    /// The state a recording can be given.
    pub enum RecordingUpdateStatus {
        /// Pauses recording.
        Paused = "paused",
        /// Resumes recording.
        InProgress = "in-progress",
        /// Stops recording for good.
        Stopped = "stopped",
    }
}

wire_enum! {
    /// What a paused recording holds for the pause.
    pub enum PauseBehavior {
        /// Nothing: the pause is cut out.
        Skip = "skip",
        /// Silence as long as the pause.
        Silence = "silence",
    }
}
