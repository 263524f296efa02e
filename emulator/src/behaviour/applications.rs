//! Applications: deleting one clears it from the numbers that point at it,
//! which then answer with their own URLs.

use serde_json::Value;

use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::Store;

pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let reply = defaults::delete(request, store)?;
    let mut numbers = request.collection();
    if let Some(last) = numbers.last_mut() {
        "IncomingPhoneNumbers".clone_into(last);
    }
    let now = store.now();
    for number in store.entries_mut(&numbers) {
        let mut changed = false;
        for field in ["voice_application_sid", "sms_application_sid"] {
            if number.is(field, request.id()) {
                number.set(field, Value::Null);
                changed = true;
            }
        }
        if changed {
            number.set("date_updated", crate::state::rfc2822(now));
        }
    }
    Ok(reply)
}
