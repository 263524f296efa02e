//! Create a Conference Stream, Update Conference Stream.

use super::{Incoming, Reply};
use crate::error::ApiError;
use crate::params::{HTTP, METHODS, WSS};
use crate::store::{now, Stream};

const TRACKS: &[&str] = &["inbound_track", "outbound_track", "both_tracks"];
const CODECS: &[&str] = &["PCMU", "PCMA", "L16", "L16@16000h", "L16@24000h"];

pub(crate) fn create(incoming: Incoming<'_>, conference_sid: &str) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    let name = params.string("Name")?;
    // Everything but the name is checked, then dropped: no audio flows.
    params.one_of("Track", TRACKS)?;
    params.one_of("StatusCallbackMethod", METHODS)?;
    params.url("StatusCallback", HTTP)?;
    params
        .url("Url", WSS)?
        .ok_or_else(|| ApiError::missing("Url"))?;
    params.one_of("StreamCodec", CODECS)?;
    params.boolean("StreamRealTime")?;
    params.string("AuthorizationBearerToken")?;
    let mut custom = params.take_where(is_custom_parameter);
    custom.sort();
    if let Some(pair) = custom.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        return Err(ApiError::repeated_parameter(&pair[0].0));
    }
    params.finish("Create a Conference Stream")?;

    let mut store = shared.store();
    let sid = store.new_sid();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    if conference.is_completed() {
        return Err(ApiError::conflict(format!(
            "Conference {conference_sid} is completed; a stream can no longer be started"
        )));
    }
    if let Some(name) = &name {
        let in_use = conference
            .streams
            .iter()
            .any(|stream| stream.status != "stopped" && stream.name.as_ref() == Some(name));
        if in_use {
            return Err(ApiError::conflict(format!(
                "A stream named '{name}' is already running in conference {conference_sid}"
            )));
        }
    }
    let stream = Stream {
        sid,
        name,
        status: "in-progress".into(),
        date_updated: now(),
    };
    let reply = stream.to_json(&shared.project_id, conference_sid);
    conference.streams.push(stream);
    Ok(Reply::Ok(reply))
}

/// Updates the stream whose sid, or else whose name, is `sid_or_name`: the
/// spec lets a stream be stopped by the name it was created with.
pub(crate) fn update(
    incoming: Incoming<'_>,
    conference_sid: &str,
    sid_or_name: &str,
) -> Result<Reply, ApiError> {
    let Incoming {
        shared,
        path,
        mut params,
    } = incoming;
    params
        .one_of("Status", &["stopped"])?
        .ok_or_else(|| ApiError::missing("Status"))?;
    params.finish("Update Conference Stream")?;

    let mut store = shared.store();
    let conference = store
        .conferences
        .get_mut(conference_sid)
        .ok_or_else(|| ApiError::not_found(path))?;
    let named = |stream: &Stream| stream.name.as_deref() == Some(sid_or_name);
    let index = conference
        .streams
        .iter()
        .position(|stream| stream.sid == sid_or_name)
        .or_else(|| {
            conference
                .streams
                .iter()
                .position(|stream| named(stream) && stream.status != "stopped")
        })
        .or_else(|| conference.streams.iter().position(named))
        .ok_or_else(|| ApiError::not_found(path))?;
    let stream = &mut conference.streams[index];
    if stream.status == "stopped" {
        return Err(ApiError::conflict(format!(
            "Stream {} is already stopped",
            stream.sid
        )));
    }
    stream.status = "stopped".into();
    stream.date_updated = now();
    Ok(Reply::Ok(
        stream.to_json(&shared.project_id, conference_sid),
    ))
}

/// `Parameter1.Name` … `Parameter99.Value`.
fn is_custom_parameter(name: &str) -> bool {
    let Some((number, field)) = name
        .strip_prefix("Parameter")
        .and_then(|rest| rest.split_once('.'))
    else {
        return false;
    };
    let number_ok = !number.starts_with('0')
        && number.bytes().all(|b| b.is_ascii_digit())
        && number.parse::<u8>().is_ok_and(|n| (1..=99).contains(&n));
    number_ok && matches!(field, "Name" | "Value")
}

#[cfg(test)]
mod tests {
    use super::is_custom_parameter;

    #[test]
    fn custom_parameters_are_numbered_1_to_99() {
        for name in ["Parameter1.Name", "Parameter1.Value", "Parameter99.Name"] {
            assert!(is_custom_parameter(name), "{name}");
        }
        for name in [
            "Parameter0.Name",
            "Parameter100.Name",
            "Parameter01.Name",
            "Parameter1.Other",
            "Parameter.Name",
            "Parameter1",
        ] {
            assert!(!is_custom_parameter(name), "{name}");
        }
    }
}
