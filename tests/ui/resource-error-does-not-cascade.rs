use laml::resource;

// The one mistake (a misspelt argument) is the one error: using the type as
// a page's item and an endpoint's response adds none.
#[resource(lsit = "conferences")]
pub struct Conference {
    pub friendly_name: String,
}

#[laml::endpoint(GET, "/Accounts/<AccountSid>/Conferences", response = laml::Page<Conference>)]
pub struct ListConferences {}

fn main() {
    let page: laml::Page<Conference> = serde_json::from_str("{}").unwrap();
    println!("{:?}", page.items.first().cloned());
}
