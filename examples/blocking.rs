//! Lists the conferences in progress and ends the first, with the blocking
//! client: no async runtime, each call returns.
//!
//! ```text
//! cargo run --example blocking --features blocking
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this talks to your space. Without
//! `SIGNALWIRE_SPACE_URL` it starts the embedded emulator (on a runtime of
//! its own, which the blocking client never touches) and seeds three
//! conferences.

use std::process::ExitCode;

use laml::blocking::Client;
use laml::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, ListConferences, UpdateConference,
};
use laml_emulator::{ConferenceSeed, Emulator};

fn main() -> ExitCode {
    let offline = match offline_space() {
        Ok(offline) => offline,
        Err(error) => {
            eprintln!("error: the emulator did not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let client = match &offline {
        Some(space) => space.client(),
        None => Client::from_env(),
    };
    match client.and_then(|client| run(&client)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line says what was sent, where, and why it failed.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(client: &Client) -> Result<(), laml::Error> {
    let in_progress = ListConferences::new()
        .status(ConferenceStatus::InProgress)
        .page_size(2);
    let mut first = None;
    for conference in client.iter(&in_progress).max_items(100) {
        let conference = conference?;
        println!("{}  {}", conference.sid, conference.friendly_name);
        first.get_or_insert(conference.sid);
    }
    let Some(sid) = first else {
        println!("no conference in progress");
        return Ok(());
    };
    let ended =
        client.send(&UpdateConference::new(sid).status(ConferenceUpdateStatus::Completed))?;
    println!("ended {}: {}", ended.sid, ended.status);
    Ok(())
}

/// The emulator and the runtime it runs on, when no space is configured.
struct OfflineSpace {
    emulator: Emulator,
    _runtime: tokio::runtime::Runtime,
}

impl OfflineSpace {
    fn client(&self) -> Result<Client, laml::Error> {
        self.emulator.client_builder().build_blocking()
    }
}

fn offline_space() -> std::io::Result<Option<OfflineSpace>> {
    if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        return Ok(None);
    }
    eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
    let runtime = tokio::runtime::Runtime::new()?;
    let emulator = runtime.block_on(Emulator::start())?;
    for name in ["Standup", "Design review", "Support bridge"] {
        emulator.seed_conference(ConferenceSeed {
            friendly_name: name.into(),
            ..ConferenceSeed::default()
        });
    }
    Ok(Some(OfflineSpace {
        emulator,
        _runtime: runtime,
    }))
}
