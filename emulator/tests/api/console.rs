//! The console's HTTP contract: who gets in (token, cookie, Basic), the
//! page and its assets, the JSON API and the stream of events, driven
//! against a small app on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::Router;
use laml_emulator::{Config, Emulator, Pace};
use reqwest::header;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::webhooks::signature;
use crate::PREFIX;

const NUMBER: &str = "+14155550100";
const CALLER: &str = "+15550001111";

/// One request the app received: its path, its signature and its form.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    signature: String,
    params: Vec<(String, String)>,
}

/// An app that greets a caller and asks for a key, thanks them once they
/// press one, and answers every text.
async fn start_app() -> (String, Arc<Mutex<Vec<Received>>>) {
    async fn keep(
        State(received): State<Arc<Mutex<Vec<Received>>>>,
        uri: axum::http::Uri,
        headers: HeaderMap,
        body: String,
    ) -> &'static str {
        let signature = headers
            .get("x-signalwire-signature")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        received.lock().unwrap().push(Received {
            path: uri.path().to_owned(),
            signature,
            params: form_urlencoded::parse(body.as_bytes())
                .into_owned()
                .collect(),
        });
        match uri.path() {
            "/voice" => {
                r#"<Response><Say>Hello</Say><Gather numDigits="1" action="/gather"/></Response>"#
            }
            "/gather" => {
                r#"<Response><Say voice="woman">Thanks</Say><Pause length="60"/></Response>"#
            }
            "/sms" => "<Response><Message>Got it</Message></Response>",
            _ => "<Response/>",
        }
    }
    let received = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = Router::new()
        .route("/voice", post(keep))
        .route("/gather", post(keep))
        .route("/sms", post(keep))
        .with_state(Arc::clone(&received));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received)
}

/// An emulator with its console, a client that does not follow redirects,
/// and the console's address and token.
struct Console {
    emulator: Emulator,
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Console {
    async fn start() -> Console {
        let emulator = Emulator::start().await.expect("the emulator starts");
        let url = emulator
            .console_url()
            .expect("the console is on by default");
        let (base, token) = url.split_once("/?token=").expect("a URL with a token");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Console {
            base: base.to_owned(),
            token: token.to_owned(),
            emulator,
            http,
        }
    }

    /// A console whose emulator's clock stands still, with the app's
    /// number bought.
    async fn with_app() -> (Console, Arc<Mutex<Vec<Received>>>) {
        let console = Console::start().await;
        console.emulator.set_pace(Pace::Paused);
        let (app, received) = start_app().await;
        let numbers = format!(
            "{}{PREFIX}/Accounts/{}/IncomingPhoneNumbers.json",
            console.emulator.space_url(),
            console.emulator.project_id()
        );
        let voice_url = format!("{app}/voice");
        let sms_url = format!("{app}/sms");
        let bought = console
            .http
            .post(numbers)
            .basic_auth(
                console.emulator.project_id(),
                Some(console.emulator.api_token()),
            )
            .form(&[
                ("PhoneNumber", NUMBER),
                ("VoiceUrl", voice_url.as_str()),
                ("SmsUrl", sms_url.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bought.status(), 201);
        (console, received)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request carrying the cookie the token URL sets.
    fn with_cookie(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .header(header::COOKIE, format!("laml_console={}", self.token))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .with_cookie(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .with_cookie(reqwest::Method::POST, path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        (status, body)
    }

    async fn state(&self) -> Value {
        let (status, state) = self.get("/api/state").await;
        assert_eq!(status, 200, "{state}");
        state
    }

    async fn settle(&self) {
        let (status, settled) = self.post("/api/settle", json!({})).await;
        assert_eq!((status, &settled), (200, &json!({"settled": true})));
    }

    async fn events(&self) -> Events {
        let response = self
            .with_cookie(reqwest::Method::GET, "/api/events")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        Events {
            response,
            buffer: String::new(),
            seen: Vec::new(),
        }
    }
}

/// The console's event stream, read as a browser's `EventSource` would.
struct Events {
    response: reqwest::Response,
    buffer: String,
    /// Every event read so far, in order, and whether [`Events::until`]
    /// has returned it.
    seen: Vec<(String, Value, bool)>,
}

impl Events {
    /// The next event: its name and its data.
    async fn next(&mut self) -> (String, Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = Some(value.trim().to_owned());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if let Some(name) = name {
                    let data: Value = serde_json::from_str(&data).unwrap();
                    self.seen.push((name.clone(), data.clone(), false));
                    return (name, data);
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.response.chunk())
                .await
                .expect("an event within 10 s")
                .expect("a readable stream")
                .expect("the stream stays open");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Whether an event called `name` whose data `matches` has been read.
    fn saw(&self, name: &str, matches: impl Fn(&Value) -> bool) -> bool {
        self.seen
            .iter()
            .any(|(event, data, _)| event == name && matches(data))
    }

    /// The first event called `name` whose data `matches` that this has
    /// not returned yet, read earlier (events of one change may come in
    /// any order) or now.
    async fn until(&mut self, name: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let mut from = 0;
        loop {
            let found = self.seen[from..]
                .iter_mut()
                .find(|(event, data, taken)| !*taken && event == name && matches(data));
            if let Some((_, data, taken)) = found {
                *taken = true;
                return data.clone();
            }
            from = self.seen.len();
            self.next().await;
        }
    }
}

fn kinds(transcript: &Value) -> Vec<&str> {
    transcript
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap())
        .collect()
}

fn params(webhook: &Value) -> Vec<(String, String)> {
    serde_json::from_value(webhook["params"].clone()).unwrap()
}

#[tokio::test]
async fn without_the_token_or_credentials_nothing_is_readable() {
    let console = Console::start().await;
    for path in ["/", "/console.js", "/api/state", "/api/events"] {
        let response = console.http.get(console.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
        assert!(response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = response.text().await.unwrap();
        assert!(page.contains("console:"), "{page}");
        assert!(!page.contains(&console.token), "{page}");
    }
    let wrong = format!("/?token={}", "0".repeat(32));
    let response = console.http.get(console.url(&wrong)).send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    // The token opens the console at `/` only; elsewhere it is no key.
    let elsewhere = format!("/api/state?token={}", console.token);
    let response = console
        .http
        .get(console.url(&elsewhere))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    let forged = console
        .http
        .get(console.url("/api/state"))
        .header(header::COOKIE, "laml_console=0123")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
}

#[tokio::test]
async fn the_token_url_sets_a_cookie_that_opens_the_page_and_the_api() {
    let console = Console::start().await;
    let url = console.emulator.console_url().unwrap();
    let response = console.http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[header::LOCATION], "/");
    assert_eq!(
        response.headers()[header::SET_COOKIE],
        format!(
            "laml_console={}; HttpOnly; SameSite=Strict; Path=/",
            console.token
        )
    );
    assert_eq!(console.token.len(), 32);
    assert!(console.token.chars().all(|c| c.is_ascii_hexdigit()));

    for (path, content_type, holds) in [
        ("/", "text/html", "/console.js"),
        ("/console.js", "text/javascript", "/api/events"),
        ("/console.css", "text/css", "body"),
    ] {
        let response = console
            .with_cookie(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert!(headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(content_type));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert_eq!(
            headers[header::CONTENT_SECURITY_POLICY],
            "default-src 'self'"
        );
        assert!(response.text().await.unwrap().contains(holds), "{path}");
    }
    let state = console.state().await;
    assert_eq!(state["project_id"], console.emulator.project_id());
    assert_eq!(state["clock"]["pace"], "real-time");
    for list in ["numbers", "calls", "messages", "conferences", "queues"] {
        assert_eq!(state[list], json!([]), "{list}");
    }
    assert_eq!(state["transcripts"], json!({}));
    let (status, missing) = console.get("/api/nothing").await;
    assert_eq!((status, missing["message"].is_string()), (404, true));
}

#[tokio::test]
async fn scripts_use_the_project_s_basic_credentials() {
    let console = Console::start().await;
    let emulator = &console.emulator;
    let state = |password: &str| {
        console
            .http
            .get(console.url("/api/state"))
            .basic_auth(emulator.project_id(), Some(password))
            .send()
    };
    let response = state(emulator.api_token()).await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(body["project_id"], emulator.project_id());
    assert_eq!(state("PTwrong").await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_post_that_is_not_json_is_refused_with_415() {
    let console = Console::start().await;
    for content_type in [
        Some("application/x-www-form-urlencoded"),
        Some("text/plain"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let mut request = console
            .with_cookie(reqwest::Method::POST, "/api/clock")
            .body(r#"{"pace": "paused"}"#);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 415, "{content_type:?}");
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert!(body["message"]
            .as_str()
            .unwrap()
            .contains("application/json"));
    }
    assert_eq!(console.emulator.pace(), Pace::RealTime, "nothing changed");
    let response = console
        .with_cookie(reqwest::Method::POST, "/api/clock")
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(r#"{"pace": "paused"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(console.emulator.pace(), Pace::Paused);
}

#[tokio::test]
async fn a_call_is_heard_driven_and_hung_up_live() {
    let (console, received) = Console::with_app().await;
    let mut events = console.events().await;

    let (status, call) = console
        .post("/api/calls", json!({"from": CALLER, "to": NUMBER}))
        .await;
    assert_eq!(status, 201, "{call}");
    let sid = call["sid"].as_str().unwrap().to_owned();
    assert_eq!(call["from"], CALLER);
    assert_eq!(call["direction"], "inbound");
    assert_eq!(call["status"], "ringing");

    let asked = events
        .until("webhook", |data| data["purpose"] == "voice")
        .await;
    assert_eq!(asked["sid"], sid.as_str());
    assert_eq!(asked["status"], 200);
    assert_eq!(asked["replay_of"], Value::Null);
    assert!(asked["id"].is_u64());
    let greeting = events
        .until("heard", |data| data["item"]["kind"] == "say")
        .await;
    assert_eq!(greeting["call"], sid.as_str());
    assert_eq!(greeting["item"]["text"], "Hello");
    assert_eq!(greeting["item"]["voice"], "man");
    assert_eq!(greeting["item"]["language"], "en-US");
    assert!(greeting["item"]["at"].as_str().unwrap().ends_with('Z'));
    assert!(events.saw("changed", |data| data["kinds"]
        .as_array()
        .unwrap()
        .contains(&json!("calls"))));

    // Pressed while the greeting plays: kept for the <Gather>.
    let path = format!("/api/calls/{sid}/digits");
    assert_eq!(console.post(&path, json!({"digits": "1"})).await.0, 204);
    events
        .until("heard", |data| data["item"]["kind"] == "pressed")
        .await;
    let (status, clock) = console.post("/api/clock", json!({"advance": 1})).await;
    assert_eq!(status, 200, "{clock}");
    let gather = events
        .until("heard", |data| data["item"]["kind"] == "gather")
        .await;
    assert_eq!(gather["item"]["input"], "dtmf");
    assert_eq!(gather["item"]["timeout"], 5);
    let action = events
        .until("webhook", |data| data["purpose"] == "gather-action")
        .await;
    assert!(action["url"].as_str().unwrap().ends_with("/gather"));
    assert!(params(&action).contains(&("Digits".to_owned(), "1".to_owned())));
    assert_eq!(action["status"], 200);
    let thanks = events
        .until("heard", |data| data["item"]["kind"] == "say")
        .await;
    assert_eq!(thanks["item"]["voice"], "woman");
    console.settle().await;
    assert_eq!(
        console.post("/api/clock", json!({"advance": 1})).await.0,
        200
    );
    let pause = events
        .until("heard", |data| data["item"]["kind"] == "pause")
        .await;
    assert_eq!(pause["item"]["seconds"], 60);

    let hangup = format!("/api/calls/{sid}/hangup");
    assert_eq!(console.post(&hangup, json!({})).await.0, 204);
    let hung_up = events
        .until("heard", |data| data["item"]["kind"] == "hangup")
        .await;
    assert_eq!(hung_up["item"]["by"], "caller");
    let (status, refused) = console.post(&hangup, json!({})).await;
    assert_eq!(status, 409, "{refused}");
    assert!(refused["message"].is_string());

    let state = console.state().await;
    let call = &state["calls"][0];
    assert_eq!(call["sid"], sid.as_str());
    assert_eq!(call["status"], "completed");
    assert_eq!(
        kinds(&state["transcripts"][&sid]),
        ["say", "pressed", "gather", "say", "pause", "hangup"]
    );
    assert_eq!(state["numbers"][0]["phone_number"], NUMBER);
    let webhooks = state["webhooks"].as_array().unwrap();
    assert_eq!(webhooks[0]["purpose"], "gather-action", "newest first");
    assert_eq!(webhooks.last().unwrap()["purpose"], "voice");
    let paths: Vec<String> = received
        .lock()
        .unwrap()
        .iter()
        .map(|received| received.path.clone())
        .collect();
    assert_eq!(paths, ["/voice", "/gather"]);

    // A transcript stays while its call does, and leaves with it.
    let call_url = format!(
        "{}{PREFIX}/Accounts/{}/Calls/{sid}.json",
        console.emulator.space_url(),
        console.emulator.project_id()
    );
    let deleted = console
        .http
        .delete(call_url)
        .basic_auth(
            console.emulator.project_id(),
            Some(console.emulator.api_token()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let request = events
        .until("request", |data| data["method"] == "DELETE")
        .await;
    assert_eq!(request["status"], 204);
    assert!(request["path"].as_str().unwrap().ends_with(".json"));
    assert_eq!(console.state().await["transcripts"], json!({}));
}

#[tokio::test]
async fn input_and_calls_are_checked() {
    let (console, _) = Console::with_app().await;
    let (status, refused) = console
        .post("/api/calls", json!({"from": CALLER, "to": "+14155550199"}))
        .await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("\"to\""));
    let (status, refused) = console.post("/api/calls", json!({"to": NUMBER})).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("from"));
    let (status, refused) = console
        .post("/api/calls/CA404/digits", json!({"digits": "1"}))
        .await;
    assert_eq!(status, 404, "{refused}");
    let (_, call) = console
        .post("/api/calls", json!({"from": CALLER, "to": NUMBER}))
        .await;
    let sid = call["sid"].as_str().unwrap();
    let (status, refused) = console
        .post(&format!("/api/calls/{sid}/digits"), json!({"keys": "1"}))
        .await;
    assert_eq!(status, 400, "{refused}");
    let (status, refused) = console
        .post(&format!("/api/calls/{sid}/speech"), json!({"speech": "hi"}))
        .await;
    assert_eq!(status, 409, "ringing, not in a <Gather>: {refused}");
    let (status, refused) = console.post("/api/clock", json!({"pace": "fast"})).await;
    assert_eq!(status, 400, "{refused}");
    let (status, _) = console.post("/api/webhooks/99/replay", json!({})).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_text_and_its_reply_make_a_thread() {
    let (console, received) = Console::with_app().await;
    let mut events = console.events().await;
    let (status, message) = console
        .post(
            "/api/messages",
            json!({"from": CALLER, "to": NUMBER, "body": "Hi there"}),
        )
        .await;
    assert_eq!(status, 201, "{message}");
    assert_eq!(message["body"], "Hi there");
    assert_eq!(message["direction"], "inbound");
    let asked = events
        .until("webhook", |data| data["purpose"] == "sms")
        .await;
    assert!(params(&asked).contains(&("Body".to_owned(), "Hi there".to_owned())));
    console.settle().await;
    // The reply is sent once the app's answer is followed, before the
    // request is logged.
    assert!(events.saw("changed", |data| data["kinds"]
        .as_array()
        .unwrap()
        .contains(&json!("messages"))));
    let state = console.state().await;
    let messages = state["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let reply = messages
        .iter()
        .find(|message| message["direction"] == "outbound-reply")
        .expect("the app's reply");
    assert_eq!(reply["body"], "Got it");
    assert_eq!(reply["to"], CALLER);
    assert_eq!(reply["from"], NUMBER);
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn the_clock_moves_live() {
    let console = Console::start().await;
    let mut events = console.events().await;
    let (status, set) = console
        .post("/api/clock", json!({"pace": "paused", "advance": 90}))
        .await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["pace"], "paused");
    let moved = events.until("clock", |_| true).await;
    assert_eq!(moved, set);
    let now = time::OffsetDateTime::parse(
        set["now"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!(now, console.emulator.now());
    console.emulator.advance(Duration::from_secs(30));
    let moved = events.until("clock", |_| true).await;
    assert_eq!(moved["pace"], "paused");
    assert_eq!(
        moved["now"],
        (now + time::Duration::seconds(30))
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    );
    assert_eq!(console.state().await["clock"], moved);
}

#[tokio::test]
async fn a_replay_is_signed_afresh_and_logged_as_a_new_webhook() {
    let (console, received) = Console::with_app().await;
    let mut events = console.events().await;
    let (_, message) = console
        .post(
            "/api/messages",
            json!({"from": CALLER, "to": NUMBER, "body": "Hi"}),
        )
        .await;
    let original = events
        .until("webhook", |data| data["purpose"] == "sms")
        .await;
    assert_eq!(original["sid"], message["sid"]);
    let id = original["id"].as_u64().unwrap();

    let (status, _) = console
        .post(&format!("/api/webhooks/{id}/replay"), json!({}))
        .await;
    assert_eq!(status, 202);
    let replayed = events
        .until("webhook", |data| data["replay_of"] == id)
        .await;
    assert_ne!(replayed["id"], original["id"]);
    assert_eq!(replayed["purpose"], "sms");
    assert_eq!(replayed["url"], original["url"]);
    assert_eq!(replayed["method"], original["method"]);
    assert_eq!(replayed["params"], original["params"]);
    assert_eq!(replayed["status"], 200);
    assert!(replayed["notes"][0]
        .as_str()
        .unwrap()
        .contains("not followed"));
    let key = console.emulator.signing_key();
    let url = replayed["url"].as_str().unwrap();
    assert_eq!(
        replayed["signature"],
        signature(&key, url, &params(&replayed))
    );

    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].params, received[0].params);
    assert_eq!(
        received[1].signature,
        replayed["signature"].as_str().unwrap()
    );
    console.settle().await;
    let state = console.state().await;
    let replies = state["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|message| message["direction"] == "outbound-reply")
        .count();
    assert_eq!(replies, 1, "the replay's <Message> is not sent");
    assert_eq!(state["webhooks"][0]["replay_of"], id);
}

#[tokio::test]
async fn a_replay_to_a_call_that_has_ended_says_so() {
    let (console, _) = Console::with_app().await;
    let (_, call) = console
        .post("/api/calls", json!({"from": CALLER, "to": NUMBER}))
        .await;
    let sid = call["sid"].as_str().unwrap();
    console.settle().await;
    let hangup = format!("/api/calls/{sid}/hangup");
    assert_eq!(console.post(&hangup, json!({})).await.0, 204);
    let state = console.state().await;
    let voice = state["webhooks"][0]["id"].as_u64().unwrap();
    assert_eq!(
        console
            .post(&format!("/api/webhooks/{voice}/replay"), json!({}))
            .await
            .0,
        202
    );
    console.settle().await;
    let state = console.state().await;
    let replayed = &state["webhooks"][0];
    assert_eq!(replayed["replay_of"], voice);
    assert!(
        replayed["notes"][0].as_str().unwrap().contains("has ended"),
        "{replayed}"
    );
    assert_eq!(state["calls"][0]["status"], "completed");
    assert_eq!(
        kinds(&state["transcripts"][sid]),
        ["say", "hangup"],
        "the replayed document is not followed"
    );
}

#[tokio::test]
async fn the_token_never_prints_and_the_console_can_be_turned_off() {
    let console = Console::start().await;
    let debug = format!("{:?}", console.emulator);
    assert!(!debug.contains(&console.token), "{debug}");
    assert!(debug.contains("console_address"), "{debug}");

    let off = Emulator::start_with(Config::default().console(false))
        .await
        .unwrap();
    assert_eq!(off.console_url(), None);
}

#[tokio::test]
async fn the_state_shows_conferences_queues_and_recordings_as_the_api_does() {
    let console = Console::start().await;
    let emulator = &console.emulator;
    let conference = emulator.seed_conference(laml_emulator::ConferenceSeed {
        friendly_name: "Team Sync".into(),
        status: "in-progress".into(),
        ..laml_emulator::ConferenceSeed::default()
    });
    let participant = emulator.seed_participant(
        &conference,
        laml_emulator::ParticipantSeed {
            muted: true,
            ..laml_emulator::ParticipantSeed::default()
        },
    );
    let recording = emulator.seed_recording(&conference, laml_emulator::RecordingSeed::default());
    let account = format!(
        "{}{PREFIX}/Accounts/{}",
        emulator.space_url(),
        emulator.project_id()
    );
    let queue: Value = serde_json::from_str(
        &console
            .http
            .post(format!("{account}/Queues.json"))
            .basic_auth(emulator.project_id(), Some(emulator.api_token()))
            .form(&[("FriendlyName", "support")])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let queue_sid = queue["sid"].as_str().unwrap();
    let waiting = emulator.enqueue(queue_sid, None).unwrap();

    let state = console.state().await;
    let shown = &state["conferences"][0];
    assert_eq!(shown["sid"], conference.as_str());
    assert_eq!(shown["friendly_name"], "Team Sync");
    assert_eq!(shown["participants"][0]["call_sid"], participant.as_str());
    assert_eq!(shown["participants"][0]["muted"], true);
    let mut as_api = emulator.conference(&conference).unwrap();
    as_api["participants"] = shown["participants"].clone();
    assert_eq!(*shown, as_api);
    assert_eq!(
        shown["participants"][0],
        emulator.participant(&conference, &participant).unwrap()
    );
    let queue = &state["queues"][0];
    assert_eq!(queue["sid"], queue_sid);
    assert_eq!(queue["members"][0]["call_sid"], waiting.as_str());
    // The wait is as of the clock when the console looks, as the API's.
    emulator.set_pace(laml_emulator::Pace::Paused);
    emulator.advance(std::time::Duration::from_secs(90));
    let later = console.state().await;
    let waited = later["queues"][0]["members"][0]["wait_time"]
        .as_i64()
        .unwrap();
    assert!((90..=92).contains(&waited), "{waited}");
    assert_eq!(later["queues"][0]["average_wait_time"], waited);
    assert_eq!(state["recordings"][0]["sid"], recording.as_str());
    assert_eq!(
        state["recordings"][0]["conference_sid"],
        conference.as_str()
    );
}
