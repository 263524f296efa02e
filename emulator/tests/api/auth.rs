use serde_json::json;

use crate::{send, Api};

#[tokio::test]
async fn a_request_without_credentials_is_401_authenticate() {
    let api = Api::start().await;
    let url = format!(
        "{}{}",
        api.emulator.space_url(),
        api.account("/Conferences.json")
    );
    let reply = send(reqwest::Client::new().get(url)).await;
    reply.assert_error(401, 20003);
    assert_eq!(
        reply.body,
        json!({
            "code": 20003,
            "message": "Authenticate",
            "more_info": "https://www.twilio.com/docs/errors/20003",
            "status": 401
        })
    );
    let challenge = reply
        .headers
        .get("www-authenticate")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(challenge.starts_with("Basic "), "{challenge}");
}

#[tokio::test]
async fn wrong_credentials_are_401() {
    let api = Api::start().await;
    let url = format!(
        "{}{}",
        api.emulator.space_url(),
        api.account("/Conferences.json")
    );
    let http = reqwest::Client::new();
    let project_id = api.emulator.project_id();
    for request in [
        http.get(&url).basic_auth(project_id, Some("PTwrong")),
        http.get(&url)
            .basic_auth("someone-else", Some(api.emulator.api_token())),
        http.get(&url).basic_auth(project_id, None::<&str>),
        http.get(&url).bearer_auth(api.emulator.api_token()),
        http.get(&url).header("authorization", "Basic not-base64!"),
    ] {
        send(request).await.assert_error(401, 20003);
    }
}

#[tokio::test]
async fn authentication_comes_before_routing() {
    let api = Api::start().await;
    let url = format!("{}/nowhere", api.emulator.space_url());
    send(reqwest::Client::new().get(url))
        .await
        .assert_error(401, 20003);
}

#[tokio::test]
async fn another_accounts_path_is_not_found() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let path = format!("/api/laml/2010-04-01/Accounts/someone-else/Conferences/{sid}.json");
    let reply = api.get(&path).await;
    reply.assert_error(404, 20404);
}

#[tokio::test]
async fn given_credentials_are_used() {
    let emulator = laml_emulator::Emulator::start_with(laml_emulator::Config {
        project_id: Some("my-project".into()),
        api_token: Some("PTsecret".into()),
        ..laml_emulator::Config::default()
    })
    .await
    .unwrap();
    assert_eq!(
        (emulator.project_id(), emulator.api_token()),
        ("my-project", "PTsecret")
    );
    let url = format!(
        "{}/api/laml/2010-04-01/Accounts/my-project/Conferences.json",
        emulator.space_url()
    );
    let reply = send(
        reqwest::Client::new()
            .get(url)
            .basic_auth("my-project", Some("PTsecret")),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(!format!("{emulator:?}").contains("PTsecret"));
}

#[tokio::test]
async fn generated_credentials_look_like_signalwire_ones() {
    let api = Api::start().await;
    let project_id = api.emulator.project_id();
    let groups: Vec<usize> = project_id.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{project_id}");
    let token = api.emulator.api_token();
    assert!(token.starts_with("PT") && token.len() == 50, "{token}");
    assert!(api.emulator.space_url().starts_with("http://127.0.0.1:"));
}

#[tokio::test]
async fn unusable_credentials_are_refused_at_start() {
    for config in [
        laml_emulator::Config {
            project_id: Some(String::new()),
            ..Default::default()
        },
        laml_emulator::Config {
            project_id: Some("a:b".into()),
            ..Default::default()
        },
        laml_emulator::Config {
            api_token: Some(String::new()),
            ..Default::default()
        },
    ] {
        let error = laml_emulator::Emulator::start_with(config)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    }
}
