//! List all active Participants, Retrieve, Update and Delete a Participant.

use super::{Incoming, Reply};
use crate::error::ApiError;
use crate::filters::Filters;
use crate::paging::Paging;
use crate::params::{HTTP, METHODS};
use crate::store::{conference_path, now, Participant};

pub(crate) fn list(incoming: Incoming<'_>, conference_sid: &str) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    let mut filters = Filters::default();
    let muted = params.boolean("Muted")?;
    if let Some(muted) = muted {
        filters.push("Muted", muted.to_string());
    }
    let hold = params.boolean("Hold")?;
    if let Some(hold) = hold {
        filters.push("Hold", hold.to_string());
    }
    let paging = Paging::take(&mut params)?;
    params.finish("List all active Participants")?;

    let account = shared.project_id.as_str();
    let store = shared.store();
    let conference = store
        .conferences
        .get(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let participants: Vec<&Participant> = conference
        .participants_in_order()
        .into_iter()
        .filter(|participant| {
            muted.is_none_or(|muted| participant.muted == muted)
                && hold.is_none_or(|hold| participant.hold == hold)
        })
        .collect();
    let path = format!("{}/Participants", conference_path(account, conference_sid));
    Ok(Reply::Ok(paging.render(
        "participants",
        &path,
        &filters,
        &participants,
        |participant| participant.to_json(account, conference_sid),
    )))
}

pub(crate) fn fetch(
    incoming: Incoming<'_>,
    conference_sid: &str,
    call_sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        params,
    } = incoming;
    params.finish("Retrieve a Participant")?;
    let store = shared.store();
    let participant = store
        .conferences
        .get(conference_sid)
        .and_then(|conference| {
            conference
                .participants
                .iter()
                .find(|p| p.call_sid == call_sid)
        })
        .ok_or_else(|| ApiError::not_found(path))?;
    Ok(Reply::Ok(
        participant.to_json(&shared.project_id, conference_sid),
    ))
}

pub(crate) fn update(
    incoming: Incoming<'_>,
    conference_sid: &str,
    call_sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    // The URLs and methods are checked, then dropped: the emulator places
    // no calls and plays no audio.
    params.url("AnnounceUrl", HTTP)?;
    params.one_of("AnnounceMethod", METHODS)?;
    let coaching = params.boolean("Coaching")?;
    let call_sid_to_coach = params.string("CallSidToCoach")?;
    let hold = params.boolean("Hold")?;
    params.one_of("HoldMethod", METHODS)?;
    params.url("HoldUrl", HTTP)?;
    let muted = params.boolean("Muted")?;
    params.url("WaitUrl", HTTP)?;
    params.one_of("WaitMethod", METHODS)?;
    params.finish("Update a Participant")?;

    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let completed = conference.is_completed();
    let index = conference
        .participants
        .iter()
        .position(|p| p.call_sid == call_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    if let Some(target) = &call_sid_to_coach {
        let in_conference = conference
            .participants
            .iter()
            .any(|p| p.call_sid == *target);
        if target == call_sid || !in_conference {
            return Err(ApiError::not_a_participant("CallSidToCoach", target));
        }
    }
    let participant = &mut conference.participants[index];
    let coaching = coaching.unwrap_or(participant.coaching);
    let coached = match (coaching, call_sid_to_coach) {
        (false, _) => None,
        (true, Some(target)) => Some(target),
        (true, None) => match &participant.call_sid_to_coach {
            Some(current) => Some(current.clone()),
            None => return Err(ApiError::missing("CallSidToCoach")),
        },
    };
    if completed || participant.status == "completed" {
        return Err(ApiError::conflict(format!(
            "Participant {call_sid} has left the conference and can no longer be updated"
        )));
    }

    let muted = muted.unwrap_or(participant.muted);
    let hold = hold.unwrap_or(participant.hold);
    let current = (
        participant.muted,
        participant.hold,
        participant.coaching,
        &participant.call_sid_to_coach,
    );
    if current != (muted, hold, coaching, &coached) {
        participant.muted = muted;
        participant.hold = hold;
        participant.coaching = coaching;
        participant.call_sid_to_coach = coached;
        participant.date_updated = now();
    }
    Ok(Reply::Ok(
        participant.to_json(&shared.project_id, conference_sid),
    ))
}

pub(crate) fn delete(
    incoming: Incoming<'_>,
    conference_sid: &str,
    call_sid: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        params,
    } = incoming;
    params.finish("Delete a Participant")?;
    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let index = conference
        .participants
        .iter()
        .position(|p| p.call_sid == call_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let participant = conference.participants.remove(index);
    if participant.end_conference_on_exit && !conference.is_completed() {
        conference.complete(now());
    }
    Ok(Reply::NoContent)
}
