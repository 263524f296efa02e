//! Queues count their members, refuse an overflow, dequeue the front and
//! stay while calls wait.

use std::time::Duration;

use laml_emulator::SeedRefused;

use crate::Api;

async fn queue(api: &Api, form: &str) -> String {
    let reply = api.post(&api.account("/Queues.json"), form).await;
    assert!(reply.status < 300, "{}", reply.text);
    reply.body["sid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_full_queue_refuses_another_call() {
    let api = Api::start().await;
    let sid = queue(&api, "FriendlyName=Small&MaxSize=2").await;
    api.emulator.enqueue(&sid, None).unwrap();
    api.emulator.enqueue(&sid, None).unwrap();
    assert!(matches!(
        api.emulator.enqueue(&sid, None),
        Err(SeedRefused::Conflict(_))
    ));
    assert!(matches!(
        api.emulator.enqueue("QU-missing", None),
        Err(SeedRefused::NotFound(_))
    ));
    let reply = api.get(&api.account(&format!("/Queues/{sid}.json"))).await;
    assert_eq!(reply.assert_ok()["current_size"], 2);
}

#[tokio::test]
async fn sizes_and_waits_follow_the_clock_and_dequeues() {
    let api = Api::paused().await;
    let sid = queue(&api, "FriendlyName=Line").await;
    let first = api.emulator.enqueue(&sid, None).unwrap();
    api.emulator.advance(Duration::from_secs(20));
    api.emulator.enqueue(&sid, None).unwrap();
    let listed = api.get(&api.account("/Queues.json")).await;
    let shown = &listed.assert_ok()["queues"][0];
    assert_eq!(
        (
            shown["current_size"].clone(),
            shown["average_wait_time"].clone()
        ),
        (2.into(), 10.into())
    );

    let front = api.account(&format!("/Queues/{sid}/Members/Front.json"));
    let dequeued = api
        .post(&front, "Url=https%3A%2F%2Fexample.com%2Fagent.xml")
        .await;
    assert_eq!(dequeued.assert_ok()["call_sid"], first.as_str());
    assert_eq!(dequeued.body["position"], 1);
    let queue = api.get(&api.account(&format!("/Queues/{sid}.json"))).await;
    assert_eq!(queue.assert_ok()["current_size"], 1);
    api.get(&api.account(&format!("/Queues/{sid}/Members/{first}.json")))
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn an_empty_queue_has_no_front_and_a_waiting_one_is_not_deleted() {
    let api = Api::start().await;
    let sid = queue(&api, "FriendlyName=Empty").await;
    api.get(&api.account(&format!("/Queues/{sid}/Members/Front.json")))
        .await
        .assert_error(404, 20404);
    api.emulator.enqueue(&sid, None).unwrap();
    let path = api.account(&format!("/Queues/{sid}.json"));
    api.delete(&path).await.assert_error(422, 21220);
    api.post(
        &api.account(&format!("/Queues/{sid}/Members/Front.json")),
        "Url=https%3A%2F%2Fexample.com%2Fa.xml",
    )
    .await
    .assert_ok();
    assert_eq!(api.delete(&path).await.status, 204);
}
