use laml::document::voice::{Break, VoiceResponse};

fn main() {
    let _ = VoiceResponse::new().append(Break::new());
}
