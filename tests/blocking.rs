//! The blocking client, through real HTTP against the emulator, from plain
//! `#[test]`s with no async runtime of their own: the emulator runs on a
//! runtime that the test keeps beside it.
#![cfg(feature = "blocking")]

mod common;

use std::collections::HashSet;
use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use laml::blocking::Client;
use laml::calls::{CallStatus, CreateCall, FetchCall};
use laml::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, FetchConference, ListConferences, UpdateConference,
};
use laml::messages::CreateMessage;
use laml::RetryPolicy;
use laml_emulator::{ConferenceSeed, Emulator, Fault, FaultScope};

/// The emulator, and the runtime it runs on for as long as the test holds
/// it.
struct Space {
    emulator: Emulator,
    _runtime: tokio::runtime::Runtime,
}

impl Space {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime.block_on(Emulator::start()).unwrap();
        Space {
            emulator,
            _runtime: runtime,
        }
    }

    fn builder(&self) -> laml::ClientBuilder {
        self.emulator.client_builder().retry(common::fast_retries())
    }

    fn client(&self) -> Client {
        self.builder().build_blocking().unwrap()
    }
}

fn call() -> CreateCall {
    CreateCall::new("+15551230001", "+15559870002").url("https://example.com/laml.xml")
}

#[test]
fn a_create_then_a_fetch() {
    let space = Space::start();
    let client = space.client();
    let created = client.send(&call()).unwrap();
    assert_eq!(created.to, "+15551230001");
    let fetched = client.send(&FetchCall::new(created.sid.clone())).unwrap();
    assert_eq!(fetched.sid, created.sid);
    assert_ne!(fetched.status, CallStatus::Unknown(String::new()));
    let methods: Vec<_> = space
        .emulator
        .requests()
        .iter()
        .map(|request| request.method.clone())
        .collect();
    assert_eq!(methods, ["POST", "GET"]);
}

#[test]
fn an_update_lands() {
    let space = Space::start();
    let sid = space.emulator.seed_conference(ConferenceSeed::default());
    let update = UpdateConference::new(&sid).status(ConferenceUpdateStatus::Completed);
    let conference = space.client().send(&update).unwrap();
    assert_eq!(conference.status, ConferenceStatus::Completed);
    assert_eq!(
        space.emulator.conference(&sid).unwrap()["status"],
        "completed"
    );
}

fn seed_conferences(space: &Space, count: usize) -> HashSet<String> {
    (0..count)
        .map(|n| {
            space.emulator.seed_conference(ConferenceSeed {
                friendly_name: format!("Room {n}"),
                ..ConferenceSeed::default()
            })
        })
        .collect()
}

#[test]
fn the_iterator_walks_every_page() {
    let space = Space::start();
    let seeded = seed_conferences(&space, 7);
    let client = space.client();
    let request = ListConferences::new().page_size(2);
    let sids: Vec<String> = client
        .iter(&request)
        .map(|conference| conference.unwrap().sid.to_string())
        .collect();
    assert_eq!(sids.len(), 7);
    assert_eq!(sids.iter().cloned().collect::<HashSet<_>>(), seeded);
    assert_eq!(space.emulator.requests().len(), 4, "four pages of two");

    let first = client.send(&request).unwrap();
    let second = client.next_page(&first).unwrap().expect("a second page");
    assert_eq!((second.page, second.items.len()), (1, 2));
    let mut page = second;
    while let Some(next) = client.next_page(&page).unwrap() {
        page = next;
    }
    assert_eq!(page.page, 3);
    assert_eq!(client.next_page(&page).unwrap(), None);
}

#[test]
fn max_items_stops_fetching() {
    let space = Space::start();
    seed_conferences(&space, 7);
    let client = space.client();
    let taken: Vec<_> = client
        .iter(&ListConferences::new().page_size(2))
        .max_items(3)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(taken.len(), 3);
    assert_eq!(
        space.emulator.requests().len(),
        2,
        "no page past the third item"
    );
}

#[test]
fn an_api_error_keeps_its_code_and_says_what_was_sent() {
    let space = Space::start();
    let error = space
        .client()
        .send(&FetchConference::new("CF-missing"))
        .unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api().unwrap().code, Some(20404));
    let text = error.to_string();
    assert!(text.starts_with("GET 127.0.0.1:"), "{text}");
    assert!(
        text.contains(
            "/Conferences/CF-missing (FetchConference): the API answered HTTP 404 (code 20404)"
        ),
        "{text}"
    );
    assert!(!text.contains(space.emulator.api_token()));
}

#[test]
fn a_fault_is_retried_as_the_async_client_does() {
    let space = Space::start();
    let client = space.client();
    let sid = space.emulator.seed_conference(ConferenceSeed::default());
    let status = |status| Fault::Status {
        status,
        retry_after: Some("0".into()),
    };

    space.emulator.inject(status(503), FaultScope::Next(2));
    client.send(&FetchConference::new(&sid)).unwrap();
    assert_eq!(space.emulator.requests().len(), 3, "a fetch goes again");

    // A create answered 503 may have been acted on: it is not sent again.
    space.emulator.clear_requests();
    space.emulator.inject(status(503), FaultScope::Next(1));
    let text = CreateMessage::new("+15551230001")
        .from("+15551230000")
        .body("hi");
    let error = client.send(&text).unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(space.emulator.requests().len(), 1);

    // 429 says the API did not act: a create goes again.
    space.emulator.clear_requests();
    space.emulator.inject(status(429), FaultScope::Next(1));
    client.send(&text).unwrap();
    assert_eq!(space.emulator.requests().len(), 2);

    // A body cut short is lost on the way: a GET goes again.
    space.emulator.clear_requests();
    space
        .emulator
        .inject(Fault::TruncatedBody, FaultScope::Next(1));
    client.send(&FetchConference::new(&sid)).unwrap();
    assert_eq!(space.emulator.requests().len(), 2);
}

#[test]
fn a_body_cut_short_says_so_when_it_is_not_retried() {
    let space = Space::start();
    let client = space
        .builder()
        .retry(RetryPolicy::disabled())
        .build_blocking()
        .unwrap();
    space
        .emulator
        .inject(Fault::TruncatedBody, FaultScope::Next(1));
    let error = client.send(&call()).unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert!(
        error.to_string().ends_with(
            "(CreateCall): the HTTP 200 response was cut off: connection closed before the body was complete"
        ),
        "{error}"
    );
}

#[test]
fn a_slow_answer_times_out_after_the_clients_timeout() {
    let space = Space::start();
    let client = space
        .builder()
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::disabled())
        .build_blocking()
        .unwrap();
    space
        .emulator
        .inject(Fault::Delay(Duration::from_secs(5)), FaultScope::Next(1));
    let started = Instant::now();
    let error = client.send(&FetchConference::new("CF1")).unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        error
            .to_string()
            .ends_with("(FetchConference): timed out after 300 ms"),
        "{error}"
    );
}

/// Answers every connection with `reply` (a whole HTTP/1.1 response) from
/// a thread of its own, and returns the space URL to reach it.
fn reply_server(reply: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let reply = reply.to_owned();
    std::thread::spawn(move || {
        for mut socket in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request);
            let _ = socket.write_all(reply.as_bytes());
        }
    });
    format!("http://{address}")
}

fn client_at(space: &str) -> Client {
    common::client_at(space)
        .retry(RetryPolicy::disabled())
        .build_blocking()
        .unwrap()
}

#[test]
fn a_redirect_to_another_host_is_not_followed() {
    let space = reply_server(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: https://elsewhere.example/steal\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
    );
    let error = client_at(&space)
        .send(&FetchConference::new("CF1"))
        .unwrap_err();
    assert!(error.is_redirect(), "{error:?}");
    assert!(error.to_string().contains("another host"), "{error}");
}

#[test]
fn another_servers_html_404_says_it_was_not_the_api() {
    let page = "<!DOCTYPE html><html><body>Not Found</body></html>";
    let space = reply_server(&format!(
        "HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
        page.len()
    ));
    let error = client_at(&space).send(&call()).unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert!(
        error.to_string().ends_with(
            "(CreateCall): the server answered HTTP 404 with an HTML page, not the API's JSON: is the space URL right?"
        ),
        "{error}"
    );
}

#[test]
fn a_refused_connection_says_so() {
    let space = common::refused_space();
    let error = client_at(&space).send(&call()).unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert!(
        error
            .to_string()
            .ends_with("(CreateCall): connection refused"),
        "{error}"
    );
}

#[test]
fn a_body_past_the_limit_is_refused() {
    let space = Space::start();
    seed_conferences(&space, 3);
    let client = space.builder().max_body_bytes(64).build_blocking().unwrap();
    let error = client.send(&ListConferences::new()).unwrap_err();
    assert!(error.is_too_large(), "{error:?}");
}

#[test]
fn the_token_never_prints_and_a_custom_async_client_is_refused() {
    let space = Space::start();
    let client = space.client();
    assert!(!format!("{client:?}").contains(space.emulator.api_token()));
    assert_eq!(client.account_sid(), space.emulator.project_id());
    assert_eq!(client.for_account("AC-sub").account_sid(), "AC-sub");

    let error = space
        .builder()
        .http_client(laml::reqwest::Client::new())
        .build_blocking()
        .unwrap_err();
    assert!(error.is_config(), "{error:?}");
}

#[test]
fn from_env_names_the_missing_variable() {
    // The only test in this binary that touches these variables.
    std::env::remove_var("SIGNALWIRE_SPACE_URL");
    let error = Client::from_env().unwrap_err();
    assert!(error.is_config());
    assert!(
        error.to_string().contains("SIGNALWIRE_SPACE_URL"),
        "{error}"
    );
}

/// `examples/blocking.rs`, which `cargo test` builds beside the test
/// binaries.
fn example() -> std::path::PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("examples").join("blocking"))
        .unwrap()
}

#[test]
fn the_example_runs_offline() {
    let example = example();
    let output = std::process::Command::new(&example)
        .env_remove("SIGNALWIRE_SPACE_URL")
        .output()
        .unwrap_or_else(|error| panic!("{}: {error}", example.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stderr.contains("embedded emulator"), "{stderr}");
    for name in ["Standup", "Design review", "Support bridge"] {
        assert!(stdout.contains(name), "{stdout}");
    }
    assert!(stdout.contains(": completed"), "{stdout}");
}

#[test]
fn the_example_fails_with_the_one_line_error() {
    let example = example();
    let space = common::refused_space();
    let output = std::process::Command::new(&example)
        .env("SIGNALWIRE_SPACE_URL", &space)
        .env("SIGNALWIRE_PROJECT_ID", "p")
        .env("SIGNALWIRE_API_TOKEN", "PT-example-token")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr
            .trim_end()
            .ends_with("(ListConferences): connection refused"),
        "{stderr}"
    );
    assert!(!stderr.contains("PT-example-token"), "{stderr}");
}

/// Without a `Content-Length`, the limit is found by reading: a body of
/// exactly the limit is whole, one byte more is refused.
#[test]
fn a_body_without_a_length_is_read_up_to_the_limit() {
    let body = r#"{"sid":"CF1","friendly_name":"Room","status":"completed"}"#;
    let space = reply_server(&format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{body}"
    ));
    let builder = || {
        laml::Client::builder()
            .space_url(&space)
            .project_id("p")
            .api_token("PT-test-token-never-printed")
            .retry(RetryPolicy::disabled())
    };
    let exact = builder()
        .max_body_bytes(body.len())
        .build_blocking()
        .unwrap();
    let conference = exact.send(&FetchConference::new("CF1")).unwrap();
    assert_eq!(conference.friendly_name, "Room");

    let short = builder()
        .max_body_bytes(body.len() - 1)
        .build_blocking()
        .unwrap();
    let error = short.send(&FetchConference::new("CF1")).unwrap_err();
    assert!(error.is_too_large(), "{error:?}");
    assert_eq!(error.body_snippet().map(str::len), Some(body.len() - 1));
}
