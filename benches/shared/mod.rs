//! What the benches share: the hand-written client they measure laml
//! against, the request and response fixtures, and a fixed-response
//! loopback server.
// Each bench binary compiles this module and uses a different part of it.
#![allow(dead_code)]

pub mod fixed_response_server;
pub mod fixtures;
pub mod hand_written;

use laml::conferences::{
    CallbackMethod, ConferenceStatus, ConferenceUpdateStatus, ListConferences, UpdateConference,
    UpdateParticipant,
};
use std::sync::Arc;

use laml::Client;
use time::macros::date;
use tokio::runtime::Runtime;

use fixed_response_server::FixedResponseServer;

/// A laml client for `origin`, configured as a user would: laml builds its
/// own `reqwest::Client`.
pub fn laml_client(origin: &str) -> Client {
    Client::builder()
        .space_url(origin)
        .project_id(fixtures::PROJECT_ID)
        .api_token(fixtures::API_TOKEN)
        .build()
        .expect("the laml client builds")
}

/// The hand-written client for the same origin.
pub fn hand_written_client(origin: &str) -> hand_written::Client {
    hand_written::Client::new(origin, fixtures::PROJECT_ID, fixtures::API_TOKEN)
}

/// How a loopback bench runs tokio: one thread, or tokio's default
/// multi-thread runtime (a worker per core).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    CurrentThread,
    MultiThread,
}

impl Flavour {
    pub fn name(self) -> &'static str {
        match self {
            Flavour::CurrentThread => "current_thread",
            Flavour::MultiThread => "multi_thread",
        }
    }

    pub fn runtime(self) -> Runtime {
        let mut builder = match self {
            Flavour::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Flavour::MultiThread => tokio::runtime::Builder::new_multi_thread(),
        };
        builder.enable_all().build().expect("the bench's runtime")
    }
}

/// The loopback setup: a current-thread runtime that client and server
/// share (see `FixedResponseServer`), the server answering `body`, and both
/// clients pointed at it.
pub fn loopback(
    body: &str,
) -> (
    Runtime,
    FixedResponseServer,
    Client,
    Arc<hand_written::Client>,
) {
    loopback_on(Flavour::CurrentThread, body)
}

/// The same on a runtime of `flavour`, which client and server share.
pub fn loopback_on(
    flavour: Flavour,
    body: &str,
) -> (
    Runtime,
    FixedResponseServer,
    Client,
    Arc<hand_written::Client>,
) {
    let runtime = flavour.runtime();
    let server = runtime.block_on(FixedResponseServer::start(body));
    let laml = laml_client(server.origin());
    let hand_written = Arc::new(hand_written_client(server.origin()));
    (runtime, server, laml, hand_written)
}

/// The CPU time this process has used so far, on all its threads
/// (`CLOCK_PROCESS_CPUTIME_ID`): for CPU per call, where wall time would
/// count the waits.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn process_cpu_time() -> std::time::Duration {
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut time = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: `time` is a live `struct timespec` (two 64-bit fields on
    // 64-bit Linux) for the call to write.
    let status = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    std::time::Duration::new(time.seconds as u64, time.nanoseconds as u32)
}

/// One Update Conference call through laml, checked.
pub async fn laml_end_conference(laml: Client) {
    let conference = laml.send(&update_conference()).await.unwrap();
    assert_eq!(conference.sid, fixtures::CONFERENCE_SID);
}

/// The same call through the hand-written client, checked.
pub async fn hand_written_end_conference(hand_written: Arc<hand_written::Client>) {
    let conference = hand_written
        .update_conference(fixtures::CONFERENCE_SID, &hand_written_update_conference())
        .await
        .unwrap();
    assert_eq!(conference.sid, fixtures::CONFERENCE_SID);
}

/// The main job: end a conference.
pub fn update_conference() -> UpdateConference {
    UpdateConference::new(fixtures::CONFERENCE_SID).status(ConferenceUpdateStatus::Completed)
}

pub fn hand_written_update_conference() -> hand_written::ConferenceUpdate<'static> {
    hand_written::ConferenceUpdate {
        status: Some("completed"),
        ..Default::default()
    }
}

/// A list with six filters, three of them dates.
pub fn list_conferences() -> ListConferences {
    ListConferences::new()
        .date_created_after(date!(2024 - 05 - 01))
        .date_created_before(date!(2024 - 06 - 01))
        .date_updated_after(date!(2024 - 05 - 15))
        .friendly_name("Weekly standup")
        .status(ConferenceStatus::InProgress)
        .page_size(50)
}

pub fn hand_written_list_conferences() -> hand_written::ConferenceFilters<'static> {
    hand_written::ConferenceFilters {
        date_created_after: Some(date!(2024 - 05 - 01)),
        date_created_before: Some(date!(2024 - 06 - 01)),
        date_updated_after: Some(date!(2024 - 05 - 15)),
        friendly_name: Some("Weekly standup"),
        status: Some("in-progress"),
        page_size: Some(50),
        ..Default::default()
    }
}

const ANNOUNCE_URL: &str = "https://example.com/announce.xml?room=standup&lang=en-US";
const HOLD_URL: &str = "https://example.com/hold music.mp3";
const WAIT_URL: &str = "https://example.com/wait.xml?tone=soft";
const COACHED_CALL_SID: &str = "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a";

/// Every one of the ten fields set.
pub fn update_participant() -> UpdateParticipant {
    UpdateParticipant::new(fixtures::CONFERENCE_SID, fixtures::CALL_SID)
        .announce_url(ANNOUNCE_URL)
        .announce_method(CallbackMethod::Post)
        .coaching(true)
        .call_sid_to_coach(COACHED_CALL_SID)
        .hold(false)
        .hold_method(CallbackMethod::Get)
        .hold_url(HOLD_URL)
        .muted(true)
        .wait_url(WAIT_URL)
        .wait_method(CallbackMethod::Post)
}

pub fn hand_written_update_participant() -> hand_written::ParticipantUpdate<'static> {
    hand_written::ParticipantUpdate {
        announce_url: Some(ANNOUNCE_URL),
        announce_method: Some("POST"),
        coaching: Some(true),
        call_sid_to_coach: Some(COACHED_CALL_SID),
        hold: Some(false),
        hold_method: Some("GET"),
        hold_url: Some(HOLD_URL),
        muted: Some(true),
        wait_url: Some(WAIT_URL),
        wait_method: Some("POST"),
    }
}

/// Panics unless both requests would put the same bytes on the wire, so
/// that a bench compares equal work.
pub fn assert_same_request(laml: &reqwest::Request, hand_written: &reqwest::Request) {
    assert_eq!(laml.method(), hand_written.method());
    assert_eq!(laml.url(), hand_written.url());
    assert_eq!(laml.headers(), hand_written.headers());
    for (name, value) in laml.headers() {
        assert_eq!(
            value.is_sensitive(),
            hand_written.headers()[name].is_sensitive(),
            "{name}"
        );
    }
    let body = |request: &reqwest::Request| {
        request
            .body()
            .map(|body| body.as_bytes().expect("a buffered body").to_vec())
    };
    assert_eq!(body(laml), body(hand_written));
}
