use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<>")]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
