//! A call's course on the emulator's clock, its hang-up and redirect, and
//! the recordings and streams it takes while in progress.
//!
//! A call placed at `t` is `queued`, rings at `t + 1 s`, is answered
//! (`in-progress`, `start_time`) at `t + 5 s` and hangs up (`completed`,
//! `end_time`, `duration`) after [`TALK_TIME`]. The test numbers end it
//! otherwise: [`BUSY`] is `busy` at `t + 3 s`, [`NO_ANSWER`] is `no-answer`
//! once it has rung for its `Timeout` (60 s when left out), [`FAILS`] is
//! `failed` at `t + 1 s`, never ringing.
//!
//! Answered, a call with a `Url` the emulator may request follows the LaML
//! found there ([`voice`]) instead of talking for [`TALK_TIME`]; a call
//! comes in to a number ([`incoming`]) and follows the number's
//! `VoiceUrl`. Each step sends the call's status callback, for the events
//! it asked for.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::voice::{self, Ask};
use super::{callbacks, end_media, parent, phone_numbers, streams, under};
use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::outbox::{Delivery, Then};
use crate::state::{rfc2822, Entry, Key, Store, ACCOUNTS};

/// Calls to this number end `busy`.
pub(crate) const BUSY: &str = "+15550100486";
/// Calls to this number end `no-answer`.
pub(crate) const NO_ANSWER: &str = "+15550100408";
/// Calls to this number end `failed`.
pub(crate) const FAILS: &str = "+15550100500";

const RINGING_AFTER: Duration = Duration::seconds(1);
const ANSWERED_AFTER: Duration = Duration::seconds(5);
const BUSY_AFTER: Duration = Duration::seconds(3);
/// How long an answered call lasts unless it is hung up.
pub(crate) const TALK_TIME: Duration = Duration::seconds(60);
const DEFAULT_TIMEOUT: i64 = 60;
/// Where the callbacks of a recording started at the answer go (no
/// response shows it).
const RECORDING_CALLBACK: &str = "recording_callback";

/// `["Accounts", account, "Calls"]`.
pub(crate) fn key(account: &str) -> Key {
    vec![ACCOUNTS.to_owned(), account.to_owned(), "Calls".to_owned()]
}

pub(crate) fn has_ended(call: &Entry) -> bool {
    matches!(
        call.str("status"),
        Some("completed" | "canceled" | "busy" | "failed" | "no-answer")
    )
}

fn status(call: &Entry) -> String {
    call.str("status").unwrap_or("queued").to_owned()
}

/// How a call placed with `Record=true` is recorded once answered.
#[derive(Clone)]
struct Recording {
    channels: &'static str,
    trim: String,
}

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let arguments = &request.arguments;
    let mut call = defaults::new_entry(request, store);
    let to = call.str("to").unwrap_or_default().to_owned();
    let from = call.str("from").unwrap_or_default().to_owned();
    call.set("status", "queued");
    call.set("direction", "outbound");
    set_parties(&mut call, &from, &to);
    // Kept, though no response shows them: the LaML the call runs.
    for (parameter, field) in [
        ("Url", "url"),
        ("Method", "method"),
        ("FallbackUrl", "fallback_url"),
        ("FallbackMethod", "fallback_method"),
    ] {
        if let Some(value) = arguments.str(parameter) {
            call.set(field, value);
        }
    }
    if call.str("url").is_none() {
        if let Some(application) = arguments.str("ApplicationSid") {
            let applications = [
                ACCOUNTS,
                request.account().unwrap_or_default(),
                "Applications",
            ]
            .map(str::to_owned);
            if let Some(application) = store.get(&applications, application) {
                for (from, to) in [
                    ("voice_url", "url"),
                    ("voice_method", "method"),
                    ("voice_fallback_url", "fallback_url"),
                    ("voice_fallback_method", "fallback_method"),
                ] {
                    if let Some(value) = application.str(from) {
                        call.set(to, value);
                    }
                }
            }
        }
    }
    callbacks::keep_asked(&mut call, arguments, "", &["completed"]);
    let recording = arguments
        .flag("Record")
        .unwrap_or(false)
        .then(|| Recording {
            channels: if arguments.str("RecordingChannels") == Some("dual") {
                "2"
            } else {
                "1"
            },
            trim: arguments.str("Trim").unwrap_or("trim-silence").to_owned(),
        });
    let timeout = arguments.integer("Timeout").unwrap_or(DEFAULT_TIMEOUT);
    // Where the recording's callbacks go, kept until the answer makes it.
    if let Some(callback) = callbacks::asked(arguments, "Recording", &["completed"]) {
        call.set(RECORDING_CALLBACK, callback);
    }
    let placed = store.now();
    let sid = call.id.clone();
    let reply = defaults::insert(request, store, call);
    callbacks::call_event(store, &request.collection(), &sid, "initiated");
    run_course(
        store,
        request.collection(),
        sid,
        &to,
        placed,
        timeout,
        recording,
    );
    Ok(reply)
}

/// Sets the timers that move call `sid`, placed at `placed`, to its end.
fn run_course(
    store: &mut Store,
    calls: Key,
    sid: String,
    to: &str,
    placed: OffsetDateTime,
    timeout: i64,
    recording: Option<Recording>,
) {
    let at = |after: Duration| placed + after;
    if to == FAILS {
        store.schedule(
            at(RINGING_AFTER),
            &sid,
            "fail",
            ends(&calls, &sid, "failed"),
        );
        return;
    }
    let (ring_calls, ring_sid) = (calls.clone(), sid.clone());
    store.schedule(at(RINGING_AFTER), &sid, "ring", move |store, moment| {
        if let Some(call) = store.get_mut(&ring_calls, &ring_sid) {
            if call.is("status", "queued") {
                call.set("status", "ringing");
                call.set("date_updated", rfc2822(moment));
                callbacks::call_event(store, &ring_calls, &ring_sid, "ringing");
            }
        }
    });
    match to {
        BUSY => store.schedule(at(BUSY_AFTER), &sid, "busy", ends(&calls, &sid, "busy")),
        NO_ANSWER => store.schedule(
            at(RINGING_AFTER + Duration::seconds(timeout)),
            &sid,
            "no answer",
            ends(&calls, &sid, "no-answer"),
        ),
        _ => {
            let (answer_calls, answer_sid) = (calls.clone(), sid.clone());
            store.schedule(at(ANSWERED_AFTER), &sid, "answer", move |store, moment| {
                answer(store, &answer_calls, &answer_sid, moment, recording);
            });
        }
    }
}

fn answer(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    moment: OffsetDateTime,
    recording: Option<Recording>,
) {
    let Some(call) = store.get_mut(calls, sid) else {
        return;
    };
    if !call.is("status", "ringing") {
        return;
    }
    call.set("status", "in-progress");
    call.set("start_time", rfc2822(moment));
    call.set("date_updated", rfc2822(moment));
    let document = call.str("url").map(str::to_owned);
    let method = call.str("method").unwrap_or("POST").to_owned();
    let fallback = fallback(call);
    let recording_callback = call.fields.get(RECORDING_CALLBACK).cloned();
    if let Some(recording) = recording {
        let mut entry = Entry {
            id: store.new_sid(),
            fields: Default::default(),
        };
        start_recording(&mut entry, recording.channels, "OutBoundApi", moment);
        entry.set("trim", recording.trim);
        if let Some(callback) = recording_callback {
            entry.set(callbacks::CALLBACK, callback);
        }
        let recording_sid = entry.id.clone();
        let recordings = under(calls, sid, "Recordings");
        store.insert(recordings.clone(), entry);
        callbacks::recording_event(store, &recordings, &recording_sid, "in-progress");
    }
    callbacks::call_event(store, calls, sid, "answered");
    match document {
        Some(url) if store.outbox().allows(&url) => {
            voice::request(
                store,
                calls,
                sid,
                Ask::new("voice", url, method).or(fallback),
            );
        }
        other => {
            // A document the emulator may not request is not run: the call
            // talks for `TALK_TIME`, and the log says why.
            if let Some(url) = other {
                refused(store, calls, sid, &url, &method);
            }
            store.schedule(
                moment + TALK_TIME,
                sid,
                "hang up",
                ends(&calls.to_vec(), sid, "completed"),
            );
        }
    }
}

/// Logs the request the emulator did not make, to a host it may not reach.
fn refused(store: &mut Store, calls: &[String], sid: &str, url: &str, method: &str) {
    let account = calls.get(1).cloned().unwrap_or_default();
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let params = voice::call_params(&account, call);
    store.outbox().send(Delivery {
        account,
        purpose: "voice",
        sid: sid.to_owned(),
        lane: sid.to_owned(),
        url: url.to_owned(),
        method: method.to_owned(),
        params,
        then: Then::Nothing,
    });
}

/// The call's fallback document, if it has one.
fn fallback(call: &Entry) -> Option<(String, String)> {
    let url = call.str("fallback_url").filter(|url| !url.is_empty())?;
    let method = call.str("fallback_method").unwrap_or("POST");
    Some((url.to_owned(), method.to_owned()))
}

/// Answers an incoming call, as its document does unless it rejects it.
pub(crate) fn answer_incoming(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    moment: OffsetDateTime,
) {
    if let Some(call) = store.get_mut(calls, sid) {
        call.set("status", "in-progress");
        call.set("start_time", rfc2822(moment));
        call.set("date_updated", rfc2822(moment));
        callbacks::call_event(store, calls, sid, "answered");
    }
}

/// A call from `from` to number `to` of any account: it rings, and the
/// number's `VoiceUrl` (or its voice application's) is asked what to do.
pub(crate) fn incoming(store: &mut Store, from: &str, to: &str) -> Result<String, SeedRefused> {
    let (account, handler) = phone_numbers::handler_of(store, to, "voice")?;
    let phone_numbers::Handler {
        number,
        url,
        method,
        fallback,
    } = handler;
    let now = store.now();
    let calls = key(&account);
    let mut call = Entry {
        id: store.new_sid(),
        fields: Default::default(),
    };
    call.set("date_created", rfc2822(now));
    call.set("date_updated", rfc2822(now));
    call.set("account_sid", account.as_str());
    call.set("api_version", "2010-04-01");
    set_parties(&mut call, from, to);
    call.set("phone_number_sid", number.id.as_str());
    call.set("direction", "inbound");
    call.set("status", "ringing");
    callbacks::keep(
        &mut call,
        number.str("status_callback").map(str::to_owned),
        number.str("status_callback_method"),
        &[],
        &["completed"],
    );
    let sid = call.id.clone();
    store.insert(calls.clone(), call);
    callbacks::call_event(store, &calls, &sid, "ringing");
    voice::request(
        store,
        &calls,
        &sid,
        Ask::new("voice", url, method).or(fallback),
    );
    Ok(sid)
}

/// The call's parties, as the API shows them (it does not format numbers),
/// and the currency of its price.
fn set_parties(call: &mut Entry, from: &str, to: &str) {
    for (field, value) in [
        ("from", from),
        ("formatted_from", from),
        ("from_formatted", from),
        ("to", to),
        ("formatted_to", to),
        ("to_formatted", to),
        ("price_unit", "USD"),
    ] {
        call.set(field, value);
    }
}

/// A timer's task that ends call `sid` as `status`, unless it has ended.
fn ends(calls: &Key, sid: &str, status: &'static str) -> impl FnOnce(&mut Store, OffsetDateTime) {
    let (calls, sid) = (calls.clone(), sid.to_owned());
    move |store, moment| end(store, &calls, &sid, status, moment)
}

/// Ends the call: its `end_time` and `duration` (from its answer), its
/// recordings completed and its streams stopped, its timers dropped, its
/// conference or queue left.
pub(crate) fn end(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    status: &str,
    moment: OffsetDateTime,
) {
    store.cancel(sid);
    voice::stop(store, sid);
    voice::hung_up(store, calls, sid, moment);
    let Some(call) = store.get_mut(calls, sid) else {
        return;
    };
    if has_ended(call) {
        return;
    }
    let duration = call
        .date("start_time")
        .map_or(0, |start| (moment - start).whole_seconds().max(0));
    call.set("status", status);
    call.set("end_time", rfc2822(moment));
    call.set("duration", duration);
    call.set("date_updated", rfc2822(moment));
    end_media(store, calls, sid, moment);
    callbacks::call_event(store, calls, sid, "completed");
}

/// Hangs up (`canceled` before the answer, `completed` after) or redirects
/// a call that has not ended.
pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let now = store.now();
    let sid = request.id().to_owned();
    let call = request.target(store)?;
    let current = status(call);
    if has_ended(call) {
        return Err(ApiError::conflict(format!(
            "Call {sid} has ended ({current}) and can no longer be updated"
        )));
    }
    let hang_up = request.arguments.str("Status");
    match hang_up {
        Some("canceled") if !matches!(current.as_str(), "queued" | "ringing") => {
            return Err(ApiError::conflict(format!(
                "Call {sid} is {current}: only a queued or ringing call can be canceled; \
                 complete it instead"
            )));
        }
        Some("completed") if current != "in-progress" => {
            return Err(ApiError::conflict(format!(
                "Call {sid} is {current}: only an answered call can be completed; cancel it instead"
            )));
        }
        _ => {}
    }
    let redirect = request
        .arguments
        .str("Url")
        .filter(|url| hang_up.is_none() && current == "in-progress" && store.outbox().allows(url))
        .map(|url| {
            let method = request.arguments.str("Method").unwrap_or("POST");
            (url.to_owned(), method.to_owned())
        });
    let call = request.target(store)?;
    // A redirect of a call not yet answered takes effect at its answer.
    for (parameter, field) in [
        ("Url", "url"),
        ("Method", "method"),
        ("FallbackUrl", "fallback_url"),
        ("FallbackMethod", "fallback_method"),
        ("StatusCallback", "status_callback"),
        ("StatusCallbackMethod", "status_callback_method"),
    ] {
        if let Some(value) = request.arguments.str(parameter) {
            call.set(field, value);
        }
    }
    if let Some(url) = request.arguments.str("StatusCallback") {
        let events: Vec<String> = call
            .fields
            .get(callbacks::CALLBACK)
            .and_then(|callback| callback["events"].as_array())
            .map(|events| {
                events
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let method = request.arguments.str("StatusCallbackMethod");
        callbacks::keep(call, Some(url.to_owned()), method, &events, &["completed"]);
    }
    call.set("date_updated", rfc2822(now));
    if let Some(status) = hang_up {
        end(store, &request.collection(), &sid, status, now);
    }
    if let Some((url, method)) = redirect {
        voice::redirect(store, &request.collection(), &sid, &url, &method);
    }
    Ok(request.render(request.target(store)?))
}

/// Only a call that has ended can be deleted, with its recordings and
/// streams.
pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let call = request.target(store)?;
    if !has_ended(call) {
        return Err(ApiError::conflict(format!(
            "Call {} is {}: only a call that has ended can be deleted",
            request.id(),
            status(call)
        )));
    }
    let deleted = defaults::delete(request, store)?;
    store.forget_transcript(request.id());
    Ok(deleted)
}

/// The collection of call `sid`, of whichever account has it.
pub(crate) fn locate(store: &Store, sid: &str) -> Result<Key, SeedRefused> {
    store
        .all_in_accounts("Calls")
        .into_iter()
        .find(|(_, call)| call.id == sid)
        .map(|(account, _)| key(account))
        .ok_or_else(|| SeedRefused::NotFound(format!("no call {sid}")))
}

/// The caller of call `sid`, of any account, hangs up: a call in progress
/// ends `completed`, one not answered yet `canceled`.
pub(crate) fn hang_up(store: &mut Store, sid: &str) -> Result<(), SeedRefused> {
    let calls = locate(store, sid)?;
    let call = store
        .get(&calls, sid)
        .ok_or_else(|| SeedRefused::NotFound(format!("no call {sid}")))?;
    if has_ended(call) {
        return Err(SeedRefused::Conflict(format!(
            "call {sid} has ended ({})",
            status(call)
        )));
    }
    let status = if call.is("status", "in-progress") {
        "completed"
    } else {
        "canceled"
    };
    store.hear(sid, serde_json::json!({"kind": "hangup", "by": "caller"}));
    let now = store.now();
    end(store, &calls, sid, status, now);
    Ok(())
}

/// 422 unless the call the request is nested under is in progress.
fn check_in_progress(request: &Request<'_>, store: &Store, what: &str) -> Result<(), ApiError> {
    request.check_parents(store)?;
    let (calls, call_sid) = parent(request);
    match store.get(&calls, &call_sid) {
        Some(call) if call.is("status", "in-progress") => Ok(()),
        call => Err(ApiError::conflict(format!(
            "Call {call_sid} is {}: only a call in progress can {what}",
            call.map(status).unwrap_or_default()
        ))),
    }
}

/// Starts recording a call in progress.
pub(crate) fn record(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    check_in_progress(request, store, "be recorded")?;
    let now = store.now();
    let mut recording = defaults::new_entry(request, store);
    let channels = if request.arguments.str("RecordingChannels") == Some("dual") {
        "2"
    } else {
        "1"
    };
    start_recording(&mut recording, channels, "StartCallRecordingApi", now);
    if recording.str("trim").is_none() {
        recording.set("trim", "do-not-trim");
    }
    callbacks::keep_asked(
        &mut recording,
        &request.arguments,
        "Recording",
        &["completed"],
    );
    let sid = recording.id.clone();
    let reply = defaults::insert(request, store, recording);
    callbacks::recording_event(store, &request.collection(), &sid, "in-progress");
    Ok(reply)
}

pub(crate) fn start_recording(
    recording: &mut Entry,
    channels: &str,
    source: &str,
    now: OffsetDateTime,
) {
    recording.set("status", "in-progress");
    recording.set("source", source);
    recording.set("channels", channels);
    recording.set("date_created", rfc2822(now));
    recording.set("date_updated", rfc2822(now));
    recording.set("start_time", rfc2822(now));
    recording.set("price_unit", "USD");
}

/// Starts a stream of a call in progress.
pub(crate) fn stream(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    check_in_progress(request, store, "be streamed")?;
    streams::start(request, store)
}
