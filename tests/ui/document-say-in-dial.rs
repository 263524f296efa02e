use laml::document::voice::{Dial, Say};

fn main() {
    let _ = Dial::new().append(Say::new("Connecting you now."));
}
