//! End to end on loopback: 10,000 Update Conference calls (prepare, send,
//! read, decode) against a local server that answers a fixed conference,
//! through laml's `Client::send` and through hand-written reqwest code, one
//! call at a time and 64 at once.
//!
//! One iteration is one batch of 10,000 calls; criterion reports the time
//! of a batch and the calls per second.
//!
//! Rows 3a and 3b (`loopback_update_conference_x*`) run client and server
//! on one current-thread runtime. The runtime flavour groups run the same
//! batches on tokio's multi-thread runtime (`loopback_multi_thread_x*`,
//! wall time), and on both flavours measured in the process's CPU time
//! (`loopback_cpu_*`: criterion's "time" is then CPU time per batch, and
//! its throughput calls per CPU-second).

mod shared;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use tokio::task::JoinSet;

use shared::fixtures::{conference_json, CONFERENCE_SID};
use shared::Flavour;

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

/// One group, `name`: a batch of the hand-written calls against a batch of
/// laml's, at `concurrency`, each batch timed with `clock`.
fn compare<H, HF, L, LF>(
    c: &mut Criterion,
    name: String,
    runtime: &tokio::runtime::Runtime,
    concurrency: usize,
    clock: Clock,
    hand_written_call: H,
    laml_call: L,
) where
    H: Fn() -> HF + Clone + Send + 'static,
    HF: std::future::Future<Output = ()> + Send,
    L: Fn() -> LF + Clone + Send + 'static,
    LF: std::future::Future<Output = ()> + Send,
{
    let mut group = c.benchmark_group(name);
    group
        .throughput(Throughput::Elements(CALLS as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("hand_written", |b| {
        b.iter_custom(|iterations| {
            let start = clock();
            for _ in 0..iterations {
                runtime.block_on(batch(concurrency, hand_written_call.clone()));
            }
            clock() - start
        })
    });
    group.bench_function("laml", |b| {
        b.iter_custom(|iterations| {
            let start = clock();
            for _ in 0..iterations {
                runtime.block_on(batch(concurrency, laml_call.clone()));
            }
            clock() - start
        })
    });
    group.finish();
}

fn update_conference(c: &mut Criterion) {
    let (runtime, server, laml, hand_written) = shared::loopback(&conference_json(CONFERENCE_SID));
    let laml_call = move || shared::laml_end_conference(laml.clone());
    let hand_written_call = move || shared::hand_written_end_conference(Arc::clone(&hand_written));
    for concurrency in [1, 64] {
        compare(
            c,
            format!("loopback_update_conference_x{concurrency}"),
            &runtime,
            concurrency,
            wall_clock,
            hand_written_call.clone(),
            laml_call.clone(),
        );
    }
    drop(server);
}

/// The same batches on each runtime flavour, in wall time (multi-thread;
/// the current-thread figures are `update_conference`'s) and in CPU time
/// (both).
fn runtime_flavours(c: &mut Criterion) {
    for flavour in [Flavour::CurrentThread, Flavour::MultiThread] {
        let (runtime, server, laml, hand_written) =
            shared::loopback_on(flavour, &conference_json(CONFERENCE_SID));
        let laml_call = move || shared::laml_end_conference(laml.clone());
        let hand_written_call =
            move || shared::hand_written_end_conference(Arc::clone(&hand_written));
        for concurrency in [1, 64] {
            let mut clocks: Vec<(&str, Clock)> = Vec::new();
            if flavour == Flavour::MultiThread {
                clocks.push(("", wall_clock));
            }
            #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
            clocks.push(("cpu_", shared::process_cpu_time));
            for (prefix, clock) in clocks {
                compare(
                    c,
                    format!("loopback_{prefix}{}_x{concurrency}", flavour.name()),
                    &runtime,
                    concurrency,
                    clock,
                    hand_written_call.clone(),
                    laml_call.clone(),
                );
            }
        }
        drop(server);
    }
}

/// What a group measures a batch with: wall or CPU time since some start.
type Clock = fn() -> Duration;

/// Wall time since an arbitrary start.
fn wall_clock() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

criterion_group!(benches, update_conference, runtime_flavours);
criterion_main!(benches);
