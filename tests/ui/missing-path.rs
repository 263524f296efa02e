use laml::endpoint;

#[endpoint(GET)]
pub struct FetchConference {
    pub sid: String,
}

fn main() {}
