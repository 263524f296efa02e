use laml::resource;

#[resource]
pub struct Conference {
    #[resource(optional)]
    pub region: String,
}

fn main() {}
