//! Faults injected into the emulator, driven through real HTTP: what laml
//! retries, what it never retries, and what each failure becomes. Attempts
//! are counted on the server side.

mod common;

use std::time::{Duration, Instant};

use laml::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, DeleteParticipant, FetchConference, UpdateConference,
};
use laml::{Client, RetryPolicy};
use laml_emulator::{ConferenceSeed, Emulator, Fault, FaultScope, ParticipantSeed};

async fn seeded() -> (Emulator, Client, String) {
    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(ConferenceSeed::default());
    (emulator, client, sid)
}

fn end(sid: &str) -> UpdateConference {
    UpdateConference::new(sid).status(ConferenceUpdateStatus::Completed)
}

fn status(status: u16, retry_after: Option<&str>) -> Fault {
    Fault::Status {
        status,
        retry_after: retry_after.map(str::to_owned),
    }
}

#[tokio::test]
async fn a_503_is_retried_even_for_post_and_the_update_lands_once() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(status(503, Some("0")), FaultScope::Next(2));
    let conference = client.send(&end(&sid)).await.unwrap();
    assert_eq!(conference.status, ConferenceStatus::Completed);
    assert_eq!(emulator.requests().len(), 3);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(status(429, Some("1")), FaultScope::Next(1));
    let started = Instant::now();
    client.send(&end(&sid)).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(
        status(429, Some("Sun, 06 Nov 1994 08:49:37 GMT")),
        FaultScope::Next(1),
    );
    client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_gives_up_at_once() {
    let (emulator, _, sid) = seeded().await;
    let client = laml::Client::builder()
        .space_url(emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(emulator.api_token())
        .retry(RetryPolicy::default().deadline(Duration::from_secs(1)))
        .build()
        .unwrap();
    emulator.inject(status(503, Some("30")), FaultScope::Next(1));
    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(status(503, None), FaultScope::Next(10));
    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.api().unwrap().code, Some(50300));
    assert_eq!(
        emulator.requests().len(),
        3,
        "the default policy makes three attempts"
    );
}

#[tokio::test]
async fn a_disabled_policy_sends_once() {
    let (emulator, _, sid) = seeded().await;
    let client = laml::Client::builder()
        .space_url(emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(emulator.api_token())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    emulator.inject(status(503, Some("0")), FaultScope::Next(1));
    assert!(client.send(&FetchConference::new(&sid)).await.is_err());
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn other_5xx_are_retried_for_get_and_delete_only() {
    let (emulator, client, sid) = seeded().await;

    emulator.inject(Fault::Html { status: 502 }, FaultScope::Next(1));
    client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(emulator.requests().len(), 2, "GET is retried");

    emulator.clear_requests();
    let call = emulator.seed_participant(&sid, ParticipantSeed::default());
    emulator.inject(Fault::Html { status: 500 }, FaultScope::Next(1));
    client
        .send(&DeleteParticipant::new(&sid, &call))
        .await
        .unwrap();
    assert_eq!(emulator.requests().len(), 2, "DELETE is retried");

    emulator.clear_requests();
    emulator.inject(Fault::Html { status: 500 }, FaultScope::Next(1));
    let error = client.send(&end(&sid)).await.unwrap_err();
    assert_eq!(emulator.requests().len(), 1, "POST is not retried");
    assert!(error.is_api());
    assert_eq!(error.status(), Some(500));
    assert_eq!(error.api().unwrap().code, None);
    assert!(error.body_snippet().unwrap().contains('<'), "{error:?}");
    assert_eq!(emulator.conference(&sid).unwrap()["status"], "in-progress");
}

#[tokio::test]
async fn other_4xx_are_never_retried() {
    let (emulator, client, _) = seeded().await;
    let error = client
        .send(&FetchConference::new("CF-missing"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    emulator.inject(status(409, None), FaultScope::Next(3));
    let error = client
        .send(&FetchConference::new("CF-missing"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(409));
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn a_truncated_body_is_retried_for_get() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(Fault::TruncatedBody, FaultScope::Next(1));
    client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn a_truncated_body_on_post_is_a_transport_error_with_status_and_snippet() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(Fault::TruncatedBody, FaultScope::Next(1));
    let error = client.send(&end(&sid)).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert!(
        error.body_snippet().is_some_and(|s| s.starts_with('{')),
        "{error:?}"
    );
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_decoding_error_and_not_retried() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(Fault::MalformedJson, FaultScope::Next(1));
    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert!(error.body_snippet().is_some_and(|s| s.starts_with('{')));
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn a_slow_server_is_a_timeout_retried_only_for_get() {
    let (emulator, _, sid) = seeded().await;
    let client = common::client_at(&emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(emulator.api_token())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    emulator.inject(
        Fault::Delay(Duration::from_secs(2)),
        FaultScope::Sid(sid.clone()),
    );

    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(emulator.requests().len(), 3);

    emulator.clear_requests();
    let error = client.send(&end(&sid)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_only() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(Fault::DropConnection, FaultScope::Next(1));
    client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(emulator.requests().len(), 2);

    emulator.clear_requests();
    emulator.inject(Fault::DropConnection, FaultScope::Next(1));
    let error = client.send(&end(&sid)).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn a_fault_scoped_to_a_sid_spares_the_others() {
    let (emulator, client, faulty) = seeded().await;
    let healthy = emulator.seed_conference(ConferenceSeed::default());
    emulator.inject(Fault::Html { status: 503 }, FaultScope::Sid(faulty.clone()));
    assert!(client.send(&FetchConference::new(&healthy)).await.is_ok());
    assert_eq!(
        client
            .send(&FetchConference::new(&faulty))
            .await
            .unwrap_err()
            .status(),
        Some(503)
    );
    emulator.clear_faults();
    assert!(client.send(&FetchConference::new(&faulty)).await.is_ok());
}

/// Resident memory, from Linux's /proc.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_through_one_client() {
    let (emulator, client, sid) = seeded().await;
    let mut resident = Vec::new();
    for _round in 0..5 {
        let calls = (0..1000).map(|_| {
            let client = client.clone();
            let sid = sid.clone();
            tokio::spawn(async move { client.send(&FetchConference::new(sid)).await })
        });
        let results = futures_util::future::join_all(calls).await;
        for result in results {
            assert_eq!(result.unwrap().unwrap().sid, sid);
        }
        emulator.clear_requests();
        resident.extend(resident_bytes());
    }
    // The in-flight limit bounds connections: a connection on its way back
    // to the pool can race the next request, so a few more than the limit
    // may open, never one per request.
    let connections = emulator.connections();
    println!("{connections:?} resident bytes after each round: {resident:?}");
    let bound = 2 * laml::DEFAULT_MAX_IN_FLIGHT as u64;
    assert!(connections.peak_open <= bound, "{connections:?}");
    assert!(
        connections.accepted <= bound,
        "connections are reused across rounds: {connections:?}"
    );
    if let [.., second, _, _, last] = resident.as_slice() {
        let growth = last.saturating_sub(*second);
        assert!(
            growth < 16 << 20,
            "memory grew by {growth} bytes over three rounds: {resident:?}"
        );
    }
}
