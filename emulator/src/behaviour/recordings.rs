//! A conference recording pauses, resumes (`in-progress`) and stops once;
//! a stopped one gets its `end_time` and `duration`.

use time::OffsetDateTime;

use super::parent;
use crate::engine::{Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Entry, Store};

/// Still taking audio, so it can be paused, resumed or stopped.
pub(crate) fn is_active(recording: &Entry) -> bool {
    matches!(
        recording.str("status"),
        Some("queued" | "in-progress" | "paused" | "resumed")
    )
}

pub(crate) fn finish(recording: &mut Entry, status: &str, now: OffsetDateTime) {
    let duration = recording
        .date("date_created")
        .map_or(0, |created| (now - created).whole_seconds().max(0));
    recording.set("status", status);
    recording.set("date_updated", rfc2822(now));
    recording.set("end_time", rfc2822(now));
    recording.set("duration", duration);
}

pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    // `Status` is required, so the engine has checked it is given.
    let status = request.arguments.str("Status").unwrap_or_default();
    let (conferences, conference_sid) = parent(request);
    request.check_parents(store)?;
    let now = store.now();
    let conference_completed = store
        .get(&conferences, &conference_sid)
        .is_some_and(|conference| conference.is("status", "completed"));
    let recording = request.target(store)?;
    if conference_completed || !is_active(recording) {
        return Err(ApiError::conflict(format!(
            "Recording {} is {}; only a recording in progress or paused can be updated",
            request.id(),
            recording.str("status").unwrap_or_default()
        )));
    }
    // `PauseBehavior` is checked, then dropped: there is no audio to skip.
    if status == "stopped" {
        finish(recording, status, now);
    } else if !recording.is("status", status) {
        recording.set("status", status);
        recording.set("date_updated", rfc2822(now));
    }
    Ok(request.render(recording))
}
