use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", response = String, response = u32)]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
