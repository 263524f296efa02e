//! Accounts: subprojects with their own credentials, each seeing only its
//! own resources; the project reaching its subprojects' through their
//! paths; API tokens that authenticate until deleted.

use reqwest::Method;
use serde_json::{json, Value};

use crate::{send, Api, Reply, PREFIX};

/// A subproject's sid and auth token.
async fn subproject(api: &Api, name: &str) -> (String, String) {
    let created = api
        .post(
            &format!("{PREFIX}/Accounts.json"),
            &format!("FriendlyName={name}"),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    (
        created.body["sid"].as_str().unwrap().to_owned(),
        created.body["auth_token"].as_str().unwrap().to_owned(),
    )
}

async fn as_user(
    api: &Api,
    user: &str,
    password: &str,
    method: Method,
    path: &str,
    form: &str,
) -> Reply {
    let request = reqwest::Client::new()
        .request(method, format!("{}{path}", api.emulator.space_url()))
        .basic_auth(user, Some(password));
    let request = if form.is_empty() {
        request
    } else {
        request
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_owned())
    };
    send(request).await
}

#[tokio::test]
async fn a_subproject_has_its_own_credentials_and_secrets() {
    let api = Api::start().await;
    let created = api
        .post(&format!("{PREFIX}/Accounts.json"), "FriendlyName=Team")
        .await;
    let token = created.body["auth_token"].as_str().unwrap();
    let key = created.body["signing_key"].as_str().unwrap();
    assert!(token.starts_with("PT") && token.len() == 50, "{token}");
    assert!(key.starts_with("PSK_"), "{key}");
    assert_ne!(token, api.emulator.api_token());
    let second = api
        .post(&format!("{PREFIX}/Accounts.json"), "FriendlyName=Other")
        .await;
    assert_ne!(second.body["auth_token"], created.body["auth_token"]);
}

#[tokio::test]
async fn a_subproject_sees_only_its_own_resources() {
    let api = Api::start().await;
    let (sub, token) = subproject(&api, "Team").await;
    let project = api.emulator.project_id().to_owned();
    let theirs = format!("{PREFIX}/Accounts/{sub}/Applications.json");
    let ours = api.account("/Applications.json");

    let created = as_user(
        &api,
        &sub,
        &token,
        Method::POST,
        &theirs,
        "FriendlyName=Mine",
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["account_sid"], sub.as_str());
    api.post(&ours, "FriendlyName=Project").await;

    let listed = as_user(&api, &sub, &token, Method::GET, &theirs, "").await;
    let names: Vec<&Value> = listed.assert_ok()["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["friendly_name"])
        .collect();
    assert_eq!(names, [&json!("Mine")]);

    // The project's path, its account and every list of accounts are out
    // of the subproject's reach.
    as_user(&api, &sub, &token, Method::GET, &ours, "")
        .await
        .assert_error(404, 20404);
    as_user(
        &api,
        &sub,
        &token,
        Method::GET,
        &format!("{PREFIX}/Accounts/{project}.json"),
        "",
    )
    .await
    .assert_error(404, 20404);
    let accounts = as_user(
        &api,
        &sub,
        &token,
        Method::GET,
        &format!("{PREFIX}/Accounts.json"),
        "",
    )
    .await;
    let sids: Vec<&Value> = accounts.assert_ok()["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["sid"])
        .collect();
    assert_eq!(sids, [&json!(sub)]);
    as_user(
        &api,
        &sub,
        &token,
        Method::POST,
        &format!("{PREFIX}/Accounts.json"),
        "FriendlyName=Nested",
    )
    .await
    .assert_error(403, 20403);

    // Another subproject's credentials do not reach this one.
    let (other, other_token) = subproject(&api, "Other").await;
    as_user(&api, &other, &other_token, Method::GET, &theirs, "")
        .await
        .assert_error(404, 20404);
    // Its sid with the project's token is no credential.
    as_user(
        &api,
        &sub,
        api.emulator.api_token(),
        Method::GET,
        &theirs,
        "",
    )
    .await
    .assert_error(401, 20003);
}

#[tokio::test]
async fn the_project_reaches_its_subprojects_resources_through_their_paths() {
    let api = Api::start().await;
    let (sub, _) = subproject(&api, "Team").await;
    let theirs = format!("{PREFIX}/Accounts/{sub}/LamlBins.json");
    let created = api
        .post(&theirs, "Name=hold&Contents=%3CResponse%2F%3E")
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["account_sid"], sub.as_str());
    assert_eq!(
        api.get(&theirs).await.assert_ok()["laml_bins"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        api.get(&api.account("/LamlBins.json")).await.assert_ok()["laml_bins"],
        json!([]),
        "the project's own list holds only its own"
    );
    let listed = api.get(&format!("{PREFIX}/Accounts.json")).await;
    assert_eq!(listed.assert_ok()["accounts"].as_array().unwrap().len(), 2);
    let renamed = api
        .post(
            &format!("{PREFIX}/Accounts/{sub}.json"),
            "FriendlyName=Renamed",
        )
        .await;
    assert_eq!(renamed.assert_ok()["friendly_name"], "Renamed");
}

#[tokio::test]
async fn a_number_moves_only_to_an_account_the_caller_reaches() {
    let api = Api::start().await;
    let (sub, token) = subproject(&api, "Team").await;
    let bought = api
        .post(
            &api.account("/IncomingPhoneNumbers.json"),
            "PhoneNumber=%2B12065550100",
        )
        .await;
    let sid = bought.body["sid"].as_str().unwrap().to_owned();
    let unknown = "b3877c40-da60-4998-90ad-b792e98472cf";
    api.post(
        &api.account(&format!("/IncomingPhoneNumbers/{sid}")),
        &format!("AccountSid={unknown}"),
    )
    .await
    .assert_error(400, 21117);
    let moved = api
        .post(
            &api.account(&format!("/IncomingPhoneNumbers/{sid}")),
            &format!("AccountSid={sub}"),
        )
        .await;
    assert_eq!(moved.assert_ok()["account_sid"], sub.as_str());
    assert_eq!(
        moved.body["uri"],
        format!("{PREFIX}/Accounts/{sub}/IncomingPhoneNumbers/{sid}.json")
    );
    api.get(&api.account(&format!("/IncomingPhoneNumbers/{sid}")))
        .await
        .assert_error(404, 20404);
    let theirs = format!("{PREFIX}/Accounts/{sub}/IncomingPhoneNumbers/{sid}.json");
    let fetched = as_user(&api, &sub, &token, Method::GET, &theirs, "").await;
    assert_eq!(fetched.assert_ok()["phone_number"], "+12065550100");
}

#[tokio::test]
async fn an_api_token_is_shown_once_and_authenticates_until_deleted() {
    let api = Api::start().await;
    let project = api.emulator.project_id().to_owned();
    let created = api
        .post(&api.account("/tokens.json"), "name=ci&permissions=calling")
        .await;
    let token = created.assert_ok()["token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("PT"), "{token}");
    let id = created.body["id"].as_str().unwrap().to_owned();
    let conferences = api.account("/Conferences.json");
    as_user(&api, &project, &token, Method::GET, &conferences, "")
        .await
        .assert_ok();

    let path = api.account(&format!("/tokens/{id}"));
    let updated = send(
        api.request(Method::PATCH, &path)
            .header("content-type", "application/json")
            .body(json!({"name": "deploy"}).to_string()),
    )
    .await;
    assert_eq!(updated.assert_ok()["name"], "deploy");
    assert_eq!(
        updated.body["token"], "",
        "a token is shown once, at creation"
    );
    as_user(&api, &project, &token, Method::GET, &conferences, "")
        .await
        .assert_ok();

    assert_eq!(api.delete(&path).await.status, 204);
    as_user(&api, &project, &token, Method::GET, &conferences, "")
        .await
        .assert_error(401, 20003);
}

#[tokio::test]
async fn a_token_names_only_a_subproject_of_its_account() {
    let api = Api::start().await;
    let (sub, _) = subproject(&api, "Team").await;
    let unknown = "b3877c40-da60-4998-90ad-b792e98472cf";
    for wrong in [unknown, api.emulator.project_id()] {
        api.post(
            &api.account("/tokens.json"),
            &format!("name=ci&permissions=calling&subproject_id={wrong}"),
        )
        .await
        .assert_error(400, 21117);
    }
    let created = api
        .post(
            &api.account("/tokens.json"),
            &format!("name=ci&permissions=calling&subproject_id={sub}"),
        )
        .await;
    created.assert_ok();
}
