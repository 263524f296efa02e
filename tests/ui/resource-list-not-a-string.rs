use laml::resource;

#[resource(list = conferences)]
pub struct Conference {
    pub friendly_name: String,
}

fn main() {}
