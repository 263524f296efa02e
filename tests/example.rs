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
