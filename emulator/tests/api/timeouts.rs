//! A client that stops halfway (headers that never end, a body that never
//! comes) or that has no credentials holds no connection for long, and
//! makes the emulator read and keep nothing.

use std::time::{Duration, Instant};

use laml_emulator::{Config, Emulator};

use crate::raw::{Connection, RawResponse};
use crate::{send, Api};

const SHORT: Duration = Duration::from_millis(300);

async fn impatient() -> Emulator {
    Emulator::start_with(Config {
        header_read_timeout: SHORT,
        body_read_timeout: SHORT,
        ..Config::default()
    })
    .await
    .expect("the emulator starts")
}

#[tokio::test]
async fn headers_that_never_end_are_closed_at_the_header_timeout() {
    let emulator = impatient().await;
    let mut connection = Connection::open(&emulator).await;
    let started = Instant::now();
    connection
        .write("GET /api/laml/2010-04-01/Accounts HTTP/1.1\r\nhost: 127.0.0.1\r\n")
        .await;
    let rest = connection.until_closed().await;
    assert!(
        rest.is_empty() || RawResponse::parse(&rest).status == 408,
        "{}",
        String::from_utf8_lossy(&rest)
    );
    assert!(started.elapsed() >= SHORT, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_connection_left_idle_is_closed_at_the_header_timeout() {
    let emulator = impatient().await;
    let mut connection = Connection::open(&emulator).await;
    let path = format!(
        "/api/laml/2010-04-01/Accounts/{}/Conferences.json",
        emulator.project_id()
    );
    connection.get(&path).await;
    assert_eq!(connection.response().await.status, 200);
    assert_eq!(connection.until_closed().await, b"");
}

#[tokio::test]
async fn a_body_that_never_comes_is_408_at_the_body_timeout() {
    let emulator = impatient().await;
    let mut connection = Connection::open(&emulator).await;
    let started = Instant::now();
    let head = format!(
        "POST /api/laml/2010-04-01/Accounts/{}/Queues.json HTTP/1.1\r\nhost: 127.0.0.1\r\n\
         authorization: {}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: 100\r\n\r\nFriendlyName=",
        emulator.project_id(),
        connection.authorization(),
    );
    connection.write(&head).await;
    let reply = RawResponse::parse(&connection.until_closed().await);
    assert!(started.elapsed() >= SHORT, "{:?}", started.elapsed());
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(reply.text().contains("21118"), "{}", reply.text());
    // Nothing was handled, nor recorded.
    assert!(emulator.requests().is_empty());
}

/// Headers declaring a body of 1 000 000 bytes, with `authorization`, and
/// no body: the server must answer from the headers alone.
fn declared_body(path: &str, authorization: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: {authorization}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: 1000000\r\n\r\n"
    )
}

#[tokio::test]
async fn without_credentials_a_declared_body_is_not_waited_for() {
    // The default body timeout is longer than the test's patience: only a
    // reply that does not read the body comes in time.
    let emulator = Emulator::start().await.expect("the emulator starts");
    let api_path = format!(
        "/api/laml/2010-04-01/Accounts/{}/Queues.json",
        emulator.project_id()
    );
    for path in [api_path.as_str(), "/__emulator/faults"] {
        for authorization in ["Basic d3Jvbmc6Z3Vlc3M=", "Bearer guess"] {
            let mut connection = Connection::open(&emulator).await;
            connection.write(&declared_body(path, authorization)).await;
            let reply = RawResponse::parse(&connection.until_closed().await);
            assert_eq!(reply.status, 401, "{path}: {}", reply.text());
            assert!(reply.text().contains("20003"), "{}", reply.text());
        }
    }
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn bodies_without_credentials_are_neither_read_nor_recorded() {
    let api = Api::start().await;
    let url = format!(
        "{}{}",
        api.emulator.space_url(),
        api.account("/Queues.json")
    );
    let body = format!("FriendlyName={}", "x".repeat(1 << 20));
    let http = reqwest::Client::new();
    for attempt in 0..20 {
        let request = match attempt % 3 {
            0 => http.post(&url),
            1 => http
                .post(&url)
                .basic_auth(api.emulator.project_id(), Some("PTguess")),
            _ => http.post(&url).basic_auth("someone", Some("else")),
        };
        let request = request
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone());
        // The server may close before the whole body is sent: the reply
        // is 401 when it is read at all.
        if let Ok(response) = request.send().await {
            assert_eq!(response.status(), 401);
        }
    }
    assert!(api.emulator.requests().is_empty());
    let logged = send(api.request(reqwest::Method::GET, "/__emulator/requests")).await;
    assert_eq!(logged.assert_ok()["requests"], serde_json::json!([]));
}

#[tokio::test]
async fn timeouts_of_zero_are_refused_at_start() {
    for config in [
        Config {
            header_read_timeout: Duration::ZERO,
            ..Config::default()
        },
        Config {
            body_read_timeout: Duration::ZERO,
            ..Config::default()
        },
    ] {
        let error = Emulator::start_with(config).await.unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    }
}
