use laml::resource;

// Left over from a hand-written response type.
#[resource]
pub struct Conference {
    #[serde(default, deserialize_with = "laml::decode::string")]
    pub friendly_name: String,
    #[serde(rename = "region")]
    pub mixed_in: String,
}

fn main() {}
