//! Plain integer literals fit every numeric attribute of a document and
//! every numeric parameter of a request, and typed values still do.

use laml::calls::{CreateCall, ListCalls};
use laml::document::voice::{
    Conference, Dial, Echo, Gather, Pause, Pay, PaymentStep, Play, Prompt, Record, Say, Sip,
    SpeechTimeout, VoiceResponse,
};
use laml::faxes::SendFax;
use laml::messages::CreateMessage;
use laml::queues::CreateQueue;
use laml::recordings::ListRecordings;

fn main() {
    let seconds: u32 = 9;
    let _ = VoiceResponse::new()
        .append(
            Gather::new()
                .num_digits(1)
                .timeout(10)
                .speech_timeout(5)
                .append(Say::new("Press a key.").loop_(2)),
        )
        .append(Gather::new().speech_timeout(SpeechTimeout::Auto).timeout(seconds))
        .append(Play::new("https://example.com/a.mp3").loop_(0))
        .append(Pause::new().length(2))
        .append(Echo::new().timeout(120))
        .append(Record::new().max_length(15).timeout(5))
        .append(
            Dial::new()
                .time_limit(600)
                .timeout(20)
                .append(Conference::new("room").max_participants(10)),
        )
        .append(Dial::new().append(Sip::new("sip:a@example.com").session_timeout(600)))
        .append(
            Pay::new()
                .max_attempts(3)
                .min_postal_code_length(5)
                .timeout(8)
                .charge_amount(20)
                .append(Prompt::new(PaymentStep::SecurityCode).attempt(2)),
        );

    let _ = CreateCall::new("+15551230000", "+15559870000")
        .timeout(30)
        .machine_detection_timeout(45);
    let _ = ListCalls::new().page(0).page_size(50);
    let _ = ListRecordings::new().page_size(20);
    let _ = CreateQueue::new("support").max_size(10);
    let _ = CreateMessage::new("+15551230000").validity_period(600);
    let _ = SendFax::new("+15551230000", "+15559870000", "https://example.com/a.pdf").ttl(30);
}
