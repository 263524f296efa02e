use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub union FetchConference {
    sid: u64,
}

fn main() {}
