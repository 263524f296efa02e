use laml::endpoint;

// A POST to a sid is already an update, idempotent.
#[endpoint(POST, "/Accounts/<AccountSid>/Calls/<Sid>", idempotent = true)]
pub struct UpdateCall {
    pub sid: String,
}

fn main() {}
