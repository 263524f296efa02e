//! The console in a real browser: headless Chromium driven over WebDriver
//! against an emulator and a small app.
//!
//! These tests need `chromium` and `chromedriver` (Debian's `chromium` and
//! `chromium-driver`; `CHROMIUM` and `CHROMEDRIVER` name other binaries),
//! so `cargo test --workspace` builds them but skips them. Run them with
//! `cargo test -p laml-emulator --test browser -- --ignored`. Screenshots
//! go to `target/console-screenshots/`.

use std::collections::HashMap;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt as _;
use hyper_util::client::legacy::connect::HttpConnector;
use laml_emulator::{ConferenceSeed, Emulator, Pace, ParticipantSeed};
use serde_json::{json, Value};
use tokio::process::{Child, Command};

/// How long one step may take to show in the page.
const WAIT: Duration = Duration::from_secs(10);
/// How long the whole flow may take, so that a stuck browser fails the
/// test instead of hanging it.
const WHOLE_FLOW: Duration = Duration::from_secs(180);
const NUMBER: &str = "+14155550100";

const GREETING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say voice="woman" language="en-GB">Welcome to the test line.</Say>
  <Gather input="dtmf speech" numDigits="1" action="/gather"><Say>Press 1 for the news.</Say></Gather>
</Response>"#;

/// What the app was asked, by path.
#[derive(Clone, Default)]
struct Asked(Arc<Mutex<Vec<&'static str>>>);

impl Asked {
    fn count(&self, path: &str) -> usize {
        let asked = self.0.lock().unwrap();
        asked.iter().filter(|asked| **asked == path).count()
    }
}

/// A voice and messaging app: a greeting with a `<Gather>`, an action that
/// says which key was pressed and keeps the line open, a reply to each text
/// with a picture, and `/broken`, which answers 500.
async fn start_app() -> (String, Asked) {
    let asked = Asked::default();
    let laml = |body: String| ([(header::CONTENT_TYPE, "text/xml")], body).into_response();
    let router = Router::new()
        .route(
            "/voice",
            post(
                move |State(asked): State<Asked>| async move {
                    asked.0.lock().unwrap().push("/voice");
                    laml(GREETING.to_owned())
                },
            ),
        )
        .route(
            "/gather",
            post(
                move |State(asked): State<Asked>, Form(form): Form<HashMap<String, String>>| async move {
                    let heard = match (form.get("Digits"), form.get("SpeechResult")) {
                        (Some(digits), _) => format!("You pressed {digits}."),
                        (None, Some(speech)) => format!(
                            "You said {speech}.</Say><Play>/hold.mp3</Play>\
                             <Play>javascript:void(0)</Play><Say>Bye."
                        ),
                        (None, None) => "Nothing?".to_owned(),
                    };
                    asked.0.lock().unwrap().push("/gather");
                    laml(format!(
                        "<Response><Say>{heard}</Say><Pause length=\"60\"/></Response>"
                    ))
                },
            ),
        )
        .route(
            "/sms",
            post(
                move |State(asked): State<Asked>, Form(form): Form<HashMap<String, String>>| async move {
                    let body = form
                        .get("Body")
                        .map(|body| body.replace('&', "&amp;").replace('<', "&lt;"))
                        .unwrap_or_default();
                    asked.0.lock().unwrap().push("/sms");
                    laml(format!(
                        "<Response><Message>Got it: {body}<Media>/cat.png</Media></Message></Response>"
                    ))
                },
            ),
        )
        .route(
            "/broken",
            post(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "out of order") }),
        )
        .with_state(asked.clone());
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}"), asked)
}

/// Buys `NUMBER` for the emulator's project, its calls answered by the app's
/// `voice` (and `/voice` as the fallback), its texts by `/sms`.
async fn buy_number(emulator: &Emulator, app: &str, voice: &str) {
    create(
        emulator,
        "IncomingPhoneNumbers",
        &[
            ("PhoneNumber", NUMBER),
            ("VoiceUrl", &format!("{app}{voice}")),
            ("VoiceFallbackUrl", &format!("{app}/voice")),
            ("SmsUrl", &format!("{app}/sms")),
        ],
    )
    .await;
}

/// Creates one of the project's `resources` through the REST API, and
/// returns its sid.
async fn create(emulator: &Emulator, resources: &str, form: &[(&str, &str)]) -> String {
    let url = format!(
        "{}/api/laml/2010-04-01/Accounts/{}/{resources}.json",
        emulator.space_url(),
        emulator.project_id()
    );
    let reply = reqwest::Client::new()
        .post(url)
        .basic_auth(emulator.project_id(), Some(emulator.api_token()))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: Value = serde_json::from_str(&reply.text().await.unwrap()).unwrap();
    assert_eq!(status, 201, "{body}");
    body["sid"].as_str().unwrap().to_owned()
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address: SocketAddr| address.port())
        .expect("a free port on 127.0.0.1")
}

fn binary(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

/// A chromedriver on a free port of 127.0.0.1 and a fresh profile for
/// Chromium, both gone when this is dropped.
struct Driver {
    url: String,
    profile: PathBuf,
    _process: Child,
}

impl Driver {
    async fn start() -> Driver {
        let program = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let process = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "cannot start chromedriver ({program}): {error}; install Debian's \
                     chromium and chromium-driver, or name the binary in CHROMEDRIVER"
                )
            });
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let status = reqwest::get(format!("{url}/status")).await;
            if status.is_ok_and(|reply| reply.status().is_success()) {
                break;
            }
            assert!(
                started.elapsed() < WAIT,
                "chromedriver ({program}) did not answer on {url} within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = std::env::temp_dir().join(format!(
            "laml-console-chromium-{}-{port}",
            std::process::id()
        ));
        Driver {
            url,
            profile,
            _process: process,
        }
    }

    async fn browser(&self) -> Client {
        let arguments = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
        ]
        .iter()
        .map(|argument| argument.to_string())
        .chain([format!("--user-data-dir={}", self.profile.display())])
        .collect::<Vec<_>>();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary("CHROMIUM", "/usr/bin/chromium"),
                "args": arguments,
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object")
        };
        let connecting = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await;
        match connecting {
            Ok(client) => client,
            Err(error) => panic!("chromedriver could not start Chromium: {error}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/console-screenshots")
}

/// The console as the test sees it, with waits that fail after [`WAIT`]
/// with what the page showed instead; the emulator and the app behind it.
struct Console {
    browser: Client,
    emulator: Emulator,
    asked: Asked,
}

impl Console {
    async fn shot(&self, name: &str) {
        let png = self.browser.screenshot().await.expect("a screenshot");
        std::fs::create_dir_all(screenshots()).unwrap();
        std::fs::write(screenshots().join(format!("{name}.png")), png).unwrap();
    }

    async fn fail(&self, what: String) -> ! {
        self.shot("failure").await;
        panic!("{what} (see target/console-screenshots/failure.png)")
    }

    /// The text of `css` once it contains `wanted`.
    async fn text_with(&self, css: &str, wanted: &str) -> String {
        let started = Instant::now();
        let mut seen = String::from("(no such element)");
        while started.elapsed() < WAIT {
            if let Ok(element) = self.browser.find(Locator::Css(css)).await {
                seen = element.text().await.unwrap_or_default();
                if seen.contains(wanted) {
                    return seen;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!(
            "after {WAIT:?}, {css} does not show {wanted:?}; it shows {seen:?}"
        ))
        .await
    }

    /// The text of `css` once it is no longer `before`.
    async fn text_changed(&self, css: &str, before: &str) -> String {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            let element = self.browser.find(Locator::Css(css)).await;
            if let Ok(element) = element {
                let now = element.text().await.unwrap_or_default();
                if now != before {
                    return now;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!("after {WAIT:?}, {css} still shows {before:?}"))
            .await
    }

    /// Clicks `css` once it is there and enabled.
    async fn click(&self, css: &str) {
        let started = Instant::now();
        while started.elapsed() < WAIT {
            if let Ok(element) = self.browser.find(Locator::Css(css)).await {
                if element.is_enabled().await.unwrap_or(false) {
                    element.click().await.expect("the click goes through");
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!(
            "after {WAIT:?}, there is no enabled {css} to click"
        ))
        .await
    }

    /// Clicks the button in the requests' list naming `purpose`, the newest
    /// first.
    async fn open_request(&self, purpose: &str) {
        let xpath =
            format!("//table[@id='requests']//tbody//th/button[normalize-space()='{purpose}']");
        let started = Instant::now();
        while started.elapsed() < WAIT {
            if let Ok(button) = self.browser.find(Locator::XPath(&xpath)).await {
                if button.click().await.is_ok() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(format!("after {WAIT:?}, no {purpose} request is listed"))
            .await
    }

    async fn type_into(&self, css: &str, text: &str) {
        let field = self.browser.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }
}

/// Starts chromedriver and Chromium, runs `flow` against the console of an
/// emulator whose number the app answers at `voice`, and closes the
/// browser however `flow` ends.
async fn with_console<F, Fut>(voice: &str, flow: F)
where
    F: FnOnce(Console) -> Fut,
    Fut: Future<Output = ()>,
{
    let (app, asked) = start_app().await;
    let emulator = Emulator::start().await.expect("the emulator starts");
    buy_number(&emulator, &app, voice).await;
    let url = emulator
        .console_url()
        .expect("the console is on by default");
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&url).await.expect("the console opens");
    // The window's size counts the browser's own frame: the page is given
    // 1280x900 itself.
    let frame = browser
        .execute(
            "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];",
            vec![],
        )
        .await
        .expect("the frame's size");
    let frame = |index: usize| frame[index].as_u64().unwrap_or(0) as u32;
    browser
        .set_window_size(1280 + frame(0), 900 + frame(1))
        .await
        .expect("the window is resized");
    let console = Console {
        browser: browser.clone(),
        emulator,
        asked,
    };
    let outcome =
        tokio::time::timeout(WHOLE_FLOW, AssertUnwindSafe(flow(console)).catch_unwind()).await;
    let _ = browser.close().await;
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("the browser flow took more than {WHOLE_FLOW:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test -p laml-emulator --test browser -- --ignored"]
async fn a_caller_calls_presses_1_hangs_up_texts_and_moves_the_clock() {
    with_console("/voice", |console| async move {
        console.text_with("#live", "live").await;
        console.text_with("#phone-to", NUMBER).await;
        let unlabelled: Value = console
            .browser
            .execute(
                "return Array.from(document.querySelectorAll('input, select'))\
                 .filter((field) => !field.labels || field.labels.length === 0)\
                 .map((field) => field.id);",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(unlabelled, json!([]), "every field has a label");

        // A call: the greeting, then the Gather waits for a key.
        console.type_into("#phone-from", "+15550002222").await;
        console.click("#phone-call").await;
        console
            .text_with("#transcript", "Welcome to the test line.")
            .await;
        let transcript = console.text_with("#transcript", "waiting for input").await;
        assert!(transcript.contains("woman, en-GB"), "{transcript}");
        console.text_with("#phone-status", "in-progress").await;
        console.shot("call").await;

        console.click("#keypad button[data-digit='1']").await;
        console.text_with("#transcript", "You pressed 1.").await;
        assert_eq!(console.asked.count("/gather"), 1);

        // The Gather's action in the requests, its answer as a tree.
        console.open_request("gather-action").await;
        let detail = console.text_with("#request-detail", "You pressed 1.").await;
        assert!(detail.contains("<Say>"), "{detail}");
        assert!(detail.contains("Digits"), "{detail}");
        console
            .text_with("#request-detail .xml", "<Pause length=\"60\" />")
            .await;
        console.shot("request").await;

        console.click("#phone-hangup").await;
        console.text_with("#phone-status", "completed").await;
        console.text_with("#transcript", "you hung up").await;
        console.text_with("#calls", "completed").await;

        // The call as the REST API returns it.
        console.click("#calls tbody th button").await;
        let resource = console
            .text_with("#resource-json", "\"status\": \"completed\"")
            .await;
        assert!(resource.contains("+15550002222"), "{resource}");
        console.click("#resource button[type='submit']").await;

        // A conference's participants and a queue's members, as they come.
        let conference = console.emulator.seed_conference(ConferenceSeed {
            friendly_name: "Support huddle".into(),
            ..ConferenceSeed::default()
        });
        for (muted, hold) in [(true, false), (false, true)] {
            console.emulator.seed_participant(
                &conference,
                ParticipantSeed {
                    muted,
                    hold,
                    ..ParticipantSeed::default()
                },
            );
        }
        let queue = create(&console.emulator, "Queues", &[("FriendlyName", "support")]).await;
        let waiting = console.emulator.enqueue(&queue, None).unwrap();
        let conferences = console.text_with("#conferences", "on hold").await;
        assert!(conferences.contains("Support huddle"), "{conferences}");
        assert!(conferences.contains("muted"), "{conferences}");
        let queues = console.text_with("#queues", "waiting").await;
        assert!(queues.contains(&waiting[..8]), "{queues}");

        // Replayed, the action is asked again and listed as a replay.
        console.open_request("gather-action").await;
        console
            .click("#requests button[aria-label^='Replay gather-action']")
            .await;
        console
            .text_with("#requests", "gather-action (replay)")
            .await;
        assert_eq!(console.asked.count("/gather"), 2);

        // A text, answered while the clock stands still; advanced, the
        // reply's status moves on in the page.
        console
            .browser
            .find(Locator::Css("#clock-pace"))
            .await
            .unwrap()
            .select_by_value("paused")
            .await
            .unwrap();
        let started = Instant::now();
        while console.emulator.pace() != Pace::Paused {
            assert!(started.elapsed() < WAIT, "the pace is not paused");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        console.type_into("#sms-from", "+15550002222").await;
        console
            .type_into("#sms-body", "Is my order on its way?")
            .await;
        console.click("#sms-form button[type='submit']").await;
        let thread = console
            .text_with("#thread", "Got it: Is my order on its way?")
            .await;
        assert!(thread.contains("queued"), "{thread}");
        assert!(thread.contains("/cat.png"), "{thread}");

        let before = console.text_with("#clock-now", "UTC").await;
        console.click("#clock-advance").await;
        let after = console.text_changed("#clock-now", &before).await;
        assert!(after > before, "{after} is after {before}");
        console.text_with("#thread", "app · delivered").await;

        console.open_request("gather-action").await;
        console.text_with("#request-detail", "You pressed 1.").await;
        console.shot("console").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: cargo test -p laml-emulator --test browser -- --ignored"]
async fn a_failed_voice_request_is_explained_with_its_fallback_and_filtered_by_call() {
    with_console("/broken", |console| async move {
        console.text_with("#phone-to", NUMBER).await;
        // From the keyboard alone: the field, Tab to Call, Enter.
        console.click("#phone-from").await;
        let active = console.browser.active_element().await.unwrap();
        active
            .send_keys(&char::from(Key::Tab).to_string())
            .await
            .unwrap();
        let active = console.browser.active_element().await.unwrap();
        assert_eq!(
            active.attr("id").await.unwrap().as_deref(),
            Some("phone-call")
        );
        active
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .unwrap();
        console
            .text_with("#transcript", "Welcome to the test line.")
            .await;
        // Call, now disabled, handed the focus on to the transcript.
        let active = console.browser.active_element().await.unwrap();
        assert_eq!(
            active.attr("id").await.unwrap().as_deref(),
            Some("transcript")
        );

        // The failed request, its code explained, its fallback under it.
        let requests = console.text_with("#requests", "voice-fallback").await;
        let voice = requests.find("voice\n").or_else(|| requests.find("voice "));
        let fallback = requests.find("voice-fallback");
        assert!(
            voice < fallback,
            "the fallback follows its request: {requests}"
        );
        assert!(requests.contains("500 11200"), "{requests}");
        console.open_request("voice").await;
        let detail = console
            .text_with("#request-detail", "HTTP retrieval failure")
            .await;
        assert!(detail.contains("11200: the app answered 500"), "{detail}");
        assert!(detail.contains("Fallback chain"), "{detail}");
        assert!(detail.contains("out of order"), "{detail}");
        console.shot("fallback").await;

        // Filtered by another sid, nothing; by this call's, both.
        let call = console
            .browser
            .find(Locator::Css("#calls tbody th button"))
            .await
            .unwrap()
            .attr("data-key")
            .await
            .unwrap()
            .unwrap_or_default();
        let call = call.trim_start_matches("call:").to_owned();
        console.type_into("#request-filter", "SM-none").await;
        console.text_with("#requests-empty", "No request").await;
        console.type_into("#request-filter", &call).await;
        console.text_with("#requests", "voice-fallback").await;

        // Where the Gather takes speech, the caller types it.
        console
            .text_with("#transcript", "waiting for input (dtmf speech")
            .await;
        console.type_into("#speech-text", "hello there").await;
        console.click("#speech-form button[type='submit']").await;
        console
            .text_with("#transcript", "you said “hello there”")
            .await;
        console
            .text_with("#transcript", "You said hello there.")
            .await;
        // A web address is a link; an app's `javascript:` stays text.
        console.text_with("#transcript", "javascript:void(0)").await;
        let links = console
            .browser
            .find_all(Locator::Css("#transcript a"))
            .await
            .unwrap();
        assert_eq!(links.len(), 1, "one link in the transcript");
        let href = links[0].attr("href").await.unwrap().unwrap_or_default();
        assert!(href.ends_with("/hold.mp3"), "{href}");

        // Markup in what is shown stays text.
        console.type_into("#sms-body", "Hello <b>app</b>").await;
        console.click("#sms-form button[type='submit']").await;
        console
            .text_with("#thread", "Got it: Hello <b>app</b>")
            .await;
        assert!(
            console
                .browser
                .find(Locator::Css("#thread b"))
                .await
                .is_err(),
            "no element made from a message"
        );
    })
    .await;
}
