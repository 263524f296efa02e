//! The conference family through real HTTP against the emulator: each
//! endpoint's wire request and decoded response, paging, and the server's
//! validation errors.

mod common;

use laml::conferences::*;
use laml::Secret;
use laml_emulator::{ConferenceSeed, Emulator, ParticipantSeed, RecordingSeed};
use time::macros::{date, datetime};

fn conference(name: &str, status: &str, created: time::OffsetDateTime) -> ConferenceSeed {
    ConferenceSeed {
        friendly_name: name.into(),
        status: status.into(),
        date_created: Some(created),
        ..ConferenceSeed::default()
    }
}

fn prefix(emulator: &Emulator) -> String {
    format!("/api/laml/2010-04-01/Accounts/{}", emulator.project_id())
}

/// Seven conferences, "Day N" created on 2024-03-0N; five in progress.
fn seed_week(emulator: &Emulator) -> Vec<String> {
    (1..=7)
        .map(|day| {
            let status = if day % 3 == 0 {
                "completed"
            } else {
                "in-progress"
            };
            let created = datetime!(2024-02-29 09:00 UTC) + time::Duration::days(day);
            emulator.seed_conference(conference(&format!("Day {day}"), status, created))
        })
        .collect()
}

#[tokio::test]
async fn stream_follows_every_page_with_the_filters() {
    let (emulator, client) = common::emulator().await;
    let sids = seed_week(&emulator);
    let request = ListConferences::new()
        .status(ConferenceStatus::InProgress)
        .page_size(2);

    let mut stream = client.stream(&request);
    let mut names = Vec::new();
    while let Some(conference) = stream.try_next().await.unwrap() {
        assert_eq!(conference.status, ConferenceStatus::InProgress);
        names.push(conference.friendly_name);
    }
    assert_eq!(names, ["Day 1", "Day 2", "Day 4", "Day 5", "Day 7"]);
    assert_eq!(sids.len(), 7);

    let requests = emulator.requests();
    assert_eq!(requests.len(), 3, "three pages of at most two");
    assert_eq!(
        requests[0].uri,
        format!(
            "{}/Conferences?Status=in-progress&PageSize=2",
            prefix(&emulator)
        )
    );
    for follow_up in &requests[1..] {
        assert!(follow_up
            .uri
            .starts_with(&format!("{}/Conferences", prefix(&emulator))));
        assert!(
            follow_up.uri.contains("Status=in-progress"),
            "{}",
            follow_up.uri
        );
        assert!(follow_up.uri.contains("PageSize=2"), "{}", follow_up.uri);
    }
}

#[tokio::test]
async fn pages_one_at_a_time_to_the_last() {
    let (emulator, client) = common::emulator().await;
    seed_week(&emulator);
    let first = client
        .send(&ListConferences::new().page_size(3))
        .await
        .unwrap();
    assert_eq!((first.page, first.page_size, first.items.len()), (0, 3, 3));
    assert!(first.previous_page_uri.is_none());
    assert!(first.first_page_uri.is_some());
    let next = first.next_page_uri.as_deref().unwrap();
    assert!(
        next.starts_with("/api/laml/2010-04-01/"),
        "host-relative: {next}"
    );

    let second = client.next_page(&first).await.unwrap().unwrap();
    assert_eq!((second.page, second.items.len()), (1, 3));
    assert!(second.previous_page_uri.is_some());
    let third = client.next_page(&second).await.unwrap().unwrap();
    assert_eq!((third.page, third.items.len()), (2, 1));
    assert!(third.next_page_uri.is_none());
    assert!(client.next_page(&third).await.unwrap().is_none());

    let names: Vec<_> = [first, second, third]
        .into_iter()
        .flat_map(|page| page.items)
        .map(|c| c.friendly_name)
        .collect();
    assert_eq!(
        names,
        (1..=7).map(|d| format!("Day {d}")).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn typed_date_filters_go_under_their_literal_keys() {
    let (emulator, client) = common::emulator().await;
    seed_week(&emulator);
    let page = client
        .send(
            &ListConferences::new()
                .date_created_after(date!(2024 - 03 - 03))
                .date_created_before(date!(2024 - 03 - 06)),
        )
        .await
        .unwrap();
    let names: Vec<_> = page
        .items
        .iter()
        .map(|c| c.friendly_name.as_str())
        .collect();
    // `DateCreated>` then `=` reads "on or after", as the API means it.
    assert_eq!(names, ["Day 3", "Day 4", "Day 5", "Day 6"]);
    let uri = &emulator.requests()[0].uri;
    assert!(
        uri.ends_with("/Conferences?DateCreated%3C=2024-03-06&DateCreated%3E=2024-03-03"),
        "{uri}"
    );

    let on_the_day = client
        .send(&ListConferences::new().date_created(date!(2024 - 03 - 05)))
        .await
        .unwrap();
    assert_eq!(on_the_day.items.len(), 1);
    assert_eq!(on_the_day.items[0].friendly_name, "Day 5");
}

#[tokio::test]
async fn an_empty_list_is_one_empty_page() {
    let (emulator, client) = common::emulator().await;
    seed_week(&emulator);
    let request = ListConferences::new().friendly_name("Nobody here");
    let page = client.send(&request).await.unwrap();
    assert!(page.items.is_empty());
    assert!(page.next_page_uri.is_none());
    let mut stream = client.stream(&request);
    assert!(stream.try_next().await.unwrap().is_none());
}

#[tokio::test]
async fn max_items_stops_fetching_pages() {
    let (emulator, client) = common::emulator().await;
    seed_week(&emulator);
    let mut stream = client
        .stream(&ListConferences::new().page_size(2))
        .max_items(3);
    let mut count = 0;
    while stream.try_next().await.unwrap().is_some() {
        count += 1;
    }
    assert_eq!(count, 3);
    assert_eq!(
        emulator.requests().len(),
        2,
        "the third page is never fetched"
    );
}

fn conference_page(items: &str, next: &str) -> String {
    format!(
        r#"{{"conferences":[{items}],"uri":"/x","first_page_uri":"/x","next_page_uri":{next},"previous_page_uri":null,"page":0,"page_size":1}}"#
    )
}

#[tokio::test]
async fn an_error_mid_stream_ends_the_stream_with_it() {
    let page = conference_page(
        r#"{"sid":"CF1","status":"in-progress"}"#,
        r#""/api/laml/2010-04-01/Accounts/P/Conferences.json?Page=1""#,
    );
    let space = common::scripted_server(vec![
        common::http_reply("200 OK", "application/json", &page),
        common::http_reply(
            "404 Not Found",
            "application/json",
            r#"{"code":20404,"message":"gone","more_info":"x","status":404}"#,
        ),
    ])
    .await;
    let client = common::client_at(&space).build().unwrap();
    let mut stream = client.stream(&ListConferences::new());
    assert_eq!(stream.try_next().await.unwrap().unwrap().sid, "CF1");
    let error = stream.try_next().await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api().unwrap().code, Some(20404));
    assert!(
        stream.try_next().await.unwrap().is_none(),
        "the stream ends after its error"
    );
}

#[tokio::test]
async fn a_next_page_on_another_host_is_refused() {
    // An absolute URI elsewhere, and a protocol-relative one (`//host/...`),
    // which a browser would read as another host too.
    for next in [
        "https://attacker.example.com/api/laml/2010-04-01/Accounts/P/Conferences.json?Page=1",
        "//attacker.example.com/api/laml/2010-04-01/Accounts/P/Conferences.json?Page=1",
    ] {
        let page = conference_page(r#"{"sid":"CF1"}"#, &format!("\"{next}\""));
        let space = common::scripted_server(vec![common::http_reply(
            "200 OK",
            "application/json",
            &page,
        )])
        .await;
        let client = common::client_at(&space).build().unwrap();
        let mut stream = client.stream(&ListConferences::new());
        assert!(stream.try_next().await.unwrap().is_some());
        let error = stream.try_next().await.unwrap_err();
        assert!(error.is_invalid_request(), "{next}: {error:?}");
        assert!(
            error.to_string().contains("attacker.example.com"),
            "{error}"
        );
    }
}

async fn conference_with_participants(emulator: &Emulator) -> (String, Vec<String>) {
    let sid = emulator.seed_conference(ConferenceSeed::default());
    let calls = (0..3)
        .map(|i| {
            emulator.seed_participant(
                &sid,
                ParticipantSeed {
                    muted: i == 0,
                    ..ParticipantSeed::default()
                },
            )
        })
        .collect();
    (sid, calls)
}

#[tokio::test]
async fn participants_list_fetch_update_and_kick() {
    let (emulator, client) = common::emulator().await;
    let (conference, calls) = conference_with_participants(&emulator).await;

    let muted = client
        .send(&ListParticipants::new(&conference).muted(true))
        .await
        .unwrap();
    assert_eq!(muted.items.len(), 1);
    assert_eq!(muted.items[0].call_sid, calls[0]);
    assert!(emulator.requests()[0].uri.ends_with(&format!(
        "/Conferences/{conference}/Participants?Muted=true"
    )));

    let fetched = client
        .send(&FetchParticipant::new(&conference, &calls[1]))
        .await
        .unwrap();
    assert_eq!(
        (fetched.conference_sid.as_str(), fetched.muted),
        (conference.as_str(), false)
    );
    assert_eq!(fetched.status, ParticipantStatus::InProgress);
    assert!(fetched.start_conference_on_enter);

    let updated = client
        .send(
            &UpdateParticipant::new(&conference, &calls[1])
                .muted(true)
                .hold(true)
                .hold_url("https://example.com/hold.mp3")
                .hold_method(CallbackMethod::Get)
                .announce_url("https://example.com/hello.mp3")
                .announce_method(CallbackMethod::Post)
                .wait_url("https://example.com/wait.xml")
                .wait_method(CallbackMethod::Get)
                .coaching(true)
                .call_sid_to_coach(&calls[2]),
        )
        .await
        .unwrap();
    assert!(updated.muted && updated.hold && updated.coaching);
    assert_eq!(
        updated.call_sid_to_coach.as_deref(),
        Some(calls[2].as_str())
    );
    let request = emulator.requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.body,
        format!(
            "AnnounceUrl=https%3A%2F%2Fexample.com%2Fhello.mp3&AnnounceMethod=POST&Coaching=true\
             &CallSidToCoach={}&Hold=true&HoldMethod=GET&HoldUrl=https%3A%2F%2Fexample.com%2Fhold.mp3\
             &Muted=true&WaitUrl=https%3A%2F%2Fexample.com%2Fwait.xml&WaitMethod=GET",
            calls[2]
        )
    );
    let seen_again = client
        .send(&FetchParticipant::new(&conference, &calls[1]))
        .await
        .unwrap();
    assert!(seen_again.muted && seen_again.hold);

    let kicked = client
        .send(&DeleteParticipant::new(&conference, &calls[2]))
        .await;
    assert!(matches!(kicked, Ok(())), "a 204 yields (): {kicked:?}");
    let request = emulator.requests().pop().unwrap();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.uri,
        format!(
            "{}/Conferences/{conference}/Participants/{}",
            prefix(&emulator),
            calls[2]
        )
    );
    let gone = client
        .send(&FetchParticipant::new(&conference, &calls[2]))
        .await
        .unwrap_err();
    assert_eq!(gone.status(), Some(404));
    let left = client
        .send(&ListParticipants::new(&conference))
        .await
        .unwrap();
    assert_eq!(left.items.len(), 2);
}

#[tokio::test]
async fn recordings_list_fetch_pause_and_delete() {
    let (emulator, client) = common::emulator().await;
    let conference = emulator.seed_conference(ConferenceSeed::default());
    let recording = emulator.seed_recording(
        &conference,
        RecordingSeed {
            duration: 42,
            channels: 2,
            price: Some("-0.0025".into()),
            ..RecordingSeed::default()
        },
    );

    let page = client
        .send(&ListConferenceRecordings::new(&conference))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let fetched = client
        .send(&FetchConferenceRecording::new(&conference, &recording))
        .await
        .unwrap();
    assert_eq!(fetched.sid, recording);
    assert_eq!(fetched.conference_sid.as_deref(), Some(conference.as_str()));
    assert_eq!(fetched.duration, Some(42));
    assert_eq!(fetched.channels, "2");
    assert_eq!(fetched.price.as_deref(), Some("-0.0025"));
    assert_eq!(fetched.status, ConferenceRecordingStatus::InProgress);
    assert_eq!(
        fetched.source,
        ConferenceRecordingSource::StartConferenceRecording
    );

    let paused = client
        .send(
            &UpdateConferenceRecording::new(
                &conference,
                &recording,
                ConferenceRecordingUpdateStatus::Paused,
            )
            .pause_behavior(PauseBehavior::Skip),
        )
        .await
        .unwrap();
    assert_eq!(paused.status, ConferenceRecordingStatus::Paused);
    assert_eq!(
        emulator.requests().pop().unwrap().body,
        "Status=paused&PauseBehavior=skip"
    );

    client
        .send(&DeleteConferenceRecording::new(&conference, &recording))
        .await
        .unwrap();
    let after = client
        .send(&ListConferenceRecordings::new(&conference))
        .await
        .unwrap();
    assert!(after.items.is_empty());
}

#[tokio::test]
async fn streams_start_and_stop() {
    let (emulator, client) = common::emulator().await;
    let conference = emulator.seed_conference(ConferenceSeed::default());
    let request = CreateConferenceStream::new(&conference, "wss://media.example.com/in")
        .name("transcriber")
        .track(StreamTrack::BothTracks)
        .stream_codec(StreamCodec::L16At16000)
        .stream_real_time(true)
        .status_callback("https://example.com/stream-status")
        .status_callback_method(CallbackMethod::Post)
        .parameter1_name("lang")
        .parameter1_value("en")
        .authorization_bearer_token(Secret::new("bearer-secret-123"));
    assert!(!format!("{request:?}").contains("bearer-secret-123"));

    let stream = client.send(&request).await.unwrap();
    assert_eq!(stream.status, ConferenceStreamStatus::InProgress);
    assert_eq!(stream.name.as_deref(), Some("transcriber"));
    assert_eq!(stream.conference_sid, conference);
    let body = emulator.requests().pop().unwrap().body;
    assert_eq!(
        body,
        "Url=wss%3A%2F%2Fmedia.example.com%2Fin&Name=transcriber&Track=both_tracks\
         &StatusCallback=https%3A%2F%2Fexample.com%2Fstream-status&StatusCallbackMethod=POST\
         &StreamCodec=L16%4016000h&StreamRealTime=true&Parameter1.Name=lang&Parameter1.Value=en\
         &AuthorizationBearerToken=bearer-secret-123"
    );

    let stopped = client
        .send(&UpdateConferenceStream::new(
            &conference,
            &stream.sid,
            ConferenceStreamUpdateStatus::Stopped,
        ))
        .await
        .unwrap();
    assert_eq!(stopped.status, ConferenceStreamStatus::Stopped);
    let again = client
        .send(&UpdateConferenceStream::new(
            &conference,
            &stream.sid,
            ConferenceStreamUpdateStatus::Stopped,
        ))
        .await
        .unwrap_err();
    assert_eq!(again.status(), Some(422));
}

#[tokio::test]
async fn the_server_refuses_what_the_spec_forbids() {
    let (emulator, client) = common::emulator().await;
    let (conference, calls) = conference_with_participants(&emulator).await;

    let cases: Vec<(&str, laml::Error)> = vec![
        (
            "PageSize=0",
            client
                .send(&ListConferences::new().page_size(0))
                .await
                .unwrap_err(),
        ),
        (
            "PageSize=1001",
            client
                .send(&ListConferences::new().page_size(1001))
                .await
                .unwrap_err(),
        ),
        (
            "a PageToken never handed out",
            client
                .send(&ListConferences::new().page_token("PAnope"))
                .await
                .unwrap_err(),
        ),
        (
            "a stream URL that is not wss://",
            client
                .send(&CreateConferenceStream::new(
                    &conference,
                    "http://not-a-websocket",
                ))
                .await
                .unwrap_err(),
        ),
        (
            "coaching with no call to coach",
            client
                .send(&UpdateParticipant::new(&conference, &calls[0]).coaching(true))
                .await
                .unwrap_err(),
        ),
        (
            "a hold URL that is not a URL",
            client
                .send(&UpdateParticipant::new(&conference, &calls[0]).hold_url("music"))
                .await
                .unwrap_err(),
        ),
    ];
    for (what, error) in cases {
        assert!(error.is_api(), "{what}: {error:?}");
        assert_eq!(error.status(), Some(400), "{what}: {error:?}");
        let api = error.api().unwrap();
        assert!(
            api.code.is_some_and(|code| (21000..22000).contains(&code)),
            "{what}: {api:?}"
        );
        assert!(api.message.is_some(), "{what}");
    }

    client
        .send(&UpdateConference::new(&conference).status(ConferenceUpdateStatus::Completed))
        .await
        .unwrap();
    let conflict = client
        .send(&UpdateConference::new(&conference).status(ConferenceUpdateStatus::Completed))
        .await
        .unwrap_err();
    assert_eq!(conflict.status(), Some(422));
    let unknown = client
        .send(&FetchConferenceRecording::new(&conference, "RE-missing"))
        .await
        .unwrap_err();
    assert_eq!(
        (unknown.status(), unknown.api().unwrap().code),
        (Some(404), Some(20404))
    );
}
