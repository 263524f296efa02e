//! A call's course on the clock, the test numbers, hang-up and delete
//! rules, and what a call takes while in progress.

use std::time::Duration;

use laml_emulator::{Pace, SeedRefused};
use serde_json::Value;

use crate::Api;

async fn place(api: &Api, to: &str, extra: &str) -> String {
    let reply = api
        .post(
            &api.account("/Calls.json"),
            &format!(
                "To=%2B{}&From=%2B15559870002&Url=https%3A%2F%2Fexample.com%2Fa.xml{extra}",
                &to[1..]
            ),
        )
        .await;
    assert!(reply.status < 300, "{}", reply.text);
    reply.body["sid"].as_str().unwrap().to_owned()
}

fn status(api: &Api, sid: &str) -> Value {
    api.emulator.call(sid).unwrap()["status"].clone()
}

#[tokio::test]
async fn a_call_rings_is_answered_and_completes_on_the_clock() {
    let api = Api::paused().await;
    let sid = place(&api, "+15551230001", "").await;
    assert_eq!(status(&api, &sid), "queued");
    for (after, expected) in [
        (1, "ringing"),
        (4, "in-progress"),
        (59, "in-progress"),
        (1, "completed"),
    ] {
        api.emulator.advance(Duration::from_secs(after));
        assert_eq!(status(&api, &sid), expected, "after {after} more seconds");
    }
    let call = api.emulator.call(&sid).unwrap();
    assert_eq!(call["duration"], 60);
    assert!(call["start_time"].is_string() && call["end_time"].is_string());
}

#[tokio::test]
async fn the_test_numbers_end_busy_no_answer_or_failed() {
    let api = Api::paused().await;
    let busy = place(&api, "+15550100486", "").await;
    let no_answer = place(&api, "+15550100408", "&Timeout=20").await;
    let failed = place(&api, "+15550100500", "").await;
    api.emulator.advance(Duration::from_secs(1));
    assert_eq!(status(&api, &failed), "failed");
    assert_eq!(status(&api, &busy), "ringing");
    api.emulator.advance(Duration::from_secs(2));
    assert_eq!(status(&api, &busy), "busy");
    api.emulator.advance(Duration::from_secs(17));
    assert_eq!(status(&api, &no_answer), "ringing", "rings for its Timeout");
    api.emulator.advance(Duration::from_secs(1));
    assert_eq!(status(&api, &no_answer), "no-answer");
    for sid in [&busy, &no_answer, &failed] {
        let call = api.emulator.call(sid).unwrap();
        assert_eq!(
            (call["duration"].clone(), call["start_time"].clone()),
            (0.into(), Value::Null)
        );
    }
}

#[tokio::test]
async fn immediate_pace_runs_a_call_to_its_end() {
    let api = Api::start().await;
    api.emulator.set_pace(Pace::Immediate);
    let sid = place(&api, "+15551230001", "").await;
    let call = api.get(&api.account(&format!("/Calls/{sid}.json"))).await;
    assert_eq!(call.assert_ok()["status"], "completed");
}

#[tokio::test]
async fn canceled_only_before_the_answer_completed_only_after() {
    let api = Api::paused().await;
    let sid = place(&api, "+15551230001", "").await;
    let path = api.account(&format!("/Calls/{sid}.json"));
    api.post(&path, "Status=completed")
        .await
        .assert_error(422, 21220);
    api.emulator.advance(Duration::from_secs(5));
    api.post(&path, "Status=canceled")
        .await
        .assert_error(422, 21220);
    assert_eq!(
        api.post(&path, "Status=completed").await.assert_ok()["status"],
        "completed"
    );
    api.post(&path, "Url=https%3A%2F%2Fexample.com%2Fb.xml")
        .await
        .assert_error(422, 21220);

    let ringing = place(&api, "+15551230001", "").await;
    api.emulator.advance(Duration::from_secs(1));
    let path = api.account(&format!("/Calls/{ringing}.json"));
    assert_eq!(
        api.post(&path, "Status=canceled").await.assert_ok()["status"],
        "canceled"
    );
    api.emulator.advance(Duration::from_secs(600));
    assert_eq!(status(&api, &ringing), "canceled", "its course was dropped");
}

#[tokio::test]
async fn only_an_ended_call_is_deleted() {
    let api = Api::paused().await;
    let sid = place(&api, "+15551230001", "").await;
    let path = api.account(&format!("/Calls/{sid}.json"));
    api.delete(&path).await.assert_error(422, 21220);
    api.emulator.advance(Duration::from_secs(65));
    assert_eq!(api.delete(&path).await.status, 204);
    api.get(&path).await.assert_error(404, 20404);
}

#[tokio::test]
async fn recordings_and_streams_need_a_call_in_progress_and_end_with_it() {
    let api = Api::paused().await;
    let sid = place(&api, "+15551230001", "").await;
    let recordings = api.account(&format!("/Calls/{sid}/Recordings.json"));
    let streams = api.account(&format!("/Calls/{sid}/Streams.json"));
    api.post(&recordings, "").await.assert_error(422, 21220);
    api.post(&streams, "Url=wss%3A%2F%2Fm.example.com")
        .await
        .assert_error(422, 21220);

    api.emulator.advance(Duration::from_secs(5));
    let recording = api
        .post(
            &recordings,
            "RecordingStatusCallbackEvent=in-progress&RecordingStatusCallbackEvent=completed",
        )
        .await;
    assert!(recording.status < 300, "{}", recording.text);
    assert_eq!(recording.body["source"], "StartCallRecordingApi");
    let stream = api
        .post(&streams, "Url=wss%3A%2F%2Fm.example.com&Name=s")
        .await;
    assert_eq!(stream.body["status"], "in-progress");
    api.post(&streams, "Url=wss%3A%2F%2Fm.example.com&Name=s")
        .await
        .assert_error(422, 21220);

    api.emulator.advance(Duration::from_secs(60));
    let recording_sid = recording.body["sid"].as_str().unwrap();
    let ended = api
        .get(&api.account(&format!("/Recordings/{recording_sid}.json")))
        .await;
    assert_eq!(ended.assert_ok()["status"], "completed");
    assert_eq!(ended.body["duration"], 60);
    let stream_sid = stream.body["sid"].as_str().unwrap();
    api.post(
        &api.account(&format!("/Calls/{sid}/Streams/{stream_sid}.json")),
        "Status=stopped",
    )
    .await
    .assert_error(422, 21220);
}

#[tokio::test]
async fn transcriptions_belong_to_finished_recordings() {
    let api = Api::paused().await;
    let sid = place(&api, "+15551230001", "&Record=true").await;
    assert!(matches!(
        api.emulator.transcribe("RE-missing", "x"),
        Err(SeedRefused::NotFound(_))
    ));
    api.emulator.advance(Duration::from_secs(5));
    let listed = api.get(&api.account("/Recordings.json")).await;
    let recording = listed.assert_ok()["recordings"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(listed.body["recordings"][0]["call_sid"], sid.as_str());
    assert!(matches!(
        api.emulator.transcribe(&recording, "x"),
        Err(SeedRefused::Conflict(_))
    ));
    api.emulator.advance(Duration::from_secs(60));
    let transcription = api.emulator.transcribe(&recording, "Hello").unwrap();
    let reply = api
        .get(&api.account(&format!("/Transcriptions/{transcription}.json")))
        .await;
    assert_eq!(reply.assert_ok()["recording_sid"], recording.as_str());
    assert_eq!(reply.body["transcription_text"], "Hello");
}
