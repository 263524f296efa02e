use laml::endpoint;

#[endpoint(DELETE, "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Recordings/<Sid>", json)]
pub struct DeleteRecording {
    pub conference_sid: String,
    pub sid: String,
}

fn main() {}
