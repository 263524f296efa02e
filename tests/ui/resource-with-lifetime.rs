use laml::resource;

#[resource]
pub struct Conference<'a> {
    pub friendly_name: &'a str,
}

fn main() {}
