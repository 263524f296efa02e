use laml::resource;

// Left over from a hand-written response type.
#[resource]
#[derive(Debug, Clone, Eq, serde::Deserialize)]
pub struct Conference {
    pub friendly_name: String,
}

fn main() {}
