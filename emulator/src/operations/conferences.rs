//! List All Conferences, Retrieve a Conference, Update Conference.

use super::{Incoming, Reply};
use crate::error::ApiError;
use crate::filters::{DateFilter, Filters, DATE_CREATED, DATE_UPDATED};
use crate::paging::Paging;
use crate::params::{HTTP, METHODS};
use crate::store::{conferences_path, now, Conference};

/// `ConferenceStatus`.
pub(crate) const STATUSES: &[&str] = &["init", "in-progress", "completed"];

pub(crate) fn list(incoming: Incoming<'_>) -> Result<Reply, ApiError> {
    let Incoming {
        shared, mut params, ..
    } = incoming;
    let mut filters = Filters::default();
    let date_created = DateFilter::take(&mut params, DATE_CREATED, &mut filters)?;
    let date_updated = DateFilter::take(&mut params, DATE_UPDATED, &mut filters)?;
    let friendly_name = params.string_up_to("FriendlyName", 64)?;
    if let Some(friendly_name) = &friendly_name {
        filters.push("FriendlyName", friendly_name.as_str());
    }
    let status = params.one_of("Status", STATUSES)?;
    if let Some(status) = status {
        filters.push("Status", status);
    }
    let paging = Paging::take(&mut params)?;
    params.finish("List All Conferences")?;

    let account = shared.project_id.as_str();
    let store = shared.store();
    let conferences: Vec<&Conference> = store
        .conferences_in_order()
        .into_iter()
        .filter(|conference| {
            date_created.matches(conference.date_created)
                && date_updated.matches(conference.date_updated)
                && friendly_name
                    .as_ref()
                    .is_none_or(|name| conference.friendly_name == *name)
                && status.is_none_or(|status| conference.status == status)
        })
        .collect();
    Ok(Reply::Ok(paging.render(
        "conferences",
        &conferences_path(account),
        &filters,
        &conferences,
        |conference| conference.to_json(account),
    )))
}

pub(crate) fn fetch(incoming: Incoming<'_>, sid: &str) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        params,
    } = incoming;
    params.finish("Retrieve a Conference")?;
    let store = shared.store();
    let conference = store
        .conferences
        .get(sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    Ok(Reply::Ok(conference.to_json(&shared.project_id)))
}

pub(crate) fn update(incoming: Incoming<'_>, sid: &str) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    let status = params.one_of("Status", &["completed"])?;
    // Checked, then dropped: the emulator plays no announcements.
    params.url("AnnounceUrl", HTTP)?;
    params.one_of("AnnounceMethod", METHODS)?;
    params.finish("Update Conference")?;

    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    if conference.is_completed() {
        return Err(ApiError::conflict(format!(
            "Conference {sid} is completed and can no longer be updated"
        )));
    }
    if status.is_some() {
        conference.complete(now());
    }
    Ok(Reply::Ok(conference.to_json(&shared.project_id)))
}
