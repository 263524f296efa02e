//! A server that streams a runaway body cannot exhaust the client's memory:
//! what is read stops at the client's limits, measured in resident memory.
//! Alone in its binary, so that no other test's allocations blur the
//! measure.

mod common;

use laml::conferences::FetchConference;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const GIB: u64 = 1 << 30;

/// Answers every request with `head` and then up to 1 GiB of spaces, made
/// as they are sent, until the client stops reading. Returns the space URL.
async fn runaway_server(head: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let spaces = vec![b' '; 64 << 10];
                let chunk = if head.contains("chunked") {
                    let mut framed = format!("{:x}\r\n", spaces.len()).into_bytes();
                    framed.extend_from_slice(&spaces);
                    framed.extend_from_slice(b"\r\n");
                    framed
                } else {
                    spaces
                };
                let mut sent = 0u64;
                while sent < GIB {
                    if socket.write_all(&chunk).await.is_err() {
                        return;
                    }
                    sent += chunk.len() as u64;
                }
            });
        }
    });
    format!("http://{address}")
}

/// The most resident memory the process has had, from Linux's `VmHWM`: a
/// body read whole and freed again would still show here.
fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .unwrap();
    let kib: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

/// Each case sends one request to a server that streams 1 GiB, and checks
/// the error and that the peak of resident memory grew by far less than the
/// body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_body_is_cut_at_the_limit_for_success_and_error_alike() {
    let cases = [
        // A 2xx that announces its length: refused before reading.
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n",
        // A 2xx that does not: read up to the limit, then refused.
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        // An error status: its start is read, the rest never.
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/html\r\ncontent-length: 1073741824\r\n\r\n",
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n",
    ];
    let before = peak_resident_bytes();
    for head in cases {
        let space = runaway_server(head).await;
        let client = common::client_at(&space)
            .retry(laml::RetryPolicy::disabled())
            .build()
            .unwrap();
        let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
        let status = head[9..12].parse::<u16>().unwrap();
        assert_eq!(error.status(), Some(status), "{head:?}: {error:?}");
        if status == 200 {
            assert!(error.is_too_large(), "{head:?}: {error:?}");
            assert!(
                error
                    .to_string()
                    .contains(&laml::DEFAULT_MAX_BODY_BYTES.to_string()),
                "{error}"
            );
        } else {
            assert!(error.is_api(), "{head:?}: {error:?}");
        }
        let grown = peak_resident_bytes().saturating_sub(before);
        println!("{head:?}: peak resident memory grew by {grown} bytes");
        assert!(
            grown < 3 * laml::DEFAULT_MAX_BODY_BYTES as u64,
            "{head:?}: peak resident memory grew by {grown} bytes"
        );
    }
}

/// The limits are the caller's to set: a body just over a small limit is
/// refused, one within it decodes.
#[tokio::test]
async fn the_limit_is_configurable() {
    let body = r#"{"sid":"CF1","status":"completed"}"#;
    let reply = common::http_reply("200 OK", "application/json", body);
    let space = common::fixed_reply_server(&reply).await;
    let fits = common::client_at(&space)
        .max_body_bytes(body.len())
        .build()
        .unwrap();
    assert_eq!(
        fits.send(&FetchConference::new("CF1")).await.unwrap().sid,
        "CF1"
    );
    let tight = common::client_at(&space)
        .max_body_bytes(body.len() - 1)
        .build()
        .unwrap();
    let error = tight.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_too_large(), "{error:?}");

    let not_found = "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{\"code\":20404,\"message\":\"gone\"}";
    let space = common::fixed_reply_server(not_found).await;
    let client = common::client_at(&space)
        .max_error_body_bytes(10)
        .build()
        .unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.body_snippet(), Some("{\"code\":20"));
}
