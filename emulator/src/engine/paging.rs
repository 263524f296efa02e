//! Lists: the filters a request gave, `Page`, `PageSize` and `PageToken`,
//! and the envelope with its page URIs.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc2822;
use time::{OffsetDateTime, UtcOffset};

use super::params::{moment, Moment};
use super::{Arguments, Place};
use crate::error::ApiError;
use crate::spec::{snake_case, Location, Operation, Schema};

const DEFAULT_PAGE_SIZE: u64 = 50;

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
    /// The filters given, as text, carried into every page URI.
    filters: Vec<(String, String)>,
}

impl Paging {
    pub(crate) fn read(operation: &Operation, arguments: &Arguments) -> Result<Self, ApiError> {
        let number = |name| arguments.integer(name).and_then(|n| u64::try_from(n).ok());
        let page_size = number("PageSize").unwrap_or(DEFAULT_PAGE_SIZE);
        let page = number("Page");
        let token = arguments.str("PageToken").map(str::to_owned);
        let offset = match &token {
            Some(token) => parse_token(token)?,
            None => page.unwrap_or(0) * page_size,
        };
        let filters = arguments
            .iter()
            .filter(|(name, _)| !matches!(*name, "Page" | "PageSize" | "PageToken"))
            .filter(|(name, _)| {
                operation
                    .parameter(name)
                    .is_some_and(|p| p.location == Location::Query)
            })
            .map(|(name, value)| {
                let text = match value {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                (name.to_owned(), text)
            })
            .collect();
        Ok(Paging {
            page: page.unwrap_or(offset / page_size),
            page_size,
            offset,
            token,
            filters,
        })
    }

    /// Whether the request gave no filter, so that every item is kept.
    pub(crate) fn keeps_all(&self) -> bool {
        self.filters.is_empty()
    }

    /// Which of `total` items (filtered and ordered) the page shows.
    pub(crate) fn window(&self, total: usize) -> std::ops::Range<usize> {
        let total = total as u64;
        let first = self.offset.min(total) as usize;
        let last = self.offset.saturating_add(self.page_size).min(total) as usize;
        first..last
    }

    /// Whether a rendered item passes every filter: a date filter compares
    /// the UTC date of its field, any other the field its name names; a
    /// filter naming no field of the items keeps them all.
    pub(crate) fn keeps(&self, operation: &Operation, item: &Value) -> bool {
        self.filters.iter().all(|(name, wanted)| {
            match operation.parameter(name).and_then(|p| p.date.as_ref()) {
                Some(filter) => {
                    let at = item[&filter.field]
                        .as_str()
                        .and_then(|text| OffsetDateTime::parse(text, &Rfc2822).ok())
                        .map(|moment| moment.to_offset(UtcOffset::UTC));
                    match (at, moment(wanted)) {
                        (Some(at), Some(Moment::Day(day))) => {
                            filter.bound.holds(at.date().cmp(&day))
                        }
                        (Some(at), Some(Moment::Instant(instant))) => {
                            filter.bound.holds(at.cmp(&instant))
                        }
                        _ => false,
                    }
                }
                None => match item.get(snake_case(name)) {
                    None => true,
                    Some(Value::String(text)) => text == wanted,
                    Some(Value::Null) => false,
                    Some(other) => {
                        serde_json::from_str::<Value>(wanted).ok().as_ref() == Some(other)
                    }
                },
            }
        })
    }

    /// The page of `all` (filtered and ordered) in the envelope `schema`
    /// describes, under every key of `list_keys`; `place` is the list's.
    /// The envelope also gives `start` and `end`, as the Twilio-compatible
    /// API does.
    pub(crate) fn render(
        &self,
        schema: &Schema,
        list_keys: &[String],
        place: &Place,
        all: Vec<Value>,
    ) -> Value {
        let total = all.len();
        let window = self.window(total);
        let items: Vec<Value> = all
            .into_iter()
            .skip(window.start)
            .take(window.len())
            .collect();
        self.render_window(schema, list_keys, place, items, total)
    }

    /// The envelope of `items`, the page's [`window`](Paging::window) of
    /// `total` items, as [`render`](Paging::render) writes it.
    pub(crate) fn render_window(
        &self,
        schema: &Schema,
        list_keys: &[String],
        place: &Place,
        items: Vec<Value>,
        total: usize,
    ) -> Value {
        let total = total as u64;
        let count = items.len() as u64;
        let path = place.path();
        let next_offset = self.offset.saturating_add(self.page_size);

        let mut envelope = Map::new();
        for key in list_keys {
            envelope.insert(key.clone(), Value::Array(items.clone()));
        }
        for (name, _) in &schema.fields {
            let value: Value = match name.as_str() {
                "uri" => self
                    .page_uri(&path, self.page, self.token.as_deref())
                    .into(),
                "first_page_uri" => self.page_uri(&path, 0, None).into(),
                "next_page_uri" => (next_offset < total)
                    .then(|| {
                        let token = format!("PA{next_offset}");
                        self.page_uri(&path, self.page + 1, Some(&token))
                    })
                    .into(),
                "previous_page_uri" => (self.offset > 0)
                    .then(|| {
                        let token = format!("PB{}", self.offset.saturating_sub(self.page_size));
                        self.page_uri(&path, self.page.saturating_sub(1), Some(&token))
                    })
                    .into(),
                "page" => self.page.into(),
                "page_size" => self.page_size.into(),
                _ => continue,
            };
            envelope.insert(name.clone(), value);
        }
        if schema.has("page") {
            envelope.insert("start".into(), self.offset.into());
            envelope.insert("end".into(), (self.offset + count.saturating_sub(1)).into());
        }
        Value::Object(envelope)
    }

    fn page_uri(&self, path: &str, page: u64, token: Option<&str>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &self.filters {
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
    use crate::engine::params;
    use crate::spec::API;
    use serde_json::json;

    fn page(query: &str, total: u64) -> Value {
        let operation = API.operation("list_all_conferences").unwrap();
        let arguments = params::tests::checked_query(operation, query);
        let paging = Paging::read(operation, &arguments).unwrap();
        let place = Place {
            template: operation.template.clone(),
            values: vec!["acc".into()],
        };
        let all = (0..total).map(Value::from).collect();
        paging.render(
            operation.schema.as_ref().unwrap(),
            &["conferences".into()],
            &place,
            all,
        )
    }

    const BASE: &str = "/api/laml/2010-04-01/Accounts/acc/Conferences.json";

    #[test]
    fn defaults_are_page_zero_of_fifty() {
        let page = page("Status=in-progress", 3);
        assert_eq!(page["conferences"], json!([0, 1, 2]));
        assert_eq!(page["page_size"], 50);
        assert_eq!(page["next_page_uri"], Value::Null);
        assert_eq!(page["previous_page_uri"], Value::Null);
        assert_eq!(
            page["first_page_uri"],
            format!("{BASE}?Status=in-progress&PageSize=50&Page=0")
        );
        assert_eq!(
            (page["start"].as_u64(), page["end"].as_u64()),
            (Some(0), Some(2))
        );
    }

    #[test]
    fn the_middle_page_links_both_ways() {
        let page = page("PageSize=2&Page=1&PageToken=PA2", 5);
        assert_eq!(page["conferences"], json!([2, 3]));
        assert_eq!(
            page["uri"],
            format!("{BASE}?PageSize=2&Page=1&PageToken=PA2")
        );
        assert_eq!(
            page["next_page_uri"],
            format!("{BASE}?PageSize=2&Page=2&PageToken=PA4")
        );
        assert_eq!(
            page["previous_page_uri"],
            format!("{BASE}?PageSize=2&Page=0&PageToken=PB0")
        );
    }

    #[test]
    fn past_the_end_is_an_empty_page() {
        let page = page("PageSize=2&Page=9", 5);
        assert_eq!(page["conferences"], json!([]));
        assert_eq!(page["next_page_uri"], Value::Null);
        assert!(page["previous_page_uri"].is_string());
    }

    #[test]
    fn malformed_tokens_are_rejected() {
        for token in ["XY2", "PA", "PA-1", "PA1x"] {
            assert!(parse_token(token).is_err(), "{token}");
        }
        assert_eq!(parse_token("PB40").unwrap(), 40);
    }

    #[test]
    fn date_bounds_include_their_day_and_compare_in_utc() {
        let operation = API.operation("list_all_conferences").unwrap();
        let arguments = params::tests::checked_query(
            operation,
            "DateCreated%3C=2021-08-18&DateCreated%3E=2021-08-17",
        );
        let paging = Paging::read(operation, &arguments).unwrap();
        let created = |date: &str| json!({ "date_created": date });
        assert!(paging.keeps(operation, &created("Wed, 18 Aug 2021 23:59:59 +0000")));
        assert!(paging.keeps(operation, &created("Tue, 17 Aug 2021 00:00:00 +0000")));
        assert!(!paging.keeps(operation, &created("Thu, 19 Aug 2021 00:00:00 +0000")));
        assert!(!paging.keeps(operation, &created("Mon, 16 Aug 2021 23:59:59 +0000")));
    }

    #[test]
    fn time_filters_take_instants_to_the_second() {
        let operation = API.operation("list_all_calls").unwrap();
        let arguments = params::tests::checked_query(
            operation,
            "StartTime%3E=2021-08-18T10:00:00Z&StartTime%3C=2021-08-18",
        );
        let paging = Paging::read(operation, &arguments).unwrap();
        let started = |date: &str| json!({ "start_time": date });
        assert!(paging.keeps(operation, &started("Wed, 18 Aug 2021 12:00:00 +0200")));
        assert!(paging.keeps(operation, &started("Wed, 18 Aug 2021 23:59:59 +0000")));
        assert!(!paging.keeps(operation, &started("Wed, 18 Aug 2021 09:59:59 +0000")));
        assert!(!paging.keeps(operation, &started("Thu, 19 Aug 2021 00:00:00 +0000")));

        let exact = params::tests::checked_query(operation, "EndTime=2021-08-18T10:00:00Z");
        let paging = Paging::read(operation, &exact).unwrap();
        let ended = |date: &str| json!({ "end_time": date });
        assert!(paging.keeps(operation, &ended("Wed, 18 Aug 2021 10:00:00 +0000")));
        assert!(!paging.keeps(operation, &ended("Wed, 18 Aug 2021 10:00:01 +0000")));
    }
}
