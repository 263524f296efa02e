use laml::resource;

#[resource(list = "conferences", page_key = "conferences")]
pub struct Conference {
    pub friendly_name: String,
}

fn main() {}
