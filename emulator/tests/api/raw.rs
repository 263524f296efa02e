//! HTTP/1.1 by hand over a `TcpStream`, to see what a client library would
//! hide: a connection closed without a reply, a body shorter than its
//! `content-length`, which connection a request went over.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use laml_emulator::{ConnectionStats, Emulator};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// How long a test waits for bytes or for the server to notice a close.
const PATIENCE: Duration = Duration::from_secs(5);

/// One connection to the emulator, authenticated as its project.
pub(crate) struct Connection {
    stream: TcpStream,
    received: Vec<u8>,
    authorization: String,
}

/// A response as it came off the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    /// Names in lower case, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Connection {
    pub(crate) async fn open(emulator: &Emulator) -> Connection {
        let stream = TcpStream::connect(emulator.local_addr())
            .await
            .expect("the emulator accepts a connection");
        let credentials = format!("{}:{}", emulator.project_id(), emulator.api_token());
        Connection {
            stream,
            received: Vec::new(),
            authorization: format!("Basic {}", STANDARD.encode(credentials)),
        }
    }

    /// The `authorization` header's value this connection sends.
    pub(crate) fn authorization(&self) -> &str {
        &self.authorization
    }

    /// Writes `bytes` as they are: a request cut short, one that declares
    /// more body than it sends, one with other credentials.
    pub(crate) async fn write(&mut self, bytes: &str) {
        self.stream
            .write_all(bytes.as_bytes())
            .await
            .expect("the bytes are written");
    }

    /// Sends a `GET` that keeps the connection open.
    pub(crate) async fn get(&mut self, path: &str) {
        self.send("GET", path, "").await;
    }

    /// Sends a request that keeps the connection open; a body is sent as a
    /// form.
    pub(crate) async fn send(&mut self, method: &str, path: &str, body: &str) {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: {}\r\n",
            self.authorization
        );
        if !body.is_empty() {
            request.push_str("content-type: application/x-www-form-urlencoded\r\n");
        }
        request.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
        self.stream
            .write_all(request.as_bytes())
            .await
            .expect("the request is written");
    }

    /// Reads one whole response, as long as its `content-length` says,
    /// leaving the connection open.
    pub(crate) async fn response(&mut self) -> RawResponse {
        let end_of_head = loop {
            if let Some(at) = find(&self.received, b"\r\n\r\n") {
                break at + 4;
            }
            assert!(self.read_more().await > 0, "the connection closed early");
        };
        let mut response = parse_head(&self.received[..end_of_head]);
        let length: usize = response
            .header("content-length")
            .expect("a content-length")
            .parse()
            .expect("a numeric content-length");
        while self.received.len() < end_of_head + length {
            assert!(self.read_more().await > 0, "the connection closed early");
        }
        response.body = self.received[end_of_head..end_of_head + length].to_vec();
        self.received.drain(..end_of_head + length);
        response
    }

    /// Reads until the server closes the connection, and returns every byte
    /// not yet read.
    pub(crate) async fn until_closed(&mut self) -> Vec<u8> {
        while self.read_more().await > 0 {}
        std::mem::take(&mut self.received)
    }

    async fn read_more(&mut self) -> usize {
        let mut chunk = [0; 4096];
        let read = tokio::time::timeout(PATIENCE, self.stream.read(&mut chunk))
            .await
            .expect("the server answers or closes in time")
            .expect("the connection reads without an error");
        self.received.extend_from_slice(&chunk[..read]);
        read
    }
}

impl RawResponse {
    /// A response read to the end of the connection; `body` is whatever
    /// came after the head.
    pub(crate) fn parse(bytes: &[u8]) -> RawResponse {
        let end_of_head = find(bytes, b"\r\n\r\n").expect("a complete head") + 4;
        let mut response = parse_head(&bytes[..end_of_head]);
        response.body = bytes[end_of_head..].to_vec();
        response
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }

    pub(crate) fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }
}

fn parse_head(head: &[u8]) -> RawResponse {
    let head = std::str::from_utf8(head).expect("an ASCII head");
    let mut lines = head.trim_end().split("\r\n");
    let status_line = lines.next().expect("a status line");
    let status = status_line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP/1.1 status line: {status_line:?}"));
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    RawResponse {
        status,
        headers,
        body: Vec::new(),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Waits until the emulator's connection stats satisfy `done`, and returns
/// them; the server counts a close a moment after the client sees it.
pub(crate) async fn connections_when(
    emulator: &Emulator,
    done: impl Fn(&ConnectionStats) -> bool,
) -> ConnectionStats {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let stats = emulator.connections();
        if done(&stats) {
            return stats;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the connection stats stayed {stats:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
