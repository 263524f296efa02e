use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub struct FetchConference {
    #[param(rename = "ConferenceSid")]
    pub sid: String,
}

fn main() {}
