//! What an error says, through real HTTP: each failure's one line names
//! the method, the host and path, the operation and the root cause, and
//! never the API token or a query value.

mod common;

use std::error::Error as _;
use std::time::Duration;

use laml::calls::CreateCall;
use laml::conferences::{ConferenceStatus, FetchConference, ListConferences};
use laml::{Client, RetryPolicy};

const TOKEN: &str = "PT-test-token-never-printed";
const PROJECT: &str = "b2d6c1b4-1111-4000-8000-000000000000";

fn create_call() -> CreateCall {
    CreateCall::new("+15551230001", "+15559870002").url("https://example.com/laml.xml")
}

/// Checks that `error` says what was done, where and why, and keeps the
/// token out of its text and its `Debug`.
fn assert_says(error: &laml::Error, method_target_operation: &str, cause: &str) {
    let text = error.to_string();
    assert!(
        text.starts_with(method_target_operation),
        "`{text}` does not start with `{method_target_operation}`"
    );
    assert!(
        text.ends_with(cause),
        "`{text}` does not end with `{cause}`"
    );
    assert!(!text.contains('\n'), "one line: {text}");
    assert!(!text.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
}

fn calls_target(space: &str) -> String {
    let host = space.trim_start_matches("http://");
    format!("POST {host}/api/laml/2010-04-01/Accounts/{PROJECT}/Calls (CreateCall): ")
}

/// A server answering every request with this status, type and body.
async fn answering(status: &str, content_type: &str, body: &str) -> String {
    common::fixed_reply_server(&common::http_reply(status, content_type, body)).await
}

/// A client of `space` that makes one attempt a call.
fn once(space: &str) -> Client {
    common::client_at(space)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_refused_connection_names_the_request_and_says_refused() {
    let space = common::refused_space();
    let client = once(&space);
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_says(&error, &calls_target(&space), "connection refused");
    assert!(error.source().is_some(), "the cause is still the source");
}

#[tokio::test]
async fn a_name_that_does_not_resolve_says_dns_error() {
    // `.invalid` never resolves (RFC 2606), offline too.
    let client = Client::builder()
        .space_url("no-such-space.invalid")
        .project_id(PROJECT)
        .api_token(TOKEN)
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with(&format!(
            "GET no-such-space.invalid/api/laml/2010-04-01/Accounts/{PROJECT}/Conferences/CF1 (FetchConference): dns error: "
        )),
        "{text}"
    );
    assert!(
        text.len() > text.find("dns error: ").unwrap() + 12,
        "{text}"
    );
    assert!(!text.contains(TOKEN));
}

#[tokio::test]
async fn a_body_cut_short_says_the_connection_closed_early() {
    let space = common::fixed_reply_server(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"sid\":",
    )
    .await;
    let client = once(&space);
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert_says(
        &error,
        &calls_target(&space),
        "the HTTP 200 response was cut off: connection closed before the body was complete",
    );
}

#[tokio::test]
async fn a_timeout_says_after_how_long() {
    let space = common::silent_server().await;
    let client = common::client_at(&space)
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_says(&error, &calls_target(&space), "timed out after 300 ms");

    let client = common::client_at(&space)
        .timeout(Duration::from_secs(1))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(
        error.to_string().ends_with("timed out after 1 s"),
        "{error}"
    );
}

#[tokio::test]
async fn another_servers_html_404_says_it_was_not_the_api() {
    let space = answering(
        "404 Not Found",
        "text/html",
        "<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>",
    )
    .await;
    let client = common::client_at(&space).build().unwrap();
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(error.is_api(), "the status is still an answer: {error:?}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api().unwrap().code, None);
    assert_says(
        &error,
        &calls_target(&space),
        "the server answered HTTP 404 with an HTML page, not the API's JSON: is the space URL right?",
    );
}

#[tokio::test]
async fn the_apis_own_error_keeps_its_code_and_message() {
    let (_emulator, client) = common::emulator().await;
    let error = client
        .send(&FetchConference::new("CF-missing"))
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(
            "/Conferences/CF-missing (FetchConference): the API answered HTTP 404 (code 20404): "
        ),
        "{text}"
    );
    assert!(text.starts_with("GET 127.0.0.1:"), "{text}");
}

#[tokio::test]
async fn query_values_stay_out_of_the_text() {
    let space = answering(
        "500 Internal Server Error",
        "application/json",
        r#"{"code":50000,"message":"boom"}"#,
    )
    .await;
    let client = once(&space);
    let request = ListConferences::new()
        .friendly_name("private-room-name")
        .status(ConferenceStatus::InProgress);
    let error = client.send(&request).await.unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains(
            "/Conferences (ListConferences): the API answered HTTP 500 (code 50000): boom"
        ),
        "{text}"
    );
    assert!(
        !text.contains("private-room-name") && !text.contains('?'),
        "{text}"
    );

    let mut items = client.stream(&request);
    let error = items.try_next().await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("(ListConferences): the API answered HTTP 500"),
        "{error}"
    );
}

#[tokio::test]
async fn a_2xx_that_does_not_decode_names_the_request() {
    let space = answering("200 OK", "application/json", "not json").await;
    let client = common::client_at(&space).build().unwrap();
    let error = client.send(&create_call()).await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_says(
        &error,
        &calls_target(&space),
        "could not decode the HTTP 200 response",
    );
}

#[test]
fn a_space_url_that_cannot_be_a_host_is_refused_when_built() {
    for bad in [
        "example,signalwire.com",
        "https://example..signalwire.com",
        "my_space.signalwire.com",
    ] {
        let error = common::client_at(bad).build().unwrap_err();
        assert!(error.is_config(), "{bad}: {error:?}");
        assert!(error.to_string().contains(bad), "{error}");
        assert!(
            error.to_string().contains("cannot be a host name"),
            "{error}"
        );
    }
    for good in [
        "example",
        "example.signalwire.com",
        "https://example.signalwire.com/",
        "http://127.0.0.1:8080",
        "http://localhost:9",
        "https://[2001:db8::1]",
    ] {
        assert!(common::client_at(good).build().is_ok(), "{good}");
    }
}
