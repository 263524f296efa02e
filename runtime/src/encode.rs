//! How request values become URLs and bodies: path segments, form and query
//! pairs, JSON members.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use reqwest::Url;

use crate::Error;

/// Everything but RFC 3986's unreserved characters, so that a path value is
/// always exactly one segment: `/`, `?`, `#` and `%` are escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value as it goes on the wire: the text of a form or query pair, or a
/// JSON scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Wire<'a> {
    /// Text.
    Str(Cow<'a, str>),
    /// `true` or `false`.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
}

impl Wire<'_> {
    #[inline]
    fn to_text(&self) -> Cow<'_, str> {
        match self {
            Wire::Str(text) => Cow::Borrowed(text),
            Wire::Bool(true) => Cow::Borrowed("true"),
            Wire::Bool(false) => Cow::Borrowed("false"),
            Wire::Int(n) => Cow::Owned(n.to_string()),
            Wire::UInt(n) => Cow::Owned(n.to_string()),
            Wire::Float(n) => Cow::Owned(n.to_string()),
        }
    }

    fn into_json(self) -> serde_json::Value {
        match self {
            Wire::Str(text) => serde_json::Value::String(text.into_owned()),
            Wire::Bool(b) => serde_json::Value::Bool(b),
            Wire::Int(n) => n.into(),
            Wire::UInt(n) => n.into(),
            Wire::Float(n) => serde_json::Number::from_f64(n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
        }
    }
}

/// A type that can be sent as a request parameter.
///
/// Implemented for strings, integers, `bool` (`true`/`false`), `time::Date`
/// (`YYYY-MM-DD`), [`DateOrDateTime`] and the catalogue's enums (their wire strings). Implement it
/// for your own enum to use it in an endpoint you declare.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use laml_runtime::{Wire, WireValue};
///
/// enum Direction { Inbound, Outbound }
///
/// impl WireValue for Direction {
///     const VALUES: &'static [&'static str] = &["inbound", "outbound"];
///     fn to_wire(&self) -> Wire<'_> {
///         Wire::Str(Cow::Borrowed(match self {
///             Direction::Inbound => "inbound",
///             Direction::Outbound => "outbound",
///         }))
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a request parameter",
    label = "not a wire value",
    note = "use a string, integer, bool, `time::Date` or laml enum, or implement `laml::WireValue` for `{Self}`"
)]
pub trait WireValue {
    /// The values the API allows, for enums; empty for free-form values.
    const VALUES: &'static [&'static str] = &[];

    /// This value as it goes on the wire.
    fn to_wire(&self) -> Wire<'_>;
}

impl WireValue for str {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Str(Cow::Borrowed(self))
    }
}

impl WireValue for String {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Str(Cow::Borrowed(self))
    }
}

impl WireValue for Cow<'_, str> {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Str(Cow::Borrowed(self))
    }
}

impl<T: WireValue + ?Sized> WireValue for &T {
    const VALUES: &'static [&'static str] = T::VALUES;

    fn to_wire(&self) -> Wire<'_> {
        (**self).to_wire()
    }
}

impl WireValue for bool {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Bool(*self)
    }
}

macro_rules! wire_integers {
    ($variant:ident as $wide:ty: $($int:ty),+) => {$(
        impl WireValue for $int {
            fn to_wire(&self) -> Wire<'_> {
                Wire::$variant(<$wide>::from(*self))
            }
        }
    )+};
}

wire_integers!(Int as i64: i8, i16, i32, i64);
wire_integers!(UInt as u64: u8, u16, u32, u64);

impl WireValue for f64 {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Float(*self)
    }
}

impl WireValue for time::Date {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Str(Cow::Owned(day(*self)))
    }
}

fn day(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// The value of a time filter (`StartTime>`, `DateSent<`, …): a whole day,
/// or an instant to the second.
///
/// A day goes on the wire as `YYYY-MM-DD`; an instant in UTC as
/// `YYYY-MM-DDTHH:MM:SSZ`, whatever its offset, its fraction of a second
/// dropped. Filter setters take either through `From`.
///
/// # Examples
///
/// ```
/// use laml_runtime::{DateOrDateTime, Wire, WireValue};
/// use time::macros::{date, datetime};
///
/// let day = DateOrDateTime::from(date!(2024 - 03 - 01));
/// assert_eq!(day.to_wire(), Wire::Str("2024-03-01".into()));
/// let instant = DateOrDateTime::from(datetime!(2024-03-01 10:30:05.9 +02:00));
/// assert_eq!(instant.to_wire(), Wire::Str("2024-03-01T08:30:05Z".into()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateOrDateTime {
    /// A day, `YYYY-MM-DD`.
    Date(time::Date),
    /// An instant, sent in UTC.
    DateTime(time::OffsetDateTime),
}

impl From<time::Date> for DateOrDateTime {
    fn from(date: time::Date) -> Self {
        DateOrDateTime::Date(date)
    }
}

impl From<time::OffsetDateTime> for DateOrDateTime {
    fn from(moment: time::OffsetDateTime) -> Self {
        DateOrDateTime::DateTime(moment)
    }
}

impl WireValue for DateOrDateTime {
    fn to_wire(&self) -> Wire<'_> {
        match self {
            DateOrDateTime::Date(date) => date.to_wire(),
            DateOrDateTime::DateTime(moment) => {
                let utc = moment.to_offset(time::UtcOffset::UTC);
                Wire::Str(Cow::Owned(format!(
                    "{}T{:02}:{:02}:{:02}Z",
                    day(utc.date()),
                    utc.hour(),
                    utc.minute(),
                    utc.second()
                )))
            }
        }
    }
}

/// A secret, such as an API token or a subproject's auth token: sent as a
/// parameter or read from a response as is, never shown by `Debug`.
///
/// It serializes as its value, so that a response type holding one can be
/// stored and read back; serializing is the one way it leaves in clear.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(** redacted **)")
    }
}

impl WireValue for Secret {
    fn to_wire(&self) -> Wire<'_> {
        Wire::Str(Cow::Borrowed(&self.0))
    }
}

/// Where the encoded parameters of a request go: a form body, a query string
/// or a JSON object.
pub trait ParamSink {
    /// Adds one `name = value` pair.
    fn value(&mut self, name: &str, value: Wire<'_>);

    /// Adds a list under `name`: repeated keys in a form or query, an array
    /// in JSON.
    fn list<'a, I: Iterator<Item = Wire<'a>>>(&mut self, name: &str, values: I);
}

/// A field of an endpoint struct that is sent as a parameter: a
/// [`WireValue`], an `Option` of one (left out when `None`) or a `Vec` of one
/// (repeated keys).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a request parameter",
    label = "not a wire value, nor an `Option` or `Vec` of one",
    note = "use a string, integer, bool, `time::Date` or laml enum, or implement `laml::WireValue` for the value type"
)]
pub trait Param {
    /// The values the API allows, for enums; empty for free-form values.
    const VALUES: &'static [&'static str];

    /// Writes this field under `name`, or nothing when it is absent.
    fn write<S: ParamSink>(&self, name: &str, sink: &mut S);
}

impl<T: WireValue + ?Sized> Param for T {
    const VALUES: &'static [&'static str] = T::VALUES;

    fn write<S: ParamSink>(&self, name: &str, sink: &mut S) {
        sink.value(name, self.to_wire());
    }
}

impl<T: WireValue> Param for Option<T> {
    const VALUES: &'static [&'static str] = T::VALUES;

    fn write<S: ParamSink>(&self, name: &str, sink: &mut S) {
        if let Some(value) = self {
            sink.value(name, value.to_wire());
        }
    }
}

impl<T: WireValue> Param for Vec<T> {
    const VALUES: &'static [&'static str] = T::VALUES;

    fn write<S: ParamSink>(&self, name: &str, sink: &mut S) {
        if !self.is_empty() {
            sink.list(name, self.iter().map(WireValue::to_wire));
        }
    }
}

/// `application/x-www-form-urlencoded` pairs, appended to a body
/// ([`FormSink::new`]) or to a URL's query ([`FormSink::query`]).
pub(crate) struct FormSink<T> {
    pairs: T,
}

/// Where a [`FormSink`] writes its pairs.
pub(crate) trait FormTarget {
    fn pair(&mut self, name: &str, value: &str);
}

/// A form body from the end of a `String`.
pub(crate) struct FormBody<'a> {
    body: &'a mut String,
    start: usize,
}

impl FormTarget for FormBody<'_> {
    #[inline]
    fn pair(&mut self, name: &str, value: &str) {
        if self.body.len() > self.start {
            self.body.push('&');
        }
        push_form_encoded(self.body, name);
        self.body.push('=');
        push_form_encoded(self.body, value);
    }
}

/// A URL's query, written in place: setting the query instead would read
/// it again, character by character.
impl FormTarget for form_urlencoded::Serializer<'_, url::UrlQuery<'_>> {
    #[inline]
    fn pair(&mut self, name: &str, value: &str) {
        self.append_pair(name, value);
    }
}

impl<'a> FormSink<FormBody<'a>> {
    /// Appends pairs to `body`, from its current end.
    pub(crate) fn new(body: &'a mut String) -> Self {
        let start = body.len();
        Self {
            pairs: FormBody { body, start },
        }
    }
}

impl<'a> FormSink<form_urlencoded::Serializer<'a, url::UrlQuery<'a>>> {
    /// Appends pairs to `url`'s query, which it starts when there is none.
    pub(crate) fn query(url: &'a mut Url) -> Self {
        Self {
            pairs: url.query_pairs_mut(),
        }
    }
}

impl<T: FormTarget> ParamSink for FormSink<T> {
    #[inline]
    fn value(&mut self, name: &str, value: Wire<'_>) {
        self.pairs.pair(name, &value.to_text());
    }

    fn list<'a, I: Iterator<Item = Wire<'a>>>(&mut self, name: &str, values: I) {
        for value in values {
            self.pairs.pair(name, &value.to_text());
        }
    }
}

/// Whether the form encoding keeps `byte` as it is: the WHATWG
/// `application/x-www-form-urlencoded` byte serializer's set, as
/// `form_urlencoded` keeps it.
const fn form_keeps(byte: u8) -> bool {
    matches!(byte, b'*' | b'-' | b'.' | b'0'..=b'9' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}

const FORM_KEEPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = form_keeps(byte as u8);
        byte += 1;
    }
    table
};

/// Appends `text` form-encoded, as `form_urlencoded::byte_serialize` does
/// (a space is `+`, every byte outside [`form_keeps`] is `%XX`), copying
/// each run of kept bytes at once.
#[inline]
fn push_form_encoded(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if FORM_KEEPS[usize::from(byte)] {
            continue;
        }
        // A run holds only kept bytes, all ASCII: its ends are character
        // boundaries.
        if run < at {
            out.push_str(&text[run..at]);
        }
        if byte == b' ' {
            out.push('+');
        } else {
            out.push_str(percent_encoding::percent_encode_byte(byte));
        }
        run = at + 1;
    }
    if run < bytes.len() {
        out.push_str(&text[run..]);
    }
}

/// A JSON object under construction.
#[derive(Default)]
pub struct JsonSink {
    object: serde_json::Map<String, serde_json::Value>,
}

impl JsonSink {
    /// The object built so far.
    pub fn into_value(self) -> serde_json::Value {
        serde_json::Value::Object(self.object)
    }
}

impl ParamSink for JsonSink {
    fn value(&mut self, name: &str, value: Wire<'_>) {
        self.object.insert(name.to_owned(), value.into_json());
    }

    fn list<'a, I: Iterator<Item = Wire<'a>>>(&mut self, name: &str, values: I) {
        let values = values.map(Wire::into_json).collect();
        self.object
            .insert(name.to_owned(), serde_json::Value::Array(values));
    }
}

/// A type that can fill one `<Placeholder>` of a path.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot fill a path placeholder",
    label = "not a path value",
    note = "use a `String`, `&str` or integer, or implement `laml::PathValue` for `{Self}`"
)]
pub trait PathValue {
    /// The text of the segment, before percent-encoding.
    fn to_segment(&self) -> Cow<'_, str>;
}

impl PathValue for str {
    fn to_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathValue for String {
    fn to_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathValue for Cow<'_, str> {
    fn to_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: PathValue + ?Sized> PathValue for &T {
    fn to_segment(&self) -> Cow<'_, str> {
        (**self).to_segment()
    }
}

macro_rules! path_integers {
    ($($int:ty),+) => {$(
        impl PathValue for $int {
            fn to_segment(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )+};
}

path_integers!(i32, i64, u32, u64, usize);

/// Writes a request path after the API's base URL, one segment at a time.
pub struct PathBuilder<'a> {
    path: &'a mut String,
    project_id: &'a str,
    /// Whether every literal part is made of unreserved characters and
    /// `/`, as every segment is once encoded: such a path reads the same
    /// on its own as after the base URL ([`BaseUrls::join`]).
    plain: bool,
}

impl<'a> PathBuilder<'a> {
    /// Appends to `path`; `project_id` (the client's account) fills
    /// `<AccountSid>` when the endpoint has no field for it.
    pub fn new(path: &'a mut String, project_id: &'a str) -> Self {
        Self {
            path,
            project_id,
            plain: true,
        }
    }

    /// Appends a literal part of the template, as written.
    #[inline]
    pub fn literal(&mut self, text: &str) {
        self.plain &= text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/'));
        self.path.push_str(text);
    }

    /// Appends `value` as exactly one percent-encoded segment.
    ///
    /// An empty value, `.` or `..` could not address the resource the
    /// caller meant, so they are refused before anything is sent.
    pub fn segment<T: PathValue + ?Sized>(
        &mut self,
        placeholder: &str,
        value: &T,
    ) -> Result<(), Error> {
        let text = value.to_segment();
        push_segment(self.path, placeholder, &text)
    }

    /// Appends the client's project id, which is the AccountSid.
    pub fn project_id(&mut self, placeholder: &str) -> Result<(), Error> {
        push_segment(self.path, placeholder, self.project_id)
    }

    pub(crate) fn is_plain(&self) -> bool {
        self.plain
    }
}

/// The client's base URL, parsed once. A request's path is read relative
/// to it, so that per request the URL parser reads only what follows
/// `/Accounts/<AccountSid>/` instead of the whole URL.
#[derive(Debug, Clone)]
pub(crate) struct BaseUrls {
    /// `https://host/api/laml/2010-04-01`
    text: String,
    /// The same with a `/` at the end.
    api: Url,
    /// `/Accounts/<project id>/`, and the base URL followed by it; `None`
    /// when the project id cannot be a segment (every request then fails).
    account: Option<(String, Url)>,
}

impl BaseUrls {
    /// `base_url` without a `/` at its end, and the project id.
    pub(crate) fn new(base_url: &str, project_id: &str) -> Result<Self, Error> {
        let api = parse(&format!("{base_url}/"))?;
        let mut account_path = String::from("/Accounts/");
        let account = match push_segment(&mut account_path, "AccountSid", project_id) {
            Ok(()) => {
                account_path.push('/');
                Some((
                    account_path.clone(),
                    parse(&format!("{base_url}{account_path}"))?,
                ))
            }
            Err(_) => None,
        };
        Ok(Self {
            text: base_url.to_owned(),
            api,
            account,
        })
    }

    /// The URL of `path`, which starts with `/`: what `Url::parse` reads
    /// from the base URL followed by `path`, byte for byte. A `plain` path
    /// ([`PathBuilder`]) is read relative to the parsed base; any other is
    /// read whole.
    pub(crate) fn join(&self, path: &str, plain: bool) -> Result<Url, Error> {
        if plain {
            let relative = match &self.account {
                Some((prefix, account)) => path
                    .strip_prefix(prefix.as_str())
                    .map(|rest| (account, rest)),
                None => None,
            }
            .or_else(|| path.strip_prefix('/').map(|rest| (&self.api, rest)));
            // A reference that starts with `/` would replace the base's
            // path rather than extend it.
            if let Some((base, rest)) = relative.filter(|(_, rest)| !rest.starts_with('/')) {
                return Url::options()
                    .base_url(Some(base))
                    .parse(rest)
                    .map_err(|_| not_a_url(&self.text, path));
            }
        }
        let mut whole = String::with_capacity(self.text.len() + path.len());
        whole.push_str(&self.text);
        whole.push_str(path);
        parse(&whole)
    }
}

/// `url` parsed, or an invalid-request error that quotes it.
pub(crate) fn parse(url: &str) -> Result<Url, Error> {
    Url::parse(url).map_err(|_| not_a_url(url, ""))
}

fn not_a_url(base: &str, path: &str) -> Error {
    Error::invalid_request(format!("`{base}{path}` is not a valid URL"))
}

fn push_segment(url: &mut String, placeholder: &str, text: &str) -> Result<(), Error> {
    match text {
        "" => Err(Error::invalid_request(format!(
            "the path value for <{placeholder}> is empty"
        ))),
        "." | ".." => Err(Error::invalid_request(format!(
            "the path value for <{placeholder}> is `{text}`, which is not a resource id"
        ))),
        _ => {
            url.extend(percent_encoding::utf8_percent_encode(text, SEGMENT));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<P: Param>(name: &str, param: &P) -> String {
        let mut body = String::new();
        param.write(name, &mut FormSink::new(&mut body));
        body
    }

    #[test]
    fn form_values_follow_the_api_conventions() {
        assert_eq!(form("Muted", &true), "Muted=true");
        assert_eq!(form("Hold", &Some(false)), "Hold=false");
        assert_eq!(form("Status", &None::<String>), "");
        assert_eq!(
            form("StatusCallbackEvent", &vec!["start", "end"]),
            "StatusCallbackEvent=start&StatusCallbackEvent=end"
        );
        assert_eq!(
            form("DateCreated<", &time::macros::date!(2024 - 03 - 07)),
            "DateCreated%3C=2024-03-07"
        );
        assert_eq!(form("Url", &"a b&c=d"), "Url=a+b%26c%3Dd");
    }

    #[test]
    fn time_filters_send_a_day_or_a_utc_instant() {
        use time::macros::{date, datetime};
        let day = DateOrDateTime::from(date!(2024 - 03 - 07));
        assert_eq!(form("StartTime>", &Some(day)), "StartTime%3E=2024-03-07");
        let instant = DateOrDateTime::from(datetime!(2024-12-31 23:30:09.999 -01:00));
        assert_eq!(
            form("StartTime<", &Some(instant)),
            "StartTime%3C=2025-01-01T00%3A30%3A09Z"
        );
    }

    #[test]
    fn json_lists_are_arrays_and_scalars_keep_their_type() {
        let mut sink = JsonSink::default();
        Param::write(&vec![1u32, 2], "Ids", &mut sink);
        Param::write(&Some(true), "Muted", &mut sink);
        assert_eq!(
            sink.into_value(),
            serde_json::json!({"Ids": [1, 2], "Muted": true})
        );
    }

    #[test]
    fn segments_cannot_escape() {
        let mut url = String::new();
        let mut path = PathBuilder::new(&mut url, "P");
        path.segment("Sid", "a/b?c#d%e f..").unwrap();
        assert_eq!(url, "a%2Fb%3Fc%23d%25e%20f..");
        for bad in ["", ".", ".."] {
            let mut url = String::new();
            let error = PathBuilder::new(&mut url, "P")
                .segment("Sid", bad)
                .unwrap_err();
            assert!(error.is_invalid_request(), "{bad:?}");
            assert!(error.to_string().contains("<Sid>"));
        }
    }

    /// Texts whose encoding is worth checking: every ASCII character, a
    /// non-ASCII letter, a character outside the BMP, and mixes of them.
    fn awkward_texts() -> Vec<String> {
        let mut texts: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        texts.extend(
            [
                "",
                "é",
                "\u{1F600}",
                "a b+c&d=e%f/g?h#i",
                "https://example.com/hold music.mp3?x=1&y=é",
                "..",
                "%2e",
                "plain-text_1.2*",
                "é a",
                "aé",
                "\u{1F600}z\u{0}",
            ]
            .map(String::from),
        );
        texts
    }

    #[test]
    fn form_encoding_matches_form_urlencoded_byte_for_byte() {
        for text in awkward_texts() {
            let mut ours = String::new();
            push_form_encoded(&mut ours, &text);
            let theirs: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            assert_eq!(ours, theirs, "{text:?}");
        }
        let texts = awkward_texts();
        let mut body = String::from("kept");
        let mut sink = FormSink::new(&mut body);
        let mut expected = form_urlencoded::Serializer::for_suffix(String::from("kept"), 4);
        for (name, value) in texts.iter().zip(texts.iter().rev()) {
            sink.value(name, Wire::Str(Cow::Borrowed(value)));
            expected.append_pair(name, value);
        }
        assert_eq!(body, expected.finish());
    }

    /// What the URL of `pieces` (literals, and values for placeholders) was
    /// before `BaseUrls`: the whole text parsed at once.
    fn joined_and_whole(bases: &BaseUrls, project_id: &str, pieces: &[Result<&str, &str>]) {
        let mut path = String::new();
        let mut builder = PathBuilder::new(&mut path, project_id);
        for piece in pieces {
            match piece {
                Ok(literal) => builder.literal(literal),
                Err("<AccountSid>") => {
                    if builder.project_id("AccountSid").is_err() {
                        assert!(matches!(project_id, "." | ".."));
                        return;
                    }
                }
                Err(value) => builder.segment("Sid", *value).unwrap(),
            }
        }
        let plain = builder.is_plain();
        let whole = Url::parse(&format!("{}{path}", bases.text));
        match (bases.join(&path, plain), whole) {
            (Ok(joined), Ok(whole)) => {
                assert_eq!(joined.as_str(), whole.as_str(), "{pieces:?}");
                assert_eq!(joined, whole, "{pieces:?}");
            }
            (joined, whole) => assert_eq!(joined.is_ok(), whole.is_ok(), "{pieces:?}"),
        }
    }

    #[test]
    fn urls_read_relative_to_the_base_are_the_urls_read_whole() {
        let values: Vec<String> = awkward_texts()
            .into_iter()
            .filter(|text| !matches!(text.as_str(), "" | "." | ".."))
            .chain([
                "CF0123456789abcdef".into(),
                "0d1e2f3a-4b5c-4d6e-8f7a".into(),
            ])
            .collect();
        let literals = [
            "/Accounts/",
            "/Conferences/",
            "/Calls",
            "/Participants.json",
            "/a:b/",
            "/../x/",
            "/./",
            "//",
            "/ spaced /",
            "/%2e%2e/",
            "/caf\u{e9}/",
            "/q?",
            "/f#",
            "/tab\there/",
            "\\back/",
        ];
        for base in [
            "https://example.signalwire.com/api/laml/2010-04-01",
            "http://127.0.0.1:8080/api/laml/2010-04-01",
            "http://[::1]:9/api/laml/2010-04-01",
        ] {
            for project_id in ["P123", "p/q \u{e9}%", ".", "a:b"] {
                let bases = BaseUrls::new(base, project_id).unwrap();
                assert_eq!(bases.account.is_some(), project_id != ".");
                let account = Err("<AccountSid>");
                for value in &values {
                    let value = Err(value.as_str());
                    for literal in literals {
                        let literal = Ok(literal);
                        joined_and_whole(&bases, project_id, &[Ok("/Accounts/"), account]);
                        joined_and_whole(&bases, project_id, &[Ok("/Accounts/"), value]);
                        joined_and_whole(
                            &bases,
                            project_id,
                            &[Ok("/Accounts/"), account, literal, value],
                        );
                        joined_and_whole(
                            &bases,
                            project_id,
                            &[Ok("/Accounts/"), account, Ok("/"), value, literal],
                        );
                        joined_and_whole(&bases, project_id, &[literal, value, literal]);
                    }
                }
            }
        }
    }

    #[test]
    fn a_path_with_a_character_to_encode_in_a_literal_is_not_plain() {
        let mut path = String::new();
        let mut builder = PathBuilder::new(&mut path, "P");
        builder.literal("/Accounts/");
        builder.segment("Sid", "a:b c/%").unwrap();
        builder.literal("/Calls-1_2.~x/");
        assert!(
            builder.is_plain(),
            "segments are encoded, so they stay plain"
        );
        for odd in [":", " ", "%", "?", "#", "\u{e9}", "\\", "@"] {
            let mut path = String::new();
            let mut builder = PathBuilder::new(&mut path, "P");
            builder.literal("/Accounts/");
            builder.literal(odd);
            assert!(!builder.is_plain(), "{odd:?}");
        }
    }
}
