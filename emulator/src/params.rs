//! Request parameters, from a query string or a form body, and the checks
//! the spec puts on their values.

use time::macros::format_description;
use time::Date;

use crate::error::ApiError;

/// The webhook URLs (`AnnounceUrl`, `HoldUrl`, `StatusCallback`...).
pub(crate) const HTTP: &[&str] = &["http", "https"];
/// Where a media stream connects: the spec allows only `wss`.
pub(crate) const WSS: &[&str] = &["wss"];
/// `AnnounceMethod`, `HoldMethod`, `WaitMethod`, `StatusCallbackMethod`.
pub(crate) const METHODS: &[&str] = &["GET", "POST"];

/// Decoded `name=value` pairs in the order sent, repeated names kept.
///
/// Each operation takes the parameters it knows; [`Params::finish`] then
/// rejects whatever is left, since the spec's request schemas allow no
/// other property.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub(crate) fn from_urlencoded(bytes: &[u8]) -> Self {
        Params {
            pairs: form_urlencoded::parse(bytes).into_owned().collect(),
        }
    }

    pub(crate) fn first_name(&self) -> Option<&str> {
        self.pairs.first().map(|(name, _)| name.as_str())
    }

    /// Removes `name` and returns its value; a name may appear once.
    pub(crate) fn string(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let mut values = self.take_where(|key| key == name).into_iter();
        match (values.next(), values.next()) {
            (None, _) => Ok(None),
            (Some((_, value)), None) => Ok(Some(value)),
            (Some(_), Some(_)) => Err(ApiError::repeated_parameter(name)),
        }
    }

    pub(crate) fn string_up_to(
        &mut self,
        name: &str,
        max_chars: usize,
    ) -> Result<Option<String>, ApiError> {
        match self.string(name)? {
            Some(value) if value.chars().count() > max_chars => Err(ApiError::invalid_value(
                name,
                &value,
                &format!("at most {max_chars} characters"),
            )),
            value => Ok(value),
        }
    }

    /// The value if it is one of `allowed`, which lists the spec's enum.
    pub(crate) fn one_of(
        &mut self,
        name: &str,
        allowed: &'static [&'static str],
    ) -> Result<Option<&'static str>, ApiError> {
        let Some(value) = self.string(name)? else {
            return Ok(None);
        };
        match allowed.iter().find(|candidate| **candidate == value) {
            Some(known) => Ok(Some(known)),
            None => Err(ApiError::invalid_value(
                name,
                &value,
                &format!("one of {}", allowed.join(", ")),
            )),
        }
    }

    pub(crate) fn boolean(&mut self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.string(name)?.as_deref() {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(other) => Err(ApiError::invalid_boolean(name, other)),
        }
    }

    pub(crate) fn integer(
        &mut self,
        name: &str,
        min: u64,
        max: u64,
    ) -> Result<Option<u64>, ApiError> {
        let Some(value) = self.string(name)? else {
            return Ok(None);
        };
        match value.parse::<u64>() {
            Ok(number)
                if (min..=max).contains(&number) && value.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(Some(number))
            }
            _ => Err(ApiError::invalid_integer(name, &value, min, max)),
        }
    }

    /// An absolute URL with one of `schemes`, as `format: uri` asks.
    pub(crate) fn url(&mut self, name: &str, schemes: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(value) = self.string(name)? else {
            return Ok(None);
        };
        if is_absolute_url(&value, schemes) {
            Ok(Some(value))
        } else {
            let expected = match schemes {
                [only] => format!("an absolute {only}:// URL"),
                _ => format!("an absolute {}:// URL", schemes.join("://, ")),
            };
            Err(ApiError::invalid_url(name, &value, &expected))
        }
    }

    /// A `YYYY-MM-DD` date, as the list filters take.
    pub(crate) fn date(&mut self, name: &str) -> Result<Option<Date>, ApiError> {
        let Some(value) = self.string(name)? else {
            return Ok(None);
        };
        let format = format_description!("[year]-[month]-[day]");
        match Date::parse(&value, format) {
            Ok(date) if value.len() == 10 => Ok(Some(date)),
            _ => Err(ApiError::invalid_date(name, &value)),
        }
    }

    /// Removes and returns every pair whose name satisfies `matches`.
    pub(crate) fn take_where(
        &mut self,
        mut matches: impl FnMut(&str) -> bool,
    ) -> Vec<(String, String)> {
        let (taken, kept) = std::mem::take(&mut self.pairs)
            .into_iter()
            .partition(|(name, _)| matches(name));
        self.pairs = kept;
        taken
    }

    /// Fails on the first parameter that `operation` did not take.
    pub(crate) fn finish(self, operation: &str) -> Result<(), ApiError> {
        match self.first_name() {
            Some(name) => Err(ApiError::unknown_parameter(name, operation)),
            None => Ok(()),
        }
    }
}

/// `scheme://host[:port][/path][?query][#fragment]`, no white space.
fn is_absolute_url(value: &str, schemes: &[&str]) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    if !schemes
        .iter()
        .any(|known| known.eq_ignore_ascii_case(scheme))
        || value.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        match bracketed.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host_and_port.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_and_port, None),
        }
    };
    let port_ok = port.is_none_or(|port| !port.is_empty() && port.parse::<u16>().is_ok());
    !host.is_empty() && port_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(body: &str) -> Params {
        Params::from_urlencoded(body.as_bytes())
    }

    #[test]
    fn repeated_names_are_kept_until_taken() {
        let mut params = params("StatusCallbackEvent=start&StatusCallbackEvent=end&Muted=true");
        let events = params.take_where(|name| name == "StatusCallbackEvent");
        assert_eq!(events.len(), 2);
        assert_eq!(params.boolean("Muted").unwrap(), Some(true));
        params.finish("test").unwrap();
    }

    #[test]
    fn a_single_valued_parameter_given_twice_is_an_error() {
        let error = params("Muted=true&Muted=false")
            .boolean("Muted")
            .unwrap_err();
        assert!(format!("{error:?}").contains("21109"));
    }

    #[test]
    fn values_are_form_decoded() {
        let mut params = params("FriendlyName=My+Room%21&DateCreated%3C=2021-08-18");
        assert_eq!(
            params.string("FriendlyName").unwrap().as_deref(),
            Some("My Room!")
        );
        assert!(params.date("DateCreated<").unwrap().is_some());
    }

    #[test]
    fn booleans_are_true_or_false() {
        assert!(params("Hold=yes").boolean("Hold").is_err());
        assert!(params("Hold=").boolean("Hold").is_err());
        assert_eq!(params("Hold=false").boolean("Hold").unwrap(), Some(false));
    }

    #[test]
    fn integers_are_plain_digits_in_range() {
        for bad in ["0", "1001", "-1", "+5", "1.5", "abc", ""] {
            assert!(
                params(&format!("PageSize={bad}"))
                    .integer("PageSize", 1, 1000)
                    .is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            params("PageSize=1000")
                .integer("PageSize", 1, 1000)
                .unwrap(),
            Some(1000)
        );
    }

    #[test]
    fn dates_are_year_month_day() {
        for bad in [
            "2021-8-18",
            "18/08/2021",
            "2021-02-30",
            "2021-08-18T00:00:00Z",
            "",
        ] {
            assert!(
                params(&format!("DateCreated={bad}"))
                    .date("DateCreated")
                    .is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn urls_must_be_absolute_with_a_known_scheme() {
        for good in [
            "https://example.com",
            "http://example.com:8080/announce?x=1#y",
            "HTTPS://user:pw@example.com/a",
            "http://[::1]:80/",
        ] {
            assert!(is_absolute_url(good, HTTP), "{good}");
        }
        for bad in [
            "example.com/announce",
            "/relative",
            "ftp://example.com",
            "https://",
            "https://exa mple.com",
            "https://example.com:port/",
            "wss://example.com",
        ] {
            assert!(!is_absolute_url(bad, HTTP), "{bad}");
        }
        assert!(is_absolute_url("wss://example.com/stream", WSS));
        assert!(!is_absolute_url("ws://example.com/stream", WSS));
    }

    #[test]
    fn finish_names_the_first_unknown_parameter() {
        let error = params("Bogus=1").finish("Update Conference").unwrap_err();
        assert!(format!("{error:?}").contains("Bogus"));
    }
}
