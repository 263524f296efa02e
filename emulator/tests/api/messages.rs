use std::time::Duration;

use laml_emulator::Pace;
use serde_json::{json, Value};

use crate::{emulator_date, send, sids, sorted_keys, utc_instant, Api, Reply};

const PICTURE: &str = "https%3A%2F%2Fexample.com%2Fcat.jpg";
const CLIP: &str = "https%3A%2F%2Fexample.com%2Fmedia%2Fclip.MP4%3Fsize%3Dlarge";

/// An emulator whose clock stands still until the test advances it.
impl Api {
    async fn send_message(&self, form: &str) -> Reply {
        self.post(&self.account("/Messages.json"), form).await
    }

    /// Sends a text to `to` and returns its sid.
    async fn text(&self, to: &str, body: &str) -> String {
        let form = format!(
            "To={}&From=%2B15551230000&Body={}",
            urlencode(to),
            urlencode(body)
        );
        let reply = self.send_message(&form).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.body["sid"].as_str().unwrap().to_owned()
    }

    async fn message(&self, sid: &str) -> Value {
        self.get(&self.account(&format!("/Messages/{sid}.json")))
            .await
            .assert_ok()
            .clone()
    }

    async fn timers(&self) -> Value {
        let reply = send(self.request(reqwest::Method::GET, "/__emulator/clock")).await;
        reply.assert_ok()["timers"].clone()
    }
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_message_is_queued_then_sent_then_delivered_and_priced() {
    let api = Api::paused().await;
    let created = api
        .send_message(&format!(
            "To=%2B15551230001&From=%2B15551230000&Body=Look%21&MediaUrl={PICTURE}&MediaUrl={CLIP}"
        ))
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let message = &created.body;
    assert_eq!(
        sorted_keys(message),
        [
            "account_sid",
            "api_version",
            "body",
            "date_created",
            "date_sent",
            "date_updated",
            "direction",
            "error_code",
            "error_message",
            "from",
            "messaging_service_sid",
            "num_media",
            "num_segments",
            "price",
            "price_unit",
            "sid",
            "status",
            "subresource_uris",
            "to",
            "uri"
        ]
    );
    let sid = message["sid"].as_str().unwrap();
    let path = api.account(&format!("/Messages/{sid}"));
    assert_eq!(message["status"], "queued");
    assert_eq!(message["direction"], "outbound-api");
    assert_eq!(message["body"], "Look!");
    assert_eq!(
        (&message["to"], &message["from"]),
        (&json!("+15551230001"), &json!("+15551230000"))
    );
    assert_eq!(message["num_media"], 2);
    assert_eq!(message["num_segments"], 1);
    assert_eq!(message["price"], Value::Null);
    assert_eq!(message["price_unit"], "USD");
    assert_eq!(message["date_sent"], Value::Null);
    assert_eq!(message["error_code"], Value::Null);
    assert_eq!(message["uri"], format!("{path}.json"));
    assert_eq!(
        message["subresource_uris"],
        json!({ "media": format!("{path}/Media.json") })
    );
    let created_at = emulator_date(&message["date_created"]);
    assert_eq!(created_at, api.emulator.now());

    api.emulator.advance(Duration::from_secs(1));
    let sent = api.message(sid).await;
    assert_eq!(sent["status"], "sent");
    assert_eq!(
        emulator_date(&sent["date_sent"]),
        created_at + time::Duration::seconds(1)
    );
    assert_eq!(
        emulator_date(&sent["date_updated"]),
        created_at + time::Duration::seconds(1)
    );
    assert_eq!(sent["price"], Value::Null, "no price until delivered");

    api.emulator.advance(Duration::from_secs(1));
    assert_eq!(api.message(sid).await["status"], "sent");
    api.emulator.advance(Duration::from_secs(1));
    let delivered = api.message(sid).await;
    assert_eq!(delivered["status"], "delivered");
    assert_eq!(delivered["price"], json!(-0.0079));
    assert_eq!(delivered["price_unit"], "USD");
    assert_eq!(
        emulator_date(&delivered["date_sent"]),
        created_at + time::Duration::seconds(1)
    );
    assert_eq!(
        emulator_date(&delivered["date_updated"]),
        created_at + time::Duration::seconds(3)
    );
    assert_eq!(delivered["error_code"], Value::Null);
    assert_eq!(api.timers().await, json!([]));

    let media = api.get(&format!("{path}/Media.json")).await;
    let items = media.assert_ok()["media_list"].as_array().unwrap().clone();
    let mut types: Vec<&str> = items
        .iter()
        .map(|item| item["content_type"].as_str().unwrap())
        .collect();
    types.sort_unstable();
    assert_eq!(types, ["image/jpeg", "video/mp4"]);
    for item in &items {
        assert_eq!(item["parent_sid"], sid);
        assert_eq!(item["account_sid"], api.emulator.project_id());
        assert_eq!(emulator_date(&item["date_created"]), created_at);
        let media_sid = item["sid"].as_str().unwrap();
        assert_eq!(item["uri"], format!("{path}/Media/{media_sid}.json"));
        let fetched = api.get(&format!("{path}/Media/{media_sid}.json")).await;
        assert_eq!(fetched.assert_ok(), item);
    }
}

#[tokio::test]
async fn a_price_is_per_segment() {
    let api = Api::start().await;
    api.emulator.set_pace(Pace::Immediate);
    let sid = api.text("+15551230001", &"a".repeat(200)).await;
    let message = api.message(&sid).await;
    assert_eq!(message["status"], "delivered");
    assert_eq!(message["num_segments"], 2);
    assert_eq!(message["price"], json!(-0.0158));
}

#[tokio::test]
async fn test_numbers_end_undelivered_or_failed() {
    let api = Api::paused().await;
    let undelivered = api.text("+15550130003", "Hello").await;
    let failed = api.text("+15550130008", "Hello").await;

    api.emulator.advance(Duration::from_secs(1));
    assert_eq!(api.message(&undelivered).await["status"], "sent");
    let message = api.message(&failed).await;
    assert_eq!(message["status"], "failed");
    assert_eq!(message["error_code"], "30008");
    assert_eq!(message["date_sent"], Value::Null, "never sent");

    api.emulator.advance(Duration::from_secs(60));
    let message = api.message(&undelivered).await;
    assert_eq!(message["status"], "undelivered");
    assert_eq!(message["error_code"], "30003");
    assert!(message["error_message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert_eq!(
        message["price"],
        Value::Null,
        "only a delivered message is priced"
    );
    let message = api.message(&failed).await;
    assert_eq!(message["status"], "failed");
    assert_eq!(message["price"], Value::Null);
}

#[tokio::test]
async fn segments_are_counted_as_carriers_do() {
    let api = Api::paused().await;
    let cases: Vec<(&str, String, u64)> = vec![
        ("160 GSM-7", "a".repeat(160), 1),
        ("161 GSM-7", "a".repeat(161), 2),
        ("153·2 GSM-7", "a".repeat(306), 2),
        ("153·2 + 1 GSM-7", "a".repeat(307), 3),
        ("158 + € (160 septets)", format!("{}€", "a".repeat(158)), 1),
        ("159 + € (161 septets)", format!("{}€", "a".repeat(159)), 2),
        (
            "a brace that would straddle two parts",
            format!("{}{{{}", "a".repeat(152), "a".repeat(152)),
            3,
        ),
        ("70 UCS-2", "ж".repeat(70), 1),
        ("71 UCS-2", "ж".repeat(71), 2),
        ("67·2 UCS-2", "ж".repeat(134), 2),
        ("67·2 + 1 UCS-2", "ж".repeat(135), 3),
        ("one emoji", "😀".into(), 1),
        (
            "68 + emoji (70 code units)",
            format!("{}😀", "a".repeat(68)),
            1,
        ),
        (
            "69 + emoji (71 code units)",
            format!("{}😀", "a".repeat(69)),
            2,
        ),
        (
            "an emoji that would straddle two parts",
            format!("{}😀{}", "a".repeat(66), "a".repeat(66)),
            3,
        ),
    ];
    for (what, body, expected) in cases {
        let sid = api.text("+15551230001", &body).await;
        assert_eq!(api.message(&sid).await["num_segments"], expected, "{what}");
    }
    let media_only = api
        .send_message(&format!(
            "To=%2B15551230001&From=%2B15551230000&MediaUrl={PICTURE}"
        ))
        .await;
    assert_eq!(media_only.body["num_segments"], 1, "{}", media_only.text);
    assert_eq!(media_only.body["body"], "");
}

#[tokio::test]
async fn what_a_message_needs_is_checked() {
    let api = Api::paused().await;
    let long = "a".repeat(1601);
    let nine: String = (0..9)
        .map(|i| format!("&MediaUrl=https%3A%2F%2Fexample.com%2F{i}.png"))
        .collect();
    let too_long = format!("To=%2B15551230001&From=%2B15551230000&Body={long}");
    let too_many = format!("To=%2B15551230001&From=%2B15551230000{nine}");
    for (form, status, code, says) in [
        (
            "From=%2B15551230000&Body=Hi",
            400,
            21604,
            "'To' phone number is required",
        ),
        (
            "To=%2B15551230001&Body=Hi",
            400,
            21603,
            "'From' phone number is required",
        ),
        (
            "To=%2B15551230001&From=%2B15551230000",
            400,
            21602,
            "Message body is required",
        ),
        (
            "To=%2B15551230001&From=%2B15551230000&Body=",
            400,
            21602,
            "Message body is required",
        ),
        (too_long.as_str(), 400, 21102, "1600"),
        (too_many.as_str(), 400, 21102, "at most 8"),
        (
            "To=%2B15551230001&From=%2B15551230000&MediaUrl=cat.jpg",
            400,
            21103,
            "MediaUrl",
        ),
    ] {
        let reply = api.send_message(form).await;
        reply.assert_error(status, code);
        let message = reply.body["message"].as_str().unwrap();
        assert!(message.contains(says), "{form}: {message}");
    }
    let listed = api.get(&api.account("/Messages.json")).await;
    assert_eq!(
        listed.assert_ok()["messages"],
        json!([]),
        "a refused message is not stored"
    );

    let by_service = api
        .send_message("To=%2B15551230001&MessagingServiceSid=MG1&Body=Hi")
        .await;
    assert_eq!(by_service.status, 201, "{}", by_service.text);
    assert_eq!(by_service.body["messaging_service_sid"], "MG1");
    let eight: String = (0..8)
        .map(|i| format!("&MediaUrl=https%3A%2F%2Fexample.com%2F{i}.png"))
        .collect();
    let most = api
        .send_message(&format!("To=%2B15551230001&From=%2B15551230000{eight}"))
        .await;
    assert_eq!(most.body["num_media"], 8, "{}", most.text);
    let longest = api
        .send_message(&format!(
            "To=%2B15551230001&From=%2B15551230000&Body={}",
            "a".repeat(1600)
        ))
        .await;
    assert_eq!(longest.body["num_segments"], 11, "{}", longest.text);
}

#[tokio::test]
async fn an_empty_body_redacts_a_message_once_it_has_left_the_queue() {
    let api = Api::paused().await;
    let sid = api.text("+15551230001", "My PIN is 1234").await;
    let path = api.account(&format!("/Messages/{sid}.json"));

    let early = api.post(&path, "Body=").await;
    early.assert_error(422, 21220);
    assert!(early.body["message"].as_str().unwrap().contains("queued"));
    assert_eq!(api.message(&sid).await["body"], "My PIN is 1234");

    api.emulator.advance(Duration::from_secs(1));
    let rewritten = api.post(&path, "Body=Something+else").await;
    rewritten.assert_error(400, 21102);
    api.post(&path, "").await.assert_error(400, 21101);

    api.emulator.advance(Duration::from_secs(10));
    let redacted = api.post(&path, "Body=").await;
    let message = redacted.assert_ok();
    assert_eq!(message["body"], "");
    assert_eq!(message["status"], "delivered");
    assert_eq!(message["num_segments"], 1, "what was sent is still counted");
    assert_eq!(emulator_date(&message["date_updated"]), api.emulator.now());
    assert_eq!(api.message(&sid).await["body"], "");
}

#[tokio::test]
async fn a_message_is_deleted_with_its_media_once_it_has_left_the_queue() {
    let api = Api::paused().await;
    let created = api
        .send_message(&format!(
            "To=%2B15551230001&From=%2B15551230000&MediaUrl={PICTURE}"
        ))
        .await;
    let sid = created.body["sid"].as_str().unwrap().to_owned();
    let path = api.account(&format!("/Messages/{sid}"));

    let early = api.delete(&format!("{path}.json")).await;
    early.assert_error(422, 21220);
    assert_eq!(api.message(&sid).await["status"], "queued");

    api.emulator.advance(Duration::from_secs(1));
    assert_eq!(api.message(&sid).await["status"], "sent");
    let deleted = api.delete(&format!("{path}.json")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    api.get(&format!("{path}.json"))
        .await
        .assert_error(404, 20404);
    api.get(&format!("{path}/Media.json"))
        .await
        .assert_error(404, 20404);
    assert_eq!(api.timers().await, json!([]), "its delivery is dropped");
}

#[tokio::test]
async fn one_media_item_is_deleted_alone() {
    let api = Api::paused().await;
    let created = api
        .send_message(&format!(
            "To=%2B15551230001&From=%2B15551230000&MediaUrl={PICTURE}&MediaUrl={CLIP}"
        ))
        .await;
    let sid = created.body["sid"].as_str().unwrap().to_owned();
    let media_path = api.account(&format!("/Messages/{sid}/Media"));
    let listed = api.get(&format!("{media_path}.json")).await;
    let first = listed.body["media_list"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();

    let deleted = api.delete(&format!("{media_path}/{first}.json")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    api.get(&format!("{media_path}/{first}.json"))
        .await
        .assert_error(404, 20404);
    let left = api.get(&format!("{media_path}.json")).await;
    assert_eq!(left.body["media_list"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn messages_are_filtered_by_when_they_were_sent_to_the_second() {
    let api = Api::paused().await;
    let first = api.text("+15551230001", "one").await;
    api.emulator.advance(Duration::from_secs(10));
    let second = api.text("+15551230002", "two").await;
    api.emulator.advance(Duration::from_secs(1));
    let sent_at = emulator_date(&api.message(&second).await["date_sent"]);
    let instant = utc_instant(sent_at);

    let at = api
        .get(&api.account(&format!("/Messages.json?DateSent={instant}")))
        .await;
    assert_eq!(sids(at.assert_ok(), "messages"), [second.as_str()]);
    let after = api
        .get(&api.account(&format!("/Messages.json?DateSent%3E={instant}")))
        .await;
    assert_eq!(sids(after.assert_ok(), "messages"), [second.as_str()]);
    let before = api
        .get(&api.account(&format!("/Messages.json?DateSent%3C={instant}")))
        .await;
    assert_eq!(
        sids(before.assert_ok(), "messages"),
        [first.as_str(), second.as_str()]
    );
    let delivered = api
        .get(&api.account("/Messages.json?Status=delivered"))
        .await;
    assert_eq!(sids(delivered.assert_ok(), "messages"), [first.as_str()]);
    let to = api
        .get(&api.account("/Messages.json?To=%2B15551230002"))
        .await;
    assert_eq!(sids(to.assert_ok(), "messages"), [second]);
}
