use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Calls", idempotent = false)]
pub struct ListCalls {}

fn main() {}
