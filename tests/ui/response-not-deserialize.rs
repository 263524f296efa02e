use laml::endpoint;

pub struct Conference {
    pub sid: String,
}

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", response = Conference)]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
