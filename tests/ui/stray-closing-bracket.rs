use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/Sid>")]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
