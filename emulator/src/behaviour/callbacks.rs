//! Status callbacks: what the emulator tells an app as a call, a message, a
//! recording or a conference moves on, with the parameters the cXML
//! reference lists for each, at the events the app asked for.
//!
//! Where to send them is kept with the resource (`callback`, which no
//! response shows): the URL, the method, the events and how many were sent.

use serde_json::{json, Value};

use super::{calls, voice};
use crate::engine::Arguments;
use crate::laml::{attribute, resolve};
use crate::outbox::{Delivery, Then};
use crate::state::{rfc2822, Entry, Store};

/// The field that holds where a resource's status callbacks go.
pub(crate) const CALLBACK: &str = "callback";

/// Keeps where `entry`'s status callbacks go: `url`, `method` (`POST` when
/// left out) and the `events` wanted (`default` when none are named).
/// Events are named one by one, or in one value separated by spaces or
/// commas, as LaML attributes write them.
pub(crate) fn keep(
    entry: &mut Entry,
    url: Option<String>,
    method: Option<&str>,
    events: &[String],
    default: &[&str],
) {
    if let Some(callback) = callback(url, method, events, default) {
        entry.set(CALLBACK, callback);
    }
}

/// Where status callbacks go, as [`keep`] keeps it; `None` without a URL.
fn callback(
    url: Option<String>,
    method: Option<&str>,
    events: &[String],
    default: &[&str],
) -> Option<Value> {
    let url = url.filter(|url| !url.is_empty())?;
    let mut named: Vec<String> = events
        .iter()
        .flat_map(|events| events.split([' ', ',']))
        .filter(|event| !event.is_empty())
        .map(str::to_owned)
        .collect();
    if named.is_empty() {
        named = default.iter().map(|event| (*event).to_owned()).collect();
    }
    Some(json!({
        "url": url,
        "method": method.unwrap_or("POST").to_uppercase(),
        "events": named,
        "sent": 0,
    }))
}

/// Where status callbacks go, as a request asked with
/// `{prefix}StatusCallback`, `{prefix}StatusCallbackMethod` and
/// `{prefix}StatusCallbackEvent` (`prefix` being `""` or `Recording`).
pub(crate) fn asked(arguments: &Arguments, prefix: &str, default: &[&str]) -> Option<Value> {
    let parameter = |name: &str| format!("{prefix}{name}");
    callback(
        arguments
            .str(&parameter("StatusCallback"))
            .map(str::to_owned),
        arguments.str(&parameter("StatusCallbackMethod")),
        &arguments.strings(&parameter("StatusCallbackEvent")),
        default,
    )
}

/// Keeps where `entry`'s status callbacks go, as [`asked`] reads them.
pub(crate) fn keep_asked(entry: &mut Entry, arguments: &Arguments, prefix: &str, default: &[&str]) {
    if let Some(callback) = asked(arguments, prefix, default) {
        entry.set(CALLBACK, callback);
    }
}

/// Sends `entry`'s status callback for `event`, if it asked for it (any
/// event when `event` is `None`), with `params` and its sequence number;
/// the entry must be the stored one, whose count goes up.
fn send(
    store: &mut Store,
    key: &[String],
    id: &str,
    event: Option<&str>,
    purpose: &'static str,
    params: Vec<(String, String)>,
) {
    let account = key.get(1).cloned().unwrap_or_default();
    let Some(entry) = store.get_mut(key, id) else {
        return;
    };
    let Some(mut callback) = entry.fields.get(CALLBACK).cloned() else {
        return;
    };
    let wanted = match event {
        None => true,
        Some(event) => callback["events"]
            .as_array()
            .is_some_and(|events| events.iter().any(|wanted| wanted == event)),
    };
    if !wanted {
        return;
    }
    let sent = callback["sent"].as_u64().unwrap_or(0);
    callback["sent"] = (sent + 1).into();
    entry.set(CALLBACK, callback.clone());
    let mut params = params;
    if purpose == "call-status" {
        params.push(("SequenceNumber".into(), sent.to_string()));
    }
    // A call recording's callbacks go in order with its call's requests.
    let lane = match key {
        [_, _, calls, call, _] if calls == "Calls" => call.clone(),
        _ => id.to_owned(),
    };
    store.outbox().send(Delivery {
        account,
        purpose,
        sid: id.to_owned(),
        lane,
        url: callback["url"].as_str().unwrap_or_default().to_owned(),
        method: callback["method"].as_str().unwrap_or("POST").to_owned(),
        params,
        then: Then::Nothing,
    });
}

/// A field as a parameter's value: `""` for `null`, numbers as written.
fn param(entry: &Entry, name: &str) -> String {
    match entry.fields.get(name) {
        Some(Value::String(value)) => value.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A call's status callback for `event` (`initiated`, `ringing`,
/// `answered`, `completed`).
///
/// An incoming call's callback (a number's `StatusCallback`) is sent only
/// once the call is `completed` or `failed`, as SignalWire's incoming call
/// status callback is.
pub(crate) fn call_event(store: &mut Store, calls: &[String], sid: &str, event: &str) {
    let account = calls.get(1).cloned().unwrap_or_default();
    let now = store.now();
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let inbound = call.is("direction", "inbound");
    if inbound
        && !(event == "completed" && matches!(call.str("status"), Some("completed" | "failed")))
    {
        return;
    }
    let mut params = voice::call_params(&account, call);
    params.push(("CallbackSource".into(), "call-progress-events".into()));
    params.push(("Timestamp".into(), rfc2822(now)));
    let answered_for = call
        .date("start_time")
        .map_or(0, |start| (now - start).whole_seconds().max(0));
    params.extend(audio_figures(answered_for));
    if event == "completed" {
        let duration = call
            .fields
            .get("duration")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        params.push(("CallDuration".into(), duration.to_string()));
    }
    send(store, calls, sid, Some(event), "call-status", params);
}

/// The media figures of a call's status callback, for a call answered
/// `seconds` ago: a clean line at SignalWire's 20 ms packet time, so 50
/// packets a second each way and nothing lost.
fn audio_figures(seconds: i64) -> Vec<(String, String)> {
    let packets = (seconds * 50).to_string();
    let zero = || "0".to_owned();
    vec![
        ("AudioInAveragePtime".into(), "20".into()),
        ("AudioInDtmfPacketCount".into(), zero()),
        ("AudioInFlushPacketCount".into(), zero()),
        ("AudioInJitterMaxVariance".into(), zero()),
        ("AudioInJitterMinVariance".into(), zero()),
        ("AudioInLargestJbSize".into(), zero()),
        ("AudioInMos".into(), "4.5".into()),
        ("AudioInMediaPacketCount".into(), packets.clone()),
        ("AudioInSkipPacketCount".into(), zero()),
        ("AudioOutDtmfPacketCount".into(), zero()),
        ("AudioOutMediaPacketCount".into(), packets),
    ]
}

/// Keeps where a recording's status callbacks go (`completed` when no
/// events are named).
pub(crate) fn keep_recording_callback(
    recording: &mut Entry,
    url: Option<String>,
    method: Option<&str>,
    events: Option<&str>,
) {
    let events: Vec<String> = events.map(str::to_owned).into_iter().collect();
    keep(recording, url, method, &events, &["completed"]);
}

/// Where a recording is fetched.
pub(crate) fn recording_url(store: &Store, account: &str, sid: &str) -> String {
    format!(
        "{}/api/laml/2010-04-01/Accounts/{account}/Recordings/{sid}",
        store.space_url()
    )
}

/// A recording's status callback for `event` (`in-progress`,
/// `completed`, `absent`), `recordings` being the collection under a call
/// or a conference.
pub(crate) fn recording_event(store: &mut Store, recordings: &[String], sid: &str, event: &str) {
    let account = recordings.get(1).cloned().unwrap_or_default();
    let url = recording_url(store, &account, sid);
    let Some(recording) = store.get(recordings, sid) else {
        return;
    };
    let field = |name: &str| param(recording, name);
    let owner = recordings.get(3).cloned().unwrap_or_default();
    let owner_field = if recordings.get(2).map(String::as_str) == Some("Calls") {
        "CallSid"
    } else {
        "ConferenceSid"
    };
    let mut params = vec![
        ("AccountSid".to_owned(), account),
        (owner_field.to_owned(), owner),
        ("RecordingSid".to_owned(), sid.to_owned()),
        ("RecordingUrl".to_owned(), url),
        ("RecordingStatus".to_owned(), event.to_owned()),
        ("RecordingChannels".to_owned(), field("channels")),
        ("RecordingStartTime".to_owned(), field("start_time")),
        ("RecordingSource".to_owned(), field("source")),
    ];
    // A recording under way has lasted nothing yet that it will keep.
    let duration = match event {
        "in-progress" => "0".to_owned(),
        _ => field("duration"),
    };
    params.push(("RecordingDuration".to_owned(), duration));
    send(
        store,
        recordings,
        sid,
        Some(event),
        "recording-status",
        params,
    );
}

/// The field of a recording that holds its `<Record>`'s
/// `transcribeCallback`.
pub(crate) const TRANSCRIBE_CALLBACK: &str = "transcribe_callback";

/// A transcription's status callback, to the `transcribeCallback` of the
/// `<Record>` that made `recording`, if it gave one; SignalWire requests it
/// with `POST`.
pub(crate) fn transcription_event(
    store: &mut Store,
    recordings: &[String],
    recording: &Entry,
    sid: &str,
    text: &str,
) {
    let Some(url) = recording.str(TRANSCRIBE_CALLBACK).map(str::to_owned) else {
        return;
    };
    let account = recordings.get(1).cloned().unwrap_or_default();
    let call = recording.str("call_sid").unwrap_or_default().to_owned();
    let recording_url = recording_url(store, &account, &recording.id);
    let transcription_url = format!(
        "{}/api/laml/2010-04-01/Accounts/{account}/Transcriptions/{sid}",
        store.space_url()
    );
    let params = vec![
        ("AccountSid".to_owned(), account.clone()),
        ("CallSid".to_owned(), call.clone()),
        ("TranscriptionSid".to_owned(), sid.to_owned()),
        ("TranscriptionText".to_owned(), text.to_owned()),
        ("TranscriptionStatus".to_owned(), "completed".to_owned()),
        ("TranscriptionUrl".to_owned(), transcription_url),
        ("RecordingSid".to_owned(), recording.id.clone()),
        ("RecordingUrl".to_owned(), recording_url),
    ];
    store.outbox().send(Delivery {
        account,
        purpose: "transcription-status",
        sid: sid.to_owned(),
        lane: call,
        url,
        method: "POST".to_owned(),
        params,
        then: Then::Nothing,
    });
}

/// Keeps where conference `sid`'s status callbacks go, from the
/// `<Conference>` of the first participant to give them.
pub(crate) fn keep_conference_callback(
    store: &mut Store,
    conferences: &[String],
    sid: &str,
    base: &str,
    noun: &Value,
) {
    let Some(conference) = store.get_mut(conferences, sid) else {
        return;
    };
    if conference.fields.contains_key(CALLBACK) {
        return;
    }
    let url = attribute(noun, "statusCallback").map(|url| resolve(base, url));
    let events: Vec<String> = attribute(noun, "statusCallbackEvent")
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|event| !event.is_empty())
        .map(|event| match event {
            "start" | "end" => format!("conference-{event}"),
            other => format!("participant-{other}"),
        })
        .collect();
    if events.is_empty() {
        return;
    }
    keep(
        conference,
        url,
        attribute(noun, "statusCallbackMethod"),
        &events,
        &[],
    );
}

/// A conference's status callback for `event` (`conference-start`,
/// `participant-join`…), about `participant` when one is concerned.
pub(crate) fn conference_event(
    store: &mut Store,
    conferences: &[String],
    sid: &str,
    participant: Option<&Entry>,
    event: &str,
) {
    let account = conferences.get(1).cloned().unwrap_or_default();
    let now = store.now();
    let Some(conference) = store.get(conferences, sid) else {
        return;
    };
    let lasted = conference
        .date("date_created")
        .map_or(0, |created| (now - created).whole_seconds().max(0));
    let wanted = match event {
        "participant-unmute" => "participant-mute",
        "participant-unhold" => "participant-hold",
        other => other,
    };
    let call =
        participant.and_then(|participant| store.get(&calls::key(&account), &participant.id));
    let mut params = match call {
        Some(call) => voice::call_params(&account, call),
        None => vec![("AccountSid".to_owned(), account.clone())],
    };
    params.extend([
        ("ConferenceSid".to_owned(), sid.to_owned()),
        (
            "FriendlyName".to_owned(),
            conference
                .str("friendly_name")
                .unwrap_or_default()
                .to_owned(),
        ),
        ("StatusCallbackEvent".to_owned(), event.to_owned()),
        ("EventName".to_owned(), event.to_owned()),
        ("Duration".to_owned(), lasted.to_string()),
        ("Timestamp".to_owned(), rfc2822(now)),
    ]);
    if let Some(participant) = participant {
        let flag = |name: &str| participant.flag(name).to_string();
        if call.is_none() {
            params.push(("CallSid".to_owned(), participant.id.clone()));
        }
        params.extend([
            ("Muted".to_owned(), flag("muted")),
            ("Hold".to_owned(), flag("hold")),
            (
                "EndConferenceOnExit".to_owned(),
                flag("end_conference_on_exit"),
            ),
            (
                "StartConferenceOnEnter".to_owned(),
                flag("start_conference_on_enter"),
            ),
        ]);
    }
    // The callback names the event, though it was asked for by its pair
    // (`mute` covers `participant-unmute`).
    let asked = store
        .get(conferences, sid)
        .and_then(|conference| conference.fields.get(CALLBACK))
        .and_then(|callback| callback["events"].as_array())
        .is_some_and(|events| events.iter().any(|asked| asked == wanted));
    if asked {
        send(store, conferences, sid, None, "conference-status", params);
    }
}

/// A message's status callback, now that it is `status`.
pub(crate) fn message_event(store: &mut Store, messages: &[String], sid: &str) {
    let account = messages.get(1).cloned().unwrap_or_default();
    let Some(message) = store.get(messages, sid) else {
        return;
    };
    let field = |name: &str| param(message, name);
    let status = field("status");
    let mut params = vec![
        ("AccountSid".to_owned(), account),
        ("ApiVersion".to_owned(), "2010-04-01".to_owned()),
        ("MessageSid".to_owned(), sid.to_owned()),
        ("SmsSid".to_owned(), sid.to_owned()),
        ("MessageStatus".to_owned(), status.clone()),
        ("SmsStatus".to_owned(), status),
        ("From".to_owned(), field("from")),
        ("To".to_owned(), field("to")),
        ("Body".to_owned(), field("body")),
        (
            "NumMedia".to_owned(),
            message.count("num_media").to_string(),
        ),
        (
            "NumSegments".to_owned(),
            message.count("num_segments").to_string(),
        ),
    ];
    let error = field("error_code");
    if !error.is_empty() {
        params.push(("ErrorCode".to_owned(), error));
    }
    send(store, messages, sid, None, "message-status", params);
}
