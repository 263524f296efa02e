//! The emulator calls apps back: it requests their documents, signed, and
//! follows the LaML; it sends status callbacks; it simulates incoming
//! calls and messages; it logs every request and copes with a misbehaving
//! app.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use laml_emulator::{Emulator, Webhook};
use serde_json::Value;
use sha1::Sha1;
use tokio::net::TcpListener;

use crate::{send, Api};

/// One request an app received.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    method: String,
    query: String,
    signature: String,
    params: Vec<(String, String)>,
}

impl Received {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(param, _)| param == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What an app answers at a path.
#[derive(Clone)]
enum Answer {
    Laml(&'static str),
    /// The document, once `/release` has been requested.
    AfterRelease(&'static str),
    Long(String),
    Status(u16, &'static str),
    Slow(Duration, &'static str),
    RedirectTo(&'static str),
}

#[derive(Clone)]
struct Script {
    answers: Arc<HashMap<&'static str, Answer>>,
    received: Arc<Mutex<Vec<Received>>>,
    released: Arc<tokio::sync::watch::Sender<bool>>,
}

/// A scripted app on loopback: it answers each path as told, and keeps
/// what it received.
struct App {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl App {
    async fn start(answers: &[(&'static str, Answer)]) -> App {
        let script = Script {
            answers: Arc::new(answers.iter().cloned().collect()),
            received: Arc::default(),
            released: Arc::new(tokio::sync::watch::channel(false).0),
        };
        let received = Arc::clone(&script.received);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(answer).with_state(script);
        tokio::spawn(async move { axum::serve(listener, app).await });
        App { url, received }
    }

    fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn paths(&self) -> Vec<String> {
        self.received().into_iter().map(|r| r.path).collect()
    }
}

async fn answer(
    State(script): State<Script>,
    method: axum::http::Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = form_urlencoded::parse(&body).into_owned().collect();
    script.received.lock().unwrap().push(Received {
        path: uri.path().to_owned(),
        method: method.to_string(),
        query: uri.query().unwrap_or_default().to_owned(),
        signature: headers
            .get("x-signalwire-signature")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        params,
    });
    let xml = [("content-type", "text/xml")];
    if uri.path() == "/release" {
        script.released.send_replace(true);
    }
    match script.answers.get(uri.path()).cloned() {
        Some(Answer::AfterRelease(body)) => {
            let _ = script
                .released
                .subscribe()
                .wait_for(|released| *released)
                .await;
            (xml, body).into_response()
        }
        Some(Answer::Laml(body)) => (xml, body).into_response(),
        Some(Answer::Long(body)) => (xml, body).into_response(),
        Some(Answer::Status(status, body)) => {
            (StatusCode::from_u16(status).unwrap(), body).into_response()
        }
        Some(Answer::Slow(delay, body)) => {
            tokio::time::sleep(delay).await;
            (xml, body).into_response()
        }
        Some(Answer::RedirectTo(to)) => (StatusCode::FOUND, [("location", to)]).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// The signature SignalWire computes: HMAC-SHA1 of the URL and the sorted
/// parameters, in base64. Written out here, apart from the emulator's own.
pub(crate) fn signature(key: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted = params.to_vec();
    sorted.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

fn purposes(webhooks: &[Webhook]) -> Vec<String> {
    webhooks
        .iter()
        .map(|webhook| webhook.purpose.clone())
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// Buys the inventory's first 415 number for the project with `params`
/// (`VoiceUrl`…), and returns it.
async fn number(api: &Api, params: &[(&str, &str)]) -> String {
    let phone_number = "+14155550100";
    let mut pairs = vec![("PhoneNumber", phone_number)];
    pairs.extend_from_slice(params);
    api.post(&api.account("/IncomingPhoneNumbers.json"), &form(&pairs))
        .await
        .assert_created();
    phone_number.to_owned()
}

/// Places a call from +15551230002 to +15551230001 that will ask `url`,
/// and returns its sid.
async fn place_call(api: &Api, url: &str) -> String {
    let created = api
        .post(
            &api.account("/Calls.json"),
            &form(&[
                ("To", "+15551230001"),
                ("From", "+15551230002"),
                ("Url", url),
            ]),
        )
        .await;
    created.assert_ok()["sid"].as_str().unwrap().to_owned()
}

async fn update_call(api: &Api, sid: &str, form: &str) {
    let path = api.account(&format!("/Calls/{sid}.json"));
    api.post(&path, form).await.assert_ok();
}

async fn settle(emulator: &Emulator) {
    assert!(emulator.settle().await, "the emulator settles");
}

#[tokio::test]
async fn an_answered_call_follows_its_document_through_gather_redirect_and_a_conference() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response>
                <Say>Welcome</Say>
                <Gather action="/menu" numDigits="1"><Say>Press one.</Say></Gather>
                <Say>We did not hear you.</Say>
            </Response>"#,
            ),
        ),
        (
            "/menu",
            Answer::Laml(r#"<Response><Redirect method="get">/room</Redirect></Response>"#),
        ),
        (
            "/room",
            Answer::Laml(
                r#"<Response><Dial><Conference statusCallback="/conference" statusCallbackEvent="start end join leave">Room 1</Conference></Dial><Say>Goodbye</Say></Response>"#,
            ),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let created = api
        .post(
            &api.account("/Calls.json"),
            &form(&[
                ("To", "+15551230001"),
                ("From", "+15551230002"),
                ("Url", &app.at("/voice")),
                ("StatusCallback", &app.at("/status")),
                ("StatusCallbackEvent", "initiated"),
                ("StatusCallbackEvent", "ringing answered"),
                ("StatusCallbackEvent", "completed"),
            ]),
        )
        .await;
    let call = created.assert_ok()["sid"].as_str().unwrap().to_owned();
    settle(emulator).await;
    assert_eq!(app.paths(), ["/status"], "initiated, before it rings");

    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    assert_eq!(app.paths(), ["/status", "/status", "/status", "/voice"]);
    let received = app.received();
    let statuses: Vec<&str> = received[..3]
        .iter()
        .map(|r| r.param("CallStatus").unwrap())
        .collect();
    assert_eq!(statuses, ["queued", "ringing", "in-progress"]);
    let sequence: Vec<&str> = received[..3]
        .iter()
        .map(|r| r.param("SequenceNumber").unwrap())
        .collect();
    assert_eq!(sequence, ["0", "1", "2"]);
    let voice = &received[3];
    assert_eq!(voice.method, "POST");
    assert_eq!(voice.param("CallSid"), Some(call.as_str()));
    assert_eq!(voice.param("AccountSid"), Some(emulator.project_id()));
    assert_eq!(voice.param("From"), Some("+15551230002"));
    assert_eq!(voice.param("Direction"), Some("outbound-api"));
    assert_eq!(
        voice.signature,
        signature(&emulator.signing_key(), &app.at("/voice"), &voice.params),
        "signed with the project's signing key"
    );
    assert_eq!(emulator.call(&call).unwrap()["status"], "in-progress");

    // "Welcome" takes a second; then the gather prompts and waits.
    emulator.advance(Duration::from_secs(1));
    emulator.press(&call, "17").unwrap();
    settle(emulator).await;
    let received = app.received();
    let menu = received.iter().find(|r| r.path == "/menu").unwrap();
    assert_eq!(menu.param("Digits"), Some("1"), "numDigits=1 takes one");
    assert_eq!(app.paths()[4..], ["/menu", "/room", "/conference"]);
    let room = received.iter().find(|r| r.path == "/room").unwrap();
    assert_eq!(room.method, "GET", "<Redirect method=\"get\">");
    assert!(
        room.query.contains(&format!("CallSid={call}")),
        "{}",
        room.query
    );

    let conferences = emulator.conferences();
    assert_eq!(conferences.len(), 1);
    assert_eq!(conferences[0]["friendly_name"], "Room 1");
    assert_eq!(
        conferences[0]["status"], "init",
        "one participant does not start it"
    );
    let conference = conferences[0]["sid"].as_str().unwrap().to_owned();
    let participant = emulator.participant(&conference, &call).unwrap();
    assert_eq!(participant["status"], "in-progress");
    let join = app
        .received()
        .into_iter()
        .find(|r| r.path == "/conference")
        .unwrap();
    assert_eq!(join.param("StatusCallbackEvent"), Some("participant-join"));
    assert_eq!(join.param("CallSid"), Some(call.as_str()));

    // Muted: an event the app did not ask for.
    api.post(
        &api.account(&format!(
            "/Conferences/{conference}/Participants/{call}.json"
        )),
        "Muted=true",
    )
    .await
    .assert_ok();
    // Kicked, the call goes on after the <Dial>: one second of "Goodbye",
    // and the document ends, which hangs up.
    api.delete(&api.account(&format!(
        "/Conferences/{conference}/Participants/{call}.json"
    )))
    .await;
    settle(emulator).await;
    emulator.advance(Duration::from_secs(1));
    settle(emulator).await;
    let ended = emulator.call(&call).unwrap();
    assert_eq!(ended["status"], "completed");
    assert_eq!(ended["duration"], 2);
    let events: Vec<String> = app
        .received()
        .iter()
        .filter(|r| r.path == "/conference")
        .map(|r| r.param("StatusCallbackEvent").unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        ["participant-join", "participant-leave", "conference-end"]
    );
    let last = app.received().last().cloned().unwrap();
    assert_eq!(last.path, "/status");
    assert_eq!(last.param("CallStatus"), Some("completed"));
    assert_eq!(last.param("CallDuration"), Some("2"));

    let log = emulator.webhooks();
    assert_eq!(log.len(), app.received().len(), "every request is logged");
    assert!(log
        .iter()
        .all(|webhook| webhook.error.is_none() && webhook.notes.is_empty()));
    assert_eq!(log[3].status, Some(200));
    assert!(log[3].reply.contains("<Gather"));
}

#[tokio::test]
async fn a_gather_without_input_goes_on_and_a_document_that_runs_out_hangs_up() {
    let app = App::start(&[(
        "/voice",
        Answer::Laml(
            r#"<Response><Gather timeout="3"><Say>Press a key</Say><Play>https://example.com/menu.mp3</Play><Pause length="2"/></Gather><Play>https://example.com/hold.mp3</Play><Say loop="2">Thirty-one characters, spoken!!</Say><Pause length="2"/><Hangup/><Say>never</Say></Response>"#,
        ),
    )])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let sid = place_call(&api, &app.at("/voice")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    // Eight seconds of prompt (1 + 5 + 2), three of silence, five of play,
    // twice three of speech (31 characters at 15 a second), two of pause.
    emulator.advance(Duration::from_secs(23));
    assert_eq!(emulator.call(&sid).unwrap()["status"], "in-progress");
    emulator.advance(Duration::from_secs(1));
    let call = emulator.call(&sid).unwrap();
    assert_eq!(call["status"], "completed");
    assert_eq!(call["duration"], 24);
    assert_eq!(app.paths(), ["/voice"]);
}

#[tokio::test]
async fn an_incoming_call_rings_the_number_s_voice_url_and_can_be_rejected() {
    let app = App::start(&[(
        "/voice",
        Answer::Laml(r#"<Response><Reject reason="busy"/></Response>"#),
    )])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(
        &api,
        &[("VoiceUrl", &app.at("/voice")), ("VoiceMethod", "GET")],
    )
    .await;
    let sid = emulator.incoming_call("+15551239999", &to).unwrap();
    settle(emulator).await;
    let received = app.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "GET");
    assert!(received[0].params.is_empty());
    let query: Vec<(String, String)> = form_urlencoded::parse(received[0].query.as_bytes())
        .into_owned()
        .collect();
    assert!(query.contains(&("CallStatus".into(), "ringing".into())));
    assert!(query.contains(&("Direction".into(), "inbound".into())));
    assert_eq!(
        received[0].signature,
        signature(
            &emulator.signing_key(),
            &format!("{}?{}", app.at("/voice"), received[0].query),
            &[]
        ),
        "a GET is signed over its URL with the query"
    );
    let call = emulator.call(&sid).unwrap();
    assert_eq!(call["status"], "busy");
    assert_eq!(call["direction"], "inbound");

    assert!(matches!(
        emulator.incoming_call("+15551239999", "+19995550100"),
        Err(laml_emulator::SeedRefused::NotFound(_))
    ));
}

#[tokio::test]
async fn an_incoming_message_is_answered_with_the_messages_of_the_reply() {
    let app = App::start(&[(
        "/sms",
        Answer::Laml(
            r#"<Response><Message statusCallback="/delivered">Thanks! <Media>/logo.png</Media></Message><Sms>old</Sms></Response>"#,
        ),
    )])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("SmsUrl", &app.at("/sms"))]).await;
    let received_sid = emulator
        .incoming_message(
            "+15551239999",
            &to,
            "hello",
            &["https://example.com/cat.jpg"],
        )
        .unwrap();
    settle(emulator).await;
    let sms = &app.received()[0];
    assert_eq!(sms.param("Body"), Some("hello"));
    assert_eq!(sms.param("MessageSid"), Some(received_sid.as_str()));
    assert_eq!(sms.param("NumMedia"), Some("1"));
    assert_eq!(sms.param("MediaUrl0"), Some("https://example.com/cat.jpg"));
    assert_eq!(sms.param("MediaContentType0"), Some("image/jpeg"));

    let page = api.get(&api.account("/Messages.json")).await;
    let messages = page.assert_ok()["messages"].as_array().unwrap().clone();
    assert_eq!(messages.len(), 2);
    let reply = messages
        .iter()
        .find(|message| message["direction"] == "outbound-reply")
        .unwrap();
    assert_eq!(reply["body"], "Thanks!");
    assert_eq!(reply["from"], to.as_str());
    assert_eq!(reply["to"], "+15551239999");
    assert_eq!(reply["num_media"], 1);
    let notes = &emulator.webhooks()[0].notes;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("<Sms>"));

    emulator.advance(Duration::from_secs(3));
    settle(emulator).await;
    let statuses: Vec<String> = app
        .received()
        .iter()
        .filter(|r| r.path == "/delivered")
        .map(|r| r.param("MessageStatus").unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["sent", "delivered"]);
}

#[tokio::test]
async fn a_message_sent_with_a_status_callback_reports_each_step() {
    let app = App::start(&[]).await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    api.post(
        &api.account("/Messages.json"),
        &form(&[
            ("To", "+15550130003"),
            ("From", "+15551230002"),
            ("Body", "hi"),
            ("StatusCallback", &app.at("/status")),
        ]),
    )
    .await
    .assert_created();
    emulator.advance(Duration::from_secs(3));
    settle(emulator).await;
    let received = app.received();
    let statuses: Vec<(&str, Option<&str>)> = received
        .iter()
        .map(|r| (r.param("MessageStatus").unwrap(), r.param("ErrorCode")))
        .collect();
    assert_eq!(statuses, [("sent", None), ("undelivered", Some("30003"))]);
}

#[tokio::test]
async fn a_record_verb_records_the_caller_and_reports_the_recording() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(
                r#"<Response><Record action="/recorded" maxLength="30" recordingStatusCallback="/recording" recordingStatusCallbackEvent="in-progress completed"/></Response>"#,
            ),
        ),
        ("/recorded", Answer::Laml("<Response><Hangup/></Response>")),
        (
            "/recording",
            Answer::Slow(Duration::from_millis(300), "<Response/>"),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("VoiceUrl", &app.at("/voice"))]).await;
    let call = emulator.incoming_call("+15551239999", &to).unwrap();
    settle(emulator).await;
    emulator.advance(Duration::from_secs(3));
    emulator.press(&call, "#").unwrap();
    settle(emulator).await;
    let received = app.received();
    let recorded = received.iter().find(|r| r.path == "/recorded").unwrap();
    assert_eq!(recorded.param("Digits"), Some("#"));
    assert_eq!(recorded.param("RecordingDuration"), Some("3"));
    let recording = recorded.param("RecordingSid").unwrap();
    let statuses: Vec<&str> = received
        .iter()
        .filter(|r| r.path == "/recording")
        .map(|r| r.param("RecordingStatus").unwrap())
        .collect();
    assert_eq!(statuses, ["in-progress", "completed"]);
    // A call's recording callbacks go in order with the call's requests,
    // though the app is slow to answer them.
    assert_eq!(
        purposes(&emulator.webhooks()),
        [
            "voice",
            "recording-status",
            "recording-status",
            "record-action"
        ]
    );
    let fetched = api
        .get(&api.account(&format!("/Recordings/{recording}.json")))
        .await;
    assert_eq!(fetched.assert_ok()["source"], "RecordVerb");
    // Its URL is where the API serves it.
    let url = recorded.param("RecordingUrl").unwrap();
    let path = url.strip_prefix(&emulator.space_url()).unwrap();
    assert_eq!(path, api.account(&format!("/Recordings/{recording}")));
    assert_eq!(api.get(path).await.assert_ok()["sid"], recording);
    assert_eq!(emulator.call(&call).unwrap()["status"], "completed");
}

#[tokio::test]
async fn an_enqueued_call_waits_until_dequeued_to_a_new_document() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(r#"<Response><Enqueue waitUrl="/hold">support</Enqueue></Response>"#),
        ),
        (
            "/agent",
            Answer::Laml("<Response><Say>Hello</Say></Response>"),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("VoiceUrl", &app.at("/voice"))]).await;
    let call = emulator.incoming_call("+15551239999", &to).unwrap();
    settle(emulator).await;
    let notes = &emulator.webhooks()[0].notes;
    assert!(notes[0].contains("waitUrl"), "{notes:?}");
    let queues = api.get(&api.account("/Queues.json")).await;
    let queue = &queues.assert_ok()["queues"][0];
    assert_eq!(queue["friendly_name"], "support");
    assert_eq!(queue["current_size"], 1);
    let queue_sid = queue["sid"].as_str().unwrap();

    api.post(
        &api.account(&format!("/Queues/{queue_sid}/Members/Front.json")),
        &form(&[("Url", &app.at("/agent"))]),
    )
    .await
    .assert_ok();
    settle(emulator).await;
    assert_eq!(app.paths(), ["/voice", "/agent"]);
    emulator.advance(Duration::from_secs(1));
    assert_eq!(emulator.call(&call).unwrap()["status"], "completed");
}

#[tokio::test]
async fn a_misbehaving_app_falls_back_then_fails_the_call() {
    let app = App::start(&[
        ("/broken", Answer::Status(500, "oops")),
        (
            "/html",
            Answer::Status(200, "<html><body>hello</body></html>"),
        ),
        (
            "/fallback",
            Answer::Laml("<Response><Say>Sorry</Say></Response>"),
        ),
        ("/slow", Answer::Slow(Duration::from_secs(3), "<Response/>")),
        ("/loop", Answer::RedirectTo("/loop")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(
        &api,
        &[
            ("VoiceUrl", &app.at("/broken#rt=5000")),
            ("VoiceFallbackUrl", &app.at("/fallback")),
        ],
    )
    .await;
    let call = emulator.incoming_call("+15551239999", &to).unwrap();
    settle(emulator).await;
    let log = emulator.webhooks();
    assert_eq!(purposes(&log), ["voice", "voice-fallback"]);
    assert_eq!(log[0].status, Some(500));
    assert!(
        log[0].error.as_deref().unwrap().starts_with("11200"),
        "{log:?}"
    );
    assert_eq!(log[1].param("ErrorCode"), Some("11200"));
    assert_eq!(log[1].param("ErrorUrl"), Some(app.at("/broken").as_str()));
    assert_eq!(emulator.call(&call).unwrap()["status"], "in-progress");

    for (path, code) in [
        ("/html", "12100"),
        ("/slow#rt=200", "11200"),
        ("/loop", "11215"),
    ] {
        emulator.clear_webhooks();
        let sid = place_call(&api, &app.at(path)).await;
        emulator.advance(Duration::from_secs(5));
        settle(emulator).await;
        let log = emulator.webhooks();
        assert_eq!(log.len(), 1, "{path}: {log:?}");
        let error = log[0].error.as_deref().unwrap_or_default();
        assert!(error.starts_with(code), "{path}: {log:?}");
        assert_eq!(emulator.call(&sid).unwrap()["status"], "failed", "{path}");
    }
}

#[tokio::test]
async fn only_loopback_hosts_are_requested_unless_others_are_allowed() {
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let sid = place_call(&api, "https://app.example.com/voice").await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    let log = emulator.webhooks();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, None);
    assert!(
        log[0].error.as_deref().unwrap().starts_with("11210"),
        "{log:?}"
    );
    // The call talks as it would without a document.
    assert_eq!(emulator.call(&sid).unwrap()["status"], "in-progress");
    emulator.advance(Duration::from_secs(60));
    assert_eq!(emulator.call(&sid).unwrap()["status"], "completed");
}

#[tokio::test]
async fn the_control_surface_drives_and_shows_app_traffic() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(r#"<Response><Gather input="speech" action="/heard"/></Response>"#),
        ),
        ("/heard", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("VoiceUrl", &app.at("/voice"))]).await;

    let key = api.get("/__emulator/signing-key").await;
    assert_eq!(
        key.assert_ok()["signing_key"],
        emulator.signing_key().as_str()
    );

    let call = send(
        api.request(reqwest::Method::POST, "/__emulator/calls")
            .body(format!(r#"{{"from": "+15551239999", "to": "{to}"}}"#)),
    )
    .await;
    assert_eq!(call.status, 201, "{}", call.text);
    let sid = call.body["sid"].as_str().unwrap().to_owned();
    let settled = send(api.request(reqwest::Method::POST, "/__emulator/settle")).await;
    assert_eq!(settled.body["settled"], true);

    let heard = send(
        api.request(
            reqwest::Method::POST,
            &format!("/__emulator/calls/{sid}/input"),
        )
        .body(r#"{"speech": "sales please"}"#),
    )
    .await;
    assert_eq!(heard.status, 204, "{}", heard.text);
    send(api.request(reqwest::Method::POST, "/__emulator/settle")).await;
    let webhooks = api.get("/__emulator/webhooks").await;
    let webhooks = webhooks.assert_ok()["webhooks"].as_array().unwrap().clone();
    assert_eq!(webhooks.len(), 2);
    assert_eq!(webhooks[1]["purpose"], "gather-action");
    let params: Vec<(String, String)> =
        serde_json::from_value(webhooks[1]["params"].clone()).unwrap();
    assert!(params.contains(&("SpeechResult".into(), "sales please".into())));
    assert_eq!(webhooks[1]["status"], 200);
    assert_eq!(emulator.call(&sid).unwrap()["status"], "completed");

    for (body, status) in [
        (r#"{"digits": "1", "speech": "x"}"#, 400),
        (r#"{"digits": 1}"#, 400),
        (r#"{}"#, 400),
    ] {
        let refused = send(
            api.request(
                reqwest::Method::POST,
                &format!("/__emulator/calls/{sid}/input"),
            )
            .body(body),
        )
        .await;
        assert_eq!(refused.status, status, "{body}");
    }
    let ended = send(
        api.request(
            reqwest::Method::POST,
            &format!("/__emulator/calls/{sid}/input"),
        )
        .body(r#"{"digits": "1"}"#),
    )
    .await;
    ended.assert_error(422, 21220);
    let unknown = send(
        api.request(reqwest::Method::POST, "/__emulator/calls")
            .body(r#"{"from": "+15551239999", "to": "+19995550100"}"#),
    )
    .await;
    unknown.assert_error(404, 20404);
    let message = send(
        api.request(reqwest::Method::POST, "/__emulator/messages")
            .body(format!(
                r#"{{"from": "+15551239999", "to": "{to}", "body": "hi"}}"#
            )),
    )
    .await;
    message.assert_error(422, 21220);

    let cleared = send(api.request(reqwest::Method::DELETE, "/__emulator/webhooks")).await;
    assert_eq!(cleared.status, 204);
    assert!(emulator.webhooks().is_empty());
    let value: Value = api.get("/__emulator/webhooks").await.body;
    assert_eq!(value["webhooks"], serde_json::json!([]));
}

#[tokio::test]
async fn a_status_callback_is_tried_three_times_and_a_redirect_is_followed() {
    let app = App::start(&[
        ("/status", Answer::Status(503, "busy")),
        ("/moved", Answer::RedirectTo("/voice")),
        ("/voice", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(
        &api,
        &[
            ("VoiceUrl", &app.at("/moved")),
            ("StatusCallback", &app.at("/status")),
        ],
    )
    .await;
    let call = emulator.incoming_call("+15551239999", &to).unwrap();
    settle(emulator).await;
    let log = emulator.webhooks();
    let summary: Vec<(&str, u32, Option<u16>)> = log
        .iter()
        .map(|webhook| (webhook.purpose.as_str(), webhook.attempts, webhook.status))
        .collect();
    assert_eq!(
        summary,
        // A number's status callback hears only the call's end.
        [("voice", 1, Some(200)), ("call-status", 3, Some(503))]
    );
    assert_eq!(
        app.paths().iter().filter(|path| *path == "/status").count(),
        3
    );
    assert_eq!(
        app.paths().iter().filter(|path| *path == "/voice").count(),
        1,
        "the redirect was followed"
    );
    assert_eq!(emulator.call(&call).unwrap()["status"], "completed");
}

#[tokio::test]
async fn a_conference_starts_with_two_and_its_end_sends_both_calls_to_their_dial_action() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(
                r#"<Response><Dial action="/after"><Conference statusCallback="/conference" statusCallbackEvent="start end join leave mute">Team</Conference></Dial></Response>"#,
            ),
        ),
        ("/after", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("VoiceUrl", &app.at("/voice"))]).await;
    let first = emulator.incoming_call("+15551230001", &to).unwrap();
    let second = emulator.incoming_call("+15551230002", &to).unwrap();
    settle(emulator).await;
    let conference = emulator.conferences()[0].clone();
    assert_eq!(conference["status"], "in-progress");
    let sid = conference["sid"].as_str().unwrap().to_owned();
    for call in [&first, &second] {
        assert!(emulator.participant(&sid, call).is_some());
    }
    api.post(
        &api.account(&format!("/Conferences/{sid}/Participants/{first}.json")),
        "Muted=true",
    )
    .await
    .assert_ok();
    emulator.advance(Duration::from_secs(7));
    api.post(
        &api.account(&format!("/Conferences/{sid}.json")),
        "Status=completed",
    )
    .await
    .assert_ok();
    settle(emulator).await;
    let events: Vec<String> = app
        .received()
        .iter()
        .filter(|r| r.path == "/conference")
        .map(|r| r.param("StatusCallbackEvent").unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        [
            "participant-join",
            "conference-start",
            "participant-join",
            "participant-mute",
            "participant-leave",
            "participant-leave",
            "conference-end",
        ]
    );
    // Each callback about a participant carries its call's standard
    // parameters, as SignalWire's conference page lists them.
    for request in app.received().iter().filter(|r| r.path == "/conference") {
        let standard = [
            "ApiVersion",
            "CallSid",
            "CallStatus",
            "Direction",
            "From",
            "To",
        ];
        for name in standard {
            assert!(request.param(name).is_some(), "{name} in {request:?}");
        }
        assert_eq!(request.param("Direction"), Some("inbound"));
        assert_eq!(request.param("To"), Some(to.as_str()));
    }
    let after: Vec<Received> = app
        .received()
        .into_iter()
        .filter(|r| r.path == "/after")
        .collect();
    assert_eq!(after.len(), 2);
    assert!(after
        .iter()
        .all(|r| r.param("DialCallStatus") == Some("completed")
            && r.param("DialCallDuration") == Some("7")));
    for call in [&first, &second] {
        assert_eq!(emulator.call(call).unwrap()["status"], "completed");
    }
}

#[tokio::test]
async fn a_call_in_progress_is_redirected_by_its_update_and_a_subproject_signs_with_its_key() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(r#"<Response><Pause length="30"/></Response>"#),
        ),
        ("/next", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let subproject = api
        .post(
            &format!("{}/Accounts.json", crate::PREFIX),
            "FriendlyName=sub",
        )
        .await;
    let subproject = subproject.assert_created().clone();
    let account = subproject["sid"].as_str().unwrap();
    let key = subproject["signing_key"].as_str().unwrap();
    assert_ne!(key, emulator.signing_key());
    let calls = format!("{}/Accounts/{account}/Calls.json", crate::PREFIX);
    let sid = api
        .post(
            &calls,
            &form(&[
                ("To", "+15551230001"),
                ("From", "+15551230002"),
                ("Url", &app.at("/voice")),
            ]),
        )
        .await
        .assert_ok()["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    let voice = &app.received()[0];
    assert_eq!(
        voice.signature,
        signature(key, &app.at("/voice"), &voice.params)
    );

    let call = format!("{}/Accounts/{account}/Calls/{sid}.json", crate::PREFIX);
    api.post(&call, &form(&[("Url", &app.at("/next"))]))
        .await
        .assert_ok();
    settle(emulator).await;
    assert_eq!(app.paths(), ["/voice", "/next"]);
    let fetched = api.get(&call).await;
    assert_eq!(fetched.assert_ok()["status"], "completed");
    assert_eq!(
        fetched.body["duration"], 0,
        "redirected before the pause ended"
    );
}

#[tokio::test]
async fn recordings_started_through_the_api_report_their_end() {
    let app = App::start(&[]).await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let sid = api
        .post(
            &api.account("/Calls.json"),
            &form(&[
                ("To", "+15551230001"),
                ("From", "+15551230002"),
                ("Url", "https://app.example.com/voice"),
                ("Record", "true"),
                ("RecordingStatusCallback", &app.at("/answered-recording")),
                ("RecordingStatusCallbackEvent", "in-progress"),
                ("RecordingStatusCallbackEvent", "completed"),
            ]),
        )
        .await
        .assert_ok()["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    emulator.advance(Duration::from_secs(5));
    let started = api
        .post(
            &api.account(&format!("/Calls/{sid}/Recordings.json")),
            &form(&[("RecordingStatusCallback", &app.at("/api-recording"))]),
        )
        .await;
    let recording = started.assert_ok()["sid"].as_str().unwrap().to_owned();
    emulator.advance(Duration::from_secs(4));
    api.post(
        &api.account(&format!("/Calls/{sid}/Recordings/{recording}.json")),
        "Status=stopped",
    )
    .await
    .assert_ok();
    emulator.advance(Duration::from_secs(60));
    settle(emulator).await;
    let seen: Vec<(String, String, String)> = app
        .received()
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.param("RecordingStatus").unwrap().to_owned(),
                r.param("RecordingDuration").unwrap_or("-").to_owned(),
            )
        })
        .collect();
    let seen: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("/answered-recording", "in-progress", "0"),
            ("/api-recording", "completed", "4"),
            ("/answered-recording", "completed", "60"),
        ]
    );
    assert!(app
        .received()
        .iter()
        .all(|r| r.param("CallSid") == Some(sid.as_str())));
}

#[tokio::test]
async fn a_long_document_is_read_and_one_over_256_kib_is_refused() {
    let says = "<Say>Thank you for your patience.</Say>".repeat(100);
    let long = format!("<Response>{says}</Response>");
    let huge = format!("<Response>{}</Response>", "<Pause/>".repeat(40_000));
    let exact = format!("<Response>{}</Response>", " ".repeat(256 * 1024 - 21));
    assert_eq!(exact.len(), 256 * 1024);
    let app = App::start(&[
        ("/long", Answer::Long(long)),
        ("/huge", Answer::Long(huge)),
        ("/exact", Answer::Long(exact)),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    for path in ["/long", "/huge", "/exact"] {
        place_call(&api, &app.at(path)).await;
    }
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    let log = emulator.webhooks();
    let long = log
        .iter()
        .find(|webhook| webhook.url.ends_with("/long"))
        .unwrap();
    assert_eq!(long.error, None, "{} bytes", long.reply.len());
    let exact = log
        .iter()
        .find(|webhook| webhook.url.ends_with("/exact"))
        .unwrap();
    assert_eq!(exact.error, None, "256 KiB exactly is read");
    let huge = log
        .iter()
        .find(|webhook| webhook.url.ends_with("/huge"))
        .unwrap();
    assert!(
        huge.error
            .as_deref()
            .unwrap_or_default()
            .starts_with("11200"),
        "{:?}",
        huge.error
    );
    assert_eq!(huge.reply.len(), 256 * 1024);
}

#[tokio::test]
async fn a_slow_app_holds_up_only_its_own_call() {
    // The first call's document comes only once the second call's app has
    // been asked: requests about one call must not wait for another's.
    let app = App::start(&[
        (
            "/first",
            Answer::AfterRelease("<Response><Hangup/></Response>"),
        ),
        ("/release", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let first = number(&api, &[("VoiceUrl", &app.at("/first#rt=3000"))]).await;
    let first = emulator.incoming_call("+15551230001", &first).unwrap();
    api.post(
        &api.account("/IncomingPhoneNumbers.json"),
        &form(&[
            ("PhoneNumber", "+14155550101"),
            ("VoiceUrl", &app.at("/release")),
        ]),
    )
    .await
    .assert_created();
    let second = emulator
        .incoming_call("+15551230002", "+14155550101")
        .unwrap();
    settle(emulator).await;
    let log = emulator.webhooks();
    assert!(log.iter().all(|webhook| webhook.error.is_none()), "{log:?}");
    for call in [&first, &second] {
        assert_eq!(emulator.call(call).unwrap()["status"], "completed");
    }
}

#[tokio::test]
async fn up_to_three_redirects_are_followed_and_allowed_hosts_are_requested() {
    let app = App::start(&[
        ("/r0", Answer::RedirectTo("/r1")),
        ("/r1", Answer::RedirectTo("/r2")),
        ("/r2", Answer::RedirectTo("/r3")),
        ("/r3", Answer::RedirectTo("/voice")),
        (
            "/away",
            Answer::RedirectTo("http://elsewhere.invalid/voice"),
        ),
        ("/voice", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let emulator = Emulator::start_with(laml_emulator::Config {
        webhook_hosts: vec!["app.invalid".into()],
        ..laml_emulator::Config::default()
    })
    .await
    .unwrap();
    emulator.set_pace(laml_emulator::Pace::Paused);
    let http = reqwest::Client::new();
    let calls = format!(
        "{}{}/Accounts/{}/Calls.json",
        emulator.space_url(),
        crate::PREFIX,
        emulator.project_id()
    );
    let three = app.at("/r1");
    let four = app.at("/r0");
    let away = app.at("/away");
    for url in [
        three.as_str(),
        four.as_str(),
        away.as_str(),
        "http://app.invalid/voice#ot=300",
    ] {
        let created = http
            .post(&calls)
            .basic_auth(emulator.project_id(), Some(emulator.api_token()))
            .form(&[
                ("To", "+15551230001"),
                ("From", "+15551230002"),
                ("Url", url),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 200);
    }
    emulator.advance(Duration::from_secs(5));
    settle(&emulator).await;
    let log = emulator.webhooks();
    let error = |url: &str| {
        let webhook = log.iter().find(|webhook| webhook.url == url).unwrap();
        webhook.error.clone().unwrap_or_default()
    };
    assert_eq!(error(&three), "", "three redirects are followed");
    assert!(error(&four).starts_with("11215"), "{log:?}");
    assert!(error(&four).contains("more than 3 redirects"), "{log:?}");
    assert!(error(&away).starts_with("11210"), "{log:?}");
    assert!(
        error(&away).contains("elsewhere.invalid/voice, which the emulator may not request"),
        "{log:?}"
    );
    // Allowed, so tried: the name does not resolve.
    assert!(
        error("http://app.invalid/voice").starts_with("11205"),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_message_s_action_is_asked_and_its_answer_replaces_the_rest() {
    let app = App::start(&[
        (
            "/sms",
            Answer::Laml(
                r#"<Response><Message action="/next">First</Message><Message>never</Message></Response>"#,
            ),
        ),
        (
            "/next",
            Answer::Laml("<Response><Message>Second</Message></Response>"),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let to = number(&api, &[("SmsUrl", &app.at("/sms"))]).await;
    emulator
        .incoming_message("+15551239999", &to, "hi", &[])
        .unwrap();
    settle(emulator).await;
    let next = app
        .received()
        .into_iter()
        .find(|r| r.path == "/next")
        .unwrap();
    assert_eq!(next.param("MessageStatus"), Some("sending"));
    assert_eq!(next.param("Body"), Some("hi"));
    let page = api.get(&api.account("/Messages.json")).await;
    let mut sent: Vec<String> = page.assert_ok()["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|message| message["direction"] == "outbound-reply")
        .map(|message| message["body"].as_str().unwrap().to_owned())
        .collect();
    sent.sort();
    assert_eq!(sent, ["First", "Second"]);
}

#[test]
fn a_config_s_debug_hides_the_signing_key() {
    let config = laml_emulator::Config {
        signing_key: Some("PSK_do_not_print".into()),
        ..laml_emulator::Config::default()
    };
    let debug = format!("{config:?}");
    assert!(!debug.contains("PSK_do_not_print"), "{debug}");
    assert!(debug.contains("signing_key"), "{debug}");
}

#[tokio::test]
async fn calls_follow_their_documents_apart_and_a_late_document_is_not_run() {
    let app = App::start(&[
        (
            "/pause",
            Answer::Laml(r#"<Response><Pause length="10"/></Response>"#),
        ),
        (
            "/long",
            Answer::Laml(r#"<Response><Pause length="60"/></Response>"#),
        ),
        (
            "/held",
            Answer::AfterRelease(r#"<Response><Say>too late</Say></Response>"#),
        ),
        ("/release", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let first = place_call(&api, &app.at("/pause")).await;
    let second = place_call(&api, &app.at("/pause")).await;
    let redirected = place_call(&api, &app.at("/pause")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    // Two seconds into their pauses, one call hangs up and one is
    // redirected.
    emulator.advance(Duration::from_secs(2));
    update_call(&api, &first, "Status=completed").await;
    update_call(&api, &redirected, &form(&[("Url", &app.at("/long"))])).await;
    settle(emulator).await;
    emulator.advance(Duration::from_secs(8));
    let call = |sid: &str| emulator.call(sid).unwrap();
    // Ending one call left the other's verb running.
    assert_eq!(call(&second)["status"], "completed");
    assert_eq!(call(&second)["duration"], 10);
    // The redirect dropped the pause it interrupted.
    assert_eq!(call(&redirected)["status"], "in-progress");
    emulator.advance(Duration::from_secs(52));
    assert_eq!(call(&redirected)["status"], "completed");
    assert_eq!(call(&redirected)["duration"], 62);

    // Two documents are on their way when one call is redirected and the
    // other hung up: neither is run when it comes.
    let held = place_call(&api, &app.at("/held#rt=5000")).await;
    let hung_up = place_call(&api, &app.at("/held#rt=5000")).await;
    emulator.advance(Duration::from_secs(5));
    update_call(&api, &held, &form(&[("Url", &app.at("/pause"))])).await;
    update_call(&api, &hung_up, "Status=completed").await;
    let releaser = place_call(&api, &app.at("/release")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    assert_eq!(call(&releaser)["status"], "completed");
    let log = emulator.webhooks();
    let late: Vec<&Webhook> = log
        .iter()
        .filter(|webhook| webhook.url.ends_with("/held"))
        .collect();
    assert_eq!(late.len(), 2);
    for webhook in late {
        assert_eq!(webhook.error, None);
        assert_eq!(
            webhook.notes,
            ["the call moved on before this document came; it is not run"]
        );
    }
    assert_eq!(call(&hung_up)["status"], "completed");
    assert_eq!(call(&held)["status"], "in-progress", "on its new document");
    emulator.advance(Duration::from_secs(10));
    assert_eq!(call(&held)["status"], "completed");
}

#[tokio::test]
async fn digits_end_at_the_finish_key_and_a_record_ends_after_its_silence() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(r#"<Response><Gather action="/menu"/></Response>"#),
        ),
        (
            "/menu",
            Answer::Laml(
                r#"<Response><Record action="/recorded" maxLength="3" timeout="2"/></Response>"#,
            ),
        ),
        ("/recorded", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let call = place_call(&api, &app.at("/voice")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    emulator.press(&call, "42#9").unwrap();
    settle(emulator).await;
    let menu = app
        .received()
        .into_iter()
        .find(|r| r.path == "/menu")
        .unwrap();
    assert_eq!(menu.param("Digits"), Some("42"), "up to the finish key");

    // The caller speaks for maxLength (3 s), then is silent for timeout.
    emulator.advance(Duration::from_secs(4));
    settle(emulator).await;
    assert!(app.paths().iter().all(|path| path != "/recorded"));
    emulator.advance(Duration::from_secs(1));
    settle(emulator).await;
    let recorded = app
        .received()
        .into_iter()
        .find(|r| r.path == "/recorded")
        .unwrap();
    // trim-silence, the default, drops the 2 s of silence that ended it.
    assert_eq!(recorded.param("RecordingDuration"), Some("3"));
    assert_eq!(recorded.param("Digits"), None);
}

#[tokio::test]
async fn a_call_that_hangs_up_leaves_its_conference_its_queue_and_its_recording() {
    let app = App::start(&[
        (
            "/room",
            Answer::Laml("<Response><Dial><Conference>Room</Conference></Dial></Response>"),
        ),
        (
            "/queue",
            Answer::Laml("<Response><Enqueue>line</Enqueue></Response>"),
        ),
        (
            "/record",
            Answer::Laml(r#"<Response><Record recordingStatusCallback="/recording"/></Response>"#),
        ),
        (
            "/quiet",
            Answer::Laml(r#"<Response><Pause length="30"/></Response>"#),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    let in_room = place_call(&api, &app.at("/room")).await;
    let in_line = place_call(&api, &app.at("/queue")).await;
    let recording = place_call(&api, &app.at("/record")).await;
    let redirected = place_call(&api, &app.at("/record")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    let conference = emulator.conferences()[0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(emulator.participant(&conference, &in_room).is_some());
    let queues = api.get(&api.account("/Queues.json")).await;
    assert_eq!(queues.assert_ok()["queues"][0]["current_size"], 1);

    emulator.advance(Duration::from_secs(2));
    for call in [&in_room, &in_line, &recording] {
        update_call(&api, call, "Status=completed").await;
    }
    // A redirect ends the <Record> too, though the call goes on.
    update_call(&api, &redirected, &form(&[("Url", &app.at("/quiet"))])).await;
    settle(emulator).await;
    assert_eq!(emulator.call(&redirected).unwrap()["status"], "in-progress");
    assert!(emulator.participant(&conference, &in_room).is_none());
    assert_eq!(
        emulator.conference(&conference).unwrap()["status"],
        "completed",
        "its last participant left"
    );
    let queues = api.get(&api.account("/Queues.json")).await;
    assert_eq!(queues.assert_ok()["queues"][0]["current_size"], 0);
    for call in [&recording, &redirected] {
        let completed = app
            .received()
            .into_iter()
            .find(|r| r.path == "/recording" && r.param("CallSid") == Some(call.as_str()))
            .unwrap();
        assert_eq!(completed.param("RecordingStatus"), Some("completed"));
        assert_eq!(completed.param("RecordingDuration"), Some("2"));
    }
}

#[tokio::test]
async fn an_enqueue_action_hears_how_the_caller_left_the_queue() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(r#"<Response><Enqueue action="/left">support</Enqueue></Response>"#),
        ),
        ("/left", Answer::Laml("<Response><Hangup/></Response>")),
        (
            "/agent",
            Answer::Laml("<Response><Say>Hello</Say></Response>"),
        ),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    api.post(
        &api.account("/Queues.json"),
        &form(&[("FriendlyName", "support"), ("MaxSize", "1")]),
    )
    .await
    .assert_created();
    let to = number(&api, &[("VoiceUrl", &app.at("/voice"))]).await;
    let waits = emulator.incoming_call("+15551230001", &to).unwrap();
    settle(emulator).await;
    // The queue holds one: the second caller is turned away to the action,
    // whose document the call follows.
    let turned_away = emulator.incoming_call("+15551230002", &to).unwrap();
    settle(emulator).await;
    assert_eq!(emulator.call(&turned_away).unwrap()["status"], "completed");

    emulator.advance(Duration::from_secs(4));
    settle(emulator).await;
    let queues = api.get(&api.account("/Queues.json")).await;
    let queue_sid = queues.assert_ok()["queues"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    api.post(
        &api.account(&format!("/Queues/{queue_sid}/Members/Front.json")),
        &form(&[("Url", &app.at("/agent"))]),
    )
    .await
    .assert_ok();
    settle(emulator).await;

    let hangs_up = emulator.incoming_call("+15551230003", &to).unwrap();
    settle(emulator).await;
    emulator.advance(Duration::from_secs(2));
    update_call(&api, &hangs_up, "Status=completed").await;
    settle(emulator).await;

    let left: Vec<(String, String, String, String)> = app
        .received()
        .iter()
        .filter(|r| r.path == "/left")
        .map(|r| {
            let param = |name: &str| r.param(name).unwrap_or("-").to_owned();
            (
                param("CallSid"),
                param("QueueResult"),
                param("QueueTime"),
                param("QueueSid"),
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            (turned_away, "queue-full".into(), "0".into(), "-".into()),
            (
                waits.clone(),
                "redirected".into(),
                "4".into(),
                queue_sid.clone()
            ),
            (hangs_up, "hangup".into(), "2".into(), queue_sid),
        ]
    );
    // The dequeued caller follows the URL it was dequeued to, not the
    // action's reply.
    assert!(app.paths().contains(&"/agent".to_owned()));
    emulator.advance(Duration::from_secs(1));
    settle(emulator).await;
    assert_eq!(emulator.call(&waits).unwrap()["status"], "completed");
}

#[tokio::test]
async fn a_record_that_does_not_trim_keeps_its_silence() {
    let app = App::start(&[
        (
            "/voice",
            Answer::Laml(
                r#"<Response><Record action="/recorded" maxLength="3" timeout="2" trim="do-not-trim"/></Response>"#,
            ),
        ),
        ("/recorded", Answer::Laml("<Response><Hangup/></Response>")),
    ])
    .await;
    let api = Api::paused().await;
    let emulator = &api.emulator;
    place_call(&api, &app.at("/voice")).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    emulator.advance(Duration::from_secs(5));
    settle(emulator).await;
    let recorded = app
        .received()
        .into_iter()
        .find(|r| r.path == "/recorded")
        .unwrap();
    assert_eq!(recorded.param("RecordingDuration"), Some("5"));
}
