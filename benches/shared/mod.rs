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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the bench's runtime");
    let server = runtime.block_on(FixedResponseServer::start(body));
    let laml = laml_client(server.origin());
    let hand_written = Arc::new(hand_written_client(server.origin()));
    (runtime, server, laml, hand_written)
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
