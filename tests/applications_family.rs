//! The application family through real HTTP against the emulator: each
//! endpoint's wire request and decoded response.

mod common;

use laml::applications::*;
use laml::phone_numbers::{BuyPhoneNumber, FetchPhoneNumber};

#[tokio::test]
async fn an_application_is_created_fetched_listed_updated_and_deleted() {
    let (emulator, client) = common::emulator().await;
    let created = client
        .send(
            &CreateApplication::new("IVR")
                .voice_url("https://example.com/voice")
                .voice_method(CallbackMethod::Get)
                .voice_fallback_url("https://example.com/voice-fallback")
                .voice_fallback_method(CallbackMethod::Post)
                .status_callback("https://example.com/status")
                .status_callback_method(CallbackMethod::Get)
                .sms_url("https://example.com/sms")
                .sms_method(CallbackMethod::Post)
                .sms_fallback_url("https://example.com/sms-fallback")
                .sms_fallback_method(CallbackMethod::Get)
                .sms_status_callback("https://example.com/sms-status")
                .sms_status_callback_method(CallbackMethod::Post),
        )
        .await
        .unwrap();
    assert_eq!(created.friendly_name, "IVR");
    assert_eq!(
        created.voice_url.as_deref(),
        Some("https://example.com/voice")
    );
    assert_eq!(created.voice_method.as_deref(), Some("GET"));
    assert_eq!(
        created.sms_status_callback.as_deref(),
        Some("https://example.com/sms-status")
    );
    assert_eq!(created.account_sid, emulator.project_id());

    let fetched = client
        .send(&FetchApplication::new(&created.sid))
        .await
        .unwrap();
    assert_eq!(fetched, created);
    let listed = client
        .send(&ListApplications::new().friendly_name("IVR").page_size(10))
        .await
        .unwrap();
    assert_eq!(listed.items, std::slice::from_ref(&created));

    let updated = client
        .send(&UpdateApplication::new(&created.sid, "Main IVR").voice_url("https://example.com/v2"))
        .await
        .unwrap();
    assert_eq!(updated.friendly_name, "Main IVR");
    assert_eq!(updated.voice_url.as_deref(), Some("https://example.com/v2"));

    client
        .send(&DeleteApplication::new(&created.sid))
        .await
        .unwrap();
    let gone = client
        .send(&FetchApplication::new(&created.sid))
        .await
        .unwrap_err();
    assert_eq!(gone.status(), Some(404));

    let requests = emulator.requests();
    let applications = format!(
        "/api/laml/2010-04-01/Accounts/{}/Applications",
        emulator.project_id()
    );
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, applications);
    assert_eq!(
        requests[0].body,
        "FriendlyName=IVR&VoiceUrl=https%3A%2F%2Fexample.com%2Fvoice&VoiceMethod=GET\
         &VoiceFallbackUrl=https%3A%2F%2Fexample.com%2Fvoice-fallback&VoiceFallbackMethod=POST\
         &StatusCallback=https%3A%2F%2Fexample.com%2Fstatus&StatusCallbackMethod=GET\
         &SmsUrl=https%3A%2F%2Fexample.com%2Fsms&SmsMethod=POST\
         &SmsFallbackUrl=https%3A%2F%2Fexample.com%2Fsms-fallback&SmsFallbackMethod=GET\
         &SmsStatusCallback=https%3A%2F%2Fexample.com%2Fsms-status&SmsStatusCallbackMethod=POST"
    );
    assert_eq!(requests[1].uri, format!("{applications}/{}", created.sid));
    assert_eq!(
        requests[2].uri,
        format!("{applications}?FriendlyName=IVR&PageSize=10")
    );
    assert_eq!(
        requests[3].body,
        "FriendlyName=Main+IVR&VoiceUrl=https%3A%2F%2Fexample.com%2Fv2"
    );
    assert_eq!(requests[4].method, "DELETE");
    assert_eq!(requests[4].uri, format!("{applications}/{}", created.sid));
}

#[tokio::test]
async fn deleting_an_application_clears_it_from_its_numbers() {
    let (_emulator, client) = common::emulator().await;
    let app = client.send(&CreateApplication::new("IVR")).await.unwrap();
    let number = client
        .send(&BuyPhoneNumber::new("+15125550100").voice_application_sid(&app.sid))
        .await
        .unwrap();
    client
        .send(&DeleteApplication::new(&app.sid))
        .await
        .unwrap();
    let number = client
        .send(&FetchPhoneNumber::new(&number.sid))
        .await
        .unwrap();
    assert_eq!(number.voice_application_sid, None);
}
