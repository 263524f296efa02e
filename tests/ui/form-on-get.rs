use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences", form)]
pub struct ListConferences {
    pub friendly_name: Option<String>,
}

fn main() {}
