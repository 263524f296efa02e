//! Request preparation: the URL, the encoded form or query and the headers
//! of a request, built by laml's `Client::build_request` and by hand.
//!
//! `laml_build_request` times `build_request` on a request struct built
//! once; `laml_new_and_build` also builds the struct, as a call site does.
//! Both are compared with `hand_written`, which takes borrowed arguments.

mod shared;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

use shared::fixtures::{CALL_SID, CONFERENCE_SID, OFFLINE_ORIGIN};

fn update_conference(c: &mut Criterion) {
    let laml = shared::laml_client(OFFLINE_ORIGIN);
    let hand_written = shared::hand_written_client(OFFLINE_ORIGIN);
    let request = shared::update_conference();
    let update = shared::hand_written_update_conference();
    shared::assert_same_request(
        &laml.build_request(&request).unwrap(),
        &hand_written
            .update_conference_request(CONFERENCE_SID, &update)
            .unwrap(),
    );

    let mut group = c.benchmark_group("prepare_update_conference");
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written
                .update_conference_request(black_box(CONFERENCE_SID), black_box(&update))
                .unwrap()
        })
    });
    group.bench_function("laml_build_request", |b| {
        b.iter(|| laml.build_request(black_box(&request)).unwrap())
    });
    group.bench_function("laml_new_and_build", |b| {
        b.iter(|| {
            laml.build_request(&black_box(shared::update_conference()))
                .unwrap()
        })
    });
    group.finish();
}

fn list_conferences(c: &mut Criterion) {
    let laml = shared::laml_client(OFFLINE_ORIGIN);
    let hand_written = shared::hand_written_client(OFFLINE_ORIGIN);
    let request = shared::list_conferences();
    let filters = shared::hand_written_list_conferences();
    shared::assert_same_request(
        &laml.build_request(&request).unwrap(),
        &hand_written.list_conferences_request(&filters).unwrap(),
    );

    let mut group = c.benchmark_group("prepare_list_conferences");
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written
                .list_conferences_request(black_box(&filters))
                .unwrap()
        })
    });
    group.bench_function("laml_build_request", |b| {
        b.iter(|| laml.build_request(black_box(&request)).unwrap())
    });
    group.bench_function("laml_new_and_build", |b| {
        b.iter(|| {
            laml.build_request(&black_box(shared::list_conferences()))
                .unwrap()
        })
    });
    group.finish();
}

fn update_participant(c: &mut Criterion) {
    let laml = shared::laml_client(OFFLINE_ORIGIN);
    let hand_written = shared::hand_written_client(OFFLINE_ORIGIN);
    let request = shared::update_participant();
    let update = shared::hand_written_update_participant();
    shared::assert_same_request(
        &laml.build_request(&request).unwrap(),
        &hand_written
            .update_participant_request(CONFERENCE_SID, CALL_SID, &update)
            .unwrap(),
    );

    let mut group = c.benchmark_group("prepare_update_participant");
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written
                .update_participant_request(
                    black_box(CONFERENCE_SID),
                    black_box(CALL_SID),
                    black_box(&update),
                )
                .unwrap()
        })
    });
    group.bench_function("laml_build_request", |b| {
        b.iter(|| laml.build_request(black_box(&request)).unwrap())
    });
    group.bench_function("laml_new_and_build", |b| {
        b.iter(|| {
            laml.build_request(&black_box(shared::update_participant()))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = update_conference, list_conferences, update_participant
}
criterion_main!(benches);
