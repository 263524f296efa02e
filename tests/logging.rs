//! What laml logs through `tracing`: every retry, with its attempt and
//! reason; every request, the pages a stream or `next_page` follows too,
//! under its endpoint's path template; and never a credential.
//!
//! One test in its own binary, under a global subscriber: tracing caches
//! per call site whether anyone listens, and tests running in parallel with
//! thread-local subscribers can race that cache and lose events.

mod common;

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use laml::conferences::{
    ConferenceUpdateStatus, FetchConference, ListConferences, UpdateConference,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const PROJECT_ID: &str = "b2d6c1b4-1111-4000-8000-000000000000";
const TOKEN: &str = "PT-test-token-never-printed";

/// Writes every event and span field, at every level, into one string.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<String>>);

impl Capture {
    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.0.lock().unwrap();
        span.record(&mut Fields(&mut text));
        text.push('\n');
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.0.lock().unwrap();
        let _ = write!(
            text,
            "{} {}",
            event.metadata().level(),
            event.metadata().target()
        );
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn assert_no_secret(text: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{PROJECT_ID}:{TOKEN}"));
    assert!(!text.contains(TOKEN), "the token leaked:\n{text}");
    assert!(
        !text.contains(&encoded),
        "the encoded credentials leaked:\n{text}"
    );
    assert!(
        !text.contains("PT-test-token"),
        "part of the token leaked:\n{text}"
    );
}

#[test]
fn retries_are_logged_with_their_reason_and_no_secret_is() {
    let capture = Capture::default();
    tracing::subscriber::set_global_default(capture.clone()).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut printed = String::new();
    runtime.block_on(async {
        // Two 503s, then a 401: two retries, then the API error.
        let busy = common::http_reply("503 Service Unavailable", "text/html", "<h1>busy</h1>");
        let denied = common::http_reply(
            "401 Unauthorized",
            "application/json",
            r#"{"code":20003,"message":"Authenticate","more_info":"x","status":401}"#,
        );
        let space = common::scripted_server(vec![busy.clone(), busy, denied]).await;
        let client = common::client_at(&space).build().unwrap();
        let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
        assert_eq!(error.status(), Some(401));
        let _ = write!(printed, "{error} {error:?} {client:?}");

        // A refused connection: nothing was sent, so even a POST is retried.
        let refused = common::client_at(&common::refused_space()).build().unwrap();
        let error = refused
            .send(&UpdateConference::new("CF1").status(ConferenceUpdateStatus::Completed))
            .await
            .unwrap_err();
        assert!(error.is_transport(), "{error:?}");
        let _ = write!(printed, "{error} {error:?}");
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            let _ = write!(printed, "{cause} {cause:?}");
            source = cause.source();
        }

        // Two pages, read as a stream and then one at a time: every request
        // is traced under the list's path template, the followed ones too.
        let page = |items: &str, next: &str| {
            common::http_reply(
                "200 OK",
                "application/json",
                &format!(
                    r#"{{"conferences":[{items}],"next_page_uri":{next},"page":0,"page_size":1}}"#
                ),
            )
        };
        let next = r#""/api/laml/2010-04-01/Accounts/P/Conferences.json?Page=1""#;
        let first = page(r#"{"sid":"CF1"}"#, next);
        let last = page(r#"{"sid":"CF2"}"#, "null");
        let space = common::scripted_server(vec![first.clone(), last.clone(), first, last]).await;
        let pages = common::client_at(&space).build().unwrap();
        let mut stream = pages.stream(&ListConferences::new());
        while stream.try_next().await.unwrap().is_some() {}
        let one = pages.send(&ListConferences::new()).await.unwrap();
        assert!(pages.next_page(&one).await.unwrap().is_some());
    });

    let logged = capture.text();
    let retries: Vec<&str> = logged
        .lines()
        .filter(|line| line.contains("retrying request"))
        .collect();
    assert_eq!(retries.len(), 4, "{logged}");
    assert!(
        retries[0].contains("attempt=1") && retries[0].contains("503 Service Unavailable"),
        "{logged}"
    );
    assert!(
        retries[1].contains("attempt=2") && retries[1].contains("503 Service Unavailable"),
        "{logged}"
    );
    assert!(
        retries[2].contains("attempt=1") && retries[2].contains("connection failed"),
        "{logged}"
    );
    assert!(
        retries[3].contains("attempt=2") && retries[3].contains("connection failed"),
        "{logged}"
    );
    assert!(
        retries.iter().all(|line| line.starts_with("WARN")),
        "{logged}"
    );
    let sent: Vec<&str> = logged
        .lines()
        .filter(|line| line.contains("sending request"))
        .collect();
    let listed: Vec<&&str> = sent
        .iter()
        .filter(|line| line.contains("method=GET") && !line.contains("<Sid>"))
        .collect();
    assert_eq!(listed.len(), 4, "{logged}");
    assert!(
        listed
            .iter()
            .all(|line| line.contains(r#"path="/Accounts/<AccountSid>/Conferences""#)),
        "{logged}"
    );
    assert_no_secret(&logged);
    assert_no_secret(&printed);
}
