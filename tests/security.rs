//! Secrets never show, redirects never carry credentials elsewhere, and the
//! space URL must be HTTPS unless it is loopback.

mod common;

use base64::Engine as _;
use laml::conferences::{
    ConferenceUpdateStatus, DeleteParticipant, FetchConference, UpdateConference,
};
use laml::{endpoint, Client};

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
    assert!(error.is_redirect(), "{error:?}");
    assert_eq!(error.status(), Some(302));
    assert!(error.to_string().contains("another host"), "{error}");
    assert_eq!(space_saw.lock().unwrap().len(), 1);
    assert!(
        elsewhere_saw.lock().unwrap().is_empty(),
        "the other host was never asked"
    );
}

/// Another host on the same port (`localhost` for `127.0.0.1`: the same
/// server here) is still another origin, and the credentials do not follow.
#[tokio::test]
async fn a_redirect_to_another_host_on_the_same_port_is_not_followed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = accepted.clone();
    tokio::spawn(async move {
        let elsewhere = format!("http://localhost:{port}{MOVED}");
        while let Ok((mut socket, _)) = listener.accept().await {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut request = [0u8; 4096];
            let _ = socket.read(&mut request).await;
            let _ = socket.write_all(redirect(302, &elsewhere).as_bytes()).await;
        }
    });
    let client = common::client_at(&format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let error = send(&client, "GET").await.unwrap_err();
    assert!(error.is_redirect(), "{error:?}");
    assert!(error.to_string().contains("another host"), "{error}");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 1);
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

/// A thing replaced in full, for a `PUT`.
#[endpoint(PUT, "/Accounts/<AccountSid>/Things/<Sid>", form, response = serde_json::Value)]
struct ReplaceThing {
    sid: String,
    name: Option<String>,
}

/// A thing changed in part, for a `PATCH` with a JSON body.
#[endpoint(PATCH, "/Accounts/<AccountSid>/Things/<Sid>", json, response = serde_json::Value)]
struct PatchThing {
    sid: String,
    name: Option<String>,
}

const MOVED: &str = "/api/laml/2010-04-01/Accounts/P/Conferences/CF-moved";

/// Sends one request of `method` through a real endpoint of that method.
async fn send(client: &Client, method: &str) -> Result<(), laml::Error> {
    match method {
        "GET" => client.send(&FetchConference::new("CF1")).await.map(drop),
        "POST" => client
            .send(&UpdateConference::new("CF1").status(ConferenceUpdateStatus::Completed))
            .await
            .map(drop),
        "PUT" => client
            .send(&ReplaceThing::new("T1").name("x"))
            .await
            .map(drop),
        "PATCH" => client
            .send(&PatchThing::new("T1").name("x"))
            .await
            .map(drop),
        "DELETE" => client.send(&DeleteParticipant::new("CF1", "CA1")).await,
        other => unreachable!("no endpoint for {other}"),
    }
}

fn redirect(status: u16, location: &str) -> String {
    format!(
        "HTTP/1.1 {status} Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
}

fn body_of(request: &str) -> &str {
    request.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// A `GET` follows every redirect status on the same host; any other method
/// follows only 307 and 308, which keep the method and body, and gets an
/// error naming the status and the Location for the others, which would
/// have turned the update into a `GET` without its body.
#[tokio::test]
async fn redirects_keep_the_method_and_body_or_are_refused() {
    let done = common::http_reply("200 OK", "application/json", r#"{"sid":"CF-moved"}"#);
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        for status in [301, 302, 303, 307, 308] {
            let (space, saw) =
                common::recording_server(vec![redirect(status, MOVED), done.clone()]).await;
            let client = common::client_at(&space).build().unwrap();
            let outcome = send(&client, method).await;
            let saw = saw.lock().unwrap();
            let case = format!("{method} answered {status}");
            if method == "GET" || status == 307 || status == 308 {
                outcome.unwrap_or_else(|error| panic!("{case}: {error:?}"));
                assert_eq!(saw.len(), 2, "{case}");
                assert!(
                    saw[1].starts_with(&format!("{method} {MOVED} HTTP/1.1")),
                    "{case}: {}",
                    saw[1]
                );
                assert!(
                    saw[1]
                        .to_ascii_lowercase()
                        .contains("authorization: basic "),
                    "{case}"
                );
                assert_eq!(
                    body_of(&saw[1]),
                    body_of(&saw[0]),
                    "{case}: the body is kept"
                );
            } else {
                let error = outcome.expect_err(&case);
                assert!(error.is_redirect(), "{case}: {error:?}");
                assert_eq!(error.status(), Some(status), "{case}");
                let message = error.to_string();
                assert!(
                    message.contains(&format!("HTTP {status}")),
                    "{case}: {message}"
                );
                assert!(message.contains(MOVED), "{case}: {message}");
                assert!(message.contains("307 and 308"), "{case}: {message}");
                assert_eq!(saw.len(), 1, "{case}: nothing is sent again");
            }
        }
    }
}

/// The defect that started it: a `302` answering `UpdateConference` was
/// followed as a `GET`, and `send` returned the conference still in
/// progress as if it had been ended.
#[tokio::test]
async fn a_302_answering_an_update_is_an_error_not_a_silent_get() {
    let still_running = r#"{"sid":"CF1","status":"in-progress"}"#;
    let (space, saw) = common::recording_server(vec![
        redirect(302, "/api/laml/2010-04-01/Accounts/P/Conferences/CF1"),
        common::http_reply("200 OK", "application/json", still_running),
    ])
    .await;
    let client = common::client_at(&space).build().unwrap();
    let error = send(&client, "POST").await.unwrap_err();
    assert!(error.is_redirect(), "{error:?}");
    assert_eq!(saw.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn redirect_loops_and_other_3xx_are_not_followed() {
    let (space, saw) = common::recording_server(vec![redirect(302, MOVED)]).await;
    let client = common::client_at(&space).build().unwrap();
    let error = send(&client, "GET").await.unwrap_err();
    assert!(error.is_redirect(), "{error:?}");
    assert!(error.to_string().contains("too many redirects"), "{error}");
    assert_eq!(
        saw.lock().unwrap().len(),
        6,
        "the first request and 5 redirects"
    );

    for status in [300, 304, 305] {
        let (space, saw) = common::recording_server(vec![redirect(status, MOVED)]).await;
        let client = common::client_at(&space).build().unwrap();
        let error = send(&client, "GET").await.unwrap_err();
        assert!(error.is_redirect(), "{status}: {error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(saw.lock().unwrap().len(), 1);
    }

    let no_location =
        "HTTP/1.1 302 Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned();
    let (space, _) = common::recording_server(vec![no_location]).await;
    let client = common::client_at(&space).build().unwrap();
    let error = send(&client, "GET").await.unwrap_err();
    assert!(error.to_string().contains("no usable Location"), "{error}");
}

/// A retry after a redirect goes where the redirect pointed.
#[tokio::test]
async fn a_retry_after_a_redirect_goes_to_the_new_location() {
    let (space, saw) = common::recording_server(vec![
        redirect(307, MOVED),
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned(),
        common::http_reply("200 OK", "application/json", r#"{"sid":"CF-moved"}"#),
    ])
    .await;
    let client = common::client_at(&space).build().unwrap();
    send(&client, "POST").await.unwrap();
    let saw = saw.lock().unwrap();
    assert_eq!(saw.len(), 3);
    assert!(
        saw[2].starts_with(&format!("POST {MOVED} HTTP/1.1")),
        "{}",
        saw[2]
    );
    assert_eq!(body_of(&saw[2]), "Status=completed");
}

/// The same host on another port is another origin: the credentials do not
/// follow there either.
#[tokio::test]
async fn a_redirect_to_the_same_host_on_another_port_is_not_followed() {
    let (elsewhere, elsewhere_saw) =
        common::recording_server(vec![common::http_reply("200 OK", "application/json", "{}")])
            .await;
    let (space, space_saw) =
        common::recording_server(vec![redirect(307, &format!("{elsewhere}{MOVED}"))]).await;
    assert_ne!(space, elsewhere);
    let client = common::client_at(&space).build().unwrap();
    let error = send(&client, "GET").await.unwrap_err();
    assert!(error.is_redirect(), "{error:?}");
    assert!(error.to_string().contains("another host"), "{error}");
    assert_eq!(space_saw.lock().unwrap().len(), 1);
    assert!(elsewhere_saw.lock().unwrap().is_empty());
}

/// However long the body of an odd reply, the error keeps its first 512
/// bytes, marked as cut.
#[tokio::test]
async fn an_error_keeps_512_bytes_of_a_long_body() {
    let page = format!("<html>{}</html>", "x".repeat(4000));
    let (space, _) = common::recording_server(vec![common::http_reply(
        "502 Bad Gateway",
        "text/html",
        &page,
    )])
    .await;
    let client = common::client_at(&space)
        .retry(laml::RetryPolicy::disabled())
        .build()
        .unwrap();
    let error = send(&client, "GET").await.unwrap_err();
    assert_eq!(error.status(), Some(502));
    let snippet = error.body_snippet().unwrap();
    assert_eq!(snippet, format!("{}…", &page[..512]));
}
