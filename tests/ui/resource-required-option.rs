use laml::resource;

#[resource]
pub struct Participant {
    #[resource(required)]
    pub call_sid: Option<laml::sid::CallSid>,
}

fn main() {}
