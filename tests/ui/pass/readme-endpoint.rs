// The endpoint and the response type the README declares, as a user would
// write them.
use laml::sid::CallSid;
use laml::{endpoint, resource};

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

/// A call.
#[resource(list = "calls")]
pub struct Call {
    #[resource(required)]
    pub sid: CallSid,
    pub duration: Option<i64>,
    pub start_time: Option<laml::Timestamp>,
    pub status: String,
}

#[endpoint(GET, "/Accounts/<AccountSid>/Calls", query, response = laml::Page<Call>)]
pub struct ListTypedCalls {
    pub status: Option<String>,
}

#[allow(dead_code)]
async fn typed(client: &laml::Client) -> Result<laml::Page<Call>, laml::Error> {
    client.send(&ListTypedCalls::new().status("completed")).await
}
