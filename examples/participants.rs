//! Mutes, holds and kicks the participants of a conference.
//!
//! ```text
//! cargo run --example participants -- <conference-sid>
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this acts on your space's conference (the sid
//! is required then); without them it starts the embedded emulator and uses
//! a seeded conference with three participants.

use std::process::ExitCode;

use laml::conferences::{DeleteParticipant, ListParticipants, Participant, UpdateParticipant};
use laml::Client;
use laml_emulator::{ConferenceSeed, Emulator, ParticipantSeed};

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
    let sid = std::env::args().nth(1);
    let (client, conference_sid, _emulator) = if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some()
    {
        let sid = sid.ok_or("usage: participants <conference-sid>")?;
        (Client::from_env()?, sid, None)
    } else {
        eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
        let emulator = Emulator::start().await?;
        let conference = emulator.seed_conference(ConferenceSeed {
            friendly_name: "Support escalation".into(),
            status: "in-progress".into(),
            ..ConferenceSeed::default()
        });
        for _ in 0..3 {
            emulator.seed_participant(&conference, ParticipantSeed::default());
        }
        let client = emulator.client()?;
        (client, conference, Some(emulator))
    };

    let participants = client
        .send(&ListParticipants::new(&conference_sid))
        .await?
        .items;
    print_all("before", &participants);
    let [first, second, third, ..] = participants.as_slice() else {
        return Err("this example needs a conference with at least three participants".into());
    };

    let muted = client
        .send(&UpdateParticipant::new(&conference_sid, &first.call_sid).muted(true))
        .await?;
    println!("muted  {}", muted.call_sid);
    let held = client
        .send(
            &UpdateParticipant::new(&conference_sid, &second.call_sid)
                .hold(true)
                .hold_url("https://example.com/hold-music.mp3"),
        )
        .await?;
    println!("held   {}", held.call_sid);
    client
        .send(&DeleteParticipant::new(&conference_sid, &third.call_sid))
        .await?;
    println!("kicked {}", third.call_sid);

    let after = client
        .send(&ListParticipants::new(&conference_sid))
        .await?
        .items;
    print_all("after", &after);
    Ok(())
}

fn print_all(when: &str, participants: &[Participant]) {
    println!("{} participants {when}:", participants.len());
    for participant in participants {
        println!(
            "  {}  muted={:<5} hold={:<5} {}",
            participant.call_sid, participant.muted, participant.hold, participant.status
        );
    }
}
