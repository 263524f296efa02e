//! Every callback payload of SignalWire's OpenAPI (`webhooks:`, extracted
//! into `emulator/spec/webhooks.json` by `python3 spec/extract.py`) checked
//! against what the emulator sends, at every moment it sends it: calls that
//! complete, are busy, go unanswered and fail; an incoming call that
//! completes and one that fails; a `<Record>` and a recorded call with their
//! recording callbacks; a transcription; messages delivered, undelivered
//! and failed. An app on loopback receives them through real HTTP. Each
//! request must carry every property the schema requires, each of its type
//! and, where the schema lists values, one of them; and laml's typed
//! callback must read every property of the schema.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use laml::webhook::{
    Call, CallStatusCallback, Form, FromForm, MessageStatusCallback, RecordingStatusCallback,
    TranscriptionStatusCallback,
};
use laml_emulator::{Emulator, Pace};
use serde_json::Value;

const TABLE: &str = include_str!("../emulator/spec/webhooks.json");

/// The project's numbers (the emulator's inventory), and who calls them.
const NUMBER: &str = "+14155550100";
const FAILING_NUMBER: &str = "+14155550101";
const CALLER: &str = "+15551239999";
/// Numbers the emulator answers as busy, leaves unanswered or fails, and a
/// message to which is undelivered or fails.
const BUSY: &str = "+15550100486";
const NO_ANSWER: &str = "+15550100408";
const FAILS: &str = "+15550100500";
const UNDELIVERED: &str = "+15550130003";
const FAILED: &str = "+15550130008";

/// Which webhook of the spec each of the app's callback routes receives.
const ROUTES: &[(&str, &str)] = &[
    ("/call-status", "voiceStatusCallback"),
    ("/incoming-status", "incomingCallStatusCallback"),
    ("/recording-status", "recordingStatusCallback"),
    ("/sms-status", "smsStatusCallback"),
    ("/transcription", "transcriptionStatusCallback"),
];

/// What the app heard: each request's path and decoded parameters.
type Heard = Arc<Mutex<Vec<(String, Form)>>>;

#[derive(Clone)]
struct App {
    base: String,
    heard: Heard,
}

/// Answers every request: LaML for the documents, nothing for callbacks.
async fn answer(
    State(app): State<App>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> axum::response::Response {
    let path = uri.path().to_owned();
    let form = Form::parse(&body).expect("the emulator sends a UTF-8 form");
    app.heard.lock().unwrap().push((path.clone(), form));
    let url = |path: &str| format!("{}{path}", app.base);
    let document = match path.as_str() {
        "/record" => format!(
            "<Response><Record action=\"{}\" recordingStatusCallback=\"{}\" \
             recordingStatusCallbackEvent=\"in-progress completed absent\" \
             transcribeCallback=\"{}\"/></Response>",
            url("/recorded"),
            url("/recording-status"),
            url("/transcription"),
        ),
        "/recorded" => "<Response><Hangup/></Response>".to_owned(),
        "/hello" => "<Response><Say>Hello.</Say></Response>".to_owned(),
        "/broken" => return (StatusCode::INTERNAL_SERVER_ERROR, "down").into_response(),
        _ => return StatusCode::NO_CONTENT.into_response(),
    };
    ([(header::CONTENT_TYPE, "application/xml")], document).into_response()
}

async fn serve() -> App {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app = App {
        base: format!("http://{}", listener.local_addr().unwrap()),
        heard: Arc::default(),
    };
    let router = Router::new().fallback(answer).with_state(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    app
}

/// Posts a form to one of the project's collections, as any SDK does.
async fn create(emulator: &Emulator, collection: &str, form: &[(&str, &str)]) -> Value {
    let url = format!(
        "{}/api/laml/2010-04-01/Accounts/{}/{collection}.json",
        emulator.space_url(),
        emulator.project_id()
    );
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let response = reqwest::Client::new()
        .post(url)
        .basic_auth(emulator.project_id(), Some(emulator.api_token()))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let json: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert!(status.is_success(), "{collection}: {status} {json}");
    json
}

/// Moves the emulator's clock a second at a time, letting each second's
/// requests reach the app.
async fn run_for(emulator: &Emulator, seconds: u64) {
    for _ in 0..seconds {
        emulator.advance(Duration::from_secs(1));
        assert!(emulator.settle().await, "the emulator settles");
    }
}

/// Drives the emulator through every moment a callback payload is sent.
async fn every_moment() -> (Emulator, App) {
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.set_pace(Pace::Paused);
    let app = serve().await;
    let url = |path: &str| format!("{}{path}", app.base);

    for (number, voice) in [(NUMBER, "/hello"), (FAILING_NUMBER, "/broken")] {
        create(
            &emulator,
            "IncomingPhoneNumbers",
            &[
                ("PhoneNumber", number),
                ("VoiceUrl", &url(voice)),
                ("StatusCallback", &url("/incoming-status")),
            ],
        )
        .await;
    }
    let recorded = create(
        &emulator,
        "Calls",
        &[
            ("To", CALLER),
            ("From", NUMBER),
            ("Url", &url("/record")),
            ("StatusCallback", &url("/call-status")),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "ringing"),
            ("StatusCallbackEvent", "answered"),
            ("StatusCallbackEvent", "completed"),
            ("Record", "true"),
            ("RecordingStatusCallback", &url("/recording-status")),
            (
                "RecordingStatusCallbackEvent",
                "in-progress completed absent",
            ),
        ],
    )
    .await;
    for to in [BUSY, NO_ANSWER, FAILS] {
        create(
            &emulator,
            "Calls",
            &[
                ("To", to),
                ("From", NUMBER),
                ("Url", &url("/hello")),
                ("StatusCallback", &url("/call-status")),
                (
                    "StatusCallbackEvent",
                    "initiated ringing answered completed",
                ),
            ],
        )
        .await;
    }
    for to in [CALLER, UNDELIVERED, FAILED] {
        create(
            &emulator,
            "Messages",
            &[
                ("To", to),
                ("From", NUMBER),
                ("Body", "Your table is ready."),
                ("StatusCallback", &url("/sms-status")),
            ],
        )
        .await;
    }
    emulator.incoming_call(CALLER, NUMBER).unwrap();
    emulator.incoming_call(CALLER, FAILING_NUMBER).unwrap();
    assert!(emulator.settle().await, "the emulator settles");
    run_for(&emulator, 70).await;

    // The `<Record>`'s recording is transcribed once it completed.
    let call_sid = recorded["sid"].as_str().unwrap();
    let recording = app
        .heard
        .lock()
        .unwrap()
        .iter()
        .find(|(path, form)| path == "/recorded" && form.get("CallSid") == Some(call_sid))
        .and_then(|(_, form)| form.get("RecordingSid").map(str::to_owned))
        .expect("the <Record>'s action was requested");
    emulator
        .transcribe(&recording, "I will call back tomorrow.")
        .unwrap();
    assert!(emulator.settle().await, "the emulator settles");
    (emulator, app)
}

/// What is wrong with `form` against `schema`: a required property left
/// out, a value not of its type, or not one the schema lists.
fn departures(schema: &Value, form: &Form) -> Vec<String> {
    let mut found = Vec::new();
    for required in schema["required"].as_array().unwrap() {
        let name = required.as_str().unwrap();
        if form.get(name).is_none() {
            found.push(format!("{name} is required but not sent"));
        }
    }
    for (name, field) in schema["fields"].as_object().unwrap() {
        let Some(value) = form.get(name) else {
            continue;
        };
        let typed = match field["type"].as_str().unwrap() {
            "integer" if field["format"] == "int32" => value.parse::<i32>().is_ok(),
            "integer" => value.parse::<i64>().is_ok(),
            "number" => value.parse::<f64>().is_ok_and(f64::is_finite),
            "boolean" => matches!(value, "true" | "false"),
            "string" => match field["format"].as_str() {
                Some("uri") => value.starts_with("http://") || value.starts_with("https://"),
                Some("date-time") => time::OffsetDateTime::parse(
                    value,
                    &time::format_description::well_known::Rfc2822,
                )
                .is_ok(),
                _ => true,
            },
            other => panic!("{name}: the table's type {other} is not checked"),
        };
        if !typed {
            found.push(format!("{name}={value:?} is not {}", field["type"]));
        }
        if let Some(values) = field["enum"].as_array() {
            if !values.iter().any(|listed| listed == value) {
                found.push(format!("{name}={value:?} is not one of {values:?}"));
            }
        }
    }
    found
}

/// The schema's properties that laml's type for it does not read: not
/// among its parameters, or left in `extra` by the parse of `form`.
fn unread(
    schema: &Value,
    parameters: &[&str],
    extra: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    schema["fields"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|name| !parameters.contains(&name.as_str()) || extra.contains_key(name.as_str()))
        .map(|name| format!("{name} is not read by laml's typed callback"))
        .collect()
}

/// What laml's typed callback for webhook `name` leaves unread of `schema`.
fn typed_departures(name: &str, schema: &Value, form: &Form) -> Vec<String> {
    let with_call = |own: &[&'static str]| -> Vec<&'static str> {
        own.iter().chain(Call::PARAMETERS).copied().collect()
    };
    match name {
        "voiceStatusCallback" | "incomingCallStatusCallback" => unread(
            schema,
            &with_call(CallStatusCallback::PARAMETERS),
            &CallStatusCallback::from_form(form).extra,
        ),
        "recordingStatusCallback" => unread(
            schema,
            RecordingStatusCallback::PARAMETERS,
            &RecordingStatusCallback::from_form(form).extra,
        ),
        "smsStatusCallback" => unread(
            schema,
            MessageStatusCallback::PARAMETERS,
            &MessageStatusCallback::from_form(form).extra,
        ),
        "transcriptionStatusCallback" => unread(
            schema,
            TranscriptionStatusCallback::PARAMETERS,
            &TranscriptionStatusCallback::from_form(form).extra,
        ),
        other => vec![format!("laml has no typed callback for {other}")],
    }
}

/// The values of `parameter` the app heard on `route`, sorted, once each.
fn heard_values(heard: &[(String, Form)], route: &str, parameter: &str) -> Vec<String> {
    let mut values: Vec<String> = heard
        .iter()
        .filter(|(path, _)| path == route)
        .filter_map(|(_, form)| form.get(parameter).map(str::to_owned))
        .collect();
    values.sort_unstable();
    values.dedup();
    values
}

#[tokio::test]
async fn every_callback_payload_conforms_to_the_spec() {
    let table: Value = serde_json::from_str(TABLE).unwrap();
    let webhooks = table["webhooks"].as_array().unwrap();
    assert_eq!(webhooks.len(), ROUTES.len(), "a route for every webhook");
    let (_emulator, app) = every_moment().await;
    let heard = app.heard.lock().unwrap().clone();

    let mut conforming = 0;
    let mut problems = Vec::new();
    for (route, name) in ROUTES {
        let schema = webhooks
            .iter()
            .find(|webhook| webhook["name"] == *name)
            .unwrap_or_else(|| panic!("{name} is in the spec"));
        let requests: Vec<&Form> = heard
            .iter()
            .filter(|(path, _)| path == route)
            .map(|(_, form)| form)
            .collect();
        let mut found: Vec<String> = Vec::new();
        if requests.is_empty() {
            found.push("never sent".to_owned());
        }
        for form in &requests {
            found.extend(departures(schema, form));
            found.extend(typed_departures(name, schema, form));
        }
        found.sort_unstable();
        found.dedup();
        println!("{name}: {} requests", requests.len());
        if found.is_empty() {
            conforming += 1;
        } else {
            problems.extend(
                found
                    .into_iter()
                    .map(|problem| format!("{name}: {problem}")),
            );
        }
    }
    println!("{conforming} of {} callback payloads conform", ROUTES.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );

    // Every moment was reached: each status each payload can carry here.
    assert_eq!(
        heard_values(&heard, "/call-status", "CallStatus"),
        [
            "busy",
            "completed",
            "failed",
            "in-progress",
            "no-answer",
            "queued",
            "ringing"
        ]
    );
    assert_eq!(
        heard_values(&heard, "/incoming-status", "CallStatus"),
        ["completed", "failed"]
    );
    assert_eq!(
        heard_values(&heard, "/recording-status", "RecordingStatus"),
        ["completed", "in-progress"]
    );
    assert_eq!(
        heard_values(&heard, "/recording-status", "RecordingSource"),
        ["OutBoundApi", "RecordVerb"]
    );
    assert_eq!(
        heard_values(&heard, "/sms-status", "MessageStatus"),
        ["delivered", "failed", "sent", "undelivered"]
    );
    assert_eq!(
        heard_values(&heard, "/transcription", "TranscriptionStatus"),
        ["completed"]
    );
}

#[tokio::test]
async fn a_number_s_status_callback_hears_only_the_end_of_a_call() {
    let (_emulator, app) = every_moment().await;
    let heard = app.heard.lock().unwrap().clone();
    let mut ends: Vec<(String, String)> = heard
        .iter()
        .filter(|(path, _)| path == "/incoming-status")
        .map(|(_, form)| {
            (
                form.get("To").unwrap_or_default().to_owned(),
                form.get("CallStatus").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    ends.sort_unstable();
    assert_eq!(
        ends,
        [
            (NUMBER.to_owned(), "completed".to_owned()),
            (FAILING_NUMBER.to_owned(), "failed".to_owned())
        ]
    );
}
