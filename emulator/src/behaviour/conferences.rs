//! A conference ends once: completing it makes its participants leave,
//! completes its recordings and stops its streams. Calls join one through
//! `<Dial><Conference>` in the LaML they follow; it starts with the first
//! participant that starts it, and ends when the last leaves or one with
//! `endConferenceOnExit` does.

use serde_json::Value;
use time::OffsetDateTime;

use super::{callbacks, end_media, under, voice};
use crate::engine::{Reply, Request};
use crate::error::ApiError;
use crate::laml::{attribute, text};
use crate::state::{rfc2822, Entry, Key, Store};

/// `["Accounts", account, "Conferences"]`, and what follows.
pub(crate) fn key(account: &str, rest: &[&str]) -> Key {
    ["Accounts", account, "Conferences"]
        .iter()
        .chain(rest)
        .map(|segment| (*segment).to_owned())
        .collect()
}

pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    if request.target(store)?.is("status", "completed") {
        return Err(ApiError::conflict(format!(
            "Conference {} is completed and can no longer be updated",
            request.id()
        )));
    }
    // `AnnounceUrl` and `AnnounceMethod` are checked, then dropped: the
    // emulator plays no audio.
    if request.arguments.str("Status").is_some() {
        complete(store, &request.collection(), request.id());
    }
    Ok(request.render(request.target(store)?))
}

/// Ends conference `sid` of collection `conferences`: its participants
/// leave, and the calls among them go on with their documents.
pub(crate) fn complete(store: &mut Store, conferences: &[String], sid: &str) {
    let moment = store.now();
    if let Some(conference) = store.get_mut(conferences, sid) {
        conference.set("status", "completed");
        conference.set("date_updated", rfc2822(moment));
    }
    let participants = under(conferences, sid, "Participants");
    let left: Vec<Entry> = store.list(&participants).into_iter().cloned().collect();
    store.clear(&participants);
    end_media(store, conferences, sid, moment);
    let account = conferences.get(1).cloned().unwrap_or_default();
    for participant in &left {
        callbacks::conference_event(
            store,
            conferences,
            sid,
            Some(participant),
            "participant-leave",
        );
        voice::left_conference(store, &account, &participant.id, moment);
    }
    // SignalWire names the call of the last participant to leave.
    callbacks::conference_event(store, conferences, sid, left.last(), "conference-end");
}

/// Puts call `call_sid` of `account` in the conference `<Conference>`
/// names, and returns the conference's sid.
pub(crate) fn join(
    store: &mut Store,
    account: &str,
    call_sid: &str,
    base: &str,
    noun: &Value,
    moment: OffsetDateTime,
) -> String {
    let conferences = key(account, &[]);
    let name = text(noun).to_owned();
    let running = store
        .list(&conferences)
        .into_iter()
        .find(|conference| {
            conference.is("friendly_name", &name) && !conference.is("status", "completed")
        })
        .map(|conference| conference.id.clone());
    let sid = match running {
        Some(sid) => sid,
        None => {
            let mut conference = Entry {
                id: store.new_sid(),
                fields: Default::default(),
            };
            conference.set("friendly_name", name.as_str());
            conference.set("status", "init");
            conference.set("region", "us1");
            conference.set("date_created", rfc2822(moment));
            conference.set("date_updated", rfc2822(moment));
            let sid = conference.id.clone();
            store.insert(conferences.clone(), conference);
            sid
        }
    };
    let flag = |name: &str, default: bool| match attribute(noun, name) {
        Some(value) => value.eq_ignore_ascii_case("true"),
        None => default,
    };
    let starts = flag("startConferenceOnEnter", true);
    let mut participant = Entry {
        id: call_sid.to_owned(),
        fields: Default::default(),
    };
    participant.set("status", "in-progress");
    participant.set("muted", flag("muted", false));
    participant.set("hold", false);
    participant.set("coaching", false);
    participant.set("call_sid_to_coach", Value::Null);
    participant.set("end_conference_on_exit", flag("endConferenceOnExit", false));
    participant.set("start_conference_on_enter", starts);
    participant.set("date_created", rfc2822(moment));
    participant.set("date_updated", rfc2822(moment));
    callbacks::keep_conference_callback(store, &conferences, &sid, base, noun);
    store.insert(
        under(&conferences, &sid, "Participants"),
        participant.clone(),
    );
    // It starts once two are in and one of them starts it.
    let present = store.list(&under(&conferences, &sid, "Participants"));
    let started_by_one = present
        .iter()
        .any(|participant| participant.flag("start_conference_on_enter"));
    let starting = present.len() >= 2
        && started_by_one
        && store
            .get(&conferences, &sid)
            .is_some_and(|conference| conference.is("status", "init"));
    if starting {
        if let Some(conference) = store.get_mut(&conferences, &sid) {
            conference.set("status", "in-progress");
            conference.set("date_updated", rfc2822(moment));
        }
        callbacks::conference_event(
            store,
            &conferences,
            &sid,
            Some(&participant),
            "conference-start",
        );
    }
    callbacks::conference_event(
        store,
        &conferences,
        &sid,
        Some(&participant),
        "participant-join",
    );
    sid
}

/// Call `call_sid` left conference `sid` (it hung up, or was kicked): the
/// conference ends when it was the last, or it ends the conference on
/// exit.
pub(crate) fn leave(store: &mut Store, account: &str, sid: &str, call_sid: &str) {
    let conferences = key(account, &[]);
    let participants = under(&conferences, sid, "Participants");
    let Some(participant) = store.remove(&participants, call_sid) else {
        return;
    };
    callbacks::conference_event(
        store,
        &conferences,
        sid,
        Some(&participant),
        "participant-leave",
    );
    let live = store
        .get(&conferences, sid)
        .is_some_and(|conference| !conference.is("status", "completed"));
    let last = store.list(&participants).is_empty();
    if live && (last || participant.flag("end_conference_on_exit")) {
        complete(store, &conferences, sid);
    }
}
