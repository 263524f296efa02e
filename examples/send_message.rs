//! Sends a message with a picture, follows it to `delivered`, lists its
//! media and redacts it.
//!
//! ```text
//! cargo run --example send_message -- <to> <from> [media-url]
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this talks to your space, checking on the
//! message every second. Without `SIGNALWIRE_SPACE_URL` it starts the
//! embedded emulator, whose clock it moves a second at a time instead of
//! waiting (the numbers are optional then).

use std::process::ExitCode;
use std::time::Duration;

use laml::messages::{
    CreateMessage, FetchMessage, ListMessageMedia, Message, MessageStatus, UpdateMessage,
};
use laml::Client;
use laml_emulator::{Emulator, Pace};

const PICTURE: &str = "https://example.com/laml/cat.jpg";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line says what was sent, where, and why it failed.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// How the example waits between two looks at the message.
enum Wait {
    /// A real second, against a real space.
    Sleep,
    /// A second of the emulator's clock, at once.
    Advance(Emulator),
}

impl Wait {
    async fn a_second(&self) {
        match self {
            Wait::Sleep => tokio::time::sleep(Duration::from_secs(1)).await,
            Wait::Advance(emulator) => emulator.advance(Duration::from_secs(1)),
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (to, from, media_url) = (args.next(), args.next(), args.next());
    let media_url = media_url.unwrap_or_else(|| PICTURE.to_owned());
    if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        let usage = "usage: send_message <to> <from> [media-url]";
        let (to, from) = to.zip(from).ok_or(usage)?;
        let client = Client::from_env()?;
        return Ok(send_message(&client, &Wait::Sleep, &to, &from, &media_url).await?);
    }

    eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
    let emulator = Emulator::start().await?;
    emulator.set_pace(Pace::Paused);
    let client = emulator.client()?;
    let to = to.unwrap_or_else(|| "+15551230001".to_owned());
    let from = from.unwrap_or_else(|| "+15551230000".to_owned());
    let wait = Wait::Advance(emulator);
    Ok(send_message(&client, &wait, &to, &from, &media_url).await?)
}

async fn send_message(
    client: &Client,
    wait: &Wait,
    to: &str,
    from: &str,
    media_url: &str,
) -> Result<(), laml::Error> {
    let request = CreateMessage::new(to)
        .from(from)
        .body("Hello from laml, with a picture")
        .media_url([media_url]);
    let mut message = client.send(&request).await?;
    println!("Message {}", message.sid);
    println!("  to:       {}", message.to);
    println!("  segments: {}", message.num_segments);
    println!("  media:    {}", message.num_media);
    println!("  status:   {}", message.status);

    let mut status = message.status.clone();
    while !is_final(&message) {
        wait.a_second().await;
        message = client.send(&FetchMessage::new(&message.sid)).await?;
        if message.status != status {
            status = message.status.clone();
            println!("  status:   {status}");
        }
    }
    if let Some(price) = &message.price {
        println!("  price:    {price} {}", message.price_unit);
    }
    if let Some(code) = &message.error_code {
        println!("  error:    {code}");
    }

    let media = client.send(&ListMessageMedia::new(&message.sid)).await?;
    for item in &media.items {
        println!("  media {} ({})", item.sid, item.content_type);
    }

    let redacted = client.send(&UpdateMessage::new(&message.sid, "")).await?;
    let body = redacted.body.as_deref().unwrap_or_default();
    println!("  redacted: the body is now {body:?}");
    Ok(())
}

/// Whether the message has reached a state it will not leave.
fn is_final(message: &Message) -> bool {
    matches!(
        message.status,
        MessageStatus::Delivered
            | MessageStatus::Undelivered
            | MessageStatus::Failed
            | MessageStatus::Received
    )
}
