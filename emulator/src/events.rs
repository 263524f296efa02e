//! What happens in the emulator, told to whoever listens: the console's
//! stream of events subscribes here.
//!
//! Publishing is free when nobody listens: an event is built only when a
//! receiver exists, and a change to the store is one bit in [`Kinds`]
//! until the store is released.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::broadcast;

use crate::clock::Pace;
use crate::outbox::Webhook;

/// How many events a slow listener may fall behind before it misses some
/// (and is told to read the whole state again).
const BACKLOG: usize = 1024;

/// One thing that happened.
#[derive(Clone, Debug)]
pub(crate) enum Event {
    /// Resources of these kinds changed.
    Changed { kinds: Kinds },
    /// The caller of call `call` heard (or did) `item`, a transcript item.
    Heard { call: String, item: Value },
    /// A request to an app completed: its place in the webhook log, and
    /// the request.
    Webhook { id: usize, webhook: Box<Webhook> },
    /// The API received a request and answered `status`.
    Request {
        method: String,
        path: String,
        status: u16,
    },
    /// The clock was set or moved.
    Clock { now: OffsetDateTime, pace: Pace },
}

/// The kinds of resource the console shows, as a set of bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Kinds(u8);

impl Kinds {
    const NAMES: [&'static str; 6] = [
        "calls",
        "messages",
        "conferences",
        "queues",
        "recordings",
        "numbers",
    ];

    /// Every kind: what a listener that missed events must read again.
    pub(crate) const ALL: Kinds = Kinds((1 << Self::NAMES.len()) - 1);

    /// The kind of the resources a store collection holds, by its last
    /// segment (`["Accounts", sid, "Calls"]`); none for the others.
    pub(crate) fn of_collection(key: &[String]) -> Kinds {
        key.last().map_or(Kinds(0), |name| Kinds::of_name(name))
    }

    /// The kind of the resources of collections called `name` (`Calls`).
    pub(crate) fn of_name(name: &str) -> Kinds {
        let bit = match name {
            "Calls" => 0,
            "Messages" | "Media" => 1,
            "Conferences" | "Participants" => 2,
            "Queues" | "Members" => 3,
            "Recordings" | "Transcriptions" => 4,
            "IncomingPhoneNumbers" => 5,
            _ => return Kinds(0),
        };
        Kinds(1 << bit)
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub(crate) fn add(&mut self, other: Kinds) {
        self.0 |= other.0;
    }

    /// The kinds' names, as the console's `changed` event lists them.
    pub(crate) fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(|(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

/// The sending end, cloned wherever something happens.
#[derive(Clone, Debug)]
pub(crate) struct Events {
    sender: broadcast::Sender<Event>,
    /// How many [`Listener`]s there are: read on every request, so an
    /// atomic rather than the channel's own count, which takes a lock.
    listeners: Arc<AtomicUsize>,
}

impl Default for Events {
    fn default() -> Self {
        Events {
            sender: broadcast::channel(BACKLOG).0,
            listeners: Arc::default(),
        }
    }
}

impl Events {
    /// Publishes the event `make` builds, if anyone listens.
    pub(crate) fn publish(&self, make: impl FnOnce() -> Event) {
        if self.listeners.load(Ordering::Relaxed) > 0 {
            let _ = self.sender.send(make());
        }
    }

    /// Listens from now on, until the listener is dropped.
    pub(crate) fn subscribe(&self) -> Listener {
        self.listeners.fetch_add(1, Ordering::Relaxed);
        Listener {
            receiver: self.sender.subscribe(),
            listeners: Arc::clone(&self.listeners),
        }
    }
}

/// The receiving end of [`Events`].
#[derive(Debug)]
pub(crate) struct Listener {
    receiver: broadcast::Receiver<Event>,
    listeners: Arc<AtomicUsize>,
}

impl Listener {
    /// The next event, or why there is none: events were missed, or the
    /// emulator is gone.
    pub(crate) async fn recv(&mut self) -> Result<Event, broadcast::error::RecvError> {
        self.receiver.recv().await
    }
}

#[cfg(test)]
impl Listener {
    pub(crate) fn receiver_for_tests(&mut self) -> &mut broadcast::Receiver<Event> {
        &mut self.receiver
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.listeners.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str) -> Vec<String> {
        path.split('/').map(str::to_owned).collect()
    }

    #[test]
    fn collections_name_their_kind() {
        let mut kinds = Kinds::default();
        assert!(kinds.is_empty());
        kinds.add(Kinds::of_collection(&key("Accounts/a/Calls")));
        kinds.add(Kinds::of_collection(&key("Accounts/a/Calls/c/Recordings")));
        kinds.add(Kinds::of_collection(&key("Accounts/a/Applications")));
        assert_eq!(kinds.names(), ["calls", "recordings"]);
        assert_eq!(Kinds::ALL.names(), Kinds::NAMES);
        for (collection, kind) in [
            ("Calls", "calls"),
            ("Messages", "messages"),
            ("Media", "messages"),
            ("Conferences", "conferences"),
            ("Participants", "conferences"),
            ("Queues", "queues"),
            ("Members", "queues"),
            ("Recordings", "recordings"),
            ("Transcriptions", "recordings"),
            ("IncomingPhoneNumbers", "numbers"),
        ] {
            assert_eq!(Kinds::of_name(collection).names(), [kind], "{collection}");
        }
        assert!(Kinds::of_collection(&key("Accounts")).is_empty());
    }

    #[test]
    fn nothing_is_built_without_a_listener() {
        let events = Events::default();
        events.publish(|| unreachable!("built with nobody listening"));
        let mut listener = events.subscribe();
        events.publish(|| Event::Changed { kinds: Kinds::ALL });
        assert!(matches!(
            listener.receiver_for_tests().try_recv(),
            Ok(Event::Changed { kinds }) if kinds == Kinds::ALL
        ));
        drop(listener);
        events.publish(|| unreachable!("built after the last listener left"));
    }
}
