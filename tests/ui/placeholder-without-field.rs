use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>")]
pub struct FetchParticipant {
    pub conference_sid: String,
}

fn main() {}
