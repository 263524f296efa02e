// The endpoint the README declares, as a user would write it.
use laml::endpoint;

/// Lists the project's calls, a page at a time.
#[endpoint(GET, "/Accounts/<AccountSid>/Calls", query, response = serde_json::Value)]
pub struct ListCalls {
    pub status: Option<String>,
    #[param(rename = "StartTime>")]
    pub started_after: Option<time::Date>,
    pub page_size: Option<u32>,
}

async fn list(client: &laml::Client) -> Result<serde_json::Value, laml::Error> {
    client
        .send(&ListCalls::new().status("completed").page_size(20))
        .await
}

fn main() {
    let _ = list;
}
