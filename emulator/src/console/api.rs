//! The console's page, its assets and its JSON API.

use std::cmp::Reverse;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event as Sse, KeepAlive};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::sync::broadcast::error::RecvError;

use super::Console;
use crate::behaviour;
use crate::behaviour::voice::Input;
use crate::control::{self, ClockChange, Members};
use crate::engine;
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::events::{Event, Kinds};
use crate::state::{Entry, Shared, Store, ACCOUNTS};
use crate::webhook::{self, ReplayRefused};

const INDEX_HTML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/console/index.html"));
const CONSOLE_JS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/console/console.js"));
const CONSOLE_CSS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/console/console.css"));

/// How often an idle event stream says it is still there.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long `POST /api/settle` waits at most, as the control surface does.
const SETTLE_LIMIT: Duration = Duration::from_secs(30);

/// A refusal: its status and `{"message"}`.
#[derive(Debug)]
pub(super) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }

    /// A body the control surface's readers refused.
    fn unreadable(error: ApiError) -> Failure {
        Failure::bad_request(error.message())
    }

    /// What the emulator refused to do to a resource named in the path.
    fn refused(refused: SeedRefused) -> Failure {
        match refused {
            SeedRefused::NotFound(what) => Failure::new(StatusCode::NOT_FOUND, what),
            SeedRefused::Conflict(why) => Failure::new(StatusCode::CONFLICT, why),
        }
    }

    fn stopped() -> Failure {
        Failure::new(StatusCode::SERVICE_UNAVAILABLE, "the emulator has stopped")
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = json!({ "message": self.message });
        (self.status, axum::Json(body)).into_response()
    }
}

type Answer = Result<Response, Failure>;

fn asset(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

pub(super) async fn page() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

pub(super) async fn script() -> Response {
    asset("text/javascript; charset=utf-8", CONSOLE_JS)
}

pub(super) async fn style() -> Response {
    asset("text/css; charset=utf-8", CONSOLE_CSS)
}

pub(super) async fn not_found() -> Failure {
    Failure::new(StatusCode::NOT_FOUND, "the console has no such page")
}

fn emulator(console: &Console) -> Result<Arc<Shared>, Failure> {
    console.shared().ok_or_else(Failure::stopped)
}

/// The body as a JSON object; an empty body is `{}`.
fn object(body: &[u8]) -> Result<Map<String, Value>, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    control::read_object(body).map_err(Failure::unreadable)
}

fn rfc3339(moment: OffsetDateTime) -> String {
    moment.format(&Rfc3339).unwrap_or_default()
}

fn clock_json(store: &mut Store) -> Value {
    json!({ "now": rfc3339(store.now()), "pace": store.clock().pace().name() })
}

pub(super) async fn state(State(console): State<Console>) -> Answer {
    let shared = emulator(&console)?;
    Ok(axum::Json(snapshot(&shared)).into_response())
}

/// Everything the console shows, as of now: lists newest first.
fn snapshot(shared: &Shared) -> Value {
    let mut store = shared.store();
    let clock = clock_json(&mut store);
    let numbers: Vec<Value> = store
        .all_in_accounts("IncomingPhoneNumbers")
        .into_iter()
        .map(|(_, number)| {
            json!({
                "sid": number.id,
                "phone_number": number.str("phone_number"),
                "friendly_name": number.str("friendly_name"),
                "voice_url": number.str("voice_url"),
                "sms_url": number.str("sms_url"),
            })
        })
        .collect();
    let calls = shown(&store, "Calls", "retrieve_a_call");
    let messages = shown(&store, "Messages", "retrieve_message");
    let conferences = with_nested(
        &store,
        ("Conferences", "retrieve_conference"),
        ("Participants", "retrieve_participant", "participants"),
    );
    behaviour::queues::refresh_everywhere(&mut store);
    let queues = with_nested(
        &store,
        ("Queues", "retrieve_queue"),
        ("Members", "retrieve_queue_member", "members"),
    );
    let mut recordings: Vec<(Entry, Value)> = store
        .list(&[ACCOUNTS.to_owned()])
        .into_iter()
        .flat_map(|account| {
            behaviour::recordings::of_account(&store, &account.id)
                .into_iter()
                .filter_map(|(_, recording)| {
                    let values = vec![account.id.clone(), recording.id.clone()];
                    let shown = engine::render_as("retrieve_recording", values, &recording)?;
                    Some((recording, shown))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    recordings.sort_by_cached_key(|(entry, _)| newest_first(entry));
    let transcripts: Map<String, Value> = store
        .transcripts()
        .map(|(call, items)| (call.to_owned(), items.iter().cloned().collect()))
        .collect();
    drop(store);
    let webhooks: Vec<Value> = shared
        .webhooks()
        .iter()
        .enumerate()
        .rev()
        .map(|(id, webhook)| webhook::to_console_json(id, webhook))
        .collect();
    json!({
        "clock": clock,
        "project_id": shared.project_id,
        "numbers": numbers,
        "calls": calls,
        "messages": messages,
        "conferences": conferences,
        "queues": queues,
        "recordings": recordings.into_iter().map(|(_, shown)| shown).collect::<Vec<_>>(),
        "transcripts": transcripts,
        "webhooks": webhooks,
    })
}

fn newest_first(entry: &Entry) -> Reverse<(Option<OffsetDateTime>, String)> {
    Reverse((entry.date("date_created"), entry.id.clone()))
}

/// Every account's resources of collection `kind`, newest first, each
/// with its account's sid.
fn newest<'s>(store: &'s Store, kind: &str) -> Vec<(&'s str, &'s Entry)> {
    let mut found = store.all_in_accounts(kind);
    found.sort_by_cached_key(|(_, entry)| newest_first(entry));
    found
}

/// Every account's resources of collection `kind`, newest first, as
/// `operation_id` returns them.
fn shown(store: &Store, kind: &str, operation_id: &str) -> Vec<Value> {
    newest(store, kind)
        .into_iter()
        .filter_map(|(account, entry)| {
            let values = vec![account.to_owned(), entry.id.clone()];
            engine::render_as(operation_id, values, entry)
        })
        .collect()
}

/// Resources with those nested under each (a conference's participants)
/// in a member `name`, all as their operations return them.
fn with_nested(
    store: &Store,
    (kind, operation_id): (&str, &str),
    (nested, nested_operation_id, name): (&str, &str, &str),
) -> Vec<Value> {
    newest(store, kind)
        .into_iter()
        .filter_map(|(account, entry)| {
            let values = vec![account.to_owned(), entry.id.clone()];
            let mut shown = engine::render_as(operation_id, values, entry)?;
            let key = [ACCOUNTS, account, kind, &entry.id, nested].map(str::to_owned);
            let inside: Vec<Value> = store
                .list(&key)
                .into_iter()
                .filter_map(|inner| {
                    let values = vec![account.to_owned(), entry.id.clone(), inner.id.clone()];
                    engine::render_as(nested_operation_id, values, inner)
                })
                .collect();
            shown[name] = inside.into();
            Some(shown)
        })
        .collect()
}

pub(super) async fn events(State(console): State<Console>) -> Answer {
    let receiver = emulator(&console)?.events.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(event) => event,
            // What was missed is read again from the state.
            Err(RecvError::Lagged(_)) => Event::Changed { kinds: Kinds::ALL },
            Err(RecvError::Closed) => return None,
        };
        Some((Ok::<_, Infallible>(sse(event)), receiver))
    });
    let keep_alive = KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive");
    Ok(axum::response::Sse::new(stream)
        .keep_alive(keep_alive)
        .into_response())
}

/// An event as the stream sends it: its name and its JSON data.
fn sse(event: Event) -> Sse {
    let (name, data) = match event {
        Event::Changed { kinds } => ("changed", json!({ "kinds": kinds.names() })),
        Event::Heard { call, item } => ("heard", json!({ "call": call, "item": item })),
        Event::Webhook { id, webhook } => ("webhook", webhook::to_console_json(id, &webhook)),
        Event::Request {
            method,
            path,
            status,
        } => (
            "request",
            json!({ "method": method, "path": path, "status": status }),
        ),
        Event::Clock { now, pace } => {
            ("clock", json!({ "now": rfc3339(now), "pace": pace.name() }))
        }
    };
    Sse::default().event(name).data(data.to_string())
}

pub(super) async fn place_call(State(console): State<Console>, body: Bytes) -> Answer {
    let shared = emulator(&console)?;
    let object = object(&body)?;
    let mut members = Members::new(&object, "a call");
    let from = control::required_string(&mut members, "from").map_err(Failure::unreadable)?;
    let to = control::required_string(&mut members, "to").map_err(Failure::unreadable)?;
    members.finish().map_err(Failure::unreadable)?;
    let mut store = shared.store();
    let sid =
        behaviour::calls::incoming(&mut store, &from, &to).map_err(|refused| match refused {
            SeedRefused::NotFound(what) => Failure::bad_request(format!(
                "\"to\" must be one of the project's numbers: {what}"
            )),
            refused => Failure::refused(refused),
        })?;
    let call = shown_in_any_account(&store, "Calls", "retrieve_a_call", &sid);
    Ok((StatusCode::CREATED, axum::Json(call)).into_response())
}

/// Resource `sid` of collection `kind`, of whichever account has it, as
/// `operation_id` returns it.
fn shown_in_any_account(store: &Store, kind: &str, operation_id: &str, sid: &str) -> Value {
    store
        .all_in_accounts(kind)
        .into_iter()
        .find(|(_, entry)| entry.id == sid)
        .and_then(|(account, entry)| {
            engine::render_as(
                operation_id,
                vec![account.to_owned(), sid.to_owned()],
                entry,
            )
        })
        .unwrap_or_else(|| json!({ "sid": sid }))
}

/// Reads the one string member `name` of a call's input.
fn one_string(body: &[u8], name: &'static str) -> Result<String, Failure> {
    let object = object(body)?;
    let mut members = Members::new(&object, "a call's input");
    let value = control::required_string(&mut members, name).map_err(Failure::unreadable)?;
    members.finish().map_err(Failure::unreadable)?;
    Ok(value)
}

fn give(console: &Console, sid: &str, input: Input) -> Answer {
    let shared = emulator(console)?;
    behaviour::voice::input(&mut shared.store(), sid, input).map_err(Failure::refused)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn press(
    State(console): State<Console>,
    Path(sid): Path<String>,
    body: Bytes,
) -> Answer {
    let digits = one_string(&body, "digits")?;
    give(&console, &sid, Input::Digits(digits))
}

pub(super) async fn speak(
    State(console): State<Console>,
    Path(sid): Path<String>,
    body: Bytes,
) -> Answer {
    let speech = one_string(&body, "speech")?;
    give(&console, &sid, Input::Speech(speech))
}

pub(super) async fn hang_up(
    State(console): State<Console>,
    Path(sid): Path<String>,
    body: Bytes,
) -> Answer {
    Members::new(&object(&body)?, "a hangup")
        .finish()
        .map_err(Failure::unreadable)?;
    let shared = emulator(&console)?;
    behaviour::calls::hang_up(&mut shared.store(), &sid).map_err(Failure::refused)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn send_message(State(console): State<Console>, body: Bytes) -> Answer {
    let shared = emulator(&console)?;
    let object = object(&body)?;
    let mut members = Members::new(&object, "a message");
    let from = control::required_string(&mut members, "from").map_err(Failure::unreadable)?;
    let to = control::required_string(&mut members, "to").map_err(Failure::unreadable)?;
    let text = members
        .string("body")
        .map_err(Failure::unreadable)?
        .unwrap_or_default();
    let media = members.strings("media_urls").map_err(Failure::unreadable)?;
    members.finish().map_err(Failure::unreadable)?;
    let mut store = shared.store();
    let sid = behaviour::messages::incoming(&mut store, &from, &to, &text, &media).map_err(
        |refused| match refused {
            SeedRefused::NotFound(what) => Failure::bad_request(format!(
                "\"to\" must be one of the project's numbers: {what}"
            )),
            refused => Failure::refused(refused),
        },
    )?;
    let message = shown_in_any_account(&store, "Messages", "retrieve_message", &sid);
    Ok((StatusCode::CREATED, axum::Json(message)).into_response())
}

pub(super) async fn clock(State(console): State<Console>, body: Bytes) -> Answer {
    let shared = emulator(&console)?;
    let change = ClockChange::read(&object(&body)?).map_err(Failure::unreadable)?;
    let mut store = shared.store();
    change.apply(&mut store);
    Ok(axum::Json(clock_json(&mut store)).into_response())
}

pub(super) async fn settle(State(console): State<Console>, body: Bytes) -> Answer {
    Members::new(&object(&body)?, "a settle")
        .finish()
        .map_err(Failure::unreadable)?;
    let shared = emulator(&console)?;
    let settled = control::settle(&shared, SETTLE_LIMIT).await;
    Ok(axum::Json(json!({ "settled": settled })).into_response())
}

pub(super) async fn replay(
    State(console): State<Console>,
    Path(id): Path<String>,
    body: Bytes,
) -> Answer {
    Members::new(&object(&body)?, "a replay")
        .finish()
        .map_err(Failure::unreadable)?;
    let shared = emulator(&console)?;
    let missing = || Failure::new(StatusCode::NOT_FOUND, format!("no webhook {id}"));
    let index: usize = id.parse().map_err(|_| missing())?;
    webhook::replay(&shared, index).map_err(|ReplayRefused::NoWebhook(_)| missing())?;
    Ok((StatusCode::ACCEPTED, axum::Json(json!({}))).into_response())
}
