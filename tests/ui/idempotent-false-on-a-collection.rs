use laml::endpoint;

// A POST to a collection is already a create: the key is for the
// operations whose path says otherwise.
#[endpoint(POST, "/Accounts/<AccountSid>/Calls", idempotent = false)]
pub struct CreateCall {}

fn main() {}
