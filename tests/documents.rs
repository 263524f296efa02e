//! LaML documents: the same documents built with SignalWire's Python SDK
//! (`tests/fixtures/documents/*.xml`, written by `generate.py` there) and
//! with laml are equal as XML trees; any text or attribute value comes back
//! unchanged from a parser, and what XML cannot carry is refused.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use laml::document::fax::{self, FaxResponse, MediaType, PageSize, Receive};
use laml::document::messaging::{self, Body, Media, Message, MessagingResponse};
use laml::document::voice::CallbackMethod::{Get, Post};
use laml::document::voice::*;
use proptest::prelude::*;

mod tree {
    use std::collections::BTreeMap;

    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    /// An element as a parser sees it: attribute order and the spelling of
    /// empty elements do not matter; adjacent text is one node.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Element {
        pub name: String,
        pub attributes: BTreeMap<String, String>,
        pub children: Vec<Node>,
    }

    #[derive(Debug, Clone, PartialEq)]
    pub enum Node {
        Element(Element),
        Text(String),
    }

    fn push_text(element: &mut Element, text: &str) {
        if text.is_empty() {
            return;
        }
        match element.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => element.children.push(Node::Text(text.to_owned())),
        }
    }

    /// Parses `xml`, failing on anything that is not well-formed.
    pub fn parse(xml: &str) -> Result<Element, String> {
        let version = XmlVersion::Explicit1_0;
        let mut reader = Reader::from_str(xml);
        reader.config_mut().expand_empty_elements = true;
        reader.config_mut().check_end_names = true;
        let mut stack = vec![Element {
            name: String::new(),
            attributes: BTreeMap::new(),
            children: Vec::new(),
        }];
        loop {
            let event = reader.read_event().map_err(|error| error.to_string())?;
            match event {
                Event::Decl(_) => {}
                Event::Start(start) => {
                    let mut attributes = BTreeMap::new();
                    for attribute in start.attributes() {
                        let attribute = attribute.map_err(|error| error.to_string())?;
                        let value = attribute
                            .normalized_value(version)
                            .map_err(|error| error.to_string())?;
                        let name = attribute.key.as_ref().to_owned();
                        if attributes.insert(name, value.into_owned()).is_some() {
                            return Err("repeated attribute".into());
                        }
                    }
                    stack.push(Element {
                        name: start.name().as_ref().to_owned(),
                        attributes,
                        children: Vec::new(),
                    });
                }
                Event::End(_) => {
                    let element = stack.pop().ok_or("unbalanced end")?;
                    stack
                        .last_mut()
                        .ok_or("end without start")?
                        .children
                        .push(Node::Element(element));
                }
                Event::Text(text) => {
                    let text = text.xml_content(version);
                    push_text(stack.last_mut().ok_or("text outside")?, &text);
                }
                Event::GeneralRef(reference) => {
                    let character = match reference.resolve_char_ref() {
                        Ok(Some(character)) => character,
                        Ok(None) => match reference.as_ref() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "quot" => '"',
                            "apos" => '\'',
                            other => return Err(format!("unknown entity {other}")),
                        },
                        Err(error) => return Err(error.to_string()),
                    };
                    push_text(
                        stack.last_mut().ok_or("reference outside")?,
                        character.encode_utf8(&mut [0; 4]),
                    );
                }
                Event::Eof => break,
                other => return Err(format!("unexpected {other:?}")),
            }
        }
        let mut root = stack.pop().ok_or("no document")?;
        root.children
            .retain(|node| !matches!(node, Node::Text(text) if text.trim().is_empty()));
        if !stack.is_empty() || root.children.len() != 1 {
            return Err("not one root element".into());
        }
        match root.children.pop() {
            Some(Node::Element(element)) => Ok(element),
            _ => Err("the root is not an element".into()),
        }
    }
}

use tree::{Element, Node};

fn say_ssml() -> String {
    VoiceResponse::new()
        .append(
            Say::new("Hello,")
                .voice(SayVoice::polly("Joanna-Neural"))
                .loop_(2)
                .language("en-US")
                .append(
                    Break::new()
                        .strength(BreakStrength::Strong)
                        .time(Duration::from_millis(500)),
                )
                .append(" and welcome. ")
                .append(Emphasis::new("really").level(EmphasisLevel::Strong))
                .append(Lang::new("fr-FR", "Bonjour"))
                .append(P::new("A paragraph."))
                .append(Phoneme::new("tomato", "təˈmeɪtoʊ").alphabet(PhonemeAlphabet::Ipa))
                .append(
                    Prosody::new("Slowly")
                        .volume(Volume::Decibels(6))
                        .rate(Rate::Percent(80))
                        .pitch(Pitch::Percent(-10)),
                )
                .append(S::new("A sentence."))
                .append(SayAs::new("12345", InterpretAs::Digits))
                .append(SayAs::new("2024-03-01", InterpretAs::Date).format(DateFormat::Ymd))
                .append(Sub::new("W3C", "World Wide Web Consortium"))
                .append(" Goodbye."),
        )
        .append(Say::new("Plain").voice(SayVoice::Man))
        .to_xml()
        .unwrap()
}

fn gather() -> String {
    VoiceResponse::new()
        .append(
            Gather::new()
                .action("https://example.com/gather")
                .action_on_empty_result(true)
                .enhanced(true)
                .finish_on_key("*")
                .hints(["sales", "support", "billing"])
                .input([GatherInput::Dtmf, GatherInput::Speech])
                .language("en-GB")
                .method(Get)
                .num_digits(4)
                .partial_result_callback("https://example.com/partial")
                .partial_result_callback_method(Get)
                .profanity_filter(false)
                .speech_model(SpeechModel::PhoneCall)
                .speech_timeout(SpeechTimeout::Auto)
                .timeout(7)
                .append(Say::new("Enter your code.").voice(SayVoice::Woman))
                .append(Play::new("https://example.com/beep.mp3").loop_(1))
                .append(Pause::new().length(2)),
        )
        .append(Gather::new().speech_timeout(3))
        .to_xml()
        .unwrap()
}

fn dial_numbers() -> String {
    VoiceResponse::new()
        .append(
            Dial::new()
                .action("https://example.com/dial")
                .answer_on_bridge(true)
                .caller_id("+15550001111")
                .caller_name("Example")
                .hangup_on_star(true)
                .method(Get)
                .record(DialRecord::RecordFromAnswerDual)
                .recording_status_callback("https://example.com/recording")
                .recording_status_callback_event([
                    RecordingEvent::InProgress,
                    RecordingEvent::Completed,
                    RecordingEvent::Absent,
                ])
                .recording_status_callback_method(Get)
                .recording_storage_url("https://storage.example.com/")
                .recording_storage_url_method(StorageMethod::Put)
                .recording_track(RecordingTrack::Both)
                .ring_tone(RingTone::UsOld)
                .time_limit(600)
                .timeout(20)
                .trim(Trim::TrimSilence)
                .append(
                    Number::new("+15551234567")
                        .method(Get)
                        .send_digits("ww5645")
                        .status_callback("https://example.com/number")
                        .status_callback_event([
                            CallProgressEvent::Initiated,
                            CallProgressEvent::Ringing,
                            CallProgressEvent::Answered,
                            CallProgressEvent::Completed,
                        ])
                        .status_callback_method(Post)
                        .url("https://example.com/whisper"),
                )
                .append(Number::new("+15557654321")),
        )
        .append(Dial::to("+15559990000").timeout(30))
        .to_xml()
        .unwrap()
}

fn dial_conference() -> String {
    VoiceResponse::new()
        .append(
            Dial::new().append(
                Conference::new("Room 1234")
                    .beep(Beep::OnEnter)
                    .coach("CA0000000000")
                    .end_conference_on_exit(true)
                    .event_callback_url("https://example.com/event")
                    .max_participants(10)
                    .muted(false)
                    .record(ConferenceRecord::RecordFromStart)
                    .recording_status_callback("https://example.com/recording")
                    .recording_status_callback_event([
                        RecordingEvent::InProgress,
                        RecordingEvent::Completed,
                        RecordingEvent::Failed,
                    ])
                    .recording_status_callback_method(Post)
                    .start_conference_on_enter(false)
                    .status_callback("https://example.com/conference")
                    .status_callback_event([
                        ConferenceEvent::Start,
                        ConferenceEvent::End,
                        ConferenceEvent::Join,
                        ConferenceEvent::Leave,
                        ConferenceEvent::Mute,
                        ConferenceEvent::Hold,
                        ConferenceEvent::Speaker,
                    ])
                    .status_callback_method(Get)
                    .trim(Trim::DoNotTrim)
                    .wait_method(Get)
                    .wait_url("https://example.com/hold-music")
                    .append(
                        Stream::new("wss://example.com/stream")
                            .name("conference_stream")
                            .bidir(true)
                            .stream_start_conference_on_enter(true)
                            .append(Parameter::new("foo", "bar")),
                    ),
            ),
        )
        .to_xml()
        .unwrap()
}

fn dial_queue_sip_verto() -> String {
    VoiceResponse::new()
        .append(
            Dial::new().append(
                Queue::new("support")
                    .url("https://example.com/about-to-connect")
                    .method(Get),
            ),
        )
        .append(
            Dial::new().caller_id("my-app").append(
                Sip::new("sip:alice@example.com;transport=udp?X-Custom=1&X-Other=2")
                    .codecs([SipCodec::Pcmu, SipCodec::Pcma, SipCodec::Opus])
                    .method(Get)
                    .password("secret")
                    .session_timeout(600)
                    .status_callback("https://example.com/sip")
                    .status_callback_event([
                        CallProgressEvent::Initiated,
                        CallProgressEvent::Completed,
                    ])
                    .status_callback_method(Post)
                    .url("https://example.com/sip-whisper")
                    .username("alice"),
            ),
        )
        .append(
            Dial::new()
                .record(DialRecord::RecordFromAnswer)
                .method(Get)
                .action("https://example.com/after")
                .append(Verto::new("Test@my-space.verto.signalwire.com")),
        )
        .to_xml()
        .unwrap()
}

fn connect_and_streams() -> String {
    VoiceResponse::new()
        .append(
            Connect::new()
                .action("https://example.com/connected")
                .method(Get)
                .append(Room::new("my-room-name")),
        )
        .append(
            Connect::new().append(
                Stream::new("wss://example.com/audio")
                    .name("bidi")
                    .codec(StreamCodec::L16At16000)
                    .realtime(true),
            ),
        )
        .append(
            Connect::new()
                .action("https://example.com/next")
                .append(VirtualAgent::new("my-agent")),
        )
        .append(Start::new(
            Stream::new("wss://example.com/audiostream")
                .name("mystream")
                .track(StreamTrack::BothTracks)
                .status_callback("https://example.com/stream-status")
                .status_callback_method(Get)
                .auth_bearer_token("token-123")
                .codec(StreamCodec::Pcmu8000)
                .stream_ssl_validate_certificate(true)
                .append(Parameter::new("Cookie", "948f9938"))
                .append(Parameter::new("Type", "SIP")),
        ))
        .append(Stop::stream("mystream"))
        .to_xml()
        .unwrap()
}

fn simple_verbs() -> String {
    VoiceResponse::new()
        .append(Denoise::on())
        .append(Echo::new().timeout(120))
        .append(
            Enqueue::new("support")
                .action("https://example.com/left-queue")
                .method(Get)
                .wait_url("https://example.com/wait")
                .wait_url_method(Post),
        )
        .append(Pause::new().length(3))
        .append(Play::new("https://example.com/music.mp3").loop_(0))
        .append(Play::tones("wwww9"))
        .append(
            Record::new()
                .action("https://example.com/recorded")
                .finish_on_key("#*")
                .max_length(15)
                .method(Get)
                .play_beep(false)
                .recording_status_callback("https://example.com/recording")
                .recording_status_callback_event([
                    RecordingEvent::Completed,
                    RecordingEvent::Absent,
                ])
                .recording_status_callback_method(Get)
                .storage_url("https://storage.example.com/")
                .storage_url_method(StorageMethod::Put)
                .timeout(5)
                .transcribe(true)
                .transcribe_callback("https://example.com/transcribed")
                .trim(Trim::DoNotTrim),
        )
        .append(
            Sms::new("Our store is at 123 Main St.")
                .to("+15551234567")
                .from("+15557654321")
                .action("https://example.com/sms")
                .method(Get)
                .status_callback("https://example.com/sms-status"),
        )
        .append(
            Refer::new("sip:bob@example.com")
                .action("https://example.com/referred")
                .method(Get),
        )
        .append(Leave::new())
        .append(Redirect::new("https://example.com/next").method(Get))
        .append(Reject::new().reason(RejectReason::Busy))
        .append(Hangup::new())
        .to_xml()
        .unwrap()
}

fn pay() -> String {
    VoiceResponse::new()
        .append(
            Pay::new()
                .action("https://example.com/paid")
                .charge_amount(Amount::cents(2045))
                .currency("usd")
                .description("renew plan")
                .input(PayInput::Dtmf)
                .language("en-GB")
                .max_attempts(3)
                .min_postal_code_length(5)
                .payment_connector_url("https://example.com/connector")
                .payment_method(PaymentMethod::CreditCard)
                .postal_code(false)
                .security_code(true)
                .status_callback("https://example.com/pay-status")
                .timeout(8)
                .token_type(TokenType::OneTime)
                .valid_card_types([CardType::Visa, CardType::Mastercard, CardType::Amex])
                .append(
                    Prompt::new(PaymentStep::PaymentCardNumber)
                        .attempt(2)
                        .card_type([CardType::Visa, CardType::Amex])
                        .error_type([PayErrorType::Timeout, PayErrorType::InvalidCardNumber])
                        .append(Say::new("Please enter your card number again.")),
                )
                .append(
                    Prompt::new(PaymentStep::ExpirationDate)
                        .append(Play::new("https://example.com/expiration.mp3")),
                )
                .append(Parameter::new("customer", "42")),
        )
        .append(
            Pay::new()
                .postal_code("10001")
                .payment_method(PaymentMethod::AchDebit),
        )
        .to_xml()
        .unwrap()
}

const NASTY: &str =
    "a < b & c > d \"quoted\" 'single' \n new line \t tab \r return ]]> é 中 😀 \u{7f} \u{85}";

fn hostile_text() -> String {
    VoiceResponse::new()
        .append(Say::new(NASTY.replace('\r', "")).language(NASTY))
        .append(Redirect::new("https://example.com/?a=1&b=<2>").method(Post))
        .append(
            Dial::new()
                .caller_name(NASTY)
                .append(Number::new("+1 & 2").send_digits("\t\n\r")),
        )
        .to_xml()
        .unwrap()
}

fn gather_barge_in() -> String {
    VoiceResponse::new()
        .append(
            Gather::new()
                .action("https://example.com/gather")
                .input([GatherInput::Speech])
                .attribute("bargeIn", "true")
                .append(Say::new("Say something.")),
        )
        .to_xml()
        .unwrap()
}

fn messaging() -> String {
    MessagingResponse::new()
        .append(
            Message::text("Plain reply")
                .to("+15551234567")
                .from("+15557654321")
                .action("https://example.com/status")
                .method(Get),
        )
        .append(
            Message::new()
                .append(Body::new("Hello from SignalWire!"))
                .append(Body::new(" And more <text> & stuff"))
                .append(Media::new("https://example.com/cat.jpg"))
                .append(Media::new("https://example.com/dog.jpg")),
        )
        .append(
            messaging::Redirect::new("https://example.com/next-document")
                .method(messaging::CallbackMethod::Get),
        )
        .to_xml()
        .unwrap()
}

fn empty_messaging() -> String {
    MessagingResponse::new().to_xml().unwrap()
}

fn fax_receive() -> String {
    FaxResponse::new()
        .append(
            Receive::new()
                .action("https://example.com/fax")
                .media_type(MediaType::ImageTiff)
                .method(Get)
                .page_size(PageSize::A4),
        )
        .to_xml()
        .unwrap()
}

fn fax_store_media() -> String {
    FaxResponse::new()
        .append(
            Receive::new()
                .action("https://example.com/fax")
                .attribute("storeMedia", "false"),
        )
        .to_xml()
        .unwrap()
}

#[test]
fn each_kind_of_document_names_the_callback_method_itself() {
    let receive = FaxResponse::new()
        .append(
            Receive::new()
                .action("/fax")
                .method(fax::CallbackMethod::Get),
        )
        .to_xml()
        .unwrap();
    assert!(
        receive.contains(r#"<Receive action="/fax" method="GET"/>"#),
        "{receive}"
    );
}

fn fax_reject() -> String {
    FaxResponse::new()
        .append(fax::Reject::new())
        .to_xml()
        .unwrap()
}

fn laml_case(name: &str) -> Option<String> {
    let build: fn() -> String = match name {
        "say_ssml" => say_ssml,
        "gather" => gather,
        "dial_numbers" => dial_numbers,
        "dial_conference" => dial_conference,
        "dial_queue_sip_verto" => dial_queue_sip_verto,
        "connect_and_streams" => connect_and_streams,
        "simple_verbs" => simple_verbs,
        "pay" => pay,
        "hostile_text" => hostile_text,
        "gather_barge_in" => gather_barge_in,
        "messaging" => messaging,
        "empty_messaging" => empty_messaging,
        "fax_receive" => fax_receive,
        "fax_store_media" => fax_store_media,
        "fax_reject" => fax_reject,
        _ => return None,
    };
    Some(build())
}

#[test]
fn documents_equal_the_python_sdks_as_xml_trees() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents");
    let mut compared = Vec::new();
    for entry in std::fs::read_dir(&directory).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "xml") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let python = std::fs::read_to_string(&path).unwrap();
        let laml = laml_case(&name).unwrap_or_else(|| panic!("no laml case for {name}.xml"));
        assert!(laml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
        let expected = tree::parse(&python).unwrap();
        let actual = tree::parse(&laml).unwrap_or_else(|error| panic!("{name}: {error}\n{laml}"));
        assert_eq!(
            actual, expected,
            "{name}:\nlaml:   {laml}\npython: {python}"
        );
        compared.push(name);
    }
    assert_eq!(compared.len(), 15, "{compared:?}");
}

#[test]
fn the_comparison_sees_a_changed_attribute_text_or_order_of_children() {
    let reference = tree::parse(&simple_verbs()).unwrap();
    let changed = simple_verbs().replace("length=\"3\"", "length=\"4\"");
    assert_ne!(tree::parse(&changed).unwrap(), reference);
    let changed = simple_verbs().replace("123 Main", "124 Main");
    assert_ne!(tree::parse(&changed).unwrap(), reference);
    let swapped = VoiceResponse::new()
        .append(Hangup::new())
        .append(Leave::new())
        .to_xml()
        .unwrap();
    let in_order = VoiceResponse::new()
        .append(Leave::new())
        .append(Hangup::new())
        .to_xml()
        .unwrap();
    assert_ne!(tree::parse(&swapped), tree::parse(&in_order));
    assert!(tree::parse("<Response><Say></Response>").is_err());
}

#[test]
fn empty_elements_and_unset_attributes_are_left_out() {
    assert_eq!(
        VoiceResponse::new()
            .append(Hangup::new())
            .append(Say::new(""))
            .to_xml()
            .unwrap(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/><Say></Say></Response>"#
    );
    assert_eq!(
        FaxResponse::new().to_xml().unwrap(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
    );
}

#[test]
fn a_character_xml_cannot_carry_is_refused_naming_where_it_is() {
    let error = VoiceResponse::new()
        .append(Gather::new().append(Say::new("ok").language("en\u{1}US")))
        .to_xml()
        .unwrap_err();
    assert_eq!(error.element(), "Say");
    assert_eq!(error.attribute(), Some("language"));
    assert_eq!(error.character(), Some('\u{1}'));
    assert_eq!(
        error.to_string(),
        "the `language` attribute of <Say> holds U+0001, which XML 1.0 cannot carry"
    );

    let error = MessagingResponse::new()
        .append(Message::new().append(Body::new("bad \u{ffff}")))
        .to_xml()
        .unwrap_err();
    assert_eq!((error.element(), error.attribute()), ("Body", None));
    assert_eq!(
        error.to_string(),
        "the text of <Body> holds U+FFFF, which XML 1.0 cannot carry"
    );
}

#[test]
fn secrets_in_documents_do_not_show_in_debug() {
    let sip = Sip::new("sip:a@example.com").password("hunter2");
    let stream = Stream::new("wss://example.com").auth_bearer_token("bearer-xyz");
    let debug = format!("{sip:?} {stream:?}");
    assert!(
        !debug.contains("hunter2") && !debug.contains("bearer-xyz"),
        "{debug}"
    );
    let xml = VoiceResponse::new()
        .append(Dial::new().append(sip))
        .append(Start::new(stream))
        .to_xml()
        .unwrap();
    assert!(
        xml.contains(r#"password="hunter2""#) && xml.contains(r#"authBearerToken="bearer-xyz""#)
    );
}

#[test]
fn a_document_can_be_built_in_a_loop() {
    let mut gather = Gather::new().num_digits(1);
    for option in ["sales", "support"] {
        gather.push(Say::new(format!("For {option}, press a key.")));
    }
    assert_eq!(gather.children().len(), 2);
    let parsed = tree::parse(&VoiceResponse::new().append(gather).to_xml().unwrap()).unwrap();
    let Node::Element(gather) = &parsed.children[0] else {
        panic!("{parsed:?}")
    };
    assert_eq!(gather.children.len(), 2);
}

fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        prop::sample::select(vec![
            '<', '>', '&', '"', '\'', '\n', '\r', '\t', ' ', ']', '\u{0}', '\u{b}', '\u{1f}',
            '\u{7f}', '\u{85}', '\u{2028}', '\u{fffe}', '\u{ffff}', '\u{fffd}', '😀',
        ]),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..24).prop_map(|chars| chars.into_iter().collect())
}

fn xml_can_carry(text: &str) -> bool {
    text.chars().all(|character| {
        matches!(character, '\t' | '\n' | '\r')
            || !(character < ' ' || character == '\u{fffe}' || character == '\u{ffff}')
    })
}

fn element(node: &Node) -> &Element {
    match node {
        Node::Element(element) => element,
        Node::Text(text) => panic!("text {text:?} where an element was expected"),
    }
}

fn text_of(element: &Element) -> String {
    element
        .children
        .iter()
        .map(|node| match node {
            Node::Text(text) => text.as_str(),
            Node::Element(_) => "",
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_or_attribute_comes_back_unchanged_or_is_refused(
        text in hostile_string(),
        attribute in hostile_string(),
        name in hostile_string(),
    ) {
        let document = VoiceResponse::new()
            .append(Say::new(text.clone()).language(attribute.clone()))
            .append(
                Start::new(
                    Stream::new(attribute.clone()).append(Parameter::new(name.clone(), text.clone())),
                ),
            )
            .to_xml();
        let carried = xml_can_carry(&text) && xml_can_carry(&attribute) && xml_can_carry(&name);
        match document {
            Ok(xml) => {
                prop_assert!(carried);
                let root = tree::parse(&xml).map_err(TestCaseError::fail)?;
                let say = element(&root.children[0]);
                prop_assert_eq!(text_of(say), text.clone());
                prop_assert_eq!(say.attributes.get("language"), Some(&attribute));
                let stream = element(&element(&root.children[1]).children[0]);
                prop_assert_eq!(stream.attributes.get("url"), Some(&attribute));
                let parameter = element(&stream.children[0]);
                prop_assert_eq!(parameter.attributes.get("name"), Some(&name));
                prop_assert_eq!(parameter.attributes.get("value"), Some(&text));
            }
            Err(error) => {
                prop_assert!(!carried);
                let refused = error.character().unwrap();
                prop_assert!(!xml_can_carry(&refused.to_string()));
                prop_assert!(text.contains(refused) || attribute.contains(refused) || name.contains(refused));
            }
        }
    }

    #[test]
    fn messages_carry_any_text(body in hostile_string(), to in hostile_string()) {
        match MessagingResponse::new()
            .append(Message::text(body.clone()).to(to.clone()))
            .to_xml()
        {
            Ok(xml) => {
                let root = tree::parse(&xml).map_err(TestCaseError::fail)?;
                let message = element(&root.children[0]);
                prop_assert_eq!(text_of(message), body);
                prop_assert_eq!(message.attributes.get("to"), Some(&to));
            }
            Err(_) => prop_assert!(!(xml_can_carry(&body) && xml_can_carry(&to))),
        }
    }
}

#[test]
fn attribute_maps_compare_by_name() {
    let mut expected = BTreeMap::new();
    expected.insert("b".to_owned(), "2".to_owned());
    expected.insert("a".to_owned(), "1".to_owned());
    let parsed = tree::parse(r#"<Response a="1" b="2"/>"#).unwrap();
    assert_eq!(parsed.attributes, expected);
}

/// A `<Say>` holding `depth` `<prosody>` elements, each inside the one
/// before.
fn nested_prosody(depth: usize) -> VoiceResponse {
    let mut speech = Prosody::new("deep");
    for _ in 1..depth {
        speech = Prosody::default().append(speech);
    }
    VoiceResponse::new().append(Say::default().append(speech))
}

const DEEP: usize = 100_000;

/// Runs `work` on a thread with a 256 KiB stack, far smaller than a tokio
/// worker's 2 MiB.
fn on_a_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(work)
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn a_deeply_nested_document_renders_on_a_small_stack() {
    let xml = on_a_small_stack(|| {
        let document = nested_prosody(DEEP);
        let xml = document.to_xml();
        // Dropping is the next test's; this one only renders.
        std::mem::forget(document);
        xml.unwrap()
    });
    let opened = format!("<Response><Say>{}deep", "<prosody>".repeat(DEEP));
    let closed = format!("{}</Say></Response>", "</prosody>".repeat(DEEP));
    assert!(
        xml.ends_with(&format!("{opened}{closed}")),
        "{}",
        &xml[..200]
    );
}

#[test]
fn a_deeply_nested_document_drops_on_a_small_stack() {
    let children = on_a_small_stack(|| {
        let document = nested_prosody(DEEP);
        let children = document.children().len();
        drop(document);
        children
    });
    assert_eq!(children, 1);
}

#[test]
fn a_refused_character_in_ssml_names_the_element_that_holds_it() {
    let refused = |say: Say| {
        let error = VoiceResponse::new().append(say).to_xml().unwrap_err();
        assert_eq!(error.character(), Some('\u{1}'));
        (
            error.element().to_owned(),
            error.attribute().map(str::to_owned),
        )
    };
    assert_eq!(
        refused(Say::default().append(Prosody::new("a\u{1}"))),
        ("prosody".to_owned(), None)
    );
    assert_eq!(
        refused(Say::default().append(Emphasis::default().append(S::new("a\u{1}")))),
        ("s".to_owned(), None)
    );
    assert_eq!(
        refused(
            Say::new("fine")
                .append(Prosody::new("fine"))
                .append("then \u{1}")
        ),
        ("Say".to_owned(), None)
    );
    assert_eq!(
        refused(Say::default().append(Lang::new("fr\u{1}FR", "Bonjour"))),
        ("lang".to_owned(), Some("xml:lang".to_owned()))
    );
    assert_eq!(
        refused(Say::default().append(P::default().append(Sub::new("W3C", "World\u{1}")))),
        ("sub".to_owned(), Some("alias".to_owned()))
    );
    let error = VoiceResponse::new()
        .append(Say::default().append(P::default().append(Prosody::new("a\u{1}"))))
        .to_xml()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the text of <prosody> holds U+0001, which XML 1.0 cannot carry"
    );
}

#[test]
fn an_attribute_set_by_name_is_written_escaped_after_the_typed_ones() {
    let xml = VoiceResponse::new()
        .append(
            Gather::new()
                .attribute("bargeIn", "true")
                .attribute("x-note", "a<b>&\"c'\n\td")
                .num_digits(1),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        xml,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Gather numDigits="1" bargeIn="true" x-note="a&lt;b&gt;&amp;&quot;c'&#10;&#9;d"/></Response>"#
    );
    let root = tree::parse(&xml).unwrap();
    assert_eq!(
        element(&root.children[0]).attributes["x-note"],
        "a<b>&\"c'\n\td"
    );
}

#[test]
fn every_kind_of_element_takes_attributes_by_name() {
    let voice = VoiceResponse::new()
        .attribute("v", "1")
        .append(
            Dial::new()
                .attribute("v", "2")
                .append(Number::new("+15551234567").attribute("v", "3")),
        )
        .append(
            Say::new("Hi")
                .attribute("v", "4")
                .append(Prosody::new("there").attribute("v", "5"))
                .append(Break::new().attribute("v", "6")),
        )
        .to_xml()
        .unwrap();
    assert_eq!(
        voice,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response v="1"><Dial v="2"><Number v="3">+15551234567</Number></Dial><Say v="4">Hi<prosody v="5">there</prosody><break v="6"/></Say></Response>"#
    );
    let messaging = MessagingResponse::new()
        .append(
            Message::new()
                .attribute("v", "1")
                .append(Body::new("Hi").attribute("v", "2"))
                .append(Media::new("https://example.com/a.png").attribute("v", "3")),
        )
        .to_xml()
        .unwrap();
    assert!(
        messaging.contains(r#"<Message v="1"><Body v="2">Hi</Body><Media v="3">"#),
        "{messaging}"
    );
    let fax = FaxResponse::new()
        .append(fax::Reject::new().attribute("v", "1"))
        .to_xml()
        .unwrap();
    assert!(fax.contains(r#"<Reject v="1"/>"#), "{fax}");
}

#[test]
fn the_last_value_set_for_an_attribute_wins_by_name_or_typed() {
    let render = |gather: Gather| {
        let xml = VoiceResponse::new().append(gather).to_xml().unwrap();
        let root = tree::parse(&xml).unwrap_or_else(|error| panic!("{error}: {xml}"));
        element(&root.children[0]).attributes.clone()
    };
    let attributes = render(Gather::new().action("typed").attribute("action", "named"));
    assert_eq!(attributes["action"], "named");
    assert_eq!(attributes.len(), 1);
    let attributes = render(Gather::new().attribute("action", "named").action("typed"));
    assert_eq!(attributes["action"], "typed");
    assert_eq!(attributes.len(), 1);
    let attributes = render(
        Gather::new()
            .attribute("bargeIn", "true")
            .attribute("x", "1")
            .attribute("bargeIn", "false"),
    );
    assert_eq!((&*attributes["bargeIn"], attributes.len()), ("false", 2));
    let xml = VoiceResponse::new()
        .append(Say::default().append(Lang::new("fr-FR", "Bonjour").attribute("xml:lang", "de-DE")))
        .to_xml()
        .unwrap();
    assert!(
        xml.contains(r#"<lang xml:lang="de-DE">Bonjour</lang>"#),
        "{xml}"
    );
}

#[test]
fn an_attribute_name_that_is_not_an_xml_name_is_refused_naming_it() {
    for name in ["a b", "", "1x", "x\"y", "x=\"1\" y", "x>", "-x"] {
        let error = VoiceResponse::new()
            .append(Gather::new().attribute(name, "true"))
            .to_xml()
            .unwrap_err();
        assert_eq!(error.element(), "Gather", "{name:?}");
        assert_eq!(error.attribute(), Some(name));
        assert!(error.is_attribute_name());
        assert_eq!(error.character(), None);
    }
    let error = VoiceResponse::new()
        .append(Say::default().append(P::default().append(Prosody::new("x").attribute("a b", "1"))))
        .to_xml()
        .unwrap_err();
    assert_eq!(
        (error.element(), error.attribute()),
        ("prosody", Some("a b"))
    );
    assert_eq!(
        error.to_string(),
        r#"<prosody> has an attribute named "a b", which is not an XML name"#
    );
    let error = FaxResponse::new()
        .append(Receive::new().attribute("", "1"))
        .to_xml()
        .unwrap_err();
    assert_eq!((error.element(), error.attribute()), ("Receive", Some("")));
    assert!(!VoiceResponse::new()
        .append(Say::new("\u{1}"))
        .to_xml()
        .unwrap_err()
        .is_attribute_name());
}

#[test]
fn a_refused_character_in_an_attribute_set_by_name_names_it_and_its_element() {
    let refused = |say: Say| {
        let error = VoiceResponse::new().append(say).to_xml().unwrap_err();
        assert!(!error.is_attribute_name());
        assert_eq!(error.character(), Some('\u{b}'));
        (
            error.element().to_owned(),
            error.attribute().map(str::to_owned),
        )
    };
    assert_eq!(
        refused(Say::new("x").attribute("x-voice", "a\u{b}")),
        ("Say".to_owned(), Some("x-voice".to_owned()))
    );
    assert_eq!(
        refused(Say::default().append(Emphasis::new("x").attribute("x-level", "a\u{b}"))),
        ("emphasis".to_owned(), Some("x-level".to_owned()))
    );
    assert_eq!(
        refused(
            Say::default()
                .append(S::default().append(Sub::new("x", "y").attribute("x-alias", "\u{b}")))
        ),
        ("sub".to_owned(), Some("x-alias".to_owned()))
    );
    let error = VoiceResponse::new()
        .append(
            Say::default()
                .append(P::default().append(Prosody::new("x").attribute("x-rate", "\u{b}"))),
        )
        .to_xml()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the `x-rate` attribute of <prosody> holds U+000B, which XML 1.0 cannot carry"
    );
}

#[test]
fn debug_shows_the_names_of_attributes_set_by_name_but_not_their_values() {
    let debug = format!(
        "{:?}",
        Stream::new("wss://example.com").attribute("x-platform-token", "tok-secret")
    );
    assert!(debug.contains("x-platform-token"), "{debug}");
    assert!(!debug.contains("tok-secret"), "{debug}");
}

fn attribute_name() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z_:][a-zA-Z0-9_:.-]{0,8}", hostile_string(),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_attribute_set_by_name_comes_back_unchanged_or_is_refused(
        name in attribute_name(),
        value in hostile_string(),
    ) {
        let plain_name = !name.is_empty()
            && name.chars().enumerate().all(|(index, character)| {
                character.is_ascii_alphabetic()
                    || matches!(character, '_' | ':')
                    || (index > 0 && (character.is_ascii_digit() || matches!(character, '.' | '-')))
            });
        let document = VoiceResponse::new()
            .append(Gather::new().attribute(name.clone(), value.clone()))
            .to_xml();
        match document {
            Ok(xml) => {
                prop_assert!(xml_can_carry(&value));
                prop_assert!(!name.is_empty());
                let breaks_the_tag =
                    |character: char| character.is_whitespace() || "\"'<>=&/".contains(character);
                prop_assert!(!name.contains(breaks_the_tag));
                let root = tree::parse(&xml).map_err(TestCaseError::fail)?;
                let gather = element(&root.children[0]);
                prop_assert_eq!(gather.attributes.get(&name), Some(&value));
                prop_assert_eq!(gather.attributes.len(), 1);
            }
            Err(error) => {
                prop_assert_eq!(error.element(), "Gather");
                prop_assert_eq!(error.attribute(), Some(name.as_str()));
                if error.is_attribute_name() {
                    prop_assert!(!plain_name);
                } else {
                    prop_assert!(!xml_can_carry(&value));
                }
            }
        }
    }
}
