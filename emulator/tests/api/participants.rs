use laml_emulator::ParticipantSeed;
use serde_json::Value;
use time::macros::datetime;
use time::Duration;

use crate::{sorted_keys, Api};

struct Room {
    api: Api,
    conference: String,
    calls: Vec<String>,
}

impl Room {
    /// An in-progress conference with three participants, a minute apart:
    /// the second muted, the third on hold.
    async fn start() -> Room {
        let api = Api::start().await;
        let conference = api.seed("Room", "in-progress");
        let calls = (0..3)
            .map(|n| {
                api.emulator.seed_participant(
                    &conference,
                    ParticipantSeed {
                        muted: n == 1,
                        hold: n == 2,
                        date_created: Some(
                            datetime!(2021-08-18 12:00:00 UTC) + Duration::minutes(n),
                        ),
                        ..ParticipantSeed::default()
                    },
                )
            })
            .collect();
        Room {
            api,
            conference,
            calls,
        }
    }

    fn path(&self, rest: &str) -> String {
        self.api.account(&format!(
            "/Conferences/{}/Participants{rest}",
            self.conference
        ))
    }

    fn participant(&self, n: usize) -> String {
        self.path(&format!("/{}.json", self.calls[n]))
    }

    fn call_sids(page: &Value) -> Vec<String> {
        page["participants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["call_sid"].as_str().unwrap().to_owned())
            .collect()
    }
}

#[tokio::test]
async fn fetch_returns_the_spec_shape() {
    let room = Room::start().await;
    let reply = room.api.get(&room.participant(1)).await;
    let participant = reply.assert_ok();
    assert_eq!(
        sorted_keys(participant),
        [
            "account_sid",
            "call_sid",
            "call_sid_to_coach",
            "coaching",
            "conference_sid",
            "date_created",
            "date_updated",
            "end_conference_on_exit",
            "hold",
            "muted",
            "start_conference_on_enter",
            "status",
            "uri"
        ]
    );
    assert_eq!(participant["call_sid"], room.calls[1].as_str());
    assert_eq!(participant["conference_sid"], room.conference.as_str());
    assert_eq!(participant["account_sid"], room.api.emulator.project_id());
    assert_eq!(participant["muted"], true);
    assert_eq!(participant["hold"], false);
    assert_eq!(participant["coaching"], false);
    assert_eq!(participant["call_sid_to_coach"], Value::Null);
    assert_eq!(participant["start_conference_on_enter"], true);
    assert_eq!(participant["status"], "in-progress");
    assert_eq!(
        participant["date_created"],
        "Wed, 18 Aug 2021 12:01:00 +0000"
    );
    assert_eq!(participant["uri"], room.participant(1));
    assert_eq!(
        room.api
            .emulator
            .participant(&room.conference, &room.calls[1])
            .as_ref(),
        Some(participant)
    );
}

#[tokio::test]
async fn list_filters_by_muted_and_hold() {
    let room = Room::start().await;
    let all = room.api.get(&room.path(".json")).await;
    assert_eq!(Room::call_sids(all.assert_ok()), room.calls);
    assert_eq!(all.body["page_size"], 50);

    let muted = room.api.get(&room.path(".json?Muted=true")).await;
    assert_eq!(Room::call_sids(muted.assert_ok()), [room.calls[1].clone()]);
    let held = room
        .api
        .get(&room.path(".json?Hold=true&Muted=false"))
        .await;
    assert_eq!(Room::call_sids(held.assert_ok()), [room.calls[2].clone()]);

    let paged = room
        .api
        .get(&room.path(".json?Muted=false&PageSize=1"))
        .await;
    assert_eq!(
        paged.assert_ok()["next_page_uri"],
        room.path(".json?Muted=false&PageSize=1&Page=1&PageToken=PA1")
    );
    let next = room
        .api
        .get(paged.body["next_page_uri"].as_str().unwrap())
        .await;
    assert_eq!(Room::call_sids(next.assert_ok()), [room.calls[2].clone()]);

    for query in ["Muted=yes", "Hold=1", "Hold=on"] {
        room.api
            .get(&room.path(&format!(".json?{query}")))
            .await
            .assert_error(400, 21105);
    }
    // Any case, as SignalWire's Python SDK writes `True`; page URIs carry
    // the value as `true`.
    for query in ["Hold=TRUE&Muted=False", "Hold=True&Muted=false"] {
        let held = room.api.get(&room.path(&format!(".json?{query}"))).await;
        assert_eq!(Room::call_sids(held.assert_ok()), [room.calls[2].clone()]);
        assert_eq!(
            held.body["first_page_uri"],
            room.path(".json?Muted=false&Hold=true&PageSize=50&Page=0")
        );
    }
}

#[tokio::test]
async fn mute_and_hold_change_the_participant() {
    let room = Room::start().await;
    let path = room.participant(0);
    let muted = room.api.post(&path, "Muted=true").await;
    assert_eq!(muted.assert_ok()["muted"], true);
    assert_ne!(muted.body["date_updated"], muted.body["date_created"]);

    let held = room
        .api
        .post(
            &path,
            "Hold=true&HoldUrl=https%3A%2F%2Fexample.com%2Fhold.mp3&HoldMethod=GET",
        )
        .await;
    assert_eq!(
        (&held.assert_ok()["hold"], &held.body["muted"]),
        (&Value::Bool(true), &Value::Bool(true))
    );

    let back = room.api.post(&path, "Muted=false&Hold=false").await;
    assert_eq!(
        (&back.assert_ok()["hold"], &back.body["muted"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    assert_eq!(
        room.api
            .emulator
            .participant(&room.conference, &room.calls[0])
            .as_ref(),
        Some(&back.body)
    );
}

#[tokio::test]
async fn every_spec_parameter_is_accepted() {
    let room = Room::start().await;
    let form = [
        "AnnounceUrl=https%3A%2F%2Fexample.com%2Fannounce",
        "AnnounceMethod=POST",
        "Coaching=true",
        &format!("CallSidToCoach={}", room.calls[1]),
        "Hold=false",
        "HoldMethod=POST",
        "HoldUrl=http%3A%2F%2Fexample.com%2Fhold",
        "Muted=false",
        "WaitUrl=https%3A%2F%2Fexample.com%2Fwait",
        "WaitMethod=GET",
    ]
    .join("&");
    let reply = room.api.post(&room.participant(0), &form).await;
    assert_eq!(reply.assert_ok()["coaching"], true);
    assert_eq!(reply.body["call_sid_to_coach"], room.calls[1].as_str());

    let stop = room.api.post(&room.participant(0), "Coaching=false").await;
    assert_eq!(stop.assert_ok()["coaching"], false);
    assert_eq!(stop.body["call_sid_to_coach"], Value::Null);
}

#[tokio::test]
async fn invalid_update_parameters_are_400_and_change_nothing() {
    let room = Room::start().await;
    let path = room.participant(0);
    let before = room
        .api
        .emulator
        .participant(&room.conference, &room.calls[0]);
    let coach_self = format!("Coaching=true&CallSidToCoach={}", room.calls[0]);
    for (form, code) in [
        ("Muted=yes", 21105),
        ("Muted=true&Hold=on", 21105),
        ("Muted=true&HoldUrl=hold.mp3", 21103),
        ("Muted=true&AnnounceUrl=https%3A%2F%2F", 21103),
        ("Muted=true&WaitUrl=mailto%3Ame%40example.com", 21103),
        ("Muted=true&HoldMethod=PATCH", 21102),
        ("Muted=true&AnnounceMethod=get", 21102),
        ("Muted=true&WaitMethod=", 21102),
        ("Muted=true&Coaching=true", 21101),
        ("Muted=true&Coaching=true&CallSidToCoach=nobody", 21110),
        (coach_self.as_str(), 21110),
        ("Muted=true&EndConferenceOnExit=true", 21108),
        ("Muted=true&Muted=true", 21109),
    ] {
        room.api.post(&path, form).await.assert_error(400, code);
        assert_eq!(
            room.api
                .emulator
                .participant(&room.conference, &room.calls[0]),
            before,
            "{form}"
        );
    }
}

#[tokio::test]
async fn unknown_participants_and_conferences_are_404() {
    let room = Room::start().await;
    let unknown = room.path("/b3877c40-da60-4998-90ad-b792e98472ca.json");
    room.api.get(&unknown).await.assert_error(404, 20404);
    room.api
        .post(&unknown, "Muted=true")
        .await
        .assert_error(404, 20404);
    room.api.delete(&unknown).await.assert_error(404, 20404);
    let elsewhere = room.api.account("/Conferences/nope/Participants.json");
    room.api.get(&elsewhere).await.assert_error(404, 20404);
}

#[tokio::test]
async fn delete_kicks_the_participant() {
    let room = Room::start().await;
    let path = room.participant(1);
    let reply = room.api.delete(&path).await;
    assert_eq!(reply.status, 204);
    assert_eq!(reply.text, "");
    room.api.get(&path).await.assert_error(404, 20404);
    room.api.delete(&path).await.assert_error(404, 20404);
    let rest = room.api.get(&room.path(".json")).await;
    assert_eq!(
        Room::call_sids(rest.assert_ok()),
        [room.calls[0].clone(), room.calls[2].clone()]
    );
    assert_eq!(
        room.api.emulator.conference(&room.conference).unwrap()["status"],
        "in-progress"
    );
}

#[tokio::test]
async fn kicking_a_participant_that_ends_the_conference_ends_it() {
    let room = Room::start().await;
    let host = room.api.emulator.seed_participant(
        &room.conference,
        ParticipantSeed {
            end_conference_on_exit: true,
            ..ParticipantSeed::default()
        },
    );
    let reply = room.api.delete(&room.path(&format!("/{host}.json"))).await;
    assert_eq!(reply.status, 204);
    let conference = room.api.emulator.conference(&room.conference).unwrap();
    assert_eq!(conference["status"], "completed");
    let rest = room.api.get(&room.path(".json")).await;
    assert_eq!(rest.assert_ok()["participants"], serde_json::json!([]));
}

#[tokio::test]
async fn a_participant_who_left_cannot_be_updated() {
    let room = Room::start().await;
    let gone = room.api.emulator.seed_participant(
        &room.conference,
        ParticipantSeed {
            status: "completed".into(),
            ..ParticipantSeed::default()
        },
    );
    room.api
        .post(&room.path(&format!("/{gone}.json")), "Muted=true")
        .await
        .assert_error(422, 21220);
}
