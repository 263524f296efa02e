//! Heap allocations per request, laml against hand-written code, counted by
//! a global allocator: for request preparation, for decoding, and for a
//! whole call on loopback; then the live heap after 10k, 50k and 100k
//! calls, which must stay flat.
//!
//! Counts are deterministic for preparation and decoding; on loopback they
//! are whole-process averages (client, tokio, hyper and the fixed-response
//! server, which is measured alone first).
//!
//! Prints Markdown tables: `cargo bench --bench allocations`.

mod shared;

use std::alloc::{GlobalAlloc, Layout, System};
use std::future::Future;
use std::hint::black_box;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use laml::conferences::{ListConferences, UpdateConference};
use laml::Endpoint;
use reqwest::StatusCode;
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use shared::fixed_response_server::FixedResponseServer;
use shared::fixtures::{
    conference_json, conference_page_json, CALL_SID, CONFERENCE_SID, OFFLINE_ORIGIN,
};
use shared::hand_written::{Conference, ConferencePage, DatedConference};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static PEAK_LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting. A `realloc` counts as one allocation of
/// its new size.
struct Counting;

impl Counting {
    fn allocated(size: usize) {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(size, Ordering::Relaxed);
        let live = LIVE_BYTES.fetch_add(size, Ordering::Relaxed) + size;
        PEAK_LIVE_BYTES.fetch_max(live, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            Self::allocated(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            Self::allocated(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_ptr = System.realloc(ptr, layout, new_size);
        if !new_ptr.is_null() {
            LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
            Self::allocated(new_size);
        }
        new_ptr
    }
}

/// Allocations and allocated bytes per run of `operation`, averaged over
/// `runs` after `runs / 10` unmeasured ones.
fn per_run(runs: usize, mut operation: impl FnMut()) -> (f64, f64) {
    for _ in 0..runs / 10 {
        operation();
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let bytes = ALLOCATED_BYTES.load(Ordering::Relaxed);
    for _ in 0..runs {
        operation();
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - allocations;
    let bytes = ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes;
    (allocations as f64 / runs as f64, bytes as f64 / runs as f64)
}

fn print_header(title: &str) {
    println!("\n### {title}\n");
    println!(
        "| operation | code | allocations / op | bytes allocated / op | ratio (allocations) |"
    );
    println!("| --- | --- | ---: | ---: | ---: |");
}

fn print_row(operation: &str, code: &str, (allocations, bytes): (f64, f64), baseline: f64) {
    println!(
        "| {operation} | {code} | {allocations:.2} | {bytes:.0} | {:.2}× |",
        allocations / baseline
    );
}

fn request_preparation() {
    let laml = shared::laml_client(OFFLINE_ORIGIN);
    let hand_written = shared::hand_written_client(OFFLINE_ORIGIN);
    const RUNS: usize = 10_000;
    print_header("Request preparation");

    let update = shared::hand_written_update_conference();
    let request = shared::update_conference();
    let baseline = per_run(RUNS, || {
        black_box(hand_written.update_conference_request(CONFERENCE_SID, black_box(&update)))
            .unwrap();
    });
    print_row("Update Conference", "hand-written", baseline, baseline.0);
    let laml_build = per_run(RUNS, || {
        black_box(laml.build_request(black_box(&request))).unwrap();
    });
    print_row(
        "Update Conference",
        "laml build_request",
        laml_build,
        baseline.0,
    );
    let laml_new = per_run(RUNS, || {
        black_box(laml.build_request(&black_box(shared::update_conference()))).unwrap();
    });
    print_row(
        "Update Conference",
        "laml new + build_request",
        laml_new,
        baseline.0,
    );

    let filters = shared::hand_written_list_conferences();
    let request = shared::list_conferences();
    let baseline = per_run(RUNS, || {
        black_box(hand_written.list_conferences_request(black_box(&filters))).unwrap();
    });
    print_row("List Conferences", "hand-written", baseline, baseline.0);
    let laml_build = per_run(RUNS, || {
        black_box(laml.build_request(black_box(&request))).unwrap();
    });
    print_row(
        "List Conferences",
        "laml build_request",
        laml_build,
        baseline.0,
    );
    let laml_new = per_run(RUNS, || {
        black_box(laml.build_request(&black_box(shared::list_conferences()))).unwrap();
    });
    print_row(
        "List Conferences",
        "laml new + build_request",
        laml_new,
        baseline.0,
    );

    let update = shared::hand_written_update_participant();
    let request = shared::update_participant();
    let baseline = per_run(RUNS, || {
        black_box(hand_written.update_participant_request(
            CONFERENCE_SID,
            CALL_SID,
            black_box(&update),
        ))
        .unwrap();
    });
    print_row("Update Participant", "hand-written", baseline, baseline.0);
    let laml_build = per_run(RUNS, || {
        black_box(laml.build_request(black_box(&request))).unwrap();
    });
    print_row(
        "Update Participant",
        "laml build_request",
        laml_build,
        baseline.0,
    );
    let laml_new = per_run(RUNS, || {
        black_box(laml.build_request(&black_box(shared::update_participant()))).unwrap();
    });
    print_row(
        "Update Participant",
        "laml new + build_request",
        laml_new,
        baseline.0,
    );
}

fn response_decoding() {
    const RUNS: usize = 2_000;
    print_header("Response decoding");

    let body = Bytes::from(conference_json(CONFERENCE_SID));
    let baseline = per_run(RUNS, || {
        black_box(serde_json::from_slice::<Conference>(black_box(&body))).unwrap();
    });
    print_row("Conference", "hand-written, strings", baseline, baseline.0);
    let dates = per_run(RUNS, || {
        black_box(serde_json::from_slice::<DatedConference>(black_box(&body))).unwrap();
    });
    print_row(
        "Conference",
        "hand-written, dates parsed",
        dates,
        baseline.0,
    );
    let laml = per_run(RUNS, || {
        black_box(UpdateConference::decode_response(
            StatusCode::OK,
            body.clone(),
        ))
        .unwrap();
    });
    print_row("Conference", "laml", laml, baseline.0);

    let body = Bytes::from(conference_page_json(50));
    let baseline = per_run(RUNS, || {
        black_box(serde_json::from_slice::<ConferencePage<Conference>>(
            black_box(&body),
        ))
        .unwrap();
    });
    print_row("Page of 50", "hand-written, strings", baseline, baseline.0);
    let dates = per_run(RUNS, || {
        black_box(serde_json::from_slice::<ConferencePage<DatedConference>>(
            black_box(&body),
        ))
        .unwrap();
    });
    print_row(
        "Page of 50",
        "hand-written, dates parsed",
        dates,
        baseline.0,
    );
    let laml = per_run(RUNS, || {
        black_box(ListConferences::decode_response(
            StatusCode::OK,
            body.clone(),
        ))
        .unwrap();
    });
    print_row("Page of 50", "laml", laml, baseline.0);
}

/// Runs `calls` calls from `concurrency` tasks, each taking the next call
/// until none is left.
fn run_calls<F, Fut>(runtime: &Runtime, calls: usize, concurrency: usize, call: &F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    runtime.block_on(async {
        let taken = Arc::new(AtomicUsize::new(0));
        let mut tasks = JoinSet::new();
        for _ in 0..concurrency {
            let taken = Arc::clone(&taken);
            let call = call.clone();
            tasks.spawn(async move {
                while taken.fetch_add(1, Ordering::Relaxed) < calls {
                    call().await;
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a call task panicked");
        }
    });
}

/// The server's own share: raw HTTP/1.1 requests over one kept-alive
/// connection from a blocking socket on another thread, with no client
/// library.
fn server_alone(
    runtime: &Runtime,
    server: &FixedResponseServer,
    response_len: usize,
) -> (f64, f64) {
    let address = server.origin().trim_start_matches("http://").to_owned();
    let raw_client = runtime.spawn_blocking(move || raw_calls(&address, response_len));
    runtime.block_on(raw_client).expect("the raw client")
}

fn raw_calls(address: &str, response_len: usize) -> (f64, f64) {
    let mut socket = std::net::TcpStream::connect(address).expect("connect to the server");
    socket.set_nodelay(true).unwrap();
    let request = format!(
        "POST /api/laml/2010-04-01/Accounts/{}/Conferences/{CONFERENCE_SID} HTTP/1.1\r\n\
         host: {address}\r\ncontent-type: application/x-www-form-urlencoded\r\n\
         content-length: 16\r\n\r\nStatus=completed",
        shared::fixtures::PROJECT_ID
    );
    let mut response = vec![0u8; response_len];
    per_run(10_000, || {
        socket.write_all(request.as_bytes()).unwrap();
        socket.read_exact(&mut response).unwrap();
    })
}

fn loopback() {
    let body = conference_json(CONFERENCE_SID);
    let (runtime, server, laml, hand_written) = shared::loopback(&body);
    let laml_call = move || shared::laml_end_conference(laml.clone());
    let hand_written_call = move || shared::hand_written_end_conference(Arc::clone(&hand_written));

    print_header("Update Conference on loopback, one call at a time (whole process)");
    let head_len = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \r\n\r\n"
        .len()
        + body.len().to_string().len();
    let server_only = server_alone(&runtime, &server, head_len + body.len());
    const CALLS: usize = 10_000;
    let baseline = per_run(CALLS, || run_calls(&runtime, 1, 1, &hand_written_call));
    let laml = per_run(CALLS, || run_calls(&runtime, 1, 1, &laml_call));
    print_row("server alone", "raw socket", server_only, baseline.0);
    print_row("call", "hand-written reqwest", baseline, baseline.0);
    print_row("call", "laml send", laml, baseline.0);

    println!("\n### Heap held by 100,000 Update Conference calls on loopback\n");
    println!(
        "| code | concurrency | live after 1k calls | after 10k | after 50k | after 100k | peak |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for concurrency in [1, 64] {
        live_heap("hand-written", concurrency, &runtime, &hand_written_call);
        live_heap("laml", concurrency, &runtime, &laml_call);
    }
    drop(server);
}

/// The heap this code's calls hold: live bytes after 1k, 10k, 50k and
/// 100k calls, and the peak, minus what was live before its first call (so
/// the connections an earlier row left in its own pool do not count).
fn live_heap<F, Fut>(code: &str, concurrency: usize, runtime: &Runtime, call: &F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    PEAK_LIVE_BYTES.store(before, Ordering::Relaxed);
    let kib = |bytes: usize| format!("{:.1} KiB", bytes.saturating_sub(before) as f64 / 1024.0);
    let mut live = Vec::new();
    for calls in [1_000, 9_000, 40_000, 50_000] {
        run_calls(runtime, calls, concurrency, call);
        live.push(LIVE_BYTES.load(Ordering::Relaxed));
    }
    println!(
        "| {code} | {concurrency} | {} | {} | {} | {} | {} |",
        kib(live[0]),
        kib(live[1]),
        kib(live[2]),
        kib(live[3]),
        kib(PEAK_LIVE_BYTES.load(Ordering::Relaxed)),
    );
}

fn main() {
    // `cargo test --benches` runs bench binaries with no `--bench`; counting
    // is for `cargo bench` only.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    request_preparation();
    response_decoding();
    loopback();
}
