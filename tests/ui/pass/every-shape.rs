use laml::{endpoint, Encoding, Endpoint, Location, Method};

#[endpoint(DELETE, "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>")]
pub struct DeleteParticipant {
    pub conference_sid: String,
    pub call_sid: String,
}

#[endpoint(PATCH, "/Accounts/<AccountSid>/Things/<Sid>", json, response = serde_json::Value)]
pub struct PatchThing<T: laml::WireValue> {
    pub account_sid: String,
    pub sid: u64,
    pub value: Option<T>,
    pub muted: bool,
}

#[endpoint(PUT, "/Accounts/<AccountSid>/Things", form,)]
struct PutThings {}

#[endpoint(GET, "/Accounts/<AccountSid>/Things")]
struct ListThings;

#[endpoint(POST, "/Accounts/<AccountSid>/Things")]
struct CreateThing;

#[endpoint(POST, "/Accounts/<AccountSid>/Things/<Sid>")]
struct UpdateThing {
    sid: String,
}

#[endpoint(POST, "/Accounts/<AccountSid>/Things/<Sid>", idempotent = false)]
struct TakeThing {
    sid: String,
}

#[endpoint(POST, "/Accounts/<AccountSid>/Things", idempotent = true,)]
struct ReserveThings;

fn main() {
    assert_eq!(DeleteParticipant::METHOD, Method::Delete);
    assert_eq!(DeleteParticipant::ENCODING, None);
    assert_eq!(<PatchThing<u8> as Endpoint>::ENCODING, Some(Encoding::Json));
    let params = <PatchThing<bool> as Endpoint>::PARAMS;
    assert_eq!(params[0].field, Some("account_sid"));
    assert_eq!(params[2].location, Location::Json);
    assert!(params[3].required);
    let _ = PatchThing::<u8>::new("AC1", 7u64, true).value(3u8);
    let _ = (PutThings::new(), ListThings::new());

    assert!(DeleteParticipant::IDEMPOTENT && ListThings::IDEMPOTENT && PutThings::IDEMPOTENT);
    assert!(<PatchThing<u8> as Endpoint>::IDEMPOTENT, "a PATCH to <Sid> updates");
    assert!(!CreateThing::IDEMPOTENT, "a POST to a collection creates");
    assert!(UpdateThing::IDEMPOTENT, "a POST to <Sid> updates");
    assert!(!TakeThing::IDEMPOTENT && ReserveThings::IDEMPOTENT);
    let _ = (CreateThing::new(), UpdateThing::new("T1"), TakeThing::new("T1"));
    let _ = ReserveThings::new();
}
