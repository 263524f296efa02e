//! Where requests to apps wait, and what is logged of each once made: the
//! bottom of the emulator, beside the store.
//!
//! Behaviour hooks and timers, which hold the store, only put a
//! [`Delivery`] in the [`Outbox`]; the dispatcher above
//! ([`crate::webhook`]) takes them from the [`Inbox`], makes them and
//! hands each reply back to the behaviour that asked for it ([`Then`]).
//! Every request made is logged as a [`Webhook`].

use std::fmt;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use reqwest::Url;
use time::OffsetDateTime;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// One request the emulator made to an app, with what came back.
///
/// Read them with [`Emulator::webhooks`](crate::Emulator::webhooks), or
/// `GET /__emulator/webhooks`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Webhook {
    /// What the request was for: `voice` (a call's `Url`, a number's
    /// `VoiceUrl`), `voice-fallback`, `gather-action`, `record-action`,
    /// `dial-action`, `enqueue-action`, `redirect`, `call-status`,
    /// `recording-status`, `transcription-status`,
    /// `conference-status`, `sms` (a number's `SmsUrl`), `sms-fallback`,
    /// `message-action`, `message-status`.
    pub purpose: String,
    /// The call or message it is about.
    pub sid: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The URL requested, without its fragment; a `GET`'s parameters are
    /// in its query.
    pub url: String,
    /// The parameters sent, in the order sent.
    pub params: Vec<(String, String)>,
    /// The `X-SignalWire-Signature` sent.
    pub signature: String,
    /// The emulator's time when it was sent.
    pub at: OffsetDateTime,
    /// How many times it was sent: up to 3 for a status callback that
    /// failed.
    pub attempts: u32,
    /// The reply's status, if one came.
    pub status: Option<u16>,
    /// The reply's body (at most 256 KiB of it), decoded lossily.
    pub reply: String,
    /// What went wrong: the error code SignalWire would log and why, as
    /// `11200: the app answered 500`. `None` when all went well.
    pub error: Option<String>,
    /// What the emulator did not do: a verb it does not follow, a
    /// superseded document.
    pub notes: Vec<String>,
    /// The request this one sent again (its index in
    /// [`Emulator::webhooks`](crate::Emulator::webhooks)), when it is a
    /// replay from the console.
    pub replay_of: Option<usize>,
}

impl Webhook {
    /// The value of the first parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(param, _)| param == name)
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("purpose", &self.purpose)
            .field("sid", &self.sid)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("params", &self.params)
            .field("at", &self.at)
            .field("attempts", &self.attempts)
            .field("status", &self.status)
            .field("reply", &self.reply)
            .field("error", &self.error)
            .field("notes", &self.notes)
            .field("replay_of", &self.replay_of)
            .finish_non_exhaustive()
    }
}

/// A request for the outbox to make.
#[derive(Debug)]
pub(crate) struct Delivery {
    /// The account whose signing key signs it.
    pub(crate) account: String,
    pub(crate) purpose: &'static str,
    pub(crate) sid: String,
    /// What it is sent in order with: the call a recording's callback is
    /// about, else `sid`.
    pub(crate) lane: String,
    pub(crate) url: String,
    pub(crate) method: String,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) then: Then,
}

/// What the reply is for.
#[derive(Debug)]
pub(crate) enum Then {
    /// A status callback: nothing, once delivered.
    Nothing,
    /// LaML for a call to follow, when it still waits for document
    /// `generation`; on failure, the fallback URL and method, if any.
    Call {
        calls: Vec<String>,
        generation: u64,
        fallback: Option<(String, String)>,
    },
    /// LaML answering an incoming message.
    Message { fallback: Option<(String, String)> },
    /// A request sent again, webhook `of`: its reply is shown, not
    /// followed, for the reason `note` gives.
    Replay { of: usize, note: String },
}

/// Where deliveries wait, kept in the store so that timers can send.
#[derive(Default)]
pub(crate) struct Outbox {
    sender: Option<UnboundedSender<Delivery>>,
    pending: Arc<AtomicUsize>,
    hosts: Vec<String>,
    signing_key: String,
}

impl fmt::Debug for Outbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbox")
            .field("pending", &self.pending)
            .field("hosts", &self.hosts)
            .field("signing_key", &"** redacted **")
            .finish_non_exhaustive()
    }
}

impl Outbox {
    /// An outbox whose deliveries `receiver` gets, allowed to request
    /// loopback hosts and `hosts`.
    pub(crate) fn new(hosts: Vec<String>, signing_key: String) -> (Outbox, Inbox) {
        let (sender, receiver) = unbounded_channel();
        let pending = Arc::new(AtomicUsize::new(0));
        let outbox = Outbox {
            sender: Some(sender),
            pending: Arc::clone(&pending),
            hosts,
            signing_key,
        };
        (outbox, Inbox { receiver, pending })
    }

    pub(crate) fn send(&self, delivery: Delivery) {
        if let Some(sender) = &self.sender {
            self.pending.fetch_add(1, Ordering::SeqCst);
            if sender.send(delivery).is_err() {
                self.pending.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }

    /// How many deliveries are waiting or being made.
    pub(crate) fn pending(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.pending)
    }

    /// Whether the emulator may request `url`: a loopback host, or one
    /// the configuration allows.
    pub(crate) fn allows(&self, url: &str) -> bool {
        Url::parse(url).is_ok_and(|url| allowed(&url, &self.hosts))
    }

    pub(crate) fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// The project's signing key.
    pub(crate) fn signing_key(&self) -> &str {
        &self.signing_key
    }
}

/// The receiving end of the outbox.
pub(crate) struct Inbox {
    pub(crate) receiver: UnboundedReceiver<Delivery>,
    pub(crate) pending: Arc<AtomicUsize>,
}

/// Whether the emulator may request `url`: an `http(s)` URL of a loopback
/// host or of one of `hosts`.
pub(crate) fn allowed(url: &Url, hosts: &[String]) -> bool {
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    let named = url.host_str().is_some_and(|host| {
        hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host.trim_matches(['[', ']'])))
    });
    matches!(url.scheme(), "http" | "https") && (loopback || named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_signing_key() {
        let (outbox, _inbox) = Outbox::new(vec!["app.example.com".into()], "PSK_secret".into());
        let debug = format!("{outbox:?}");
        assert!(!debug.contains("PSK_secret"), "{debug}");
        assert!(debug.contains("app.example.com"), "{debug}");
    }

    #[test]
    fn only_loopback_and_named_hosts_are_requested() {
        let allows = |url: &str, hosts: &[&str]| {
            let hosts: Vec<String> = hosts.iter().map(|host| (*host).to_owned()).collect();
            allowed(&Url::parse(url).unwrap(), &hosts)
        };
        assert!(allows("http://127.0.0.1:3000/voice", &[]));
        assert!(allows("http://127.8.0.1/voice", &[]));
        assert!(allows("http://localhost:3000/voice", &[]));
        assert!(allows("http://[::1]:3000/voice", &[]));
        assert!(!allows("https://example.com/voice", &[]));
        assert!(!allows("http://10.0.0.1/voice", &[]));
        assert!(!allows("ftp://127.0.0.1/voice", &[]));
        assert!(allows("https://example.com/voice", &["EXAMPLE.com"]));
        assert!(!allows("https://example.org/voice", &["example.com"]));
    }
}
