use laml::resource;

#[resource]
pub enum ConferenceStatus {
    Init,
    InProgress,
}

fn main() {}
