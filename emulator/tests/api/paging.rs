use laml_emulator::ConferenceSeed;
use serde_json::Value;
use time::macros::datetime;
use time::Duration;

use crate::{sids, Api};

/// Seeds `count` conferences a minute apart, alternating in-progress and
/// completed, and returns their sids oldest first.
fn seed_many(api: &Api, count: i64) -> Vec<String> {
    (0..count)
        .map(|n| {
            api.emulator.seed_conference(ConferenceSeed {
                friendly_name: format!("Room {n}"),
                status: if n % 2 == 0 {
                    "in-progress"
                } else {
                    "completed"
                }
                .into(),
                date_created: Some(datetime!(2021-08-18 12:00:00 UTC) + Duration::minutes(n)),
                ..ConferenceSeed::default()
            })
        })
        .collect()
}

#[tokio::test]
async fn next_page_uri_leads_through_every_page() {
    let api = Api::start().await;
    let all = seed_many(&api, 5);
    let base = api.account("/Conferences.json");

    let mut seen = Vec::new();
    let mut pages = Vec::new();
    let mut next = Some(format!("{base}?PageSize=2"));
    while let Some(uri) = next {
        let page = api.get(&uri).await.assert_ok().clone();
        assert_eq!(page["page_size"], 2);
        assert_eq!(page["first_page_uri"], format!("{base}?PageSize=2&Page=0"));
        seen.extend(sids(&page, "conferences"));
        next = page["next_page_uri"].as_str().map(str::to_owned);
        pages.push(page);
        assert!(pages.len() <= 3, "paging does not end");
    }
    assert_eq!(seen, all);
    assert_eq!(pages.len(), 3);

    let numbers: Vec<&Value> = pages.iter().map(|p| &p["page"]).collect();
    assert_eq!(numbers, [0, 1, 2]);
    assert_eq!(pages[0]["previous_page_uri"], Value::Null);
    assert_eq!(pages[0]["uri"], format!("{base}?PageSize=2&Page=0"));
    assert_eq!(
        pages[0]["next_page_uri"],
        format!("{base}?PageSize=2&Page=1&PageToken=PA2")
    );
    assert_eq!(
        pages[1]["uri"],
        format!("{base}?PageSize=2&Page=1&PageToken=PA2")
    );
    assert_eq!(
        pages[1]["previous_page_uri"],
        format!("{base}?PageSize=2&Page=0&PageToken=PB0")
    );
    assert_eq!(pages[2]["next_page_uri"], Value::Null);
    assert_eq!(
        (&pages[1]["start"], &pages[1]["end"]),
        (&Value::from(2), &Value::from(3))
    );
    assert_eq!(
        (&pages[2]["start"], &pages[2]["end"]),
        (&Value::from(4), &Value::from(4))
    );

    let previous = pages[2]["previous_page_uri"].as_str().unwrap();
    assert_eq!(
        sids(api.get(previous).await.assert_ok(), "conferences"),
        all[2..4]
    );
}

#[tokio::test]
async fn page_uris_keep_the_filters() {
    let api = Api::start().await;
    let all = seed_many(&api, 6);
    let base = api.account("/Conferences.json");
    let first = api
        .get(&format!("{base}?Status=in-progress&PageSize=2"))
        .await;
    let first = first.assert_ok();
    assert_eq!(sids(first, "conferences"), [all[0].clone(), all[2].clone()]);
    let next = first["next_page_uri"].as_str().unwrap();
    assert_eq!(
        next,
        format!("{base}?Status=in-progress&PageSize=2&Page=1&PageToken=PA2")
    );
    let second = api.get(next).await;
    assert_eq!(sids(second.assert_ok(), "conferences"), [all[4].clone()]);
    assert_eq!(second.body["next_page_uri"], Value::Null);
}

#[tokio::test]
async fn page_alone_picks_the_page() {
    let api = Api::start().await;
    let all = seed_many(&api, 5);
    let page = api
        .get(&api.account("/Conferences.json?PageSize=2&Page=1"))
        .await;
    assert_eq!(sids(page.assert_ok(), "conferences"), all[2..4]);
    let default = api.get(&api.account("/Conferences.json")).await;
    assert_eq!(default.assert_ok()["page_size"], 50);
    assert_eq!(sids(&default.body, "conferences"), all);
}

#[tokio::test]
async fn an_empty_list_is_a_valid_last_page() {
    let api = Api::start().await;
    let page = api.get(&api.account("/Conferences.json")).await;
    let page = page.assert_ok();
    assert_eq!(page["conferences"], serde_json::json!([]));
    assert_eq!(page["next_page_uri"], Value::Null);
    assert_eq!(page["previous_page_uri"], Value::Null);
    assert_eq!(page["page"], 0);

    seed_many(&api, 2);
    let past_the_end = api
        .get(&api.account("/Conferences.json?PageSize=2&Page=5"))
        .await;
    assert_eq!(
        past_the_end.assert_ok()["conferences"],
        serde_json::json!([])
    );
    assert_eq!(past_the_end.body["next_page_uri"], Value::Null);
}

#[tokio::test]
async fn invalid_paging_is_400() {
    let api = Api::start().await;
    for (query, code) in [
        ("PageSize=0", 21104),
        ("PageSize=1001", 21104),
        ("PageSize=ten", 21104),
        ("PageSize=", 21104),
        ("Page=-1", 21104),
        ("Page=1.5", 21104),
        ("PageToken=abc", 21107),
        ("PageToken=PA", 21107),
        ("PageToken=PAx2", 21107),
        ("PageSize=2&PageSize=3", 21109),
    ] {
        api.get(&api.account(&format!("/Conferences.json?{query}")))
            .await
            .assert_error(400, code);
    }
    assert_eq!(
        api.get(&api.account("/Conferences.json?PageSize=1000"))
            .await
            .status,
        200
    );
}
