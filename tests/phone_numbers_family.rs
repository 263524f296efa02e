//! The phone number family through real HTTP against the emulator: each
//! endpoint's wire request and decoded response.

mod common;

use laml::phone_numbers::*;
use laml_emulator::Emulator;

fn prefix(emulator: &Emulator) -> String {
    format!("/api/laml/2010-04-01/Accounts/{}", emulator.project_id())
}

#[tokio::test]
async fn countries_are_listed_and_fetched() {
    let (emulator, client) = common::emulator().await;
    let page = client.send(&ListAvailableCountries::new()).await.unwrap();
    let codes: Vec<&str> = page.items.iter().map(|c| c.country_code.as_str()).collect();
    assert_eq!(codes, ["US", "CA", "GB"]);
    assert_eq!(
        page.items[0].subresource_uris.toll_free,
        format!(
            "{}/AvailablePhoneNumbers/US/TollFree.json",
            prefix(&emulator)
        )
    );
    let canada = client
        .send(&FetchAvailableCountry::new("CA"))
        .await
        .unwrap();
    assert_eq!(canada.country, "Canada");
    assert!(!canada.beta);

    let requests = emulator.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].uri,
        format!("{}/AvailablePhoneNumbers", prefix(&emulator))
    );
    assert_eq!(
        requests[1].uri,
        format!("{}/AvailablePhoneNumbers/CA", prefix(&emulator))
    );
}

#[tokio::test]
async fn local_numbers_are_searched_with_every_filter_on_the_query() {
    let (emulator, client) = common::emulator().await;
    let request = SearchLocalNumbers::new("US")
        .area_code("415")
        .contains("555*1*5")
        .in_region("CA")
        .sms_enabled(true)
        .voice_enabled(true);
    let page = client.send(&request).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let number = &page.items[0];
    assert_eq!(number.phone_number, "+14155550105");
    assert_eq!(number.friendly_name, "(415) 555-0105");
    assert_eq!(number.locality.as_deref(), Some("San Francisco"));
    assert_eq!(number.iso_country, "US");
    assert!(number.capabilities.voice && number.capabilities.sms);
    assert!(!number.capabilities.mms, "odd numbers have no MMS");

    let uri = &emulator.requests()[0].uri;
    assert_eq!(
        uri,
        &format!(
            "{}/AvailablePhoneNumbers/US/Local?AreaCode=415&Contains=555*1*5&InRegion=CA\
             &SmsEnabled=true&VoiceEnabled=true",
            prefix(&emulator)
        )
    );
}

#[tokio::test]
async fn toll_free_numbers_are_searched_with_the_remaining_filters() {
    let (emulator, client) = common::emulator().await;
    let request = SearchTollFreeNumbers::new("GB")
        .beta(false)
        .exclude_all_address_required(true)
        .exclude_foreign_address_required(true)
        .exclude_local_address_required(true)
        .fax_enabled(true)
        .mms_enabled(true)
        .in_locality("London");
    let page = client.send(&request).await.unwrap();
    assert!(page.items.is_empty(), "toll-free numbers have no locality");
    let page = client
        .send(
            &SearchTollFreeNumbers::new("GB")
                .fax_enabled(true)
                .mms_enabled(true),
        )
        .await
        .unwrap();
    let found: Vec<&str> = page.items.iter().map(|n| n.phone_number.as_str()).collect();
    assert_eq!(found, ["+448081570000", "+448081570006"]);

    assert_eq!(
        emulator.requests()[0].uri,
        format!(
            "{}/AvailablePhoneNumbers/GB/TollFree?Beta=false&ExcludeAllAddressRequired=true\
             &ExcludeForeignAddressRequired=true&ExcludeLocalAddressRequired=true\
             &FaxEnabled=true&InLocality=London&MmsEnabled=true",
            prefix(&emulator)
        )
    );
}

#[tokio::test]
async fn a_number_is_bought_fetched_listed_updated_and_released() {
    let (emulator, client) = common::emulator().await;
    let bought = client
        .send(
            &BuyPhoneNumber::new("+14155550102")
                .friendly_name("Front desk")
                .voice_url("https://example.com/voice")
                .voice_method(CallbackMethod::Get)
                .voice_fallback_url("https://example.com/fallback")
                .voice_fallback_method(CallbackMethod::Post)
                .voice_receive_mode(VoiceReceiveMode::Voice)
                .sms_url("https://example.com/sms")
                .sms_method(CallbackMethod::Post)
                .sms_fallback_url("https://example.com/sms-fallback")
                .sms_fallback_method(CallbackMethod::Get)
                .status_callback("https://example.com/status")
                .status_callback_method(CallbackMethod::Post),
        )
        .await
        .unwrap();
    assert_eq!(bought.phone_number, "+14155550102");
    assert_eq!(bought.friendly_name, "Front desk");
    assert_eq!(
        bought.voice_url.as_deref(),
        Some("https://example.com/voice")
    );
    assert_eq!(bought.voice_method, "GET");
    assert_eq!(bought.account_sid, emulator.project_id());
    assert_eq!(bought.origin, PhoneNumberOrigin::Signalwire);
    assert_eq!(bought.address_requirements, AddressRequirements::None);
    assert!(bought.capabilities.voice && bought.capabilities.sms && !bought.capabilities.fax);
    assert!(bought.date_created.is_some());

    let fetched = client
        .send(&FetchPhoneNumber::new(&bought.sid))
        .await
        .unwrap();
    assert_eq!(fetched, bought);
    let listed = client
        .send(
            &ListPhoneNumbers::new()
                .phone_number("+14155550102")
                .page_size(5),
        )
        .await
        .unwrap();
    assert_eq!(listed.items, std::slice::from_ref(&bought));
    let none = client
        .send(&ListPhoneNumbers::new().friendly_name("Back office"))
        .await
        .unwrap();
    assert!(none.items.is_empty());

    let updated = client
        .send(
            &UpdatePhoneNumber::new(&bought.sid)
                .friendly_name("Reception")
                .voice_url("https://example.com/bin")
                .emergency_address_sid("ad-1")
                .voice_receive_mode(VoiceReceiveMode::Fax),
        )
        .await
        .unwrap();
    assert_eq!(updated.friendly_name, "Reception");
    assert_eq!(updated.emergency_address_sid.as_deref(), Some("ad-1"));

    client
        .send(&ReleasePhoneNumber::new(&bought.sid))
        .await
        .unwrap();
    let gone = client
        .send(&FetchPhoneNumber::new(&bought.sid))
        .await
        .unwrap_err();
    assert_eq!(gone.status(), Some(404));

    let requests = emulator.requests();
    let numbers = format!("{}/IncomingPhoneNumbers", prefix(&emulator));
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, numbers);
    assert_eq!(
        requests[0].body,
        "PhoneNumber=%2B14155550102&FriendlyName=Front+desk\
         &SmsFallbackMethod=GET&SmsFallbackUrl=https%3A%2F%2Fexample.com%2Fsms-fallback\
         &SmsMethod=POST&SmsUrl=https%3A%2F%2Fexample.com%2Fsms\
         &StatusCallback=https%3A%2F%2Fexample.com%2Fstatus&StatusCallbackMethod=POST\
         &VoiceFallbackMethod=POST&VoiceFallbackUrl=https%3A%2F%2Fexample.com%2Ffallback\
         &VoiceMethod=GET&VoiceReceiveMode=voice&VoiceUrl=https%3A%2F%2Fexample.com%2Fvoice"
    );
    assert_eq!(requests[1].uri, format!("{numbers}/{}", bought.sid));
    assert_eq!(
        requests[2].uri,
        format!("{numbers}?PageSize=5&PhoneNumber=%2B14155550102")
    );
    assert_eq!(requests[4].method, "POST");
    assert_eq!(
        requests[4].body,
        "EmergencyAddressSid=ad-1&FriendlyName=Reception&VoiceReceiveMode=fax\
         &VoiceUrl=https%3A%2F%2Fexample.com%2Fbin"
    );
    assert_eq!(requests[5].method, "DELETE");
    assert_eq!(requests[5].uri, format!("{numbers}/{}", bought.sid));
}

#[tokio::test]
async fn a_number_points_at_applications_and_moves_to_a_subproject() {
    use laml::accounts::CreateSubproject;
    use laml::applications::CreateApplication;

    let (emulator, client) = common::emulator().await;
    let app = client.send(&CreateApplication::new("IVR")).await.unwrap();
    let bought = client
        .send(
            &BuyPhoneNumber::new("+12125550101")
                .voice_application_sid(&app.sid)
                .sms_application_sid(&app.sid),
        )
        .await
        .unwrap();
    assert_eq!(bought.voice_application_sid.as_ref(), Some(&app.sid));
    assert_eq!(bought.sms_application_sid.as_ref(), Some(&app.sid));
    let sub = client.send(&CreateSubproject::new("Team")).await.unwrap();
    emulator.clear_requests();

    let moved = client
        .send(&UpdatePhoneNumber::new(&bought.sid).transfer_to(&sub.sid))
        .await
        .unwrap();
    assert_eq!(moved.account_sid, sub.sid);
    assert_eq!(moved.voice_application_sid, None);
    let theirs = client
        .send(&FetchPhoneNumber::new(&bought.sid).account_sid(&sub.sid))
        .await
        .unwrap();
    assert_eq!(theirs.phone_number, "+12125550101");

    let requests = emulator.requests();
    assert_eq!(requests[0].body, format!("AccountSid={}", sub.sid));
    assert_eq!(
        requests[1].uri,
        format!(
            "/api/laml/2010-04-01/Accounts/{}/IncomingPhoneNumbers/{}",
            sub.sid, bought.sid
        )
    );
}

#[tokio::test]
async fn a_number_is_imported_with_its_capabilities() {
    let (emulator, client) = common::emulator().await;
    let imported = client
        .send(
            &ImportPhoneNumber::new("+15557770123", ImportedNumberType::Longcode)
                .capabilities([NumberCapability::Voice, NumberCapability::Sms]),
        )
        .await
        .unwrap();
    assert_eq!(imported.phone_number, "+15557770123");
    assert_eq!(imported.origin, PhoneNumberOrigin::Hosted);
    assert!(imported.capabilities.voice && imported.capabilities.sms);
    assert!(!imported.capabilities.fax);
    assert_eq!(
        imported.uri,
        format!(
            "{}/IncomingPhoneNumbers/{}.json",
            prefix(&emulator),
            imported.sid
        )
    );
    let request = &emulator.requests()[0];
    assert_eq!(
        request.uri,
        format!("{}/ImportedPhoneNumbers", prefix(&emulator))
    );
    assert_eq!(
        request.body,
        "number=%2B15557770123&number_type=longcode&capabilities=voice&capabilities=sms"
    );
}

#[tokio::test]
async fn buying_a_number_not_on_sale_is_the_apis_error() {
    let (_emulator, client) = common::emulator().await;
    let error = client
        .send(&BuyPhoneNumber::new("+15551230000"))
        .await
        .unwrap_err();
    let api = error.api().expect("an API error");
    assert_eq!(api.status, 400);
    assert_eq!(api.code, Some(21422));
}

/// A client that authenticates as subproject `sid` with its own token.
fn as_account(emulator: &Emulator, sid: &str, token: &str) -> laml::Client {
    laml::Client::builder()
        .space_url(emulator.space_url())
        .retry(common::fast_retries())
        .project_id(sid)
        .api_token(token)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_number_held_by_one_account_is_neither_bought_nor_imported_by_another() {
    use laml::accounts::CreateSubproject;
    use laml::calls::FetchCall;

    let (emulator, client) = common::emulator().await;
    let a = client.send(&CreateSubproject::new("A")).await.unwrap();
    let b = client.send(&CreateSubproject::new("B")).await.unwrap();
    let as_a = as_account(&emulator, a.sid.as_str(), a.auth_token.expose());
    let as_b = as_account(&emulator, b.sid.as_str(), b.auth_token.expose());
    let bought = as_a
        .send(&BuyPhoneNumber::new("+14155550105").voice_url("http://127.0.0.1:9/voice"))
        .await
        .unwrap();

    let code = |error: laml::Error| {
        let api = error.api().expect("an API error");
        (api.status, api.code)
    };
    let import = || ImportPhoneNumber::new("+14155550105", ImportedNumberType::Longcode);
    for holder_or_not in [&as_b, &as_a, &client] {
        let refused = holder_or_not.send(&import()).await.unwrap_err();
        assert_eq!(code(refused), (400, Some(22110)));
        let refused = holder_or_not
            .send(&BuyPhoneNumber::new("+14155550105"))
            .await
            .unwrap_err();
        assert_eq!(code(refused), (400, Some(21422)));
    }
    assert!(as_b
        .send(&ListPhoneNumbers::new())
        .await
        .unwrap()
        .items
        .is_empty());
    let held = as_a.send(&ListPhoneNumbers::new()).await.unwrap().items;
    assert_eq!(held, [bought]);

    // Calls to the number still reach A's app.
    let call = emulator
        .incoming_call("+15557654321", "+14155550105")
        .unwrap();
    let fetched = as_a.send(&FetchCall::new(&call)).await.unwrap();
    assert_eq!(fetched.account_sid, a.sid);
}

#[tokio::test]
async fn a_number_is_imported_once() {
    let (_emulator, client) = common::emulator().await;
    let import = || ImportPhoneNumber::new("+15557770124", ImportedNumberType::Longcode);
    client.send(&import()).await.unwrap();
    let again = client.send(&import()).await.unwrap_err();
    assert_eq!(again.api().expect("an API error").code, Some(22110));
    let listed = client.send(&ListPhoneNumbers::new()).await.unwrap().items;
    assert_eq!(listed.len(), 1);
}
