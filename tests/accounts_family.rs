//! The account family through real HTTP against the emulator: each
//! endpoint's wire request and decoded response, and a subproject's
//! resources reached both ways.

mod common;

use laml::accounts::*;
use laml::laml_bins::{CreateLamlBin, ListLamlBins};
use laml::Client;

#[tokio::test]
async fn the_project_and_a_subproject_are_listed_fetched_and_renamed() {
    let (emulator, client) = common::emulator().await;
    let sub = client.send(&CreateSubproject::new("Team")).await.unwrap();
    assert!(sub.subproject);
    assert_eq!(sub.friendly_name, "Team");
    assert_eq!(sub.owner_account_sid, emulator.project_id());
    assert_eq!(sub.status, AccountStatus::Active);
    assert_eq!(sub.r#type, AccountType::Full);
    assert!(sub.auth_token.expose().starts_with("PT"));
    assert!(sub.signing_key.is_some());
    let debug = format!("{sub:?}");
    assert!(!debug.contains(sub.auth_token.expose()), "{debug}");
    let signing_key = sub.signing_key.as_ref().unwrap().expose();
    assert!(!debug.contains(signing_key), "{debug}");

    let page = client
        .send(&ListAccounts::new().page_size(10))
        .await
        .unwrap();
    // Both created in the same second: ordered by sid, which is random.
    let mut sids: Vec<&str> = page.items.iter().map(|a| a.sid.as_str()).collect();
    sids.sort_unstable();
    let mut expected = [emulator.project_id(), sub.sid.as_str()];
    expected.sort_unstable();
    assert_eq!(sids, expected);
    let named = client
        .send(&ListAccounts::new().friendly_name("Team"))
        .await
        .unwrap();
    assert_eq!(named.items, std::slice::from_ref(&sub));

    let project = client
        .send(&FetchAccount::new(emulator.project_id()))
        .await
        .unwrap();
    assert!(!project.subproject);
    assert_eq!(
        project.subresource_uris.conferences,
        format!(
            "/api/laml/2010-04-01/Accounts/{}/Conferences.json",
            emulator.project_id()
        )
    );
    let renamed = client
        .send(&UpdateAccount::new(&sub.sid, "Team B"))
        .await
        .unwrap();
    assert_eq!(renamed.friendly_name, "Team B");

    let requests = emulator.requests();
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].uri, "/api/laml/2010-04-01/Accounts");
    assert_eq!(requests[0].body, "FriendlyName=Team");
    assert_eq!(requests[1].uri, "/api/laml/2010-04-01/Accounts?PageSize=10");
    assert_eq!(
        requests[2].uri,
        "/api/laml/2010-04-01/Accounts?FriendlyName=Team"
    );
    assert_eq!(
        requests[3].uri,
        format!("/api/laml/2010-04-01/Accounts/{}", emulator.project_id())
    );
    assert_eq!(
        requests[4].uri,
        format!("/api/laml/2010-04-01/Accounts/{}", sub.sid)
    );
    assert_eq!(requests[4].body, "FriendlyName=Team+B");
}

#[tokio::test]
async fn a_subproject_is_reached_with_its_credentials_or_by_its_project() {
    let (emulator, client) = common::emulator().await;
    let sub = client.send(&CreateSubproject::new("Team")).await.unwrap();
    let as_sub = Client::builder()
        .space_url(emulator.space_url())
        .project_id(sub.sid.as_str())
        .api_token(sub.auth_token.expose())
        .build()
        .unwrap();

    let mine = as_sub.send(&CreateLamlBin::new("theirs")).await.unwrap();
    assert_eq!(mine.account_sid, sub.sid);
    // The project reaches it through the subproject's path…
    let seen = client
        .send(&ListLamlBins::new().account_sid(&sub.sid))
        .await
        .unwrap();
    assert_eq!(seen.items, [mine]);
    // …and not in its own.
    assert!(client
        .send(&ListLamlBins::new())
        .await
        .unwrap()
        .items
        .is_empty());
    // The subproject cannot reach the project's.
    let refused = as_sub
        .send(&ListLamlBins::new().account_sid(emulator.project_id()))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(404));
    let only_itself = as_sub.send(&ListAccounts::new()).await.unwrap();
    assert_eq!(only_itself.items.len(), 1);
    assert_eq!(only_itself.items[0].sid, sub.sid);

    let uris: Vec<String> = emulator.requests().into_iter().map(|r| r.uri).collect();
    assert_eq!(
        uris[1..4],
        [
            format!("/api/laml/2010-04-01/Accounts/{}/LamlBins", sub.sid),
            format!("/api/laml/2010-04-01/Accounts/{}/LamlBins", sub.sid),
            format!(
                "/api/laml/2010-04-01/Accounts/{}/LamlBins",
                emulator.project_id()
            ),
        ]
    );
}

#[tokio::test]
async fn a_client_for_a_subproject_addresses_its_resources_in_every_family() {
    use laml::messages::{CreateMessage, ListMessages};
    use laml::queues::{CreateQueue, ListQueues};

    let (emulator, client) = common::emulator().await;
    let sub = client.send(&CreateSubproject::new("Team")).await.unwrap();
    let team = client.for_account(sub.sid.as_str());
    assert_eq!(team.account_sid(), sub.sid.as_str());
    assert_eq!(team.project_id(), emulator.project_id());

    let queue = team.send(&CreateQueue::new("Support")).await.unwrap();
    assert_eq!(queue.account_sid, sub.sid);
    let message = team
        .send(
            &CreateMessage::new("+15551230001")
                .from("+15551230000")
                .body("hi"),
        )
        .await
        .unwrap();
    assert_eq!(message.account_sid, sub.sid);
    assert_eq!(team.send(&ListQueues::new()).await.unwrap().items, [queue]);
    assert_eq!(
        team.send(&ListMessages::new()).await.unwrap().items.len(),
        1
    );
    // The project's own lists stay empty, and the client it came from
    // still addresses the project.
    assert!(client
        .send(&ListQueues::new())
        .await
        .unwrap()
        .items
        .is_empty());
    assert!(client
        .send(&ListMessages::new())
        .await
        .unwrap()
        .items
        .is_empty());

    let requests = emulator.requests();
    assert_eq!(
        requests[1].uri,
        format!("/api/laml/2010-04-01/Accounts/{}/Queues", sub.sid)
    );
    assert_eq!(
        requests.last().unwrap().uri,
        format!(
            "/api/laml/2010-04-01/Accounts/{}/Messages",
            emulator.project_id()
        )
    );
    // The project's credentials go with every request.
    assert!(requests
        .iter()
        .all(|request| request.header("authorization") == requests[0].header("authorization")));

    let sent = emulator.requests().len();
    let refused = client
        .for_account("")
        .send(&ListQueues::new())
        .await
        .unwrap_err();
    assert!(refused.is_invalid_request(), "{refused}");
    assert_eq!(emulator.requests().len(), sent, "nothing was sent");
}
