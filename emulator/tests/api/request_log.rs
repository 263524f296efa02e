use laml_emulator::{ConferenceSeed, Config};

use crate::{send, Api};

#[tokio::test]
async fn requests_are_recorded_raw_and_in_order() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        sid: Some("a/b?c#d%e f".into()),
        ..ConferenceSeed::default()
    });
    let fetch = api.account("/Conferences/a%2Fb%3Fc%23d%25e%20f.json");
    let list =
        api.account("/Conferences.json?DateCreated%3C=2021-08-18&FriendlyName=My+Room&PageSize=2");
    api.get(&fetch).await.assert_ok();
    api.get(&list).await.assert_ok();
    api.post(
        &fetch,
        "AnnounceUrl=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc&AnnounceMethod=GET",
    )
    .await
    .assert_ok();

    let requests = api.emulator.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].uri.as_str()),
        ("GET", fetch.as_str())
    );
    assert_eq!(requests[1].uri, list);
    assert_eq!(requests[1].body, "");
    assert_eq!(requests[2].method, "POST");
    assert_eq!(
        requests[2].body,
        "AnnounceUrl=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc&AnnounceMethod=GET"
    );
    assert_eq!(
        requests[2].form(),
        [
            (
                "AnnounceUrl".to_owned(),
                "https://example.com/a?b=c".to_owned()
            ),
            ("AnnounceMethod".to_owned(), "GET".to_owned()),
        ]
    );
    assert_eq!(
        requests[2].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(requests[2]
        .headers
        .iter()
        .all(|(name, _)| *name == name.to_ascii_lowercase()));
    assert!(requests[2]
        .header("authorization")
        .unwrap()
        .starts_with("Basic "));
    assert_eq!(sid, "a/b?c#d%e f");
}

#[tokio::test]
async fn refused_requests_are_recorded_once_authenticated() {
    let api = Api::start().await;
    let path = api.account("/Conferences.json?PageSize=0");
    let url = format!("{}{path}", api.emulator.space_url());
    send(reqwest::Client::new().post(&url).body("Friendly=1"))
        .await
        .assert_error(401, 20003);
    api.get(&path).await.assert_error(400, 21104);
    api.get("/elsewhere").await.assert_error(404, 20404);

    let requests = api.emulator.requests();
    let seen: Vec<(&str, &str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.uri.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        seen,
        [("GET", path.as_str(), ""), ("GET", "/elsewhere", "")]
    );

    api.emulator.clear_requests();
    assert!(api.emulator.requests().is_empty());
    api.get(&api.account("/Conferences.json")).await.assert_ok();
    assert_eq!(api.emulator.requests().len(), 1);
}

#[tokio::test]
async fn the_log_keeps_the_latest_requests_within_its_entries() {
    let api = Api::start_with(Config {
        request_log_entries: 3,
        ..Config::default()
    })
    .await;
    for n in 0..5 {
        api.get(&format!("/elsewhere/{n}")).await;
    }
    let uris: Vec<String> = api.emulator.requests().into_iter().map(|r| r.uri).collect();
    assert_eq!(uris, ["/elsewhere/2", "/elsewhere/3", "/elsewhere/4"]);
}

#[tokio::test]
async fn the_log_keeps_a_snippet_of_each_body_and_the_latest_within_its_bytes() {
    let api = Api::start_with(Config {
        request_log_bytes: 150_000,
        ..Config::default()
    })
    .await;
    let body = "x".repeat(100_000);
    for n in 0..4 {
        api.post(&format!("/elsewhere/{n}"), &body).await;
    }
    let requests = api.emulator.requests();
    let uris: Vec<&str> = requests.iter().map(|r| r.uri.as_str()).collect();
    // 64 KiB of each body and its headers: two fit in 150 000 bytes.
    assert_eq!(uris, ["/elsewhere/2", "/elsewhere/3"]);
    assert!(requests.iter().all(|r| r.body == body[..64 << 10]));
}
#[tokio::test]
async fn debug_output_hides_the_token() {
    let api = Api::start().await;
    api.get(&api.account("/Conferences.json")).await.assert_ok();
    let request = &api.emulator.requests()[0];
    let debug = format!("{request:?}");
    assert!(debug.contains("** redacted **"), "{debug}");
    let credentials = request
        .header("authorization")
        .unwrap()
        .trim_start_matches("Basic ");
    assert!(!debug.contains(credentials), "{debug}");
}
