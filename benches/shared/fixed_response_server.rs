//! A minimal HTTP/1.1 server on loopback that answers every request with the
//! same 200 JSON body on a kept-alive connection, so that a loopback bench
//! measures the client, not the server. It runs on its own thread and
//! runtime, and stops when dropped.

use std::thread::JoinHandle;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

pub struct FixedResponseServer {
    origin: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FixedResponseServer {
    /// Binds 127.0.0.1 on a free port and answers `body` to every request.
    pub fn start(body: &str) -> Self {
        let response: &'static [u8] = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
            .into_boxed_slice(),
        );
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        listener
            .set_nonblocking(true)
            .expect("a non-blocking socket");
        let origin = format!("http://{}", listener.local_addr().expect("a local address"));
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the server's runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("a tokio listener");
                let accept = async {
                    while let Ok((socket, _)) = listener.accept().await {
                        tokio::spawn(serve(socket, response));
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stopped => {}
                }
            });
        });
        Self {
            origin,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> &str {
        &self.origin
    }
}

impl Drop for FixedResponseServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
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
