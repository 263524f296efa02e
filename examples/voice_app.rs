//! A voice app: answers a call with a greeting and a `<Gather>`, then puts
//! the caller in the sales or support conference room.
//!
//! ```text
//! cargo run --example voice_app                          # offline, on the emulator
//! cargo run --example voice_app -- --serve 0.0.0.0:3000  # serve SignalWire
//! ```
//!
//! Offline (the default), it starts the embedded emulator and the app on
//! loopback, buys a number whose calls go to the app, and plays one call
//! through: the call comes in, the app answers, the caller presses 1 and
//! waits in the sales room, the room is ended and the caller hears goodbye.
//! The emulator's clock stands still until the story moves it on, so this
//! takes no time. It prints each request the app handles, what the app
//! answers a request whose digits were changed after it was signed (403),
//! and the emulator's log of the requests it made.
//!
//! With `--serve ADDRESS` it serves until stopped; set
//! `SIGNALWIRE_SIGNING_KEY` (the project's signing key, from the Dashboard's
//! API Credentials) and `PUBLIC_URL` (the URL SignalWire reaches the app
//! at). Point the number's "a call comes in" webhook at `PUBLIC_URL/voice`,
//! and its status callback at `PUBLIC_URL/status`.

use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use laml::axum::{SignedWebhook, WebhookConfig};
use laml::calls::FetchCall;
use laml::conferences::{ConferenceUpdateStatus, ListConferences, UpdateConference};
use laml::document::voice::{
    Conference, Dial, Gather, GatherInput, Redirect, Say, SayVoice, VoiceResponse,
};
use laml::phone_numbers::BuyPhoneNumber;
use laml::signature::SIGNALWIRE_SIGNATURE;
use laml::webhook::{CallStatusCallback, GatherAction, VoiceRequest};
use laml::CallbackMethod;
use laml_emulator::{Emulator, Pace};

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
                .num_digits(1)
                .timeout(5)
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
        "1" => connect("sales"),
        "2" => connect("support"),
        other => VoiceResponse::new()
            .append(Say::new(format!("Sorry, {other} is not an option.")))
            .append(Redirect::new(format!("{}/voice", config.public_url()))),
    }
}

/// Puts the caller in `team`'s conference room, where an agent joins them;
/// once the room ends, the caller hears goodbye.
fn connect(team: &str) -> VoiceResponse {
    VoiceResponse::new()
        .append(Say::new(format!("Connecting you to {team}.")))
        .append(Dial::new().append(Conference::new(team)))
        .append(Say::new("Thank you for calling. Goodbye!"))
}

/// How each call ended: SignalWire tells the number's status callback once
/// the call is `completed` or `failed`.
async fn status(SignedWebhook(callback): SignedWebhook<CallStatusCallback>) {
    let status = callback
        .call
        .call_status
        .map(|status| status.to_string())
        .unwrap_or_default();
    let after = callback
        .call_duration
        .map(|seconds| format!(" after {seconds} s"))
        .unwrap_or_default();
    let sequence = callback.sequence_number.unwrap_or_default();
    println!("handled /status: {status}{after} (SequenceNumber {sequence})");
}

fn app(config: WebhookConfig) -> Router {
    Router::new()
        .route("/voice", post(answer))
        .route("/gather", post(gathered))
        .route("/status", post(status))
        .with_state(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let result = match std::env::args().nth(1).as_deref() {
        Some("--serve") => serve(std::env::args().nth(2)).await,
        None => story().await,
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

/// Who calls in the offline story.
const CALLER: &str = "+15557654321";

/// One call to the app, on the emulator, from ringing to hanging up.
async fn story() -> Result<(), Box<dyn Error>> {
    eprintln!("offline: the app and the embedded emulator, on loopback");
    let emulator = Emulator::start().await?;
    // The clock moves only when the story moves it: each step is seen.
    emulator.set_pace(Pace::Paused);
    let start = emulator.now();
    let client = emulator.client()?;

    // The emulator signs its requests as SignalWire does, with the
    // project's signing key, over the URL it requests.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let app_url = format!("http://{}", listener.local_addr()?);
    let config = WebhookConfig::new(&emulator.signing_key(), &app_url);
    tokio::spawn(async move { axum::serve(listener, app(config)).await });
    println!("The app listens on {app_url}");

    let number = client
        .send(
            &BuyPhoneNumber::new("+14155550100")
                .voice_url(format!("{app_url}/voice"))
                .status_callback(format!("{app_url}/status")),
        )
        .await?;
    println!(
        "Bought {}: its calls go to the app's /voice, their end to /status",
        number.phone_number
    );

    println!("\nA call comes in from {CALLER}");
    let call = emulator.incoming_call(CALLER, &number.phone_number)?;
    settle(&emulator).await?;
    let answered = client.send(&FetchCall::new(&call)).await?;
    println!("The app answered: the call is {}", answered.status);

    println!("\nAfter the 3 s greeting the menu plays; the caller presses 1");
    emulator.advance(Duration::from_secs(3));
    emulator.press(&call, "1")?;
    settle(&emulator).await?;

    emulator.advance(Duration::from_secs(2)); // "Connecting you to sales."
    settle(&emulator).await?;
    let rooms = client
        .send(&ListConferences::new().friendly_name("sales"))
        .await?;
    let room = rooms
        .items
        .first()
        .ok_or("the caller is in no sales room")?;
    println!(
        "2 s later the caller waits in conference {} ({}: it starts when an agent joins)",
        room.friendly_name, room.status
    );

    println!("\nThe room is ended through the REST API; the caller hears goodbye (3 s)");
    client
        .send(&UpdateConference::new(&room.sid).status(ConferenceUpdateStatus::Completed))
        .await?;
    emulator.advance(Duration::from_secs(3));
    settle(&emulator).await?;

    println!();
    replay_tampered(&emulator).await?;

    println!("\nWhat the emulator asked of the app (its webhook log):");
    println!("  at     purpose        request       status  error");
    for webhook in emulator.webhooks() {
        let at = format!("+{} s", (webhook.at - start).whole_seconds());
        let path = webhook.url.strip_prefix(&app_url).unwrap_or(&webhook.url);
        let request = format!("{} {path}", webhook.method);
        let status = webhook
            .status
            .map_or("-".into(), |status| status.to_string());
        let error = webhook.error.as_deref().unwrap_or("-");
        println!(
            "  {at:<6} {:<14} {request:<13} {status:<7} {error}",
            webhook.purpose
        );
        for note in &webhook.notes {
            println!("         note: {note}");
        }
    }

    let ended = client.send(&FetchCall::new(&call)).await?;
    println!(
        "\nThe call, as the REST API shows it: {} {} from {} to {}, {} s",
        ended.direction,
        ended.status,
        ended.from,
        ended.to,
        ended.duration.unwrap_or_default()
    );
    Ok(())
}

/// Waits until the emulator's requests to the app are made and their
/// answers followed.
async fn settle(emulator: &Emulator) -> Result<(), Box<dyn Error>> {
    if emulator.settle().await {
        Ok(())
    } else {
        Err("the app did not answer the emulator within 30 s".into())
    }
}

/// Sends the app the emulator's request to `/gather` again with its digits
/// changed after it was signed, as a forger would: the app refuses it
/// before its handler runs.
async fn replay_tampered(emulator: &Emulator) -> Result<(), Box<dyn Error>> {
    let signed = emulator
        .webhooks()
        .into_iter()
        .find(|webhook| webhook.purpose == "gather-action")
        .ok_or("the emulator never asked /gather")?;
    let params = signed
        .params
        .iter()
        .map(|(name, value)| match name.as_str() {
            "Digits" => (name.as_str(), "2"),
            _ => (name.as_str(), value.as_str()),
        });
    let response = laml::reqwest::Client::new()
        .post(&signed.url)
        .header(SIGNALWIRE_SIGNATURE, &signed.signature)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params)
                .finish(),
        )
        .send()
        .await?;
    println!(
        "The same request to /gather with Digits=2 instead of 1: {}",
        response.status()
    );
    Ok(())
}
