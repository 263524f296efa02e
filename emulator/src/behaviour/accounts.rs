//! Accounts: the project, and the subprojects created under it, each with
//! its own credentials; an account sees itself and the subprojects it owns.

use crate::engine::{defaults, resource, Reply, Request};
use crate::error::ApiError;
use crate::state::{Store, ACCOUNTS};

/// A subproject of the caller, with its own `auth_token` and `signing_key`.
pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let accounts = [ACCOUNTS.to_owned()];
    let caller_is_subproject = store
        .get(&accounts, &request.caller)
        .is_some_and(|account| account.flag("subproject"));
    if caller_is_subproject {
        return Err(ApiError::forbidden(
            "A subproject cannot create subprojects; authenticate as its project",
        ));
    }
    let mut account = defaults::new_entry(request, store);
    let auth_token = store.new_secret("PT");
    let signing_key = store.new_secret("PSK_");
    account.set("subproject", true);
    account.set("status", "active");
    account.set("type", "Full");
    account.set("region_preference", "us1");
    account.set("owner_account_sid", request.caller.as_str());
    account.set("auth_token", auth_token);
    account.set("signing_key", signing_key);
    Ok(defaults::insert(request, store, account))
}

/// The accounts the caller reaches: itself and the subprojects it owns.
pub(crate) fn list(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let Some((_, schema)) = request.operation.list_keys.first() else {
        return defaults::page(request, Vec::new());
    };
    let mut place = request.place.item("");
    let items = store
        .list(&[ACCOUNTS.to_owned()])
        .into_iter()
        .filter(|account| store.reaches(&request.caller, &account.id))
        .map(|account| {
            if let Some(id) = place.values.last_mut() {
                id.clone_from(&account.id);
            }
            resource(schema, account, &place)
        })
        .collect();
    defaults::page(request, items)
}
