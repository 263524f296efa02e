//! What the integration tests share: an emulator with a client bound to it,
//! and a one-shot HTTP server for replies the emulator would never give.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use laml::Client;
use laml_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub async fn emulator() -> (Emulator, Client) {
    let emulator = Emulator::start().await.expect("the emulator starts");
    let client = client_for(&emulator);
    (emulator, client)
}

pub fn fast_retries() -> laml::RetryPolicy {
    laml::RetryPolicy::default()
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(50))
}

pub fn client_for(emulator: &Emulator) -> Client {
    emulator
        .client_builder()
        .retry(fast_retries())
        .build()
        .expect("the client builds")
}

/// Serves `reply` (a whole HTTP/1.1 response) to every connection, and
/// returns the space URL to reach it.
pub async fn fixed_reply_server(reply: &str) -> String {
    scripted_server(vec![reply.to_owned()]).await
}

/// Accepts connections and never answers.
pub async fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{address}")
}

/// The space URL of a loopback port nothing listens on: a connection to it
/// is refused.
pub fn refused_space() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

/// A client for a test server, retrying fast so that tests stay quick.
pub fn client_at(space_url: &str) -> laml::ClientBuilder {
    Client::builder()
        .space_url(space_url)
        .retry(fast_retries())
        .project_id("b2d6c1b4-1111-4000-8000-000000000000")
        .api_token("PT-test-token-never-printed")
}

/// Serves `replies` in order, one per connection, each closing its
/// connection; after the last, the last again. Returns the space URL.
pub async fn scripted_server(replies: Vec<String>) -> String {
    recording_server(replies).await.0
}

/// A whole HTTP/1.1 response that closes its connection.
pub fn http_reply(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Like [`scripted_server`], and also keeps every request it received, as
/// raw text.
pub async fn recording_server(replies: Vec<String>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    (format!("http://{address}"), serve(listener, replies))
}

/// Serves `replies` on `listener` as [`recording_server`] does, and returns
/// the requests it receives.
pub fn serve(listener: TcpListener, replies: Vec<String>) -> Arc<Mutex<Vec<String>>> {
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        let mut served = 0usize;
        while let Ok((mut socket, _)) = listener.accept().await {
            let reply = replies[served.min(replies.len() - 1)].clone();
            served += 1;
            let log = log.clone();
            tokio::spawn(async move {
                let request =
                    tokio::time::timeout(Duration::from_secs(2), read_request(&mut socket))
                        .await
                        .unwrap_or_default();
                log.lock().unwrap().push(request);
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    received
}

/// One whole request (head, and body by its content-length), as text.
async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&request);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return text.into_owned();
            }
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&request).into_owned(),
            Ok(read) => request.extend_from_slice(&buffer[..read]),
        }
    }
}
