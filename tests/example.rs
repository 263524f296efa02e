//! The README's first command: the examples run offline against the
//! embedded emulator and print what they did (the conference ended, the
//! message followed to delivered).

use std::path::PathBuf;
use std::process::Command;

/// `cargo test` builds the examples beside the test binaries.
fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let path = deps
        .parent()
        .and_then(|deps| deps.parent())
        .map(|profile| profile.join("examples").join(name))
        .unwrap();
    assert!(
        path.exists(),
        "{} is not built: run `cargo test`, which builds the examples",
        path.display()
    );
    path
}

fn offline(name: &str) -> Command {
    let mut command = Command::new(example(name));
    command
        .env_remove("SIGNALWIRE_SPACE_URL")
        .env_remove("SIGNALWIRE_PROJECT_ID")
        .env_remove("SIGNALWIRE_API_TOKEN");
    command
}

#[test]
fn update_conference_runs_offline() {
    let output = offline("update_conference").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Conference "), "{stdout}");
    assert!(stdout.contains("status:   completed"), "{stdout}");
    assert!(stdout.contains("Weekly standup"), "{stdout}");
    assert!(stderr.contains("embedded emulator"), "{stderr}");
}

#[test]
fn update_conference_takes_a_sid_offline() {
    let output = offline("update_conference")
        .arg("CF-chosen-by-hand")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Conference CF-chosen-by-hand"));
}

#[test]
fn update_conference_fails_with_the_error_message() {
    let output = Command::new(example("update_conference"))
        .env("SIGNALWIRE_SPACE_URL", "http://example.com")
        .env("SIGNALWIRE_PROJECT_ID", "p")
        .env("SIGNALWIRE_API_TOKEN", "PT-secret")
        .arg("CF1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("error: invalid client configuration"),
        "{stderr}"
    );
    assert!(stderr.contains("only for loopback"), "{stderr}");
    assert!(!stderr.contains("PT-secret"));
}

#[test]
fn send_message_runs_offline_to_delivered_and_redacts() {
    let output = offline("send_message").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let statuses: Vec<&str> = stdout
        .lines()
        .filter_map(|line| line.trim().strip_prefix("status:"))
        .map(str::trim)
        .collect();
    assert_eq!(statuses, ["queued", "sent", "delivered"], "{stdout}");
    assert!(stdout.contains("price:    -0.0079 USD"), "{stdout}");
    assert!(stdout.contains("(image/jpeg)"), "{stdout}");
    assert!(
        stdout.contains("redacted: the body is now \"\""),
        "{stdout}"
    );
    assert!(stderr.contains("embedded emulator"), "{stderr}");
}

#[test]
fn send_message_offline_takes_the_numbers_given() {
    let output = offline("send_message")
        .args(["+15550130003", "+15551239999"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("to:       +15550130003"), "{stdout}");
    assert!(stdout.contains("status:   undelivered"), "{stdout}");
    assert!(stdout.contains("error:    30003"), "{stdout}");
}

#[test]
fn numbers_runs_offline() {
    let output = offline("numbers").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stdout.contains("Found 8 numbers in area code 415"),
        "{stdout}"
    );
    assert!(stdout.contains("Bought +14155550100"), "{stdout}");
    assert!(stdout.contains("now fetch http://127.0.0.1:"), "{stdout}");
    assert!(stdout.contains("/laml-bins/"), "{stdout}");
    assert!(stdout.contains("Released +14155550100"), "{stdout}");
}

#[test]
fn numbers_fails_where_there_is_nothing_to_buy() {
    let output = offline("numbers").arg("999").output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no number to buy in area code 999"));
}

#[test]
fn make_call_runs_offline_to_the_end_of_the_call() {
    let output = offline("make_call").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Placed call "), "{stdout}");
    assert!(stdout.contains("status:   completed"), "{stdout}");
    assert!(stdout.contains("duration: 60 s"), "{stdout}");
    assert!(stdout.contains("Queue Support holds 2 callers"), "{stdout}");
    assert!(stdout.contains("1 caller left waiting"), "{stdout}");
    assert!(stderr.contains("embedded emulator"), "{stderr}");
}

#[test]
fn make_call_ends_busy_for_the_busy_test_number() {
    let output = offline("make_call").arg("+15550100486").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("status:   busy"), "{stdout}");
}

/// The whole story on the embedded emulator: the call comes in, the app
/// answers it, the digit pressed reaches the app, the number's status
/// callback hears the call complete; a request tampered with after
/// it was signed gets 403 and runs no handler (each handler prints a line).
#[test]
fn voice_app_runs_offline() {
    let output = Command::new(example("voice_app")).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stderr.contains("embedded emulator"), "{stderr}");

    let handled: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("handled"))
        .collect();
    // A number's status callback hears only the call's end.
    assert_eq!(handled.len(), 3, "{stdout}");
    assert!(
        handled[0].starts_with("handled /voice for call ")
            && handled[0].ends_with(" from +15557654321"),
        "{stdout}"
    );
    assert_eq!(
        handled[1..],
        [
            "handled /gather with digits \"1\"",
            "handled /status: completed after 8 s (SequenceNumber 0)",
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains("The app answered: the call is in-progress"),
        "{stdout}"
    );
    assert!(
        stdout.contains("the caller waits in conference sales (init"),
        "{stdout}"
    );
    assert!(
        stdout.contains("with Digits=2 instead of 1: 403 Forbidden"),
        "{stdout}"
    );

    // The webhook log: a heading, a header line, then one line a request.
    let requests: Vec<(&str, &str, &str)> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("What the emulator asked of the app"))
        .skip(2)
        .take_while(|line| !line.is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let [at, _, purpose, method, path, status, error] = columns[..] else {
                panic!("{line:?} in\n{stdout}");
            };
            assert_eq!((method, status, error), ("POST", "200", "-"), "{stdout}");
            (at, purpose, path)
        })
        .collect();
    assert_eq!(
        requests,
        [
            ("+0", "voice", "/voice"),
            ("+3", "gather-action", "/gather"),
            ("+8", "call-status", "/status"),
        ],
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "The call, as the REST API shows it: inbound completed \
             from +15557654321 to +14155550100, 8 s"
        ),
        "{stdout}"
    );
}

/// The app serving over real HTTP, driven as SignalWire would: signed
/// requests are answered with LaML; a request with a bad signature gets 403
/// and runs no handler (each handler prints a line before it answers).
#[test]
fn voice_app_serves_signed_requests_and_refuses_bad_ones() {
    use std::io::{BufRead, BufReader};

    use laml::signature::{RequestSigner, SIGNALWIRE_SIGNATURE};

    let key = "PSK_example_test";
    let public = "https://calls.example.org";
    let mut child = Command::new(example("voice_app"))
        .args(["--serve", "127.0.0.1:0"])
        .env("SIGNALWIRE_SIGNING_KEY", key)
        .env("PUBLIC_URL", public)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let address = first
        .strip_prefix("listening on ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let signer = RequestSigner::new(key);
    let post = |path: &str, params: &[(&str, &str)], signature: Option<String>| {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let mut request = laml::reqwest::Client::new()
            .post(format!("http://{address}{path}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(signature) = signature {
            request = request.header(SIGNALWIRE_SIGNATURE, signature);
        }
        runtime.block_on(async {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        })
    };

    let call = [("CallSid", "CA-test"), ("From", "+15550001111")];
    let signed = Some(signer.sign_form(&format!("{public}/voice"), call));
    let (status, body) = post("/voice", &call, signed);
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(r#"<Gather action="https://calls.example.org/gather""#),
        "{body}"
    );

    let pressed = [("CallSid", "CA-test"), ("Digits", "2")];
    let wrong_url = Some(signer.sign_form("http://127.0.0.1/gather", pressed));
    assert_eq!(post("/gather", &pressed, wrong_url).0, 403);
    assert_eq!(post("/gather", &pressed, None).0, 403);
    let other_key =
        Some(RequestSigner::new("guess").sign_form(&format!("{public}/gather"), pressed));
    assert_eq!(post("/gather", &pressed, other_key).0, 403);

    let signed = Some(signer.sign_form(&format!("{public}/gather"), pressed));
    let (status, body) = post("/gather", &pressed, signed);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Connecting you to support."), "{body}");

    child.kill().unwrap();
    child.wait().unwrap();
    let handled: Vec<String> = stdout
        .lines()
        .map_while(Result::ok)
        .filter(|line| line.starts_with("handled"))
        .collect();
    assert_eq!(
        handled,
        [
            "handled /voice for call CA-test from +15550001111",
            "handled /gather with digits \"2\"",
        ]
    );
}
