//! The axum integration through real HTTP on loopback: a signed webhook
//! reaches its handler typed; a missing, malformed or wrong signature (403),
//! a body over the limit (413) or a body that is not a UTF-8 form (400)
//! does not; documents are `text/xml` responses.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use laml::axum::{SignedWebhook, WebhookConfig};
use laml::document::messaging::{Message, MessagingResponse};
use laml::document::voice::{Prosody, Say, VoiceResponse};
use laml::reqwest::{Client, StatusCode};
use laml::signature::{RequestSigner, SIGNALWIRE_SIGNATURE, TWILIO_SIGNATURE};
use laml::webhook::{Form, GatherAction, IncomingMessage};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "PSK_test_key";
const PUBLIC: &str = "https://hooks.example.com/app";

#[derive(Clone)]
struct AppState {
    config: WebhookConfig,
    handled: Arc<AtomicUsize>,
}

impl axum::extract::FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

async fn gather(
    State(state): State<AppState>,
    SignedWebhook(gather): SignedWebhook<GatherAction>,
) -> VoiceResponse {
    state.handled.fetch_add(1, Ordering::SeqCst);
    VoiceResponse::new().append(Say::new(format!("You pressed {}.", gather.digits)))
}

async fn message(
    State(state): State<AppState>,
    SignedWebhook(message): SignedWebhook<IncomingMessage>,
) -> MessagingResponse {
    state.handled.fetch_add(1, Ordering::SeqCst);
    MessagingResponse::new().append(Message::text(format!(
        "{} file(s): {}",
        message.media.len(),
        message.body
    )))
}

async fn query(State(state): State<AppState>, SignedWebhook(form): SignedWebhook<Form>) -> String {
    state.handled.fetch_add(1, Ordering::SeqCst);
    form.get("Digits").unwrap_or_default().to_owned()
}

async fn broken(
    State(state): State<AppState>,
    SignedWebhook(_): SignedWebhook<Form>,
) -> VoiceResponse {
    state.handled.fetch_add(1, Ordering::SeqCst);
    VoiceResponse::new().append(Say::new("bell \u{7}"))
}

struct App {
    base: String,
    handled: Arc<AtomicUsize>,
    client: Client,
    signer: RequestSigner,
}

async fn start(config: WebhookConfig) -> App {
    let handled = Arc::new(AtomicUsize::new(0));
    let state = AppState {
        config,
        handled: handled.clone(),
    };
    let router = Router::new()
        .route("/gather", post(gather))
        .route("/message", post(message))
        .route("/query", get(query))
        .route("/broken", post(broken))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    App {
        base,
        handled,
        client: Client::new(),
        signer: RequestSigner::new(KEY),
    }
}

fn encode(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

impl App {
    async fn post(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<laml::reqwest::Body>,
    ) -> (StatusCode, String, String) {
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, content_type, response.text().await.unwrap())
    }

    fn handled(&self) -> usize {
        self.handled.load(Ordering::SeqCst)
    }
}

const PRESSED: &[(&str, &str)] = &[("CallSid", "CA1"), ("Digits", "7"), ("From", "+1555")];

#[tokio::test]
async fn a_signed_form_reaches_its_handler_typed_and_gets_xml() {
    let app = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let signature = app
        .signer
        .sign_form(&format!("{PUBLIC}/gather?step=2"), PRESSED.iter().copied());
    let (status, content_type, body) = app
        .post(
            "/gather?step=2",
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            encode(PRESSED),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type, "text/xml; charset=utf-8");
    assert_eq!(
        body,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say>You pressed 7.</Say></Response>"#
    );
    // X-Twilio-Signature, which SignalWire also sends, works alone.
    let (status, _, _) = app
        .post(
            "/gather?step=2",
            &[(TWILIO_SIGNATURE, &signature)],
            encode(PRESSED),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.handled(), 2);
}

#[tokio::test]
async fn bad_signatures_get_403_and_reach_no_handler() {
    let app = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let good = app
        .signer
        .sign_form(&format!("{PUBLIC}/gather"), PRESSED.iter().copied());
    let for_other_url = app
        .signer
        .sign_form("https://hooks.example.com/gather", PRESSED.iter().copied());
    let other_key =
        RequestSigner::new("other").sign_form(&format!("{PUBLIC}/gather"), PRESSED.iter().copied());
    let tampered = encode(&[("CallSid", "CA1"), ("Digits", "8"), ("From", "+1555")]);
    type Case<'a> = (Vec<(&'a str, &'a str)>, String, &'a str);
    let cases: Vec<Case> = vec![
        (vec![], encode(PRESSED), "no signature header"),
        (
            vec![(SIGNALWIRE_SIGNATURE, "%%%")],
            encode(PRESSED),
            "is malformed",
        ),
        (
            vec![(SIGNALWIRE_SIGNATURE, &for_other_url)],
            encode(PRESSED),
            "does not match",
        ),
        (
            vec![(SIGNALWIRE_SIGNATURE, &other_key)],
            encode(PRESSED),
            "does not match",
        ),
        (
            vec![(SIGNALWIRE_SIGNATURE, &good)],
            tampered,
            "does not match",
        ),
    ];
    for (headers, body, message) in cases {
        let (status, _, text) = app.post("/gather", &headers, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(text.contains(message), "{text}");
    }
    assert_eq!(app.handled(), 0);
    let (status, _, _) = app
        .post("/gather", &[(SIGNALWIRE_SIGNATURE, &good)], encode(PRESSED))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.handled(), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_gets_413_declared_or_streamed() {
    let app = start(WebhookConfig::new(KEY, PUBLIC).max_body_bytes(1024)).await;
    let long = "x".repeat(2000);
    let params = [("Body", long.as_str())];
    let signature = app.signer.sign_form(&format!("{PUBLIC}/message"), params);
    let (status, _, _) = app
        .post(
            "/message",
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            encode(&params),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // Chunked, with no Content-Length to go by.
    let address = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let chunk = "y".repeat(600);
    let request = format!(
        "POST /message HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         {SIGNALWIRE_SIGNATURE}: {signature}\r\nTransfer-Encoding: chunked\r\n\r\n\
         5\r\nBody=\r\n258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert_eq!(app.handled(), 0);

    let within = [("Body", "hi"), ("MediaUrl0", "https://example.com/a.png")];
    let signature = app.signer.sign_form(&format!("{PUBLIC}/message"), within);
    let (status, _, body) = app
        .post(
            "/message",
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            encode(&within),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<Message>1 file(s): hi</Message>"), "{body}");
}

#[tokio::test]
async fn a_body_that_is_not_a_utf8_form_gets_400_and_not_a_form_415() {
    let app = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let signature = app
        .signer
        .sign_form(&format!("{PUBLIC}/gather"), PRESSED.iter().copied());
    let (status, _, text) = app
        .post(
            "/gather",
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            "Digits=%ff%fe",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(text.contains("UTF-8"), "{text}");

    let response = app
        .client
        .post(format!("{}/gather", app.base))
        .header("content-type", "text/plain")
        .header(SIGNALWIRE_SIGNATURE, &signature)
        .body("Digits=7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(app.handled(), 0);
}

#[tokio::test]
async fn a_get_webhook_is_signed_over_its_url_with_the_query() {
    let app = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let path = "/query?CallSid=CA1&Digits=42";
    let none: [(&str, &str); 0] = [];
    let signature = app.signer.sign_form(&format!("{PUBLIC}{path}"), none);
    let send = |path: &'static str, signature: String| {
        app.client
            .get(format!("{}{path}", app.base))
            .header(SIGNALWIRE_SIGNATURE, signature)
            .send()
    };
    let response = send(path, signature.clone()).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "42");
    let response = send("/query?CallSid=CA1&Digits=43", signature)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.handled(), 1);
}

#[tokio::test]
async fn forwarded_headers_count_only_when_trusted() {
    let forwarded = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "tunnel.example.net"),
    ];
    let signature = RequestSigner::new(KEY).sign_form(
        "https://tunnel.example.net/app/gather",
        PRESSED.iter().copied(),
    );
    let mut headers = forwarded.to_vec();
    headers.push((SIGNALWIRE_SIGNATURE, &signature));

    let untrusting = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let (status, _, _) = untrusting.post("/gather", &headers, encode(PRESSED)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let trusting = start(WebhookConfig::new(KEY, PUBLIC).trust_forwarded_headers(true)).await;
    let (status, _, _) = trusting.post("/gather", &headers, encode(PRESSED)).await;
    assert_eq!(status, StatusCode::OK);
    // Without the headers, the configured URL still applies.
    let signature = trusting
        .signer
        .sign_form(&format!("{PUBLIC}/gather"), PRESSED.iter().copied());
    let (status, _, _) = trusting
        .post(
            "/gather",
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            encode(PRESSED),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_document_that_cannot_render_is_a_500() {
    let app = start(WebhookConfig::new(KEY, PUBLIC)).await;
    let none: [(&str, &str); 0] = [];
    let signature = app.signer.sign_form(&format!("{PUBLIC}/broken"), none);
    let (status, _, text) = app
        .post("/broken", &[(SIGNALWIRE_SIGNATURE, &signature)], "")
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        text,
        "could not render the LaML document: the text of <Say> holds U+0007, which XML 1.0 cannot carry"
    );
}

#[test]
fn the_config_does_not_show_the_signing_key() {
    let config = WebhookConfig::new("PSK_very_secret", "https://example.com/");
    let shown = format!("{config:?}");
    assert!(!shown.contains("very_secret"), "{shown}");
    assert_eq!(config.public_url(), "https://example.com");
}

const DEEP: usize = 100_000;

/// A `<Say>` holding `DEEP` `<prosody>` elements, each inside the one
/// before.
async fn deep() -> VoiceResponse {
    let mut speech = Prosody::new("deep");
    for _ in 1..DEEP {
        speech = Prosody::default().append(speech);
    }
    VoiceResponse::new().append(Say::default().append(speech))
}

#[test]
fn a_deeply_nested_document_is_rendered_and_dropped_by_a_small_stack_worker() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_stack_size(256 * 1024)
        .enable_all()
        .build()
        .unwrap();
    let body = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = Router::new().route("/deep", get(deep));
        tokio::spawn(async move { axum::serve(listener, router).await });
        let response = Client::new()
            .get(format!("{base}/deep"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.text().await.unwrap()
    });
    assert_eq!(body.matches("<prosody>").count(), DEEP);
    assert!(body.ends_with("</prosody></Say></Response>"));
}
