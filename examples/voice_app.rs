//! A voice app: answers a call with a greeting and a `<Gather>`, then
//! handles the digit pressed.
//!
//! ```text
//! cargo run --example voice_app                          # offline demo
//! cargo run --example voice_app -- --serve 0.0.0.0:3000  # serve SignalWire
//! ```
//!
//! Offline (the default), it serves on loopback and sends itself requests
//! signed as SignalWire signs them, then one with a bad signature, and
//! prints what each got back. With `--serve ADDRESS` it serves until
//! stopped; set `SIGNALWIRE_SIGNING_KEY` (the project's signing key, from the
//! Dashboard's API Credentials) and `PUBLIC_URL` (the URL your number's
//! "a call comes in" webhook points at, without `/voice`). Point the number
//! at `PUBLIC_URL/voice`.

use std::error::Error;
use std::process::ExitCode;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use laml::axum::{SignedWebhook, WebhookConfig};
use laml::document::voice::{Dial, Gather, GatherInput, Redirect, Say, SayVoice, VoiceResponse};
use laml::signature::{RequestSigner, SIGNALWIRE_SIGNATURE};
use laml::webhook::{GatherAction, VoiceRequest};
use laml::CallbackMethod;

/// The key and public URL of the offline demo.
const DEMO_KEY: &str = "PSK_demo_signing_key";
const DEMO_PUBLIC_URL: &str = "https://voice.example.com";

async fn answer(
    State(config): State<WebhookConfig>,
    SignedWebhook(request): SignedWebhook<VoiceRequest>,
) -> VoiceResponse {
    println!(
        "handled /voice for call {} from {}",
        request.call.call_sid, request.call.from
    );
    VoiceResponse::new()
        .append(Say::new("Thank you for calling Example Company.").voice(SayVoice::Woman))
        .append(
            Gather::new()
                .action(format!("{}/gather", config.public_url()))
                .method(CallbackMethod::Post)
                .input([GatherInput::Dtmf])
                .num_digits(1u32)
                .timeout(5u32)
                .append(Say::new("For sales, press 1. For support, press 2.")),
        )
        .append(Say::new("We did not receive any input. Goodbye!"))
}

async fn gathered(
    State(config): State<WebhookConfig>,
    SignedWebhook(gather): SignedWebhook<GatherAction>,
) -> VoiceResponse {
    println!("handled /gather with digits {:?}", gather.digits);
    match gather.digits.as_str() {
        "1" => VoiceResponse::new()
            .append(Say::new("Connecting you to sales."))
            .append(Dial::to("+15551230001").timeout(20u32)),
        "2" => VoiceResponse::new()
            .append(Say::new("Connecting you to support."))
            .append(Dial::to("+15551230002").timeout(20u32)),
        other => VoiceResponse::new()
            .append(Say::new(format!("Sorry, {other} is not an option.")))
            .append(Redirect::new(format!("{}/voice", config.public_url()))),
    }
}

fn app(config: WebhookConfig) -> Router {
    Router::new()
        .route("/voice", post(answer))
        .route("/gather", post(gathered))
        .with_state(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match std::env::args().nth(1).as_deref() {
        Some("--serve") => serve(std::env::args().nth(2)).await,
        None => demo().await,
        Some(other) => Err(format!("unknown argument {other:?}; try --serve ADDRESS").into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(address: Option<String>) -> Result<(), Box<dyn Error>> {
    let address = address.ok_or("usage: voice_app --serve ADDRESS")?;
    let key = std::env::var("SIGNALWIRE_SIGNING_KEY")
        .map_err(|_| "set SIGNALWIRE_SIGNING_KEY to the project's signing key")?;
    let public_url =
        std::env::var("PUBLIC_URL").map_err(|_| "set PUBLIC_URL to the app's public URL")?;
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on {} as {public_url}", listener.local_addr()?);
    axum::serve(listener, app(WebhookConfig::new(&key, &public_url))).await?;
    Ok(())
}

async fn demo() -> Result<(), Box<dyn Error>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let local = listener.local_addr()?;
    let config = WebhookConfig::new(DEMO_KEY, DEMO_PUBLIC_URL);
    tokio::spawn(async move { axum::serve(listener, app(config)).await });
    eprintln!(
        "offline demo: the app listens on {local}; SignalWire would reach it as {DEMO_PUBLIC_URL}"
    );

    let signer = RequestSigner::new(DEMO_KEY);
    let client = laml::reqwest::Client::new();
    let call = [
        ("AccountSid", "b2d6c1b4-0000-4000-8000-000000000001"),
        ("CallSid", "7c3b2f0e-1111-4222-8333-444455556666"),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("From", "+15557654321"),
        ("To", "+15551234567"),
    ];
    let send = |path: &'static str, params: Vec<(&'static str, &'static str)>, good: bool| {
        let signature = if good {
            signer.sign_form(&format!("{DEMO_PUBLIC_URL}{path}"), params.clone())
        } else {
            signer.sign_form("https://attacker.example.com/voice", params.clone())
        };
        let request = client
            .post(format!("http://{local}{path}"))
            .header(SIGNALWIRE_SIGNATURE, signature)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&params)
                    .finish(),
            );
        async move {
            let response = request.send().await?;
            let status = response.status();
            let body = response.text().await?;
            Ok::<_, laml::reqwest::Error>((status, body))
        }
    };

    let (status, body) = send("/voice", call.to_vec(), true).await?;
    println!("POST /voice, signed: {status}\n{body}\n");
    let mut pressed = call.to_vec();
    pressed.push(("Digits", "1"));
    let (status, body) = send("/gather", pressed.clone(), true).await?;
    println!("POST /gather with Digits=1, signed: {status}\n{body}\n");
    let (status, body) = send("/gather", pressed, false).await?;
    println!("POST /gather with a bad signature: {status} ({body})");
    Ok(())
}
