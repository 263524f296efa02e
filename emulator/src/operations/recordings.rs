//! List Conference Recordings, Get, Update and Delete a Conference Recording.

use super::{Incoming, Reply};
use crate::error::ApiError;
use crate::filters::{DateFilter, Filters, DATE_CREATED};
use crate::paging::Paging;
use crate::store::{conference_path, now, Recording};

pub(crate) fn list(incoming: Incoming<'_>, conference_sid: &str) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    let mut filters = Filters::default();
    let date_created = DateFilter::take(&mut params, DATE_CREATED, &mut filters)?;
    let paging = Paging::take(&mut params)?;
    params.finish("List Conference Recordings")?;

    let account = shared.project_id.as_str();
    let store = shared.store();
    let conference = store
        .conferences
        .get(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let recordings: Vec<&Recording> = conference
        .recordings_in_order()
        .into_iter()
        .filter(|recording| date_created.matches(recording.date_created))
        .collect();
    let list_path = format!("{}/Recordings", conference_path(account, conference_sid));
    Ok(Reply::Ok(paging.render(
        "recordings",
        &list_path,
        &filters,
        &recordings,
        |recording| recording.to_json(account, conference_sid),
    )))
}

pub(crate) fn fetch(
    incoming: Incoming<'_>,
    conference_sid: &str,
    sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        params,
    } = incoming;
    params.finish("Get a Conference Recording")?;
    let store = shared.store();
    let recording = store
        .conferences
        .get(conference_sid)
        .and_then(|conference| conference.recordings.iter().find(|r| r.sid == sid))
        .ok_or_else(|| ApiError::not_found(path))?;
    Ok(Reply::Ok(
        recording.to_json(&shared.project_id, conference_sid),
    ))
}

pub(crate) fn update(
    incoming: Incoming<'_>,
    conference_sid: &str,
    sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    let status = params
        .one_of("Status", &["paused", "in-progress", "stopped"])?
        .ok_or_else(|| ApiError::missing("Status"))?;
    // Checked, then dropped: there is no audio to skip or fill with silence.
    params.one_of("PauseBehavior", &["skip", "silence"])?;
    params.finish("Update a Conference Recording")?;

    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let conference_completed = conference.is_completed();
    let recording = conference
        .recording_mut(sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    if conference_completed || !recording.is_active() {
        return Err(ApiError::conflict(format!(
            "Recording {sid} is {}; only a recording in progress or paused can be updated",
            recording.status
        )));
    }
    let now = now();
    if status == "stopped" {
        recording.finish(status, now);
    } else if recording.status != status {
        recording.status = status.into();
        recording.date_updated = now;
    }
    Ok(Reply::Ok(
        recording.to_json(&shared.project_id, conference_sid),
    ))
}

pub(crate) fn delete(
    incoming: Incoming<'_>,
    conference_sid: &str,
    sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        params,
    } = incoming;
    params.finish("Delete a Conference Recording")?;
    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let index = conference
        .recordings
        .iter()
        .position(|r| r.sid == sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    conference.recordings.remove(index);
    Ok(Reply::NoContent)
}
