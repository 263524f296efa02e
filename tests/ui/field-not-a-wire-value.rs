use laml::endpoint;

pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form)]
pub struct UpdateConference {
    pub sid: String,
    pub location: Option<Coordinates>,
}

fn main() {}
