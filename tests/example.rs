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
