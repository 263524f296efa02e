//! A fax is queued, processed a second later, sending four seconds after
//! that, and delivered once its pages are sent, 30 seconds each, on the
//! emulator's clock; a fax to the failing test number ends `failed`
//! instead. An outbound fax has one media resource, its document, from the
//! start (kept once it is over only with `StoreMedia`, the default); a
//! delivered fax has its pages, duration and price. Only a queued fax can
//! be canceled.

use serde_json::Map;
use time::{Duration, OffsetDateTime};

use crate::engine::{defaults, Reply, Request};
use crate::error::ApiError;
use crate::state::{rfc2822, segment, Entry, Key, Store};

/// How long a fax waits in the queue.
pub(crate) const QUEUED_FOR: Duration = Duration::seconds(1);
/// How long its document takes to fetch and convert.
pub(crate) const PROCESSING_FOR: Duration = Duration::seconds(4);
/// How long each page takes to send.
pub(crate) const SECONDS_PER_PAGE: i64 = 30;
/// A fax to this number fails once sending is over.
pub(crate) const FAILED_NUMBER: &str = "+15550100500";
/// What one page of a delivered fax costs, in ten-thousandths of a USD.
const PRICE_PER_PAGE: u64 = 70;
/// The most pages a `pages=N` in the document's URL may ask for.
const MAX_PAGES: u32 = 1000;

pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let now = store.now();
    let mut fax = defaults::new_entry(request, store);
    let place = request.place.item(&fax.id);
    fax.set("url", format!("{}.json", place.path()));
    fax.set("status", "queued");
    fax.set("direction", "outbound");
    if fax.str("quality").is_none() {
        fax.set("quality", "fine");
    }
    let media_sid = store.new_sid();
    fax.set("media_sid", media_sid.as_str());
    fax.set("price_unit", "USD");
    fax.set("duration", 0);
    let store_media = request.arguments.str("StoreMedia") != Some("false");
    let pages = fax.str("media_url").map_or(1, pages);
    let sid = fax.id.clone();
    let faxes = request.collection();
    let reply = defaults::insert(request, store, fax);
    let course = Course {
        faxes,
        sid: sid.clone(),
        pages,
        store_media,
        media_sid,
    };
    course.add_media(store, &format!("{}/Media", place.path()), now);
    store.schedule(now + QUEUED_FOR, &sid, "process", move |store, at| {
        course.process(store, at);
    });
    Ok(reply)
}

/// Cancels a fax, while it is queued.
pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let now = store.now();
    let fax = request.target(store)?;
    if !fax.is("status", "queued") {
        return Err(ApiError::conflict(format!(
            "Fax {} is {}; only a queued fax can be canceled",
            request.id(),
            fax.str("status").unwrap_or_default()
        )));
    }
    fax.set("status", "canceled");
    fax.set("date_updated", rfc2822(now));
    let reply = request.render(fax);
    store.cancel(request.id());
    Ok(reply)
}

pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let reply = defaults::delete(request, store)?;
    store.cancel(request.id());
    Ok(reply)
}

/// The number in a `pages=N` query parameter of the document's URL (1 to
/// 1000), else 1: the emulator does not fetch the document to count them.
pub(crate) fn pages(media_url: &str) -> u32 {
    let query = media_url
        .split('#')
        .next()
        .and_then(|url| url.split_once('?'))
        .map_or("", |(_, query)| query);
    form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "pages")
        .and_then(|(_, value)| value.parse::<u32>().ok())
        .filter(|pages| (1..=MAX_PAGES).contains(pages))
        .unwrap_or(1)
}

/// What a fax's steps need to know of it.
struct Course {
    faxes: Key,
    sid: String,
    pages: u32,
    store_media: bool,
    media_sid: String,
}

impl Course {
    fn media_key(&self) -> Key {
        let mut key = self.faxes.clone();
        key.extend([self.sid.clone(), "Media".to_owned()]);
        key
    }

    /// The fax's document, as its media; `media_path` is
    /// `/api/laml/…/Faxes/{Sid}/Media`, for its `url`.
    fn add_media(&self, store: &mut Store, media_path: &str, at: OffsetDateTime) {
        let mut media = Entry {
            id: self.media_sid.clone(),
            fields: Map::new(),
        };
        media.set("content_type", "application/pdf");
        media.set("fax_sid", self.sid.as_str());
        media.set("date_created", rfc2822(at));
        media.set("date_updated", rfc2822(at));
        media.set("url", format!("{media_path}/{}.json", segment(&media.id)));
        store.insert(self.media_key(), media);
    }

    /// The fax is over: its media goes unless it is to be stored.
    fn done(&self, store: &mut Store) {
        if !self.store_media {
            store.remove(&self.media_key(), &self.media_sid);
        }
    }

    /// Moves the fax from `from` to `to` at `at`; `None` when it has left
    /// its course (canceled, deleted).
    fn step<'s>(
        &self,
        store: &'s mut Store,
        from: &str,
        to: &str,
        at: OffsetDateTime,
    ) -> Option<&'s mut Entry> {
        let fax = store.get_mut(&self.faxes, &self.sid)?;
        if !fax.is("status", from) {
            return None;
        }
        fax.set("status", to);
        fax.set("date_updated", rfc2822(at));
        Some(fax)
    }

    fn process(self, store: &mut Store, at: OffsetDateTime) {
        if self.step(store, "queued", "processing", at).is_some() {
            let sid = self.sid.clone();
            store.schedule(at + PROCESSING_FOR, &sid, "send", move |store, at| {
                self.send(store, at);
            });
        }
    }

    fn send(self, store: &mut Store, at: OffsetDateTime) {
        if self.step(store, "processing", "sending", at).is_some() {
            let sid = self.sid.clone();
            let sending_for = Duration::seconds(SECONDS_PER_PAGE * i64::from(self.pages));
            store.schedule(at + sending_for, &sid, "deliver", move |store, at| {
                self.deliver(store, at);
            });
        }
    }

    fn deliver(self, store: &mut Store, at: OffsetDateTime) {
        let failed = store
            .get(&self.faxes, &self.sid)
            .is_some_and(|fax| fax.is("to", FAILED_NUMBER));
        if failed {
            if let Some(fax) = self.step(store, "sending", "failed", at) {
                fax.set(
                    "error_message",
                    "The receiving fax machine could not be reached",
                );
                self.done(store);
            }
            return;
        }
        let Some(fax) = self.step(store, "sending", "delivered", at) else {
            return;
        };
        let cost = u64::from(self.pages) * PRICE_PER_PAGE;
        fax.set("num_pages", self.pages.to_string());
        fax.set("duration", SECONDS_PER_PAGE * i64::from(self.pages));
        fax.set("price", format!("-{}.{:04}", cost / 10_000, cost % 10_000));
        self.done(store);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_from_the_url_s_pages_parameter() {
        for (url, expected) in [
            ("https://example.com/contract.pdf", 1),
            ("https://example.com/contract.pdf?pages=3", 3),
            ("https://example.com/c.pdf?lang=en&pages=12#pages=99", 12),
            ("https://example.com/c.pdf?pages=0", 1),
            ("https://example.com/c.pdf?pages=1001", 1),
            ("https://example.com/c.pdf?pages=two", 1),
            ("https://example.com/c.pdf#pages=5", 1),
        ] {
            assert_eq!(pages(url), expected, "{url}");
        }
    }
}
