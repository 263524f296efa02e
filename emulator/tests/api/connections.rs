use futures_util::future::join_all;

use crate::raw::{connections_when, Connection};
use crate::Api;

#[tokio::test]
async fn keep_alive_sends_requests_over_one_connection() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json");
    let mut connection = Connection::open(&api.emulator).await;
    for _ in 0..2 {
        connection.get(&path).await;
        assert_eq!(connection.response().await.status, 200);
    }
    let stats = api.emulator.connections();
    assert_eq!((stats.accepted, stats.open, stats.peak_open), (1, 1, 1));

    drop(connection);
    let stats = connections_when(&api.emulator, |stats| stats.open == 0).await;
    assert_eq!((stats.accepted, stats.peak_open), (1, 1));
    assert_eq!(api.emulator.requests().len(), 2);
}

#[tokio::test]
async fn peak_open_is_the_most_connections_open_at_once() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json");
    let mut connections = Vec::new();
    for _ in 0..3 {
        let mut connection = Connection::open(&api.emulator).await;
        connection.get(&path).await;
        assert_eq!(connection.response().await.status, 200);
        connections.push(connection);
    }
    assert_eq!(api.emulator.connections().open, 3);

    connections.clear();
    connections_when(&api.emulator, |stats| stats.open == 0).await;
    let mut connection = Connection::open(&api.emulator).await;
    connection.get(&path).await;
    assert_eq!(connection.response().await.status, 200);
    let stats = api.emulator.connections();
    assert_eq!((stats.accepted, stats.open, stats.peak_open), (4, 1, 3));
}

#[tokio::test]
async fn a_pooled_client_reuses_its_connection() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json");
    for _ in 0..5 {
        api.get(&path).await.assert_ok();
    }
    assert_eq!(api.emulator.connections().accepted, 1);
}

#[tokio::test]
async fn concurrent_requests_open_connections_that_close_with_the_client() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json");
    let replies = join_all((0..20).map(|_| api.get(&path))).await;
    assert!(replies.iter().all(|reply| reply.status == 200));

    let stats = api.emulator.connections();
    assert!(
        (1..=20).contains(&stats.peak_open),
        "at most one connection per request in flight: {stats:?}"
    );
    assert_eq!(stats.accepted, stats.peak_open, "{stats:?}");
    // The pool keeps them open, idle, until the client goes.
    assert_eq!(stats.open, stats.accepted, "{stats:?}");
    let Api { emulator, http } = api;
    drop(http);
    connections_when(&emulator, |stats| stats.open == 0).await;
}

#[tokio::test]
async fn stopping_the_emulator_closes_idle_connections() {
    let api = Api::start().await;
    let mut connection = Connection::open(&api.emulator).await;
    connection.get(&api.account("/Conferences.json")).await;
    assert_eq!(connection.response().await.status, 200);

    drop(api);
    assert_eq!(connection.until_closed().await, b"");
}

#[tokio::test]
async fn peak_in_flight_is_the_most_requests_handled_at_once() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json");
    api.emulator.inject(
        laml_emulator::Fault::Delay(std::time::Duration::from_millis(300)),
        laml_emulator::FaultScope::Next(4),
    );
    let mut connections = Vec::new();
    for _ in 0..4 {
        let mut connection = Connection::open(&api.emulator).await;
        connection.get(&path).await;
        connections.push(connection);
    }
    for connection in &mut connections {
        assert_eq!(connection.response().await.status, 200);
    }
    let stats = api.emulator.connections();
    assert_eq!((stats.in_flight, stats.peak_in_flight), (0, 4), "{stats:?}");
}
