//! The README's first command: the example runs offline against the
//! embedded emulator and prints the conference it ended.

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
fn voice_app_runs_offline() {
    let output = Command::new(example("voice_app")).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("POST /voice, signed: 200 OK"), "{stdout}");
    assert!(
        stdout.contains(r#"<Gather action="https://voice.example.com/gather""#),
        "{stdout}"
    );
    assert!(
        stdout.contains("<Dial timeout=\"20\">+15551230001</Dial>"),
        "{stdout}"
    );
    assert!(
        stdout.contains("POST /gather with a bad signature: 403 Forbidden"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("handled /").count(), 2, "{stdout}");
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
