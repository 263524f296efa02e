//! A recording of a conference or a call pauses, resumes (`in-progress`)
//! and stops once; a stopped one gets its `end_time` and `duration`. The
//! account-wide operations see the recordings of every call and conference.

use time::OffsetDateTime;

use super::{callbacks, parent};
use crate::engine::{defaults, resource, Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Entry, Key, Store};

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
    let stopped = status == "stopped";
    if stopped {
        finish(recording, status, now);
    } else if !recording.is("status", status) {
        recording.set("status", status);
        recording.set("date_updated", rfc2822(now));
    }
    let reply = request.render(recording);
    if stopped {
        callbacks::recording_event(store, &request.collection(), request.id(), "completed");
    }
    Ok(reply)
}

/// Every recording of `account`'s calls and conferences, ordered as lists
/// are, each with the call or conference it belongs to: their collections
/// are nested under their calls and conferences, so the account-wide
/// operations gather them.
pub(crate) fn of_account(store: &Store, account: &str) -> Vec<(Key, Entry)> {
    let mut found: Vec<(Key, Entry)> = store
        .find_all(|key| {
            matches!(key, [accounts, id, parent, _, recordings]
                if accounts == "Accounts" && id == account && recordings == "Recordings"
                    && matches!(parent.as_str(), "Calls" | "Conferences"))
        })
        .into_iter()
        .map(|(key, entry)| {
            let mut entry = entry.clone();
            let field = if key[2] == "Calls" {
                "call_sid"
            } else {
                "conference_sid"
            };
            if entry.str(field).is_none() {
                entry.set(field, key[3].clone());
            }
            (key.clone(), entry)
        })
        .collect();
    found.sort_by_cached_key(|(_, entry)| (entry.date("date_created"), entry.id.clone()));
    found
}

fn account(request: &Request<'_>) -> String {
    request.place.values.first().cloned().unwrap_or_default()
}

pub(crate) fn list_all(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let Some((_, schema)) = request.operation.list_keys.first() else {
        return defaults::page(request, Vec::new());
    };
    let items = of_account(store, &account(request))
        .iter()
        .map(|(_, entry)| resource(schema, entry, &request.place.item(&entry.id)))
        .collect();
    defaults::page(request, items)
}

pub(crate) fn fetch_any(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    of_account(store, &account(request))
        .into_iter()
        .find(|(_, entry)| entry.id == request.id())
        .map(|(_, entry)| request.render(&entry))
        .ok_or_else(|| request.not_found())
}

/// Deletes a recording of a call or a conference, and its transcriptions.
pub(crate) fn delete_any(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let account = account(request);
    let (key, _) = of_account(store, &account)
        .into_iter()
        .find(|(_, entry)| entry.id == request.id())
        .ok_or_else(|| request.not_found())?;
    store.remove(&key, request.id());
    super::transcriptions::forget(store, &account, request.id());
    Ok(Reply::NoContent)
}
