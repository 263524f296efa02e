use laml::endpoint;

#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub struct UpdateConference {
    pub sid: String,
    pub announce_url: Option<String>,
}

fn main() {}
