//! Property tests through real HTTP: no path value escapes its segment and
//! no value reaches the headers, whatever its characters.

mod common;

use std::sync::{Mutex, OnceLock};

use laml::conferences::FetchConference;
use laml::{endpoint, Client};
use laml_emulator::Emulator;
use proptest::prelude::*;
use tokio::runtime::Runtime;

struct Server {
    /// Held by each case: the two properties run in parallel and share the
    /// emulator's request log.
    turn: Mutex<()>,
    runtime: Runtime,
    emulator: Emulator,
    client: Client,
}

/// One emulator for every case: starting one per case would measure
/// start-up, not encoding.
fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = Runtime::new().unwrap();
        let (emulator, client) = runtime.block_on(common::emulator());
        Server {
            turn: Mutex::new(()),
            runtime,
            emulator,
            client,
        }
    })
}

/// Characters that mean something in a URL or an HTTP head, and others.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(vec![
            '/', '.', '%', '2', 'F', 'f', '?', '#', ' ', '\r', '\n', '\0', '\t', '\x7f', '+', '&',
            '=', ';', ':', '@', '\\', '"', '<', '>', '[', ']', '{', '}', '|', '^', '`', '~', '-',
            '_', 'a', 'Z', '9', 'é', 'ß', '中', '😀', '\u{202e}', '\u{fffd}',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(hostile_char(), 0..16).prop_map(|chars| chars.into_iter().collect()),
        prop::sample::select(vec![
            "",
            ".",
            "..",
            "../..",
            "%2F",
            "%2e%2e",
            "..%2F",
            "a/../b",
            "?x=1",
            "#top",
            "%00",
            "\r\nX-Injected: 1",
        ])
        .prop_map(str::to_owned),
    ]
}

/// The path segment as RFC 3986 would write it: every byte but the
/// unreserved characters percent-encoded. Written here independently of
/// the runtime's encoder.
fn expected_segment(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_path_value_is_exactly_one_segment(value in hostile_string()) {
        let server = server();
        let _turn = server.turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        server.emulator.clear_requests();
        let result = server
            .runtime
            .block_on(server.client.send(&FetchConference::new(value.as_str())));
        let requests = server.emulator.requests();
        if matches!(value.as_str(), "" | "." | "..") {
            let error = result.unwrap_err();
            prop_assert!(error.is_invalid_request());
            prop_assert!(requests.is_empty(), "nothing is sent for {value:?}");
        } else {
            prop_assert_eq!(requests.len(), 1);
            let request = &requests[0];
            prop_assert_eq!(&request.method, "GET");
            prop_assert_eq!(
                &request.uri,
                &format!(
                    "/api/laml/2010-04-01/Accounts/{}/Conferences/{}",
                    server.emulator.project_id(),
                    expected_segment(&value)
                )
            );
            prop_assert!(!request.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("x-injected")));
            let error = result.unwrap_err();
            prop_assert_eq!(error.status(), Some(404), "{:?}", error);
        }
    }
}

#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form)]
struct AnnounceAnything {
    sid: String,
    announce_url: Option<String>,
    status: Vec<String>,
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_form_value_arrives_exactly_as_given(
        url in hostile_string(),
        statuses in prop::collection::vec(hostile_string(), 0..3),
    ) {
        let server = server();
        let _turn = server.turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        server.emulator.clear_requests();
        let request = AnnounceAnything::new("CF-props")
            .announce_url(url.as_str())
            .status(statuses.clone());
        let _ = server.runtime.block_on(server.client.send(&request));
        let requests = server.emulator.requests();
        prop_assert_eq!(requests.len(), 1);
        let received: Vec<(String, String)> = form_urlencoded::parse(requests[0].body.as_bytes())
            .into_owned()
            .collect();
        let mut sent = vec![("AnnounceUrl".to_owned(), url.clone())];
        sent.extend(statuses.iter().map(|s| ("Status".to_owned(), s.clone())));
        prop_assert_eq!(received, sent);
        prop_assert!(!requests[0].headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("x-injected")));
    }
}

/// Whether a `Retry-After` value should lead to a retry, for a client whose
/// deadline is one second.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Within the deadline, or not a delay at all (the backoff applies).
    Retried,
    /// A delay past the deadline: the 503 comes back at once.
    GivesUp,
}

fn http_date(year: i32, day: u8, seconds: u32) -> String {
    let date = time::Date::from_calendar_date(year, time::Month::March, day).unwrap();
    let at = date.with_hms(0, 0, 0).unwrap().assume_utc() + time::Duration::seconds(seconds.into());
    at.format(&time::format_description::well_known::Rfc2822)
        .unwrap()
}

/// Numbers huge and small, negative, fractional, dates far in the past and
/// the future, and text that is none of these.
fn retry_after() -> impl Strategy<Value = (String, Expect)> {
    use Expect::{GivesUp, Retried};
    prop_oneof![
        (2..=u64::MAX).prop_map(|n| (n.to_string(), GivesUp)),
        "[1-9][0-9]{19,40}".prop_map(|n| (n, GivesUp)),
        Just(("0".to_owned(), Retried)),
        "-[0-9]{1,30}".prop_map(|n| (n, Retried)),
        "0\\.0[0-9]{1,8}".prop_map(|n| (n, Retried)),
        "[2-9][0-9]{0,25}\\.[0-9]{1,20}".prop_map(|n| (n, GivesUp)),
        (1900..2000i32, 1..28u8, 0..86_400u32).prop_map(|(y, d, s)| (http_date(y, d, s), Retried)),
        (2100..9999i32, 1..28u8, 0..86_400u32).prop_map(|(y, d, s)| (http_date(y, d, s), GivesUp)),
        "[ -/:-~]{0,40}".prop_map(|garbage| (garbage, Retried)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever a server puts in `Retry-After`, the client neither panics
    /// nor waits past its deadline: a delay within it is waited and the
    /// request retried, one past it ends the retries with the 503.
    #[test]
    fn any_retry_after_is_honoured_or_ends_the_retries(case in retry_after()) {
        let (value, expect) = case;
        let server = server();
        let _turn = server.turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        server.emulator.clear_requests();
        let client = common::client_at(&server.emulator.space_url())
            .project_id(server.emulator.project_id())
            .api_token(server.emulator.api_token())
            .retry(common::fast_retries().deadline(std::time::Duration::from_secs(1)))
            .build()
            .unwrap();
        server.emulator.inject(
            laml_emulator::Fault::Status { status: 503, retry_after: Some(value.clone()) },
            laml_emulator::FaultScope::Next(1),
        );
        let sent = server.runtime.block_on(async {
            let request = FetchConference::new("CF-props");
            tokio::time::timeout(std::time::Duration::from_secs(5), client.send(&request)).await
        });
        let result = sent.expect("the client never waits past its deadline");
        let requests = server.emulator.requests().len();
        server.emulator.clear_faults();
        match expect {
            Expect::Retried => {
                prop_assert_eq!(requests, 2, "{:?} is retried: {:?}", value, result);
                prop_assert_eq!(result.unwrap_err().status(), Some(404));
            }
            Expect::GivesUp => {
                prop_assert_eq!(requests, 1, "{:?} gives up: {:?}", value, result);
                prop_assert_eq!(result.unwrap_err().status(), Some(503));
            }
        }
    }
}
