//! Faxes and their media through real HTTP against the emulator: each
//! endpoint's wire request and decoded response, a fax's course on the
//! emulator's clock, and the server's refusals.

mod common;

use std::time::Duration;

use laml::faxes::*;
use laml::Secret;
use laml_emulator::{Emulator, Pace};
use time::macros::{date, datetime};

const DOCUMENT: &str = "https://example.com/contract.pdf";

fn prefix(emulator: &Emulator) -> String {
    format!("/api/laml/2010-04-01/Accounts/{}", emulator.project_id())
}

async fn paused() -> (Emulator, laml::Client) {
    let (emulator, client) = common::emulator().await;
    emulator.set_pace(Pace::Paused);
    (emulator, client)
}

#[tokio::test]
async fn a_fax_is_sent_with_every_parameter_and_followed_to_delivered() {
    let (emulator, client) = paused().await;
    let request = SendFax::to("+15551230001")
        .from("+15551230000")
        .media_url(format!("{DOCUMENT}?pages=3"))
        .quality(FaxQuality::Superfine)
        .status_callback("https://example.com/fax-status")
        .status_callback_method(CallbackMethod::Post)
        .status_callback_event([FaxStatusEvent::Initiated, FaxStatusEvent::Completed])
        .store_media(FaxStoreMedia::Store)
        .ttl(30)
        .sip_auth_username("fax-user")
        .sip_auth_password(Secret::new("fax-secret-123"));
    assert!(!format!("{request:?}").contains("fax-secret-123"));
    let fax = client.send(&request).await.unwrap();

    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.uri, format!("{}/Faxes", prefix(&emulator)));
    assert_eq!(
        sent.body,
        "To=%2B15551230001&From=%2B15551230000\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fcontract.pdf%3Fpages%3D3&Quality=superfine\
         &StatusCallback=https%3A%2F%2Fexample.com%2Ffax-status&StatusCallbackMethod=POST\
         &StatusCallbackEvent=initiated&StatusCallbackEvent=completed&StoreMedia=true&Ttl=30\
         &SipAuthUsername=fax-user&SipAuthPassword=fax-secret-123"
    );
    let path = format!("{}/Faxes/{}", prefix(&emulator), fax.sid);
    assert_eq!(fax.status, FaxStatus::Queued);
    assert_eq!(fax.direction, FaxDirection::Outbound);
    assert_eq!(fax.quality, FaxQuality::Superfine);
    assert_eq!(
        (fax.to.as_str(), fax.from.as_str()),
        ("+15551230001", "+15551230000")
    );
    assert_eq!(
        fax.media_url.as_deref(),
        Some("https://example.com/contract.pdf?pages=3")
    );
    // Its document is its media from the start.
    assert!(fax.media_sid.is_some());
    assert_eq!((fax.num_pages, fax.price.clone()), (None, None));
    assert_eq!((fax.duration, fax.price_unit.as_str()), (0, "USD"));
    assert_eq!(fax.account_sid, emulator.project_id());
    assert_eq!(fax.url, format!("{path}.json"));
    assert_eq!(fax.links.media, format!("{path}/Media.json"));

    emulator.advance(Duration::from_secs(1));
    let processing = client.send(&FetchFax::new(&fax.sid)).await.unwrap();
    assert_eq!(processing.status, FaxStatus::Processing);
    let fetch = emulator.requests().pop().unwrap();
    assert_eq!(
        (fetch.method.as_str(), fetch.uri.as_str()),
        ("GET", path.as_str())
    );
    emulator.advance(Duration::from_secs(4));
    let sending = client.send(&FetchFax::new(&fax.sid)).await.unwrap();
    assert_eq!(sending.status, FaxStatus::Sending);
    emulator.advance(Duration::from_secs(90));
    let delivered = client.send(&FetchFax::new(&fax.sid)).await.unwrap();
    assert_eq!(delivered.status, FaxStatus::Delivered);
    assert_eq!(delivered.num_pages, Some(3));
    assert_eq!(delivered.duration, 90);
    assert_eq!(delivered.price.as_deref(), Some("-0.0210"));
    let media_sid = delivered.media_sid.clone().unwrap();

    let page = client
        .send(&ListFaxMedia::new(&fax.sid).page_size(5))
        .await
        .unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().uri,
        format!("{path}/Media?PageSize=5")
    );
    assert_eq!(page.items.len(), 1);
    let media = &page.items[0];
    assert_eq!(media.sid, media_sid);
    assert_eq!(media.fax_sid, fax.sid);
    assert_eq!(media.content_type, "application/pdf");
    assert_eq!(media.account_sid, emulator.project_id());
    assert_eq!(media.uri, format!("{path}/Media/{media_sid}.json"));
    assert_eq!(media.url, media.uri);
    assert_eq!(media.date_created, fax.date_created, "created with the fax");

    let fetched = client
        .send(&FetchFaxMedia::new(&fax.sid, &media_sid))
        .await
        .unwrap();
    assert_eq!(&fetched, media);
    assert_eq!(
        emulator.requests().pop().unwrap().uri,
        format!("{path}/Media/{media_sid}")
    );
    client
        .send(&DeleteFaxMedia::new(&fax.sid, &media_sid))
        .await
        .unwrap();
    let delete = emulator.requests().pop().unwrap();
    assert_eq!(
        (delete.method.as_str(), delete.uri),
        ("DELETE", format!("{path}/Media/{media_sid}"))
    );
    assert!(client
        .send(&ListFaxMedia::new(&fax.sid))
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn a_queued_fax_is_canceled_and_deleted() {
    let (emulator, client) = paused().await;
    let fax = client
        .send(&SendFax::new("+15551230001", "+15551230000", DOCUMENT))
        .await
        .unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().body,
        "To=%2B15551230001&From=%2B15551230000&MediaUrl=https%3A%2F%2Fexample.com%2Fcontract.pdf"
    );
    assert_eq!(fax.quality, FaxQuality::Fine);
    let path = format!("{}/Faxes/{}", prefix(&emulator), fax.sid);

    let canceled = client
        .send(&UpdateFax::new(&fax.sid, FaxUpdateStatus::Canceled))
        .await
        .unwrap();
    let update = emulator.requests().pop().unwrap();
    assert_eq!(
        (update.method.as_str(), update.uri.as_str()),
        ("POST", path.as_str())
    );
    assert_eq!(update.body, "Status=canceled");
    assert_eq!(canceled.status, FaxStatus::Canceled);
    emulator.advance(Duration::from_secs(600));
    let still = client.send(&FetchFax::new(&fax.sid)).await.unwrap();
    assert_eq!(still.status, FaxStatus::Canceled);
    let again = client
        .send(&UpdateFax::new(&fax.sid, FaxUpdateStatus::Canceled))
        .await
        .unwrap_err();
    assert_eq!(again.status(), Some(422));
    assert_eq!(again.api().unwrap().code, Some(21220));

    let deleted = client.send(&DeleteFax::new(&fax.sid)).await;
    assert!(matches!(deleted, Ok(())), "{deleted:?}");
    let delete = emulator.requests().pop().unwrap();
    assert_eq!(
        (delete.method.as_str(), delete.uri.as_str()),
        ("DELETE", path.as_str())
    );
    let gone = client.send(&FetchFax::new(&fax.sid)).await.unwrap_err();
    assert_eq!(gone.status(), Some(404));
}

#[tokio::test]
async fn faxes_are_listed_with_every_filter_on_the_wire() {
    let (emulator, client) = paused().await;
    let first = client
        .send(&SendFax::new("+15551230001", "+15551230000", DOCUMENT))
        .await
        .unwrap();
    emulator.advance(Duration::from_secs(10));
    let second = client
        .send(&SendFax::new("+15551230002", "+15551230000", DOCUMENT))
        .await
        .unwrap();
    emulator.clear_requests();

    let request = ListFaxes::new()
        .date_created_after(date!(2024 - 03 - 01))
        .date_created_on_or_before(datetime!(2024-03-31 23:59:59 UTC))
        .from("+15551230000")
        .to("+15551230001")
        .page(0)
        .page_size(2);
    let page = client.send(&request).await.unwrap();
    assert!(page.items.is_empty(), "nothing was sent in March 2024");
    assert_eq!(
        emulator.requests()[0].uri,
        format!(
            "{}/Faxes?DateCreatedAfter=2024-03-01&DateCreatedOnOrBefore=2024-03-31T23%3A59%3A59Z\
             &From=%2B15551230000&To=%2B15551230001&Page=0&PageSize=2",
            prefix(&emulator)
        )
    );

    let created = first
        .date_created
        .as_ref()
        .and_then(|d| d.datetime())
        .unwrap();
    let after = client
        .send(&ListFaxes::new().date_created_after(created))
        .await
        .unwrap();
    let sids: Vec<_> = after.items.iter().map(|f| f.sid.clone()).collect();
    assert_eq!(sids, std::slice::from_ref(&second.sid));
    let on_or_before = client
        .send(&ListFaxes::new().date_created_on_or_before(created))
        .await
        .unwrap();
    assert_eq!(on_or_before.items.len(), 1);
    assert_eq!(on_or_before.items[0].sid, first.sid);
    let to_second = client
        .send(&ListFaxes::new().to("+15551230002"))
        .await
        .unwrap();
    assert_eq!(to_second.items[0].sid, second.sid);
}

#[tokio::test]
async fn a_fax_to_the_failing_number_fails_and_a_sent_one_cannot_be_canceled() {
    let (emulator, client) = paused().await;
    let failing = client
        .send(&SendFax::new("+15550100500", "+15551230000", DOCUMENT))
        .await
        .unwrap();
    emulator.advance(Duration::from_secs(5));
    let sending = client
        .send(&UpdateFax::new(&failing.sid, FaxUpdateStatus::Canceled))
        .await
        .unwrap_err();
    assert_eq!(sending.status(), Some(422));
    emulator.advance(Duration::from_secs(60));
    let failed = client.send(&FetchFax::new(&failing.sid)).await.unwrap();
    assert_eq!(failed.status, FaxStatus::Failed);
    assert!(failed.media_sid.is_some(), "it keeps its document");
    assert_eq!(failed.price, None);
}
