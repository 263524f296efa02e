//! The API token family through real HTTP against the emulator: each
//! endpoint's wire request (lower-case names; a JSON `PATCH`) and decoded
//! response, and a token that authenticates until deleted.

mod common;

use laml::accounts::CreateSubproject;
use laml::conferences::ListConferences;
use laml::tokens::*;
use laml::Client;

#[tokio::test]
async fn a_token_is_created_updated_by_json_and_deleted() {
    let (emulator, client) = common::emulator().await;
    let sub = client.send(&CreateSubproject::new("Team")).await.unwrap();
    emulator.clear_requests();
    let created = client
        .send(
            &CreateToken::new("ci")
                .permissions(["calling", "messaging"])
                .subproject_id(&sub.sid),
        )
        .await
        .unwrap();
    assert_eq!(created.name, "ci");
    assert_eq!(created.permissions, ["calling", "messaging"]);
    let secret = created.token.expose().to_owned();
    assert!(secret.starts_with("PT"), "{secret}");
    let debug = format!("{created:?}");
    assert!(!debug.contains(&secret), "{debug}");

    let updated = client
        .send(
            &UpdateToken::new(&created.id)
                .name("deploy")
                .permissions(["fax"]),
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "deploy");
    assert_eq!(updated.permissions, ["fax"]);
    assert_eq!(updated.token.expose(), "", "shown once, at creation");

    client.send(&DeleteToken::new(&created.id)).await.unwrap();

    let requests = emulator.requests();
    let tokens = format!(
        "/api/laml/2010-04-01/Accounts/{}/tokens",
        emulator.project_id()
    );
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, tokens);
    assert_eq!(
        requests[0].body,
        format!(
            "name=ci&permissions=calling&permissions=messaging&subproject_id={}",
            sub.sid
        )
    );
    assert_eq!(requests[1].method, "PATCH");
    assert_eq!(requests[1].uri, format!("{tokens}/{}", created.id));
    let content_type = requests[1]
        .headers
        .iter()
        .find(|(name, _)| name == "content-type")
        .map(|(_, value)| value.as_str());
    assert_eq!(content_type, Some("application/json"));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&requests[1].body).unwrap(),
        serde_json::json!({"name": "deploy", "permissions": ["fax"]})
    );
    assert_eq!(requests[2].method, "DELETE");
    assert_eq!(requests[2].uri, format!("{tokens}/{}", created.id));
}

#[tokio::test]
async fn a_token_authenticates_with_the_project_id_until_deleted() {
    let (emulator, client) = common::emulator().await;
    let created = client
        .send(&CreateToken::new("ci").permissions(["calling"]))
        .await
        .unwrap();
    let with_token = Client::builder()
        .space_url(emulator.space_url())
        .project_id(emulator.project_id())
        .api_token(created.token.expose())
        .build()
        .unwrap();
    with_token.send(&ListConferences::new()).await.unwrap();
    client.send(&DeleteToken::new(&created.id)).await.unwrap();
    let refused = with_token.send(&ListConferences::new()).await.unwrap_err();
    assert_eq!(refused.status(), Some(401));
}
