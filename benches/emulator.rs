//! The emulator under a test suite, each figure against a floor in the same
//! run:
//!
//! - `emulator_start`: `Emulator::start()` and its drop, against binding a
//!   listener and spawning the fixed-response server (and dropping it);
//! - `emulator_{fetch,update,create}_x{1,64}`: a batch of Retrieve
//!   Conference, Update Conference (an announcement) or Create Call through
//!   laml's client, one at a time and 64 at once, against the same requests
//!   to the fixed-response server answering the emulator's own body;
//! - `emulator_webhooks_x{1,all}`: incoming calls answered by a trivial app
//!   (`<Response><Say>`), settled, against the same number of POSTs to that
//!   app from a plain reqwest client.
//!
//! Then, printed as Markdown (criterion gives means only): p50 and p99 of
//! each request, create latency as the store fills (the 1000th and
//! 10,000th create against the 10th), and the live heap after 1k to 100k
//! requests with the request log on, from a counting allocator.
//!
//! Client, emulator, app and floor share one current-thread runtime, as in
//! `loopback`, so a request is a fixed amount of work on one core.
//!
//! `cargo bench --bench emulator`; `cargo bench --bench emulator -- reports`
//! prints the tables alone (no criterion figure is named `reports`), and
//! `--profile-time` runs the criterion figures alone, for a profiler.

mod shared;

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::routing::post;
use axum::Router;
use criterion::{Criterion, SamplingMode, Throughput};
use laml::calls::CreateCall;
use laml::conferences::{FetchConference, UpdateConference};
use laml::phone_numbers::BuyPhoneNumber;
use laml::Client;
use laml_emulator::{ConferenceSeed, Config, Emulator, Pace};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use shared::fixed_response_server::FixedResponseServer;

/// Counts the bytes allocated and not yet freed, for the memory table.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only a counter is
// kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Requests in one criterion iteration.
const BATCH: usize = 2_000;
/// Incoming calls in one criterion iteration.
const WEBHOOK_BATCH: usize = 200;
const NUMBER: &str = "+14155550100";
const CALLER: &str = "+15551239999";
const CALLEE: &str = "+15551230001";
const ANNOUNCEMENT: &str = "https://example.com/announce.xml";
const SAY: &str = "<Response><Say>Hello from the app.</Say></Response>";
/// The floor's empty reply for `emulator_start`.
const EMPTY_REPLY: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the bench's runtime")
}

/// The three requests measured.
#[derive(Clone, Copy, Debug)]
enum Operation {
    Fetch,
    Update,
    Create,
}

impl Operation {
    const ALL: [Operation; 3] = [Operation::Fetch, Operation::Update, Operation::Create];

    fn name(self) -> &'static str {
        match self {
            Operation::Fetch => "fetch",
            Operation::Update => "update",
            Operation::Create => "create",
        }
    }

    /// Sends it once through `client`, checking the reply.
    async fn send(self, client: Client, conference: Arc<str>) {
        match self {
            Operation::Fetch => {
                let fetched = client
                    .send(&FetchConference::new(&*conference))
                    .await
                    .expect("the fetch succeeds");
                assert_eq!(fetched.sid.as_str(), &*conference);
            }
            Operation::Update => {
                let updated = client
                    .send(&UpdateConference::new(&*conference).announce_url(ANNOUNCEMENT))
                    .await
                    .expect("the update succeeds");
                assert_eq!(updated.sid.as_str(), &*conference);
            }
            Operation::Create => {
                let call = client
                    .send(&CreateCall::new(CALLEE, NUMBER))
                    .await
                    .expect("the create succeeds");
                assert_eq!(call.to, CALLEE);
            }
        }
    }
}

/// An emulator with a conference to fetch and update, its client, and the
/// fixed-response server answering what the emulator answers `operation`,
/// with a client for it.
struct Pair {
    emulator: Emulator,
    emulator_client: Client,
    _floor: FixedResponseServer,
    floor_client: Client,
    conference: Arc<str>,
}

impl Pair {
    async fn start(operation: Operation, config: Config) -> Pair {
        let emulator = Emulator::start_with(config)
            .await
            .expect("the emulator starts");
        let conference: Arc<str> = emulator.seed_conference(ConferenceSeed::default()).into();
        let emulator_client = emulator.client().expect("the client builds");
        let body = match operation {
            Operation::Fetch | Operation::Update => {
                emulator.conference(&conference).expect("the conference")
            }
            Operation::Create => {
                let call = emulator_client
                    .send(&CreateCall::new(CALLEE, NUMBER))
                    .await
                    .expect("a call is placed");
                emulator.call(call.sid.as_str()).expect("the call")
            }
        };
        let floor = FixedResponseServer::start(&body.to_string()).await;
        let floor_client = Client::builder()
            .space_url(floor.origin())
            .project_id(emulator.project_id())
            .api_token(emulator.api_token())
            .build()
            .expect("the floor's client builds");
        Pair {
            emulator,
            emulator_client,
            _floor: floor,
            floor_client,
            conference,
        }
    }

    fn client(&self, side: Side) -> Client {
        match side {
            Side::Floor => self.floor_client.clone(),
            Side::Emulator => self.emulator_client.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Floor,
    Emulator,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::Floor => "floor",
            Side::Emulator => "emulator",
        }
    }
}

type Call = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

fn request(operation: Operation, client: Client, conference: Arc<str>) -> Call {
    Arc::new(move || Box::pin(operation.send(client.clone(), Arc::clone(&conference))))
}

/// Makes `calls` calls from `concurrency` tasks, each taking the next one
/// until none is left, and returns each call's latency.
async fn batch(concurrency: usize, calls: usize, call: Call) -> Vec<Duration> {
    let taken = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(calls)));
    let mut tasks = JoinSet::new();
    for _ in 0..concurrency {
        let (taken, latencies, call) = (
            Arc::clone(&taken),
            Arc::clone(&latencies),
            Arc::clone(&call),
        );
        tasks.spawn(async move {
            let mut mine = Vec::new();
            while taken.fetch_add(1, Ordering::Relaxed) < calls {
                let start = Instant::now();
                call().await;
                mine.push(start.elapsed());
            }
            latencies.lock().unwrap().extend(mine);
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a call task panicked");
    }
    Arc::try_unwrap(latencies)
        .expect("every task is done")
        .into_inner()
        .unwrap()
}

fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    group
}

fn start(c: &mut Criterion) {
    let runtime = runtime();
    let mut group = group(c, "emulator_start");
    group.sample_size(50);
    // The first start reads the facts table; a suite pays that once.
    drop(runtime.block_on(Emulator::start()));
    group.bench_function("floor", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iterations {
                    drop(FixedResponseServer::answering(EMPTY_REPLY).await);
                    tokio::task::yield_now().await;
                }
                start.elapsed()
            })
        })
    });
    group.bench_function("emulator", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let start = Instant::now();
                for _ in 0..iterations {
                    drop(Emulator::start().await.expect("the emulator starts"));
                    tokio::task::yield_now().await;
                }
                start.elapsed()
            })
        })
    });
    group.finish();
}

fn requests(c: &mut Criterion) {
    for operation in Operation::ALL {
        for concurrency in [1, 64] {
            let runtime = runtime();
            // A fresh pair for each figure: creates fill the store.
            let pair = runtime.block_on(Pair::start(operation, Config::default()));
            let mut group = group(c, &format!("emulator_{}_x{concurrency}", operation.name()));
            group.throughput(Throughput::Elements(BATCH as u64));
            for side in [Side::Floor, Side::Emulator] {
                let call = request(operation, pair.client(side), Arc::clone(&pair.conference));
                group.bench_function(side.name(), |b| {
                    b.iter_custom(|iterations| {
                        let start = Instant::now();
                        for _ in 0..iterations {
                            runtime.block_on(batch(concurrency, BATCH, Arc::clone(&call)));
                        }
                        start.elapsed()
                    })
                });
            }
            group.finish();
            drop(pair);
        }
    }
}

/// A trivial app: every POST to `/voice` is answered with [`SAY`].
async fn app() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let router = Router::new().route(
        "/voice",
        post(|| async { ([(axum::http::header::CONTENT_TYPE, "text/xml")], SAY) }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

/// An emulator whose number sends calls to the app, on a paused clock so
/// that each call's course stops after the app's answer; and a reqwest
/// client posting what the emulator posts, as the floor.
struct Webhooks {
    emulator: Emulator,
    url: String,
    floor_client: reqwest::Client,
    floor_body: String,
}

impl Webhooks {
    async fn start() -> Webhooks {
        let url = format!("{}/voice", app().await);
        let emulator = Emulator::start().await.expect("the emulator starts");
        emulator.set_pace(Pace::Paused);
        let client = emulator.client().expect("the client builds");
        client
            .send(&BuyPhoneNumber::new(NUMBER).voice_url(url.as_str()))
            .await
            .expect("the number is bought");
        emulator
            .incoming_call(CALLER, NUMBER)
            .expect("a call comes in");
        assert!(emulator.settle().await);
        let sent = emulator.webhooks();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].status, Some(200), "{:?}", sent[0]);
        let floor_body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&sent[0].params)
            .finish();
        emulator.clear_webhooks();
        Webhooks {
            emulator,
            url,
            floor_client: reqwest::Client::new(),
            floor_body,
        }
    }

    /// `calls` incoming calls, `concurrency` of them before each settle.
    async fn emulator(&self, calls: usize, concurrency: usize) {
        for _ in 0..calls / concurrency {
            for _ in 0..concurrency {
                self.emulator
                    .incoming_call(CALLER, NUMBER)
                    .expect("a call comes in");
            }
            assert!(self.emulator.settle().await);
        }
        assert_eq!(self.emulator.webhooks().len(), calls);
        self.emulator.clear_webhooks();
    }

    /// `calls` POSTs of the same form to the app, `concurrency` at once.
    async fn floor(&self, calls: usize, concurrency: usize) {
        let post = {
            let (client, url, body) = (
                self.floor_client.clone(),
                self.url.clone(),
                self.floor_body.clone(),
            );
            Arc::new(move || {
                let sent = client
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("x-signalwire-signature", "c2lnbmF0dXJlIG9mIGEgc2l6ZQ==")
                    .body(body.clone())
                    .send();
                Box::pin(async move {
                    let reply = sent.await.expect("the app answers");
                    assert_eq!(reply.status(), 200);
                    assert_eq!(reply.text().await.expect("a body"), SAY);
                }) as Pin<Box<dyn Future<Output = ()> + Send>>
            })
        };
        batch(concurrency, calls, post).await;
    }
}

fn webhooks(c: &mut Criterion) {
    let runtime = runtime();
    let webhooks = runtime.block_on(Webhooks::start());
    for (label, concurrency) in [("x1", 1), ("all", WEBHOOK_BATCH)] {
        let mut group = group(c, &format!("emulator_webhooks_{label}"));
        group.throughput(Throughput::Elements(WEBHOOK_BATCH as u64));
        group.bench_function("floor", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(webhooks.floor(WEBHOOK_BATCH, concurrency.min(64)));
                }
                start.elapsed()
            })
        });
        group.bench_function("emulator", |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    runtime.block_on(webhooks.emulator(WEBHOOK_BATCH, concurrency));
                }
                start.elapsed()
            })
        });
        group.finish();
    }
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let at = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len());
    sorted[at - 1]
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// p50, p99 and throughput of each request on each side.
fn latencies() {
    const WARM_UP: usize = 500;
    const MEASURED: usize = 10_000;
    println!("\n| request | clients | floor p50 µs | emulator p50 µs | floor p99 µs | emulator p99 µs | p99 ratio | floor req/s | emulator req/s | throughput ratio |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for operation in Operation::ALL {
        for concurrency in [1, 64] {
            let runtime = runtime();
            let pair = runtime.block_on(Pair::start(operation, Config::default()));
            let mut figures = Vec::new();
            for side in [Side::Floor, Side::Emulator] {
                let call = request(operation, pair.client(side), Arc::clone(&pair.conference));
                runtime.block_on(batch(concurrency, WARM_UP, Arc::clone(&call)));
                let start = Instant::now();
                let mut latencies = runtime.block_on(batch(concurrency, MEASURED, call));
                let rate = MEASURED as f64 / start.elapsed().as_secs_f64();
                latencies.sort_unstable();
                figures.push((
                    percentile(&latencies, 0.50),
                    percentile(&latencies, 0.99),
                    rate,
                ));
            }
            let [(floor_p50, floor_p99, floor_rate), (p50, p99, rate)] = figures[..] else {
                unreachable!()
            };
            println!(
                "| {} | {concurrency} | {:.0} | {:.0} | {:.0} | {:.0} | {:.2} | {floor_rate:.0} | {rate:.0} | {:.2} |",
                operation.name(),
                micros(floor_p50),
                micros(p50),
                micros(floor_p99),
                micros(p99),
                micros(p99) / micros(floor_p99),
                floor_rate / rate,
            );
            drop(pair);
        }
    }
}

/// The time of Create Call as the store fills, and of a fetch and a list
/// once it holds 10,000 calls.
fn creates() {
    const CREATES: usize = 10_000;
    const WINDOW: usize = 50;
    let runtime = runtime();
    let pair = runtime.block_on(Pair::start(Operation::Create, Config::default()));
    let call = request(
        Operation::Create,
        pair.emulator_client.clone(),
        Arc::clone(&pair.conference),
    );
    let mut latencies = Vec::with_capacity(CREATES);
    runtime.block_on(async {
        for _ in 0..CREATES {
            let start = Instant::now();
            call().await;
            latencies.push(start.elapsed());
        }
    });
    let median_from = |first: usize| {
        let mut window = latencies[first..first + WINDOW].to_vec();
        window.sort_unstable();
        percentile(&window, 0.5)
    };
    let tenth = median_from(10);
    println!("\n| create | median µs (of {WINDOW}) | against the 10th |");
    println!("|---|---|---|");
    for first in [10, 1_000, CREATES - WINDOW] {
        let median = median_from(first);
        println!(
            "| {}th | {:.0} | {:.2} |",
            first,
            micros(median),
            micros(median) / micros(tenth)
        );
    }
    let fetch = request(
        Operation::Fetch,
        pair.emulator_client.clone(),
        Arc::clone(&pair.conference),
    );
    let start = Instant::now();
    runtime.block_on(batch(1, 1_000, fetch));
    println!(
        "\nWith {CREATES} calls stored: a fetch takes {:.0} µs",
        micros(start.elapsed()) / 1_000.0
    );
}

/// The live heap after 1k to 100k fetches, the request log on (as a test's
/// emulator has it: `Config::default()`).
fn memory() {
    let runtime = runtime();
    let pair = runtime.block_on(Pair::start(Operation::Fetch, Config::default()));
    let call = request(
        Operation::Fetch,
        pair.emulator_client.clone(),
        Arc::clone(&pair.conference),
    );
    runtime.block_on(batch(64, 100, Arc::clone(&call)));
    let before = LIVE.load(Ordering::Relaxed);
    println!("\n| requests | live heap, KiB | growth since the first 100, KiB |");
    println!("|---|---|---|");
    let mut done = 0;
    for target in [1_000, 10_000, 50_000, 100_000] {
        runtime.block_on(batch(64, target - done, Arc::clone(&call)));
        done = target;
        let live = LIVE.load(Ordering::Relaxed);
        println!(
            "| {target} | {} | {} |",
            live / 1024,
            (live as i64 - before as i64) / 1024
        );
    }
    assert_eq!(pair.emulator.requests().len(), 1_000, "the log keeps 1000");
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    start(&mut c);
    requests(&mut c);
    webhooks(&mut c);
    c.final_summary();
    // Under `cargo test --benches` each bench runs once; the tables are
    // for `cargo bench`, and a profiler (`--profile-time`) wants the
    // criterion figure alone.
    let arguments: Vec<String> = std::env::args().collect();
    let profiling = arguments.iter().any(|arg| arg == "--profile-time");
    if arguments.iter().any(|arg| arg == "--bench") && !profiling {
        latencies();
        creates();
        memory();
    }
}
