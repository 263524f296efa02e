use laml::endpoint;

#[endpoint(GET, "/Accounts/<AccountSid>/Conferences", query)]
pub struct ListConferences {
    pub date_created: Option<String>,
    #[param(rename = "DateCreated")]
    pub created_on: Option<String>,
}

fn main() {}
