use laml_emulator::RecordingSeed;
use serde_json::Value;
use time::macros::datetime;

use crate::{sids, sorted_keys, Api};

struct Recorded {
    api: Api,
    conference: String,
    recording: String,
}

impl Recorded {
    async fn start(status: &str) -> Recorded {
        let api = Api::start().await;
        let conference = api.seed("Room", "in-progress");
        let recording = api.emulator.seed_recording(
            &conference,
            RecordingSeed {
                status: status.into(),
                date_created: Some(datetime!(2021-08-18 12:00:00 UTC)),
                ..RecordingSeed::default()
            },
        );
        Recorded {
            api,
            conference,
            recording,
        }
    }

    fn path(&self) -> String {
        self.api.account(&format!(
            "/Conferences/{}/Recordings/{}.json",
            self.conference, self.recording
        ))
    }
}

#[tokio::test]
async fn fetch_returns_the_spec_shape() {
    let recorded = Recorded::start("in-progress").await;
    let reply = recorded.api.get(&recorded.path()).await;
    let recording = reply.assert_ok();
    assert_eq!(
        sorted_keys(recording),
        [
            "account_sid",
            "api_version",
            "call_sid",
            "channel",
            "channels",
            "conference_sid",
            "date_created",
            "date_updated",
            "duration",
            "encryption_details",
            "end_time",
            "error_code",
            "price",
            "price_unit",
            "sid",
            "source",
            "start_time",
            "status",
            "subresource_uris",
            "trim",
            "uri"
        ]
    );
    assert_eq!(recording["sid"], recorded.recording.as_str());
    assert_eq!(recording["conference_sid"], recorded.conference.as_str());
    assert_eq!(recording["call_sid"], Value::Null);
    assert_eq!(recording["channels"], "1");
    assert_eq!(recording["status"], "in-progress");
    assert_eq!(recording["start_time"], "Wed, 18 Aug 2021 12:00:00 +0000");
    assert_eq!(recording["end_time"], Value::Null);
    assert_eq!(recording["source"], "StartConferenceRecording");
    assert_eq!(recording["uri"], recorded.path());
    assert_eq!(
        recording["subresource_uris"]["transcriptions"],
        recorded.api.account(&format!(
            "/Recordings/{}/Transcriptions.json",
            recorded.recording
        ))
    );
    assert_eq!(
        recorded
            .api
            .emulator
            .recording(&recorded.conference, &recorded.recording)
            .as_ref(),
        Some(recording)
    );
}

#[tokio::test]
async fn a_recording_pauses_resumes_and_stops() {
    let recorded = Recorded::start("in-progress").await;
    let path = recorded.path();
    let paused = recorded
        .api
        .post(&path, "Status=paused&PauseBehavior=skip")
        .await;
    assert_eq!(paused.assert_ok()["status"], "paused");
    let resumed = recorded.api.post(&path, "Status=in-progress").await;
    assert_eq!(resumed.assert_ok()["status"], "in-progress");
    let stopped = recorded.api.post(&path, "Status=stopped").await;
    let stopped = stopped.assert_ok();
    assert_eq!(stopped["status"], "stopped");
    assert!(stopped["end_time"].is_string());
    assert!(stopped["duration"].as_i64().unwrap() > 0);

    recorded
        .api
        .post(&path, "Status=in-progress")
        .await
        .assert_error(422, 21220);
    recorded
        .api
        .post(&path, "Status=stopped")
        .await
        .assert_error(422, 21220);
}

#[tokio::test]
async fn invalid_update_parameters_are_400() {
    let recorded = Recorded::start("in-progress").await;
    let path = recorded.path();
    for (form, code) in [
        ("", 21101),
        ("PauseBehavior=skip", 21101),
        ("Status=completed", 21102),
        ("Status=resumed", 21102),
        ("Status=paused&PauseBehavior=drop", 21102),
        ("Status=paused&Trim=trim-silence", 21108),
    ] {
        recorded.api.post(&path, form).await.assert_error(400, code);
    }
    assert_eq!(
        recorded
            .api
            .emulator
            .recording(&recorded.conference, &recorded.recording)
            .unwrap()["status"],
        "in-progress"
    );
}

#[tokio::test]
async fn completing_the_conference_completes_its_recordings() {
    let recorded = Recorded::start("paused").await;
    let conference = recorded
        .api
        .account(&format!("/Conferences/{}.json", recorded.conference));
    recorded
        .api
        .post(&conference, "Status=completed")
        .await
        .assert_ok();
    let recording = recorded.api.get(&recorded.path()).await;
    assert_eq!(recording.assert_ok()["status"], "completed");
    assert!(recording.body["end_time"].is_string());
}

#[tokio::test]
async fn delete_removes_the_recording() {
    let recorded = Recorded::start("completed").await;
    let reply = recorded.api.delete(&recorded.path()).await;
    assert_eq!((reply.status, reply.text.as_str()), (204, ""));
    recorded
        .api
        .get(&recorded.path())
        .await
        .assert_error(404, 20404);
    recorded
        .api
        .delete(&recorded.path())
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn list_pages_and_filters_by_date() {
    let recorded = Recorded::start("completed").await;
    let later = recorded.api.emulator.seed_recording(
        &recorded.conference,
        RecordingSeed {
            status: "completed".into(),
            duration: 30,
            date_created: Some(datetime!(2021-08-20 12:00:00 UTC)),
            ..RecordingSeed::default()
        },
    );
    let list = recorded.api.account(&format!(
        "/Conferences/{}/Recordings.json",
        recorded.conference
    ));
    let all = recorded.api.get(&list).await;
    assert_eq!(
        sids(all.assert_ok(), "recordings"),
        [recorded.recording.clone(), later.clone()]
    );
    let seeded = &all.body["recordings"][1];
    assert_eq!(seeded["duration"], 30);
    assert_eq!(seeded["end_time"], "Fri, 20 Aug 2021 12:00:30 +0000");

    let after = recorded
        .api
        .get(&format!("{list}?DateCreated%3E=2021-08-19"))
        .await;
    assert_eq!(
        sids(after.assert_ok(), "recordings"),
        std::slice::from_ref(&later)
    );

    let first = recorded.api.get(&format!("{list}?PageSize=1")).await;
    let next = first.assert_ok()["next_page_uri"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        sids(recorded.api.get(&next).await.assert_ok(), "recordings"),
        [later]
    );

    recorded
        .api
        .get(&format!("{list}?DateCreated=20210818"))
        .await
        .assert_error(400, 21106);
    recorded
        .api
        .get(&format!("{list}?Status=completed"))
        .await
        .assert_error(400, 21108);
}
