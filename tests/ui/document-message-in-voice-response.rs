use laml::document::messaging::Message;
use laml::document::voice::VoiceResponse;

fn main() {
    let _ = VoiceResponse::new().append(Message::text("Hello"));
}
