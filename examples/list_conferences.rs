//! Streams every conference in progress, following the pages.
//!
//! ```text
//! cargo run --example list_conferences
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this lists your space's conferences; without
//! them it starts the embedded emulator with its demo data.

use std::process::ExitCode;

use laml::conferences::{ConferenceStatus, ListConferences};
use laml::Client;
use laml_emulator::{Config, Emulator};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        (Client::from_env()?, None)
    } else {
        eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator and its demo data");
        let emulator = Emulator::start_with(Config {
            seed_demo_data: true,
            ..Config::default()
        })
        .await?;
        let client = emulator.client()?;
        (client, Some(emulator))
    };

    // Small pages, to show the stream following `next_page_uri`.
    let request = ListConferences::new()
        .status(ConferenceStatus::InProgress)
        .page_size(2);
    let mut conferences = client.stream(&request).max_items(1000);
    let mut count = 0;
    while let Some(conference) = conferences.try_next().await? {
        count += 1;
        let created = conference
            .date_created
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string);
        println!(
            "{}  {:<24}  {}  created {}",
            conference.sid, conference.friendly_name, conference.status, created
        );
    }
    println!("{count} conferences in progress");
    Ok(())
}
