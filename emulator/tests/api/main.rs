//! The emulator through real HTTP, as a client sees it.

mod accounts;
mod auth;
mod calls;
mod conferences;
mod connections;
mod console;
mod control;
mod faults;
mod faxes;
mod laml_bins;
mod messages;
mod numbers;
mod operations;
mod paging;
mod participants;
mod queues;
mod raw;
mod recordings;
mod request_log;
mod routing;
mod streams;
mod timeouts;
mod validation;
mod webhooks;

use laml_emulator::{ConferenceSeed, Config, Emulator, Pace};
use serde_json::Value;
use time::format_description::well_known::Rfc2822;
use time::OffsetDateTime;

pub(crate) const PREFIX: &str = "/api/laml/2010-04-01";

/// An emulator and an authenticated client for it.
pub(crate) struct Api {
    pub(crate) emulator: Emulator,
    http: reqwest::Client,
}

/// A reply: its status and its body, parsed as JSON when it is some.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) text: String,
    pub(crate) headers: reqwest::header::HeaderMap,
}

impl Api {
    pub(crate) async fn start() -> Api {
        Api::start_with(Config::default()).await
    }

    pub(crate) async fn start_with(config: Config) -> Api {
        Api {
            emulator: Emulator::start_with(config)
                .await
                .expect("the emulator starts"),
            http: reqwest::Client::new(),
        }
    }

    /// An emulator whose clock stands still until the test advances it.
    pub(crate) async fn paused() -> Api {
        let api = Api::start().await;
        api.emulator.set_pace(Pace::Paused);
        api
    }

    /// `/api/laml/2010-04-01/Accounts/{project}` followed by `rest`.
    pub(crate) fn account(&self, rest: &str) -> String {
        format!("{PREFIX}/Accounts/{}{rest}", self.emulator.project_id())
    }

    pub(crate) fn seed(&self, friendly_name: &str, status: &str) -> String {
        self.emulator.seed_conference(ConferenceSeed {
            friendly_name: friendly_name.into(),
            status: status.into(),
            ..ConferenceSeed::default()
        })
    }

    pub(crate) fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.emulator.space_url()))
            .basic_auth(self.emulator.project_id(), Some(self.emulator.api_token()))
    }

    pub(crate) async fn get(&self, path: &str) -> Reply {
        send(self.request(reqwest::Method::GET, path)).await
    }

    pub(crate) async fn post(&self, path: &str, form: &str) -> Reply {
        send(
            self.request(reqwest::Method::POST, path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form.to_owned()),
        )
        .await
    }

    pub(crate) async fn delete(&self, path: &str) -> Reply {
        send(self.request(reqwest::Method::DELETE, path)).await
    }
}

pub(crate) async fn send(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the emulator answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a readable body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    Reply {
        status,
        body,
        text,
        headers,
    }
}

/// A date as the emulator writes it (RFC 2822).
pub(crate) fn emulator_date(value: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(value.as_str().expect("a date"), &Rfc2822).expect("an RFC 2822 date")
}

/// `moment` as a time filter takes it: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn utc_instant(moment: OffsetDateTime) -> String {
    let utc = moment.to_offset(time::UtcOffset::UTC);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// The sids of the items a list page holds under `key`, in order.
pub(crate) fn sids(page: &Value, key: &str) -> Vec<String> {
    page[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["sid"].as_str().unwrap().to_owned())
        .collect()
}

/// The keys of a JSON object, sorted.
pub(crate) fn sorted_keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("a JSON object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

impl Reply {
    /// Asserts an error reply with the `CompatibilityErrorResponse` shape.
    #[track_caller]
    pub(crate) fn assert_error(&self, status: u16, code: u64) {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(
            self.body.is_object(),
            "an error body is an object: {}",
            self.text
        );
        assert_eq!(
            sorted_keys(&self.body),
            ["code", "message", "more_info", "status"],
            "{}",
            self.text
        );
        assert_eq!(self.body["code"], code, "{}", self.text);
        assert_eq!(self.body["status"], status, "{}", self.text);
        assert_eq!(
            self.body["more_info"],
            format!("https://www.twilio.com/docs/errors/{code}")
        );
        assert!(self.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    #[track_caller]
    pub(crate) fn assert_ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.text);
        &self.body
    }

    #[track_caller]
    pub(crate) fn assert_created(&self) -> &Value {
        assert_eq!(self.status, 201, "{}", self.text);
        &self.body
    }
}
