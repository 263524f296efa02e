use laml::endpoint;

#[endpoint(FETCH, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
