use std::time::{Duration, Instant};

use laml_emulator::{ConferenceSeed, Fault, FaultScope};
use serde_json::{json, Value};

use crate::raw::{connections_when, Connection, RawResponse};
use crate::Api;

fn status(status: u16, retry_after: Option<&str>) -> Fault {
    Fault::Status {
        status,
        retry_after: retry_after.map(str::to_owned),
    }
}

#[tokio::test]
async fn a_status_fault_answers_the_error_shape_with_its_retry_after() {
    let api = Api::start().await;
    let date = "Wed, 21 Oct 2015 07:28:00 GMT";
    api.emulator
        .inject(status(503, Some("2")), FaultScope::Next(1));
    api.emulator
        .inject(status(429, Some(date)), FaultScope::Next(1));
    api.emulator.inject(status(500, None), FaultScope::Next(1));
    let path = api.account("/Conferences.json");
    let mut connection = Connection::open(&api.emulator).await;

    for (code, retry_after) in [(503, Some("2")), (429, Some(date)), (500, None)] {
        connection.get(&path).await;
        let response = connection.response().await;
        assert_eq!(response.status, code, "{}", response.text());
        assert_eq!(response.header("retry-after"), retry_after);
        assert_eq!(response.header("content-type"), Some("application/json"));
        let body: Value = serde_json::from_slice(&response.body).unwrap();
        let error_code = u64::from(code) * 100;
        assert_eq!(body["code"], error_code);
        assert_eq!(body["status"], code);
        assert_eq!(
            body["more_info"],
            format!("https://www.twilio.com/docs/errors/{error_code}")
        );
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    // The faults are spent, and the connection is still good.
    connection.get(&path).await;
    assert_eq!(connection.response().await.status, 200);
    assert_eq!(api.emulator.connections().accepted, 1);
}

#[tokio::test]
async fn a_status_fault_through_a_client_has_the_api_error_shape() {
    let api = Api::start().await;
    api.emulator.inject(status(502, None), FaultScope::Next(1));
    api.get(&api.account("/Conferences.json"))
        .await
        .assert_error(502, 50200);
}

#[tokio::test]
async fn an_html_fault_answers_a_proxy_page() {
    let api = Api::start().await;
    api.emulator
        .inject(Fault::Html { status: 502 }, FaultScope::Next(1));
    let mut connection = Connection::open(&api.emulator).await;
    connection.get(&api.account("/Conferences.json")).await;
    let response = connection.response().await;

    assert_eq!(response.status, 502);
    assert_eq!(response.header("content-type"), Some("text/html"));
    let page = response.text();
    assert!(page.starts_with("<html>"), "{page}");
    assert!(page.contains("502 Bad Gateway"), "{page}");
    assert!(serde_json::from_slice::<Value>(&response.body).is_err());
}

#[tokio::test]
async fn a_truncated_body_promises_more_than_it_sends_then_closes() {
    let api = Api::start().await;
    api.emulator
        .inject(Fault::TruncatedBody, FaultScope::Next(1));
    let mut connection = Connection::open(&api.emulator).await;
    connection.get(&api.account("/Conferences.json")).await;
    let response = RawResponse::parse(&connection.until_closed().await);

    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let promised: usize = response.header("content-length").unwrap().parse().unwrap();
    assert!(!response.body.is_empty(), "part of the body is sent");
    assert!(
        response.body.len() < promised,
        "{} of {promised} bytes",
        response.body.len()
    );
    assert!(response.text().starts_with('{'), "{}", response.text());
    assert_eq!(response.header("transfer-encoding"), None);
    connections_when(&api.emulator, |stats| stats.open == 0).await;
}

#[tokio::test]
async fn malformed_json_has_a_correct_length_and_keeps_the_connection() {
    let api = Api::start().await;
    api.emulator
        .inject(Fault::MalformedJson, FaultScope::Next(1));
    let path = api.account("/Conferences.json");
    let mut connection = Connection::open(&api.emulator).await;
    connection.get(&path).await;
    let response = connection.response().await;

    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.header("content-length"),
        Some(response.body.len().to_string().as_str())
    );
    let error = serde_json::from_slice::<Value>(&response.body).unwrap_err();
    assert!(error.is_eof(), "cut mid-JSON: {error}: {}", response.text());

    connection.get(&path).await;
    let next = connection.response().await;
    assert_eq!(next.status, 200);
    assert!(serde_json::from_slice::<Value>(&next.body).is_ok());
    assert_eq!(api.emulator.connections().accepted, 1);
}

#[tokio::test]
async fn a_delay_waits_then_handles_the_request_normally() {
    let api = Api::start().await;
    let sid = api.seed("Team Sync", "in-progress");
    let delay = Duration::from_millis(300);
    api.emulator
        .inject(Fault::Delay(delay), FaultScope::Next(2));

    let started = Instant::now();
    let updated = api
        .post(
            &api.account(&format!("/Conferences/{sid}.json")),
            "Status=completed",
        )
        .await;
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert_eq!(updated.assert_ok()["status"], "completed");
    assert_eq!(
        api.emulator.conference(&sid).unwrap()["status"],
        "completed"
    );

    // Delayed requests are still authenticated and routed.
    let started = Instant::now();
    api.get("/nowhere").await.assert_error(404, 20404);
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
}

#[tokio::test]
async fn drop_connection_closes_without_any_response() {
    let api = Api::start().await;
    let sid = api.seed("Team Sync", "in-progress");
    api.emulator
        .inject(Fault::DropConnection, FaultScope::Next(1));
    let path = api.account(&format!("/Conferences/{sid}.json"));
    let mut connection = Connection::open(&api.emulator).await;
    connection.send("POST", &path, "Status=completed").await;

    assert_eq!(connection.until_closed().await, b"");
    // The server side is closed, though this client still holds its end.
    connections_when(&api.emulator, |stats| stats.open == 0).await;
    let requests = api.emulator.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].uri.as_str(), requests[0].body.as_str()),
        (path.as_str(), "Status=completed")
    );
    assert_eq!(
        api.emulator.conference(&sid).unwrap()["status"],
        "in-progress"
    );

    let mut again = Connection::open(&api.emulator).await;
    again.get(&path).await;
    assert_eq!(again.response().await.status, 200);
}

#[tokio::test]
async fn faulted_requests_are_recorded_and_change_nothing() {
    let api = Api::start().await;
    let sid = api.seed("Team Sync", "in-progress");
    let path = api.account(&format!("/Conferences/{sid}.json"));
    api.emulator.inject(status(500, None), FaultScope::Next(1));
    api.emulator
        .inject(Fault::MalformedJson, FaultScope::Next(1));

    api.post(&path, "Status=completed")
        .await
        .assert_error(500, 50000);
    let response = api
        .request(reqwest::Method::POST, &path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Status=completed")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(serde_json::from_str::<Value>(&response.text().await.unwrap()).is_err());

    assert_eq!(
        api.emulator.conference(&sid).unwrap()["status"],
        "in-progress"
    );
    let bodies: Vec<String> = api
        .emulator
        .requests()
        .into_iter()
        .map(|r| r.body)
        .collect();
    assert_eq!(bodies, ["Status=completed", "Status=completed"]);
}

#[tokio::test]
async fn next_faults_are_spent_in_the_order_injected() {
    let api = Api::start().await;
    api.emulator.inject(status(500, None), FaultScope::Next(2));
    api.emulator
        .inject(status(503, Some("1")), FaultScope::Next(1));
    api.emulator.inject(status(504, None), FaultScope::Next(0));
    let path = api.account("/Conferences.json");

    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(api.get(&path).await.status);
    }
    assert_eq!(seen, [500, 500, 503, 200]);
    assert_eq!(api.emulator.requests().len(), 4);
}

#[tokio::test]
async fn a_sid_fault_applies_before_next_ones_until_cleared() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        sid: Some("CF a/b".into()),
        ..ConferenceSeed::default()
    });
    let other = api.seed("Other", "in-progress");
    api.emulator.inject(status(500, None), FaultScope::Next(1));
    api.emulator
        .inject(Fault::Html { status: 503 }, FaultScope::Sid(sid.clone()));

    let named = [
        api.account("/Conferences/CF%20a%2Fb.json"),
        api.account("/Conferences/CF%20a%2Fb"),
        api.account("/Conferences/CF%20a%2Fb/Participants.json"),
        "/2010-04-01/Accounts/x/Conferences/CF%20a%2Fb".to_owned(),
    ];
    for path in &named {
        let reply = api
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 503, "{path}");
        assert_eq!(reply.headers()["content-type"], "text/html");
    }
    // The Next fault waited for a request the sid fault did not take.
    let other_path = api.account(&format!("/Conferences/{other}.json"));
    api.get(&other_path).await.assert_error(500, 50000);
    api.get(&other_path).await.assert_ok();

    let again = api
        .request(reqwest::Method::GET, &named[0])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 503);
    api.emulator.clear_faults();
    assert_eq!(api.get(&named[0]).await.assert_ok()["sid"], json!(sid));
}

#[tokio::test]
async fn clear_faults_removes_unspent_next_faults() {
    let api = Api::start().await;
    api.emulator
        .inject(Fault::DropConnection, FaultScope::Next(5));
    api.emulator.clear_faults();
    api.get(&api.account("/Conferences.json")).await.assert_ok();
}

#[tokio::test]
#[should_panic(expected = "not a final HTTP status")]
async fn inject_refuses_a_status_that_is_not_final() {
    let api = Api::start().await;
    api.emulator.inject(status(101, None), FaultScope::Next(1));
}

#[tokio::test]
#[should_panic(expected = "not a valid header value")]
async fn inject_refuses_a_retry_after_that_is_not_a_header_value() {
    let api = Api::start().await;
    api.emulator.inject(
        status(503, Some("1\r\nx-injected: yes")),
        FaultScope::Next(1),
    );
}
