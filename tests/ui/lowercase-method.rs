use laml::endpoint;

#[endpoint(post, "/Accounts/<AccountSid>/Conferences/<Sid>", form)]
pub struct UpdateConference {
    pub sid: String,
    pub status: Option<String>,
}

fn main() {}
