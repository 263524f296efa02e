//! A stream of a conference or a call starts `in-progress`, under a name no
//! running stream of the same conference or call has, and stops once, by
//! sid or by name.

use super::parent;
use crate::engine::{defaults, resource, Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Store};

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let (conferences, conference_sid) = parent(request);
    let completed = store
        .get(&conferences, &conference_sid)
        .is_some_and(|conference| conference.is("status", "completed"));
    if completed {
        return Err(ApiError::conflict(format!(
            "Conference {conference_sid} is completed; a stream can no longer be started"
        )));
    }
    start(request, store)
}

/// Starts a stream of the request's conference or call, whose state the
/// caller has checked.
pub(crate) fn start(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let (_, parent_sid) = parent(request);
    if let Some(name) = request.arguments.str("Name") {
        let in_use = store
            .list(&request.collection())
            .iter()
            .any(|stream| !stream.is("status", "stopped") && stream.is("name", name));
        if in_use {
            return Err(ApiError::conflict(format!(
                "A stream named '{name}' is already running on {parent_sid}"
            )));
        }
    }
    // Everything but the name is checked, then dropped: no audio flows.
    let mut stream = defaults::new_entry(request, store);
    stream.set("status", "in-progress");
    Ok(defaults::insert(request, store, stream))
}

/// Stops the stream whose sid, or else whose name, the path gives: the
/// spec lets a stream be stopped by the name it was created with.
pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let key = request.collection();
    let sid_or_name = request.id();
    let streams = store.list(&key);
    let named = |running: bool| {
        streams.iter().find(|stream| {
            stream.is("name", sid_or_name) && (!running || !stream.is("status", "stopped"))
        })
    };
    let sid = streams
        .iter()
        .find(|stream| stream.id == sid_or_name)
        .or_else(|| named(true))
        .or_else(|| named(false))
        .map(|stream| stream.id.clone())
        .ok_or_else(|| request.not_found())?;
    let now = store.now();
    let stream = store
        .get_mut(&key, &sid)
        .ok_or_else(|| request.not_found())?;
    if stream.is("status", "stopped") {
        return Err(ApiError::conflict(format!(
            "Stream {sid} is already stopped"
        )));
    }
    stream.set("status", "stopped");
    stream.set("date_updated", rfc2822(now));
    let mut place = request.place.clone();
    if let Some(last) = place.values.last_mut() {
        *last = sid;
    }
    let body = resource(request.schema(), stream, &place);
    Ok(request.reply(body))
}
