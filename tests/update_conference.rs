//! Update and Fetch Conference through real HTTP against the emulator: the
//! exact wire request, the decoded response and every class of error.

mod common;

use std::time::Duration;

use base64::Engine as _;
use laml::conferences::{
    AnnounceMethod, ConferenceStatus, ConferenceUpdateStatus, FetchConference, UpdateConference,
};
use laml::endpoint;
use laml_emulator::ConferenceSeed;

fn in_progress(name: &str) -> ConferenceSeed {
    ConferenceSeed {
        friendly_name: name.into(),
        status: "in-progress".into(),
        ..ConferenceSeed::default()
    }
}

#[tokio::test]
async fn update_sends_exactly_the_documented_request() {
    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Standup"));

    let conference = client
        .send(
            &UpdateConference::new(&sid)
                .status(ConferenceUpdateStatus::Completed)
                .announce_url("https://example.com/announce?x=1&y=2")
                .announce_method(AnnounceMethod::Get),
        )
        .await
        .expect("the update succeeds");
    assert_eq!(conference.sid, sid);
    assert_eq!(conference.status, ConferenceStatus::Completed);

    let requests = emulator.requests();
    let request = requests.last().expect("the emulator saw the request");
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.uri,
        format!(
            "/api/laml/2010-04-01/Accounts/{}/Conferences/{sid}",
            emulator.project_id()
        )
    );
    assert_eq!(
        request.body,
        "Status=completed&AnnounceUrl=https%3A%2F%2Fexample.com%2Fannounce%3Fx%3D1%26y%3D2&AnnounceMethod=GET"
    );
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{}",
        emulator.project_id(),
        emulator.api_token()
    ));
    assert_eq!(
        header("authorization"),
        Some(format!("Basic {credentials}").as_str())
    );
    assert_eq!(
        header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        header("user-agent"),
        Some(concat!("laml/", env!("CARGO_PKG_VERSION")))
    );
}

#[tokio::test]
async fn optional_fields_left_out_are_not_sent() {
    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Quiet"));
    client
        .send(&UpdateConference::new(&sid).announce_url("https://example.com/a.mp3"))
        .await
        .unwrap();
    let request = emulator.requests().pop().unwrap();
    assert_eq!(
        request.body,
        "AnnounceUrl=https%3A%2F%2Fexample.com%2Fa.mp3"
    );
}

#[tokio::test]
async fn fetch_decodes_every_field_and_sees_the_update() {
    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Board meeting"));

    let before = client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(before.status, ConferenceStatus::InProgress);
    assert_eq!(before.friendly_name, "Board meeting");
    assert_eq!(before.account_sid, emulator.project_id());
    assert_eq!(before.api_version, "2010-04-01");
    assert!(!before.region.is_empty());
    assert!(before.uri.contains(&sid));
    assert!(before
        .subresource_uris
        .participants
        .contains("Participants"));
    assert!(before.subresource_uris.recordings.contains("Recordings"));
    assert!(before
        .date_created
        .as_ref()
        .and_then(|d| d.datetime())
        .is_some());
    assert!(before
        .date_updated
        .as_ref()
        .and_then(|d| d.datetime())
        .is_some());

    client
        .send(&UpdateConference::new(&sid).status(ConferenceUpdateStatus::Completed))
        .await
        .unwrap();
    let after = client.send(&FetchConference::new(&sid)).await.unwrap();
    assert_eq!(after.status, ConferenceStatus::Completed);

    let request = emulator.requests().pop().unwrap();
    assert_eq!(request.method, "GET");
    assert_eq!(request.body, "");
}

#[tokio::test]
async fn wrong_token_is_an_api_error_with_the_documented_fields() {
    let (emulator, _) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Locked"));
    let client = laml::Client::builder()
        .space_url(emulator.space_url())
        .project_id(emulator.project_id())
        .api_token("PT-wrong-token")
        .build()
        .unwrap();
    let error = client.send(&FetchConference::new(&sid)).await.unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert_eq!(error.status(), Some(401));
    let api = error.api().unwrap();
    assert_eq!(api.code, Some(20003));
    assert!(api.message.is_some());
    assert!(api.more_info.is_some());
    assert!(!format!("{error} {error:?}").contains("PT-wrong-token"));
}

#[tokio::test]
async fn unknown_sid_is_a_404_with_code_20404() {
    let (_emulator, client) = common::emulator().await;
    let error = client
        .send(&FetchConference::new("CF-does-not-exist"))
        .await
        .unwrap_err();
    assert!(error.is_api());
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api().unwrap().code, Some(20404));
    assert!(error
        .to_string()
        .contains("(FetchConference): the API answered HTTP 404 (code 20404)"));
}

/// An endpoint declared by a user, free to send what the catalogue's enums
/// would refuse to build.
#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form, response = laml::conferences::Conference)]
struct LooseUpdateConference {
    sid: String,
    status: Option<String>,
    announce_url: Option<String>,
}

#[tokio::test]
async fn invalid_values_are_refused_by_the_server_with_a_typed_error() {
    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Validation"));

    let bad_status = client
        .send(&LooseUpdateConference::new(&sid).status("paused"))
        .await
        .unwrap_err();
    assert!(bad_status.is_api());
    assert!(
        matches!(bad_status.status(), Some(400 | 422)),
        "{bad_status:?}"
    );
    assert!(bad_status.api().unwrap().code.is_some());

    let bad_url = client
        .send(&LooseUpdateConference::new(&sid).announce_url("not a url"))
        .await
        .unwrap_err();
    assert!(matches!(bad_url.status(), Some(400 | 422)), "{bad_url:?}");

    let unchanged = emulator.conference(&sid).unwrap();
    assert_eq!(unchanged["status"], "in-progress");
}

#[tokio::test]
async fn hostile_path_values_stay_in_their_segment() {
    let (emulator, client) = common::emulator().await;
    for hostile in [
        "a/b",
        "../../Calls",
        "x?Status=completed",
        "frag#ment",
        "100%",
        "sp ace",
        "ünï",
        "..a",
    ] {
        let sid = emulator.seed_conference(ConferenceSeed {
            sid: Some(hostile.to_owned()),
            ..in_progress("Hostile")
        });
        assert_eq!(sid, hostile);
        let conference = client.send(&FetchConference::new(hostile)).await.unwrap();
        assert_eq!(conference.sid, hostile);

        let request = emulator.requests().pop().unwrap();
        let prefix = format!(
            "/api/laml/2010-04-01/Accounts/{}/Conferences/",
            emulator.project_id()
        );
        let segment = request
            .uri
            .strip_prefix(&prefix)
            .expect("the path keeps its prefix");
        assert!(!segment.contains(['/', '?', '#']), "{segment}");
    }
}

#[tokio::test]
async fn unaddressable_path_values_fail_before_sending() {
    let (emulator, client) = common::emulator().await;
    for bad in ["", ".", ".."] {
        let error = client.send(&FetchConference::new(bad)).await.unwrap_err();
        assert!(error.is_invalid_request(), "{bad:?}: {error:?}");
        assert!(error.to_string().contains("<Sid>"), "{error}");
    }
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn an_account_sid_field_overrides_the_project_id() {
    #[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", response = laml::conferences::Conference)]
    struct FetchSubprojectConference {
        account_sid: String,
        sid: String,
    }

    let (emulator, client) = common::emulator().await;
    let error = client
        .send(&FetchSubprojectConference::new("subproject-1", "CF1"))
        .await
        .unwrap_err();
    assert!(error.is_api());
    let request = emulator.requests().pop().unwrap();
    assert_eq!(
        request.uri,
        "/api/laml/2010-04-01/Accounts/subproject-1/Conferences/CF1"
    );
}

#[tokio::test]
async fn a_2xx_body_of_the_wrong_shape_is_a_decoding_error() {
    #[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", response = Vec<u32>)]
    struct FetchAsNumbers {
        sid: String,
    }

    let (emulator, client) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Shape"));
    let error = client.send(&FetchAsNumbers::new(&sid)).await.unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.status(), Some(200));
    assert!(error.body_snippet().unwrap().contains(&sid));
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn an_html_error_page_is_an_api_error_with_a_snippet() {
    let space = common::fixed_reply_server(
        "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\ncontent-length: 36\r\nconnection: close\r\n\r\n<html><h1>502 Bad Gateway</h1></html>",
    )
    .await;
    let client = common::client_at(&space).build().unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_api(), "{error:?}");
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.api().unwrap().code, None);
    assert!(error.body_snippet().unwrap().contains("502 Bad Gateway"));
}

/// A body that arrives in several chunks is read whole.
#[tokio::test]
async fn a_body_in_several_chunks_is_read_whole() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let parts = [
            r#"{"sid":"CF1","#,
            r#""friendly_name":"Standup","#,
            r#""status":"completed"}"#,
        ];
        let mut reply = String::from(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        );
        for part in parts {
            reply.push_str(&format!("{:x}\r\n{part}\r\n", part.len()));
            socket.write_all(reply.as_bytes()).await.unwrap();
            socket.flush().await.unwrap();
            reply.clear();
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
    });
    let client = common::client_at(&format!("http://{address}"))
        .build()
        .unwrap();
    let conference = client.send(&FetchConference::new("CF1")).await.unwrap();
    assert_eq!(conference.friendly_name, "Standup");
    assert_eq!(conference.status, ConferenceStatus::Completed);
}

/// The spec's `CompatibilityErrorStringArray`: every message is kept, not
/// only "the API answered HTTP 422".
#[tokio::test]
async fn an_error_as_a_list_of_strings_keeps_every_message() {
    let body = r#"{"errors":["Status is not included in the list","AnnounceUrl is not a URL"]}"#;
    let space = common::fixed_reply_server(&common::http_reply(
        "422 Unprocessable Entity",
        "application/json",
        body,
    ))
    .await;
    let client = common::client_at(&space).build().unwrap();
    let error = client
        .send(&UpdateConference::new("CF1").status(ConferenceUpdateStatus::Completed))
        .await
        .unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 422);
    assert_eq!(
        api.messages,
        [
            "Status is not included in the list",
            "AnnounceUrl is not a URL"
        ]
    );
    assert!(error.to_string().ends_with(
        "): the API answered HTTP 422: Status is not included in the list; AnnounceUrl is not a URL"
    ));
}

#[tokio::test]
async fn a_response_with_odd_fields_still_decodes() {
    let space = common::fixed_reply_server(concat!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        r#"{"sid":"CF1","account_sid":12345,"friendly_name":null,"status":"on-hold","date_created":"last tuesday","date_updated":"2021-08-18T19:21:34Z","region":"us1","brand_new_field":{"x":[1,2]}}"#
    ))
    .await;
    let client = common::client_at(&space).build().unwrap();
    let conference = client.send(&FetchConference::new("CF1")).await.unwrap();
    assert_eq!(conference.sid, "CF1");
    assert_eq!(conference.account_sid, "12345");
    assert_eq!(conference.friendly_name, "");
    assert_eq!(
        conference.status,
        ConferenceStatus::Unknown("on-hold".into())
    );
    assert_eq!(
        conference.date_created.as_ref().unwrap().as_str(),
        "last tuesday"
    );
    assert_eq!(conference.date_created.as_ref().unwrap().datetime(), None);
    assert!(conference.date_updated.unwrap().datetime().is_some());
    assert_eq!(conference.api_version, "");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let client = common::client_at(&common::refused_space()).build().unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(!format!("{error:?}").contains("PT-test-token-never-printed"));
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() {
    let space = common::silent_server().await;
    let client = common::client_at(&space)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = client.send(&FetchConference::new("CF1")).await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(error
        .to_string()
        .ends_with("(FetchConference): timed out after 300 ms"));
}

#[tokio::test]
async fn from_env_names_the_missing_variable() {
    // The only test in this binary that touches these variables.
    unsafe {
        std::env::remove_var("SIGNALWIRE_SPACE_URL");
        std::env::set_var("SIGNALWIRE_PROJECT_ID", "p");
        std::env::set_var("SIGNALWIRE_API_TOKEN", "t");
    }
    let error = laml::Client::from_env().unwrap_err();
    assert!(error.is_config());
    assert!(
        error.to_string().contains("SIGNALWIRE_SPACE_URL"),
        "{error}"
    );
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let (emulator, _) = common::emulator().await;
    let sid = emulator.seed_conference(in_progress("Custom"));
    let http = reqwest::Client::builder()
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    let client = emulator.client_builder().http_client(http).build().unwrap();
    client.send(&FetchConference::new(&sid)).await.unwrap();
    let request = emulator.requests().pop().unwrap();
    let agent = request
        .headers
        .iter()
        .find(|(name, _)| name == "user-agent");
    assert_eq!(agent.map(|(_, value)| value.as_str()), Some("my-app/2.0"));
}

#[tokio::test]
async fn a_json_endpoint_sends_a_typed_json_body() {
    #[endpoint(PATCH, "/Accounts/<AccountSid>/Things/<Sid>", json)]
    struct PatchThing {
        sid: String,
        friendly_name: Option<String>,
        muted: bool,
        page_size: Option<u32>,
        events: Vec<String>,
        status: Option<String>,
    }

    let (space, saw) = common::recording_server(vec![common::http_reply(
        "204 No Content",
        "application/json",
        "",
    )])
    .await;
    let client = common::client_at(&space).build().unwrap();
    client
        .send(
            &PatchThing::new("TH1", true)
                .friendly_name("Room \"A\"")
                .page_size(20)
                .events(["start", "end"]),
        )
        .await
        .unwrap();
    let saw = saw.lock().unwrap();
    let (head, body) = saw[0].split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("PATCH /api/laml/2010-04-01/Accounts/b2d6c1b4-1111-4000-8000-000000000000/Things/TH1 HTTP/1.1"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{head}"
    );
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "FriendlyName": "Room \"A\"",
            "Muted": true,
            "PageSize": 20,
            "Events": ["start", "end"],
        })
    );
}

#[tokio::test]
async fn a_query_endpoint_without_values_sends_no_question_mark() {
    let (emulator, client) = common::emulator().await;
    client
        .send(&laml::conferences::ListConferences::new())
        .await
        .unwrap();
    let request = emulator.requests().pop().unwrap();
    assert_eq!(
        request.uri,
        format!(
            "/api/laml/2010-04-01/Accounts/{}/Conferences",
            emulator.project_id()
        )
    );
}
