//! `SignedWebhook` and `SignedJson` under attack, through real HTTP on
//! loopback: routers that shorten the path, ports and proxies, URLs that
//! carry `bodySHA256`, repeated pairs, JSON bodies, and bodies that are
//! slow, long or never sent. Each request is written by hand on a TCP
//! socket, so that nothing between the test and the app tidies it up.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use laml::axum::{
    ForwardedHeaders, SignedJson, SignedWebhook, WebhookConfig, DEFAULT_BODY_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES,
};
use laml::document::fax::{FaxResponse, Receive};
use laml::signature::{RequestSigner, SIGNALWIRE_SIGNATURE};
use laml::webhook::{Form, GatherAction};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const KEY: &str = "PSK_trust_key";
const PUBLIC: &str = "https://hooks.example.com";

/// What the handlers saw: every pair of each request that reached one.
type Seen = Arc<Mutex<Vec<Vec<(String, String)>>>>;

#[derive(Clone)]
struct AppState {
    config: WebhookConfig,
    seen: Seen,
}

impl axum::extract::FromRef<AppState> for WebhookConfig {
    fn from_ref(state: &AppState) -> Self {
        state.config.clone()
    }
}

async fn record(State(state): State<AppState>, SignedWebhook(form): SignedWebhook<Form>) -> String {
    state.seen.lock().unwrap().push(form.pairs().to_vec());
    "ok".to_owned()
}

async fn gather(
    State(state): State<AppState>,
    SignedWebhook(gather): SignedWebhook<GatherAction>,
) -> String {
    state
        .seen
        .lock()
        .unwrap()
        .push(vec![("Digits".to_owned(), gather.digits.clone())]);
    format!("digits {}", gather.digits)
}

#[derive(Debug, Deserialize)]
struct Event {
    event: String,
    call: CallPart,
}

#[derive(Debug, Deserialize)]
struct CallPart {
    id: String,
    seconds: u32,
}

async fn json_event(State(state): State<AppState>, SignedJson(event): SignedJson<Event>) -> String {
    state.seen.lock().unwrap().push(vec![]);
    format!("{} {} {}", event.event, event.call.id, event.call.seconds)
}

async fn fax(SignedWebhook(_): SignedWebhook<Form>) -> FaxResponse {
    FaxResponse::new().append(Receive::new())
}

struct App {
    address: String,
    seen: Seen,
}

impl App {
    async fn start(config: WebhookConfig) -> Self {
        Self::serve(config, |routes| routes).await
    }

    /// Serves the routes under whatever `arrange` makes of them.
    async fn serve(
        config: WebhookConfig,
        arrange: impl FnOnce(Router<AppState>) -> Router<AppState>,
    ) -> Self {
        let seen = Seen::default();
        let state = AppState {
            config,
            seen: seen.clone(),
        };
        let routes = Router::new()
            .route("/record", post(record).get(record))
            .route("/gather", post(gather))
            .route("/json", post(json_event))
            .route("/fax", post(fax));
        let router = arrange(routes).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        tokio::spawn(async move { axum::serve(listener, router).await });
        App { address, seen }
    }

    fn seen(&self) -> Vec<Vec<(String, String)>> {
        self.seen.lock().unwrap().clone()
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(&self.address).await.unwrap()
    }

    /// Sends `head` (the request line and headers, without the blank line)
    /// and `body`, and reads the whole answer.
    async fn send(&self, head: &str, body: &[u8]) -> Answer {
        let mut stream = self.connect().await;
        let request = format!(
            "{head}\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            self.address,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        stream.write_all(body).await.unwrap();
        read_answer(&mut stream, Duration::from_secs(10)).await
    }

    /// `body` posted to `path` as `content_type`, with `signature`.
    async fn post(&self, path: &str, content_type: &str, signature: &str, body: &[u8]) -> Answer {
        let head = format!(
            "POST {path} HTTP/1.1\r\nContent-Type: {content_type}\r\n{SIGNALWIRE_SIGNATURE}: {signature}"
        );
        self.send(&head, body).await
    }

    /// `PRESSED` posted as a form to `path` with `signature`.
    async fn post_pressed(&self, path: &str, signature: &str) -> Answer {
        self.post_form(path, &[(SIGNALWIRE_SIGNATURE, signature)], &encode(PRESSED))
            .await
    }

    /// A signed form `POST` to `path`, with `headers`.
    async fn post_form(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        let mut head =
            format!("POST {path} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded");
        for (name, value) in headers {
            head.push_str(&format!("\r\n{name}: {value}"));
        }
        self.send(&head, body.as_bytes()).await
    }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    text: String,
    took: Duration,
}

/// The answer on `stream`, or a status of 0 when none came within `wait`.
async fn read_answer(stream: &mut TcpStream, wait: Duration) -> Answer {
    let started = Instant::now();
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut raw)).await;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Answer {
        status,
        text,
        took: started.elapsed(),
    }
}

fn encode(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

fn sign(url: &str, params: &[(&str, &str)]) -> String {
    RequestSigner::new(KEY).sign_form(url, params.iter().copied())
}

const PRESSED: &[(&str, &str)] = &[("CallSid", "CA1"), ("Digits", "7")];

#[tokio::test]
async fn a_nested_route_is_checked_against_the_path_the_client_asked_for() {
    let nest = App::serve(WebhookConfig::new(KEY, PUBLIC), |routes| {
        Router::new().nest("/hooks", routes)
    })
    .await;
    let merge = App::serve(WebhookConfig::new(KEY, PUBLIC), |routes| {
        Router::new().merge(Router::new().nest("/hooks", routes))
    })
    .await;
    let nest_service = App::serve(WebhookConfig::new(KEY, PUBLIC), |routes| {
        // A router given its state becomes a service of its own.
        let config = WebhookConfig::new(KEY, PUBLIC);
        let inner = routes.with_state(AppState {
            config,
            seen: Seen::default(),
        });
        Router::new().nest_service("/hooks", inner)
    })
    .await;
    for app in [&nest, &merge, &nest_service] {
        let genuine = sign(&format!("{PUBLIC}/hooks/gather?step=1"), PRESSED);
        let answer = app.post_pressed("/hooks/gather?step=1", &genuine).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert!(answer.text.ends_with("digits 7"), "{}", answer.text);

        // Signed for the path as the nested router sees it: not genuine.
        let shortened = sign(&format!("{PUBLIC}/gather?step=1"), PRESSED);
        let answer = app.post_pressed("/hooks/gather?step=1", &shortened).await;
        assert_eq!(answer.status, 403, "{}", answer.text);
    }

    let plain = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let genuine = sign(&format!("{PUBLIC}/gather"), PRESSED);
    let answer = plain.post_pressed("/gather", &genuine).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn a_url_carrying_body_sha256_needs_the_body_it_names_whatever_the_method() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let json = br#"{"event":"call.ended","call":{"id":"CA1","seconds":42}}"#;
    let (hashed_url, signature) =
        RequestSigner::new(KEY).sign_json_with_body_hash(&format!("{PUBLIC}/record"), json);
    let path_and_query = hashed_url.trim_start_matches(PUBLIC);
    let header = format!("{SIGNALWIRE_SIGNATURE}: {signature}");

    // The URL's signature, replayed as a GET or as an empty form POST.
    let answer = app
        .send(&format!("GET {path_and_query} HTTP/1.1\r\n{header}"), b"")
        .await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    let answer = app
        .post_form(path_and_query, &[(SIGNALWIRE_SIGNATURE, &signature)], "")
        .await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    // A form body that is not the one hashed.
    let answer = app
        .post_form(
            path_and_query,
            &[(SIGNALWIRE_SIGNATURE, &signature)],
            "Digits=1",
        )
        .await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert!(app.seen().is_empty());

    // The body it names goes through, as JSON.
    let json_path = path_and_query.replacen("/record", "/json", 1);
    let (_, json_signature) =
        RequestSigner::new(KEY).sign_json_with_body_hash(&format!("{PUBLIC}/json"), json);
    let answer = app
        .post(&json_path, "application/json", &json_signature, json)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer.text.ends_with("call.ended CA1 42"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn json_webhooks_are_extracted_under_each_json_scheme() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let signer = RequestSigner::new(KEY);
    let json = br#"{"event":"call.ended","call":{"id":"CA9","seconds":7}}"#;

    // SignalWire's hex signature over the URL and the raw body.
    let hex = signer.sign_json(&format!("{PUBLIC}/json"), json);
    let answer = app.post("/json", "application/json", &hex, json).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.text.ends_with("call.ended CA9 7"), "{}", answer.text);
    let answer = app
        .post("/json", "application/cloudevents+json", &hex, json)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);

    // Changed by one byte: refused.
    let tampered = br#"{"event":"call.ended","call":{"id":"CA9","seconds":8}}"#;
    let answer = app.post("/json", "application/json", &hex, tampered).await;
    assert_eq!(answer.status, 403, "{}", answer.text);

    // SignedJson takes JSON only; a form is 415.
    let form_signature = sign(&format!("{PUBLIC}/json"), PRESSED);
    let answer = app.post_pressed("/json", &form_signature).await;
    assert_eq!(answer.status, 415, "{}", answer.text);

    // A flat object signed like a form, with members that are not strings,
    // read by a typed callback.
    let flat = br#"{"CallSid":"CA1","Digits":1234,"Confidence":0.5,"Final":true}"#;
    let signature = sign(
        &format!("{PUBLIC}/gather"),
        &[
            ("CallSid", "CA1"),
            ("Digits", "1234"),
            ("Confidence", "0.5"),
            ("Final", "true"),
        ],
    );
    let answer = app
        .post("/gather", "application/json", &signature, flat)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(answer.text.ends_with("digits 1234"), "{}", answer.text);

    // Neither form nor JSON.
    for content_type in ["text/plain", "application/xml", "text/x+json"] {
        let answer = app
            .post("/gather", content_type, &signature, b"Digits=1")
            .await;
        assert_eq!(answer.status, 415, "{content_type}: {}", answer.text);
    }

    // Read as a form, a nested member is its JSON text.
    let nested = br#"{"CallSid":"CA1","Extra":{"a":[1,"b"]}}"#;
    let hex = signer.sign_json(&format!("{PUBLIC}/record"), nested);
    let answer = app.post("/record", "application/json", &hex, nested).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        app.seen().last().unwrap(),
        &vec![
            ("CallSid".to_owned(), "CA1".to_owned()),
            ("Extra".to_owned(), r#"{"a":[1,"b"]}"#.to_owned())
        ]
    );
}

#[tokio::test]
async fn a_typed_handler_never_counts_a_pair_the_signature_did_not() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let url = format!("{PUBLIC}/record");
    let sent = [("Digits", "1"), ("Sid", "CA1"), ("Digits", "1")];
    let distinct = [("Digits", "1"), ("Sid", "CA1")];

    // Signed over every pair: the handler sees every pair.
    let every = sign(&url, &sent);
    let answer = app
        .post_form("/record", &[(SIGNALWIRE_SIGNATURE, &every)], &encode(&sent))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    // Signed over the distinct pairs: the repeat is dropped.
    let once = sign(&url, &distinct);
    let answer = app
        .post_form("/record", &[(SIGNALWIRE_SIGNATURE, &once)], &encode(&sent))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    };
    assert_eq!(app.seen(), vec![owned(&sent), owned(&distinct)]);
}

#[tokio::test]
async fn a_signature_without_the_port_is_genuine_on_any_port() {
    let app = App::start(WebhookConfig::new(KEY, "https://hooks.example.com:8443")).await;
    for signed in [
        "https://hooks.example.com/gather",
        "https://hooks.example.com:8443/gather",
    ] {
        let signature = sign(signed, PRESSED);
        let answer = app.post_pressed("/gather", &signature).await;
        assert_eq!(answer.status, 200, "{signed}: {}", answer.text);
    }
    let other_port = sign("https://hooks.example.com:9443/gather", PRESSED);
    let answer = app.post_pressed("/gather", &other_port).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
}

#[tokio::test]
async fn behind_a_proxy_the_value_it_appended_counts_not_the_clients() {
    let signed_for = "https://public.example.net:8443/gather";
    let signature = sign(signed_for, PRESSED);
    let x_forwarded =
        App::start(WebhookConfig::new(KEY, PUBLIC).forwarded_headers(ForwardedHeaders::XForwarded))
            .await;
    let rfc7239 =
        App::start(WebhookConfig::new(KEY, PUBLIC).forwarded_headers(ForwardedHeaders::Forwarded))
            .await;
    let ignoring = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    type Case<'a> = (&'a App, Vec<(&'a str, &'a str)>, u16);
    let cases: Vec<Case> = vec![
        // The proxy appended the true values after what a client wrote.
        (
            &x_forwarded,
            vec![
                ("X-Forwarded-Proto", "http, https"),
                ("X-Forwarded-Host", "evil.example.org, public.example.net"),
                ("X-Forwarded-Port", "80, 8443"),
            ],
            200,
        ),
        // On separate lines: the last line is the proxy's.
        (
            &x_forwarded,
            vec![
                ("X-Forwarded-Host", "evil.example.org"),
                ("X-Forwarded-Host", "public.example.net:8443"),
                ("X-Forwarded-Proto", "https"),
            ],
            200,
        ),
        // The client's value first, the proxy's last: the client's loses.
        (
            &x_forwarded,
            vec![
                ("X-Forwarded-Proto", "https, https"),
                ("X-Forwarded-Host", "public.example.net, evil.example.org"),
                ("X-Forwarded-Port", "8443"),
            ],
            403,
        ),
        (
            &rfc7239,
            vec![(
                "Forwarded",
                "for=192.0.2.1;host=evil.example.org;proto=http, \
                 for=192.0.2.60;proto=https;host=\"public.example.net:8443\"",
            )],
            200,
        ),
        (
            &rfc7239,
            vec![(
                "Forwarded",
                "proto=https;host=\"public.example.net:8443\", proto=https;host=evil.example.org",
            )],
            403,
        ),
        // Separators inside quoted strings, escaped quotes included, do not
        // split an element.
        (
            &rfc7239,
            vec![(
                "Forwarded",
                "for=\"[2001:db8::1]:4711\";note=\"a \\\", b; c\";proto=https;host=\"public.example.net:8443\"",
            )],
            200,
        ),
        (
            &rfc7239,
            vec![(
                "Forwarded",
                "proto=https;host=\"public.example.net:8443\";note=\"x, host=evil.example.org\"",
            )],
            200,
        ),
        // The proxy's port replaces one in the host, an IPv6 literal kept whole.
        (
            &x_forwarded,
            vec![
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "public.example.net:443"),
                ("X-Forwarded-Port", "8443"),
            ],
            200,
        ),
        // X-Forwarded-* mean nothing to an app that trusts Forwarded.
        (
            &rfc7239,
            vec![
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "public.example.net:8443"),
            ],
            403,
        ),
        (
            &ignoring,
            vec![
                ("X-Forwarded-Proto", "https"),
                ("X-Forwarded-Host", "public.example.net:8443"),
                ("Forwarded", "proto=https;host=\"public.example.net:8443\""),
            ],
            403,
        ),
    ];
    let ipv6 = sign("https://[2001:db8::1]:8443/gather", PRESSED);
    let ipv6_headers = vec![
        ("X-Forwarded-Proto", "https"),
        ("X-Forwarded-Host", "[2001:db8::1]"),
        ("X-Forwarded-Port", "8443"),
        (SIGNALWIRE_SIGNATURE, ipv6.as_str()),
    ];
    let answer = x_forwarded
        .post_form("/gather", &ipv6_headers, &encode(PRESSED))
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    for (app, headers, expected) in cases {
        let mut headers = headers.clone();
        headers.push((SIGNALWIRE_SIGNATURE, &signature));
        let answer = app.post_form("/gather", &headers, &encode(PRESSED)).await;
        assert_eq!(answer.status, expected, "{headers:?}: {}", answer.text);
    }
}

#[tokio::test]
async fn a_body_that_trickles_gets_408_at_the_deadline() {
    assert_eq!(DEFAULT_BODY_TIMEOUT, Duration::from_secs(10));
    let app =
        App::start(WebhookConfig::new(KEY, PUBLIC).body_timeout(Duration::from_millis(500))).await;
    let body = encode(PRESSED);
    let signature = sign(&format!("{PUBLIC}/gather"), PRESSED);
    let mut stream = app.connect().await;
    let head = format!(
        "POST /gather HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         {SIGNALWIRE_SIGNATURE}: {signature}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    // One byte every 200 ms: the whole body would take seconds.
    let trickle = async {
        for byte in body.bytes() {
            if stream.write_all(&[byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_millis(1500), trickle).await;
    let answer = read_answer(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(answer.status, 408, "{}", answer.text);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(app.seen().is_empty());
}

#[tokio::test]
async fn a_missing_signature_is_refused_before_the_body_is_read() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let mut stream = app.connect().await;
    // A body is announced and never sent: only an answer that does not
    // wait for it comes back before the deadline.
    let head = "POST /gather HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_answer(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(answer.status, 403, "{}", answer.text);
    assert!(answer.took < Duration::from_secs(5), "{:?}", answer.took);
    assert!(
        answer.text.contains("no signature header"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC).max_body_bytes(1000)).await;
    let signature = sign(&format!("{PUBLIC}/gather"), PRESSED);
    let mut stream = app.connect().await;
    let head = format!(
        "POST /gather HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         {SIGNALWIRE_SIGNATURE}: {signature}\r\nContent-Length: 1001\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_answer(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(answer.status, 413, "{}", answer.text);
}

#[tokio::test]
async fn reading_stops_at_the_limit_without_waiting_for_the_rest() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC).max_body_bytes(1000)).await;
    let signature = sign(&format!("{PUBLIC}/gather"), PRESSED);
    let mut stream = app.connect().await;
    // Chunked, one byte past the limit, then nothing: the end never comes.
    let chunk = "x".repeat(1001);
    let head = format!(
        "POST /gather HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         {SIGNALWIRE_SIGNATURE}: {signature}\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{chunk}\r\n",
        chunk.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_answer(&mut stream, Duration::from_secs(5)).await;
    assert_eq!(answer.status, 413, "{}", answer.text);
    assert!(answer.took < DEFAULT_BODY_TIMEOUT, "{:?}", answer.took);
}

/// A signed `Body=xxx…` form of exactly `length` bytes.
fn body_of_length(length: usize) -> (String, String) {
    let value = "x".repeat(length - "Body=".len());
    let body = format!("Body={value}");
    let signature = sign(&format!("{PUBLIC}/record"), &[("Body", value.as_str())]);
    (body, signature)
}

async fn send_chunked(app: &App, body: &str, signature: &str) -> Answer {
    let mut stream = app.connect().await;
    let (first, second) = body.split_at(body.len() / 2);
    let request = format!(
        "POST /record HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         {SIGNALWIRE_SIGNATURE}: {signature}\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n",
        first.len(),
        second.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    read_answer(&mut stream, Duration::from_secs(10)).await
}

#[tokio::test]
async fn the_default_limit_is_64_kib_to_the_byte_declared_and_streamed() {
    assert_eq!(DEFAULT_MAX_BODY_BYTES, 64 * 1024);
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    for (length, expected) in [(64 * 1024, 200), (64 * 1024 + 1, 413)] {
        let (body, signature) = body_of_length(length);
        assert_eq!(body.len(), length);
        let declared = app
            .post_form("/record", &[(SIGNALWIRE_SIGNATURE, &signature)], &body)
            .await;
        assert_eq!(declared.status, expected, "declared {length}");
        let streamed = send_chunked(&app, &body, &signature).await;
        assert_eq!(streamed.status, expected, "streamed {length}");
    }
}

#[tokio::test]
async fn a_configured_limit_holds_to_the_byte_declared_and_streamed() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC).max_body_bytes(300)).await;
    for (length, expected) in [(300, 200), (301, 413)] {
        let (body, signature) = body_of_length(length);
        let declared = app
            .post_form("/record", &[(SIGNALWIRE_SIGNATURE, &signature)], &body)
            .await;
        assert_eq!(declared.status, expected, "declared {length}");
        let streamed = send_chunked(&app, &body, &signature).await;
        assert_eq!(streamed.status, expected, "streamed {length}");
    }
    assert_eq!(app.seen().len(), 2);
}

#[tokio::test]
async fn a_fax_document_is_a_text_xml_response() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let signature = sign(&format!("{PUBLIC}/fax"), &[("FaxSid", "FX1")]);
    let answer = app
        .post_form("/fax", &[(SIGNALWIRE_SIGNATURE, &signature)], "FaxSid=FX1")
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(
        answer
            .text
            .contains("content-type: text/xml; charset=utf-8"),
        "{}",
        answer.text
    );
    assert!(
        answer
            .text
            .ends_with(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Receive/></Response>"#),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn a_get_webhook_reads_its_query_and_ignores_no_hash() {
    let app = App::start(WebhookConfig::new(KEY, PUBLIC)).await;
    let none: [(&str, &str); 0] = [];
    let path = "/record?CallSid=CA1&Digits=4";
    let signature = sign(&format!("{PUBLIC}{path}"), &none);
    let answer = app
        .send(
            &format!("GET {path} HTTP/1.1\r\n{SIGNALWIRE_SIGNATURE}: {signature}"),
            b"",
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(
        app.seen()[0],
        vec![
            ("CallSid".to_owned(), "CA1".to_owned()),
            ("Digits".to_owned(), "4".to_owned())
        ]
    );
}
