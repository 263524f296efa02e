//! API tokens: the value is made at creation and shown then only; it
//! authenticates with its account's sid until the token is deleted.

use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::{Store, TOKEN_SECRET};

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let account = request.account().unwrap_or_default().to_owned();
    if let Some(subproject) = request.arguments.str("subproject_id") {
        if subproject == account || !store.reaches(&account, subproject) {
            return Err(ApiError::unknown_account("subproject_id", subproject));
        }
    }
    let mut token = defaults::new_entry(request, store);
    let value = store.new_secret("PT");
    token.set("token", value.as_str());
    let reply = defaults::insert(request, store, token.clone());
    // Kept where no response shows it: an update answers without it.
    token.fields.remove("token");
    token.set(TOKEN_SECRET, value);
    store.insert(request.collection(), token);
    Ok(reply)
}
