//! Instructions per operation, counted by valgrind's callgrind: the
//! repeatable companion of the timed benches on a noisy machine.
//!
//! `cargo bench --bench instructions` runs this binary again under
//! `valgrind --tool=callgrind` for each case, twice (with `n` and `2n`
//! runs, so that setup cancels out), and prints a Markdown table of
//! instructions per operation with each one's ratio to the hand-written
//! baseline. Without valgrind it says so and stops.
//!
//! One case, to profile it: `valgrind --tool=callgrind TARGET/release/deps/instructions-* CASE RUNS`.

mod shared;

use std::hint::black_box;
use std::process::Command;
use std::sync::Arc;

use bytes::Bytes;
use laml::conferences::{ListConferences, UpdateConference};
use laml::Endpoint;
use reqwest::StatusCode;

use shared::fixtures::{
    conference_json, conference_page_json, CALL_SID, CONFERENCE_SID, OFFLINE_ORIGIN,
};
use shared::hand_written::{Conference, ConferencePage, DatedConference};
use shared::Flavour::{self, CurrentThread, MultiThread};

/// (case, group, code, runs for `n`): the first case of a group is its
/// baseline.
const CASES: &[(&str, &str, &str, u64)] = &[
    (
        "prepare_update_conference_hand_written",
        "prepare Update Conference",
        "hand-written",
        2_000,
    ),
    (
        "prepare_update_conference_laml_build_request",
        "prepare Update Conference",
        "laml build_request",
        2_000,
    ),
    (
        "prepare_update_conference_laml_new_and_build",
        "prepare Update Conference",
        "laml new + build_request",
        2_000,
    ),
    (
        "prepare_list_conferences_hand_written",
        "prepare List Conferences",
        "hand-written",
        2_000,
    ),
    (
        "prepare_list_conferences_laml_build_request",
        "prepare List Conferences",
        "laml build_request",
        2_000,
    ),
    (
        "prepare_list_conferences_laml_new_and_build",
        "prepare List Conferences",
        "laml new + build_request",
        2_000,
    ),
    (
        "prepare_update_participant_hand_written",
        "prepare Update Participant",
        "hand-written",
        2_000,
    ),
    (
        "prepare_update_participant_laml_build_request",
        "prepare Update Participant",
        "laml build_request",
        2_000,
    ),
    (
        "prepare_update_participant_laml_new_and_build",
        "prepare Update Participant",
        "laml new + build_request",
        2_000,
    ),
    (
        "decode_conference_hand_written_strings",
        "decode Conference",
        "hand-written, strings",
        2_000,
    ),
    (
        "decode_conference_hand_written_dates",
        "decode Conference",
        "hand-written, dates parsed",
        2_000,
    ),
    ("decode_conference_laml", "decode Conference", "laml", 2_000),
    (
        "decode_page_hand_written_strings",
        "decode page of 50",
        "hand-written, strings",
        100,
    ),
    (
        "decode_page_hand_written_dates",
        "decode page of 50",
        "hand-written, dates parsed",
        100,
    ),
    ("decode_page_laml", "decode page of 50", "laml", 100),
    (
        "loopback_hand_written",
        "Update Conference call on loopback",
        "hand-written reqwest",
        200,
    ),
    (
        "loopback_laml",
        "Update Conference call on loopback",
        "laml send",
        200,
    ),
    (
        "loopback_x64_hand_written",
        "Update Conference call on loopback, 64 at once",
        "hand-written reqwest",
        640,
    ),
    (
        "loopback_x64_laml",
        "Update Conference call on loopback, 64 at once",
        "laml send",
        640,
    ),
    (
        "loopback_mt_hand_written",
        "Update Conference call on loopback, multi-thread runtime",
        "hand-written reqwest",
        200,
    ),
    (
        "loopback_mt_laml",
        "Update Conference call on loopback, multi-thread runtime",
        "laml send",
        200,
    ),
    (
        "loopback_mt_x64_hand_written",
        "Update Conference call on loopback, multi-thread runtime, 64 at once",
        "hand-written reqwest",
        640,
    ),
    (
        "loopback_mt_x64_laml",
        "Update Conference call on loopback, multi-thread runtime, 64 at once",
        "laml send",
        640,
    ),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [case, runs] if !case.starts_with('-') => {
            run(case, runs.parse().expect("RUNS is a number"))
        }
        _ if args.iter().any(|arg| arg == "--bench") => count_all(),
        // `cargo test --benches` runs bench binaries without `--bench`.
        _ => {}
    }
}

fn count_all() {
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("valgrind is not installed: no instruction counts");
        return;
    }
    let exe = std::env::current_exe().expect("this binary's path");
    let count = |case: &str, runs: u64| -> u64 {
        let out = std::env::temp_dir().join(format!("laml-callgrind-{}.out", std::process::id()));
        let output = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(&exe)
            .args([case, &runs.to_string()])
            .output()
            .expect("valgrind runs");
        let _ = std::fs::remove_file(&out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{case} failed under valgrind:\n{stderr}"
        );
        stderr
            .lines()
            .find_map(|line| line.split("Collected :").nth(1))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no instruction count for {case}:\n{stderr}"))
    };

    println!("| operation | code | instructions / op | ratio to the first row |");
    println!("| --- | --- | ---: | ---: |");
    let mut baseline = ("", 0.0);
    for &(case, group, code, runs) in CASES {
        let per_op = (count(case, 2 * runs) as f64 - count(case, runs) as f64) / runs as f64;
        if baseline.0 != group {
            baseline = (group, per_op);
        }
        println!(
            "| {group} | {code} | {per_op:.0} | {:.3}× |",
            per_op / baseline.1
        );
    }
}

/// Runs one case `runs` times.
fn run(case: &str, runs: u64) {
    let laml = shared::laml_client(OFFLINE_ORIGIN);
    let hand_written = shared::hand_written_client(OFFLINE_ORIGIN);
    let repeat = |mut operation: Box<dyn FnMut() + '_>| {
        for _ in 0..runs {
            operation();
        }
    };
    let conference = Bytes::from(conference_json(CONFERENCE_SID));
    let page = Bytes::from(conference_page_json(50));
    match case {
        "prepare_update_conference_hand_written" => {
            let update = shared::hand_written_update_conference();
            repeat(Box::new(|| {
                black_box(
                    hand_written
                        .update_conference_request(black_box(CONFERENCE_SID), black_box(&update)),
                )
                .unwrap();
            }))
        }
        "prepare_update_conference_laml_build_request" => {
            let request = shared::update_conference();
            repeat(Box::new(|| {
                black_box(laml.build_request(black_box(&request))).unwrap();
            }))
        }
        "prepare_update_conference_laml_new_and_build" => repeat(Box::new(|| {
            black_box(laml.build_request(&black_box(shared::update_conference()))).unwrap();
        })),
        "prepare_list_conferences_hand_written" => {
            let filters = shared::hand_written_list_conferences();
            repeat(Box::new(|| {
                black_box(hand_written.list_conferences_request(black_box(&filters))).unwrap();
            }))
        }
        "prepare_list_conferences_laml_build_request" => {
            let request = shared::list_conferences();
            repeat(Box::new(|| {
                black_box(laml.build_request(black_box(&request))).unwrap();
            }))
        }
        "prepare_list_conferences_laml_new_and_build" => repeat(Box::new(|| {
            black_box(laml.build_request(&black_box(shared::list_conferences()))).unwrap();
        })),
        "prepare_update_participant_hand_written" => {
            let update = shared::hand_written_update_participant();
            repeat(Box::new(|| {
                black_box(hand_written.update_participant_request(
                    black_box(CONFERENCE_SID),
                    black_box(CALL_SID),
                    black_box(&update),
                ))
                .unwrap();
            }))
        }
        "prepare_update_participant_laml_build_request" => {
            let request = shared::update_participant();
            repeat(Box::new(|| {
                black_box(laml.build_request(black_box(&request))).unwrap();
            }))
        }
        "prepare_update_participant_laml_new_and_build" => repeat(Box::new(|| {
            black_box(laml.build_request(&black_box(shared::update_participant()))).unwrap();
        })),
        "decode_conference_hand_written_strings" => repeat(Box::new(|| {
            black_box(serde_json::from_slice::<Conference>(black_box(&conference))).unwrap();
        })),
        "decode_conference_hand_written_dates" => repeat(Box::new(|| {
            black_box(serde_json::from_slice::<DatedConference>(black_box(
                &conference,
            )))
            .unwrap();
        })),
        "decode_conference_laml" => repeat(Box::new(|| {
            black_box(UpdateConference::decode_response(
                StatusCode::OK,
                black_box(conference.clone()),
            ))
            .unwrap();
        })),
        "decode_page_hand_written_strings" => repeat(Box::new(|| {
            black_box(serde_json::from_slice::<ConferencePage<Conference>>(
                black_box(&page),
            ))
            .unwrap();
        })),
        "decode_page_hand_written_dates" => repeat(Box::new(|| {
            black_box(serde_json::from_slice::<ConferencePage<DatedConference>>(
                black_box(&page),
            ))
            .unwrap();
        })),
        "decode_page_laml" => repeat(Box::new(|| {
            black_box(ListConferences::decode_response(
                StatusCode::OK,
                black_box(page.clone()),
            ))
            .unwrap();
        })),
        "loopback_hand_written" => loopback(CurrentThread, false, 1, runs),
        "loopback_laml" => loopback(CurrentThread, true, 1, runs),
        "loopback_x64_hand_written" => loopback(CurrentThread, false, 64, runs),
        "loopback_x64_laml" => loopback(CurrentThread, true, 64, runs),
        "loopback_mt_hand_written" => loopback(MultiThread, false, 1, runs),
        "loopback_mt_laml" => loopback(MultiThread, true, 1, runs),
        "loopback_mt_x64_hand_written" => loopback(MultiThread, false, 64, runs),
        "loopback_mt_x64_laml" => loopback(MultiThread, true, 64, runs),
        _ => panic!("unknown case `{case}`"),
    }
}

/// `runs` Update Conference calls from `concurrency` tasks on a runtime of
/// `flavour`, after a round that opens the connections.
fn loopback(flavour: Flavour, through_laml: bool, concurrency: u64, runs: u64) {
    let (runtime, server, laml, hand_written) =
        shared::loopback_on(flavour, &conference_json(CONFERENCE_SID));
    let call = move || {
        let laml = laml.clone();
        let hand_written = Arc::clone(&hand_written);
        async move {
            if through_laml {
                shared::laml_end_conference(laml).await
            } else {
                shared::hand_written_end_conference(hand_written).await
            }
        }
    };
    runtime.block_on(async {
        for calls_per_task in [1, runs / concurrency] {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..concurrency {
                let call = call.clone();
                tasks.spawn(async move {
                    for _ in 0..calls_per_task {
                        call().await;
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("a call task panicked");
            }
        }
        drop(server);
    });
}
