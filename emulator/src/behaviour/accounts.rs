//! Subprojects: an account created under the project.

use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::Store;

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let mut account = defaults::new_entry(request, store);
    account.set("subproject", true);
    if let Some(project) = store.list(&request.collection()).first() {
        account.set("owner_account_sid", project.id.clone());
    }
    Ok(defaults::insert(request, store, account))
}
