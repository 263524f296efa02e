//! Response decoding: a conference and a page of 50, decoded the way laml
//! decodes an endpoint's response (`Endpoint::decode_response`), and with
//! plain `serde_json` into hand-written structs: one with the dates left as
//! strings, one that parses them as laml does.

mod shared;

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use laml::conferences::{ListConferences, UpdateConference};
use laml::Endpoint;
use reqwest::StatusCode;

use shared::fixtures::{conference_json, conference_page_json, CONFERENCE_SID};
use shared::hand_written::{Conference, ConferencePage, DatedConference};

fn conference(c: &mut Criterion) {
    let body = Bytes::from(conference_json(CONFERENCE_SID));
    let mut group = c.benchmark_group("decode_conference");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("hand_written_strings", |b| {
        b.iter(|| serde_json::from_slice::<Conference>(black_box(&body)).unwrap())
    });
    group.bench_function("hand_written_dates", |b| {
        b.iter(|| serde_json::from_slice::<DatedConference>(black_box(&body)).unwrap())
    });
    group.bench_function("laml", |b| {
        b.iter(|| {
            UpdateConference::decode_response(StatusCode::OK, black_box(body.clone())).unwrap()
        })
    });
    group.finish();
}

fn conference_page(c: &mut Criterion) {
    let body = Bytes::from(conference_page_json(50));
    let page = ListConferences::decode_response(StatusCode::OK, body.clone()).unwrap();
    assert_eq!(page.items.len(), 50);
    assert!(page.items.iter().all(|c| c.date_created.is_some()));

    let mut group = c.benchmark_group("decode_conference_page_50");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("hand_written_strings", |b| {
        b.iter(|| serde_json::from_slice::<ConferencePage<Conference>>(black_box(&body)).unwrap())
    });
    group.bench_function("hand_written_dates", |b| {
        b.iter(|| {
            serde_json::from_slice::<ConferencePage<DatedConference>>(black_box(&body)).unwrap()
        })
    });
    group.bench_function("laml", |b| {
        b.iter(|| {
            ListConferences::decode_response(StatusCode::OK, black_box(body.clone())).unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = conference, conference_page
}
criterion_main!(benches);
