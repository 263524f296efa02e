use laml::endpoint;

#[endpoint(
    GET,
    "/Accounts/<AccountSid>/Conferences/<Sid>",
    op = "retrieve_conference",
    op = "fetch_conference"
)]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
