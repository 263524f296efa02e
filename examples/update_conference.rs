//! Ends a conference and prints it.
//!
//! ```text
//! cargo run --example update_conference -- <conference-sid>
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this talks to your space. Without
//! `SIGNALWIRE_SPACE_URL` it starts the embedded emulator, seeds a
//! conference in progress and ends that one (the sid is optional then).

use std::process::ExitCode;

use laml::conferences::{Conference, ConferenceUpdateStatus, UpdateConference};
use laml::Client;
use laml_emulator::{ConferenceSeed, Emulator};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(conference) => {
            print_conference(&conference);
            ExitCode::SUCCESS
        }
        Err(error) => {
            // One line says what was sent, where, and why it failed.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<Conference, Box<dyn std::error::Error>> {
    let sid = std::env::args().nth(1);
    if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        let sid = sid.ok_or("usage: update_conference <conference-sid>")?;
        let client = Client::from_env()?;
        return Ok(end_conference(&client, &sid).await?);
    }

    eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
    let emulator = Emulator::start().await?;
    let seeded = emulator.seed_conference(ConferenceSeed {
        sid: sid.clone(),
        friendly_name: "Weekly standup".into(),
        status: "in-progress".into(),
        ..ConferenceSeed::default()
    });
    let client = emulator.client()?;
    Ok(end_conference(&client, &seeded).await?)
}

async fn end_conference(client: &Client, sid: &str) -> Result<Conference, laml::Error> {
    client
        .send(&UpdateConference::new(sid).status(ConferenceUpdateStatus::Completed))
        .await
}

fn print_conference(conference: &Conference) {
    let date = |date: &Option<laml::Timestamp>| {
        date.as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    };
    println!("Conference {}", conference.sid);
    println!("  name:     {}", conference.friendly_name);
    println!("  status:   {}", conference.status);
    println!("  region:   {}", conference.region);
    println!("  created:  {}", date(&conference.date_created));
    println!("  updated:  {}", date(&conference.date_updated));
    println!("  uri:      {}", conference.uri);
}
