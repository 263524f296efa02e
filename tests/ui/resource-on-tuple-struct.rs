use laml::resource;

#[resource]
pub struct Conference(String, String);

fn main() {}
