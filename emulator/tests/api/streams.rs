use serde_json::Value;

use crate::{sorted_keys, Api};

const URL: &str = "Url=wss%3A%2F%2Fexample.com%2Faudio";

struct Streaming {
    api: Api,
    conference: String,
}

impl Streaming {
    async fn start() -> Streaming {
        let api = Api::start().await;
        let conference = api.seed("Room", "in-progress");
        Streaming { api, conference }
    }

    fn path(&self, rest: &str) -> String {
        self.api
            .account(&format!("/Conferences/{}/Streams{rest}", self.conference))
    }
}

#[tokio::test]
async fn create_starts_a_stream() {
    let streaming = Streaming::start().await;
    let reply = streaming
        .api
        .post(&streaming.path(".json"), &format!("{URL}&Name=first"))
        .await;
    let stream = reply.assert_ok();
    assert_eq!(
        sorted_keys(stream),
        [
            "account_sid",
            "conference_sid",
            "date_updated",
            "name",
            "sid",
            "status",
            "uri"
        ]
    );
    let sid = stream["sid"].as_str().unwrap();
    assert_eq!(stream["name"], "first");
    assert_eq!(stream["status"], "in-progress");
    assert_eq!(stream["conference_sid"], streaming.conference.as_str());
    assert_eq!(stream["uri"], streaming.path(&format!("/{sid}.json")));
    assert_eq!(
        streaming
            .api
            .emulator
            .stream(&streaming.conference, sid)
            .as_ref(),
        Some(stream)
    );

    let unnamed = streaming.api.post(&streaming.path(".json"), URL).await;
    assert_eq!(unnamed.assert_ok()["name"], Value::Null);
}

#[tokio::test]
async fn every_spec_parameter_is_accepted() {
    let streaming = Streaming::start().await;
    let form = [
        URL,
        "Name=everything",
        "Track=inbound_track",
        "StatusCallback=https%3A%2F%2Fexample.com%2Fstatus",
        "StatusCallbackMethod=GET",
        "StreamCodec=L16%4016000h",
        "StreamRealTime=true",
        "AuthorizationBearerToken=secret",
        "Parameter1.Name=FirstName",
        "Parameter1.Value=Jane",
        "Parameter99.Name=Last",
        "Parameter99.Value=Doe",
    ]
    .join("&");
    let reply = streaming.api.post(&streaming.path(".json"), &form).await;
    assert_eq!(reply.assert_ok()["name"], "everything");
}

#[tokio::test]
async fn invalid_create_parameters_are_400() {
    let streaming = Streaming::start().await;
    for (form, code) in [
        ("Name=x".to_owned(), 21101),
        ("Url=ws%3A%2F%2Fexample.com%2Faudio".to_owned(), 21103),
        ("Url=https%3A%2F%2Fexample.com%2Faudio".to_owned(), 21103),
        ("Url=%2Frelative".to_owned(), 21103),
        (format!("{URL}&Track=both"), 21102),
        (format!("{URL}&StreamCodec=opus"), 21102),
        (format!("{URL}&StatusCallbackMethod=PUT"), 21102),
        (format!("{URL}&StatusCallback=example.com"), 21103),
        (format!("{URL}&StreamRealTime=1"), 21105),
        (format!("{URL}&Parameter100.Name=x"), 21108),
        (format!("{URL}&Parameter1.Name=a&Parameter1.Name=b"), 21109),
        (format!("{URL}&{URL}"), 21109),
    ] {
        streaming
            .api
            .post(&streaming.path(".json"), &form)
            .await
            .assert_error(400, code);
    }
}

#[tokio::test]
async fn a_running_streams_name_is_taken() {
    let streaming = Streaming::start().await;
    let form = format!("{URL}&Name=taken");
    streaming
        .api
        .post(&streaming.path(".json"), &form)
        .await
        .assert_ok();
    streaming
        .api
        .post(&streaming.path(".json"), &form)
        .await
        .assert_error(422, 21220);
    let stopped = streaming
        .api
        .post(&streaming.path("/taken.json"), "Status=stopped")
        .await;
    assert_eq!(stopped.assert_ok()["status"], "stopped");
    let again = streaming.api.post(&streaming.path(".json"), &form).await;
    assert_eq!(again.assert_ok()["status"], "in-progress");
}

#[tokio::test]
async fn update_stops_a_stream_once() {
    let streaming = Streaming::start().await;
    let created = streaming.api.post(&streaming.path(".json"), URL).await;
    let sid = created.assert_ok()["sid"].as_str().unwrap().to_owned();
    let path = streaming.path(&format!("/{sid}.json"));
    streaming.api.post(&path, "").await.assert_error(400, 21101);
    streaming
        .api
        .post(&path, "Status=in-progress")
        .await
        .assert_error(400, 21102);
    let stopped = streaming.api.post(&path, "Status=stopped").await;
    assert_eq!(stopped.assert_ok()["status"], "stopped");
    assert_eq!(stopped.body["sid"], sid.as_str());
    streaming
        .api
        .post(&path, "Status=stopped")
        .await
        .assert_error(422, 21220);
    streaming
        .api
        .post(&streaming.path("/unknown.json"), "Status=stopped")
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn a_completed_conference_takes_no_stream() {
    let streaming = Streaming::start().await;
    let created = streaming.api.post(&streaming.path(".json"), URL).await;
    let sid = created.assert_ok()["sid"].as_str().unwrap().to_owned();
    let conference = streaming
        .api
        .account(&format!("/Conferences/{}.json", streaming.conference));
    streaming
        .api
        .post(&conference, "Status=completed")
        .await
        .assert_ok();
    let stream = streaming
        .api
        .emulator
        .stream(&streaming.conference, &sid)
        .unwrap();
    assert_eq!(stream["status"], "stopped");
    streaming
        .api
        .post(&streaming.path(".json"), URL)
        .await
        .assert_error(422, 21220);
    let nowhere = streaming.api.account("/Conferences/nope/Streams.json");
    streaming
        .api
        .post(&nowhere, URL)
        .await
        .assert_error(404, 20404);
}
