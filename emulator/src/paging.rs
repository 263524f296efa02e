//! `Page`, `PageSize` and `PageToken`, and the list envelope with its page URIs.

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::filters::Filters;
use crate::params::Params;

const DEFAULT_PAGE_SIZE: u64 = 50;
const MAX_PAGE_SIZE: u64 = 1000;

/// Which slice of a list a request asked for.
///
/// A `PageToken` is `PA` (or `PB`, on previous-page links) followed by the
/// offset of the page's first item; it wins over `Page * PageSize`.
#[derive(Debug)]
pub(crate) struct Paging {
    page: u64,
    page_size: u64,
    offset: u64,
    token: Option<String>,
}

impl Paging {
    pub(crate) fn take(params: &mut Params) -> Result<Self, ApiError> {
        let page_size = params
            .integer("PageSize", 1, MAX_PAGE_SIZE)?
            .unwrap_or(DEFAULT_PAGE_SIZE);
        let page = params.integer("Page", 0, i32::MAX as u64)?;
        let token = params.string("PageToken")?;
        let offset = match &token {
            Some(token) => parse_token(token)?,
            None => page.unwrap_or(0) * page_size,
        };
        Ok(Paging {
            page: page.unwrap_or(offset / page_size),
            page_size,
            offset,
            token,
        })
    }

    /// The page of `all` (already filtered and ordered) under `items_key`,
    /// with the envelope of `ConferenceListResponse` and its siblings.
    /// `path` is the list's path without `.json`.
    pub(crate) fn render<T>(
        &self,
        items_key: &str,
        path: &str,
        filters: &Filters,
        all: &[T],
        to_json: impl Fn(&T) -> Value,
    ) -> Value {
        let total = all.len() as u64;
        let first = self.offset.min(total) as usize;
        let last = self.offset.saturating_add(self.page_size).min(total) as usize;
        let items: Vec<Value> = all[first..last].iter().map(to_json).collect();
        let count = items.len() as u64;

        let next_offset = self.offset.saturating_add(self.page_size);
        let next_page_uri = (next_offset < total).then(|| {
            self.page_uri(
                path,
                filters,
                self.page + 1,
                Some(&format!("PA{next_offset}")),
            )
        });
        let previous_page_uri = (self.offset > 0).then(|| {
            let previous_offset = self.offset.saturating_sub(self.page_size);
            self.page_uri(
                path,
                filters,
                self.page.saturating_sub(1),
                Some(&format!("PB{previous_offset}")),
            )
        });

        let mut envelope = Map::new();
        envelope.insert(items_key.to_owned(), Value::Array(items));
        envelope.insert(
            "uri".into(),
            self.page_uri(path, filters, self.page, self.token.as_deref())
                .into(),
        );
        envelope.insert(
            "first_page_uri".into(),
            self.page_uri(path, filters, 0, None).into(),
        );
        envelope.insert("next_page_uri".into(), next_page_uri.into());
        envelope.insert("previous_page_uri".into(), previous_page_uri.into());
        envelope.insert("page".into(), self.page.into());
        envelope.insert("page_size".into(), self.page_size.into());
        envelope.insert("start".into(), self.offset.into());
        envelope.insert("end".into(), (self.offset + count.saturating_sub(1)).into());
        Value::Object(envelope)
    }

    fn page_uri(&self, path: &str, filters: &Filters, page: u64, token: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in filters.iter() {
            query.append_pair(name, value);
        }
        query.append_pair("PageSize", &self.page_size.to_string());
        query.append_pair("Page", &page.to_string());
        if let Some(token) = token {
            query.append_pair("PageToken", token);
        }
        format!("{path}.json?{}", query.finish())
    }
}

fn parse_token(token: &str) -> Result<u64, ApiError> {
    let digits = token
        .strip_prefix("PA")
        .or_else(|| token.strip_prefix("PB"))
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
    digits
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| ApiError::invalid_page_token(token))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(query: &str) -> Result<Paging, ApiError> {
        Paging::take(&mut Params::from_urlencoded(query.as_bytes()))
    }

    fn page(query: &str, total: usize) -> Value {
        let all: Vec<usize> = (0..total).collect();
        let mut filters = Filters::default();
        filters.push("Status", "in-progress");
        paging(query)
            .unwrap()
            .render("items", "/x/Things", &filters, &all, |n| (*n).into())
    }

    #[test]
    fn defaults_are_page_zero_of_fifty() {
        let page = page("", 3);
        assert_eq!(page["items"], serde_json::json!([0, 1, 2]));
        assert_eq!(page["page_size"], 50);
        assert_eq!(page["next_page_uri"], Value::Null);
        assert_eq!(page["previous_page_uri"], Value::Null);
        assert_eq!(
            page["first_page_uri"],
            "/x/Things.json?Status=in-progress&PageSize=50&Page=0"
        );
        assert_eq!(
            (page["start"].as_u64(), page["end"].as_u64()),
            (Some(0), Some(2))
        );
    }

    #[test]
    fn the_middle_page_links_both_ways() {
        let page = page("PageSize=2&Page=1&PageToken=PA2", 5);
        assert_eq!(page["items"], serde_json::json!([2, 3]));
        assert_eq!(
            page["uri"],
            "/x/Things.json?Status=in-progress&PageSize=2&Page=1&PageToken=PA2"
        );
        assert_eq!(
            page["next_page_uri"],
            "/x/Things.json?Status=in-progress&PageSize=2&Page=2&PageToken=PA4"
        );
        assert_eq!(
            page["previous_page_uri"],
            "/x/Things.json?Status=in-progress&PageSize=2&Page=0&PageToken=PB0"
        );
    }

    #[test]
    fn page_alone_sets_the_offset() {
        let page = page("PageSize=2&Page=2", 5);
        assert_eq!(page["items"], serde_json::json!([4]));
        assert_eq!(page["next_page_uri"], Value::Null);
    }

    #[test]
    fn past_the_end_is_an_empty_page() {
        let page = page("PageSize=2&Page=9", 5);
        assert_eq!(page["items"], serde_json::json!([]));
        assert_eq!(page["next_page_uri"], Value::Null);
        assert!(page["previous_page_uri"].is_string());
    }

    #[test]
    fn malformed_tokens_and_sizes_are_rejected() {
        for query in [
            "PageToken=XY2",
            "PageToken=PA",
            "PageToken=PA-1",
            "PageToken=PA1x",
            "PageSize=0",
            "PageSize=1001",
            "Page=-1",
            "Page=one",
        ] {
            assert!(paging(query).is_err(), "{query}");
        }
    }
}
