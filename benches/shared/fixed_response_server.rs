//! A minimal HTTP/1.1 server on loopback that answers every request with the
//! same 200 JSON body on a kept-alive connection, so that a loopback bench
//! measures the client, not the server.
//!
//! It runs on the caller's runtime. The benches use one current-thread
//! runtime for client and server: a call is then a fixed amount of work on
//! one core, not a race between two threads waking each other, whose
//! timing swings by several times from run to run on a shared machine.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct FixedResponseServer {
    origin: String,
    accept: JoinHandle<()>,
}

impl FixedResponseServer {
    /// Binds 127.0.0.1 on a free port and answers `body` to every request,
    /// until dropped.
    pub async fn start(body: &str) -> Self {
        let response: &'static [u8] = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
            .into_boxed_slice(),
        );
        Self::answering(response).await
    }

    /// Binds 127.0.0.1 on a free port and answers `response`, a whole
    /// HTTP/1.1 response, to every request, until dropped. Leaks nothing,
    /// for a bench that starts thousands of servers.
    pub async fn answering(response: &'static [u8]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let origin = format!("http://{}", listener.local_addr().expect("a local address"));
        let accept = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, response));
            }
        });
        Self { origin, accept }
    }

    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl Drop for FixedResponseServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Answers each request of one connection, reading its head and its
/// `content-length` bytes of body first. Allocates nothing per request.
async fn serve(mut socket: TcpStream, response: &'static [u8]) {
    let _ = socket.set_nodelay(true);
    let mut buffer = Vec::with_capacity(16 * 1024);
    loop {
        let request_end = loop {
            if let Some(head_end) = find(&buffer, b"\r\n\r\n") {
                let end = head_end + 4 + content_length(&buffer[..head_end]);
                if buffer.len() >= end {
                    break end;
                }
            }
            match socket.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        buffer.drain(..request_end);
        if socket.write_all(response).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn content_length(head: &[u8]) -> usize {
    const NAME: &[u8] = b"content-length:";
    head.split(|&b| b == b'\n')
        .find(|line| line.len() > NAME.len() && line[..NAME.len()].eq_ignore_ascii_case(NAME))
        .and_then(|line| std::str::from_utf8(&line[NAME.len()..]).ok())
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0)
}
