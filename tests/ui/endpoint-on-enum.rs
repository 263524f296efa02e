use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>")]
pub enum FetchConference {
    BySid(String),
}

fn main() {}
