use laml::document::voice::{Number, VoiceResponse};

fn main() {
    let _ = VoiceResponse::new().append(Number::new("+15551234567"));
}
