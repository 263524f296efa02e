use laml_emulator::{ConferenceSeed, ParticipantSeed};
use serde_json::Value;
use time::format_description::well_known::Rfc2822;
use time::macros::datetime;
use time::OffsetDateTime;

use crate::{sorted_keys, Api};

#[tokio::test]
async fn fetch_returns_the_spec_shape() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        friendly_name: "Team Sync".into(),
        status: "in-progress".into(),
        date_created: Some(datetime!(2021-08-18 21:21:34 +02:00)),
        ..ConferenceSeed::default()
    });
    let reply = api
        .get(&api.account(&format!("/Conferences/{sid}.json")))
        .await;
    let conference = reply.assert_ok();
    assert_eq!(
        sorted_keys(conference),
        [
            "account_sid",
            "api_version",
            "date_created",
            "date_updated",
            "friendly_name",
            "region",
            "sid",
            "status",
            "subresource_uris",
            "uri"
        ]
    );
    let path = api.account(&format!("/Conferences/{sid}"));
    assert_eq!(conference["sid"], sid.as_str());
    assert_eq!(conference["account_sid"], api.emulator.project_id());
    assert_eq!(
        conference["date_created"],
        "Wed, 18 Aug 2021 19:21:34 +0000"
    );
    assert_eq!(
        conference["date_updated"],
        "Wed, 18 Aug 2021 19:21:34 +0000"
    );
    assert_eq!(conference["friendly_name"], "Team Sync");
    assert_eq!(conference["status"], "in-progress");
    assert_eq!(conference["api_version"], "2010-04-01");
    assert_eq!(conference["region"], "us1");
    assert_eq!(conference["uri"], format!("{path}.json"));
    assert_eq!(
        conference["subresource_uris"]["participants"],
        format!("{path}/Participants.json")
    );
    assert_eq!(
        conference["subresource_uris"]["recordings"],
        format!("{path}/Recordings.json")
    );
    assert_eq!(reply.headers["content-type"], "application/json");
    assert_eq!(api.emulator.conference(&sid).as_ref(), Some(conference));
}

#[tokio::test]
async fn seeded_region_and_sid_are_kept() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        sid: Some("CF123".into()),
        region: Some("eu1".into()),
        ..ConferenceSeed::default()
    });
    assert_eq!(sid, "CF123");
    let conference = api.emulator.conference("CF123").unwrap();
    assert_eq!(conference["region"], "eu1");
    let date_created = conference["date_created"].as_str().unwrap();
    OffsetDateTime::parse(date_created, &Rfc2822).expect("an RFC 2822 date");
}

#[tokio::test]
async fn an_unknown_conference_is_404() {
    let api = Api::start().await;
    let path = api.account("/Conferences/b3877c40-da60-4998-90ad-b792e98472cf.json");
    let reply = api.get(&path).await;
    reply.assert_error(404, 20404);
    assert!(reply.body["message"].as_str().unwrap().contains(&path));
    api.post(&path, "Status=completed")
        .await
        .assert_error(404, 20404);
    assert_eq!(
        api.emulator
            .conference("b3877c40-da60-4998-90ad-b792e98472cf"),
        None
    );
}

#[tokio::test]
async fn completing_a_conference_ends_it_and_its_participants_leave() {
    let api = Api::start().await;
    let sid = api.emulator.seed_conference(ConferenceSeed {
        date_created: Some(datetime!(2021-08-18 19:21:34 UTC)),
        ..ConferenceSeed::default()
    });
    let call_sid = api
        .emulator
        .seed_participant(&sid, ParticipantSeed::default());
    let path = api.account(&format!("/Conferences/{sid}.json"));

    let reply = api.post(&path, "Status=completed").await;
    let conference = reply.assert_ok();
    assert_eq!(conference["status"], "completed");
    assert_ne!(conference["date_updated"], conference["date_created"]);
    assert_eq!(api.emulator.conference(&sid).as_ref(), Some(conference));

    let participants = api
        .get(&api.account(&format!("/Conferences/{sid}/Participants.json")))
        .await;
    assert_eq!(
        participants.assert_ok()["participants"],
        serde_json::json!([])
    );
    api.get(&api.account(&format!("/Conferences/{sid}/Participants/{call_sid}.json")))
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn a_completed_conference_cannot_be_updated() {
    let api = Api::start().await;
    let sid = api.seed("Done", "completed");
    let path = api.account(&format!("/Conferences/{sid}.json"));
    api.post(&path, "Status=completed")
        .await
        .assert_error(422, 21220);
    api.post(&path, "AnnounceUrl=https%3A%2F%2Fexample.com%2Fa")
        .await
        .assert_error(422, 21220);
}

#[tokio::test]
async fn announcing_leaves_the_state_alone() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let before = api.emulator.conference(&sid).unwrap();
    let path = api.account(&format!("/Conferences/{sid}.json"));
    let reply = api
        .post(
            &path,
            "AnnounceUrl=https%3A%2F%2Fexample.com%2Fannounce.xml&AnnounceMethod=GET",
        )
        .await;
    assert_eq!(reply.assert_ok(), &before);
    assert_eq!(api.post(&path, "").await.assert_ok(), &before);
}

#[tokio::test]
async fn invalid_update_parameters_are_400_and_change_nothing() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let path = api.account(&format!("/Conferences/{sid}.json"));
    for (form, code) in [
        ("Status=in-progress", 21102),
        ("Status=Completed", 21102),
        ("Status=", 21102),
        ("Status=completed&AnnounceUrl=not-a-url", 21103),
        ("Status=completed&AnnounceUrl=%2Frelative", 21103),
        (
            "Status=completed&AnnounceUrl=ftp%3A%2F%2Fexample.com",
            21103,
        ),
        ("Status=completed&AnnounceMethod=PUT", 21102),
        ("Status=completed&Status=completed", 21109),
        ("Status=completed&FriendlyName=x", 21108),
        ("status=completed", 21108),
    ] {
        let reply = api.post(&path, form).await;
        reply.assert_error(400, code);
        assert_eq!(
            api.emulator.conference(&sid).unwrap()["status"],
            "in-progress",
            "{form}"
        );
    }
}

#[tokio::test]
async fn post_parameters_belong_in_a_form_body() {
    let api = Api::start().await;
    let sid = api.seed("Room", "in-progress");
    let path = api.account(&format!("/Conferences/{sid}.json"));
    api.post(&format!("{path}?Status=completed"), "")
        .await
        .assert_error(400, 21108);
    let json = crate::send(
        api.request(reqwest::Method::POST, &path)
            .header("content-type", "application/json")
            .body(r#"{"Status":"completed"}"#),
    )
    .await;
    json.assert_error(415, 21111);
    let untyped = crate::send(
        api.request(reqwest::Method::POST, &path)
            .body("Status=completed"),
    )
    .await;
    untyped.assert_error(415, 21111);
    let with_charset = crate::send(
        api.request(reqwest::Method::POST, &path)
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body("Status=completed"),
    )
    .await;
    assert_eq!(with_charset.assert_ok()["status"], "completed");
}

#[tokio::test]
async fn list_filters_by_status_and_friendly_name() {
    let api = Api::start().await;
    let live = api.seed("Standup", "in-progress");
    api.seed("Standup", "completed");
    api.seed("Retro", "in-progress");

    let in_progress = api
        .get(&api.account("/Conferences.json?Status=in-progress"))
        .await;
    assert_eq!(
        in_progress.assert_ok()["conferences"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let both = api
        .get(&api.account("/Conferences.json?Status=in-progress&FriendlyName=Standup"))
        .await;
    let conferences = both.assert_ok()["conferences"].as_array().unwrap();
    assert_eq!(conferences.len(), 1);
    assert_eq!(conferences[0]["sid"], live.as_str());
    assert_eq!(conferences[0], api.emulator.conference(&live).unwrap());
}

#[tokio::test]
async fn list_filters_by_dates_with_inclusive_bounds() {
    let api = Api::start().await;
    let mut sids = Vec::new();
    for day in [17, 18, 19] {
        sids.push(api.emulator.seed_conference(ConferenceSeed {
            date_created: Some(datetime!(2021-08-01 12:00:00 UTC).replace_day(day).unwrap()),
            ..ConferenceSeed::default()
        }));
    }
    let found = |query: &'static str| {
        let api = &api;
        async move {
            let reply = api
                .get(&api.account(&format!("/Conferences.json?{query}")))
                .await;
            reply.assert_ok()["conferences"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["sid"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let none = Vec::<String>::new();
    assert_eq!(found("DateCreated=2021-08-18").await, [sids[1].clone()]);
    assert_eq!(found("DateCreated%3C=2021-08-18").await, sids[..2]);
    assert_eq!(found("DateCreated%3E=2021-08-18").await, sids[1..]);
    assert_eq!(
        found("DateCreated%3E=2021-08-18&DateCreated%3C=2021-08-18").await,
        [sids[1].clone()]
    );
    assert_eq!(found("DateUpdated%3C=2021-08-17").await, [sids[0].clone()]);
    assert_eq!(found("DateUpdated%3E=2021-08-20").await, none);
    assert_eq!(found("DateCreated=2020-01-01").await, none);
}

#[tokio::test]
async fn malformed_list_filters_are_400() {
    let api = Api::start().await;
    let long_name = format!("FriendlyName={}", "x".repeat(65));
    for (query, code) in [
        ("DateCreated=2021-8-18", 21106),
        ("DateCreated%3C=yesterday", 21106),
        ("DateUpdated%3E=2021-02-30", 21106),
        ("Status=active", 21102),
        (long_name.as_str(), 21102),
        ("Muted=true", 21108),
    ] {
        api.get(&api.account(&format!("/Conferences.json?{query}")))
            .await
            .assert_error(400, code);
    }
}

#[tokio::test]
async fn conferences_lists_every_conference_in_order() {
    let api = Api::start().await;
    let late = api.emulator.seed_conference(ConferenceSeed {
        date_created: Some(datetime!(2022-01-01 00:00:00 UTC)),
        ..ConferenceSeed::default()
    });
    let early = api.emulator.seed_conference(ConferenceSeed {
        date_created: Some(datetime!(2021-01-01 00:00:00 UTC)),
        ..ConferenceSeed::default()
    });
    let sids: Vec<Value> = api
        .emulator
        .conferences()
        .iter()
        .map(|c| c["sid"].clone())
        .collect();
    assert_eq!(sids, [early, late]);
}
