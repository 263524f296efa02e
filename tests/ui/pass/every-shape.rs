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
}
