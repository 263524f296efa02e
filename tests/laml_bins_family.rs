//! The LaML bin family through real HTTP against the emulator: each
//! endpoint's wire request and decoded response.

mod common;

use laml::laml_bins::*;

const HELLO: &str = "<Response><Say>Hello</Say></Response>";

#[tokio::test]
async fn a_bin_is_created_fetched_listed_updated_and_deleted() {
    let (emulator, client) = common::emulator().await;
    let created = client
        .send(&CreateLamlBin::new("greeting").contents(HELLO))
        .await
        .unwrap();
    assert_eq!(created.name, "greeting");
    assert_eq!(created.contents, HELLO);
    assert_eq!(created.num_requests, 0);
    assert_eq!(created.date_last_accessed, None);
    assert_eq!(
        created.request_url,
        format!("{}/laml-bins/{}", emulator.space_url(), created.sid)
    );

    let served = emulator_get(&created.request_url).await;
    assert_eq!(served, HELLO);

    let fetched = client.send(&FetchLamlBin::new(&created.sid)).await.unwrap();
    assert_eq!(fetched.num_requests, 1);
    assert!(fetched.date_last_accessed.is_some());
    let listed = client
        .send(&ListLamlBins::new().name("greeting").page_size(3))
        .await
        .unwrap();
    assert_eq!(listed.items, std::slice::from_ref(&fetched));

    let updated = client
        .send(
            &UpdateLamlBin::new(&created.sid, "goodbye").contents("<Response><Hangup/></Response>"),
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "goodbye");
    assert_eq!(
        emulator_get(&created.request_url).await,
        "<Response><Hangup/></Response>"
    );

    client
        .send(&DeleteLamlBin::new(&created.sid))
        .await
        .unwrap();
    assert_eq!(
        client
            .send(&FetchLamlBin::new(&created.sid))
            .await
            .unwrap_err()
            .status(),
        Some(404)
    );

    let requests = emulator.requests();
    let bins = format!(
        "/api/laml/2010-04-01/Accounts/{}/LamlBins",
        emulator.project_id()
    );
    assert_eq!(
        requests.len(),
        6,
        "the bin's URL is served apart from the API"
    );
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, bins);
    assert_eq!(
        requests[0].body,
        "Name=greeting&Contents=%3CResponse%3E%3CSay%3EHello%3C%2FSay%3E%3C%2FResponse%3E"
    );
    assert_eq!(requests[1].uri, format!("{bins}/{}", created.sid));
    assert_eq!(requests[2].uri, format!("{bins}?Name=greeting&PageSize=3"));
    assert!(requests[3].body.starts_with("Name=goodbye&Contents="));
    assert_eq!(requests[4].method, "DELETE");
}

async fn emulator_get(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}
