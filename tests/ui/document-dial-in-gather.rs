use laml::document::voice::{Dial, Gather};

fn main() {
    let _ = Gather::new().append(Dial::to("+15551234567"));
}
