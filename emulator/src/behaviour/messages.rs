//! A message is queued, sent a second later, and delivered two seconds
//! after that, on the emulator's clock; the test numbers end it
//! `undelivered` or `failed` instead. It carries one media item per
//! `MediaUrl`, counts its segments as carriers do, is priced once delivered,
//! and can be redacted or deleted once it has left the queue.

use serde_json::Value;
use time::{Duration, OffsetDateTime};

use super::segments;
use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, Entry, Key, Store};

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
        return Err(ApiError::missing("From"));
    }
    let media_urls: Vec<String> = arguments
        .get("MediaUrl")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let body = arguments.str("Body").unwrap_or_default();
    if body.is_empty() && media_urls.is_empty() {
        return Err(ApiError::missing("Body or MediaUrl"));
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
    let sid = message.id.clone();
    let messages = request.collection();
    let mut media_key = messages.clone();
    media_key.extend([sid.clone(), "Media".to_owned()]);
    for url in &media_urls {
        let mut media = Entry {
            id: store.new_sid(),
            fields: serde_json::Map::new(),
        };
        media.set("content_type", content_type(url));
        media.set("parent_sid", sid.as_str());
        media.set("date_created", rfc2822(now));
        media.set("date_updated", rfc2822(now));
        store.insert(media_key.clone(), media);
    }
    let reply = defaults::insert(request, store, message);
    let owner = sid.clone();
    store.schedule(now + QUEUED_FOR, &owner, "send", move |store, at| {
        send(store, messages, &sid, at);
    });
    Ok(reply)
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
        return;
    }
    message.set("status", "sent");
    message.set("date_sent", rfc2822(at));
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
        return;
    }
    let segments = message
        .fields
        .get("num_segments")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    message.set("status", "delivered");
    message.set("price", price(segments));
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
