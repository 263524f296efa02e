//! LaML bins: served at their `request_url`, which counts its requests.

use crate::Api;

#[tokio::test]
async fn a_bin_is_served_at_its_request_url_and_counts_each_request() {
    let api = Api::start().await;
    let document = "<Response><Say>Hello</Say></Response>";
    let created = api
        .post(
            &api.account("/LamlBins.json"),
            &form_urlencoded::Serializer::new(String::new())
                .append_pair("Name", "greeting")
                .append_pair("Contents", document)
                .finish(),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["num_requests"], 0);
    assert_eq!(created.body["date_last_accessed"], serde_json::Value::Null);
    let sid = created.body["sid"].as_str().unwrap();
    let url = created.body["request_url"].as_str().unwrap();
    assert_eq!(url, format!("{}/laml-bins/{sid}", api.emulator.space_url()));

    let http = reqwest::Client::new();
    let fetched = http.get(url).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "text/xml");
    assert_eq!(fetched.text().await.unwrap(), document);
    let posted = http.post(url).body("CallSid=x").send().await.unwrap();
    assert_eq!(posted.status(), 200);
    assert_eq!(
        http.delete(url).send().await.unwrap().status(),
        405,
        "the API fetches LaML with GET or POST"
    );

    let bin = api
        .get(&api.account(&format!("/LamlBins/{sid}.json")))
        .await;
    assert_eq!(bin.assert_ok()["num_requests"], 2);
    assert!(bin.body["date_last_accessed"].is_string());

    let replaced = api
        .post(
            &api.account(&format!("/LamlBins/{sid}.json")),
            "Name=greeting&Contents=%3CResponse%2F%3E",
        )
        .await;
    assert_eq!(replaced.assert_ok()["num_requests"], 2);
    assert_eq!(
        http.get(url).send().await.unwrap().text().await.unwrap(),
        "<Response/>"
    );

    assert_eq!(
        api.delete(&api.account(&format!("/LamlBins/{sid}")))
            .await
            .status,
        204
    );
    assert_eq!(http.get(url).send().await.unwrap().status(), 404);
}
