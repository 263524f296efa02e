//! Requests to apps: the emulator asks an app for LaML and tells it what
//! happened, as SignalWire does, signed with the account's signing key.
//!
//! Behaviour hooks and timers, which hold the store, only put a
//! [`Delivery`] in the outbox ([`crate::outbox`], below them); one task
//! here takes them from its inbox and sends them in order, outside the
//! lock, then hands a document back to the behaviour that asked for it
//! ([`Then`]). Every request made is logged as a [`Webhook`], with its
//! reply or its error.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::redirect::Policy;
use reqwest::Url;
use serde_json::Value;
use sha1::Sha1;
use time::OffsetDateTime;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use crate::behaviour;
use crate::events::Event;
use crate::laml;
use crate::outbox::{allowed, Delivery, Inbox, Then, Webhook};
use crate::state::{Shared, Store};

/// The header SignalWire signs its requests in.
pub(crate) const SIGNATURE: &str = "X-SignalWire-Signature";

/// SignalWire follows up to 3 redirects (then error 11215).
const MAX_REDIRECTS: usize = 3;
/// A larger reply is not read to its end (error 11200).
const MAX_REPLY_BYTES: usize = 256 * 1024;
/// SignalWire's timeouts, which a URL fragment overrides (`#ot=500&rt=500`).
const OPEN_TIMEOUT: Timeout = Timeout {
    name: "ot",
    default: 2000,
    range: (100, 10_000),
};
const READ_TIMEOUT: Timeout = Timeout {
    name: "rt",
    default: 5000,
    range: (100, 15_000),
};
const TOTAL_TIME: Timeout = Timeout {
    name: "tt",
    default: 15_000,
    range: (100, 15_000),
};
/// A status callback is tried up to three times; a request for LaML once.
const CALLBACK_ATTEMPTS: u32 = 3;

struct Timeout {
    name: &'static str,
    default: u64,
    range: (u64, u64),
}

impl Timeout {
    fn of(&self, fragment: &[(String, String)]) -> Duration {
        let millis = fragment
            .iter()
            .find(|(name, _)| name == self.name)
            .and_then(|(_, value)| value.parse::<u64>().ok())
            .map_or(self.default, |value| {
                value.clamp(self.range.0, self.range.1)
            });
        Duration::from_millis(millis)
    }
}

/// The clients that make every request, one per pair of open and read
/// timeouts (reqwest sets those per client): each follows up to three
/// redirects, each to a host the emulator may request.
struct Clients {
    hosts: Vec<String>,
    by_timeouts: std::sync::Mutex<HashMap<(Duration, Duration), reqwest::Client>>,
}

impl Clients {
    fn new(hosts: Vec<String>) -> Clients {
        Clients {
            hosts,
            by_timeouts: std::sync::Mutex::default(),
        }
    }

    fn get(&self, open: Duration, read: Duration) -> reqwest::Client {
        let mut clients = self
            .by_timeouts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        clients
            .entry((open, read))
            .or_insert_with(|| {
                let hosts = self.hosts.clone();
                let policy = Policy::custom(move |attempt| {
                    if attempt.previous().len() > MAX_REDIRECTS {
                        attempt.error(TooManyRedirects)
                    } else if !allowed(attempt.url(), &hosts) {
                        let refused = Refused(attempt.url().to_string());
                        attempt.error(refused)
                    } else {
                        attempt.follow()
                    }
                });
                // An app's https:// URL is reached as laml's clients reach
                // the API.
                laml_runtime::__private::configure_tls(reqwest::Client::builder())
                    .unwrap_or_else(|_| reqwest::Client::builder())
                    .redirect(policy)
                    .connect_timeout(open)
                    .read_timeout(read)
                    .user_agent(concat!("laml-emulator/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .unwrap_or_default()
            })
            .clone()
    }
}

#[derive(Debug)]
struct TooManyRedirects;

impl fmt::Display for TooManyRedirects {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "more than {MAX_REDIRECTS} redirects")
    }
}

impl std::error::Error for TooManyRedirects {}

#[derive(Debug)]
struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a redirect to {}, which the emulator may not request",
            self.0
        )
    }
}

impl std::error::Error for Refused {}

/// The signature SignalWire sends: HMAC-SHA1 over the URL and the sorted
/// parameters, names and values run together, in base64.
pub(crate) fn sign(signing_key: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(signing_key.as_bytes()) else {
        return String::new();
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

/// What a request got: a body from a 2xx reply, or an error code and why.
type Outcome = Result<String, String>;

/// A request's verbs, or what went wrong.
type Document = Result<Vec<Value>, String>;

/// How long a lane waits for its next delivery before it ends.
const LANE_IDLE: Duration = Duration::from_secs(30);

/// Sends the deliveries until the emulator is gone: those about one call
/// or message in order, one at a time, and those about different ones side
/// by side, so that a slow app holds up only its own call.
pub(crate) async fn dispatch(shared: Weak<Shared>, mut inbox: Inbox) {
    let hosts = match shared.upgrade() {
        Some(shared) => shared.store().outbox().hosts().to_vec(),
        None => return,
    };
    let clients = Arc::new(Clients::new(hosts));
    let mut lanes: HashMap<String, UnboundedSender<Delivery>> = HashMap::new();
    while let Some(delivery) = inbox.receiver.recv().await {
        let sid = delivery.lane.clone();
        let delivery = match lanes.get(&sid) {
            Some(lane) => match lane.send(delivery) {
                Ok(()) => continue,
                Err(closed) => closed.0,
            },
            None => delivery,
        };
        let (lane, waiting) = unbounded_channel();
        let _ = lane.send(delivery);
        lanes.insert(sid, lane);
        lanes.retain(|_, lane| !lane.is_closed());
        tokio::spawn(run_lane(
            shared.clone(),
            Arc::clone(&clients),
            waiting,
            Arc::clone(&inbox.pending),
        ));
    }
}

/// Makes one call's or message's deliveries in order, until none comes for
/// [`LANE_IDLE`].
async fn run_lane(
    shared: Weak<Shared>,
    clients: Arc<Clients>,
    mut waiting: UnboundedReceiver<Delivery>,
    pending: Arc<AtomicUsize>,
) {
    loop {
        let delivery = match tokio::time::timeout(LANE_IDLE, waiting.recv()).await {
            Ok(Some(delivery)) => delivery,
            Ok(None) => return,
            Err(_) => {
                // Closed first, so that nothing sent after is lost: the
                // dispatcher opens a new lane for it.
                waiting.close();
                match waiting.try_recv() {
                    Ok(delivery) => delivery,
                    Err(_) => return,
                }
            }
        };
        let Some(shared) = shared.upgrade() else {
            return;
        };
        deliver(&shared, &clients, delivery).await;
        pending.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Makes one delivery (tried again if it is a status callback that
/// failed), hands the reply to what asked for it and logs it.
async fn deliver(shared: &Shared, clients: &Clients, delivery: Delivery) {
    let (signing_key, at) = {
        let store = shared.store();
        (store.signing_key(&delivery.account), store.now())
    };
    let attempts = match delivery.then {
        Then::Nothing => CALLBACK_ATTEMPTS,
        _ => 1,
    };
    let mut attempt = 1;
    let (mut webhook, outcome) = loop {
        let (mut webhook, outcome) = request(clients, &signing_key, &delivery, at).await;
        webhook.attempts = attempt;
        // A request refused or malformed fails the same way again.
        let retry = matches!(&outcome, Err(error) if error.starts_with("11200") || error.starts_with("11205"));
        if !retry || attempt >= attempts {
            break (webhook, outcome);
        }
        attempt += 1;
    };
    let outcome = match (&delivery.then, outcome) {
        (Then::Nothing | Then::Replay { .. }, outcome) => outcome.map(|_| Vec::new()),
        (_, Ok(body)) => laml::parse(&body).map_err(|error| {
            let error = format!("12100: the reply is not a LaML document: {}", error.0);
            webhook.error = Some(error.clone());
            error
        }),
        (_, Err(error)) => Err(error),
    };
    if let Some(error) = &webhook.error {
        tracing::warn!(purpose = delivery.purpose, url = %webhook.url, "{error}");
    }
    if let Then::Replay { of, .. } = &delivery.then {
        webhook.replay_of = Some(*of);
    }
    webhook.notes = {
        let mut store = shared.store();
        follow(&mut store, delivery, outcome)
    };
    let mut webhooks = shared.webhooks();
    webhooks.push(webhook);
    let id = webhooks.len() - 1;
    shared.events.publish(|| Event::Webhook {
        id,
        webhook: Box::new(webhooks[id].clone()),
    });
}

/// Hands what came back to what asked for it, and says what it skipped.
fn follow(store: &mut Store, delivery: Delivery, document: Document) -> Vec<String> {
    let Delivery {
        account,
        sid,
        lane,
        url,
        mut params,
        then,
        ..
    } = delivery;
    match (then, document) {
        (Then::Nothing, _) => Vec::new(),
        (Then::Replay { note, .. }, _) => vec![note],
        (
            Then::Call {
                calls, generation, ..
            },
            Ok(verbs),
        ) => behaviour::voice::follow(store, &calls, &sid, generation, &url, verbs),
        (Then::Message { .. }, Ok(verbs)) => {
            behaviour::messages::reply(store, &account, &sid, &url, verbs)
        }
        (then, Err(error)) => {
            let (fallback, purpose) = match &then {
                Then::Call { fallback, .. } => (fallback.clone(), "voice-fallback"),
                Then::Message { fallback } => (fallback.clone(), "sms-fallback"),
                Then::Nothing | Then::Replay { .. } => (None, ""),
            };
            match fallback {
                Some((fallback_url, method)) => {
                    let code = error.split(':').next().unwrap_or_default().to_owned();
                    params.push(("ErrorCode".into(), code));
                    let without_fragment = url.split('#').next().unwrap_or_default();
                    params.push(("ErrorUrl".into(), without_fragment.to_owned()));
                    let then = match then {
                        Then::Call {
                            calls, generation, ..
                        } => Then::Call {
                            calls,
                            generation,
                            fallback: None,
                        },
                        _ => Then::Message { fallback: None },
                    };
                    store.outbox().send(Delivery {
                        account,
                        purpose,
                        sid,
                        lane,
                        url: fallback_url,
                        method,
                        params,
                        then,
                    });
                    Vec::new()
                }
                None => match then {
                    Then::Call {
                        calls, generation, ..
                    } => behaviour::voice::fail(store, &calls, &sid, generation, &error),
                    _ => Vec::new(),
                },
            }
        }
    }
}

/// Makes one request, and logs it.
async fn request(
    clients: &Clients,
    signing_key: &str,
    delivery: &Delivery,
    at: OffsetDateTime,
) -> (Webhook, Outcome) {
    let method = if delivery.method.eq_ignore_ascii_case("GET") {
        "GET"
    } else {
        "POST"
    };
    let mut webhook = Webhook {
        purpose: delivery.purpose.to_owned(),
        sid: delivery.sid.clone(),
        method: method.to_owned(),
        url: delivery.url.clone(),
        params: delivery.params.clone(),
        signature: String::new(),
        at,
        attempts: 1,
        status: None,
        reply: String::new(),
        error: None,
        notes: Vec::new(),
        replay_of: None,
    };
    let outcome = send(clients, signing_key, delivery, method, &mut webhook).await;
    if let Err(error) = &outcome {
        webhook.error = Some(error.clone());
    }
    (webhook, outcome)
}

async fn send(
    clients: &Clients,
    signing_key: &str,
    delivery: &Delivery,
    method: &str,
    webhook: &mut Webhook,
) -> Outcome {
    let mut url = Url::parse(&delivery.url)
        .map_err(|error| format!("11100: {} is not a URL ({error})", delivery.url))?;
    let fragment: Vec<(String, String)> = url
        .fragment()
        .map(|fragment| {
            form_urlencoded::parse(fragment.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    url.set_fragment(None);
    if !allowed(&url, &clients.hosts) {
        webhook.url = url.to_string();
        return Err(format!(
            "11210: not requested: {} is not a loopback host, and the emulator was not \
             allowed to request it (Config::webhook_hosts, --webhook-host)",
            url.host_str().unwrap_or_default()
        ));
    }
    let (open, read, total) = (
        OPEN_TIMEOUT.of(&fragment),
        READ_TIMEOUT.of(&fragment),
        TOTAL_TIME.of(&fragment),
    );
    let client = clients.get(open, read);
    let request = if method == "GET" {
        url.query_pairs_mut().extend_pairs(&delivery.params);
        webhook.signature = sign(signing_key, url.as_str(), &[]);
        client.get(url.clone())
    } else {
        webhook.signature = sign(signing_key, url.as_str(), &delivery.params);
        client.post(url.clone()).form(&delivery.params)
    };
    webhook.url = url.to_string();
    let request = request.header(SIGNATURE, &webhook.signature).timeout(total);
    let mut response = request.send().await.map_err(|error| describe(&error))?;
    let status = response.status();
    webhook.status = Some(status.as_u16());
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| describe(&error))? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_REPLY_BYTES {
            body.truncate(MAX_REPLY_BYTES);
            webhook.reply = String::from_utf8_lossy(&body).into_owned();
            return Err(format!(
                "11200: the reply is longer than {MAX_REPLY_BYTES} bytes"
            ));
        }
    }
    webhook.reply = String::from_utf8_lossy(&body).into_owned();
    if !status.is_success() {
        return Err(format!("11200: the app answered {status}"));
    }
    Ok(webhook.reply.clone())
}

/// What the log calls each kind of request, as the outbox's deliveries
/// name them.
const PURPOSES: [&str; 15] = [
    "voice",
    "voice-fallback",
    "gather-action",
    "record-action",
    "dial-action",
    "enqueue-action",
    "redirect",
    "call-status",
    "recording-status",
    "transcription-status",
    "conference-status",
    "sms",
    "sms-fallback",
    "message-action",
    "message-status",
];

/// Why a replay was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReplayRefused {
    /// No webhook has that id.
    NoWebhook(usize),
}

/// Sends webhook `id` of the log to its app again: the same method, URL
/// and parameters, signed afresh with the account's key as it is now, and
/// logged as a new webhook with `replay_of`. Its reply is shown, not
/// followed: a call or message has moved on since.
pub(crate) fn replay(shared: &Shared, id: usize) -> Result<(), ReplayRefused> {
    let original = shared
        .webhooks()
        .get(id)
        .cloned()
        .ok_or(ReplayRefused::NoWebhook(id))?;
    let store = shared.store();
    let call = store
        .all_in_accounts("Calls")
        .into_iter()
        .find(|(_, call)| call.id == original.sid);
    let account = call
        .map(|(account, _)| account)
        .or_else(|| {
            store
                .all_in_accounts("Messages")
                .into_iter()
                .find(|(_, message)| message.id == original.sid)
                .map(|(account, _)| account)
        })
        .unwrap_or(&shared.project_id)
        .to_owned();
    let note = match call {
        Some((_, call)) if behaviour::calls::has_ended(call) => format!(
            "a replay: call {} has ended, so the reply is shown and not followed",
            original.sid
        ),
        _ => "a replay: the reply is shown and not followed".to_owned(),
    };
    let purpose = PURPOSES
        .into_iter()
        .find(|purpose| *purpose == original.purpose)
        .unwrap_or("replay");
    let url = if original.method == "GET" {
        without_params(&original.url, original.params.len())
    } else {
        original.url.clone()
    };
    store.outbox().send(Delivery {
        account,
        purpose,
        sid: original.sid.clone(),
        lane: original.sid,
        url,
        method: original.method,
        params: original.params,
        then: Then::Replay { of: id, note },
    });
    Ok(())
}

/// A `GET`'s URL without the `count` parameters the emulator appended to
/// its query.
fn without_params(url: &str, count: usize) -> String {
    let Ok(mut parsed) = Url::parse(url) else {
        return url.to_owned();
    };
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    let kept = &pairs[..pairs.len().saturating_sub(count)];
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    parsed.to_string()
}

fn describe(error: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(cause) = source {
        if cause.is::<TooManyRedirects>() {
            return format!("11215: {cause}");
        }
        if let Some(refused) = cause.downcast_ref::<Refused>() {
            return format!("11210: {refused}");
        }
        source = cause.source();
    }
    if error.is_timeout() {
        format!("11200: no reply in time ({error})")
    } else if error.is_connect() {
        format!("11205: the connection failed ({error})")
    } else {
        format!("11200: {error}")
    }
}

/// The request log's JSON form, for the control surface.
pub(crate) fn to_json(webhook: &Webhook) -> Value {
    serde_json::json!({
        "purpose": webhook.purpose,
        "sid": webhook.sid,
        "method": webhook.method,
        "url": webhook.url,
        "params": webhook.params,
        "signature": webhook.signature,
        "at": crate::state::rfc2822(webhook.at),
        "attempts": webhook.attempts,
        "status": webhook.status,
        "reply": webhook.reply,
        "error": webhook.error,
        "notes": webhook.notes,
    })
}

/// A webhook as the console shows it: [`to_json`]'s fields, its `id` and
/// what it replays.
pub(crate) fn to_console_json(id: usize, webhook: &Webhook) -> Value {
    let mut json = to_json(webhook);
    json["id"] = id.into();
    json["replay_of"] = webhook.replay_of.into();
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_twilio_s_published_example() {
        // From Twilio's security documentation.
        let params = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .map(|(name, value)| (name.to_owned(), value.to_owned()));
        assert_eq!(
            sign(
                "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                &params
            ),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    #[test]
    fn a_get_is_replayed_at_its_own_url_without_the_parameters_added() {
        assert_eq!(
            without_params("http://127.0.0.1:3000/voice?app=1&CallSid=CA1&To=%2B1", 2),
            "http://127.0.0.1:3000/voice?app=1"
        );
        assert_eq!(
            without_params("http://127.0.0.1:3000/voice?CallSid=CA1", 1),
            "http://127.0.0.1:3000/voice"
        );
        assert_eq!(without_params("not a url", 1), "not a url");
    }

    #[test]
    fn fragments_set_timeouts_within_the_documented_ranges() {
        let fragment = |text: &str| -> Vec<(String, String)> {
            form_urlencoded::parse(text.as_bytes())
                .into_owned()
                .collect()
        };
        assert_eq!(OPEN_TIMEOUT.of(&[]), Duration::from_millis(2000));
        assert_eq!(
            READ_TIMEOUT.of(&fragment("ot=1000&rt=300")),
            Duration::from_millis(300)
        );
        assert_eq!(
            OPEN_TIMEOUT.of(&fragment("ot=5")),
            Duration::from_millis(100)
        );
        assert_eq!(
            TOTAL_TIME.of(&fragment("tt=99999")),
            Duration::from_millis(15_000)
        );
        assert_eq!(
            READ_TIMEOUT.of(&fragment("rt=soon")),
            Duration::from_millis(5000)
        );
    }
}
