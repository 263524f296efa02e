use laml::endpoint;

#[endpoint(
    POST,
    "/Accounts/<AccountSid>/Queues/<QueueSid>/Members/<CallSid>",
    idempotent = false,
    idempotent = false
)]
pub struct DequeueMember {
    pub queue_sid: String,
    pub call_sid: String,
}

fn main() {}
