//! The baseline: the same three operations written by hand with reqwest,
//! `form_urlencoded` and `percent-encoding`, as a careful engineer would
//! write them without laml. It builds byte-identical requests (each bench
//! checks this before it measures) and decodes into plain structs.

use std::fmt;
use std::time::Duration;

use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use time::format_description::well_known::Rfc2822;
use time::{Date, OffsetDateTime};

/// RFC 3986's unreserved characters stay, everything else is escaped, so a
/// value is exactly one path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const FORM: &str = "application/x-www-form-urlencoded";

pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub struct Client {
    http: reqwest::Client,
    base_url: String,
    project_id: String,
    authorization: HeaderValue,
}

/// The fields of Update Conference.
#[derive(Default)]
pub struct ConferenceUpdate<'a> {
    pub status: Option<&'a str>,
    pub announce_url: Option<&'a str>,
    pub announce_method: Option<&'a str>,
}

/// The filters of List Conferences.
#[derive(Default)]
pub struct ConferenceFilters<'a> {
    pub date_created: Option<Date>,
    pub date_created_before: Option<Date>,
    pub date_created_after: Option<Date>,
    pub date_updated: Option<Date>,
    pub date_updated_before: Option<Date>,
    pub date_updated_after: Option<Date>,
    pub friendly_name: Option<&'a str>,
    pub status: Option<&'a str>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub page_token: Option<&'a str>,
}

/// The fields of Update Participant.
#[derive(Default)]
pub struct ParticipantUpdate<'a> {
    pub announce_url: Option<&'a str>,
    pub announce_method: Option<&'a str>,
    pub coaching: Option<bool>,
    pub call_sid_to_coach: Option<&'a str>,
    pub hold: Option<bool>,
    pub hold_method: Option<&'a str>,
    pub hold_url: Option<&'a str>,
    pub muted: Option<bool>,
    pub wait_url: Option<&'a str>,
    pub wait_method: Option<&'a str>,
}

impl Client {
    /// `origin` is `https://host[:port]`; the reqwest client is configured
    /// as laml configures its own (same user agent, timeouts, idle pool and
    /// no redirects followed by reqwest: laml follows them itself, which
    /// only runs when a server redirects, and the benches' does not).
    pub fn new(origin: &str, project_id: &str, api_token: &str) -> Self {
        let http = reqwest::Client::builder()
            .user_agent(concat!("laml/", env!("CARGO_PKG_VERSION")))
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(100)
            .build()
            .expect("the reqwest client builds");
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{project_id}:{api_token}"));
        let mut authorization =
            HeaderValue::try_from(format!("Basic {credentials}")).expect("a valid header");
        authorization.set_sensitive(true);
        Self {
            http,
            base_url: format!("{}/api/laml/2010-04-01", origin.trim_end_matches('/')),
            project_id: project_id.to_owned(),
            authorization,
        }
    }

    /// `POST /Accounts/{AccountSid}/Conferences/{Sid}`
    pub fn update_conference_request(
        &self,
        sid: &str,
        update: &ConferenceUpdate<'_>,
    ) -> Result<reqwest::Request, Error> {
        let mut url = self.url("/Conferences/");
        push_segment(&mut url, sid)?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = update.status {
            form.append_pair("Status", status);
        }
        if let Some(announce_url) = update.announce_url {
            form.append_pair("AnnounceUrl", announce_url);
        }
        if let Some(announce_method) = update.announce_method {
            form.append_pair("AnnounceMethod", announce_method);
        }
        self.form_request(&url, form.finish())
    }

    /// `GET /Accounts/{AccountSid}/Conferences?...`
    pub fn list_conferences_request(
        &self,
        filters: &ConferenceFilters<'_>,
    ) -> Result<reqwest::Request, Error> {
        let mut url = self.url("/Conferences");
        let mark = url.len();
        url.push('?');
        let mut query = form_urlencoded::Serializer::for_suffix(&mut url, mark + 1);
        let dates = [
            ("DateCreated", filters.date_created),
            ("DateCreated<", filters.date_created_before),
            ("DateCreated>", filters.date_created_after),
            ("DateUpdated", filters.date_updated),
            ("DateUpdated<", filters.date_updated_before),
            ("DateUpdated>", filters.date_updated_after),
        ];
        for (name, date) in dates {
            if let Some(date) = date {
                query.append_pair(name, &iso_date(date));
            }
        }
        if let Some(friendly_name) = filters.friendly_name {
            query.append_pair("FriendlyName", friendly_name);
        }
        if let Some(status) = filters.status {
            query.append_pair("Status", status);
        }
        if let Some(page) = filters.page {
            query.append_pair("Page", &page.to_string());
        }
        if let Some(page_size) = filters.page_size {
            query.append_pair("PageSize", &page_size.to_string());
        }
        if let Some(page_token) = filters.page_token {
            query.append_pair("PageToken", page_token);
        }
        query.finish();
        if url.len() == mark + 1 {
            url.truncate(mark);
        }
        self.request(Method::GET, &url)
    }

    /// `POST /Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}`
    pub fn update_participant_request(
        &self,
        conference_sid: &str,
        call_sid: &str,
        update: &ParticipantUpdate<'_>,
    ) -> Result<reqwest::Request, Error> {
        let mut url = self.url("/Conferences/");
        push_segment(&mut url, conference_sid)?;
        url.push_str("/Participants/");
        push_segment(&mut url, call_sid)?;
        let mut form = form_urlencoded::Serializer::new(String::new());
        let texts = [
            ("AnnounceUrl", update.announce_url),
            ("AnnounceMethod", update.announce_method),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                form.append_pair(name, value);
            }
        }
        if let Some(coaching) = update.coaching {
            form.append_pair("Coaching", if coaching { "true" } else { "false" });
        }
        if let Some(call_sid_to_coach) = update.call_sid_to_coach {
            form.append_pair("CallSidToCoach", call_sid_to_coach);
        }
        if let Some(hold) = update.hold {
            form.append_pair("Hold", if hold { "true" } else { "false" });
        }
        let texts = [
            ("HoldMethod", update.hold_method),
            ("HoldUrl", update.hold_url),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                form.append_pair(name, value);
            }
        }
        if let Some(muted) = update.muted {
            form.append_pair("Muted", if muted { "true" } else { "false" });
        }
        let texts = [
            ("WaitUrl", update.wait_url),
            ("WaitMethod", update.wait_method),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                form.append_pair(name, value);
            }
        }
        self.form_request(&url, form.finish())
    }

    /// Ends or announces to a conference, and decodes the answer.
    pub async fn update_conference(
        &self,
        sid: &str,
        update: &ConferenceUpdate<'_>,
    ) -> Result<Conference, Error> {
        let request = self.update_conference_request(sid, update)?;
        let response = self.http.execute(request).await?;
        let status = response.status();
        let body = response.bytes().await?;
        if !status.is_success() {
            return Err(format!("the API answered HTTP {status}").into());
        }
        Ok(serde_json::from_slice(&body)?)
    }

    /// The base URL and `/Accounts/{AccountSid}`, then `rest`.
    fn url(&self, rest: &str) -> String {
        let mut url = String::with_capacity(self.base_url.len() + 96);
        url.push_str(&self.base_url);
        url.push_str("/Accounts/");
        url.extend(utf8_percent_encode(&self.project_id, SEGMENT));
        url.push_str(rest);
        url
    }

    fn request(&self, method: Method, url: &str) -> Result<reqwest::Request, Error> {
        let mut request = reqwest::Request::new(method, Url::parse(url)?);
        request
            .headers_mut()
            .insert(AUTHORIZATION, self.authorization.clone());
        Ok(request)
    }

    fn form_request(&self, url: &str, body: String) -> Result<reqwest::Request, Error> {
        let mut request = self.request(Method::POST, url)?;
        request
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(FORM));
        *request.body_mut() = Some(body.into());
        Ok(request)
    }
}

fn push_segment(url: &mut String, value: &str) -> Result<(), Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(format!("`{value}` is not a resource id").into());
    }
    url.extend(utf8_percent_encode(value, SEGMENT));
    Ok(())
}

fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A conference as a hand-written client declares it: the documented
/// fields, as strings.
#[derive(Debug, Deserialize)]
pub struct Conference {
    pub sid: String,
    pub account_sid: String,
    pub date_created: Option<String>,
    pub date_updated: Option<String>,
    pub friendly_name: String,
    pub status: String,
    pub api_version: String,
    pub region: String,
    pub uri: String,
    pub subresource_uris: SubresourceUris,
}

/// The same, with its dates parsed (RFC 2822), as laml parses them.
#[derive(Debug, Deserialize)]
pub struct DatedConference {
    pub sid: String,
    pub account_sid: String,
    #[serde(deserialize_with = "rfc2822")]
    pub date_created: OffsetDateTime,
    #[serde(deserialize_with = "rfc2822")]
    pub date_updated: OffsetDateTime,
    pub friendly_name: String,
    pub status: String,
    pub api_version: String,
    pub region: String,
    pub uri: String,
    pub subresource_uris: SubresourceUris,
}

#[derive(Debug, Deserialize)]
pub struct SubresourceUris {
    pub participants: String,
    pub recordings: String,
}

/// A page of conferences.
#[derive(Debug, Deserialize)]
pub struct ConferencePage<T> {
    pub conferences: Vec<T>,
    pub uri: String,
    pub first_page_uri: Option<String>,
    pub next_page_uri: Option<String>,
    pub previous_page_uri: Option<String>,
    pub page: u32,
    pub page_size: u32,
    pub start: Option<u64>,
    pub end: Option<u64>,
}

/// Parses an RFC 2822 date from the JSON text in place, as
/// `time::serde::rfc2822` does.
fn rfc2822<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    struct Rfc2822Visitor;

    impl Visitor<'_> for Rfc2822Visitor {
        type Value = OffsetDateTime;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an RFC 2822 date")
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<OffsetDateTime, E> {
            OffsetDateTime::parse(text, &Rfc2822).map_err(E::custom)
        }
    }

    deserializer.deserialize_str(Rfc2822Visitor)
}
