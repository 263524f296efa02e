//! TLS as laml's features choose it, seen on the wire: a local server reads
//! the ClientHello a client sends to an `https://` space and hangs up.
//!
//! These run with laml's default feature, `rustls-ring`, while the tests'
//! own reqwest has aws-lc-rs too: a ClientHello without aws-lc-rs's
//! post-quantum key share is the one laml built on ring.

mod common;

use std::time::Duration;

use laml::conferences::ListConferences;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// `X25519MLKEM768`: offered first by rustls on aws-lc-rs, unknown to ring.
const X25519_MLKEM768: u16 = 0x11ec;
const X25519: u16 = 0x001d;

/// An `https://` space on loopback, and the first bytes of the first
/// connection to it.
async fn hello_catcher() -> (String, tokio::task::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let space = format!("https://{}", listener.local_addr().unwrap());
    let caught = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut hello = vec![0; 4096];
        let mut read = 0;
        // A record's length is in its header; read until the record is whole.
        while read < 5 || read < 5 + usize::from(u16::from_be_bytes([hello[3], hello[4]])) {
            let n = socket.read(&mut hello[read..]).await.unwrap();
            assert!(n > 0, "the client hung up before its ClientHello was whole");
            read += n;
        }
        hello.truncate(read);
        hello
    });
    (space, caught)
}

/// The ClientHello's extensions, by type.
fn extensions(record: &[u8]) -> Vec<(u16, &[u8])> {
    assert_eq!(record[0], 0x16, "a TLS handshake record");
    let hello = &record[5..];
    assert_eq!(hello[0], 0x01, "a ClientHello");
    let mut at = 4 + 2 + 32;
    at += 1 + usize::from(hello[at]);
    at += 2 + usize::from(u16::from_be_bytes([hello[at], hello[at + 1]]));
    at += 1 + usize::from(hello[at]);
    let end = at + 2 + usize::from(u16::from_be_bytes([hello[at], hello[at + 1]]));
    at += 2;
    let mut found = Vec::new();
    while at < end {
        let kind = u16::from_be_bytes([hello[at], hello[at + 1]]);
        let len = usize::from(u16::from_be_bytes([hello[at + 2], hello[at + 3]]));
        found.push((kind, &hello[at + 4..at + 4 + len]));
        at += 4 + len;
    }
    found
}

fn extension(record: &[u8], kind: u16) -> &[u8] {
    extensions(record)
        .into_iter()
        .find(|(found, _)| *found == kind)
        .unwrap_or_else(|| panic!("no extension {kind:#06x} in the ClientHello"))
        .1
}

fn groups(record: &[u8]) -> Vec<u16> {
    extension(record, 0x000a)[2..]
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect()
}

fn check_hello(hello: &[u8]) {
    let groups = groups(hello);
    assert!(groups.contains(&X25519), "X25519 offered: {groups:x?}");
    assert!(
        !groups.contains(&X25519_MLKEM768),
        "the ClientHello came from aws-lc-rs, not ring: {groups:x?}"
    );
    // ALPN: HTTP/2 first, then HTTP/1.1, as reqwest offers them itself.
    let alpn = extension(hello, 0x0010);
    assert_eq!(&alpn[2..], b"\x02h2\x08http/1.1");
}

#[tokio::test]
async fn the_async_client_speaks_tls_on_ring_offering_http2() {
    let (space, caught) = hello_catcher().await;
    let client = common::client_at(&space)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = client.send(&ListConferences::new()).await.unwrap_err();
    check_hello(&caught.await.unwrap());
    assert!(error.is_transport(), "{error}");
    assert!(error.to_string().contains("(ListConferences)"), "{error}");
}

#[tokio::test]
async fn the_blocking_client_speaks_the_same_tls() {
    let (space, caught) = hello_catcher().await;
    let error = tokio::task::spawn_blocking(move || {
        let client = common::client_at(&space)
            .timeout(Duration::from_secs(5))
            .build_blocking()
            .unwrap();
        client.send(&ListConferences::new()).unwrap_err()
    })
    .await
    .unwrap();
    check_hello(&caught.await.unwrap());
    assert!(error.is_transport(), "{error}");
}

#[tokio::test]
async fn a_reqwest_client_from_laml_s_builder_speaks_the_same_tls() {
    let (space, caught) = hello_catcher().await;
    let http = laml::Client::http_client_builder()
        .unwrap()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let client = common::client_at(&space).http_client(http).build().unwrap();
    let error = client.send(&ListConferences::new()).await.unwrap_err();
    check_hello(&caught.await.unwrap());
    assert!(error.is_transport(), "{error}");
}
