//! A conference ends once: completing it makes its participants leave,
//! completes its recordings and stops its streams.

use super::{end_media, under};
use crate::engine::{Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Key, Store};

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

/// Ends conference `sid` of collection `conferences`.
pub(crate) fn complete(store: &mut Store, conferences: &[String], sid: &str) {
    let moment = store.now();
    if let Some(conference) = store.get_mut(conferences, sid) {
        conference.set("status", "completed");
        conference.set("date_updated", rfc2822(moment));
    }
    store.clear(&under(conferences, sid, "Participants"));
    end_media(store, conferences, sid, moment);
}
