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
pub(crate) mod conferences;
mod faxes;
mod messages;
pub(crate) mod laml_bins;
mod participants;
mod phone_numbers;
pub(crate) mod recordings;
mod segments;
mod streams;
mod tokens;

use crate::engine::{Hook, Request};
use crate::state::Key;

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
        _ => return None,
    };
    Some(hook)
}

/// The resource the request's collection is nested under: its collection
/// and id (a participant's conference).
fn parent(request: &Request<'_>) -> (Key, String) {
    let mut key = request.collection();
    key.pop();
    let id = key.pop().unwrap_or_default();
    (key, id)
}
