use laml::conferences::Conference;
use laml::endpoint;

// The one mistake (a lowercase method) is the one error: the uses of the
// struct below add none.
#[endpoint(post, "/Accounts/<AccountSid>/Conferences/<Sid>", form, response = Conference)]
pub struct UpdateConference {
    pub sid: String,
    pub announce_url: Option<String>,
}

async fn end(client: &laml::Client) -> Result<Conference, laml::Error> {
    let request = UpdateConference::new("CF1").announce_url("https://example.com");
    client.send(&request).await
}

fn main() {
    let _ = end;
}
