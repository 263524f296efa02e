use laml::resource;

// The list key is the key of the page's array, not a Rust name.
#[resource(list = "Conference list")]
pub struct Conference {
    pub friendly_name: String,
}

fn main() {}
