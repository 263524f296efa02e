//! `laml-emulator`: serves the emulated Compatibility API, with demo data,
//! until Ctrl-C.

use std::process::ExitCode;

use laml_emulator::{Config, Emulator};

const USAGE: &str = "\
Usage: laml-emulator [--port PORT] [--project-id ID] [--api-token TOKEN]
                     [--signing-key KEY] [--webhook-host HOST]... [--no-console]

Serves SignalWire's Compatibility API (all 79 operations) on 127.0.0.1,
with demo conferences, until Ctrl-C. Calls and messages request their
apps' URLs, signed with the signing key, and follow the LaML they answer.
Tests in other languages simulate incoming calls and messages, press
digits, read the requests made to apps, inject faults, read the request
log and seed conferences under /__emulator/ (see the laml-emulator crate
documentation). The console, a web page to watch and drive apps, is
served on a port of its own; open the URL printed at start.

Options:
  --port PORT          port to listen on (default 8080; 0 picks a free one)
  --project-id ID      project id clients authenticate with (default: generated)
  --api-token TOKEN    API token clients authenticate with (default: generated)
  --signing-key KEY    key that signs requests to apps (default: generated)
  --webhook-host HOST  a host besides loopback that apps may be reached at
                       (repeatable; default: loopback only)
  --no-console         do not serve the console
  -h, --help           print this help";

/// The command line, once read.
#[derive(Debug, PartialEq)]
enum Command {
    Serve(Config),
    Help,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut config = Config {
        port: 8080,
        seed_demo_data: true,
        ..Config::default()
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Command::Help);
        }
        if flag == "--no-console" && inline.is_none() {
            config.console = false;
            continue;
        }
        if !matches!(
            flag.as_str(),
            "--port" | "--project-id" | "--api-token" | "--signing-key" | "--webhook-host"
        ) {
            return Err(format!("unknown argument '{flag}'"));
        }
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                config.port = value
                    .parse()
                    .map_err(|_| format!("--port takes a number from 0 to 65535, not '{value}'"))?;
            }
            "--project-id" if value.is_empty() || value.contains(':') => {
                return Err("--project-id must be non-empty and without ':'".into());
            }
            "--project-id" => config.project_id = Some(value),
            _ if value.is_empty() => return Err(format!("{flag} must be non-empty")),
            "--signing-key" => config.signing_key = Some(value),
            "--webhook-host" => config.webhook_hosts.push(value),
            _ => config.api_token = Some(value),
        }
    }
    Ok(Command::Serve(config))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(Command::Serve(config)) => config,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("laml-emulator: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let token_given = config.api_token.is_some();
    let key_given = config.signing_key.is_some();
    let port = config.port;
    let emulator = match Emulator::start_with(config).await {
        Ok(emulator) => emulator,
        Err(error) => {
            eprintln!("laml-emulator: cannot listen on 127.0.0.1:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };

    println!("laml-emulator is serving {}", emulator.space_url());
    if let Some(console) = emulator.console_url() {
        println!("console: {console}");
    }
    println!();
    println!("export SIGNALWIRE_SPACE_URL={}", emulator.space_url());
    println!("export SIGNALWIRE_PROJECT_ID={}", emulator.project_id());
    if token_given {
        println!("export SIGNALWIRE_API_TOKEN=...   # the token given with --api-token");
    } else {
        println!("export SIGNALWIRE_API_TOKEN={}", emulator.api_token());
    }
    if key_given {
        println!("export SIGNALWIRE_SIGNING_KEY=...   # the key given with --signing-key");
    } else {
        println!("export SIGNALWIRE_SIGNING_KEY={}", emulator.signing_key());
    }
    println!();
    println!("Demo conferences:");
    for conference in emulator.conferences() {
        println!(
            "  {}  {:<11}  {}",
            conference["sid"].as_str().unwrap_or_default(),
            conference["status"].as_str().unwrap_or_default(),
            conference["friendly_name"].as_str().unwrap_or_default(),
        );
    }
    println!();
    println!("Press Ctrl-C to stop.");

    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("laml-emulator: cannot wait for Ctrl-C: {error}");
        return ExitCode::FAILURE;
    }
    drop(emulator);
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn defaults_serve_demo_data_on_8080() {
        let Ok(Command::Serve(config)) = args("") else {
            panic!("no arguments should serve");
        };
        assert_eq!((config.port, config.seed_demo_data), (8080, true));
        assert_eq!((config.project_id, config.api_token), (None, None));
        assert!(config.console);
    }

    #[test]
    fn the_console_can_be_turned_off() {
        let Ok(Command::Serve(config)) = args("--no-console --port 0") else {
            panic!("--no-console should serve");
        };
        assert!(!config.console);
        assert_eq!(config.port, 0);
        assert!(args("--no-console=yes").is_err());
    }

    #[test]
    fn flags_take_separate_or_inline_values() {
        let Ok(Command::Serve(config)) = args(
            "--port 0 --project-id=p --api-token PTx --signing-key PSK_k \
             --webhook-host a.example --webhook-host=b.example",
        ) else {
            panic!("valid flags should serve");
        };
        assert_eq!(config.port, 0);
        assert_eq!(config.signing_key.as_deref(), Some("PSK_k"));
        assert_eq!(config.webhook_hosts, ["a.example", "b.example"]);
        assert_eq!(config.project_id.as_deref(), Some("p"));
        assert_eq!(config.api_token.as_deref(), Some("PTx"));
    }

    #[test]
    fn help_wins() {
        assert_eq!(args("--port 1 --help"), Ok(Command::Help));
        assert_eq!(args("-h"), Ok(Command::Help));
    }

    #[test]
    fn bad_arguments_are_explained() {
        for (line, expected) in [
            ("--port", "--port needs a value"),
            ("--port http", "--port takes a number"),
            ("--port 70000", "--port takes a number"),
            ("--verbose", "unknown argument '--verbose'"),
            ("8080", "unknown argument '8080'"),
            ("--project-id a:b", "without ':'"),
            ("--signing-key=", "--signing-key must be non-empty"),
        ] {
            let error = args(line).unwrap_err();
            assert!(error.contains(expected), "{line}: {error}");
        }
    }
}
