use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences?Status=completed")]
pub struct ListCompletedConferences {}

fn main() {}
