use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", op = "RetrieveConference")]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
