//! The control surface under `/__emulator/`: what [`crate::Emulator`]'s
//! methods do, over HTTP, for SDKs in other languages.
//!
//! Control requests are authenticated like the API's, but never recorded
//! and never faulted, so a test can set up and inspect the emulator without
//! disturbing what it checks.

use std::time::Duration;

use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::OffsetDateTime;

use crate::behaviour;
use crate::behaviour::voice::Input;
use crate::clock::Pace;
use crate::engine;
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::fault::{Fault, FaultScope};
use crate::request_log::RecordedRequest;
use crate::seed::{ConferenceSeed, ParticipantSeed, RecordingSeed, SeedError};
use crate::state::{Shared, Store};
use crate::webhook;

const PREFIX: &str = "/__emulator";

/// The resources under a conference, as matched below once the sid is taken
/// out of the path.
const PARTICIPANTS: &str = "/conferences/{sid}/participants";
const RECORDINGS: &str = "/conferences/{sid}/recordings";
/// Input to a call, as matched once its sid is taken out of the path.
const INPUT: &str = "/calls/{sid}/input";
/// Waiting for the requests to apps to be made: answered in
/// [`crate::server`], as it waits.
pub(crate) const SETTLE: &str = "/__emulator/settle";

/// Waits until no request to an app is waiting or being made, for at most
/// `limit`; whether it got there.
pub(crate) async fn settle(shared: &Shared, limit: Duration) -> bool {
    let pending = shared.store().outbox().pending();
    let deadline = tokio::time::Instant::now() + limit;
    let mut looks = 0_u32;
    loop {
        // Taking the store runs the timers that are due, which may send.
        drop(shared.store());
        if pending.load(std::sync::atomic::Ordering::SeqCst) == 0 {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        // An app on loopback answers within the first few looks; a sleep of
        // even a millisecond would be most of a test's round trip.
        looks += 1;
        match settle_pause(looks) {
            None => tokio::task::yield_now().await,
            Some(pause) => tokio::time::sleep(pause).await,
        }
    }
}

/// How long `settle` waits before its `looks`th look: nothing (a yield to
/// the runtime's other tasks) for the first [`SETTLE_YIELDS`], then 1 ms,
/// doubling up to 5 ms.
fn settle_pause(looks: u32) -> Option<Duration> {
    let slept = looks.checked_sub(SETTLE_YIELDS)?;
    let millis = 1_u64 << slept.min(3);
    Some(Duration::from_millis(millis.min(5)))
}

/// How many times `settle` yields before it sleeps between looks.
const SETTLE_YIELDS: u32 = 64;

pub(crate) fn is_control(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Answers a control request that the server has authenticated.
pub(crate) fn respond(shared: &Shared, parts: &Parts, body: &[u8]) -> Result<Response, ApiError> {
    let path = parts.uri.path();
    let resource = path.strip_prefix(PREFIX).unwrap_or_default();
    let (resource, path_sid) = match under_conference(resource).or_else(|| under_call(resource)) {
        Some((pattern, sid)) => (pattern, sid),
        None => (resource, String::new()),
    };
    let allow = match resource {
        "/faults" => "GET, POST, DELETE",
        "/requests" => "GET, DELETE",
        "/conferences" | PARTICIPANTS | RECORDINGS => "POST",
        "/connections" => "GET",
        "/clock" => "GET, POST",
        "/webhooks" => "GET, DELETE",
        "/signing-key" => "GET",
        "/calls" | "/messages" | INPUT => "POST",
        _ => return Err(ApiError::not_found(path)),
    };
    let method = parts.method.as_str();
    let reply = match (resource, method) {
        ("/faults", "GET") => {
            let faults: Vec<Value> = shared
                .faults()
                .queued()
                .map(|(fault, scope)| fault_json(fault, scope))
                .collect();
            Json(StatusCode::OK, json!({ "faults": faults }))
        }
        ("/faults", "POST") => {
            let (fault, scope) = read_fault(&read_object(body)?)?;
            let echo = fault_json(&fault, &scope);
            shared.faults().push(fault, scope);
            Json(StatusCode::CREATED, echo)
        }
        ("/faults", "DELETE") => {
            shared.faults().clear();
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        ("/requests", "GET") => {
            let requests: Vec<Value> = shared.log().iter().map(request_json).collect();
            Json(StatusCode::OK, json!({ "requests": requests }))
        }
        ("/requests", "DELETE") => {
            shared.log().clear();
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        ("/conferences", "POST") => {
            let seed = read_conference(&read_object(body)?)?;
            let sid = seed.insert(shared).map_err(ApiError::invalid_control)?;
            let shown = engine::show(shared, "retrieve_conference", &[&sid]);
            Json(
                StatusCode::CREATED,
                shown.unwrap_or_else(|| json!({ "sid": sid })),
            )
        }
        (PARTICIPANTS, "POST") => {
            let seed = read_participant(&read_object(body)?)?;
            let call_sid = seed
                .insert(shared, &path_sid)
                .map_err(|error| seed_error(error, path))?;
            let shown = engine::show(shared, "retrieve_participant", &[&path_sid, &call_sid]);
            Json(
                StatusCode::CREATED,
                shown.unwrap_or_else(|| json!({ "call_sid": call_sid })),
            )
        }
        (RECORDINGS, "POST") => {
            let seed = read_recording(&read_object(body)?)?;
            let sid = seed
                .insert(shared, &path_sid)
                .map_err(|error| seed_error(error, path))?;
            let shown = engine::show(shared, "get_conference_recording", &[&path_sid, &sid]);
            Json(
                StatusCode::CREATED,
                shown.unwrap_or_else(|| json!({ "sid": sid })),
            )
        }
        ("/connections", "GET") => {
            let stats = *shared.connections();
            Json(
                StatusCode::OK,
                json!({
                    "accepted": stats.accepted,
                    "open": stats.open,
                    "peak_open": stats.peak_open,
                    "in_flight": stats.in_flight,
                    "peak_in_flight": stats.peak_in_flight,
                }),
            )
        }
        ("/webhooks", "GET") => {
            let webhooks: Vec<Value> = shared.webhooks().iter().map(webhook::to_json).collect();
            Json(StatusCode::OK, json!({ "webhooks": webhooks }))
        }
        ("/webhooks", "DELETE") => {
            shared.webhooks().clear();
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        ("/signing-key", "GET") => {
            let key = shared.store().outbox().signing_key().to_owned();
            Json(StatusCode::OK, json!({ "signing_key": key }))
        }
        ("/calls", "POST") => {
            let object = read_object(body)?;
            let mut members = Members::new(&object, "an incoming call");
            let from = required_string(&mut members, "from")?;
            let to = required_string(&mut members, "to")?;
            members.finish()?;
            let sid = behaviour::calls::incoming(&mut shared.store(), &from, &to)
                .map_err(|refused| refused_error(refused, path))?;
            let shown = engine::show(shared, "retrieve_a_call", &[&sid]);
            Json(
                StatusCode::CREATED,
                shown.unwrap_or_else(|| json!({ "sid": sid })),
            )
        }
        ("/messages", "POST") => {
            let object = read_object(body)?;
            let mut members = Members::new(&object, "an incoming message");
            let from = required_string(&mut members, "from")?;
            let to = required_string(&mut members, "to")?;
            let text = members.string("body")?.unwrap_or_default();
            let media = members.strings("media_urls")?;
            members.finish()?;
            let sid = behaviour::messages::incoming(&mut shared.store(), &from, &to, &text, &media)
                .map_err(|refused| refused_error(refused, path))?;
            let shown = engine::show(shared, "retrieve_message", &[&sid]);
            Json(
                StatusCode::CREATED,
                shown.unwrap_or_else(|| json!({ "sid": sid })),
            )
        }
        (INPUT, "POST") => {
            let object = read_object(body)?;
            let mut members = Members::new(&object, "a call's input");
            let digits = members.string("digits")?;
            let speech = members.string("speech")?;
            members.finish()?;
            let input = match (digits, speech) {
                (Some(digits), None) => Input::Digits(digits),
                (None, Some(speech)) => Input::Speech(speech),
                _ => {
                    return Err(ApiError::invalid_control(
                        "a call's input is \"digits\" or \"speech\", one of them",
                    ))
                }
            };
            behaviour::voice::input(&mut shared.store(), &path_sid, input)
                .map_err(|refused| refused_error(refused, path))?;
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
        ("/clock", "GET") => Json(StatusCode::OK, clock_json(shared)),
        ("/clock", "POST") => {
            ClockChange::read(&read_object(body)?)?.apply(&mut shared.store());
            Json(StatusCode::OK, clock_json(shared))
        }
        _ => return Err(ApiError::method_not_allowed(method, allow)),
    };
    Ok(reply.into_response())
}

/// `(PARTICIPANTS, sid)` for `/conferences/{sid}/participants`, and the
/// same for recordings, the sid percent-decoded as the API's are; `None`
/// for any other path.
fn under_conference(resource: &str) -> Option<(&'static str, String)> {
    let rest = resource.strip_prefix("/conferences/")?;
    let (sid, kind) = rest.split_once('/')?;
    let pattern = match kind {
        "participants" => PARTICIPANTS,
        "recordings" => RECORDINGS,
        _ => return None,
    };
    let sid = percent_decode_str(sid).decode_utf8().ok()?;
    (!sid.is_empty()).then(|| (pattern, sid.into_owned()))
}

/// `(INPUT, sid)` for `/calls/{sid}/input`, the sid percent-decoded.
fn under_call(resource: &str) -> Option<(&'static str, String)> {
    let sid = resource.strip_prefix("/calls/")?.strip_suffix("/input")?;
    let sid = percent_decode_str(sid).decode_utf8().ok()?;
    (!sid.is_empty() && !sid.contains('/')).then(|| (INPUT, sid.into_owned()))
}

pub(crate) fn required_string(
    members: &mut Members<'_>,
    name: &'static str,
) -> Result<String, ApiError> {
    members.required(name)?;
    members
        .string(name)?
        .ok_or_else(|| members.invalid(name, "a string"))
}

/// What the emulator refused to simulate: 404 for what does not exist,
/// 422 for a state that does not allow it.
fn refused_error(refused: SeedRefused, path: &str) -> ApiError {
    match refused {
        SeedRefused::NotFound(what) => ApiError::missing_resource(format!("{what} ({path})")),
        SeedRefused::Conflict(why) => ApiError::conflict(why),
    }
}

/// A seed that could not be added: 404 without its conference.
fn seed_error(error: SeedError, path: &str) -> ApiError {
    match error {
        SeedError::NoConference => ApiError::not_found(path),
        SeedError::Date(message) => ApiError::invalid_control(message),
    }
}

/// A control reply's status and JSON body.
struct Json(StatusCode, Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        (self.0, axum::Json(self.1)).into_response()
    }
}

pub(crate) fn read_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::invalid_control("the body must be a JSON object")),
        Err(error) => Err(ApiError::invalid_control(format!(
            "the body is not JSON: {error}"
        ))),
    }
}

/// The members of a JSON object, each taken once, so that the ones left
/// over can be reported as unknown.
pub(crate) struct Members<'a> {
    object: &'a Map<String, Value>,
    taken: Vec<&'static str>,
    what: &'static str,
}

impl<'a> Members<'a> {
    pub(crate) fn new(object: &'a Map<String, Value>, what: &'static str) -> Self {
        Members {
            object,
            taken: Vec::new(),
            what,
        }
    }

    /// The member, `None` when absent or `null`.
    fn optional(&mut self, name: &'static str) -> Option<&'a Value> {
        self.taken.push(name);
        self.object.get(name).filter(|value| !value.is_null())
    }

    fn required(&mut self, name: &'static str) -> Result<&'a Value, ApiError> {
        self.optional(name)
            .ok_or_else(|| ApiError::invalid_control(format!("{} needs \"{name}\"", self.what)))
    }

    pub(crate) fn string(&mut self, name: &'static str) -> Result<Option<String>, ApiError> {
        self.optional(name)
            .map(|value| {
                value
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.invalid(name, "a string"))
            })
            .transpose()
    }

    /// An array of strings, empty when absent.
    pub(crate) fn strings(&mut self, name: &'static str) -> Result<Vec<String>, ApiError> {
        let Some(value) = self.optional(name) else {
            return Ok(Vec::new());
        };
        value
            .as_array()
            .and_then(|values| {
                values
                    .iter()
                    .map(|value| value.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>()
            })
            .ok_or_else(|| self.invalid(name, "an array of strings"))
    }

    fn boolean(&mut self, name: &'static str) -> Result<Option<bool>, ApiError> {
        self.optional(name)
            .map(|value| {
                value
                    .as_bool()
                    .ok_or_else(|| self.invalid(name, "true or false"))
            })
            .transpose()
    }

    pub(crate) fn optional_integer(
        &mut self,
        name: &'static str,
        max: u64,
    ) -> Result<Option<u64>, ApiError> {
        self.optional(name)
            .map(|value| self.as_integer(name, value, max))
            .transpose()
    }

    fn integer(&mut self, name: &'static str, max: u64) -> Result<u64, ApiError> {
        let value = self.required(name)?;
        self.as_integer(name, value, max)
    }

    fn as_integer(&self, name: &str, value: &Value, max: u64) -> Result<u64, ApiError> {
        value
            .as_u64()
            .filter(|n| *n <= max)
            .ok_or_else(|| self.invalid(name, &format!("an integer from 0 to {max}")))
    }

    /// A date in RFC 3339 or RFC 2822.
    fn date(&mut self, name: &'static str) -> Result<Option<OffsetDateTime>, ApiError> {
        self.string(name)?
            .map(|text| {
                OffsetDateTime::parse(&text, &Rfc3339)
                    .or_else(|_| OffsetDateTime::parse(&text, &Rfc2822))
                    .map_err(|_| {
                        self.invalid(
                            name,
                            "an RFC 3339 or RFC 2822 date, such as 2021-08-18T19:21:34Z",
                        )
                    })
            })
            .transpose()
    }

    pub(crate) fn invalid(&self, name: &str, expected: &str) -> ApiError {
        ApiError::invalid_control(format!("\"{name}\" of {} must be {expected}", self.what))
    }

    /// `Err` when the object has a member nothing took.
    pub(crate) fn finish(self) -> Result<(), ApiError> {
        match self
            .object
            .keys()
            .find(|key| !self.taken.contains(&key.as_str()))
        {
            None => Ok(()),
            Some(unknown) => Err(ApiError::invalid_control(format!(
                "unknown member \"{unknown}\" of {}; it takes {}",
                self.what,
                self.taken.join(", ")
            ))),
        }
    }
}

const FAULT_NAMES: &str = "status, html, truncated_body, malformed_json, delay or drop_connection";

fn read_fault(object: &Map<String, Value>) -> Result<(Fault, FaultScope), ApiError> {
    let mut members = Members::new(object, "the fault");
    let name = members
        .optional("fault")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ApiError::invalid_control(format!("a fault needs \"fault\": one of {FAULT_NAMES}"))
        })?;
    let status = |members: &mut Members<'_>| {
        members
            .integer("status", u64::from(u16::MAX))
            .map(|status| status as u16)
    };
    let fault = match name {
        "status" => Fault::Status {
            status: status(&mut members)?,
            retry_after: match members.optional("retry_after") {
                None => None,
                Some(Value::String(text)) => Some(text.clone()),
                Some(Value::Number(seconds)) if seconds.is_u64() => Some(seconds.to_string()),
                Some(_) => {
                    return Err(members.invalid(
                        "retry_after",
                        "a string (seconds or an HTTP date) or a number of seconds",
                    ))
                }
            },
        },
        "html" => Fault::Html {
            status: status(&mut members)?,
        },
        "truncated_body" => Fault::TruncatedBody,
        "malformed_json" => Fault::MalformedJson,
        "delay" => Fault::Delay(Duration::from_millis(
            members.integer("delay_ms", 24 * 60 * 60 * 1000)?,
        )),
        "drop_connection" => Fault::DropConnection,
        other => {
            return Err(ApiError::invalid_control(format!(
                "unknown fault \"{other}\": use {FAULT_NAMES}"
            )))
        }
    };
    fault.check().map_err(ApiError::invalid_control)?;
    let scope = match members.required("scope")? {
        Value::Object(scope) => read_scope(scope)?,
        _ => return Err(members.invalid("scope", "an object")),
    };
    members.finish()?;
    Ok((fault, scope))
}

fn read_scope(object: &Map<String, Value>) -> Result<FaultScope, ApiError> {
    let mut members = Members::new(object, "the scope");
    let scope = if object.contains_key("next") {
        let n = members.integer("next", u64::from(u32::MAX))?;
        FaultScope::Next(n as u32)
    } else if object.contains_key("sid") {
        let sid = members
            .string("sid")?
            .filter(|sid| !sid.is_empty())
            .ok_or_else(|| members.invalid("sid", "a non-empty string"))?;
        FaultScope::Sid(sid)
    } else {
        return Err(ApiError::invalid_control(
            "the scope needs \"next\" (a number of requests) or \"sid\"",
        ));
    };
    members.finish()?;
    Ok(scope)
}

fn fault_json(fault: &Fault, scope: &FaultScope) -> Value {
    let mut json = match fault {
        Fault::Status {
            status,
            retry_after,
        } => json!({ "fault": "status", "status": status, "retry_after": retry_after }),
        Fault::Html { status } => json!({ "fault": "html", "status": status }),
        Fault::TruncatedBody => json!({ "fault": "truncated_body" }),
        Fault::MalformedJson => json!({ "fault": "malformed_json" }),
        Fault::Delay(duration) => json!({
            "fault": "delay",
            "delay_ms": u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        }),
        Fault::DropConnection => json!({ "fault": "drop_connection" }),
    };
    json["scope"] = match scope {
        FaultScope::Next(n) => json!({ "next": n }),
        FaultScope::Sid(sid) => json!({ "sid": sid }),
    };
    json
}

/// A century: far enough for any course of steps, near enough that the
/// clock stays within the dates RFC 2822 shows.
/// What a request asks of the clock, here and on the console: a pace, a
/// step forward, or both.
pub(crate) struct ClockChange {
    pace: Option<Pace>,
    advance: Option<u64>,
}

impl ClockChange {
    pub(crate) fn read(object: &Map<String, Value>) -> Result<ClockChange, ApiError> {
        let mut members = Members::new(object, "the clock");
        let pace = members
            .string("pace")?
            .map(|name| {
                Pace::from_name(&name).ok_or_else(|| {
                    members.invalid("pace", "\"real-time\", \"paused\" or \"immediate\"")
                })
            })
            .transpose()?;
        let advance = members.optional_integer("advance", MAX_ADVANCE_SECONDS)?;
        members.finish()?;
        Ok(ClockChange { pace, advance })
    }

    /// Sets the pace, moves the clock, runs the timers now due and tells
    /// the console.
    pub(crate) fn apply(self, store: &mut Store) {
        if let Some(pace) = self.pace {
            store.clock().set_pace(pace);
        }
        if let Some(seconds) = self.advance {
            let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
            store.clock().advance(time::Duration::seconds(seconds));
        }
        store.run_due();
        store.clock_moved();
    }
}

pub(crate) const MAX_ADVANCE_SECONDS: u64 = 100 * 366 * 24 * 60 * 60;

fn clock_json(shared: &Shared) -> Value {
    let mut store = shared.store();
    let rfc3339 = |moment: OffsetDateTime| moment.format(&Rfc3339).unwrap_or_default();
    let pace = store.clock().pace();
    let timers: Vec<Value> = store
        .timers()
        .into_iter()
        .map(|(at, owner, label)| json!({ "at": rfc3339(at), "sid": owner, "step": label }))
        .collect();
    json!({ "now": rfc3339(store.now()), "pace": pace.name(), "timers": timers })
}

/// A recorded request as its `Debug` shows it: what leaves the process
/// never carries credentials, the project's, a subproject's or a token's.
fn request_json(request: &RecordedRequest) -> Value {
    json!({
        "method": request.method,
        "uri": request.uri,
        "headers": request.redacted_headers(),
        "body": request.redacted_body(),
    })
}

fn read_conference(object: &Map<String, Value>) -> Result<ConferenceSeed, ApiError> {
    let mut members = Members::new(object, "a conference seed");
    let defaults = ConferenceSeed::default();
    let seed = ConferenceSeed {
        sid: members.string("sid")?,
        friendly_name: members
            .string("friendly_name")?
            .unwrap_or(defaults.friendly_name),
        status: members.string("status")?.unwrap_or(defaults.status),
        date_created: members.date("date_created")?,
        region: members.string("region")?,
    };
    members.finish()?;
    Ok(seed)
}

fn read_participant(object: &Map<String, Value>) -> Result<ParticipantSeed, ApiError> {
    let mut members = Members::new(object, "a participant seed");
    let defaults = ParticipantSeed::default();
    let seed = ParticipantSeed {
        call_sid: members.string("call_sid")?,
        status: members.string("status")?.unwrap_or(defaults.status),
        muted: members.boolean("muted")?.unwrap_or(defaults.muted),
        hold: members.boolean("hold")?.unwrap_or(defaults.hold),
        coaching: members.boolean("coaching")?.unwrap_or(defaults.coaching),
        call_sid_to_coach: members.string("call_sid_to_coach")?,
        end_conference_on_exit: members
            .boolean("end_conference_on_exit")?
            .unwrap_or(defaults.end_conference_on_exit),
        start_conference_on_enter: members
            .boolean("start_conference_on_enter")?
            .unwrap_or(defaults.start_conference_on_enter),
        date_created: members.date("date_created")?,
    };
    members.finish()?;
    Ok(seed)
}

fn read_recording(object: &Map<String, Value>) -> Result<RecordingSeed, ApiError> {
    let mut members = Members::new(object, "a recording seed");
    let defaults = RecordingSeed::default();
    let seed = RecordingSeed {
        sid: members.string("sid")?,
        status: members.string("status")?.unwrap_or(defaults.status),
        duration: members
            .optional_integer("duration", u64::from(u32::MAX))?
            .map_or(defaults.duration, |duration| duration as u32),
        channels: members
            .optional_integer("channels", u64::from(u8::MAX))?
            .map_or(defaults.channels, |channels| channels as u8),
        source: members.string("source")?.unwrap_or(defaults.source),
        price: members.string("price")?,
        date_created: members.date("date_created")?,
    };
    members.finish()?;
    Ok(seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(body: Value) -> Result<(Fault, FaultScope), String> {
        let Value::Object(object) = body else {
            unreachable!()
        };
        read_fault(&object).map_err(|error| error.message().to_owned())
    }

    #[test]
    fn settle_yields_before_it_sleeps_and_never_sleeps_more_than_five_milliseconds() {
        assert_eq!(settle_pause(1), None);
        assert_eq!(settle_pause(SETTLE_YIELDS - 1), None);
        let millis = |looks| settle_pause(looks).map(|pause| pause.as_millis());
        assert_eq!(millis(SETTLE_YIELDS), Some(1));
        assert_eq!(millis(SETTLE_YIELDS + 1), Some(2));
        assert_eq!(millis(SETTLE_YIELDS + 2), Some(4));
        assert_eq!(millis(SETTLE_YIELDS + 3), Some(5));
        assert_eq!(millis(u32::MAX), Some(5));
    }

    #[test]
    fn the_prefix_is_a_whole_segment() {
        assert!(is_control("/__emulator"));
        assert!(is_control("/__emulator/faults"));
        assert!(!is_control("/__emulatorfaults"));
        assert!(!is_control("/api/__emulator/faults"));
    }

    #[test]
    fn faults_read_back_as_written() {
        for body in [
            json!({"fault": "status", "status": 503, "retry_after": "1", "scope": {"next": 2}}),
            json!({"fault": "status", "status": 500, "retry_after": null, "scope": {"next": 1}}),
            json!({"fault": "html", "status": 502, "scope": {"sid": "CF1"}}),
            json!({"fault": "truncated_body", "scope": {"next": 1}}),
            json!({"fault": "malformed_json", "scope": {"next": 1}}),
            json!({"fault": "delay", "delay_ms": 250, "scope": {"next": 1}}),
            json!({"fault": "drop_connection", "scope": {"sid": "CF..."}}),
        ] {
            let (read, scope) = fault(body.clone()).unwrap();
            assert_eq!(fault_json(&read, &scope), body);
        }
    }

    #[test]
    fn a_number_of_seconds_is_a_retry_after() {
        let (read, _) = fault(
            json!({"fault": "status", "status": 429, "retry_after": 3, "scope": {"next": 1}}),
        )
        .unwrap();
        assert_eq!(
            read,
            Fault::Status {
                status: 429,
                retry_after: Some("3".into())
            }
        );
    }

    #[test]
    fn mistakes_are_explained() {
        for (body, expected) in [
            (json!({"scope": {"next": 1}}), "needs \"fault\""),
            (
                json!({"fault": "teapot", "scope": {"next": 1}}),
                "unknown fault",
            ),
            (
                json!({"fault": "status", "scope": {"next": 1}}),
                "needs \"status\"",
            ),
            (
                json!({"fault": "status", "status": 99, "scope": {"next": 1}}),
                "final",
            ),
            (
                json!({"fault": "html", "status": "502", "scope": {"next": 1}}),
                "integer",
            ),
            (json!({"fault": "drop_connection"}), "needs \"scope\""),
            (json!({"fault": "drop_connection", "scope": {}}), "\"next\""),
            (
                json!({"fault": "drop_connection", "scope": {"next": -1}}),
                "integer",
            ),
            (
                json!({"fault": "drop_connection", "scope": {"next": 1, "sid": "x"}}),
                "unknown member \"sid\"",
            ),
            (
                json!({"fault": "delay", "delay": 5, "delay_ms": 5, "scope": {"next": 1}}),
                "unknown member \"delay\"",
            ),
        ] {
            let error = fault(body.clone()).unwrap_err();
            assert!(error.contains(expected), "{body}: {error}");
        }
    }
}
