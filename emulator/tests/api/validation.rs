//! What the API refuses that a looser emulator once took: parties that are
//! no phone number (nor short code, `sip:` or `client:` address where the
//! operation takes them), parameters that are not well-formed
//! percent-encoded UTF-8 or hold a NUL, and events outside the documented
//! lists; and what it takes that the spec leaves out: the paging
//! parameters on every list.

use reqwest::Method;

use crate::{send, Api, Reply};

const CALLS: &str = "/Calls.json";
const MESSAGES: &str = "/Messages.json";
const ANSWER: &str = "https%3A%2F%2Fexample.com%2Fanswer";

impl Api {
    async fn create(&self, collection: &str, form: &str) -> Reply {
        self.post(&self.account(collection), form).await
    }

    /// A call from a valid number to a valid number, with `extra`.
    async fn call_with(&self, extra: &str) -> Reply {
        let form = format!("To=%2B15551230001&From=%2B15551230000&Url={ANSWER}{extra}");
        self.create(CALLS, &form).await
    }
}

fn refused(reply: &Reply, code: u64, says: &str) {
    reply.assert_error(400, code);
    let message = reply.body["message"].as_str().unwrap();
    assert!(message.contains(says), "{message} should say {says}");
}

#[tokio::test]
async fn a_party_that_is_no_phone_number_is_refused_with_the_api_s_code() {
    let api = Api::paused().await;
    for (to, from, code, says) in [
        ("", "%2B15551230000", 21604, "'To' phone number is required"),
        (
            "555-1234",
            "%2B15551230000",
            21211,
            "Invalid 'To' Phone Number",
        ),
        ("%2B1abc", "%2B15551230000", 21211, "+1abc"),
        (
            "%2B15551230001",
            "abc",
            21212,
            "Invalid 'From' Phone Number",
        ),
        (
            "%2B15551230001",
            "",
            21603,
            "'From' phone number is required",
        ),
        ("55555", "%2B15551230000", 21211, "'To' number 55555"),
        (
            "sip%3Aalice%40example.com",
            "%2B15551230000",
            21211,
            "sip:alice",
        ),
    ] {
        let reply = api
            .create(MESSAGES, &format!("To={to}&From={from}&Body=Hi"))
            .await;
        refused(&reply, code, says);
    }
    for (to, from, code, says) in [
        ("", "%2B15551230000", 21201, "No 'To' number is specified"),
        (
            "555-1234",
            "%2B15551230000",
            21211,
            "Invalid 'To' Phone Number",
        ),
        ("%2B1abc", "%2B15551230000", 21211, "+1abc"),
        (
            "%2B15551230001",
            "abc",
            21212,
            "Invalid 'From' Phone Number",
        ),
        (
            "%2B15551230001",
            "",
            21213,
            "Caller phone number is required",
        ),
        ("%2B15551230001", "55555", 21212, "'From' number 55555"),
    ] {
        let reply = api
            .create(CALLS, &format!("To={to}&From={from}&Url={ANSWER}"))
            .await;
        refused(&reply, code, says);
    }
    let listed = api.get(&api.account(CALLS)).await;
    assert_eq!(listed.assert_ok()["calls"], serde_json::json!([]));

    // The message says which forms the operation takes.
    let message = api
        .create(MESSAGES, "To=%2B15551230001&From=abc&Body=Hi")
        .await;
    refused(
        &message,
        21212,
        "send an E.164 number (+ and 8 to 15 digits) or a short code (3 to 8 digits)",
    );
    let call = api
        .create(CALLS, &format!("To=abc&From=%2B15551230000&Url={ANSWER}"))
        .await;
    refused(&call, 21211, "or a sip: address or a client: name");

    // What each operation takes: a short code sends a message; a call
    // reaches sip: and client: addresses.
    let short_code = api
        .create(MESSAGES, "To=%2B15551230001&From=55555&Body=Hi")
        .await;
    short_code.assert_created();
    for to in ["sip%3Aalice%40example.com", "client%3Aalice"] {
        let reply = api
            .create(CALLS, &format!("To={to}&From=%2B15551230000&Url={ANSWER}"))
            .await;
        assert_eq!(reply.status, 200, "{to}: {}", reply.text);
    }
}

#[tokio::test]
async fn parameters_that_are_not_percent_encoded_utf8_are_refused() {
    let api = Api::paused().await;
    let valid = "To=%2B15551230001&From=%2B15551230000&Body=";
    for (body, says) in [
        ("caf%E9", "not UTF-8"),
        ("%FF%FE", "not UTF-8"),
        ("50%", "'%'"),
        ("50%25%zz", "'%zz'"),
        ("1%zz1", "'%zz'"),
        ("a%4", "'%4'"),
        ("a%00b", "NUL"),
    ] {
        let reply = api.create(MESSAGES, &format!("{valid}{body}")).await;
        refused(&reply, 21119, says);
    }
    for name in ["Body%FF", "Bo%00dy"] {
        let reply = api.create(MESSAGES, &format!("{valid}Hi&{name}=x")).await;
        refused(&reply, 21119, "cannot be read");
    }
    let listed = api.get(&api.account(MESSAGES)).await;
    assert_eq!(listed.assert_ok()["messages"], serde_json::json!([]));

    // In a query string too.
    let query = api.get(&api.account("/Calls.json?To=%2B1555%zz")).await;
    refused(&query, 21119, "'%zz'");
    let nul = api.get(&api.account("/Calls.json?To=%00")).await;
    refused(&nul, 21119, "NUL");

    // Well-formed escapes, `+` and multi-byte UTF-8 still read as sent.
    let reply = api
        .create(MESSAGES, &format!("{valid}caf%C3%A9+%E2%9C%93+100%25"))
        .await;
    assert_eq!(reply.assert_created()["body"], "café ✓ 100%");
}

#[tokio::test]
async fn events_outside_the_documented_lists_are_refused() {
    let api = Api::paused().await;
    let callback = "&StatusCallback=https%3A%2F%2Fexample.com%2Fstatus";
    for events in [
        "&StatusCallbackEvent=answerd",
        "&StatusCallbackEvent=initiated&StatusCallbackEvent=answerd",
        "&StatusCallbackEvent=initiated+answerd",
        "&StatusCallbackEvent=initiated%2Canswerd",
    ] {
        let reply = api.call_with(&format!("{callback}{events}")).await;
        refused(&reply, 21102, "'answerd'");
    }
    for events in [
        "&RecordingStatusCallbackEvent=finished",
        "&RecordingStatusCallbackEvent=in-progress+finished",
        "&RecordingStatusCallbackEvent=completed&RecordingStatusCallbackEvent=finished",
    ] {
        let reply = api.call_with(&format!("&Record=true{events}")).await;
        refused(&reply, 21102, "'finished'");
    }
    for events in [
        "&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing",
        "&StatusCallbackEvent=initiated+ringing+answered+completed",
        "&RecordingStatusCallbackEvent=in-progress+completed+absent",
        "&StatusCallbackEvent=ringing_forwarded&StatusCallbackEvent=ringing_queued",
    ] {
        let reply = api.call_with(&format!("{callback}{events}")).await;
        assert_eq!(reply.status, 200, "{events}: {}", reply.text);
    }
    // A fax's events are a call's, as the spec lists them.
    let fax = "To=%2B15551230001&From=%2B15551230000&MediaUrl=https%3A%2F%2Fexample.com%2Fa.pdf\
               &StatusCallback=https%3A%2F%2Fexample.com%2Fstatus";
    let refused_fax = api
        .create(
            "/Faxes.json",
            &format!("{fax}&StatusCallbackEvent=delivered"),
        )
        .await;
    refused(&refused_fax, 21102, "'delivered'");
    let fax = api
        .create(
            "/Faxes.json",
            &format!("{fax}&StatusCallbackEvent=completed"),
        )
        .await;
    assert_eq!(fax.status, 200, "{}", fax.text);
}

#[tokio::test]
async fn every_list_takes_the_paging_parameters_available_numbers_included() {
    let api = Api::start().await;
    let path = api.account("/AvailablePhoneNumbers/US/Local.json");
    let all = api.get(&path).await;
    let total = all.assert_ok()["available_phone_numbers"]
        .as_array()
        .unwrap()
        .len();
    assert!(total > 2, "{total}");
    // SignalWire's Python SDK sends PageSize for `list(limit=N)`, and
    // booleans as `True`.
    let page = api
        .get(&format!(
            "{path}?PageSize=2&SmsEnabled=True&VoiceEnabled=False"
        ))
        .await;
    let numbers = page.assert_ok()["available_phone_numbers"]
        .as_array()
        .unwrap();
    assert_eq!(numbers.len(), 0, "no number of the inventory lacks voice");
    let page = api.get(&format!("{path}?PageSize=2&SmsEnabled=True")).await;
    assert_eq!(
        page.assert_ok()["available_phone_numbers"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let second = api.get(&format!("{path}?PageSize=2&Page=1")).await;
    assert_ne!(
        second.assert_ok()["available_phone_numbers"][0],
        page.body["available_phone_numbers"][0]
    );
    for list in [
        "/AvailablePhoneNumbers.json?PageSize=1",
        "/AvailablePhoneNumbers/US/TollFree.json?PageSize=1&Page=0",
    ] {
        let reply = api.get(&api.account(list)).await;
        assert_eq!(reply.status, 200, "{list}: {}", reply.text);
    }
    refused(
        &api.get(&format!("{path}?PageSize=0")).await,
        21104,
        "PageSize",
    );
}

#[tokio::test]
async fn a_json_body_holding_a_nul_is_refused() {
    let api = Api::start().await;
    let created = api
        .post(&api.account("/tokens.json"), "name=ci&permissions=calling")
        .await;
    let id = created.assert_ok()["id"].as_str().unwrap().to_owned();
    let patch = |body: &'static str| {
        send(
            api.request(Method::PATCH, &api.account(&format!("/tokens/{id}")))
                .header("content-type", "application/json")
                .body(body),
        )
    };
    refused(&patch(r#"{"name": "a\u0000b"}"#).await, 21119, "NUL");
    let renamed = patch(r#"{"name": "deploy"}"#).await;
    assert_eq!(renamed.assert_ok()["name"], "deploy");
}
