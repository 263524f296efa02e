use laml::endpoint;

pub struct ConferenceSid([u8; 16]);

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub struct FetchConference {
    pub sid: ConferenceSid,
}

fn main() {}
