//! Places a call, follows it to its end, and shows a queue at work.
//!
//! ```text
//! cargo run --example make_call -- <to> <from> <laml-url>
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this calls `<to>` from `<from>` for real and
//! fetches the call every two seconds until it ends. Without
//! `SIGNALWIRE_SPACE_URL` it starts the embedded emulator with its clock
//! running at once (`Pace::Immediate`), so the call rings, is answered and
//! hangs up by the first fetch; then it queues two callers and dequeues the
//! one first in line.

use std::process::ExitCode;
use std::time::Duration;

use laml::calls::{Call, CallStatus, CreateCall, FetchCall};
use laml::queues::{CreateQueue, FetchQueue, ListQueueMembers, Member, UpdateQueueMember};
use laml::Client;
use laml_emulator::{Emulator, Pace};

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

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let to = args.next().unwrap_or_else(|| "+15551230001".into());
    let from = args.next().unwrap_or_else(|| "+15559870002".into());
    let url = args
        .next()
        .unwrap_or_else(|| "https://example.com/voice.xml".into());
    if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        let client = Client::from_env()?;
        follow_call(&client, &to, &from, &url).await?;
        return Ok(());
    }

    eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
    let emulator = Emulator::start().await?;
    emulator.set_pace(Pace::Immediate);
    let client = emulator.client()?;
    follow_call(&client, &to, &from, &url).await?;
    queue_callers(&emulator, &client).await
}

/// Places the call and fetches it until it has ended.
async fn follow_call(
    client: &Client,
    to: &str,
    from: &str,
    url: &str,
) -> Result<Call, laml::Error> {
    let call = client
        .send(&CreateCall::to(to).from(from).url(url).timeout(30))
        .await?;
    println!("Placed call {} to {}: {}", call.sid, call.to, call.status);
    let mut last = call.status.clone();
    loop {
        let call = client.send(&FetchCall::new(&call.sid)).await?;
        if call.status != last {
            println!("  now {}", call.status);
            last = call.status.clone();
        }
        let ended = !matches!(
            call.status,
            CallStatus::Queued | CallStatus::Ringing | CallStatus::InProgress
        );
        if ended {
            print_call(&call);
            return Ok(call);
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

fn print_call(call: &Call) {
    let date = |date: &Option<laml::Timestamp>| {
        date.as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    };
    println!("Call {}", call.sid);
    println!("  status:   {}", call.status);
    println!("  answered: {}", date(&call.start_time));
    println!("  ended:    {}", date(&call.end_time));
    println!("  duration: {} s", call.duration.unwrap_or(0));
}

/// Two callers wait in a queue (the emulator stands in for LaML's
/// `<Enqueue>`); the one first in line is sent to an agent.
async fn queue_callers(
    emulator: &Emulator,
    client: &Client,
) -> Result<(), Box<dyn std::error::Error>> {
    let queue = client
        .send(&CreateQueue::new("Support").max_size(10))
        .await?;
    emulator.enqueue(&queue.sid, None)?;
    emulator.enqueue(&queue.sid, None)?;
    let members = client.send(&ListQueueMembers::new(&queue.sid)).await?;
    println!(
        "Queue {} holds {} callers",
        queue.friendly_name,
        members.items.len()
    );
    let front = client
        .send(
            &UpdateQueueMember::dequeue(Member::Front)
                .from(&queue.sid)
                .url("https://example.com/agent.xml"),
        )
        .await?;
    println!(
        "  dequeued {} (position {})",
        front.call_sid, front.position
    );
    let queue = client.send(&FetchQueue::new(&queue.sid)).await?;
    println!("  {} caller left waiting", queue.current_size);
    Ok(())
}
