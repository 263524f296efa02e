//! LaML bins: a stored document, served as `text/xml` at its `request_url`
//! (`/laml-bins/{sid}` on the emulator), which counts the requests it
//! answers.

use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Store};

/// Where the emulator serves the bins' documents.
pub(crate) const SERVED_AT: &str = "/laml-bins/";

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let mut bin = defaults::new_entry(request, store);
    bin.set(
        "request_url",
        format!("{}{SERVED_AT}{}", store.space_url(), bin.id),
    );
    bin.set("num_requests", 0);
    if bin.str("contents").is_none() {
        bin.set("contents", "");
    }
    Ok(defaults::insert(request, store, bin))
}

/// The document of the bin `path` names, counted as one request; `None`
/// when no bin has that sid.
pub(crate) fn serve(store: &mut Store, path: &str) -> Option<String> {
    let sid = path.strip_prefix(SERVED_AT)?;
    let now = store.now();
    let bin = store.find_in_any_account("LamlBins", sid)?;
    let count = bin
        .fields
        .get("num_requests")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    bin.set("num_requests", count + 1);
    bin.set("date_last_accessed", rfc2822(now));
    Some(bin.str("contents").unwrap_or_default().to_owned())
}
