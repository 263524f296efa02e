//! Faults injected into the emulator, driven through real HTTP: what laml
//! retries, what it never retries, and what each failure becomes. Attempts
//! are counted on the server side.

mod common;

use std::time::{Duration, Instant};

use laml::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, DeleteParticipant, FetchConference, ListConferences,
    UpdateConference,
};
use laml::messages::{CreateMessage, ListMessages};
use laml::queues::{Member, UpdateQueueMember};
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
async fn a_503_answering_an_update_is_retried_and_the_update_lands_once() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(status(503, Some("0")), FaultScope::Next(2));
    let conference = client.send(&end(&sid)).await.unwrap();
    assert_eq!(conference.status, ConferenceStatus::Completed);
    assert_eq!(emulator.requests().len(), 3);
}

/// A create: a POST to a collection, which sends a message each time.
fn text() -> CreateMessage {
    CreateMessage::new("+15551230001")
        .from("+15551230000")
        .body("hi")
}

async fn messages_sent(client: &Client) -> usize {
    client.send(&ListMessages::new()).await.unwrap().items.len()
}

/// A gateway can answer 503 after the platform sent the message: sending
/// it again would send a second one.
#[tokio::test]
async fn a_503_answering_a_create_or_a_dequeue_is_not_retried() {
    let (emulator, client) = common::emulator().await;
    emulator.inject(status(503, Some("0")), FaultScope::Next(1));
    let error = client.send(&text()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.api().unwrap().code, Some(50300));
    assert_eq!(emulator.requests().len(), 1, "a create is sent once");

    // Dequeuing the front member again would dequeue the next caller.
    emulator.inject(status(503, Some("0")), FaultScope::Next(1));
    let dequeue = UpdateQueueMember::new("QU1", Member::Front, "https://example.com/agent.xml");
    let error = client.send(&dequeue).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(emulator.requests().len(), 2, "a dequeue is sent once");
    assert_eq!(messages_sent(&client).await, 0);
}

/// Sends a message after one `fault`, and checks that it went again and
/// that one message was sent.
async fn assert_retried_and_sent_once(emulator: &Emulator, client: &Client, fault: Fault) {
    emulator.inject(fault, FaultScope::Next(1));
    client.send(&text()).await.unwrap();
    assert_eq!(emulator.requests().len(), 2);
    assert_eq!(messages_sent(client).await, 1);
}

#[tokio::test]
async fn a_429_answering_a_create_is_retried_and_the_message_is_sent_once() {
    let (emulator, client) = common::emulator().await;
    assert_retried_and_sent_once(&emulator, &client, status(429, Some("0"))).await;
}

#[tokio::test]
async fn retry_creates_on_503_retries_a_create_answered_503() {
    let (emulator, _) = common::emulator().await;
    let client = common::client_at(&emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(emulator.api_token())
        .retry(common::fast_retries().retry_creates_on_503(true))
        .build()
        .unwrap();
    assert_retried_and_sent_once(&emulator, &client, status(503, Some("0"))).await;
}

/// Nothing listens at first: the create is refused, never sent, and goes
/// again once a server is there.
#[tokio::test]
async fn a_create_to_a_refused_connection_is_retried_and_lands_once() {
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let reply = common::http_reply("201 Created", "application/json", r#"{"sid":"SM1"}"#);
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let listener = tokio::net::TcpListener::bind(address).await.unwrap();
        common::serve(listener, vec![reply])
    });
    // The first retry waits 500 ms to 1 s, after the server is up.
    let client = common::client_at(&format!("http://{address}"))
        .retry(RetryPolicy::default().base_delay(Duration::from_secs(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    let message = client.send(&text()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "the first attempt was refused and waited for: {:?}",
        started.elapsed()
    );
    assert_eq!(message.sid, "SM1");
    let received = server.await.unwrap();
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    assert!(received[0].starts_with("POST "), "{received:?}");
}

/// Sends `call` after injecting a 429 with `retry_after`, and checks that
/// the one retry came at least `at_least` later.
async fn assert_retried_after<F>(emulator: &Emulator, retry_after: &str, call: F)
where
    F: std::future::Future<Output = Result<laml::conferences::Conference, laml::Error>>,
{
    emulator.inject(status(429, Some(retry_after)), FaultScope::Next(1));
    let started = Instant::now();
    call.await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "{:?} after Retry-After: {retry_after}",
        started.elapsed()
    );
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let (emulator, client, sid) = seeded().await;
    assert_retried_after(&emulator, "1", client.send(&end(&sid))).await;
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let (emulator, client, sid) = seeded().await;
    // Two seconds ahead: an HTTP date has whole seconds, so the wait is
    // more than one second whichever way the clock ticks.
    let at = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    let date = at
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap();
    let fetch = FetchConference::new(&sid);
    assert_retried_after(&emulator, &date, client.send(&fetch)).await;
}

/// Once a second has passed, adding the server's delay to the time spent
/// used to overflow and panic; now a delay past the deadline ends the
/// retries with the 503.
#[tokio::test]
async fn a_huge_retry_after_after_a_first_retry_is_the_503_not_a_panic() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(status(503, Some("1")), FaultScope::Next(1));
    emulator.inject(
        status(503, Some("18446744073709551615")),
        FaultScope::Next(1),
    );
    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_gives_up_at_once() {
    let (emulator, _, sid) = seeded().await;
    let client = emulator
        .client_builder()
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
    let client = emulator
        .client_builder()
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
    // Two, so that the conference goes on when one is kicked.
    emulator.seed_participant(&sid, ParticipantSeed::default());
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
async fn a_slow_server_is_a_timeout_retried_only_for_get_and_delete() {
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
    let call = emulator.seed_participant(&sid, ParticipantSeed::default());
    let error = client
        .send(&DeleteParticipant::new(&sid, &call))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(emulator.requests().len(), 3, "DELETE is retried");

    emulator.clear_requests();
    let error = client.send(&end(&sid)).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_for_get_and_delete_only() {
    let (emulator, client, sid) = seeded().await;
    emulator.inject(Fault::DropConnection, FaultScope::Next(1));
    client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(emulator.requests().len(), 2);

    emulator.clear_requests();
    let call = emulator.seed_participant(&sid, ParticipantSeed::default());
    emulator.inject(Fault::DropConnection, FaultScope::Next(1));
    client
        .send(&DeleteParticipant::new(&sid, &call))
        .await
        .unwrap();
    assert_eq!(emulator.requests().len(), 2, "DELETE is retried");
    assert!(emulator.participant(&sid, &call).is_none());

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
    assert!(
        connections.peak_in_flight <= laml::DEFAULT_MAX_IN_FLIGHT as u64,
        "{connections:?}"
    );
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

/// `n` requests at once, each held `hold` by the server; what the server saw.
async fn at_once(client: &Client, emulator: &Emulator, sid: &str, n: u32, hold: Duration) {
    emulator.inject(Fault::Delay(hold), FaultScope::Next(n));
    let calls = (0..n).map(|_| {
        let client = client.clone();
        let sid = sid.to_owned();
        tokio::spawn(async move { client.send(&FetchConference::new(sid)).await })
    });
    for result in futures_util::future::join_all(calls).await {
        result.unwrap().unwrap();
    }
}

fn limited(emulator: &Emulator, max_in_flight: Option<usize>) -> Client {
    let builder = common::client_at(&emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(emulator.api_token());
    match max_in_flight {
        Some(max) => builder.max_in_flight(max),
        None => builder,
    }
    .build()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_in_flight_bounds_the_requests_the_server_sees_at_once() {
    let (emulator, _, sid) = seeded().await;
    let hold = Duration::from_millis(300);

    at_once(&limited(&emulator, Some(3)), &emulator, &sid, 12, hold).await;
    let stats = emulator.connections();
    assert_eq!(stats.peak_in_flight, 3, "{stats:?}");
    assert_eq!(emulator.requests().len(), 12);

    let (emulator, _, sid) = seeded().await;
    let unlimited = limited(&emulator, Some(0));
    at_once(&unlimited, &emulator, &sid, 12, hold).await;
    let stats = emulator.connections();
    assert_eq!(stats.peak_in_flight, 12, "0 is no limit: {stats:?}");
    // Without a limit, the pool still keeps its connections for reuse.
    let accepted = stats.accepted;
    for _ in 0..3 {
        unlimited.send(&FetchConference::new(&sid)).await.unwrap();
    }
    assert_eq!(
        emulator.connections().accepted,
        accepted,
        "connections are reused"
    );

    let (emulator, _, sid) = seeded().await;
    let over = laml::DEFAULT_MAX_IN_FLIGHT as u32 + 20;
    at_once(&limited(&emulator, None), &emulator, &sid, over, hold).await;
    let stats = emulator.connections();
    assert_eq!(
        stats.peak_in_flight,
        laml::DEFAULT_MAX_IN_FLIGHT as u64,
        "the default limit: {stats:?}"
    );
}

/// The documented default timeouts, measured on tokio's paused clock: the
/// runtime jumps to the next timer while the client waits, so no test
/// waits for real.
/// How long a client with the default timeouts and no retries takes to
/// give up on `space`, on tokio's clock; the failure must be a timeout.
async fn time_to_timeout(space: String) -> Duration {
    let client = laml::Client::builder()
        .space_url(space)
        .project_id("p")
        .api_token("PT-test-token")
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    started.elapsed()
}

fn assert_about(waited: Duration, expected: Duration) {
    assert!(
        waited >= expected && waited < expected + Duration::from_secs(1),
        "{waited:?}, expected {expected:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_default_request_timeout_is_thirty_seconds() {
    let waited = time_to_timeout(common::silent_server().await).await;
    assert_about(waited, laml::DEFAULT_TIMEOUT);
    assert_eq!(laml::DEFAULT_TIMEOUT, Duration::from_secs(30));
}

/// A listener whose accept queue is full drops new connection attempts, so
/// connecting to it hangs as connecting to an unreachable host would.
#[test]
fn the_default_connect_timeout_is_ten_seconds() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpSocket::new_v4().unwrap();
        listener.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let listener = listener.listen(0).unwrap();
        let address = listener.local_addr().unwrap();
        let mut fillers = Vec::new();
        let full = loop {
            match std::net::TcpStream::connect_timeout(&address, Duration::from_millis(300)) {
                Ok(stream) => fillers.push(stream),
                Err(_) => break true,
            }
            if fillers.len() > 64 {
                break false;
            }
        };
        assert!(full, "the accept queue never filled");

        tokio::time::pause();
        let waited = time_to_timeout(format!("http://{address}")).await;
        assert_about(waited, laml::DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(laml::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
        drop(listener);
    });
}

fn page(items: &str, next: Option<&str>) -> String {
    let next = next.map_or("null".to_owned(), |uri| format!("\"{uri}\""));
    common::http_reply(
        "200 OK",
        "application/json",
        &format!(
            r#"{{"conferences":[{items}],"uri":"/x","next_page_uri":{next},"page":0,"page_size":1}}"#
        ),
    )
}

const PAGES: &str = "/api/laml/2010-04-01/Accounts/P/Conferences.json?Page=";

/// A server that names the same next page again is not followed forever.
#[tokio::test]
async fn a_repeated_next_page_uri_ends_the_stream() {
    let again = format!("{PAGES}1");
    let (space, saw) = common::recording_server(vec![
        page(r#"{"sid":"CF1"}"#, Some(&again)),
        page(r#"{"sid":"CF2"}"#, Some(&again)),
    ])
    .await;
    let client = common::client_at(&space).build().unwrap();
    let mut stream = client.stream(&ListConferences::new()).max_items(50);
    let mut sids = Vec::new();
    while let Some(conference) = stream.try_next().await.unwrap() {
        sids.push(conference.sid);
    }
    assert_eq!(sids, ["CF1", "CF2"]);
    assert_eq!(saw.lock().unwrap().len(), 2);
}

/// A server that answers every page empty, each naming a new next page,
/// stops the stream after `MAX_EMPTY_PAGES` pages with an error.
#[tokio::test]
async fn endless_empty_pages_end_the_stream_with_an_error() {
    let total = laml::MAX_EMPTY_PAGES as usize + 20;
    let mut replies = vec![page(r#"{"sid":"CF1"}"#, Some(&format!("{PAGES}1")))];
    replies.extend((2..=total).map(|n| page("", Some(&format!("{PAGES}{n}")))));
    let (space, saw) = common::recording_server(replies).await;
    let client = common::client_at(&space).build().unwrap();
    let mut stream = client.stream(&ListConferences::new());
    assert_eq!(stream.try_next().await.unwrap().unwrap().sid, "CF1");
    let error = stream.try_next().await.unwrap_err();
    assert!(error.is_invalid_request(), "{error:?}");
    assert!(error.to_string().contains("without items"), "{error}");
    assert!(stream.try_next().await.unwrap().is_none());
    assert_eq!(
        saw.lock().unwrap().len(),
        1 + laml::MAX_EMPTY_PAGES as usize,
        "the first page, then the empty ones up to the cap"
    );
}

/// Empty pages fewer than the cap, then items: a sparse list still streams.
#[tokio::test]
async fn a_few_empty_pages_between_items_are_followed() {
    let mut replies = vec![page(r#"{"sid":"CF1"}"#, Some(&format!("{PAGES}1")))];
    let empty = laml::MAX_EMPTY_PAGES as usize - 1;
    replies.extend((2..=empty + 1).map(|n| page("", Some(&format!("{PAGES}{n}")))));
    replies.push(page(r#"{"sid":"CF2"}"#, None));
    let (space, _) = common::recording_server(replies).await;
    let client = common::client_at(&space).build().unwrap();
    let mut stream = client.stream(&ListConferences::new());
    let mut sids = Vec::new();
    while let Some(conference) = stream.try_next().await.unwrap() {
        sids.push(conference.sid);
    }
    assert_eq!(sids, ["CF1", "CF2"]);
}
