use std::time::Duration;

use laml_emulator::Pace;
use serde_json::{json, Value};

use crate::{emulator_date, send, sids, sorted_keys, utc_instant, Api, Reply};

const DOCUMENT: &str = "https%3A%2F%2Fexample.com%2Fcontract.pdf";

impl Api {
    async fn send_fax(&self, form: &str) -> Reply {
        self.post(&self.account("/Faxes.json"), form).await
    }

    /// Sends `document` to `to` and returns the fax's sid.
    async fn fax_to(&self, to: &str, document: &str) -> String {
        let reply = self
            .send_fax(&format!("To={to}&From=%2B15551230000&MediaUrl={document}"))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.body["sid"].as_str().unwrap().to_owned()
    }

    async fn fax(&self, sid: &str) -> Value {
        self.get(&self.account(&format!("/Faxes/{sid}.json")))
            .await
            .assert_ok()
            .clone()
    }

    async fn fax_timers(&self) -> Value {
        let reply = send(self.request(reqwest::Method::GET, "/__emulator/clock")).await;
        reply.assert_ok()["timers"].clone()
    }
}

#[tokio::test]
async fn a_fax_is_processed_sent_page_by_page_and_delivered_with_its_media() {
    let api = Api::paused().await;
    let created = api
        .send_fax(&format!(
            "To=%2B15551230001&From=%2B15551230000&MediaUrl={DOCUMENT}%3Fpages%3D2&Quality=superfine"
        ))
        .await;
    assert_eq!(created.status, 200, "{}", created.text);
    let fax = &created.body;
    assert_eq!(
        sorted_keys(fax),
        [
            "account_sid",
            "api_version",
            "date_created",
            "date_updated",
            "direction",
            "duration",
            "error_code",
            "error_message",
            "from",
            "links",
            "media_sid",
            "media_url",
            "num_pages",
            "price",
            "price_unit",
            "quality",
            "sid",
            "status",
            "to",
            "url"
        ]
    );
    let sid = fax["sid"].as_str().unwrap().to_owned();
    let path = api.account(&format!("/Faxes/{sid}"));
    assert_eq!(fax["status"], "queued");
    assert_eq!(fax["direction"], "outbound");
    assert_eq!(fax["quality"], "superfine");
    assert_eq!(fax["media_url"], "https://example.com/contract.pdf?pages=2");
    // An outbound fax's media, its document, exists from the start, as the
    // spec's required `media_sid` says.
    let queued_media_sid = fax["media_sid"].as_str().unwrap().to_owned();
    assert_eq!(fax["num_pages"], Value::Null);
    assert_eq!(
        (&fax["price"], &fax["price_unit"]),
        (&Value::Null, &json!("USD"))
    );
    assert_eq!(fax["duration"], 0);
    assert_eq!(fax["url"], format!("{path}.json"));
    assert_eq!(
        fax["links"],
        json!({ "media": format!("{path}/Media.json") })
    );
    let created_at = emulator_date(&fax["date_created"]);
    let queued = api.get(&format!("{path}/Media.json")).await;
    assert_eq!(
        sids(queued.assert_ok(), "media"),
        [queued_media_sid.as_str()],
        "its document is its media before delivery"
    );

    let at = |seconds| created_at + time::Duration::seconds(seconds);
    for (advance, status, updated) in [
        (1, "processing", 1),
        (4, "sending", 5),
        (59, "sending", 5),
        (1, "delivered", 65),
    ] {
        api.emulator.advance(Duration::from_secs(advance));
        let fax = api.fax(&sid).await;
        assert_eq!(fax["status"], status, "after {advance}s more");
        assert_eq!(emulator_date(&fax["date_updated"]), at(updated), "{status}");
    }
    let fax = api.fax(&sid).await;
    assert_eq!(fax["num_pages"], "2");
    assert_eq!(fax["duration"], 60, "30 seconds a page");
    assert_eq!(fax["price"], "-0.0140");
    assert_eq!(fax["error_code"], Value::Null);
    let media_sid = fax["media_sid"].as_str().unwrap();
    assert_eq!(media_sid, queued_media_sid);

    let listed = api.get(&format!("{path}/Media.json")).await;
    let body = listed.assert_ok();
    assert_eq!(body["media"], body["fax_media"], "the spec names both keys");
    let media = body["media"].as_array().unwrap();
    assert_eq!(media.len(), 1);
    let item = &media[0];
    assert_eq!(item["sid"], media_sid);
    assert_eq!(item["fax_sid"], sid.as_str());
    assert_eq!(item["content_type"], "application/pdf");
    assert_eq!(item["account_sid"], api.emulator.project_id());
    assert_eq!(
        emulator_date(&item["date_created"]),
        at(0),
        "made with the fax"
    );
    assert_eq!(item["uri"], format!("{path}/Media/{media_sid}.json"));
    assert_eq!(item["url"], format!("{path}/Media/{media_sid}.json"));
    let fetched = api.get(&format!("{path}/Media/{media_sid}.json")).await;
    assert_eq!(fetched.assert_ok(), item);

    let deleted = api.delete(&format!("{path}/Media/{media_sid}.json")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    let after = api.get(&format!("{path}/Media.json")).await;
    assert_eq!(after.body["media"], json!([]));
}

#[tokio::test]
async fn a_fax_without_pages_is_one_page_and_quality_defaults_to_fine() {
    let api = Api::start().await;
    api.emulator.set_pace(Pace::Immediate);
    let sid = api.fax_to("%2B15551230001", DOCUMENT).await;
    let fax = api.fax(&sid).await;
    assert_eq!(fax["status"], "delivered");
    assert_eq!(fax["quality"], "fine");
    assert_eq!(fax["num_pages"], "1");
    assert_eq!(fax["duration"], 30);
    assert_eq!(fax["price"], "-0.0070");
}

#[tokio::test]
async fn a_fax_to_the_failing_number_fails_and_keeps_its_document() {
    let api = Api::paused().await;
    let sid = api.fax_to("%2B15550100500", DOCUMENT).await;
    api.emulator.advance(Duration::from_secs(34));
    assert_eq!(api.fax(&sid).await["status"], "sending");
    api.emulator.advance(Duration::from_secs(1));
    let fax = api.fax(&sid).await;
    assert_eq!(fax["status"], "failed");
    assert!(fax["error_message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(fax["price"], Value::Null);
    assert_eq!(fax["num_pages"], Value::Null);
    let media_sid = fax["media_sid"].as_str().unwrap().to_owned();
    let media = api
        .get(&api.account(&format!("/Faxes/{sid}/Media.json")))
        .await;
    assert_eq!(sids(media.assert_ok(), "media"), [media_sid]);
}

#[tokio::test]
async fn a_fax_sent_without_storing_media_keeps_none_once_delivered() {
    let api = Api::start().await;
    api.emulator.set_pace(Pace::Immediate);
    let reply = api
        .send_fax(&format!(
            "To=%2B15551230001&From=%2B15551230000&MediaUrl={DOCUMENT}&StoreMedia=False"
        ))
        .await;
    let sid = reply.body["sid"].as_str().unwrap().to_owned();
    let fax = api.fax(&sid).await;
    assert_eq!(fax["status"], "delivered");
    assert!(fax["media_sid"].is_string(), "the spec requires it");
    let media = api
        .get(&api.account(&format!("/Faxes/{sid}/Media.json")))
        .await;
    assert_eq!(media.assert_ok()["media"], json!([]));
}

#[tokio::test]
async fn only_a_queued_fax_is_canceled_and_it_stays_canceled() {
    let api = Api::paused().await;
    let sid = api.fax_to("%2B15551230001", DOCUMENT).await;
    let path = api.account(&format!("/Faxes/{sid}.json"));

    let canceled = api.post(&path, "Status=canceled").await;
    assert_eq!(canceled.assert_ok()["status"], "canceled");
    assert_eq!(
        emulator_date(&canceled.body["date_updated"]),
        api.emulator.now()
    );
    assert_eq!(api.fax_timers().await, json!([]), "its course is dropped");
    api.emulator.advance(Duration::from_secs(3600));
    assert_eq!(api.fax(&sid).await["status"], "canceled");
    api.post(&path, "Status=canceled")
        .await
        .assert_error(422, 21220);

    let processing = api.fax_to("%2B15551230001", DOCUMENT).await;
    api.emulator.advance(Duration::from_secs(1));
    let path = api.account(&format!("/Faxes/{processing}.json"));
    let refused = api.post(&path, "Status=canceled").await;
    refused.assert_error(422, 21220);
    assert!(refused.body["message"]
        .as_str()
        .unwrap()
        .contains("processing"));
    api.post(&path, "Status=delivered")
        .await
        .assert_error(400, 21102);
    api.emulator.advance(Duration::from_secs(60));
    assert_eq!(api.fax(&processing).await["status"], "delivered");
}

#[tokio::test]
async fn deleting_a_fax_removes_it_its_media_and_its_course() {
    let api = Api::paused().await;
    let sending = api.fax_to("%2B15551230001", DOCUMENT).await;
    api.emulator.advance(Duration::from_secs(5));
    assert_eq!(api.fax(&sending).await["status"], "sending");
    let deleted = api
        .delete(&api.account(&format!("/Faxes/{sending}.json")))
        .await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    assert_eq!(api.fax_timers().await, json!([]));
    api.get(&api.account(&format!("/Faxes/{sending}.json")))
        .await
        .assert_error(404, 20404);

    let delivered = api.fax_to("%2B15551230001", DOCUMENT).await;
    api.emulator.advance(Duration::from_secs(60));
    let media_sid = api.fax(&delivered).await["media_sid"]
        .as_str()
        .unwrap()
        .to_owned();
    api.delete(&api.account(&format!("/Faxes/{delivered}.json")))
        .await;
    api.get(&api.account(&format!("/Faxes/{delivered}/Media/{media_sid}.json")))
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn what_a_fax_needs_is_checked_and_faxes_are_filtered() {
    let api = Api::paused().await;
    for (form, says) in [
        (
            "From=%2B15551230000&MediaUrl=https%3A%2F%2Fexample.com%2Fa.pdf",
            "To",
        ),
        (
            "To=%2B15551230001&MediaUrl=https%3A%2F%2Fexample.com%2Fa.pdf",
            "From",
        ),
        ("To=%2B15551230001&From=%2B15551230000", "MediaUrl"),
    ] {
        let reply = api.send_fax(form).await;
        // A party left out has the API's own code, as for calls.
        let code = match says {
            "To" => 21201,
            "From" => 21213,
            _ => 21101,
        };
        reply.assert_error(400, code);
        assert!(
            reply.body["message"].as_str().unwrap().contains(says),
            "{form}"
        );
    }
    let first = api.fax_to("%2B15551230001", DOCUMENT).await;
    let created = emulator_date(&api.fax(&first).await["date_created"]);
    api.emulator.advance(Duration::from_secs(10));
    let second = api.fax_to("%2B15551230002", DOCUMENT).await;
    let instant = utc_instant(created);
    let after = api
        .get(&api.account(&format!("/Faxes.json?DateCreatedAfter={instant}")))
        .await;
    assert_eq!(sids(after.assert_ok(), "faxes"), [second.as_str()]);
    let on_or_before = api
        .get(&api.account(&format!("/Faxes.json?DateCreatedOnOrBefore={instant}")))
        .await;
    assert_eq!(sids(on_or_before.assert_ok(), "faxes"), [first]);
    let to = api.get(&api.account("/Faxes.json?To=%2B15551230002")).await;
    assert_eq!(sids(to.assert_ok(), "faxes"), [second]);
}
