use laml_emulator::{ConferenceSeed, ParticipantSeed};

use crate::Api;

const HOSTILE: &str = "a/b?c#d%e f";
const HOSTILE_ENCODED: &str = "a%2Fb%3Fc%23d%25e%20f";

#[tokio::test]
async fn every_path_spelling_reaches_the_conference() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let project_id = api.emulator.project_id();
    for prefix in ["/api/laml/2010-04-01", "/2010-04-01"] {
        for suffix in [".json", ""] {
            let path = format!("{prefix}/Accounts/{project_id}/Conferences/{sid}{suffix}");
            let reply = api.get(&path).await;
            assert_eq!(reply.assert_ok()["sid"], sid.as_str(), "{path}");
            let list = format!("{prefix}/Accounts/{project_id}/Conferences{suffix}");
            let reply = api.get(&list).await;
            assert_eq!(
                reply.assert_ok()["conferences"].as_array().unwrap().len(),
                1,
                "{list}"
            );
        }
    }
}

#[tokio::test]
async fn a_hostile_sid_is_reachable_percent_encoded() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        sid: Some(HOSTILE.into()),
        ..ConferenceSeed::default()
    });
    assert_eq!(sid, HOSTILE);
    let call_sid = api.emulator.seed_participant(
        HOSTILE,
        ParticipantSeed {
            call_sid: Some("p/1".into()),
            ..ParticipantSeed::default()
        },
    );

    let path = api.account(&format!("/Conferences/{HOSTILE_ENCODED}"));
    let conference = api.get(&format!("{path}.json")).await.assert_ok().clone();
    assert_eq!(conference["sid"], HOSTILE);
    assert_eq!(conference["uri"], format!("{path}.json"));
    assert_eq!(
        conference["subresource_uris"]["participants"],
        format!("{path}/Participants.json")
    );
    // The `uri` a response gives leads back to the same resource.
    let again = api.get(conference["uri"].as_str().unwrap()).await;
    assert_eq!(again.assert_ok(), &conference);
    assert_eq!(api.get(&path).await.assert_ok(), &conference);

    let participant_path = format!("{path}/Participants/p%2F1.json");
    let participant = api.get(&participant_path).await;
    assert_eq!(participant.assert_ok()["call_sid"], call_sid.as_str());
    assert_eq!(participant.body["uri"], participant_path);

    let updated = api.post(&format!("{path}.json"), "Status=completed").await;
    assert_eq!(updated.assert_ok()["status"], "completed");

    // Decoded differently, the same characters name nothing.
    api.get(&api.account("/Conferences/a/b"))
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn paths_outside_the_api_are_404() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    for path in [
        "/".to_owned(),
        "/api/laml/2010-04-01".to_owned(),
        "/api/laml/2010-04-01/Widgets.json".to_owned(),
        api.account("/Widgets.json"),
        api.account(&format!("/Conferences/{sid}/Widgets.json")),
        "/api/laml/2010-04-01/Accounts/someone-else/Calls.json".to_owned(),
        api.account(&format!("/Conferences/{sid}/Members.json")),
        api.account(&format!("/Conferences/{sid}/Participants/x/y")),
        format!(
            "/api/laml/2010-04-02/Accounts/{}/Conferences.json",
            api.emulator.project_id()
        ),
    ] {
        api.get(&path).await.assert_error(404, 20404);
    }
}

#[tokio::test]
async fn methods_the_spec_does_not_define_are_405() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let conference = api.account(&format!("/Conferences/{sid}.json"));
    let reply = api.delete(&conference).await;
    reply.assert_error(405, 20004);
    assert_eq!(reply.headers["allow"], "GET, POST");

    let list = api
        .post(&api.account("/Conferences.json"), "FriendlyName=x")
        .await;
    list.assert_error(405, 20004);
    assert_eq!(list.headers["allow"], "GET");

    let streams = api
        .get(&api.account(&format!("/Conferences/{sid}/Streams.json")))
        .await;
    streams.assert_error(405, 20004);
    assert_eq!(streams.headers["allow"], "POST");

    let put = crate::send(api.request(reqwest::Method::PUT, &conference)).await;
    put.assert_error(405, 20004);
}

#[tokio::test]
async fn the_server_stops_when_the_emulator_is_dropped() {
    let api = Api::start().await;
    let address = api.emulator.local_addr();
    tokio::net::TcpStream::connect(address)
        .await
        .expect("the server listens");
    drop(api);
    // Shutting down takes a few turns of the runtime, not time.
    for _ in 0..1000 {
        if tokio::net::TcpStream::connect(address).await.is_err() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("the server still accepts connections after the emulator was dropped");
}
