//! Muting, holding and coaching a participant; kicking one, which ends the
//! conference when it has `end_conference_on_exit`.

use serde_json::Value;

use super::{callbacks, conferences, parent, voice};
use crate::engine::{Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Store};

pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let arguments = &request.arguments;
    let call_sid = request.id();
    let (conferences, conference_sid) = parent(request);
    request.target(store)?;
    let completed = store
        .get(&conferences, &conference_sid)
        .is_some_and(|conference| conference.is("status", "completed"));
    let to_coach = arguments.str("CallSidToCoach");
    if let Some(target) = to_coach {
        let in_conference = store.get(&request.collection(), target).is_some();
        if target == call_sid || !in_conference {
            return Err(ApiError::not_a_participant("CallSidToCoach", target));
        }
    }
    let now = store.now();
    let participant = request.target(store)?;
    let coaching = arguments
        .flag("Coaching")
        .unwrap_or(participant.flag("coaching"));
    let coached = match (coaching, to_coach) {
        (false, _) => Value::Null,
        (true, Some(target)) => target.into(),
        (true, None) => match participant.str("call_sid_to_coach") {
            Some(current) => current.into(),
            None => return Err(ApiError::missing("CallSidToCoach")),
        },
    };
    if completed || participant.is("status", "completed") {
        return Err(ApiError::conflict(format!(
            "Participant {call_sid} has left the conference and can no longer be updated"
        )));
    }
    // The URLs and methods are checked, then dropped: the emulator places
    // no calls and plays no audio.
    let muted = arguments.flag("Muted").unwrap_or(participant.flag("muted"));
    let hold = arguments.flag("Hold").unwrap_or(participant.flag("hold"));
    let before = participant.clone();
    participant.set("muted", muted);
    participant.set("hold", hold);
    participant.set("coaching", coaching);
    participant.set("call_sid_to_coach", coached);
    if *participant != before {
        participant.set("date_updated", rfc2822(now));
    }
    let (after, reply) = (participant.clone(), request.render(participant));
    for (field, on, off) in [
        ("muted", "participant-mute", "participant-unmute"),
        ("hold", "participant-hold", "participant-unhold"),
    ] {
        if after.flag(field) != before.flag(field) {
            let event = if after.flag(field) { on } else { off };
            callbacks::conference_event(store, &conferences, &conference_sid, Some(&after), event);
        }
    }
    Ok(reply)
}

/// Kicks the participant, which ends the conference when it was the last
/// or ends it on exit; a call following LaML goes on with its document.
pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    request.target(store)?;
    let (conferences, conference_sid) = parent(request);
    let account = conferences.get(1).cloned().unwrap_or_default();
    let now = store.now();
    conferences::leave(store, &account, &conference_sid, request.id());
    voice::left_conference(store, &account, request.id(), now);
    Ok(Reply::NoContent)
}
