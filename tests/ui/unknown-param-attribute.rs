use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences", query)]
pub struct ListConferences {
    #[param(name = "DateCreated<")]
    pub date_created_before: Option<String>,
}

fn main() {}
