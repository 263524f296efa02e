use laml::endpoint;

#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form, json)]
pub struct UpdateConference {
    pub sid: String,
    pub status: Option<String>,
}

fn main() {}
