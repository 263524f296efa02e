use laml::endpoint;

#[endpoint(POST, "/Accounts/<AccountSid>/Queues/<Sid>", idempotent = "no")]
pub struct UpdateQueue {
    pub sid: String,
}

fn main() {}
