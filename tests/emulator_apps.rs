//! A real app, built with laml's app half (`laml::axum`, the documents and
//! `laml::webhook`), answering the emulator through real HTTP on loopback:
//! an IVR, a conference, a message reply, a Record, a call's status
//! callbacks, signatures the app refuses and an app that misbehaves. laml's
//! REST client sets each scene up and checks where it ended.
//!
//! The emulator's clock is paused: a test moves it with `advance` and waits
//! for the emulator's requests to the app with `settle`.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{FromRef, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Html;
use axum::routing::post;
use axum::Router;
use laml::axum::{SignedWebhook, WebhookConfig};
use laml::calls::{CallDirection, CallStatus, CallStatusEvent, CreateCall, FetchCall};
use laml::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, FetchConference, ListConferences, ListParticipants,
    UpdateConference,
};
use laml::document::messaging::{Message, MessagingResponse};
use laml::document::voice::{
    Conference, ConferenceEvent, Dial, Gather, Hangup, Record, RecordingEvent, Redirect, Say,
    VoiceResponse,
};
use laml::messages::{FetchMessage, ListMessages, MessageDirection};
use laml::phone_numbers::BuyPhoneNumber;
use laml::recordings::{FetchRecording, RecordingSource};
use laml::webhook::{
    self, CallStatusCallback, ConferenceStatusCallback, ConferenceStatusEvent, DialAction,
    DialCallStatus, GatherAction, IncomingMessage, MessageStatus, MessageStatusCallback,
    RecordAction, RecordingStatus, RecordingStatusCallback, VoiceRequest,
};
use laml::Client;
use laml_emulator::{Emulator, Pace, Webhook};

/// The project's number (the emulator's inventory), and who calls it.
const NUMBER: &str = "+14155550100";
const CALLER: &str = "+15551239999";

/// A request the app's handler read, typed.
#[derive(Debug, Clone)]
enum Seen {
    Voice(VoiceRequest),
    Gather(GatherAction),
    Dial(DialAction),
    Record(RecordAction),
    CallStatus(Box<CallStatusCallback>),
    ConferenceStatus(ConferenceStatusCallback),
    RecordingStatus(RecordingStatusCallback),
    Message(IncomingMessage),
    MessageStatus(MessageStatusCallback),
}

/// The requests of one kind an app's handlers read, in order:
/// `seen!(app, Gather)` is a `Vec<GatherAction>`.
macro_rules! seen {
    ($app:expr, $kind:ident) => {
        $app.seen()
            .into_iter()
            .filter_map(|(_, seen)| match seen {
                Seen::$kind(request) => Some(request),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
}

#[derive(Clone)]
struct AppState {
    config: WebhookConfig,
    seen: Arc<Mutex<Vec<(&'static str, Seen)>>>,
}

impl FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

impl AppState {
    fn saw(&self, route: &'static str, request: Seen) {
        self.seen.lock().unwrap().push((route, request));
    }

    /// The absolute URL of one of the app's routes, for `action`s.
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.public_url())
    }
}

async fn ivr(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/ivr", Seen::Voice(call));
    VoiceResponse::new()
        .append(
            Gather::new()
                .action(app.url("/ivr/menu"))
                .num_digits(1)
                .append(Say::new("For sales, press 1. For support, press 2.")),
        )
        .append(Say::new("We did not hear you. Goodbye."))
}

async fn ivr_menu(
    State(app): State<AppState>,
    SignedWebhook(input): SignedWebhook<GatherAction>,
) -> VoiceResponse {
    let department = if input.digits == "1" {
        "sales"
    } else {
        "support"
    };
    app.saw("/ivr/menu", Seen::Gather(input));
    VoiceResponse::new()
        .append(Say::new(format!("Connecting you to {department}.")))
        .append(Redirect::new(
            app.url(&format!("/ivr/goodbye?department={department}")),
        ))
}

async fn ivr_goodbye(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/ivr/goodbye", Seen::Voice(call));
    let department = query
        .as_deref()
        .and_then(|query| query.strip_prefix("department="))
        .unwrap_or("us");
    VoiceResponse::new()
        .append(Say::new(format!("Goodbye from {department}.")))
        .append(Hangup::new())
}

async fn room(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/room", Seen::Voice(call));
    VoiceResponse::new().append(
        Dial::new().action(app.url("/room/after")).append(
            Conference::new("Room 7")
                .status_callback(app.url("/room/events"))
                .status_callback_event([
                    ConferenceEvent::Start,
                    ConferenceEvent::End,
                    ConferenceEvent::Join,
                    ConferenceEvent::Leave,
                ]),
        ),
    )
}

async fn room_events(
    State(app): State<AppState>,
    SignedWebhook(event): SignedWebhook<ConferenceStatusCallback>,
) -> StatusCode {
    app.saw("/room/events", Seen::ConferenceStatus(event));
    StatusCode::NO_CONTENT
}

async fn room_after(
    State(app): State<AppState>,
    SignedWebhook(dial): SignedWebhook<DialAction>,
) -> VoiceResponse {
    app.saw("/room/after", Seen::Dial(dial));
    VoiceResponse::new()
        .append(Say::new("The conference has ended."))
        .append(Hangup::new())
}

async fn hello(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/hello", Seen::Voice(call));
    VoiceResponse::new().append(Say::new("Hello from the app."))
}

async fn call_status(
    State(app): State<AppState>,
    SignedWebhook(status): SignedWebhook<CallStatusCallback>,
) -> StatusCode {
    app.saw("/status", Seen::CallStatus(Box::new(status)));
    StatusCode::NO_CONTENT
}

async fn record(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/record", Seen::Voice(call));
    VoiceResponse::new().append(
        Record::new()
            .action(app.url("/record/done"))
            .finish_on_key("#")
            .recording_status_callback(app.url("/record/status"))
            .recording_status_callback_event([
                RecordingEvent::InProgress,
                RecordingEvent::Completed,
            ]),
    )
}

async fn record_done(
    State(app): State<AppState>,
    SignedWebhook(recorded): SignedWebhook<RecordAction>,
) -> VoiceResponse {
    app.saw("/record/done", Seen::Record(recorded));
    VoiceResponse::new().append(Hangup::new())
}

async fn recording_status(
    State(app): State<AppState>,
    SignedWebhook(status): SignedWebhook<RecordingStatusCallback>,
) -> StatusCode {
    app.saw("/record/status", Seen::RecordingStatus(status));
    StatusCode::NO_CONTENT
}

async fn sms(
    State(app): State<AppState>,
    SignedWebhook(message): SignedWebhook<IncomingMessage>,
) -> MessagingResponse {
    let reply = Message::text(format!("You said: {}", message.body)).action(app.url("/sms/status"));
    app.saw("/sms", Seen::Message(message));
    MessagingResponse::new().append(reply)
}

/// The `<Message>`'s action: told the reply is on its way, it has nothing
/// more to say.
async fn message_status(
    State(app): State<AppState>,
    SignedWebhook(status): SignedWebhook<MessageStatusCallback>,
) -> MessagingResponse {
    app.saw("/sms/status", Seen::MessageStatus(status));
    MessagingResponse::new()
}

async fn fallback(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/fallback", Seen::Voice(call));
    VoiceResponse::new()
        .append(Say::new("Sorry, something went wrong."))
        .append(Hangup::new())
}

async fn broken(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> (StatusCode, &'static str) {
    app.saw("/broken", Seen::Voice(call));
    (StatusCode::INTERNAL_SERVER_ERROR, "the database is down")
}

async fn not_laml(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> Html<&'static str> {
    app.saw("/not-laml", Seen::Voice(call));
    Html("<html><body>Welcome!</body></html>")
}

async fn slow(
    State(app): State<AppState>,
    SignedWebhook(call): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    app.saw("/slow", Seen::Voice(call));
    // Far past the read timeout its URL's fragment gives the emulator.
    tokio::time::sleep(Duration::from_secs(10)).await;
    VoiceResponse::new()
}

/// The app, on a free port of loopback.
struct App {
    /// Where the emulator reaches it.
    base: String,
    state: AppState,
}

impl App {
    /// Serves the app with the `WebhookConfig` that `config` makes of its
    /// base URL.
    async fn start(config: impl FnOnce(&str) -> WebhookConfig) -> App {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = AppState {
            config: config(&base),
            seen: Arc::default(),
        };
        let router = Router::new()
            .route("/ivr", post(ivr))
            .route("/ivr/menu", post(ivr_menu))
            .route("/ivr/goodbye", post(ivr_goodbye))
            .route("/room", post(room))
            .route("/room/events", post(room_events))
            .route("/room/after", post(room_after))
            .route("/hello", post(hello))
            .route("/status", post(call_status))
            .route("/record", post(record))
            .route("/record/done", post(record_done))
            .route("/record/status", post(recording_status))
            .route("/sms", post(sms))
            .route("/sms/status", post(message_status))
            .route("/fallback", post(fallback))
            .route("/broken", post(broken))
            .route("/not-laml", post(not_laml))
            .route("/slow", post(slow))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        App { base, state }
    }

    /// Where the emulator reaches `path`, whatever public URL the app
    /// checks signatures against.
    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request a handler read, with its route, in order.
    fn seen(&self) -> Vec<(&'static str, Seen)> {
        self.state.seen.lock().unwrap().clone()
    }

    fn routes(&self) -> Vec<&'static str> {
        self.seen().into_iter().map(|(route, _)| route).collect()
    }
}

/// A paused emulator, a client for it, and the app, which checks requests
/// with the emulator's signing key.
async fn start() -> (Emulator, Client, App) {
    let (emulator, client) = common::emulator().await;
    emulator.set_pace(Pace::Paused);
    let key = emulator.signing_key();
    let app = App::start(|base| WebhookConfig::new(&key, base)).await;
    (emulator, client, app)
}

async fn settle(emulator: &Emulator) {
    assert!(emulator.settle().await, "the emulator settles");
}

/// The names of the parameters a typed request did not know.
fn unknown(extra: &BTreeMap<String, Vec<String>>) -> Vec<&str> {
    extra.keys().map(String::as_str).collect()
}

/// The emulator's requests about one call or message, in order.
fn requests_of(emulator: &Emulator, sid: &str) -> Vec<Webhook> {
    emulator
        .webhooks()
        .into_iter()
        .filter(|webhook| webhook.sid == sid)
        .collect()
}

/// The same, as purpose, reply status and error code.
fn log_of(emulator: &Emulator, sid: &str) -> Vec<(String, Option<u16>, Option<String>)> {
    requests_of(emulator, sid)
        .into_iter()
        .map(|webhook| {
            let code = webhook
                .error
                .map(|error| error.split(':').next().unwrap_or_default().to_owned());
            (webhook.purpose, webhook.status, code)
        })
        .collect()
}

async fn call_status_of(client: &Client, sid: &str) -> CallStatus {
    client.send(&FetchCall::new(sid)).await.unwrap().status
}

#[tokio::test]
async fn an_ivr_gathers_digits_redirects_and_hangs_up() {
    let (emulator, client, app) = start().await;
    client
        .send(&BuyPhoneNumber::new(NUMBER).voice_url(app.at("/ivr")))
        .await
        .unwrap();

    let call = emulator.incoming_call(CALLER, NUMBER).unwrap();
    settle(&emulator).await;
    // numDigits="1" takes the first key only.
    emulator.press(&call, "21").unwrap();
    settle(&emulator).await;
    // "Connecting you to support." takes two seconds, then the redirect.
    emulator.advance(Duration::from_secs(2));
    settle(&emulator).await;
    // "Goodbye from support." two more, then <Hangup/>.
    emulator.advance(Duration::from_secs(2));
    settle(&emulator).await;

    assert_eq!(app.routes(), ["/ivr", "/ivr/menu", "/ivr/goodbye"]);
    let voice = seen!(app, Voice);
    let answered = &voice[0].call;
    assert_eq!(answered.call_sid, call);
    assert_eq!(answered.account_sid, emulator.project_id());
    assert_eq!(answered.call_status, Some(CallStatus::Ringing));
    assert_eq!(answered.direction, Some(webhook::CallDirection::Inbound));
    assert_eq!(
        (answered.from.as_str(), answered.to.as_str()),
        (CALLER, NUMBER)
    );
    assert_eq!(answered.api_version, "2010-04-01");
    let gathered = seen!(app, Gather);
    assert_eq!(gathered[0].digits, "2");
    assert_eq!(gathered[0].call.call_status, Some(CallStatus::InProgress));
    assert_eq!(voice[1].call.call_sid, call, "the redirect");
    assert!(voice.iter().all(|request| request.extra.is_empty()));
    assert!(unknown(&gathered[0].extra).is_empty());

    let ended = client.send(&FetchCall::new(call.as_str())).await.unwrap();
    assert_eq!(ended.status, CallStatus::Completed);
    assert_eq!(ended.direction, CallDirection::Inbound);
    assert_eq!(ended.duration, Some(4));

    let log = emulator.webhooks();
    let purposes: Vec<&str> = log.iter().map(|webhook| webhook.purpose.as_str()).collect();
    assert_eq!(purposes, ["voice", "gather-action", "redirect"]);
    assert_eq!(log[1].param("Digits"), Some("2"));
    assert_eq!(log[2].url, app.at("/ivr/goodbye?department=support"));
    for webhook in &log {
        assert_eq!(webhook.status, Some(200), "{webhook:?}");
        assert_eq!(webhook.error, None);
        assert!(webhook.notes.is_empty(), "{webhook:?}");
    }
}

#[tokio::test]
async fn two_calls_meet_in_a_conference_and_go_on_when_it_ends() {
    let (emulator, client, app) = start().await;
    client
        .send(&BuyPhoneNumber::new(NUMBER).voice_url(app.at("/room")))
        .await
        .unwrap();

    let inbound = emulator.incoming_call(CALLER, NUMBER).unwrap();
    settle(&emulator).await;
    let outbound = client
        .send(&CreateCall::new("+15551230001", NUMBER).url(app.at("/room")))
        .await
        .unwrap()
        .sid;
    // Answered five seconds after it was placed; then it joins.
    emulator.advance(Duration::from_secs(5));
    settle(&emulator).await;

    let rooms = client
        .send(&ListConferences::new().friendly_name("Room 7"))
        .await
        .unwrap()
        .items;
    assert_eq!(rooms.len(), 1);
    let room = &rooms[0];
    assert_eq!(room.status, ConferenceStatus::InProgress);
    let participants = client
        .send(&ListParticipants::new(room.sid.clone()))
        .await
        .unwrap()
        .items;
    let mut present: Vec<String> = participants
        .iter()
        .map(|participant| participant.call_sid.to_string())
        .collect();
    present.sort();
    let mut both = vec![inbound.clone(), outbound.to_string()];
    both.sort();
    assert_eq!(present, both);
    for participant in &participants {
        assert_eq!(participant.conference_sid, room.sid);
        assert!(!participant.muted && !participant.hold);
        assert!(participant.start_conference_on_enter && !participant.end_conference_on_exit);
    }

    let events = seen!(app, ConferenceStatus);
    let happened: Vec<(Option<ConferenceStatusEvent>, String)> = events
        .iter()
        .map(|event| {
            (
                event.status_callback_event.clone(),
                event.call.call_sid.to_string(),
            )
        })
        .collect();
    assert_eq!(
        happened,
        [
            (
                Some(ConferenceStatusEvent::ParticipantJoin),
                inbound.clone()
            ),
            (
                Some(ConferenceStatusEvent::ConferenceStart),
                outbound.to_string()
            ),
            (
                Some(ConferenceStatusEvent::ParticipantJoin),
                outbound.to_string()
            ),
        ]
    );
    for event in &events {
        assert_eq!(event.conference_sid, room.sid);
        assert_eq!(event.friendly_name, "Room 7");
        assert_eq!(event.call.account_sid, emulator.project_id());
        assert_eq!(event.muted, Some(false));
        assert_eq!(event.hold, Some(false));
        assert_eq!(event.start_conference_on_enter, Some(true));
        assert_eq!(event.end_conference_on_exit, Some(false));
        assert!(event.timestamp.as_ref().unwrap().datetime().is_some());
        assert_eq!(
            event.event_name,
            event.status_callback_event.as_ref().unwrap().as_str()
        );
        assert!(unknown(&event.extra).is_empty(), "{:?}", event.extra);
    }

    client
        .send(&UpdateConference::new(room.sid.clone()).status(ConferenceUpdateStatus::Completed))
        .await
        .unwrap();
    settle(&emulator).await;

    let dials = seen!(app, Dial);
    let finished: Vec<(String, Option<DialCallStatus>, Option<u64>)> = dials
        .iter()
        .map(|dial| {
            (
                dial.call.call_sid.to_string(),
                dial.dial_call_status.clone(),
                dial.dial_call_duration,
            )
        })
        .collect();
    assert_eq!(
        finished,
        [
            (inbound.clone(), Some(DialCallStatus::Completed), Some(5)),
            (
                outbound.to_string(),
                Some(DialCallStatus::Completed),
                Some(0)
            ),
        ]
    );
    assert!(dials.iter().all(|dial| dial.extra.is_empty()));
    let ending: Vec<Option<ConferenceStatusEvent>> = seen!(app, ConferenceStatus)[3..]
        .iter()
        .map(|event| event.status_callback_event.clone())
        .collect();
    assert_eq!(
        ending,
        [
            Some(ConferenceStatusEvent::ParticipantLeave),
            Some(ConferenceStatusEvent::ParticipantLeave),
            Some(ConferenceStatusEvent::ConferenceEnd),
        ]
    );
    let ended = client
        .send(&FetchConference::new(room.sid.clone()))
        .await
        .unwrap();
    assert_eq!(ended.status, ConferenceStatus::Completed);

    // Both calls go on with the <Dial>'s action: two seconds of "The
    // conference has ended.", then <Hangup/>.
    assert_eq!(
        call_status_of(&client, &inbound).await,
        CallStatus::InProgress
    );
    emulator.advance(Duration::from_secs(2));
    settle(&emulator).await;
    assert_eq!(
        call_status_of(&client, &inbound).await,
        CallStatus::Completed
    );
    assert_eq!(
        call_status_of(&client, outbound.as_str()).await,
        CallStatus::Completed
    );
    assert!(emulator
        .webhooks()
        .iter()
        .all(|webhook| webhook.error.is_none() && webhook.notes.is_empty()));
}

#[tokio::test]
async fn an_incoming_message_is_answered_and_the_reply_reports_its_statuses() {
    let (emulator, client, app) = start().await;
    client
        .send(&BuyPhoneNumber::new(NUMBER).sms_url(app.at("/sms")))
        .await
        .unwrap();

    let received = emulator
        .incoming_message(CALLER, NUMBER, "hello", &["https://example.com/cat.jpg"])
        .unwrap();
    settle(&emulator).await;

    let incoming = seen!(app, Message);
    assert_eq!(incoming.len(), 1);
    let message = &incoming[0];
    assert_eq!(message.message_sid, received);
    assert_eq!(message.account_sid, emulator.project_id());
    assert_eq!(
        (message.from.as_str(), message.to.as_str()),
        (CALLER, NUMBER)
    );
    assert_eq!(message.body, "hello");
    assert_eq!(message.num_media, Some(1));
    assert_eq!(message.media[0].url, "https://example.com/cat.jpg");
    assert_eq!(message.media[0].content_type, "image/jpeg");
    // What the emulator sends that laml's type does not read.
    assert_eq!(
        unknown(&message.extra),
        [
            "ApiVersion",
            "NumSegments",
            "SmsMessageSid",
            "SmsSid",
            "SmsStatus"
        ]
    );

    let messages = client.send(&ListMessages::new()).await.unwrap().items;
    assert_eq!(messages.len(), 2);
    let reply = messages
        .iter()
        .find(|message| message.direction == MessageDirection::OutboundReply)
        .unwrap();
    assert_eq!(reply.body.as_deref(), Some("You said: hello"));
    assert_eq!((reply.from.as_str(), reply.to.as_str()), (NUMBER, CALLER));

    // The action hears that the reply is being sent, with the incoming
    // message's parameters.
    let actions = seen!(app, MessageStatus);
    assert_eq!(actions.len(), 1);
    let action = &actions[0];
    assert_eq!(action.message_status, Some(MessageStatus::Sending));
    assert_eq!(action.message_sid, received);
    assert_eq!((action.from.as_str(), action.to.as_str()), (CALLER, NUMBER));
    assert_eq!(action.error_code, None);
    assert_eq!(
        unknown(&action.extra),
        [
            "ApiVersion",
            "MediaContentType0",
            "MediaUrl0",
            "SmsMessageSid",
            "SmsSid",
            "SmsStatus"
        ]
    );
    assert_eq!(action.extra["SmsStatus"], ["sending"]);
    assert!(emulator
        .webhooks()
        .iter()
        .all(|webhook| webhook.error.is_none()));

    // Sent a second after, delivered two more.
    emulator.advance(Duration::from_secs(3));
    settle(&emulator).await;
    let delivered = client
        .send(&FetchMessage::new(reply.sid.clone()))
        .await
        .unwrap();
    assert_eq!(delivered.status, laml::messages::MessageStatus::Delivered);
}

#[tokio::test]
async fn a_request_the_app_cannot_verify_is_refused_before_its_handler_runs() {
    let (emulator, client, app) = start().await;
    let key = emulator.signing_key();
    let other_key = App::start(|base| WebhookConfig::new("PSK_not_the_emulators", base)).await;
    // Checks the right key against a public URL the emulator does not use.
    let other_url = App::start(|_| WebhookConfig::new(&key, "https://voice.example.com")).await;
    client
        .send(
            &BuyPhoneNumber::new(NUMBER)
                .voice_url(other_key.at("/ivr"))
                .voice_fallback_url(app.at("/fallback")),
        )
        .await
        .unwrap();
    client
        .send(&BuyPhoneNumber::new("+14155550101").voice_url(other_url.at("/ivr")))
        .await
        .unwrap();

    let rescued = emulator.incoming_call(CALLER, NUMBER).unwrap();
    let failed = emulator.incoming_call(CALLER, "+14155550101").unwrap();
    settle(&emulator).await;

    assert!(other_key.routes().is_empty(), "no handler ran");
    assert!(other_url.routes().is_empty(), "no handler ran");
    let refused = ("voice".to_owned(), Some(403), Some("11200".to_owned()));
    let fell_back = ("voice-fallback".to_owned(), Some(200), None);
    assert_eq!(log_of(&emulator, &rescued), [refused.clone(), fell_back]);
    assert_eq!(log_of(&emulator, &failed), [refused]);
    assert!(emulator
        .webhooks()
        .iter()
        .filter(|webhook| webhook.status == Some(403))
        .all(|webhook| webhook.reply == "the signature does not match the request"));

    // The fallback hears why, in parameters VoiceRequest keeps in `extra`.
    let voice = seen!(app, Voice);
    assert_eq!(app.routes(), ["/fallback"]);
    assert_eq!(voice[0].call.call_sid, rescued);
    assert_eq!(
        voice[0].extra,
        BTreeMap::from([
            ("ErrorCode".to_owned(), vec!["11200".to_owned()]),
            ("ErrorUrl".to_owned(), vec![other_key.at("/ivr")]),
        ])
    );
    assert_eq!(call_status_of(&client, &failed).await, CallStatus::Failed);
    // "Sorry, something went wrong." for two seconds, then <Hangup/>.
    emulator.advance(Duration::from_secs(2));
    assert_eq!(
        call_status_of(&client, &rescued).await,
        CallStatus::Completed
    );
}

#[tokio::test]
async fn a_misbehaving_app_ends_in_its_fallback_or_a_failed_call() {
    let (emulator, client, app) = start().await;
    // A 300 ms wait for the reply (100 ms to connect, 200 to read) instead
    // of SignalWire's 7 s, so that the test does not wait.
    let slow = "/slow#ot=100&rt=200";
    // The number, where its calls go, whether it has a fallback, the reply's
    // status and the error logged, and how the call ends.
    let cases = [
        (
            "+14155550100",
            "/broken",
            true,
            Some(500),
            "11200",
            CallStatus::Completed,
        ),
        (
            "+14155550101",
            "/not-laml",
            false,
            Some(200),
            "12100",
            CallStatus::Failed,
        ),
        (
            "+14155550102",
            slow,
            true,
            None,
            "11200",
            CallStatus::Completed,
        ),
        (
            "+14155550103",
            slow,
            false,
            None,
            "11200",
            CallStatus::Failed,
        ),
    ];
    let mut calls = Vec::new();
    for &(number, path, has_fallback, ..) in &cases {
        let mut buy = BuyPhoneNumber::new(number).voice_url(app.at(path));
        if has_fallback {
            buy = buy.voice_fallback_url(app.at("/fallback"));
        }
        client.send(&buy).await.unwrap();
        calls.push(emulator.incoming_call(CALLER, number).unwrap());
    }
    settle(&emulator).await;
    // The fallback's "Sorry, something went wrong.", then <Hangup/>.
    emulator.advance(Duration::from_secs(2));
    settle(&emulator).await;

    for ((number, path, has_fallback, status, code, ended), call) in cases.into_iter().zip(&calls) {
        let mut expected = vec![("voice".to_owned(), status, Some(code.to_owned()))];
        if has_fallback {
            expected.push(("voice-fallback".to_owned(), Some(200), None));
        }
        assert_eq!(log_of(&emulator, call), expected, "{number}");
        if has_fallback {
            let fallback = &requests_of(&emulator, call)[1];
            assert_eq!(fallback.param("ErrorCode"), Some(code), "{number}");
            // The URL that failed, without the fragment that set its
            // timeouts.
            let failed = app.at(path);
            let failed = failed.split('#').next();
            assert_eq!(fallback.param("ErrorUrl"), failed, "{number}");
        }
        assert_eq!(call_status_of(&client, call).await, ended, "{number}");
    }
    // Every handler ran (the signatures were good): misbehaving was the
    // app's own doing.
    let mut routes = app.routes();
    routes.sort();
    assert_eq!(
        routes,
        [
            "/broken",
            "/fallback",
            "/fallback",
            "/not-laml",
            "/slow",
            "/slow"
        ]
    );
}

#[tokio::test]
async fn a_call_reports_its_four_status_events_in_order() {
    let (emulator, client, app) = start().await;
    let call = client
        .send(
            &CreateCall::new("+15551230001", NUMBER)
                .url(app.at("/hello"))
                .status_callback(app.at("/status"))
                .status_callback_event([
                    CallStatusEvent::Initiated,
                    CallStatusEvent::Ringing,
                    CallStatusEvent::Answered,
                    CallStatusEvent::Completed,
                ]),
        )
        .await
        .unwrap()
        .sid;
    settle(&emulator).await;
    // Ringing after a second, answered after five, then two seconds of
    // "Hello from the app." and the document runs out.
    for seconds in [1, 4, 2] {
        emulator.advance(Duration::from_secs(seconds));
        settle(&emulator).await;
    }

    assert_eq!(
        app.routes(),
        ["/status", "/status", "/status", "/hello", "/status"]
    );
    let statuses = seen!(app, CallStatus);
    let course: Vec<(Option<CallStatus>, Option<u64>, Option<u64>)> = statuses
        .iter()
        .map(|status| {
            (
                status.call.call_status.clone(),
                status.sequence_number,
                status.call_duration,
            )
        })
        .collect();
    assert_eq!(
        course,
        [
            (Some(CallStatus::Queued), Some(0), None),
            (Some(CallStatus::Ringing), Some(1), None),
            (Some(CallStatus::InProgress), Some(2), None),
            (Some(CallStatus::Completed), Some(3), Some(2)),
        ]
    );
    let at: Vec<time::OffsetDateTime> = statuses
        .iter()
        .map(|status| status.timestamp.as_ref().unwrap().datetime().unwrap())
        .collect();
    assert_eq!(
        at.iter().map(|moment| *moment - at[0]).collect::<Vec<_>>(),
        [0, 1, 5, 7].map(time::Duration::seconds)
    );
    for status in &statuses {
        assert_eq!(status.call.call_sid, call);
        assert_eq!(
            status.call.direction,
            Some(webhook::CallDirection::OutboundApi)
        );
        assert_eq!(
            (status.call.from.as_str(), status.call.to.as_str()),
            (NUMBER, "+15551230001")
        );
        assert_eq!(status.callback_source, "call-progress-events");
        assert!(status.extra.is_empty(), "{:?}", status.extra);
    }
    assert_eq!(
        call_status_of(&client, call.as_str()).await,
        CallStatus::Completed
    );
}

#[tokio::test]
async fn a_record_verb_reports_its_action_and_its_recording() {
    let (emulator, client, app) = start().await;
    client
        .send(&BuyPhoneNumber::new(NUMBER).voice_url(app.at("/record")))
        .await
        .unwrap();
    let call = emulator.incoming_call(CALLER, NUMBER).unwrap();
    settle(&emulator).await;
    // The caller speaks for three seconds, then presses the finishOnKey.
    emulator.advance(Duration::from_secs(3));
    emulator.press(&call, "#").unwrap();
    settle(&emulator).await;

    let done = seen!(app, Record);
    assert_eq!(done.len(), 1);
    let recorded = &done[0];
    assert_eq!(recorded.call.call_sid, call);
    assert_eq!(recorded.digits, "#");
    assert_eq!(recorded.recording_duration, Some(3));
    // The emulator sends RecordingSid, for which laml's RecordAction has no
    // field.
    assert_eq!(unknown(&recorded.extra), ["RecordingSid"]);
    let recording = recorded.extra["RecordingSid"][0].clone();
    assert!(recorded
        .recording_url
        .ends_with(&format!("/Recordings/{recording}")));

    let statuses = seen!(app, RecordingStatus);
    let course: Vec<(Option<RecordingStatus>, Option<u64>)> = statuses
        .iter()
        .map(|status| (status.recording_status.clone(), status.recording_duration))
        .collect();
    assert_eq!(
        course,
        [
            (Some(RecordingStatus::InProgress), Some(0)),
            (Some(RecordingStatus::Completed), Some(3)),
        ]
    );
    for status in &statuses {
        assert_eq!(status.recording_sid, recording);
        assert_eq!(status.call_sid.as_ref().unwrap(), &call);
        assert_eq!(status.conference_sid, None);
        assert_eq!(status.account_sid, emulator.project_id());
        assert_eq!(status.recording_url, recorded.recording_url);
        assert_eq!(status.recording_channels, Some(1));
        assert_eq!(status.recording_source, "RecordVerb");
        assert!(status.recording_start_time.is_some());
        assert!(status.extra.is_empty(), "{:?}", status.extra);
    }

    let fetched = client.send(&FetchRecording::new(recording)).await.unwrap();
    assert_eq!(fetched.source, RecordingSource::RecordVerb);
    assert_eq!(fetched.duration, Some(3));
    assert_eq!(fetched.call_sid.as_ref().unwrap(), &call);
    // The action answered <Hangup/>.
    assert_eq!(call_status_of(&client, &call).await, CallStatus::Completed);
}
