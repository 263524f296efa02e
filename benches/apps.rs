//! The app side: validating a webhook's signature, and rendering a LaML
//! document, each against hand-written code doing the same work.
//!
//! `validate_*` checks the signature of a typical voice request (13
//! parameters) as received: the hand-written code sorts the parameters,
//! runs HMAC-SHA1 over the URL and them, decodes the header and compares in
//! constant time. `render_*` writes the same document (a greeting, a
//! `<Gather>` with a prompt, a goodbye; text that needs escaping) to a
//! `String`; the hand-written code escapes with a `match` per character.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use criterion::{criterion_group, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use laml::document::voice::{Gather, GatherInput, Say, SayVoice, VoiceResponse};
use laml::signature::{RequestSigner, RequestValidator};
use laml::CallbackMethod;
use sha1::Sha1;

const KEY: &str = "PSK_benchmark_signing_key_0123456789";
const URL: &str = "https://voice.example.com/gather?tenant=42";
const PARAMS: &[(&str, &str)] = &[
    ("To", "+15557654321"),
    ("From", "+15551234567"),
    ("CallSid", "7c3b2f0e-1111-4222-8333-444455556666"),
    ("AccountSid", "b2d6c1b4-0000-4000-8000-000000000001"),
    ("ApiVersion", "2010-04-01"),
    ("CallStatus", "in-progress"),
    ("Direction", "inbound"),
    ("ForwardedFrom", ""),
    ("CallerName", "Alice Example"),
    ("ParentCallSid", ""),
    ("Digits", "1"),
    ("SpeechResult", "sales please"),
    ("Confidence", "0.92"),
];

fn hand_written_validate(key: &[u8], url: &str, params: &[(&str, &str)], header: &str) -> bool {
    let mut sorted = params.to_vec();
    sorted.sort_unstable();
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        return false;
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    match BASE64.decode(header) {
        Ok(expected) => mac.verify_slice(&expected).is_ok(),
        Err(_) => false,
    }
}

fn signatures(c: &mut Criterion) {
    let signature = RequestSigner::new(KEY).sign_form(URL, PARAMS.iter().copied());
    let validator = RequestValidator::new(KEY);
    assert!(hand_written_validate(
        KEY.as_bytes(),
        URL,
        PARAMS,
        &signature
    ));
    assert!(validator
        .validate_form(URL, PARAMS.iter().copied(), Some(&signature))
        .is_ok());

    let mut group = c.benchmark_group("validate_signature");
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written_validate(
                black_box(KEY.as_bytes()),
                black_box(URL),
                black_box(PARAMS),
                black_box(&signature),
            )
        })
    });
    group.bench_function("laml", |b| {
        b.iter(|| {
            black_box(&validator)
                .validate_form(
                    black_box(URL),
                    black_box(PARAMS).iter().copied(),
                    Some(black_box(&signature)),
                )
                .is_ok()
        })
    });
    group.finish();
}

const GREETING: &str = "Thank you for calling \"Example & Sons\".";
const PROMPT: &str = "For sales, press 1.\nFor support, press 2 <or say it>.";
const GOODBYE: &str = "We did not receive any input. Goodbye!";
const ACTION: &str = "https://voice.example.com/gather?tenant=42&step=menu";

fn laml_document() -> VoiceResponse {
    VoiceResponse::new()
        .append(Say::new(GREETING).voice(SayVoice::Woman))
        .append(
            Gather::new()
                .action(ACTION)
                .method(CallbackMethod::Post)
                .input([GatherInput::Dtmf, GatherInput::Speech])
                .num_digits(1)
                .timeout(5)
                .append(Say::new(PROMPT)),
        )
        .append(Say::new(GOODBYE))
}

fn escape(out: &mut String, text: &str, attribute: bool) -> Result<(), char> {
    for character in text.chars() {
        match character {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(character),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => return Err(character),
            _ => out.push(character),
        }
    }
    Ok(())
}

fn hand_written_document(
    greeting: &str,
    action: &str,
    num_digits: u32,
    timeout: u32,
    prompt: &str,
    goodbye: &str,
) -> Result<String, char> {
    let mut out = String::with_capacity(256);
    out.push_str(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="woman">"#);
    escape(&mut out, greeting, false)?;
    out.push_str(r#"</Say><Gather action=""#);
    escape(&mut out, action, true)?;
    let _ = write!(
        out,
        r#"" input="dtmf speech" method="POST" numDigits="{num_digits}" timeout="{timeout}"><Say>"#
    );
    escape(&mut out, prompt, false)?;
    out.push_str("</Say></Gather><Say>");
    escape(&mut out, goodbye, false)?;
    out.push_str("</Say></Response>");
    Ok(out)
}

fn rendering(c: &mut Criterion) {
    let document = laml_document();
    assert_eq!(
        document.to_xml().unwrap(),
        hand_written_document(GREETING, ACTION, 1, 5, PROMPT, GOODBYE).unwrap()
    );

    let mut group = c.benchmark_group("render_document");
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            hand_written_document(
                black_box(GREETING),
                black_box(ACTION),
                black_box(1),
                black_box(5),
                black_box(PROMPT),
                black_box(GOODBYE),
            )
        })
    });
    group.bench_function("laml_to_xml", |b| b.iter(|| black_box(&document).to_xml()));
    group.bench_function("laml_build_and_to_xml", |b| {
        b.iter(|| black_box(laml_document()).to_xml())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = signatures, rendering
}

/// `APPS_COUNT=CASE:RUNS` runs one case RUNS times and exits, for
/// `valgrind --tool=callgrind` (run it with n and 2n; the difference over n
/// is one operation); otherwise the criterion benches run.
fn main() {
    let Ok(count) = std::env::var("APPS_COUNT") else {
        benches();
        Criterion::default().configure_from_args().final_summary();
        return;
    };
    let (case, runs) = count.split_once(':').expect("APPS_COUNT=CASE:RUNS");
    let runs: u64 = runs.parse().expect("RUNS is a number");
    let signature = RequestSigner::new(KEY).sign_form(URL, PARAMS.iter().copied());
    let validator = RequestValidator::new(KEY);
    let document = laml_document();
    for _ in 0..runs {
        match case {
            "validate_hand_written" => {
                black_box(hand_written_validate(
                    black_box(KEY.as_bytes()),
                    black_box(URL),
                    black_box(PARAMS),
                    black_box(&signature),
                ));
            }
            "validate_laml" => {
                let _ = black_box(black_box(&validator).validate_form(
                    black_box(URL),
                    black_box(PARAMS).iter().copied(),
                    Some(black_box(&signature)),
                ));
            }
            "render_hand_written" => {
                let _ = black_box(hand_written_document(
                    black_box(GREETING),
                    black_box(ACTION),
                    black_box(1),
                    black_box(5),
                    black_box(PROMPT),
                    black_box(GOODBYE),
                ));
            }
            "render_laml" => {
                let _ = black_box(black_box(&document).to_xml());
            }
            "build_and_render_laml" => {
                let _ = black_box(black_box(laml_document()).to_xml());
            }
            other => panic!("unknown case {other}"),
        }
    }
}
