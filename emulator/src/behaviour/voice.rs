//! A call follows its app's LaML: the emulator requests the document, then
//! runs its verbs on the clock, asking the app again where a verb says so.
//!
//! A call's place in its document lives in the call's entry (`laml`, which
//! no response shows): the document's URL, the verbs left, what the call
//! waits for (digits for a `<Gather>`, the end of a `<Record>`, leaving a
//! conference or a queue) and the digits pressed ahead of a `<Gather>`.
//! Each document requested gets a new generation, so a document that comes
//! back after the call moved on (redirected, hung up) is not run.

use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};

use super::{callbacks, calls, conferences, queues, recordings, under};
use crate::error::SeedRefused;
use crate::laml::{attribute, nested, resolve, text, verb};
use crate::outbox::{Delivery, Then};
use crate::state::{rfc2822, Entry, Store};

/// The field that holds a call's place in its document.
const FLOW: &str = "laml";
/// How long `<Play>` plays a file, per loop: the emulator fetches no audio.
const PLAY_TIME: i64 = 5;
/// How long a caller speaks into a `<Record>`, at most its `maxLength`.
const SPOKEN_FOR: i64 = 5;
/// How many characters `<Say>` speaks a second.
const SPOKEN_CHARACTERS_PER_SECOND: usize = 15;

/// The verbs and nouns the emulator runs; any other is skipped, and said so.
fn unfollowed(element: &Value) -> Vec<String> {
    let name = verb(element);
    match name {
        "Say" | "Play" | "Pause" | "Redirect" | "Hangup" | "Reject" | "Record" => Vec::new(),
        "Gather" => nested(element)
            .iter()
            .filter(|inner| !matches!(verb(inner), "Say" | "Play" | "Pause"))
            .map(|inner| format!("<{}> in <Gather> is not followed; skipped", verb(inner)))
            .collect(),
        "Dial" => {
            let conference = nested(element)
                .iter()
                .any(|inner| verb(inner) == "Conference");
            if conference {
                Vec::new()
            } else {
                vec![format!(
                    "<Dial> is followed only to a <Conference>; <Dial>{}</Dial> skipped",
                    nested(element).first().map_or_else(
                        || text(element).to_owned(),
                        |inner| format!("<{}>", verb(inner))
                    )
                )]
            }
        }
        "Enqueue" => attribute(element, "waitUrl")
            .map(|url| vec![format!("<Enqueue waitUrl=\"{url}\"> is not requested")])
            .unwrap_or_default(),
        other => vec![format!(
            "<{other}> is not followed by the emulator; skipped"
        )],
    }
}

fn flow(call: &Entry) -> Map<String, Value> {
    call.fields
        .get(FLOW)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn account(calls: &[String]) -> String {
    calls.get(1).cloned().unwrap_or_default()
}

/// What SignalWire tells an app of a call with every request.
pub(crate) fn call_params(account: &str, call: &Entry) -> Vec<(String, String)> {
    let field = |name: &str| call.str(name).unwrap_or_default().to_owned();
    let direction = match call.str("direction") {
        Some("inbound") => "inbound",
        _ => "outbound-api",
    };
    vec![
        ("AccountSid".into(), account.to_owned()),
        ("ApiVersion".into(), "2010-04-01".into()),
        ("CallSid".into(), call.id.clone()),
        ("CallStatus".into(), field("status")),
        ("Direction".into(), direction.into()),
        ("From".into(), field("from")),
        ("To".into(), field("to")),
    ]
}

/// The owner of the timers of the verb a call runs, which a new document
/// drops while the call's own course (its answer) stays.
fn flow_owner(sid: &str) -> String {
    format!("{sid}/laml")
}

/// Runs `then` on call `sid` when the verb it runs ends, `at`.
fn after(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    (at, label): (OffsetDateTime, &'static str),
    then: fn(&mut Store, &[String], &str, OffsetDateTime),
) {
    let (calls, owner) = (calls.to_vec(), sid.to_owned());
    store.schedule(at, &flow_owner(sid), label, move |store, at| {
        then(store, &calls, &owner, at);
    });
}

/// Drops the timer of the verb call `sid` runs.
pub(crate) fn stop(store: &mut Store, sid: &str) {
    store.cancel(&flow_owner(sid));
}

fn method(element: &Value, name: &str) -> String {
    attribute(element, name).unwrap_or("POST").to_uppercase()
}

/// A document a call (or a message) asks its app for: why (the log's `purpose`), where,
/// how, with what besides the call's parameters, and where to turn if the
/// app fails.
pub(crate) struct Ask {
    pub(crate) purpose: &'static str,
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) extra: Vec<(String, String)>,
    pub(crate) fallback: Option<(String, String)>,
}

impl Ask {
    pub(crate) fn new(
        purpose: &'static str,
        url: impl Into<String>,
        method: impl Into<String>,
    ) -> Ask {
        Ask {
            purpose,
            url: url.into(),
            method: method.into(),
            extra: Vec::new(),
            fallback: None,
        }
    }

    /// Sends `extra` besides the call's parameters (`Digits`…).
    pub(crate) fn with(mut self, extra: Vec<(String, String)>) -> Ask {
        self.extra = extra;
        self
    }

    /// Turns to `fallback` (its URL and method) if the app fails.
    pub(crate) fn or(mut self, fallback: Option<(String, String)>) -> Ask {
        self.fallback = fallback;
        self
    }
}

/// Asks the app for the call's next document, dropping what the call was
/// doing: the verbs left and the timers of the one running.
pub(crate) fn request(store: &mut Store, calls: &[String], sid: &str, ask: Ask) {
    let Ask {
        purpose,
        url,
        method,
        extra,
        fallback,
    } = ask;
    stop(store, sid);
    let account = account(calls);
    let Some(call) = store.get_mut(calls, sid) else {
        return;
    };
    let mut state = flow(call);
    let generation = state.get("generation").and_then(Value::as_u64).unwrap_or(0) + 1;
    state.insert("generation".into(), generation.into());
    state.insert("verbs".into(), json!([]));
    state.remove("waiting");
    call.set(FLOW, state);
    let mut params = call_params(&account, call);
    params.extend(extra);
    store.outbox().send(Delivery {
        account,
        purpose,
        sid: sid.to_owned(),
        lane: sid.to_owned(),
        url,
        method,
        params,
        then: Then::Call {
            calls: calls.to_vec(),
            generation,
            fallback,
        },
    });
}

/// Runs the document the app answered for generation `generation` of the
/// call's documents, and says which of its verbs are skipped.
pub(crate) fn follow(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    generation: u64,
    url: &str,
    verbs: Vec<Value>,
) -> Vec<String> {
    let now = store.now();
    let Some(call) = store.get_mut(calls, sid) else {
        return vec![format!("call {sid} is gone; the document is not run")];
    };
    let mut state = flow(call);
    if state.get("generation").and_then(Value::as_u64) != Some(generation) || calls::has_ended(call)
    {
        return vec!["the call moved on before this document came; it is not run".into()];
    }
    let notes: Vec<String> = verbs.iter().flat_map(unfollowed).collect();
    for note in &notes {
        tracing::warn!(call = sid, "{note}");
    }
    if call.is("status", "ringing") {
        if let Some(reject) = verbs.first().filter(|first| verb(first) == "Reject") {
            let status = if attribute(reject, "reason") == Some("busy") {
                "busy"
            } else {
                "no-answer"
            };
            store.hear(sid, json!({"kind": "hangup", "by": "app"}));
            calls::end(store, calls, sid, status, now);
            return notes;
        }
        calls::answer_incoming(store, calls, sid, now);
    }
    let Some(call) = store.get_mut(calls, sid) else {
        return notes;
    };
    state.insert("url".into(), url.into());
    state.insert("verbs".into(), verbs.into());
    call.set(FLOW, state);
    step(store, calls, sid, now);
    notes
}

/// The app could not be asked (and there was no fallback, or it failed
/// too): the call fails.
pub(crate) fn fail(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    generation: u64,
    error: &str,
) -> Vec<String> {
    let now = store.now();
    let current = store.get(calls, sid).is_some_and(|call| {
        flow(call).get("generation").and_then(Value::as_u64) == Some(generation)
    });
    if !current {
        return Vec::new();
    }
    calls::end(store, calls, sid, "failed", now);
    vec![format!("the call failed: {error}")]
}

/// Runs the call's verbs from where it stands, up to one that takes time
/// or waits.
fn step(store: &mut Store, calls: &[String], sid: &str, moment: OffsetDateTime) {
    loop {
        let Some(call) = store.get_mut(calls, sid) else {
            return;
        };
        if !call.is("status", "in-progress") {
            return;
        }
        let mut state = flow(call);
        let base = state
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let next = match state.get_mut("verbs").and_then(Value::as_array_mut) {
            Some(verbs) if !verbs.is_empty() => verbs.remove(0),
            _ => {
                // A document that runs out hangs up.
                store.hear(sid, json!({"kind": "hangup", "by": "app"}));
                calls::end(store, calls, sid, "completed", moment);
                return;
            }
        };
        call.set(FLOW, state);
        if let Some(item) = heard(&next, &base) {
            store.hear(sid, item);
        }
        let takes = match verb(&next) {
            "Say" => say_time(&next),
            "Play" => play_time(&next),
            "Pause" => seconds(&next, "length", 1),
            "Hangup" | "Reject" => {
                calls::end(store, calls, sid, "completed", moment);
                return;
            }
            "Redirect" => {
                let url = resolve(&base, text(&next));
                let ask = Ask::new("redirect", url, method(&next, "method"));
                request(store, calls, sid, ask);
                return;
            }
            "Gather" => return gather(store, calls, sid, &base, &next, moment),
            "Record" => return record(store, calls, sid, &base, &next, moment),
            "Dial" => {
                if let Some(conference) = nested(&next)
                    .iter()
                    .find(|inner| verb(inner) == "Conference")
                {
                    return join(store, calls, sid, &base, &next, conference, moment);
                }
                0
            }
            "Enqueue" => {
                if enqueue(store, calls, sid, &base, &next, moment) {
                    return;
                }
                if let Some(action) = attribute(&next, "action") {
                    let extra = vec![
                        ("QueueResult".to_owned(), "queue-full".to_owned()),
                        ("QueueTime".to_owned(), "0".to_owned()),
                    ];
                    let ask = Ask::new(
                        "enqueue-action",
                        resolve(&base, action),
                        method(&next, "method"),
                    );
                    request(store, calls, sid, ask.with(extra));
                    return;
                }
                0
            }
            _ => 0,
        };
        if takes > 0 {
            let at = moment + Duration::seconds(takes);
            after(store, calls, sid, (at, "laml: next verb"), step);
            return;
        }
    }
}

/// What the caller hears of `element` (or learns of it: the call is
/// recorded, dialed on, queued, hung up), as a transcript item; `None` for
/// a verb with nothing to hear (`<Gather>` tells its own, `<Redirect>`).
fn heard(element: &Value, base: &str) -> Option<Value> {
    let item = match verb(element) {
        "Say" => json!({
            "kind": "say",
            "text": text(element),
            "voice": attribute(element, "voice").unwrap_or("man"),
            "language": attribute(element, "language").unwrap_or("en-US"),
        }),
        "Play" => json!({"kind": "play", "url": resolve(base, text(element))}),
        "Pause" => json!({"kind": "pause", "seconds": seconds(element, "length", 1)}),
        "Hangup" | "Reject" => json!({"kind": "hangup", "by": "app"}),
        "Record" => json!({"kind": "record"}),
        "Dial" => {
            let to = nested(element)
                .first()
                .map_or_else(|| text(element), |noun| text(noun));
            json!({"kind": "dial", "to": to})
        }
        "Enqueue" => json!({"kind": "enqueue", "queue": text(element)}),
        _ => return None,
    };
    Some(item)
}

fn seconds(element: &Value, name: &str, default: i64) -> i64 {
    attribute(element, name)
        .and_then(|value| value.trim().parse::<i64>().ok())
        .filter(|value| *value >= 0)
        .unwrap_or(default)
}

/// `loop="0"` repeats until something else happens; the emulator plays it
/// once.
fn loops(element: &Value) -> i64 {
    seconds(element, "loop", 1).max(1)
}

fn say_time(element: &Value) -> i64 {
    let characters = text(element).chars().count();
    let once = characters.div_ceil(SPOKEN_CHARACTERS_PER_SECOND).max(1);
    i64::try_from(once)
        .unwrap_or(i64::MAX)
        .saturating_mul(loops(element))
}

fn play_time(element: &Value) -> i64 {
    PLAY_TIME.saturating_mul(loops(element))
}

/// Plays the prompts nested in a `<Gather>`, then waits `timeout` seconds
/// for input; digits pressed ahead are taken at once.
fn gather(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    base: &str,
    element: &Value,
    moment: OffsetDateTime,
) {
    let prompt: i64 = nested(element)
        .iter()
        .map(|inner| match verb(inner) {
            "Say" => say_time(inner),
            "Play" => play_time(inner),
            "Pause" => seconds(inner, "length", 1),
            _ => 0,
        })
        .sum();
    for inner in nested(element) {
        if let Some(item) = heard(inner, base) {
            store.hear(sid, item);
        }
    }
    store.hear(
        sid,
        json!({
            "kind": "gather",
            "input": attribute(element, "input").unwrap_or("dtmf"),
            "timeout": seconds(element, "timeout", 5),
        }),
    );
    let waiting = json!({
        "for": "gather",
        "action": resolve(base, attribute(element, "action").unwrap_or(base)),
        "method": method(element, "method"),
        "num_digits": seconds(element, "numDigits", 0),
        "finish_on_key": attribute(element, "finishOnKey").unwrap_or("#"),
        "on_empty": attribute(element, "actionOnEmptyResult") == Some("true"),
    });
    let Some(call) = store.get_mut(calls, sid) else {
        return;
    };
    let mut state = flow(call);
    state.insert("waiting".into(), waiting);
    let ahead = state
        .remove("input")
        .and_then(|input| input.as_str().map(str::to_owned))
        .unwrap_or_default();
    call.set(FLOW, state);
    if !ahead.is_empty() {
        gathered(store, calls, sid, Input::Digits(ahead));
        return;
    }
    let wait = prompt + seconds(element, "timeout", 5);
    let at = moment + Duration::seconds(wait);
    after(
        store,
        calls,
        sid,
        (at, "laml: Gather timeout"),
        gather_timeout,
    );
}

/// Records what the call waits for: a `<Gather>`'s input, the end of a
/// `<Record>`, leaving a conference or a queue.
fn wait(store: &mut Store, calls: &[String], sid: &str, waiting: Value) {
    if let Some(call) = store.get_mut(calls, sid) {
        let mut state = flow(call);
        state.insert("waiting".into(), waiting);
        call.set(FLOW, state);
    }
}

fn waiting(call: &Entry) -> Value {
    flow(call).get("waiting").cloned().unwrap_or(Value::Null)
}

fn gather_timeout(store: &mut Store, calls: &[String], sid: &str, at: OffsetDateTime) {
    let Some(call) = store.get_mut(calls, sid) else {
        return;
    };
    let waiting = waiting(call);
    if waiting["for"] != "gather" {
        return;
    }
    if waiting["on_empty"] == true {
        let action = waiting["action"].as_str().unwrap_or_default().to_owned();
        let method = waiting["method"].as_str().unwrap_or("POST").to_owned();
        let extra = vec![("Digits".into(), String::new())];
        request(
            store,
            calls,
            sid,
            Ask::new("gather-action", action, method).with(extra),
        );
        return;
    }
    let mut state = flow(call);
    state.remove("waiting");
    call.set(FLOW, state);
    step(store, calls, sid, at);
}

/// What a caller gives a call: keys pressed, or words spoken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Input {
    Digits(String),
    Speech(String),
}

/// Takes `input` on call `sid`, of any account: it completes the `<Gather>` or ends the
/// `<Record>` the call waits on; digits pressed while no `<Gather>` waits
/// are kept for the next one.
pub(crate) fn input(store: &mut Store, sid: &str, input: Input) -> Result<(), SeedRefused> {
    let calls = calls::locate(store, sid)?;
    let call = store
        .get(&calls, sid)
        .ok_or_else(|| SeedRefused::NotFound(format!("no call {sid}")))?;
    if !call.is("status", "in-progress") {
        return Err(SeedRefused::Conflict(format!(
            "call {sid} is {}: only a call in progress takes input",
            call.str("status").unwrap_or("queued")
        )));
    }
    let waiting = waiting(call);
    match (&input, waiting["for"].as_str()) {
        (Input::Digits(digits), _) => store.hear(sid, json!({"kind": "pressed", "digits": digits})),
        (Input::Speech(speech), Some("gather")) => {
            store.hear(sid, json!({"kind": "spoke", "speech": speech}));
        }
        (Input::Speech(_), _) => {}
    }
    match (waiting["for"].as_str(), input) {
        (Some("gather"), input) => gathered(store, &calls, sid, input),
        (Some("record"), Input::Digits(digits)) => {
            let finish = waiting["finish_on_key"].as_str().unwrap_or_default();
            if let Some(key) = digits.chars().find(|key| finish.contains(*key)) {
                let now = store.now();
                recorded(store, &calls, sid, &key.to_string(), now);
            }
        }
        (_, Input::Digits(digits)) => {
            if let Some(call) = store.get_mut(&calls, sid) {
                let mut state = flow(call);
                let mut ahead = state
                    .get("input")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                ahead.push_str(&digits);
                state.insert("input".into(), ahead.into());
                call.set(FLOW, state);
            }
        }
        (_, Input::Speech(_)) => {
            return Err(SeedRefused::Conflict(format!(
                "call {sid} is not in a <Gather>: speech is heard only there"
            )))
        }
    }
    Ok(())
}

/// Completes the `<Gather>`: its `action` gets the input.
fn gathered(store: &mut Store, calls: &[String], sid: &str, input: Input) {
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let waiting = waiting(call);
    let extra = match input {
        Input::Digits(pressed) => {
            let finish = waiting["finish_on_key"].as_str().unwrap_or_default();
            let mut digits: String = match finish.chars().next() {
                Some(key) => pressed.split(key).next().unwrap_or_default().to_owned(),
                None => pressed,
            };
            if let Some(limit) = waiting["num_digits"].as_u64().filter(|limit| *limit > 0) {
                digits = digits
                    .chars()
                    .take(usize::try_from(limit).unwrap_or(usize::MAX))
                    .collect();
            }
            vec![("Digits".to_owned(), digits)]
        }
        Input::Speech(speech) => vec![
            ("SpeechResult".to_owned(), speech),
            ("Confidence".to_owned(), "0.9".to_owned()),
        ],
    };
    let action = waiting["action"].as_str().unwrap_or_default().to_owned();
    let method = waiting["method"].as_str().unwrap_or("POST").to_owned();
    request(
        store,
        calls,
        sid,
        Ask::new("gather-action", action, method).with(extra),
    );
}

/// Starts a recording of the caller, which ends after they speak for
/// [`SPOKEN_FOR`] seconds and stay silent for `timeout`, or on a
/// `finishOnKey` key.
fn record(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    base: &str,
    element: &Value,
    moment: OffsetDateTime,
) {
    let mut recording = Entry {
        id: store.new_sid(),
        fields: Map::new(),
    };
    calls::start_recording(&mut recording, "1", "RecordVerb", moment);
    recording.set("trim", attribute(element, "trim").unwrap_or("trim-silence"));
    if let Some(url) = attribute(element, "transcribeCallback") {
        recording.set(callbacks::TRANSCRIBE_CALLBACK, resolve(base, url));
    }
    callbacks::keep_recording_callback(
        &mut recording,
        attribute(element, "recordingStatusCallback").map(|url| resolve(base, url)),
        attribute(element, "recordingStatusCallbackMethod"),
        attribute(element, "recordingStatusCallbackEvent"),
    );
    let recording_sid = recording.id.clone();
    let recordings = under(calls, sid, "Recordings");
    store.insert(recordings.clone(), recording);
    callbacks::recording_event(store, &recordings, &recording_sid, "in-progress");
    let spoken = SPOKEN_FOR.min(seconds(element, "maxLength", 3600).max(1));
    let waiting = json!({
        "for": "record",
        "recording": recording_sid,
        "spoken": spoken,
        "action": resolve(base, attribute(element, "action").unwrap_or(base)),
        "method": method(element, "method"),
        "finish_on_key": attribute(element, "finishOnKey").unwrap_or("1234567890*#"),
        "started": rfc2822(moment),
    });
    wait(store, calls, sid, waiting);
    let ends = moment + Duration::seconds(spoken + seconds(element, "timeout", 5));
    after(
        store,
        calls,
        sid,
        (ends, "laml: Record ends"),
        |store, calls, sid, at| {
            recorded(store, calls, sid, "", at);
        },
    );
}

/// Ends the `<Record>`: the recording completes and its `action` gets it.
fn recorded(store: &mut Store, calls: &[String], sid: &str, digits: &str, at: OffsetDateTime) {
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let waiting = waiting(call);
    if waiting["for"] != "record" {
        return;
    }
    let recording_sid = waiting["recording"].as_str().unwrap_or_default().to_owned();
    let recordings = under(calls, sid, "Recordings");
    let Some(recording) = store.get_mut(&recordings, &recording_sid) else {
        return;
    };
    recordings::finish(recording, "completed", at);
    // `trim-silence` (the default) drops the silence that ended it.
    if !recording.is("trim", "do-not-trim") {
        let spoken = waiting["spoken"].as_i64().unwrap_or(SPOKEN_FOR);
        let lasted = recording
            .fields
            .get("duration")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        recording.set("duration", lasted.min(spoken));
    }
    let duration = recording
        .fields
        .get("duration")
        .map(|value| value.to_string().trim_matches('"').to_owned())
        .unwrap_or_default();
    callbacks::recording_event(store, &recordings, &recording_sid, "completed");
    let url = callbacks::recording_url(store, &account(calls), &recording_sid);
    let mut extra = vec![
        ("RecordingUrl".to_owned(), url),
        ("RecordingSid".to_owned(), recording_sid),
        ("RecordingDuration".to_owned(), duration),
    ];
    if !digits.is_empty() {
        extra.push(("Digits".to_owned(), digits.to_owned()));
    }
    let action = waiting["action"].as_str().unwrap_or_default().to_owned();
    let method = waiting["method"].as_str().unwrap_or("POST").to_owned();
    request(
        store,
        calls,
        sid,
        Ask::new("record-action", action, method).with(extra),
    );
}

/// Puts the call in the conference the `<Dial>` names, made if none of
/// that name is running.
fn join(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    base: &str,
    dial: &Value,
    noun: &Value,
    moment: OffsetDateTime,
) {
    let account = account(calls);
    let conference_sid = conferences::join(store, &account, sid, base, noun, moment);
    stay(
        store,
        calls,
        sid,
        ("conference", &conference_sid),
        dial,
        base,
        moment,
    );
}

/// Records that the call stays in `place` (`("queue", sid)`…) until it is
/// let go, when `element`'s `action` is asked.
fn stay(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    (kind, place): (&str, &str),
    element: &Value,
    base: &str,
    moment: OffsetDateTime,
) {
    let waiting = json!({
        "for": kind,
        kind: place,
        "action": attribute(element, "action").map(|url| resolve(base, url)),
        "method": method(element, "method"),
        "joined": rfc2822(moment),
    });
    wait(store, calls, sid, waiting);
}

/// The call left its conference (kicked, or the conference ended): its
/// `<Dial>`'s `action` is asked, or the document goes on.
pub(crate) fn left_conference(store: &mut Store, account: &str, sid: &str, moment: OffsetDateTime) {
    let calls = calls::key(account);
    let Some(call) = store.get_mut(&calls, sid) else {
        return;
    };
    let waiting = waiting(call);
    if waiting["for"] != "conference" {
        return;
    }
    let mut state = flow(call);
    state.remove("waiting");
    call.set(FLOW, state);
    match waiting["action"].as_str() {
        Some(action) => {
            let joined = waiting["joined"]
                .as_str()
                .and_then(|date| {
                    OffsetDateTime::parse(date, &time::format_description::well_known::Rfc2822).ok()
                })
                .unwrap_or(moment);
            let extra = vec![
                ("DialCallStatus".to_owned(), "completed".to_owned()),
                (
                    "DialCallDuration".to_owned(),
                    (moment - joined).whole_seconds().max(0).to_string(),
                ),
            ];
            let method = waiting["method"].as_str().unwrap_or("POST").to_owned();
            let ask = Ask::new("dial-action", action, method).with(extra);
            request(store, &calls, sid, ask);
        }
        None => step(store, &calls, sid, moment),
    }
}

/// Puts the call in the queue the `<Enqueue>` names, made if there is
/// none; false when the queue is full, so the document goes on.
fn enqueue(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    base: &str,
    element: &Value,
    moment: OffsetDateTime,
) -> bool {
    let account = account(calls);
    let name = text(element).to_owned();
    let queue_sid = queues::named(store, &account, &name);
    if queues::enqueue(store, &account, &queue_sid, Some(sid.to_owned())).is_err() {
        return false;
    }
    stay(
        store,
        calls,
        sid,
        ("queue", &queue_sid),
        element,
        base,
        moment,
    );
    true
}

/// A call dequeued with a `Url` (Update a Queue Member): it follows that
/// document.
pub(crate) fn dequeued(store: &mut Store, account: &str, sid: &str, url: &str, method: &str) {
    let calls = calls::key(account);
    let Some(waiting) = store.get(&calls, sid).map(waiting) else {
        return;
    };
    if waiting["for"] == "queue" {
        let now = store.now();
        left_queue(store, &calls, sid, &waiting, "redirected", now);
        request(store, &calls, sid, Ask::new("voice", url, method));
    }
}

/// Tells the `<Enqueue>`'s `action`, if it has one, that the call left
/// its queue as `result` (`hangup`, `redirected`) after waiting since it
/// joined. The call has ended or goes where it was sent, so the reply is
/// not followed.
fn left_queue(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    waiting: &Value,
    result: &str,
    moment: OffsetDateTime,
) {
    let Some(action) = waiting["action"].as_str() else {
        return;
    };
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let joined = waiting["joined"]
        .as_str()
        .and_then(|date| {
            OffsetDateTime::parse(date, &time::format_description::well_known::Rfc2822).ok()
        })
        .unwrap_or(moment);
    let account = account(calls);
    let mut params = call_params(&account, call);
    params.extend([
        ("QueueResult".to_owned(), result.to_owned()),
        (
            "QueueSid".to_owned(),
            waiting["queue"].as_str().unwrap_or_default().to_owned(),
        ),
        (
            "QueueTime".to_owned(),
            (moment - joined).whole_seconds().max(0).to_string(),
        ),
    ]);
    store.outbox().send(Delivery {
        account,
        purpose: "enqueue-action",
        sid: sid.to_owned(),
        lane: sid.to_owned(),
        url: action.to_owned(),
        method: waiting["method"].as_str().unwrap_or("POST").to_owned(),
        params,
        then: Then::Nothing,
    });
}

/// What a call was part of when it ended: it leaves its conference or
/// queue.
pub(crate) fn hung_up(store: &mut Store, calls: &[String], sid: &str, moment: OffsetDateTime) {
    left(store, calls, sid, moment, "hangup");
}

/// The call leaves what it was part of, hung up or redirected
/// (`queue_result`, as its `<Enqueue>`'s `action` hears it).
fn left(
    store: &mut Store,
    calls: &[String],
    sid: &str,
    moment: OffsetDateTime,
    queue_result: &str,
) {
    let Some(call) = store.get(calls, sid) else {
        return;
    };
    let waiting = waiting(call);
    let account = account(calls);
    match waiting["for"].as_str() {
        Some("conference") => {
            let conference = waiting["conference"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            conferences::leave(store, &account, &conference, sid);
        }
        Some("queue") => {
            let queue = waiting["queue"].as_str().unwrap_or_default().to_owned();
            queues::leave(store, &account, &queue, sid);
            left_queue(store, calls, sid, &waiting, queue_result, moment);
        }
        Some("record") => {
            let recordings = under(calls, sid, "Recordings");
            let recording = waiting["recording"].as_str().unwrap_or_default().to_owned();
            if let Some(entry) = store.get_mut(&recordings, &recording) {
                if recordings::is_active(entry) {
                    recordings::finish(entry, "completed", moment);
                    callbacks::recording_event(store, &recordings, &recording, "completed");
                }
            }
        }
        _ => {}
    }
}

/// Redirects a call in progress (Update a Call with `Url`) to a new
/// document.
pub(crate) fn redirect(store: &mut Store, calls: &[String], sid: &str, url: &str, method: &str) {
    let now = store.now();
    left(store, calls, sid, now, "redirected");
    request(store, calls, sid, Ask::new("voice", url, method));
}
