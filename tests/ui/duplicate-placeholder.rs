use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>/Recordings/<Sid>")]
pub struct FetchRecording {
    pub sid: String,
}

fn main() {}
