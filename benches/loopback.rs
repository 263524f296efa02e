//! End to end on loopback: 10,000 Update Conference calls (prepare, send,
//! read, decode) against a local server that answers a fixed conference,
//! through laml's `Client::send` and through hand-written reqwest code, one
//! call at a time and 64 at once.
//!
//! One iteration is one batch of 10,000 calls; criterion reports the time
//! of a batch and the calls per second.

mod shared;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use tokio::task::JoinSet;

use shared::fixtures::{conference_json, CONFERENCE_SID};

const CALLS: usize = 10_000;

/// Makes `CALLS` calls from `concurrency` tasks, each taking the next call
/// until none is left.
async fn batch<F, Fut>(concurrency: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let taken = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..concurrency {
        let taken = Arc::clone(&taken);
        let call = call.clone();
        tasks.spawn(async move {
            while taken.fetch_add(1, Ordering::Relaxed) < CALLS {
                call().await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a call task panicked");
    }
}

fn update_conference(c: &mut Criterion) {
    let (runtime, server, laml, hand_written) = shared::loopback(&conference_json(CONFERENCE_SID));
    let laml_call = move || shared::laml_end_conference(laml.clone());
    let hand_written_call = move || shared::hand_written_end_conference(Arc::clone(&hand_written));

    for concurrency in [1, 64] {
        let mut group = c.benchmark_group(format!("loopback_update_conference_x{concurrency}"));
        group
            .throughput(Throughput::Elements(CALLS as u64))
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.bench_function("hand_written", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(batch(concurrency, hand_written_call.clone()));
                }
                start.elapsed()
            })
        });
        group.bench_function("laml", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(batch(concurrency, laml_call.clone()));
                }
                start.elapsed()
            })
        });
        group.finish();
    }
    drop(server);
}

criterion_group!(benches, update_conference);
criterion_main!(benches);
