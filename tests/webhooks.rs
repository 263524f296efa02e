//! Typed callbacks read from realistic forms: every documented parameter,
//! lenient numbers and statuses, unknown parameters kept, no panic on any
//! form.

use laml::sid::CallSid;
use laml::webhook::*;
use proptest::prelude::*;

fn form(pairs: &[(&str, &str)]) -> Form {
    pairs.iter().copied().collect()
}

const CALL: &[(&str, &str)] = &[
    ("AccountSid", "b2d6c1b4-0000-4000-8000-000000000001"),
    ("ApiVersion", "2010-04-01"),
    ("CallSid", "7c3b2f0e-1111-4222-8333-444455556666"),
    ("CallStatus", "in-progress"),
    ("Direction", "inbound"),
    ("From", "+15551234567"),
    ("To", "+15557654321"),
    ("ParentCallSid", ""),
];

/// The standard parameters, where `extra` replaces any of the same name.
fn with_call(extra: &[(&'static str, &'static str)]) -> Form {
    let standard = CALL
        .iter()
        .filter(|(name, _)| !extra.iter().any(|(other, _)| other == name));
    standard.chain(extra).copied().collect()
}

#[test]
fn a_voice_request_reads_the_standard_parameters_and_keeps_the_rest() {
    let request = VoiceRequest::from_form(&with_call(&[
        ("CallerName", "Alice"),
        ("SipHeader_X-Tenant", "7"),
        ("SipHeader_X-Tenant", "8"),
    ]));
    assert_eq!(
        request.call.account_sid.as_str(),
        "b2d6c1b4-0000-4000-8000-000000000001"
    );
    assert_eq!(request.call.api_version, "2010-04-01");
    assert_eq!(
        request.call.call_sid,
        CallSid::from("7c3b2f0e-1111-4222-8333-444455556666")
    );
    assert_eq!(request.call.call_status, Some(CallStatus::InProgress));
    assert_eq!(request.call.direction, Some(CallDirection::Inbound));
    assert_eq!(request.call.from, "+15551234567");
    assert_eq!(request.call.to, "+15557654321");
    assert_eq!(request.call.parent_call_sid, None, "empty is absent");
    assert_eq!(request.extra.len(), 2);
    assert_eq!(request.extra["CallerName"], ["Alice"]);
    assert_eq!(request.extra["SipHeader_X-Tenant"], ["7", "8"]);
}

#[test]
fn missing_parameters_are_empty_and_unknown_statuses_are_kept() {
    let request = VoiceRequest::from_form(&form(&[
        ("CallStatus", "on-the-moon"),
        ("Direction", "sideways"),
    ]));
    assert_eq!(request.call.call_sid.as_str(), "");
    assert_eq!(request.call.from, "");
    assert_eq!(
        request.call.call_status,
        Some(CallStatus::Unknown("on-the-moon".into()))
    );
    assert_eq!(
        request.call.direction,
        Some(CallDirection::Unknown("sideways".into()))
    );
    assert!(request.extra.is_empty());
    assert_eq!(
        VoiceRequest::from_form(&Form::default()),
        VoiceRequest::default()
    );
}

#[test]
fn a_call_status_callback() {
    let callback = CallStatusCallback::from_form(&with_call(&[
        ("CallStatus", "completed"),
        ("AudioInMos", "4.3"),
        ("CallbackSource", "call-progress-events"),
        ("CallDuration", "42"),
        ("CallerName", "Alice"),
        ("ForwardedFrom", "+15550000000"),
        ("HangupBy", "+15557654321"),
        ("HangupDirection", "outbound"),
        ("RecordingDuration", " 40 "),
        ("RecordingSid", "RE1"),
        (
            "RecordingUrl",
            "https://example.signalwire.com/recordings/RE1",
        ),
        ("SequenceNumber", "3"),
        ("Timestamp", "Mon, 23 Jul 2018 13:01:00 +0000"),
    ]));
    assert_eq!(callback.call.call_status, Some(CallStatus::Completed));
    assert_eq!(callback.audio_in_mos, Some(4.3));
    assert_eq!(callback.callback_source, "call-progress-events");
    assert_eq!(callback.call_duration, Some(42));
    assert_eq!(callback.caller_name, "Alice");
    assert_eq!(callback.forwarded_from, "+15550000000");
    assert_eq!(callback.hangup_by, "+15557654321");
    assert_eq!(callback.hangup_direction, "outbound");
    assert_eq!(callback.recording_duration, Some(40));
    assert_eq!(
        callback.recording_sid.as_ref().map(|sid| sid.as_str()),
        Some("RE1")
    );
    assert!(callback.recording_url.ends_with("/RE1"));
    assert_eq!(callback.sequence_number, Some(3));
    let timestamp = callback.timestamp.unwrap();
    assert_eq!(
        timestamp.datetime().map(|at| at.unix_timestamp()),
        Some(1532350860)
    );
    assert!(callback.extra.is_empty(), "{:?}", callback.extra);
}

#[test]
fn numbers_that_do_not_parse_are_none() {
    let callback = CallStatusCallback::from_form(&form(&[
        ("CallDuration", "forty"),
        ("SequenceNumber", "-1"),
        ("AudioInMos", ""),
        ("Timestamp", ""),
    ]));
    assert_eq!(callback.call_duration, None);
    assert_eq!(callback.sequence_number, None);
    assert_eq!(callback.audio_in_mos, None);
    assert_eq!(callback.timestamp, None);
    let callback = CallStatusCallback::from_form(&form(&[("Timestamp", "not a date")]));
    assert_eq!(
        callback.timestamp.as_ref().map(|at| at.as_str()),
        Some("not a date")
    );
    assert_eq!(callback.timestamp.and_then(|at| at.datetime()), None);
}

#[test]
fn dial_action_with_sip_headers() {
    let action = DialAction::from_form(&with_call(&[
        ("DialCallDuration", "17"),
        ("DialCallSid", "CA-dialed"),
        ("DialCallStatus", "no-answer"),
        ("RecordingUrl", "https://example.com/r.wav"),
        ("DialSipCallId", "abc@10.0.0.1"),
        ("DialSipResponseCode", "486"),
        ("DialSipHangupDirection", "inbound"),
        ("HangupDirection", "outbound"),
        ("DialSipHeader_X-Reason", "busy here"),
    ]));
    assert_eq!(action.dial_call_duration, Some(17));
    assert_eq!(action.dial_call_sid, Some(CallSid::from("CA-dialed")));
    assert_eq!(action.dial_call_status, Some(DialCallStatus::NoAnswer));
    assert_eq!(action.recording_url, "https://example.com/r.wav");
    assert_eq!(action.dial_sip_call_id, "abc@10.0.0.1");
    assert_eq!(action.dial_sip_response_code, Some(486));
    assert_eq!(action.dial_sip_hangup_direction, "inbound");
    assert_eq!(action.hangup_direction, "outbound");
    assert_eq!(
        action.dial_sip_headers().collect::<Vec<_>>(),
        [("X-Reason", "busy here")]
    );
}

#[test]
fn gather_record_refer_and_enqueue_actions() {
    let gather = GatherAction::from_form(&with_call(&[
        ("Digits", "1234#"),
        ("SpeechResult", "sales please"),
        ("Confidence", "0.87"),
    ]));
    assert_eq!(gather.digits, "1234#");
    assert_eq!(gather.speech_result, "sales please");
    assert_eq!(gather.confidence, Some(0.87));
    assert_eq!(gather.call.call_status, Some(CallStatus::InProgress));

    let record = RecordAction::from_form(&with_call(&[
        ("Digits", "hangup"),
        ("RecordingDuration", "12"),
        ("RecordingUrl", "https://example.com/r.mp3"),
    ]));
    assert_eq!(
        (
            record.digits.as_str(),
            record.recording_duration,
            record.recording_url.as_str()
        ),
        ("hangup", Some(12), "https://example.com/r.mp3")
    );

    let refer = ReferAction::from_form(&with_call(&[
        ("NotifySipResponseCode", "200"),
        ("ReferCallStatus", "in-progress"),
        ("ReferSipResponseCode", "202"),
    ]));
    assert_eq!(refer.notify_sip_response_code, Some(200));
    assert_eq!(refer.refer_call_status, Some(ReferCallStatus::InProgress));
    assert_eq!(refer.refer_sip_response_code, Some(202));

    let enqueue = EnqueueAction::from_form(&with_call(&[
        ("QueueResult", "bridged"),
        ("QueueSid", "QU1"),
        ("QueueTime", "33"),
    ]));
    assert_eq!(enqueue.queue_result, Some(QueueResult::Bridged));
    assert_eq!(
        (enqueue.queue_sid.as_str(), enqueue.queue_time),
        ("QU1", Some(33))
    );

    let wait = EnqueueWait::from_form(&with_call(&[
        ("AvgQueueTime", "20"),
        ("CurrentQueueSize", "4"),
        ("QueuePosition", "2"),
        ("QueueSid", "QU1"),
        ("QueueTime", "9"),
    ]));
    assert_eq!(
        (
            wait.avg_queue_time,
            wait.current_queue_size,
            wait.queue_position,
            wait.queue_time
        ),
        (Some(20), Some(4), Some(2), Some(9))
    );
}

#[test]
fn recording_conference_stream_and_sms_callbacks() {
    let recording = RecordingStatusCallback::from_form(&form(&[
        ("AccountSid", "AC1"),
        ("CallSid", "CA1"),
        ("RecordingSid", "RE1"),
        ("RecordingUrl", "https://example.com/RE1"),
        ("RecordingStatus", "completed"),
        ("RecordingDuration", "61"),
        ("RecordingChannels", "2"),
        ("RecordingStartTime", "Mon, 23 Jul 2018 13:01:00 +0000"),
        ("RecordingSource", "DialVerb"),
        ("ErrorCode", "0"),
    ]));
    assert_eq!(recording.recording_sid.as_str(), "RE1");
    assert_eq!(recording.recording_status, Some(RecordingStatus::Completed));
    assert_eq!(recording.recording_duration, Some(61));
    assert_eq!(recording.recording_channels, Some(2));
    assert!(recording.recording_start_time.unwrap().datetime().is_some());
    assert_eq!(recording.recording_source, "DialVerb");
    assert_eq!(recording.error_code, Some(0));
    assert_eq!(recording.conference_sid, None);

    let conference = ConferenceStatusCallback::from_form(&with_call(&[
        ("ConferenceSid", "CF1"),
        ("Duration", "300"),
        ("EndConferenceOnExit", "false"),
        ("EventName", "participant-join"),
        ("FriendlyName", "Room 1234"),
        ("Hold", "False"),
        ("Muted", "TRUE"),
        ("RecordingFileSize", "1024"),
        ("StartConferenceOnEnter", "true"),
        ("StatusCallbackEvent", "participant-join"),
        ("Timestamp", "Mon, 23 Jul 2018 13:01:00 +0000"),
    ]));
    assert_eq!(conference.conference_sid.as_str(), "CF1");
    assert_eq!(conference.duration, Some(300));
    assert_eq!(conference.end_conference_on_exit, Some(false));
    assert_eq!(conference.friendly_name, "Room 1234");
    assert_eq!(
        (conference.hold, conference.muted),
        (Some(false), Some(true))
    );
    assert_eq!(conference.recording_file_size, Some(1024));
    assert_eq!(
        conference.status_callback_event,
        Some(ConferenceStatusEvent::ParticipantJoin)
    );
    assert!(conference.extra.is_empty(), "{:?}", conference.extra);

    let stream = StreamStatusCallback::from_form(&form(&[
        ("AccountSid", "AC1"),
        ("CallSid", "CA1"),
        ("StreamError", "invalid_url"),
        ("StreamEvent", "stream-error"),
        ("StreamName", "mystream"),
        ("StreamSid", "MZ1"),
        ("StreamTrack", "inbound_track"),
        ("Timestamp", "2024-05-01T10:00:00Z"),
        ("Unique-ID", "u-1"),
    ]));
    assert_eq!(stream.stream_event, Some(StreamEvent::StreamError));
    assert_eq!(stream.stream_error, "invalid_url");
    assert_eq!(stream.stream_sid.as_str(), "MZ1");
    assert_eq!(stream.extra["Unique-ID"], ["u-1"]);

    let sms = SmsCallback::from_form(&with_call(&[("SmsSid", "SM1"), ("SmsStatus", "sent")]));
    assert_eq!(sms.sms_sid, "SM1");
    assert_eq!(sms.sms_status, Some(MessageStatus::Sent));
}

/// The URL and content type of each file, in order.
fn media(message: &IncomingMessage) -> Vec<(&str, &str)> {
    message
        .media
        .iter()
        .map(|media| (media.url.as_str(), media.content_type.as_str()))
        .collect()
}

#[test]
fn an_incoming_message_collects_its_media_in_index_order() {
    let message = IncomingMessage::from_form(&form(&[
        ("AccountSid", "AC1"),
        ("MessageSid", "SM1"),
        ("From", "+15551234567"),
        ("To", "+15557654321"),
        ("Body", "Look at these"),
        ("NumMedia", "3"),
        ("MediaUrl2", "https://example.com/2.png"),
        ("MediaContentType2", "image/png"),
        ("MediaUrl0", "https://example.com/0.jpg"),
        ("MediaContentType0", "image/jpeg"),
        ("MediaUrl1", "https://example.com/1.gif"),
        ("MediaContentType1", "image/gif"),
        ("MediaUrl1000", "https://example.com/too-far"),
        ("SmsSid", "SM1"),
    ]));
    assert_eq!(message.body, "Look at these");
    assert_eq!(message.num_media, Some(3));
    assert_eq!(
        media(&message),
        [
            ("https://example.com/0.jpg", "image/jpeg"),
            ("https://example.com/1.gif", "image/gif"),
            ("https://example.com/2.png", "image/png"),
        ]
    );
    assert_eq!(
        message.extra["MediaUrl1000"],
        ["https://example.com/too-far"]
    );
    assert_eq!(message.extra["SmsSid"], ["SM1"]);
    assert_eq!(message.extra.len(), 2);
}

#[test]
fn message_and_fax_callbacks() {
    let status = MessageStatusCallback::from_form(&form(&[
        ("AccountSid", "AC1"),
        ("MessageSid", "SM1"),
        ("MessageStatus", "undelivered"),
        ("ErrorCode", "30003"),
        ("From", "+1"),
        ("To", "+2"),
    ]));
    assert_eq!(status.message_status, Some(MessageStatus::Undelivered));
    assert_eq!(status.error_code, Some(30003));

    let request = FaxRequest::from_form(&form(&[
        ("AccountSid", "AC1"),
        ("ApiVersion", "v1"),
        ("FaxSid", "FX1"),
        ("From", "+1"),
        ("To", "sip:fax@example.com"),
    ]));
    assert_eq!(request.fax.fax_sid, "FX1");
    assert_eq!(request.fax.to, "sip:fax@example.com");
    assert!(request.extra.is_empty());

    let received = FaxStatusCallback::from_form(&form(&[
        ("FaxSid", "FX1"),
        ("ErrorCode", "15002"),
        ("ErrorMessage", "No answer"),
        ("FaxStatus", "failed"),
        ("MediaSid", "ME1"),
        ("MediaUrl", "https://example.com/fax.pdf"),
        ("NumPages", "2"),
        ("OriginalMediaUrl", "https://example.com/original.pdf"),
        ("RemoteStationId", "+1 555 0100"),
    ]));
    assert_eq!(received.fax.fax_sid, "FX1");
    assert_eq!(received.fax_status, Some(FaxStatus::Failed));
    assert_eq!(received.error_code, Some(15002));
    assert_eq!(received.num_pages, Some(2));
    assert_eq!(received.remote_station_id, "+1 555 0100");
}

#[test]
fn a_form_body_reads_like_the_pairs_it_encodes() {
    let body = b"CallSid=CA1&Digits=1%23&SpeechResult=sales+please&From=%2B15551234567";
    let gather = GatherAction::from_form(&Form::parse(body).unwrap());
    assert_eq!(gather.digits, "1#");
    assert_eq!(gather.speech_result, "sales please");
    assert_eq!(gather.call.from, "+15551234567");
    assert!(Form::parse(b"Body=%C3%28").is_err(), "not UTF-8");
}

proptest! {
    #[test]
    fn any_form_reads_into_every_type_without_panicking(
        body in prop::collection::vec(any::<u8>(), 0..200),
        pairs in prop::collection::vec(
            (
                prop_oneof![
                    Just("MediaUrl0".to_owned()),
                    Just("MediaUrl99".to_owned()),
                    Just("MediaContentType7".to_owned()),
                    Just("CallDuration".to_owned()),
                    Just("CallStatus".to_owned()),
                    Just("Timestamp".to_owned()),
                    ".{0,10}",
                ],
                ".{0,16}",
            ),
            0..12,
        ),
    ) {
        let forms = [Form::parse(&body).unwrap_or_default(), pairs.into_iter().collect()];
        for form in &forms {
            let _ = VoiceRequest::from_form(form);
            let _ = CallStatusCallback::from_form(form);
            let _ = DialAction::from_form(form).dial_sip_headers().count();
            let _ = GatherAction::from_form(form);
            let _ = RecordAction::from_form(form);
            let _ = ReferAction::from_form(form);
            let _ = EnqueueAction::from_form(form);
            let _ = EnqueueWait::from_form(form);
            let _ = RecordingStatusCallback::from_form(form);
            let _ = ConferenceStatusCallback::from_form(form);
            let _ = StreamStatusCallback::from_form(form);
            let _ = SmsCallback::from_form(form);
            let message = IncomingMessage::from_form(form);
            prop_assert!(message.media.len() <= 100);
            let _ = MessageStatusCallback::from_form(form);
            let _ = FaxRequest::from_form(form);
            let _ = FaxStatusCallback::from_form(form);
            // What a type does not read is kept, not lost.
            let request = VoiceRequest::from_form(form);
            let kept: usize = request.extra.values().map(Vec::len).sum();
            let read = form
                .pairs()
                .iter()
                .filter(|(name, _)| laml::webhook::Call::PARAMETERS.contains(&name.as_str()))
                .count();
            prop_assert_eq!(kept + read, form.pairs().len());
        }
    }
}

#[test]
fn media_indices_are_canonical_decimal_and_the_first_value_wins() {
    let body = "From=%2B1555&From=%2B1666\
        &MediaUrl0=https%3A%2F%2Fexample.com%2F0.jpg&MediaContentType0=image%2Fjpeg\
        &MediaUrl00=https%3A%2F%2Fexample.com%2Fzero-zero&MediaUrl01=https%3A%2F%2Fexample.com%2Fzero-one\
        &MediaContentType01=image%2Fgif\
        &MediaUrl0=https%3A%2F%2Fexample.com%2Flater.jpg&MediaContentType0=image%2Fpng\
        &MediaUrl10=https%3A%2F%2Fexample.com%2F10.jpg";
    let message = IncomingMessage::from_form(&Form::parse(body.as_bytes()).unwrap());
    assert_eq!(message.from, "+1555");
    assert_eq!(
        media(&message),
        [
            ("https://example.com/0.jpg", "image/jpeg"),
            ("https://example.com/10.jpg", ""),
        ]
    );
    assert_eq!(
        message.extra["MediaUrl00"],
        ["https://example.com/zero-zero"]
    );
    assert_eq!(
        message.extra["MediaUrl01"],
        ["https://example.com/zero-one"]
    );
    assert_eq!(message.extra["MediaContentType01"], ["image/gif"]);
    assert_eq!(message.extra.len(), 3, "{:?}", message.extra);
}
