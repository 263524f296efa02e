//! Messages and their media through real HTTP against the emulator: each
//! endpoint's wire request and decoded response, a message's course on the
//! emulator's clock, and the server's refusals.

mod common;

use std::time::Duration;

use laml::messages::*;
use laml_emulator::{Emulator, Pace};
use time::macros::{date, datetime};

const PICTURE: &str = "https://example.com/cat.jpg";
const CLIP: &str = "https://example.com/clip.mp4";

fn prefix(emulator: &Emulator) -> String {
    format!("/api/laml/2010-04-01/Accounts/{}", emulator.project_id())
}

async fn paused() -> (Emulator, laml::Client) {
    let (emulator, client) = common::emulator().await;
    emulator.set_pace(Pace::Paused);
    (emulator, client)
}

fn text(to: &str, body: &str) -> CreateMessage {
    CreateMessage::new(to).from("+15551230000").body(body)
}

#[tokio::test]
async fn a_message_with_media_is_sent_and_followed_to_delivered() {
    let (emulator, client) = paused().await;
    let request = CreateMessage::new("+15551230001")
        .from("+15551230000")
        .body("Look 😀")
        .media_url([PICTURE, CLIP])
        .send_as_mms(true)
        .application_sid("AP0001")
        .max_price("0.05")
        .status_callback("https://example.com/status")
        .validity_period(600)
        .messaging_service_sid("MG0001");
    let message = client.send(&request).await.unwrap();

    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, format!("{}/Messages", prefix(&emulator)));
    assert_eq!(
        sent.body,
        "To=%2B15551230001&From=%2B15551230000&Body=Look+%F0%9F%98%80\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg&MediaUrl=https%3A%2F%2Fexample.com%2Fclip.mp4\
         &SendAsMms=true&ApplicationSid=AP0001&MaxPrice=0.05\
         &StatusCallback=https%3A%2F%2Fexample.com%2Fstatus&ValidityPeriod=600\
         &MessagingServiceSid=MG0001"
    );
    assert_eq!(message.status, MessageStatus::Queued);
    assert_eq!(message.direction, MessageDirection::OutboundApi);
    assert_eq!(message.body.as_deref(), Some("Look 😀"));
    assert_eq!(
        (message.to.as_str(), message.from.as_str()),
        ("+15551230001", "+15551230000")
    );
    assert_eq!((message.num_media, message.num_segments), (2, 1));
    assert_eq!(message.price, None);
    assert_eq!(message.price_unit, "USD");
    assert_eq!(message.date_sent, None);
    assert_eq!(message.account_sid, emulator.project_id());
    assert_eq!(message.messaging_service_sid.as_deref(), Some("MG0001"));
    assert_eq!(message.api_version, "2010-04-01");
    let path = format!("{}/Messages/{}", prefix(&emulator), message.sid);
    assert_eq!(message.uri, format!("{path}.json"));
    assert_eq!(message.subresource_uris.media, format!("{path}/Media.json"));
    let created = message.date_created.as_ref().and_then(|d| d.datetime());
    assert_eq!(created, Some(emulator.now()));

    emulator.advance(Duration::from_secs(1));
    let sent = client.send(&FetchMessage::new(&message.sid)).await.unwrap();
    assert_eq!(sent.status, MessageStatus::Sent);
    assert_eq!(sent.price, None);
    emulator.advance(Duration::from_secs(2));
    let delivered = client.send(&FetchMessage::new(&message.sid)).await.unwrap();
    let fetch = emulator.requests().pop().unwrap();
    assert_eq!(
        (fetch.method.as_str(), fetch.uri.as_str()),
        ("GET", path.as_str())
    );
    assert_eq!(delivered.status, MessageStatus::Delivered);
    assert_eq!(delivered.price.as_deref(), Some("-0.0079"));
    assert_eq!(
        delivered.date_sent.as_ref().and_then(|d| d.datetime()),
        created.map(|c| c + time::Duration::seconds(1))
    );
    assert_eq!(delivered.error_code, None);
}

#[tokio::test]
async fn an_empty_body_is_sent_and_a_missing_one_is_not() {
    let (emulator, client) = paused().await;
    let with_empty = CreateMessage::new("+15551230001")
        .from("+15551230000")
        .body("")
        .media_url([PICTURE]);
    let message = client.send(&with_empty).await.unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().body,
        "To=%2B15551230001&From=%2B15551230000&Body=&MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg"
    );
    assert_eq!(message.body.as_deref(), Some(""));

    let without = CreateMessage::new("+15551230001")
        .from("+15551230000")
        .media_url([PICTURE]);
    client.send(&without).await.unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().body,
        "To=%2B15551230001&From=%2B15551230000&MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg"
    );
}

#[tokio::test]
async fn a_delivered_message_is_redacted_then_deleted() {
    let (emulator, client) = paused().await;
    let message = client
        .send(&text("+15551230001", "My PIN is 1234"))
        .await
        .unwrap();
    let path = format!("{}/Messages/{}", prefix(&emulator), message.sid);

    let too_early = client
        .send(&DeleteMessage::new(&message.sid))
        .await
        .unwrap_err();
    assert_eq!(too_early.status(), Some(422));
    assert_eq!(too_early.api().unwrap().code, Some(21220));

    emulator.advance(Duration::from_secs(3));
    let redacted = client
        .send(&UpdateMessage::new(&message.sid, ""))
        .await
        .unwrap();
    let update = emulator.requests().pop().unwrap();
    assert_eq!(
        (update.method.as_str(), update.uri.as_str()),
        ("POST", path.as_str())
    );
    assert_eq!(update.body, "Body=");
    assert_eq!(redacted.body.as_deref(), Some(""));
    assert_eq!(redacted.status, MessageStatus::Delivered);
    assert_eq!(redacted.num_segments, 1);

    let rewritten = client
        .send(&UpdateMessage::new(&message.sid, "Something else"))
        .await
        .unwrap_err();
    assert_eq!(rewritten.status(), Some(400));
    assert_eq!(rewritten.api().unwrap().code, Some(21102));

    let deleted = client.send(&DeleteMessage::new(&message.sid)).await;
    assert!(matches!(deleted, Ok(())), "{deleted:?}");
    let delete = emulator.requests().pop().unwrap();
    assert_eq!(
        (delete.method.as_str(), delete.uri.as_str()),
        ("DELETE", path.as_str())
    );
    let gone = client
        .send(&FetchMessage::new(&message.sid))
        .await
        .unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

#[tokio::test]
async fn messages_are_listed_with_every_filter_on_the_wire() {
    let (emulator, client) = paused().await;
    let first = client.send(&text("+15551230001", "one")).await.unwrap();
    emulator.advance(Duration::from_secs(10));
    let second = client.send(&text("+15551230002", "two")).await.unwrap();
    emulator.advance(Duration::from_secs(1));
    emulator.clear_requests();

    let request = ListMessages::new()
        .date_sent(date!(2024 - 03 - 01))
        .date_sent_before(datetime!(2024-03-01 10:30:05 +02:00))
        .date_sent_after(date!(2024 - 02 - 01))
        .from("+15551230000")
        .to("+15551230001")
        .status(MessageStatus::Delivered)
        .page(0)
        .page_size(20);
    let page = client.send(&request).await.unwrap();
    assert!(page.items.is_empty(), "nothing was sent in 2024");
    assert_eq!(
        emulator.requests()[0].uri,
        format!(
            "{}/Messages?DateSent=2024-03-01&DateSent%3C=2024-03-01T08%3A30%3A05Z\
             &DateSent%3E=2024-02-01&From=%2B15551230000&To=%2B15551230001&Status=delivered\
             &Page=0&PageSize=20",
            prefix(&emulator)
        )
    );

    let delivered = client
        .send(&ListMessages::new().status(MessageStatus::Delivered))
        .await
        .unwrap();
    let sids: Vec<_> = delivered.items.iter().map(|m| m.sid.clone()).collect();
    assert_eq!(sids, std::slice::from_ref(&first.sid));
    let sent_at = client
        .send(&FetchMessage::new(&second.sid))
        .await
        .unwrap()
        .date_sent
        .and_then(|d| d.datetime())
        .unwrap();
    let at_that_second = client
        .send(&ListMessages::new().date_sent(sent_at))
        .await
        .unwrap();
    assert_eq!(at_that_second.items.len(), 1);
    assert_eq!(at_that_second.items[0].sid, second.sid);
    let to_first = client
        .send(&ListMessages::new().to("+15551230001"))
        .await
        .unwrap();
    assert_eq!(to_first.items[0].sid, first.sid);
    assert_eq!(to_first.items.len(), 1);
}

#[tokio::test]
async fn media_are_listed_fetched_and_deleted() {
    let (emulator, client) = paused().await;
    let message = client
        .send(
            &CreateMessage::new("+15551230001")
                .from("+15551230000")
                .media_url([PICTURE, CLIP]),
        )
        .await
        .unwrap();
    let media_path = format!("{}/Messages/{}/Media", prefix(&emulator), message.sid);

    let request = ListMessageMedia::new(&message.sid)
        .date_created(emulator.now())
        .date_created_before(date!(2999 - 01 - 01))
        .date_created_after(date!(2000 - 01 - 01))
        .page_size(10);
    let page = client.send(&request).await.unwrap();
    let list = emulator.requests().pop().unwrap();
    let now = emulator.now();
    assert_eq!(
        list.uri,
        format!(
            "{media_path}?DateCreated={:04}-{:02}-{:02}T{:02}%3A{:02}%3A{:02}Z\
             &DateCreated%3C=2999-01-01&DateCreated%3E=2000-01-01&PageSize=10",
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute(),
            now.second()
        )
    );
    let mut types: Vec<_> = page.items.iter().map(|m| m.content_type.as_str()).collect();
    types.sort_unstable();
    assert_eq!(types, ["image/jpeg", "video/mp4"]);
    let first = &page.items[0];
    assert_eq!(first.parent_sid, message.sid);
    assert_eq!(first.account_sid, emulator.project_id());
    assert_eq!(first.uri, format!("{media_path}/{}.json", first.sid));

    let fetched = client
        .send(&FetchMessageMedia::new(&message.sid, &first.sid))
        .await
        .unwrap();
    assert_eq!(&fetched, first);
    let fetch = emulator.requests().pop().unwrap();
    assert_eq!(fetch.uri, format!("{media_path}/{}", first.sid));

    client
        .send(&DeleteMessageMedia::new(&message.sid, &first.sid))
        .await
        .unwrap();
    let delete = emulator.requests().pop().unwrap();
    assert_eq!(
        (delete.method.as_str(), delete.uri),
        ("DELETE", format!("{media_path}/{}", first.sid))
    );
    let left = client
        .send(&ListMessageMedia::new(&message.sid))
        .await
        .unwrap();
    assert_eq!(left.items.len(), 1);
    assert_ne!(left.items[0].sid, first.sid);
}

#[tokio::test]
async fn segments_and_test_numbers_reach_the_decoded_message() {
    let (emulator, client) = paused().await;
    let long = client
        .send(&text("+15551230001", &"a".repeat(161)))
        .await
        .unwrap();
    assert_eq!(long.num_segments, 2);
    let emoji = client
        .send(&text("+15551230001", &format!("{}😀", "a".repeat(69))))
        .await
        .unwrap();
    assert_eq!(emoji.num_segments, 2);
    let undelivered = client.send(&text("+15550130003", "Hi")).await.unwrap();
    let failed = client.send(&text("+15550130008", "Hi")).await.unwrap();
    emulator.advance(Duration::from_secs(60));

    let delivered = client.send(&FetchMessage::new(&long.sid)).await.unwrap();
    assert_eq!(delivered.price.as_deref(), Some("-0.0158"));
    let undelivered = client
        .send(&FetchMessage::new(&undelivered.sid))
        .await
        .unwrap();
    assert_eq!(undelivered.status, MessageStatus::Undelivered);
    assert_eq!(undelivered.error_code.as_deref(), Some("30003"));
    let failed = client.send(&FetchMessage::new(&failed.sid)).await.unwrap();
    assert_eq!(failed.status, MessageStatus::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("30008"));
}

#[tokio::test]
async fn the_server_refuses_a_message_without_what_it_needs() {
    let (_emulator, client) = paused().await;
    // The API's own codes, from its error tables.
    for (what, request, code, says) in [
        (
            "no sender",
            CreateMessage::new("+15551230001").body("Hi"),
            21603,
            "'From' phone number is required",
        ),
        (
            "neither body nor media",
            CreateMessage::new("+15551230001").from("+15551230000"),
            21602,
            "Message body is required",
        ),
        (
            "an empty body alone",
            CreateMessage::new("+15551230001")
                .from("+15551230000")
                .body(""),
            21602,
            "Message body is required",
        ),
        (
            "a recipient that is no phone number",
            CreateMessage::new("555-1234")
                .from("+15551230000")
                .body("Hi"),
            21211,
            "Invalid 'To' Phone Number",
        ),
    ] {
        let error = client.send(&request).await.unwrap_err();
        assert_eq!(error.status(), Some(400), "{what}");
        let api = error.api().unwrap();
        assert_eq!(api.code, Some(code), "{what}");
        assert!(
            api.message.as_deref().unwrap().contains(says),
            "{what}: {api:?}"
        );
    }
}
