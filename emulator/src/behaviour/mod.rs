//! Each resource's real behaviour, as hooks that replace the engine's
//! default for one operation: the conference family's state rules and
//! cascades, and what the API computes rather than stores.
//!
//! To give a resource behaviour, write a function with the [`Hook`]
//! signature in the resource's module here (a new module for a new
//! resource) and name it in [`hook`] under its operation id. Build on
//! [`crate::engine::defaults`] for the parts that stay default; validation,
//! routing and rendering are the engine's, from the facts table.

mod accounts;
mod applications;
mod callbacks;
pub(crate) mod calls;
pub(crate) mod conferences;
mod faxes;
pub(crate) mod laml_bins;
pub(crate) mod messages;
mod participants;
mod phone_numbers;
pub(crate) mod queues;
pub(crate) mod recordings;
mod segments;
mod streams;
mod tokens;
pub(crate) mod transcriptions;
pub(crate) mod voice;

use time::OffsetDateTime;

use crate::engine::{Hook, Request};
use crate::state::{rfc2822, Key, Store};

/// The hook that replaces operation `operation_id`'s default, if any.
pub(crate) fn hook(operation_id: &str) -> Option<Hook> {
    let hook: Hook = match operation_id {
        "create_subprojects" => accounts::create,
        "list_accounts" => accounts::list,
        "update_conference" => conferences::update,
        "update_participant" => participants::update,
        "delete_participant" => participants::delete,
        "update_conference_recording" => recordings::update,
        "create_conference_stream" => streams::create,
        "update_conference_stream" => streams::update,
        "list_available_phone_number_resources" => phone_numbers::countries,
        "search_local_available_phone_numbers" | "search_toll_free_available_phone_numbers" => {
            phone_numbers::search
        }
        "list_available_phone_number_resources_by_country" => phone_numbers::country,
        "create_imported_phone_number" => phone_numbers::import,
        "create_message" => messages::create,
        "update_message" => messages::update,
        "delete_message" => messages::delete,
        "send_fax" => faxes::create,
        "update_fax" => faxes::update,
        "delete_fax" => faxes::delete,
        "create_incoming_phone_number" => phone_numbers::buy,
        "update_incoming_phone_number" => phone_numbers::update,
        "delete_application" => applications::delete,
        "create_cxml_script" => laml_bins::create,
        "create_token" => tokens::create,
        "create_a_call" => calls::create,
        "update_a_call" => calls::update,
        "delete_a_call" => calls::delete,
        "create_recording" => calls::record,
        "update_recording" => recordings::update,
        "create_stream" => calls::stream,
        "update_stream" => streams::update,
        "list_recordings" => recordings::list_all,
        "retrieve_recording" => recordings::fetch_any,
        "delete_recording" => recordings::delete_any,
        "list_queues" => queues::list,
        "retrieve_queue" => queues::fetch,
        "update_queue" => queues::update,
        "delete_queue" => queues::delete,
        "list_all_queue_members" => queues::list_members,
        "retrieve_queue_member" => queues::fetch_member,
        "update_queue_member" => queues::dequeue,
        _ => return None,
    };
    Some(hook)
}

/// The collection `kind` nested under resource `id` of `collection`
/// (`Recordings` under a call).
fn under(collection: &[String], id: &str, kind: &str) -> Key {
    let mut key = collection.to_vec();
    key.extend([id.to_owned(), kind.to_owned()]);
    key
}

/// What ends with a call or a conference: its recordings still taking
/// audio are completed and its running streams stopped, at `moment`.
fn end_media(store: &mut Store, collection: &[String], id: &str, moment: OffsetDateTime) {
    let recordings = under(collection, id, "Recordings");
    let mut finished = Vec::new();
    for recording in store.entries_mut(&recordings) {
        if recordings::is_active(recording) {
            recordings::finish(recording, "completed", moment);
            finished.push(recording.id.clone());
        }
    }
    for sid in finished {
        callbacks::recording_event(store, &recordings, &sid, "completed");
    }
    for stream in store.entries_mut(&under(collection, id, "Streams")) {
        if !stream.is("status", "stopped") {
            stream.set("status", "stopped");
            stream.set("date_updated", rfc2822(moment));
        }
    }
}

/// The resource the request's collection is nested under: its collection
/// and id (a participant's conference).
fn parent(request: &Request<'_>) -> (Key, String) {
    let mut key = request.collection();
    key.pop();
    let id = key.pop().unwrap_or_default();
    (key, id)
}
