//! Transcriptions belong to recordings: a test gives a finished recording
//! one ([`crate::Emulator::transcribe`]), and it leaves with its recording.
//! They are stored where the account-wide operations list them.

use super::{callbacks, recordings};
use crate::error::SeedRefused;
use crate::state::{rfc2822, Entry, Key, Store};

fn key(account: &str) -> Key {
    vec!["Accounts".into(), account.into(), "Transcriptions".into()]
}

/// Adds a completed transcription with `text` to recording
/// `recording_sid`, which must have stopped or completed.
pub(crate) fn transcribe(
    store: &mut Store,
    account: &str,
    recording_sid: &str,
    text: &str,
) -> Result<String, SeedRefused> {
    let (recordings, recording) = recordings::of_account(store, account)
        .into_iter()
        .find(|(_, recording)| recording.id == recording_sid)
        .ok_or_else(|| SeedRefused::NotFound(format!("no recording {recording_sid}")))?;
    if !matches!(recording.str("status"), Some("completed" | "stopped")) {
        return Err(SeedRefused::Conflict(format!(
            "recording {recording_sid} is {}: only a stopped or completed recording is \
             transcribed",
            recording.str("status").unwrap_or_default()
        )));
    }
    let now = store.now();
    let mut transcription = Entry {
        id: store.new_sid(),
        fields: Default::default(),
    };
    transcription.set("recording_sid", recording_sid);
    transcription.set("status", "completed");
    transcription.set("transcription_text", text);
    transcription.set("type", "fast");
    transcription.set("price_unit", "USD");
    if let Some(duration) = recording.fields.get("duration") {
        transcription.set("duration", duration.clone());
    }
    transcription.set("date_created", rfc2822(now));
    transcription.set("date_updated", rfc2822(now));
    let sid = transcription.id.clone();
    store.insert(key(account), transcription);
    callbacks::transcription_event(store, &recordings, &recording, &sid, text);
    Ok(sid)
}

/// Removes the transcriptions of recording `recording_sid`.
pub(crate) fn forget(store: &mut Store, account: &str, recording_sid: &str) {
    let key = key(account);
    let sids: Vec<String> = store
        .list(&key)
        .iter()
        .filter(|transcription| transcription.is("recording_sid", recording_sid))
        .map(|transcription| transcription.id.clone())
        .collect();
    for sid in sids {
        store.remove(&key, &sid);
    }
}
