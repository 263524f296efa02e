//! Paged lists: one page, the next page, and a stream of every item.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::call::{decoded, Operation, Prepared, Settings};
use crate::{decode, Client, Endpoint, Error};

/// How many pages in a row [`Client::stream`] fetches that hold no item and
/// yet point to a next page, before it stops with an error: a server that
/// answers every page empty with a new `next_page_uri` would otherwise keep
/// a stream busy forever.
pub const MAX_EMPTY_PAGES: u32 = 10;

/// An item of a paged list, and the key its page holds the items under.
pub trait PageItem: DeserializeOwned + Send + 'static {
    /// The key of the items' array in a page (`conferences`,
    /// `participants`).
    const LIST_KEY: &'static str;
}

/// One page of a list, with the API's paging fields.
///
/// The API numbers pages from 0. `next_page_uri` is host-relative and
/// already includes `/api/laml/2010-04-01`; follow it with
/// [`Client::next_page`], or let [`Client::stream`] do it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The URI of this page.
    pub uri: String,
    /// The URI of the first page.
    pub first_page_uri: Option<String>,
    /// The URI of the next page; `None` on the last page.
    pub next_page_uri: Option<String>,
    /// The URI of the previous page; `None` on the first page.
    pub previous_page_uri: Option<String>,
    /// This page's number, from 0.
    pub page: u32,
    /// How many items a page holds at most.
    pub page_size: u32,
    /// The index of this page's first item in the whole list, when sent.
    pub start: Option<u64>,
    /// The index of this page's last item in the whole list, when sent.
    pub end: Option<u64>,
    /// The path template of the endpoint that fetched it, so that
    /// [`Client::next_page`] names the same operation in its tracing.
    operation: Option<&'static str>,
}

/// Marks a page with the path template of the endpoint that fetched it.
///
/// `#[endpoint]` calls `(&mut response).__laml_tag(PATH)` on every decoded
/// response: method resolution picks this trait's method when the response
/// is a [`Page`], and [`TagOther`]'s, which does nothing, otherwise.
#[doc(hidden)]
pub trait TagPage {
    fn __laml_tag(&mut self, operation: &'static str);
}

impl<T> TagPage for Page<T> {
    fn __laml_tag(&mut self, operation: &'static str) {
        self.operation = Some(operation);
    }
}

/// The [`TagPage`] stand-in for every response that is not a page.
#[doc(hidden)]
pub trait TagOther {
    fn __laml_tag(&mut self, _operation: &'static str) {}
}

impl<T: ?Sized> TagOther for &mut T {}

impl<'de, T: PageItem> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}

struct PageVisitor<T>(PhantomData<T>);

impl<'de, T: PageItem> Visitor<'de> for PageVisitor<T> {
    type Value = Page<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a page of `{}`", T::LIST_KEY)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items: Option<Vec<T>> = None;
        let mut page = Page {
            items: Vec::new(),
            uri: String::new(),
            first_page_uri: None,
            next_page_uri: None,
            previous_page_uri: None,
            page: 0,
            page_size: 0,
            start: None,
            end: None,
            operation: None,
        };
        while let Some(key) = map.next_key_seed(PageKeySeed(T::LIST_KEY))? {
            match key {
                PageKey::Items => items = Some(map.next_value()?),
                PageKey::Uri => page.uri = map.next_value::<OptionString>()?.0.unwrap_or_default(),
                PageKey::FirstPageUri => page.first_page_uri = map.next_value::<OptionString>()?.0,
                PageKey::NextPageUri => {
                    page.next_page_uri = non_empty(map.next_value::<OptionString>()?.0)
                }
                PageKey::PreviousPageUri => {
                    page.previous_page_uri = non_empty(map.next_value::<OptionString>()?.0)
                }
                PageKey::Page => {
                    page.page = map.next_value::<OptionNumber>()?.0.unwrap_or(0) as u32
                }
                PageKey::PageSize => {
                    page.page_size = map.next_value::<OptionNumber>()?.0.unwrap_or(0) as u32
                }
                PageKey::Start => page.start = map.next_value::<OptionNumber>()?.0,
                PageKey::End => page.end = map.next_value::<OptionNumber>()?.0,
                PageKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        page.items = items.ok_or_else(|| de::Error::missing_field(T::LIST_KEY))?;
        Ok(page)
    }
}

/// A key of a page, matched without copying it.
enum PageKey {
    Items,
    Uri,
    FirstPageUri,
    NextPageUri,
    PreviousPageUri,
    Page,
    PageSize,
    Start,
    End,
    Other,
}

/// Reads a [`PageKey`]; holds the key of the items' array.
struct PageKeySeed(&'static str);

impl<'de> de::DeserializeSeed<'de> for PageKeySeed {
    type Value = PageKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<PageKey, D::Error> {
        decode::with_str(deserializer, |key| match key {
            key if key == self.0 => PageKey::Items,
            "uri" => PageKey::Uri,
            "first_page_uri" => PageKey::FirstPageUri,
            "next_page_uri" => PageKey::NextPageUri,
            "previous_page_uri" => PageKey::PreviousPageUri,
            "page" => PageKey::Page,
            "page_size" => PageKey::PageSize,
            "start" => PageKey::Start,
            "end" => PageKey::End,
            _ => PageKey::Other,
        })
    }
}

fn non_empty(uri: Option<String>) -> Option<String> {
    uri.filter(|uri| !uri.is_empty())
}

struct OptionString(Option<String>);

impl<'de> Deserialize<'de> for OptionString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::option_string(deserializer).map(OptionString)
    }
}

struct OptionNumber(Option<u64>);

impl<'de> Deserialize<'de> for OptionNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = decode::option_i64(deserializer)?;
        Ok(OptionNumber(number.and_then(|n| u64::try_from(n).ok())))
    }
}

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send>>;

enum Next {
    Request(Prepared),
    Failed(Error),
    Done,
}

/// What a list's [`Cursor`] yields next.
pub(crate) enum Pull<T> {
    Item(T),
    /// Fetch this page, then hand it to [`Cursor::take`].
    Fetch(Prepared),
    Failed(Error),
    Done,
}

/// Where a walk through a list stands, whichever client fetches its pages:
/// the items fetched and not yet yielded, the next page, and the guards
/// against a server that would keep it busy forever.
pub(crate) struct Cursor<T> {
    buffered: VecDeque<T>,
    next: Next,
    remaining: Option<usize>,
    pub(crate) operation: Operation,
    seen_uris: HashSet<String>,
    empty_pages: u32,
}

impl<T> Cursor<T> {
    /// A walk that starts with `first`, the request of `operation`.
    pub(crate) fn new(first: Result<Prepared, Error>, operation: Operation) -> Self {
        Cursor {
            buffered: VecDeque::new(),
            next: match first {
                Ok(request) => Next::Request(request),
                Err(error) => Next::Failed(error),
            },
            remaining: None,
            operation,
            seen_uris: HashSet::new(),
            empty_pages: 0,
        }
    }

    pub(crate) fn max_items(&mut self, max: usize) {
        self.remaining = Some(max);
    }

    pub(crate) fn pull(&mut self) -> Pull<T> {
        if self.remaining == Some(0) {
            return Pull::Done;
        }
        if let Some(item) = self.buffered.pop_front() {
            if let Some(remaining) = &mut self.remaining {
                *remaining -= 1;
            }
            return Pull::Item(item);
        }
        match std::mem::replace(&mut self.next, Next::Done) {
            Next::Request(request) => Pull::Fetch(request),
            Next::Failed(error) => Pull::Failed(error),
            Next::Done => Pull::Done,
        }
    }

    /// Takes a fetched page in; an error is handed back, and ends the walk.
    pub(crate) fn take(
        &mut self,
        page: Result<Page<T>, Error>,
        settings: &Settings,
    ) -> Result<(), Error> {
        let page = page.inspect_err(|_| self.next = Next::Done)?;
        self.empty_pages = if page.items.is_empty() {
            self.empty_pages + 1
        } else {
            0
        };
        self.next = match page.next_page_uri {
            Some(_) if self.empty_pages >= MAX_EMPTY_PAGES => {
                Next::Failed(Error::invalid_request(format!(
                    "the API sent {MAX_EMPTY_PAGES} pages in a row without \
                     items, each pointing to another; laml stopped following them"
                )))
            }
            // A server that sends the same page again would otherwise be
            // followed forever.
            Some(uri) if !self.seen_uris.contains(&uri) => {
                let request = settings.follow(&uri);
                self.seen_uris.insert(uri);
                match request {
                    Ok(request) => Next::Request(request),
                    Err(error) => Next::Failed(error),
                }
            }
            _ => Next::Done,
        };
        self.buffered.extend(page.items);
        Ok(())
    }
}

/// The operation a page was fetched by, for [`Client::next_page`].
pub(crate) fn page_operation<T: PageItem>(page: &Page<T>) -> Operation {
    let path = page.operation.unwrap_or(T::LIST_KEY);
    Operation { name: path, path }
}

/// Every item of a list, across pages, as a [`Stream`].
///
/// Made by [`Client::stream`]. Pages are fetched one at a time, only when
/// the items already fetched run out. An error ends the stream after it is
/// yielded.
///
/// A server cannot keep a stream busy forever: a `next_page_uri` already
/// followed ends it, and so does an invalid-request error after
/// [`MAX_EMPTY_PAGES`] pages in a row that hold no item and yet point to
/// another.
#[must_use = "streams do nothing unless polled"]
pub struct Items<T> {
    client: Client,
    cursor: Cursor<T>,
    in_flight: Option<PageFuture<T>>,
}

impl<T: PageItem> Items<T> {
    /// Stops after `max` items, fetching no page beyond the one that holds
    /// the last of them.
    pub fn max_items(mut self, max: usize) -> Self {
        self.cursor.max_items(max);
        self
    }

    /// The next item, `None` after the last; a convenience over the
    /// [`Stream`] implementation for callers without `futures`.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    fn fetch(&self, request: Prepared) -> PageFuture<T> {
        let client = self.client.clone();
        let operation = self.cursor.operation;
        Box::pin(async move { client.page(request, operation).await })
    }
}

impl<T> Unpin for Items<T> {}

impl<T: PageItem> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(in_flight) = &mut this.in_flight {
                let page = std::task::ready!(in_flight.as_mut().poll(cx));
                this.in_flight = None;
                if let Err(error) = this.cursor.take(page, this.client.settings()) {
                    return Poll::Ready(Some(Err(error)));
                }
            }
            match this.cursor.pull() {
                Pull::Item(item) => return Poll::Ready(Some(Ok(item))),
                Pull::Fetch(request) => this.in_flight = Some(this.fetch(request)),
                Pull::Failed(error) => return Poll::Ready(Some(Err(error))),
                Pull::Done => return Poll::Ready(None),
            }
        }
    }
}

impl Client {
    /// Fetches the page after `page`, or `None` when `page` is the last.
    pub async fn next_page<T: PageItem>(&self, page: &Page<T>) -> Result<Option<Page<T>>, Error> {
        let Some(uri) = &page.next_page_uri else {
            return Ok(None);
        };
        let request = self.settings().follow(uri)?;
        self.page(request, page_operation(page)).await.map(Some)
    }

    async fn page<T: PageItem>(
        &self,
        request: Prepared,
        operation: Operation,
    ) -> Result<Page<T>, Error> {
        let rebuild = || Some(request.clone());
        // A page is a GET, which is idempotent.
        let response = self.execute(request.clone(), true, &rebuild, operation);
        let (status, body) = response.await?;
        let page = decode::json::<Page<T>>(status, body);
        decoded(self.settings(), page, rebuild, operation)
    }

    /// Every item of the list `request` asks for, following
    /// `next_page_uri` from page to page.
    /// The `laml` crate's documentation shows it with the endpoint
    /// catalogue.
    pub fn stream<E, T>(&self, request: &E) -> Items<T>
    where
        E: Endpoint<Response = Page<T>>,
        T: PageItem,
    {
        let first = self.settings().prepare(request, self.account_sid());
        Items {
            client: self.clone(),
            cursor: Cursor::new(first, Operation::of::<E>()),
            in_flight: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Call {
        sid: String,
    }

    impl PageItem for Call {
        const LIST_KEY: &'static str = "calls";
    }

    #[test]
    fn a_page_reads_leniently_and_ignores_what_it_does_not_know() {
        let page: Page<Call> = serde_json::from_str(
            r#"{"page":"2","page_size":50,"start":100,"end":149,"calls":[{"sid":"CA1"}],
                "uri":"/u","first_page_uri":"/f","next_page_uri":"","previous_page_uri":"/p",
                "num_pages":9,"extra":{"deep":[1,2]}}"#,
        )
        .unwrap();
        assert_eq!(page.items, [Call { sid: "CA1".into() }]);
        assert_eq!((page.page, page.page_size), (2, 50));
        assert_eq!((page.start, page.end), (Some(100), Some(149)));
        assert_eq!(page.next_page_uri, None, "an empty URI is no next page");
        assert_eq!(page.previous_page_uri.as_deref(), Some("/p"));
    }

    #[test]
    fn a_page_without_its_items_is_an_error() {
        let error =
            serde_json::from_str::<Page<Call>>(r#"{"page":0,"conferences":[]}"#).unwrap_err();
        assert!(error.to_string().contains("calls"), "{error}");
    }
}
