use laml::endpoint;

#[endpoint(GET, /Accounts/Conferences)]
pub struct ListConferences {}

fn main() {}
