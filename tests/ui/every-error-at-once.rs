use laml::endpoint;

// One build reports every independent mistake, not only the first.
#[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>")]
pub struct FetchParticipant {
    pub conference_sid: Option<String>,
}

fn main() {}
