//! The list filters, and how they travel into page URIs.

use time::{Date, OffsetDateTime, UtcOffset};

use crate::error::ApiError;
use crate::params::Params;

/// The filters a list request gave, in the spec's order, carried into every
/// page URI so that following `next_page_uri` keeps them.
#[derive(Debug, Default)]
pub(crate) struct Filters(Vec<(&'static str, String)>);

impl Filters {
    pub(crate) fn push(&mut self, name: &'static str, value: impl Into<String>) {
        self.0.push((name, value.into()));
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(name, value)| (*name, value.as_str()))
    }
}

pub(crate) const DATE_CREATED: [&str; 3] = ["DateCreated", "DateCreated<", "DateCreated>"];
pub(crate) const DATE_UPDATED: [&str; 3] = ["DateUpdated", "DateUpdated<", "DateUpdated>"];

/// `DateCreated`, `DateCreated<` and `DateCreated>` (or the `DateUpdated`
/// ones), compared with the UTC date of a resource's time.
///
/// The bounds include the date given: a client writes `DateCreated<=2021-08-18`
/// (the name `DateCreated<`, then `=`), which the Twilio-compatible API reads
/// as "on or before", though the spec's prose says "before".
#[derive(Debug, Default)]
pub(crate) struct DateFilter {
    on: Option<Date>,
    on_or_before: Option<Date>,
    on_or_after: Option<Date>,
}

impl DateFilter {
    pub(crate) fn take(
        params: &mut Params,
        [on, before, after]: [&'static str; 3],
        filters: &mut Filters,
    ) -> Result<Self, ApiError> {
        let mut take = |name: &'static str| -> Result<Option<Date>, ApiError> {
            let date = params.date(name)?;
            if let Some(date) = date {
                filters.push(name, date.to_string());
            }
            Ok(date)
        };
        Ok(DateFilter {
            on: take(on)?,
            on_or_before: take(before)?,
            on_or_after: take(after)?,
        })
    }

    pub(crate) fn matches(&self, moment: OffsetDateTime) -> bool {
        let date = moment.to_offset(UtcOffset::UTC).date();
        self.on.is_none_or(|on| date == on)
            && self.on_or_before.is_none_or(|bound| date <= bound)
            && self.on_or_after.is_none_or(|bound| date >= bound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn filter(query: &str) -> (DateFilter, Filters) {
        let mut filters = Filters::default();
        let mut params = Params::from_urlencoded(query.as_bytes());
        let filter = DateFilter::take(&mut params, DATE_CREATED, &mut filters).unwrap();
        (filter, filters)
    }

    #[test]
    fn bounds_include_their_date_and_compare_in_utc() {
        let (filter, filters) = filter("DateCreated%3C=2021-08-18&DateCreated%3E=2021-08-17");
        assert!(filter.matches(datetime!(2021-08-18 23:59:59 UTC)));
        assert!(filter.matches(datetime!(2021-08-17 00:00:00 UTC)));
        assert!(!filter.matches(datetime!(2021-08-19 00:00:00 UTC)));
        assert!(!filter.matches(datetime!(2021-08-16 23:59:59 UTC)));
        assert!(filter.matches(datetime!(2021-08-19 01:00:00 +02:00)));
        assert!(!filter.matches(datetime!(2021-08-18 23:00:00 -02:00)));
        let carried: Vec<(&str, &str)> = filters.iter().collect();
        assert_eq!(
            carried,
            [
                ("DateCreated<", "2021-08-18"),
                ("DateCreated>", "2021-08-17")
            ]
        );
    }

    #[test]
    fn on_is_one_day() {
        let (filter, _) = filter("DateCreated=2021-08-18");
        assert!(filter.matches(datetime!(2021-08-18 12:00:00 UTC)));
        assert!(!filter.matches(datetime!(2021-08-17 12:00:00 UTC)));
    }
}
