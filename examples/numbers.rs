//! Searches for a number, buys it, points it at a LaML bin, and releases it.
//!
//! ```text
//! cargo run --example numbers -- [area-code]
//! ```
//!
//! With `SIGNALWIRE_SPACE_URL`, `SIGNALWIRE_PROJECT_ID` and
//! `SIGNALWIRE_API_TOKEN` set, this talks to your space (and buys a real
//! number for a moment). Without `SIGNALWIRE_SPACE_URL` it starts the
//! embedded emulator, whose inventory has numbers in area code 415.

use std::process::ExitCode;

use laml::laml_bins::{CreateLamlBin, DeleteLamlBin};
use laml::phone_numbers::{
    BuyPhoneNumber, ReleasePhoneNumber, SearchLocalNumbers, UpdatePhoneNumber,
};
use laml::Client;
use laml_emulator::Emulator;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line says what was sent, where, and why it failed.
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let area_code = std::env::args().nth(1).unwrap_or_else(|| "415".into());
    if std::env::var_os("SIGNALWIRE_SPACE_URL").is_some() {
        return tour(&Client::from_env()?, &area_code).await;
    }
    eprintln!("SIGNALWIRE_SPACE_URL is not set: using the embedded emulator");
    let emulator = Emulator::start().await?;
    let client = emulator.client()?;
    tour(&client, &area_code).await
}

async fn tour(client: &Client, area_code: &str) -> Result<(), Box<dyn std::error::Error>> {
    let search = SearchLocalNumbers::new("US")
        .area_code(area_code)
        .voice_enabled(true)
        .sms_enabled(true);
    let found = client.send(&search).await?;
    println!(
        "Found {} numbers in area code {area_code}",
        found.items.len()
    );
    let Some(available) = found.items.first() else {
        return Err(format!("no number to buy in area code {area_code}").into());
    };

    let number = client
        .send(&BuyPhoneNumber::new(&available.phone_number).friendly_name("laml example"))
        .await?;
    println!("Bought {} ({})", number.phone_number, number.sid);

    let bin = client
        .send(
            &CreateLamlBin::new("laml example greeting")
                .contents("<Response><Say>Hello from laml</Say></Response>"),
        )
        .await?;
    let number = client
        .send(&UpdatePhoneNumber::new(&number.sid).voice_url(&bin.request_url))
        .await?;
    println!(
        "Calls to {} now fetch {}",
        number.phone_number,
        number.voice_url.as_deref().unwrap_or("-")
    );

    client.send(&ReleasePhoneNumber::new(&number.sid)).await?;
    client.send(&DeleteLamlBin::new(&bin.sid)).await?;
    println!("Released {}", number.phone_number);
    Ok(())
}
