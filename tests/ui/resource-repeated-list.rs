use laml::resource;

#[resource(list = "conferences", list = "rooms")]
pub struct Conference {
    pub friendly_name: String,
}

fn main() {}
