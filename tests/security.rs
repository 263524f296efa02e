//! Secrets never show, redirects never carry credentials elsewhere, and the
//! space URL must be HTTPS unless it is loopback.

mod common;

use base64::Engine as _;
use laml::conferences::FetchConference;
use laml::Client;

const TOKEN: &str = "PT-test-token-never-printed";

fn assert_no_secret(text: &str) {
    let encoded = base64::engine::general_purpose::STANDARD
        .encode(format!("b2d6c1b4-1111-4000-8000-000000000000:{TOKEN}"));
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
fn a_panic_on_an_error_shows_no_secret() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let error = runtime.block_on(async {
        let client = common::client_at("http://127.0.0.1:9")
            .retry(laml::RetryPolicy::disabled())
            .build()
            .unwrap();
        client.send(&FetchConference::new("CF1")).await.unwrap_err()
    });
    // What a user's `.unwrap()` on a failed call prints.
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        panic!("called `Result::unwrap()` on an `Err` value: {error:?}")
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("Transport"), "{message}");
    assert_no_secret(&message);
}

#[test]
fn builder_and_client_debug_redact_the_token() {
    let builder = common::client_at("https://example.signalwire.com");
    assert_no_secret(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_secret(&format!("{client:?}"));
    let request = client.build_request(&FetchConference::new("CF1")).unwrap();
    let authorization = request.headers().get("authorization").unwrap();
    assert!(authorization.is_sensitive());
    assert_no_secret(&format!("{request:?}"));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let (elsewhere, elsewhere_saw) =
        common::recording_server(vec![common::http_reply("200 OK", "application/json", "{}")])
            .await;
    // Same machine, another host name: `localhost` is not `127.0.0.1`.
    let target = elsewhere.replace("127.0.0.1", "localhost");
    let redirect = format!(
        "HTTP/1.1 302 Found\r\nlocation: {target}/steal\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    let (space, space_saw) = common::recording_server(vec![redirect]).await;
    let client = common::client_at(&space).build().unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert_eq!(error.status(), Some(302));
    assert_eq!(space_saw.lock().unwrap().len(), 1);
    assert!(
        elsewhere_saw.lock().unwrap().is_empty(),
        "the other host was never asked"
    );
}

#[tokio::test]
async fn a_redirect_on_the_same_host_is_followed_with_credentials() {
    let conference = r#"{"sid":"CF2","status":"completed"}"#;
    let (space, saw) = common::recording_server(vec![
        "HTTP/1.1 301 Moved Permanently\r\nlocation: /api/laml/2010-04-01/Accounts/P/Conferences/CF2\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned(),
        common::http_reply("200 OK", "application/json", conference),
    ])
    .await;
    let client = common::client_at(&space).build().unwrap();
    let fetched = client.send(&FetchConference::new("CF1")).await.unwrap();
    assert_eq!(fetched.sid, "CF2");
    let saw = saw.lock().unwrap();
    assert_eq!(saw.len(), 2);
    assert!(saw[1].starts_with("GET /api/laml/2010-04-01/Accounts/P/Conferences/CF2 HTTP/1.1"));
    assert!(saw[1]
        .to_ascii_lowercase()
        .contains("authorization: basic "));
}

#[test]
fn plain_http_is_refused_except_on_loopback() {
    for space in [
        "http://example.signalwire.com",
        "http://10.0.0.1:8080",
        "http://192.168.1.2",
    ] {
        let error = Client::builder()
            .space_url(space)
            .project_id("p")
            .api_token(TOKEN)
            .build()
            .unwrap_err();
        assert!(error.is_config(), "{space}");
        assert_no_secret(&error.to_string());
    }
    for space in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"] {
        assert!(Client::builder()
            .space_url(space)
            .project_id("p")
            .api_token(TOKEN)
            .build()
            .is_ok());
    }
}

#[test]
fn credentials_with_control_characters_are_refused() {
    let error = Client::builder()
        .space_url("example")
        .project_id("p\r\nX-Injected: 1")
        .api_token(TOKEN)
        .build()
        .unwrap_err();
    assert!(error.is_config());
    let error = Client::builder()
        .space_url("example")
        .project_id("p")
        .api_token("PT-test-token-never-printed\n")
        .build()
        .unwrap_err();
    assert!(error.is_config());
    assert_no_secret(&format!("{error} {error:?}"));
}
