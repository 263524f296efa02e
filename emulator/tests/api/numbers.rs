//! Phone numbers: the inventory's searches, buying and releasing, imports,
//! and numbers pointed at applications.

use serde_json::Value;

use crate::Api;

fn numbers(reply: &crate::Reply) -> Vec<String> {
    reply.assert_ok()["available_phone_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["phone_number"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn searches_filter_by_area_code_pattern_region_and_capability() {
    let api = Api::start().await;
    let api = &api;
    let search = |query: &str| {
        let path = api.account(&format!("/AvailablePhoneNumbers/{query}"));
        async move { numbers(&api.get(&path).await) }
    };
    let sf = search("US/Local.json?AreaCode=415").await;
    assert_eq!(sf.len(), 10);
    assert!(sf.iter().all(|n| n.starts_with("+1415")), "{sf:?}");
    assert_eq!(
        search("US/Local.json?Contains=555*1*3").await,
        [
            "+14155550103",
            "+12125550103",
            "+15125550103",
            "+12065550103"
        ]
    );
    // Letters are the keypad's digits: J is 5, E is 3 (…0153).
    assert_eq!(
        search("US/Local.json?AreaCode=212&Contains=01JE").await,
        [] as [&str; 0],
        "no 212 number ends 0153"
    );
    assert_eq!(
        search("US/Local.json?AreaCode=212&Contains=JJJ0").await,
        [
            "+12125550100",
            "+12125550101",
            "+12125550102",
            "+12125550103",
            "+12125550104",
            "+12125550105",
            "+12125550106",
            "+12125550107",
            "+12125550108",
            "+12125550109"
        ]
    );
    assert_eq!(search("US/Local.json?InRegion=TX").await.len(), 10);
    assert_eq!(search("CA/Local.json?InLocality=Toronto").await.len(), 10);
    // Every fourth number has no SMS: 3 and 7 of each ten.
    let no_sms = search("US/Local.json?AreaCode=206&SmsEnabled=false").await;
    assert_eq!(no_sms, ["+12065550103", "+12065550107"]);
    assert_eq!(
        search("US/Local.json?AreaCode=206&SmsEnabled=True")
            .await
            .len(),
        8
    );
    let toll_free = search("US/TollFree.json?AreaCode=800").await;
    assert_eq!(toll_free.len(), 10);
    assert!(toll_free.iter().all(|n| n.starts_with("+1800")));
    assert!(search("GB/Local.json")
        .await
        .iter()
        .all(|n| n.starts_with("+44")));
    assert_eq!(search("GB/TollFree.json").await.len(), 10);
    assert_eq!(search("US/Local.json?AreaCode=510").await.len(), 0);
    assert_eq!(search("FR/Local.json").await.len(), 0);
}

#[tokio::test]
async fn a_found_number_shows_every_field_of_the_spec() {
    let api = Api::start().await;
    let reply = api
        .get(&api.account("/AvailablePhoneNumbers/US/Local.json?Contains=4155550100"))
        .await;
    let number = &reply.assert_ok()["available_phone_numbers"][0];
    assert_eq!(number["phone_number"], "+14155550100");
    assert_eq!(number["friendly_name"], "(415) 555-0100");
    assert_eq!(number["region"], "CA");
    assert_eq!(number["locality"], "San Francisco");
    assert_eq!(number["iso_country"], "US");
    assert_eq!(
        number["capabilities"],
        serde_json::json!({"voice": true, "SMS": true, "MMS": true})
    );
}

#[tokio::test]
async fn countries_are_listed_with_their_searches() {
    let api = Api::start().await;
    let list = api.get(&api.account("/AvailablePhoneNumbers.json")).await;
    let codes: Vec<&str> = list.assert_ok()["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["country_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["US", "CA", "GB"]);
    assert_eq!(
        list.body["countries"][2]["subresource_uris"]["local"],
        api.account("/AvailablePhoneNumbers/GB/Local.json")
    );
    let canada = api
        .get(&api.account("/AvailablePhoneNumbers/CA.json"))
        .await;
    assert_eq!(canada.assert_ok()["country"], "Canada");
    api.get(&api.account("/AvailablePhoneNumbers/FR.json"))
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn buying_takes_a_number_off_sale_and_releasing_puts_it_back() {
    let api = Api::start().await;
    let on_sale = || async {
        numbers(
            &api.get(&api.account("/AvailablePhoneNumbers/US/Local.json?AreaCode=415"))
                .await,
        )
    };
    assert!(on_sale().await.contains(&"+14155550104".to_owned()));
    let bought = api
        .post(
            &api.account("/IncomingPhoneNumbers.json"),
            "PhoneNumber=%2B14155550104",
        )
        .await;
    assert_eq!(bought.status, 201, "{}", bought.text);
    assert_eq!(bought.body["friendly_name"], "(415) 555-0104");
    assert_eq!(bought.body["origin"], "signalwire");
    assert_eq!(bought.body["capabilities"]["sms"], true);
    assert_eq!(bought.body["voice_method"], "POST");
    assert!(!on_sale().await.contains(&"+14155550104".to_owned()));

    // Bought once: a second purchase of the same number is refused.
    api.post(
        &api.account("/IncomingPhoneNumbers.json"),
        "PhoneNumber=%2B14155550104",
    )
    .await
    .assert_error(400, 21422);
    // A number the inventory never had cannot be bought.
    api.post(
        &api.account("/IncomingPhoneNumbers.json"),
        "PhoneNumber=%2B15551230000",
    )
    .await
    .assert_error(400, 21422);

    let sid = bought.body["sid"].as_str().unwrap();
    let released = api
        .delete(&api.account(&format!("/IncomingPhoneNumbers/{sid}")))
        .await;
    assert_eq!(released.status, 204);
    assert!(on_sale().await.contains(&"+14155550104".to_owned()));
}

#[tokio::test]
async fn an_import_has_the_capabilities_given_and_is_no_number_on_sale() {
    let api = Api::start().await;
    let imported = api
        .post(
            &api.account("/ImportedPhoneNumbers.json"),
            "number=%2B448081570003&number_type=tollfree&capabilities=voice&capabilities=fax",
        )
        .await;
    assert_eq!(imported.status, 201, "{}", imported.text);
    assert_eq!(
        imported.body["capabilities"],
        serde_json::json!({"voice": true, "sms": false, "mms": false, "fax": true})
    );
    assert_eq!(imported.body["origin"], "hosted");
    assert_eq!(imported.body["country_code"], "GB");
    let listed = api.get(&api.account("/IncomingPhoneNumbers.json")).await;
    assert_eq!(
        listed.assert_ok()["incoming_phone_numbers"][0]["phone_number"],
        "+448081570003"
    );
    let toll_free = numbers(
        &api.get(&api.account("/AvailablePhoneNumbers/GB/TollFree.json"))
            .await,
    );
    assert!(!toll_free.contains(&"+448081570003".to_owned()));
}

#[tokio::test]
async fn numbers_point_only_at_the_accounts_applications_and_lose_a_deleted_one() {
    let api = Api::start().await;
    let app = api
        .post(
            &api.account("/Applications.json"),
            "FriendlyName=IVR&VoiceUrl=https%3A%2F%2Fexample.com%2Fivr",
        )
        .await;
    let app_sid = app.body["sid"].as_str().unwrap().to_owned();
    let unknown = "b3877c40-da60-4998-90ad-b792e98472cf";
    api.post(
        &api.account("/IncomingPhoneNumbers.json"),
        &format!("PhoneNumber=%2B14155550105&VoiceApplicationSid={unknown}"),
    )
    .await
    .assert_error(400, 21115);

    let bought = api
        .post(
            &api.account("/IncomingPhoneNumbers.json"),
            &format!("PhoneNumber=%2B14155550105&VoiceApplicationSid={app_sid}"),
        )
        .await;
    assert_eq!(bought.body["voice_application_sid"], app_sid.as_str());
    let number = api.account(&format!(
        "/IncomingPhoneNumbers/{}",
        bought.body["sid"].as_str().unwrap()
    ));
    api.post(&number, &format!("SmsApplicationSid={unknown}"))
        .await
        .assert_error(400, 21115);
    let updated = api
        .post(&number, &format!("SmsApplicationSid={app_sid}"))
        .await;
    assert_eq!(updated.assert_ok()["sms_application_sid"], app_sid.as_str());

    let deleted = api
        .delete(&api.account(&format!("/Applications/{app_sid}")))
        .await;
    assert_eq!(deleted.status, 204);
    let after = api.get(&number).await;
    assert_eq!(after.assert_ok()["voice_application_sid"], Value::Null);
    assert_eq!(after.body["sms_application_sid"], Value::Null);
}
