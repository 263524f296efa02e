use laml::conferences::{Conference, FetchParticipant, Participant};

// The participant's call sid and the conference's sid, passed the wrong way
// round.
fn fetch_again(conference: Conference, participant: Participant) -> FetchParticipant {
    FetchParticipant::new(participant.call_sid, conference.sid)
}

fn main() {}
