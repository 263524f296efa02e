use laml_emulator::{ConferenceSeed, Fault, FaultScope};
use serde_json::{json, Value};

use crate::raw::Connection;
use crate::{send, Api, Reply, PREFIX};

impl Api {
    async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self.request(method, &format!("/__emulator{path}"));
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        send(request).await
    }
}

#[tokio::test]
async fn control_requests_need_credentials_and_are_not_recorded() {
    let api = Api::start().await;
    let url = format!("{}/__emulator/requests", api.emulator.space_url());
    send(reqwest::Client::new().get(&url))
        .await
        .assert_error(401, 20003);
    send(
        reqwest::Client::new()
            .get(&url)
            .basic_auth(api.emulator.project_id(), Some("PTwrong")),
    )
    .await
    .assert_error(401, 20003);

    let reply = api.control(reqwest::Method::GET, "/requests", None).await;
    assert_eq!(reply.assert_ok(), &json!({ "requests": [] }));
    assert!(api.emulator.requests().is_empty());
}

#[tokio::test]
async fn faults_are_injected_listed_and_cleared() {
    let api = Api::start().await;
    let fault = json!({"fault": "status", "status": 503, "retry_after": "1", "scope": {"next": 2}});
    let created = api
        .control(reqwest::Method::POST, "/faults", Some(fault.clone()))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body, fault);
    let listed = api.control(reqwest::Method::GET, "/faults", None).await;
    assert_eq!(listed.assert_ok(), &json!({ "faults": [fault] }));

    let path = api.account("/Conferences.json");
    let refused = api.get(&path).await;
    refused.assert_error(503, 50300);
    assert_eq!(refused.headers["retry-after"], "1");
    let listed = api.control(reqwest::Method::GET, "/faults", None).await;
    assert_eq!(listed.body["faults"][0]["scope"], json!({ "next": 1 }));

    let cleared = api.control(reqwest::Method::DELETE, "/faults", None).await;
    assert_eq!(cleared.status, 204);
    let listed = api.control(reqwest::Method::GET, "/faults", None).await;
    assert_eq!(listed.assert_ok(), &json!({ "faults": [] }));
    api.get(&path).await.assert_ok();
}

#[tokio::test]
async fn every_fault_can_be_injected() {
    let api = Api::start().await;
    for fault in [
        json!({"fault": "status", "status": 429, "retry_after": 3, "scope": {"next": 1}}),
        json!({"fault": "html", "status": 502, "scope": {"next": 1}}),
        json!({"fault": "truncated_body", "scope": {"next": 1}}),
        json!({"fault": "malformed_json", "scope": {"next": 1}}),
        json!({"fault": "delay", "delay_ms": 10, "scope": {"next": 1}}),
        json!({"fault": "drop_connection", "scope": {"sid": "CF1"}}),
    ] {
        let reply = api
            .control(reqwest::Method::POST, "/faults", Some(fault.clone()))
            .await;
        assert_eq!(reply.status, 201, "{fault}: {}", reply.text);
    }
    let listed = api.control(reqwest::Method::GET, "/faults", None).await;
    let names: Vec<&str> = listed.body["faults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fault| fault["fault"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "status",
            "html",
            "truncated_body",
            "malformed_json",
            "delay",
            "drop_connection"
        ]
    );
    assert_eq!(listed.body["faults"][0]["retry_after"], "3");
}

#[tokio::test]
async fn a_drop_connection_fault_by_sid() {
    let api = Api::start().await;
    let sid = api.seed("Team Sync", "in-progress");
    let fault = json!({"fault": "drop_connection", "scope": {"sid": sid}});
    let reply = api
        .control(reqwest::Method::POST, "/faults", Some(fault))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);

    let mut connection = Connection::open(&api.emulator).await;
    connection
        .get(&api.account(&format!("/Conferences/{sid}/Participants.json")))
        .await;
    assert_eq!(connection.until_closed().await, b"");
    api.get(&api.account("/Conferences.json")).await.assert_ok();
    assert_eq!(api.emulator.requests().len(), 2);
}

#[tokio::test]
async fn control_requests_are_never_faulted() {
    let api = Api::start().await;
    api.emulator
        .inject(Fault::DropConnection, FaultScope::Next(1));
    api.emulator.inject(
        Fault::Html { status: 502 },
        FaultScope::Sid("faults".into()),
    );

    let listed = api.control(reqwest::Method::GET, "/faults", None).await;
    assert_eq!(listed.assert_ok()["faults"].as_array().unwrap().len(), 2);
    let result = api
        .request(reqwest::Method::GET, &api.account("/Conferences.json"))
        .send()
        .await;
    assert!(result.is_err(), "the API request is dropped: {result:?}");
}

#[tokio::test]
async fn the_request_log_is_read_and_cleared() {
    let api = Api::start().await;
    let sid = api.seed("Team Sync", "in-progress");
    let path = api.account(&format!("/Conferences/{sid}.json"));
    api.get(&api.account("/Conferences.json?PageSize=2"))
        .await
        .assert_ok();
    api.post(&path, "Status=completed").await.assert_ok();

    let reply = api.control(reqwest::Method::GET, "/requests", None).await;
    let requests = reply.assert_ok()["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0]["method"], "GET");
    assert_eq!(
        requests[0]["uri"],
        api.account("/Conferences.json?PageSize=2")
    );
    assert_eq!(requests[1]["method"], "POST");
    assert_eq!(requests[1]["body"], "Status=completed");
    let content_type = requests[1]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pair| pair[0] == "content-type")
        .unwrap();
    assert_eq!(content_type[1], "application/x-www-form-urlencoded");

    let cleared = api
        .control(reqwest::Method::DELETE, "/requests", None)
        .await;
    assert_eq!(cleared.status, 204);
    assert!(api.emulator.requests().is_empty());
}

#[tokio::test]
async fn conferences_are_seeded() {
    let api = Api::start().await;
    let seed = json!({
        "sid": "CF-seeded",
        "friendly_name": "Team Sync",
        "status": "init",
        "date_created": "2021-08-18T19:21:34Z",
        "region": "eu1",
    });
    let reply = api
        .control(reqwest::Method::POST, "/conferences", Some(seed))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["sid"], "CF-seeded");
    assert_eq!(
        reply.body["date_created"],
        "Wed, 18 Aug 2021 19:21:34 +0000"
    );

    let fetched = api.get(&api.account("/Conferences/CF-seeded.json")).await;
    assert_eq!(fetched.assert_ok(), &reply.body);
    assert_eq!(fetched.body["region"], "eu1");
    assert_eq!(fetched.body["status"], "init");

    let generated = api
        .control(reqwest::Method::POST, "/conferences", Some(json!({})))
        .await;
    assert_eq!(generated.status, 201, "{}", generated.text);
    let sid = generated.body["sid"].as_str().unwrap();
    assert_eq!(
        api.emulator.conference(sid).unwrap()["friendly_name"],
        "My Conference Room"
    );
    assert_eq!(
        api.emulator.requests().len(),
        1,
        "only the API request is recorded"
    );
}

#[tokio::test]
async fn participants_are_seeded() {
    let api = Api::start().await;
    // A sid that must be percent-encoded in both the control and the API path.
    let conference = api.seed("Team Sync", "in-progress");
    api.emulator.seed_conference(ConferenceSeed {
        sid: Some("CF a/b".into()),
        ..ConferenceSeed::default()
    });
    let seed = json!({
        "call_sid": "CA-seeded",
        "status": "completed",
        "muted": true,
        "hold": true,
        "coaching": true,
        "call_sid_to_coach": "CA-coached",
        "end_conference_on_exit": true,
        "start_conference_on_enter": false,
        "date_created": "Wed, 18 Aug 2021 19:21:34 +0000",
    });
    let reply = api
        .control(
            reqwest::Method::POST,
            "/conferences/CF%20a%2Fb/participants",
            Some(seed),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["call_sid"], "CA-seeded");
    assert_eq!(reply.body["conference_sid"], "CF a/b");
    assert_eq!(
        reply.body["date_created"],
        "Wed, 18 Aug 2021 19:21:34 +0000"
    );

    let fetched = api
        .get(&api.account("/Conferences/CF%20a%2Fb/Participants/CA-seeded.json"))
        .await;
    assert_eq!(fetched.assert_ok(), &reply.body);
    for (name, value) in [
        ("status", json!("completed")),
        ("muted", json!(true)),
        ("hold", json!(true)),
        ("coaching", json!(true)),
        ("call_sid_to_coach", json!("CA-coached")),
        ("end_conference_on_exit", json!(true)),
        ("start_conference_on_enter", json!(false)),
    ] {
        assert_eq!(fetched.body[name], value, "{name}");
    }

    let generated = api
        .control(
            reqwest::Method::POST,
            &format!("/conferences/{conference}/participants"),
            Some(json!({})),
        )
        .await;
    assert_eq!(generated.status, 201, "{}", generated.text);
    let call_sid = generated.body["call_sid"].as_str().unwrap();
    let fetched = api
        .get(&api.account(&format!(
            "/Conferences/{conference}/Participants/{call_sid}.json"
        )))
        .await;
    assert_eq!(fetched.assert_ok(), &generated.body);
    assert_eq!(fetched.body["status"], "in-progress");
    assert_eq!(fetched.body["muted"], false);
    assert_eq!(fetched.body["start_conference_on_enter"], true);
    assert_eq!(fetched.body["call_sid_to_coach"], Value::Null);
    assert_eq!(
        api.emulator.requests().len(),
        2,
        "only the API requests are recorded"
    );
}

#[tokio::test]
async fn recordings_are_seeded() {
    let api = Api::start().await;
    let conference = api.seed("Team Sync", "in-progress");
    let seed = json!({
        "sid": "RE-seeded",
        "status": "completed",
        "duration": 42,
        "channels": 2,
        "source": "Conference",
        "price": "-0.0025",
        "date_created": "2021-08-18T19:21:34Z",
    });
    let path = format!("/conferences/{conference}/recordings");
    let reply = api.control(reqwest::Method::POST, &path, Some(seed)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body["sid"], "RE-seeded");

    let fetched = api
        .get(&api.account(&format!(
            "/Conferences/{conference}/Recordings/RE-seeded.json"
        )))
        .await;
    assert_eq!(fetched.assert_ok(), &reply.body);
    assert_eq!(fetched.body["status"], "completed");
    assert_eq!(fetched.body["duration"], 42);
    assert_eq!(fetched.body["channels"], "2");
    assert_eq!(fetched.body["source"], "Conference");
    assert_eq!(fetched.body["price"], "-0.0025");
    assert_eq!(
        fetched.body["start_time"],
        "Wed, 18 Aug 2021 19:21:34 +0000"
    );
    assert_eq!(fetched.body["end_time"], "Wed, 18 Aug 2021 19:22:16 +0000");

    let generated = api
        .control(reqwest::Method::POST, &path, Some(json!({})))
        .await;
    assert_eq!(generated.status, 201, "{}", generated.text);
    let sid = generated.body["sid"].as_str().unwrap();
    let fetched = api
        .get(&api.account(&format!("/Conferences/{conference}/Recordings/{sid}.json")))
        .await;
    assert_eq!(fetched.assert_ok(), &generated.body);
    assert_eq!(fetched.body["status"], "in-progress");
    assert_eq!(fetched.body["channels"], "1");
    assert_eq!(fetched.body["source"], "StartConferenceRecording");
    assert_eq!(fetched.body["end_time"], Value::Null);
    assert_eq!(
        api.emulator.requests().len(),
        2,
        "only the API requests are recorded"
    );
}

#[tokio::test]
async fn seeding_under_an_unknown_conference_is_404() {
    let api = Api::start().await;
    for (path, body) in [
        (
            "/conferences/CF-none/participants",
            json!({"call_sid": "CA1"}),
        ),
        ("/conferences/CF-none/recordings", json!({})),
    ] {
        api.control(reqwest::Method::POST, path, Some(body))
            .await
            .assert_error(404, 20404);
    }
    assert!(api.emulator.conferences().is_empty());
    assert!(api.emulator.requests().is_empty());
}

#[tokio::test]
async fn seed_mistakes_under_a_conference_are_400() {
    let api = Api::start().await;
    let conference = api.seed("Team Sync", "in-progress");
    let participants = format!("/conferences/{conference}/participants");
    let recordings = format!("/conferences/{conference}/recordings");
    for (path, body, expected) in [
        (&participants, "{", "not JSON"),
        (&participants, r#"["CA1"]"#, "a JSON object"),
        (&participants, r#"{"muted": "yes"}"#, "true or false"),
        (&participants, r#"{"call_sid": 1}"#, "a string"),
        (&participants, r#"{"sid": "CA1"}"#, "unknown member \"sid\""),
        (&participants, r#"{"date_created": "now"}"#, "RFC 3339"),
        (
            &participants,
            r#"{"date_created": "1800-01-01T00:00:00Z"}"#,
            "1900 to 9999",
        ),
        (&recordings, r#"{"duration": -1}"#, "integer from 0 to"),
        (&recordings, r#"{"channels": 256}"#, "integer from 0 to 255"),
        (&recordings, r#"{"price": -0.0025}"#, "a string"),
        (&recordings, r#"{"call_sid": "CA1"}"#, "unknown member"),
        (
            &recordings,
            r#"{"date_created": "10000-01-01T00:00:00Z"}"#,
            "RFC 3339",
        ),
    ] {
        let reply = send(
            api.request(reqwest::Method::POST, &format!("/__emulator{path}"))
                .body(body),
        )
        .await;
        reply.assert_error(400, 21113);
        let message = reply.body["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message}");
    }
    let listed = api
        .get(&api.account(&format!("/Conferences/{conference}/Participants.json")))
        .await;
    assert_eq!(listed.assert_ok()["participants"], json!([]));
    let listed = api
        .get(&api.account(&format!("/Conferences/{conference}/Recordings.json")))
        .await;
    assert_eq!(listed.assert_ok()["recordings"], json!([]));
}

#[tokio::test]
async fn mistakes_are_400_with_a_message() {
    let api = Api::start().await;
    for (path, body, expected) in [
        ("/faults", "{", "not JSON"),
        ("/faults", "[]", "a JSON object"),
        (
            "/faults",
            r#"{"fault": "teapot", "scope": {"next": 1}}"#,
            "unknown fault",
        ),
        (
            "/faults",
            r#"{"fault": "status", "status": 503}"#,
            "\"scope\"",
        ),
        (
            "/faults",
            r#"{"fault": "html", "status": 100, "scope": {"next": 1}}"#,
            "final",
        ),
        (
            "/conferences",
            r#"{"name": "x"}"#,
            "unknown member \"name\"",
        ),
        (
            "/conferences",
            r#"{"date_created": "yesterday"}"#,
            "RFC 3339",
        ),
        (
            "/conferences",
            r#"{"date_created": "1800-01-01T00:00:00Z"}"#,
            "1900 to 9999",
        ),
    ] {
        let reply = send(
            api.request(reqwest::Method::POST, &format!("/__emulator{path}"))
                .body(body),
        )
        .await;
        reply.assert_error(400, 21113);
        let message = reply.body["message"].as_str().unwrap();
        assert!(message.contains(expected), "{body}: {message}");
    }
    assert!(api.emulator.conferences().is_empty());
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused() {
    let api = Api::start().await;
    for path in [
        "",
        "/",
        "/nothing",
        "/faults/1",
        "/conferences/CF1",
        "/conferences//participants",
        "/conferences/CF1/streams",
        "/conferences/CF1/participants/CA1",
    ] {
        api.control(reqwest::Method::GET, path, None)
            .await
            .assert_error(404, 20404);
    }
    let reply = api.control(reqwest::Method::PUT, "/faults", None).await;
    reply.assert_error(405, 20004);
    assert_eq!(reply.headers["allow"], "GET, POST, DELETE");
    let reply = api
        .control(reqwest::Method::GET, "/conferences", None)
        .await;
    reply.assert_error(405, 20004);
    assert_eq!(reply.headers["allow"], "POST");
    for path in [
        "/conferences/CF1/participants",
        "/conferences/CF1/recordings",
    ] {
        let reply = api.control(reqwest::Method::GET, path, None).await;
        reply.assert_error(405, 20004);
        assert_eq!(reply.headers["allow"], "POST");
    }
}

#[tokio::test]
async fn connections_are_counted() {
    let api = Api::start().await;
    api.get(&api.account("/Conferences.json")).await.assert_ok();
    let reply = api
        .control(reqwest::Method::GET, "/connections", None)
        .await;
    // The client's pool sent both requests over one connection.
    assert_eq!(
        reply.assert_ok(),
        &json!({ "accepted": 1, "open": 1, "peak_open": 1, "in_flight": 0, "peak_in_flight": 1 })
    );
}

#[tokio::test]
async fn the_clock_is_read_paused_advanced_and_resumed() {
    let api = Api::start().await;
    let read = api.control(reqwest::Method::GET, "/clock", None).await;
    assert_eq!(read.assert_ok()["pace"], "real-time");
    assert_eq!(read.body["timers"], json!([]));

    let paused = api
        .control(
            reqwest::Method::POST,
            "/clock",
            Some(json!({"pace": "paused"})),
        )
        .await;
    let start = paused.assert_ok()["now"].as_str().unwrap().to_owned();
    assert_eq!(paused.body["pace"], "paused");
    assert_eq!(api.emulator.pace(), laml_emulator::Pace::Paused);

    let advanced = api
        .control(
            reqwest::Method::POST,
            "/clock",
            Some(json!({"advance": 3600})),
        )
        .await;
    let parse = |text: &str| {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).unwrap()
    };
    let now = parse(advanced.assert_ok()["now"].as_str().unwrap());
    assert_eq!(now - parse(&start), time::Duration::hours(1));
    assert_eq!(api.emulator.now(), now);

    // What is created now is dated by the emulator's clock.
    let created = api
        .post(&api.account("/Queues.json"), "FriendlyName=Support")
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let date = created.body["date_created"].as_str().unwrap().to_owned();
    let rfc2822 = time::format_description::well_known::Rfc2822;
    assert_eq!(time::OffsetDateTime::parse(&date, &rfc2822).unwrap(), now);

    let resumed = api
        .control(
            reqwest::Method::POST,
            "/clock",
            Some(json!({"pace": "immediate", "advance": 60})),
        )
        .await;
    assert_eq!(resumed.assert_ok()["pace"], "immediate");
    assert!(parse(resumed.body["now"].as_str().unwrap()) >= now + time::Duration::minutes(1));
}

#[tokio::test]
async fn clock_mistakes_are_explained() {
    let api = Api::start().await;
    for (body, says) in [
        (json!({"pace": "fast"}), "\"pace\" of the clock must be"),
        (
            json!({"advance": -5}),
            "\"advance\" of the clock must be an integer",
        ),
        (
            json!({"advance": "5"}),
            "\"advance\" of the clock must be an integer",
        ),
        (json!({"rewind": 5}), "unknown member \"rewind\""),
    ] {
        let reply = api
            .control(reqwest::Method::POST, "/clock", Some(body.clone()))
            .await;
        reply.assert_error(400, 21113);
        let message = reply.body["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{body}: {message}");
    }
    api.control(reqwest::Method::DELETE, "/clock", None)
        .await
        .assert_error(405, 20004);
    assert_eq!(api.emulator.pace(), laml_emulator::Pace::RealTime);
}

#[tokio::test]
async fn the_request_log_over_http_shows_no_credentials() {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

    let api = Api::start().await;
    let project = api.emulator.project_id().to_owned();
    let created = api
        .post(&format!("{PREFIX}/Accounts.json"), "FriendlyName=Team")
        .await;
    let sub = created.body["sid"].as_str().unwrap().to_owned();
    let sub_token = created.body["auth_token"].as_str().unwrap().to_owned();
    let created = api
        .post(&api.account("/tokens.json"), "name=ci&permissions=calling")
        .await;
    let api_token = created.body["token"].as_str().unwrap().to_owned();

    let url = |account: &str| {
        format!(
            "{}{PREFIX}/Accounts/{account}/Queues.json",
            api.emulator.space_url()
        )
    };
    let http = reqwest::Client::new();
    let credentials = [
        (project.as_str(), api.emulator.api_token()),
        (sub.as_str(), sub_token.as_str()),
        (project.as_str(), api_token.as_str()),
        (project.as_str(), "PT-a-wrong-guess"),
    ];
    for (user, password) in credentials {
        send(http.get(url(user)).basic_auth(user, Some(password))).await;
    }
    send(http.get(url(&project)).bearer_auth("PT-a-bearer-guess")).await;
    api.post("/elsewhere", "Password=PT-a-body-secret&FriendlyName=kept")
        .await
        .assert_error(404, 20404);

    let reply = api.control(reqwest::Method::GET, "/requests", None).await;
    let requests = reply.assert_ok()["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 6, "{}", reply.text);
    for (user, password) in credentials {
        let basic = STANDARD.encode(format!("{user}:{password}"));
        assert!(!reply.text.contains(password), "{}", reply.text);
        assert!(!reply.text.contains(&basic), "{}", reply.text);
    }
    for secret in ["PT-a-bearer-guess", "PT-a-body-secret", "Basic ", "Bearer "] {
        assert!(!reply.text.contains(secret), "{}", reply.text);
    }
    for request in requests {
        let authorization = request["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|pair| pair[0] == "authorization")
            .unwrap();
        assert_eq!(authorization[1], "** redacted **");
    }
    assert!(requests[5]["body"]
        .as_str()
        .unwrap()
        .contains("FriendlyName=kept"));
    // The Rust API keeps them, for tests that check what a client sent.
    assert!(api.emulator.requests()[5].body.contains("PT-a-body-secret"));
}
