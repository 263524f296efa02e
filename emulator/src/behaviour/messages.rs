//! A message is queued, sent a second later, and delivered two seconds
//! after that, on the emulator's clock; the test numbers end it
//! `undelivered` or `failed` instead. It carries one media item per
//! `MediaUrl`, counts its segments as carriers do, is priced once delivered,
//! and can be redacted or deleted once it has left the queue. Each step
//! sends its status callback, when it was given one.
//!
//! A message comes in to a number ([`incoming`]): the number's `SmsUrl` is
//! asked, and each `<Message>` of the LaML it answers is sent back.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::voice::Ask;
use super::{callbacks, phone_numbers, segments};
use crate::engine::{defaults, parties, Reply, Request};
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::laml::{attribute, nested, resolve, text, verb};
use crate::outbox::{Delivery, Then};
use crate::state::{rfc2822, Entry, Key, Store, ACCOUNTS};

/// How long a message waits in the queue before it is sent.
pub(crate) const QUEUED_FOR: Duration = Duration::seconds(1);
/// How long the carrier takes to confirm delivery of a sent message.
pub(crate) const SENT_FOR: Duration = Duration::seconds(2);
/// A message to this number is sent, then `undelivered` (error 30003).
pub(crate) const UNDELIVERED_NUMBER: &str = "+15550130003";
/// A message to this number `failed` (error 30008) without being sent.
pub(crate) const FAILED_NUMBER: &str = "+15550130008";
/// What one segment of a delivered message costs, in ten-thousandths of a
/// USD.
const PRICE_PER_SEGMENT: u64 = 79;
/// The most `MediaUrl`s a message takes, as the API documents.
const MAX_MEDIA: usize = 8;
/// The longest body, in characters, as the Twilio-compatible API takes it.
const MAX_BODY_CHARS: usize = 1600;

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let arguments = &request.arguments;
    if arguments.str("From").is_none() && arguments.str("MessagingServiceSid").is_none() {
        return Err(parties::missing(&request.operation.id, "From")
            .unwrap_or_else(|| ApiError::missing("From")));
    }
    let media_urls = arguments.strings("MediaUrl");
    let body = arguments.str("Body").unwrap_or_default();
    if body.is_empty() && media_urls.is_empty() {
        return Err(ApiError::refused(21602, "Message body is required"));
    }
    if let Some(extra) = media_urls.get(MAX_MEDIA) {
        let expected = format!("at most {MAX_MEDIA} media URLs");
        return Err(ApiError::invalid_value("MediaUrl", extra, &expected));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        let expected = format!("at most {MAX_BODY_CHARS} characters");
        return Err(ApiError::invalid_value("Body", body, &expected));
    }
    request.check_parents(store)?;

    let now = store.now();
    let mut message = defaults::new_entry(request, store);
    message.set("body", body);
    message.set("status", "queued");
    message.set("direction", "outbound-api");
    message.set("num_segments", segments::count(body).max(1));
    message.set("num_media", media_urls.len());
    message.set("price", Value::Null);
    message.set("price_unit", "USD");
    callbacks::keep_asked(&mut message, arguments, "", &[]);
    let sid = message.id.clone();
    let messages = request.collection();
    add_media(store, &messages, &sid, &media_urls, now);
    let reply = defaults::insert(request, store, message);
    queue(store, messages, sid, now);
    Ok(reply)
}

/// One media resource per URL, under message `sid`.
fn add_media(
    store: &mut Store,
    messages: &[String],
    sid: &str,
    urls: &[String],
    now: OffsetDateTime,
) {
    let mut media_key = messages.to_vec();
    media_key.extend([sid.to_owned(), "Media".to_owned()]);
    for url in urls {
        let mut media = Entry {
            id: store.new_sid(),
            fields: serde_json::Map::new(),
        };
        media.set("content_type", content_type(url));
        media.set("parent_sid", sid);
        media.set("date_created", rfc2822(now));
        media.set("date_updated", rfc2822(now));
        // Kept, though no response shows it: what an incoming message's
        // request names.
        media.set("url", url.as_str());
        store.insert(media_key.clone(), media);
    }
}

/// Sets the course of a message just queued.
fn queue(store: &mut Store, messages: Key, sid: String, now: OffsetDateTime) {
    let owner = sid.clone();
    store.schedule(now + QUEUED_FOR, &owner, "send", move |store, at| {
        send(store, messages, &sid, at);
    });
}

/// `["Accounts", account, "Messages"]`.
fn key(account: &str) -> Key {
    vec![
        ACCOUNTS.to_owned(),
        account.to_owned(),
        "Messages".to_owned(),
    ]
}

/// A message from `from` to number `to` of any account: it is received,
/// and the number's `SmsUrl` (or its messaging application's) is asked
/// what to answer.
pub(crate) fn incoming(
    store: &mut Store,
    from: &str,
    to: &str,
    body: &str,
    media_urls: &[String],
) -> Result<String, SeedRefused> {
    let (account, handler) = phone_numbers::handler_of(store, to, "sms")?;
    let phone_numbers::Handler {
        url,
        method,
        fallback,
        ..
    } = handler;
    let now = store.now();
    let parties = (from, to, body);
    let mut message = new_message(
        store,
        &account,
        parties,
        media_urls,
        ("inbound", "received"),
    );
    message.set("date_sent", rfc2822(now));
    let sid = message.id.clone();
    let messages = key(&account);
    add_media(store, &messages, &sid, media_urls, now);
    store.insert(messages, message);
    ask(
        store,
        &account,
        &sid,
        Ask::new("sms", url, method).or(fallback),
    );
    Ok(sid)
}

/// A message of `account` made by the emulator itself (one that comes in,
/// or a reply), as of now: `(from, to, body)`, the URLs of its media and
/// `(direction, status)`.
fn new_message(
    store: &mut Store,
    account: &str,
    (from, to, body): (&str, &str, &str),
    media: &[String],
    (direction, status): (&str, &str),
) -> Entry {
    let now = store.now();
    let mut message = Entry {
        id: store.new_sid(),
        fields: Default::default(),
    };
    for (field, value) in [
        ("account_sid", account),
        ("api_version", "2010-04-01"),
        ("from", from),
        ("to", to),
        ("body", body),
        ("direction", direction),
        ("status", status),
        ("price_unit", "USD"),
    ] {
        message.set(field, value);
    }
    message.set("date_created", rfc2822(now));
    message.set("date_updated", rfc2822(now));
    message.set("num_segments", segments::count(body).max(1));
    message.set("num_media", media.len());
    message.set("price", Value::Null);
    message
}

/// Asks the app what to answer incoming message `sid`.
fn ask(store: &mut Store, account: &str, sid: &str, ask: Ask) {
    let messages = key(account);
    let Some(message) = store.get(&messages, sid) else {
        return;
    };
    let field = |name: &str| message.str(name).unwrap_or_default().to_owned();
    let mut params = vec![
        ("AccountSid".to_owned(), account.to_owned()),
        ("ApiVersion".to_owned(), "2010-04-01".to_owned()),
        ("MessageSid".to_owned(), sid.to_owned()),
        ("SmsSid".to_owned(), sid.to_owned()),
        ("SmsMessageSid".to_owned(), sid.to_owned()),
        ("SmsStatus".to_owned(), "received".to_owned()),
        ("From".to_owned(), field("from")),
        ("To".to_owned(), field("to")),
        ("Body".to_owned(), field("body")),
        (
            "NumMedia".to_owned(),
            message.count("num_media").to_string(),
        ),
        (
            "NumSegments".to_owned(),
            message.count("num_segments").to_string(),
        ),
    ];
    let mut media_key = messages.clone();
    media_key.extend([sid.to_owned(), "Media".to_owned()]);
    for (index, media) in store.list(&media_key).iter().enumerate() {
        let value = |name: &str| media.str(name).unwrap_or_default().to_owned();
        params.push((format!("MediaUrl{index}"), value("url")));
        params.push((format!("MediaContentType{index}"), value("content_type")));
    }
    for (name, value) in ask.extra {
        // An action hears of the reply's status under both names.
        if name == "MessageStatus" {
            if let Some(status) = params.iter_mut().find(|(name, _)| name == "SmsStatus") {
                status.1.clone_from(&value);
            }
        }
        params.push((name, value));
    }
    store.outbox().send(Delivery {
        account: account.to_owned(),
        purpose: ask.purpose,
        sid: sid.to_owned(),
        lane: sid.to_owned(),
        url: ask.url,
        method: ask.method,
        params,
        then: Then::Message {
            fallback: ask.fallback,
        },
    });
}

/// Runs the LaML the app answered incoming message `sid` with: each
/// `<Message>` is sent back, and `<Redirect>` asks again; says what it
/// skipped.
pub(crate) fn reply(
    store: &mut Store,
    account: &str,
    sid: &str,
    url: &str,
    verbs: Vec<Value>,
) -> Vec<String> {
    let messages = key(account);
    let Some(received) = store.get(&messages, sid).cloned() else {
        return vec![format!("message {sid} is gone; the document is not run")];
    };
    let mut notes = Vec::new();
    for element in &verbs {
        match verb(element) {
            "Message" => {
                send_reply(store, account, &received, url, element);
                // The action's answer replaces what is left of this one.
                if let Some(action) = attribute(element, "action") {
                    let method = attribute(element, "method").unwrap_or("POST");
                    let status = vec![("MessageStatus".to_owned(), "sending".to_owned())];
                    let next = Ask::new(
                        "message-action",
                        resolve(url, action),
                        method.to_uppercase(),
                    );
                    ask(store, account, sid, next.with(status));
                    return notes;
                }
            }
            "Redirect" => {
                let next = resolve(url, text(element));
                let method = attribute(element, "method").unwrap_or("POST");
                ask(
                    store,
                    account,
                    sid,
                    Ask::new("redirect", next, method.to_uppercase()),
                );
                return notes;
            }
            other => notes.push(format!(
                "<{other}> is not followed in a messaging document; skipped"
            )),
        }
    }
    for note in &notes {
        tracing::warn!(message = sid, "{note}");
    }
    notes
}

/// Sends the `<Message>` of a reply to `received`: to its sender and from
/// its number unless the element says otherwise.
fn send_reply(store: &mut Store, account: &str, received: &Entry, base: &str, element: &Value) {
    let body = nested(element)
        .iter()
        .find(|inner| verb(inner) == "Body")
        .map_or_else(|| text(element), text);
    let media: Vec<String> = nested(element)
        .iter()
        .filter(|inner| verb(inner) == "Media")
        .map(|inner| resolve(base, text(inner)))
        .collect();
    let from = attribute(element, "from").unwrap_or(received.str("to").unwrap_or_default());
    let to = attribute(element, "to").unwrap_or(received.str("from").unwrap_or_default());
    // Not in SignalWire's reference, but Twilio's: taken, as apps ported
    // from Twilio write it.
    let callback = attribute(element, "statusCallback").map(|callback| resolve(base, callback));
    let method = attribute(element, "statusCallbackMethod");
    let now = store.now();
    let messages = key(account);
    let parties = (from, to, body);
    let mut message = new_message(
        store,
        account,
        parties,
        &media,
        ("outbound-reply", "queued"),
    );
    callbacks::keep(&mut message, callback, method, &[], &[]);
    let sid = message.id.clone();
    add_media(store, &messages, &sid, &media, now);
    store.insert(messages.clone(), message);
    queue(store, messages, sid, now);
}

/// Redacts the message: only an empty body is taken.
pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    // `Body` is required, so the engine has checked it is given.
    let body = request.arguments.str("Body").unwrap_or_default();
    if !body.is_empty() {
        return Err(ApiError::invalid_value(
            "Body",
            body,
            "an empty string, which redacts the message",
        ));
    }
    let now = store.now();
    let message = request.target(store)?;
    refuse_in_progress(message, "redacted")?;
    message.set("body", "");
    message.set("date_updated", rfc2822(now));
    Ok(request.render(message))
}

pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    refuse_in_progress(request.target(store)?, "deleted")?;
    store.cancel(request.id());
    defaults::delete(request, store)
}

/// 422 while the message waits in the queue: the spec says a message in
/// progress (queued) cannot be deleted, and the emulator holds redaction
/// to the same rule.
fn refuse_in_progress(message: &Entry, change: &str) -> Result<(), ApiError> {
    if message.is("status", "queued") {
        return Err(ApiError::conflict(format!(
            "Message {} is queued, still being sent; it can be {change} once it has been sent",
            message.id
        )));
    }
    Ok(())
}

/// The queue's end: sent, or failed for [`FAILED_NUMBER`].
fn send(store: &mut Store, messages: Key, sid: &str, at: OffsetDateTime) {
    let Some(message) = store.get_mut(&messages, sid) else {
        return;
    };
    if !message.is("status", "queued") {
        return;
    }
    message.set("date_updated", rfc2822(at));
    if message.is("to", FAILED_NUMBER) {
        message.set("status", "failed");
        message.set("error_code", "30008");
        message.set("error_message", "Unknown error");
        callbacks::message_event(store, &messages, sid);
        return;
    }
    message.set("status", "sent");
    message.set("date_sent", rfc2822(at));
    callbacks::message_event(store, &messages, sid);
    let owner = sid.to_owned();
    store.schedule(at + SENT_FOR, sid, "deliver", move |store, at| {
        deliver(store, &messages, &owner, at);
    });
}

/// The carrier's answer: delivered and priced, or undelivered for
/// [`UNDELIVERED_NUMBER`].
fn deliver(store: &mut Store, messages: &Key, sid: &str, at: OffsetDateTime) {
    let Some(message) = store.get_mut(messages, sid) else {
        return;
    };
    if !message.is("status", "sent") {
        return;
    }
    message.set("date_updated", rfc2822(at));
    if message.is("to", UNDELIVERED_NUMBER) {
        message.set("status", "undelivered");
        message.set("error_code", "30003");
        message.set("error_message", "Unreachable destination handset");
        callbacks::message_event(store, messages, sid);
        return;
    }
    let segments = message
        .fields
        .get("num_segments")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    message.set("status", "delivered");
    message.set("price", price(segments));
    callbacks::message_event(store, messages, sid);
}

/// `-0.0079` per segment, as a JSON number (the spec's `float`), negative
/// as the API writes charges.
fn price(segments: u64) -> Value {
    let cost = segments.saturating_mul(PRICE_PER_SEGMENT);
    let text = format!("-{}.{:04}", cost / 10_000, cost % 10_000);
    text.parse::<f64>().map_or(Value::Null, Value::from)
}

/// The media's type, guessed from the extension of the URL's path (in any
/// case); `application/octet-stream` for any other.
pub(crate) fn content_type(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let after_host = path.split_once("://").map_or(path, |(_, rest)| rest);
    let file = after_host.rsplit('/').next().unwrap_or_default();
    let extension = match file.rsplit_once('.') {
        Some((_, extension)) if after_host.contains('/') => extension.to_ascii_lowercase(),
        _ => String::new(),
    };
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "bmp" => "image/bmp",
        "webp" => "image/webp",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "amr" => "audio/amr",
        "mp4" => "video/mp4",
        "3gp" => "video/3gpp",
        "mov" => "video/quicktime",
        "pdf" => "application/pdf",
        "vcf" => "text/vcard",
        "txt" => "text/plain",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_come_from_the_path_s_extension() {
        for (url, expected) in [
            ("https://example.com/cat.jpg", "image/jpeg"),
            (
                "https://example.com/a/b/CAT.JPEG?size=large#top",
                "image/jpeg",
            ),
            ("https://example.com/clip.mp4", "video/mp4"),
            ("https://example.com/card.vcf", "text/vcard"),
            ("https://example.com/sound.mp3?x=a.png", "audio/mpeg"),
            (
                "https://example.com/download?file=cat.png",
                "application/octet-stream",
            ),
            ("https://example.com", "application/octet-stream"),
            ("https://example.com.png", "application/octet-stream"),
            (
                "https://example.com/archive.tar",
                "application/octet-stream",
            ),
        ] {
            assert_eq!(content_type(url), expected, "{url}");
        }
    }

    #[test]
    fn a_price_is_per_segment_and_exact() {
        assert_eq!(price(1), serde_json::json!(-0.0079));
        assert_eq!(price(3), serde_json::json!(-0.0237));
        assert_eq!(price(130).to_string(), "-1.027");
    }
}
