use laml::endpoint;

#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", xml)]
pub struct UpdateConference {
    pub sid: String,
    pub status: Option<String>,
}

fn main() {}
