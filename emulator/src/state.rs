//! The emulator's state, which every other module imports: the credentials,
//! the store of resources, the request log, the faults waiting and the
//! connection counts.
//!
//! The store keeps every resource of every operation the same way: as the
//! JSON fields a response shows, in the collection its path names. A
//! collection is keyed by its decoded path segments (`["Accounts", "{id}",
//! "Conferences", "{sid}", "Participants"]`), so a nested resource lives
//! under its parent and leaves with it.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, VecDeque};
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard, PoisonError};

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{OffsetDateTime, UtcOffset};

use crate::clock::{Clock, Timer};
use crate::connections::ConnectionStats;
use crate::error::ApiError;
use crate::events::{Event, Events, Kinds};
use crate::fault::Faults;
use crate::outbox::{Outbox, Webhook};
use crate::request_log::RequestLog;
use crate::sid::SidGenerator;

/// Everything but RFC 3986's unreserved characters, so a sid is always one
/// path segment, whatever it holds.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The state behind both the server and the [`crate::Emulator`] handle.
pub(crate) struct Shared {
    pub(crate) project_id: String,
    pub(crate) api_token: String,
    pub(crate) events: Events,
    store: Mutex<Store>,
    log: Mutex<RequestLog>,
    webhooks: Mutex<Vec<Webhook>>,
    faults: Mutex<Faults>,
    connections: Mutex<ConnectionStats>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("project_id", &self.project_id)
            .field("api_token", &"** redacted **")
            .field("store", &self.store)
            .field("log", &self.log)
            .field("webhooks", &self.webhooks)
            .field("faults", &self.faults)
            .field("connections", &self.connections)
            .finish()
    }
}

/// Every lock below is used even when poisoned: a handler that panicked
/// cannot leave the data half-updated in a way later requests would trip
/// on.
impl Shared {
    pub(crate) fn new(
        project_id: String,
        api_token: String,
        store: Store,
        log: RequestLog,
    ) -> Self {
        Shared {
            project_id,
            api_token,
            events: store.events.clone(),
            store: Mutex::new(store),
            log: Mutex::new(log),
            webhooks: Mutex::new(Vec::new()),
            faults: Mutex::new(Faults::default()),
            connections: Mutex::new(ConnectionStats::default()),
        }
    }

    /// The store, its due timers run: whatever takes it sees a state that
    /// agrees with the clock. What changed while it is held is published
    /// once, when it is released.
    pub(crate) fn store(&self) -> StoreGuard<'_> {
        let mut store = StoreGuard(self.store.lock().unwrap_or_else(PoisonError::into_inner));
        store.run_due();
        store
    }

    pub(crate) fn log(&self) -> MutexGuard<'_, RequestLog> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The requests the emulator made to apps.
    pub(crate) fn webhooks(&self) -> MutexGuard<'_, Vec<Webhook>> {
        self.webhooks.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn connections(&self) -> MutexGuard<'_, ConnectionStats> {
        self.connections
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Basic authentication with the project id and API token, as the
    /// control surface takes it.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let accepted = basic_credentials(headers)
            .as_ref()
            .map(|(user, password)| (user.as_str(), password.as_str()))
            == Some((self.project_id.as_str(), self.api_token.as_str()));
        if accepted {
            Ok(())
        } else {
            Err(ApiError::authenticate())
        }
    }

    /// The account that the request's Basic credentials authenticate, as
    /// the API takes them: an account's sid with its `auth_token` (the
    /// project's, or a subproject's), or with an API token created under
    /// that account and not deleted.
    pub(crate) fn caller(&self, headers: &HeaderMap) -> Result<String, ApiError> {
        let (user, password) = basic_credentials(headers).ok_or_else(ApiError::authenticate)?;
        let store = self.store();
        let accounts = [ACCOUNTS.to_owned()];
        let account = store
            .get(&accounts, &user)
            .ok_or_else(ApiError::authenticate)?;
        let tokens = [ACCOUNTS.to_owned(), user.clone(), "tokens".to_owned()];
        let accepted = account.is("auth_token", &password)
            || store
                .entries(&tokens)
                .any(|token| token.is(TOKEN_SECRET, &password));
        if accepted {
            Ok(user)
        } else {
            Err(ApiError::authenticate())
        }
    }
}

/// The store, held: on release it publishes the kinds of resource changed
/// while it was held, in one [`Event::Changed`].
pub(crate) struct StoreGuard<'a>(MutexGuard<'a, Store>);

impl Deref for StoreGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.0
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        let kinds = std::mem::take(&mut self.0.changed);
        if !kinds.is_empty() {
            self.0.events.publish(|| Event::Changed { kinds });
        }
    }
}

/// The collection of every account: the project and its subprojects.
pub(crate) const ACCOUNTS: &str = "Accounts";

/// Where an API token's value is kept: a field no response shows, since a
/// token is shown once, when it is created.
pub(crate) const TOKEN_SECRET: &str = "__token";

/// The user name and password of a Basic `Authorization` header.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let decoded = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .and_then(|(_, encoded)| STANDARD.decode(encoded.trim()).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok())?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// A collection's decoded path segments, from `Accounts` on.
pub(crate) type Key = Vec<String>;

/// One stored resource: its id (the value of the last placeholder of its
/// path) and the fields a response shows, by their JSON names.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) fields: Map<String, Value>,
}

impl Entry {
    pub(crate) fn str(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }

    pub(crate) fn is(&self, field: &str, value: &str) -> bool {
        self.str(field) == Some(value)
    }

    pub(crate) fn flag(&self, field: &str) -> bool {
        self.fields.get(field).and_then(Value::as_bool) == Some(true)
    }

    /// A count field: `0` when there is none.
    pub(crate) fn count(&self, field: &str) -> u64 {
        self.fields.get(field).and_then(Value::as_u64).unwrap_or(0)
    }

    pub(crate) fn set(&mut self, field: &str, value: impl Into<Value>) {
        self.fields.insert(field.to_owned(), value.into());
    }

    /// A date field written by [`rfc2822`].
    pub(crate) fn date(&self, field: &str) -> Option<OffsetDateTime> {
        OffsetDateTime::parse(self.str(field)?, &Rfc2822).ok()
    }
}

#[derive(Debug)]
pub(crate) struct Store {
    collections: BTreeMap<Key, Collection>,
    /// How many stored entries have each id, so that a new sid is checked
    /// without a look at every entry.
    ids: HashMap<String, usize>,
    sids: SidGenerator,
    /// `http://127.0.0.1:PORT`, where a LaML bin's `request_url` points.
    space_url: String,
    clock: Clock,
    timers: BinaryHeap<Pending>,
    timers_set: u64,
    outbox: Outbox,
    events: Events,
    /// The kinds of resource changed since the store was taken.
    changed: Kinds,
    /// What each call's caller heard and did, its latest items.
    transcripts: HashMap<String, VecDeque<Value>>,
}

/// One collection's entries in the order they were stored, and where each
/// id is among them: a suite that places thousands of calls finds each in
/// constant time.
#[derive(Debug, Default)]
struct Collection {
    entries: Vec<Entry>,
    positions: HashMap<String, usize>,
}

impl Collection {
    fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(*self.positions.get(id)?)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Entry> {
        self.entries.get_mut(*self.positions.get(id)?)
    }

    fn push(&mut self, entry: Entry) {
        self.positions.insert(entry.id.clone(), self.entries.len());
        self.entries.push(entry);
    }

    fn remove(&mut self, id: &str) -> Option<Entry> {
        let at = self.positions.remove(id)?;
        let entry = self.entries.remove(at);
        for later in &self.entries[at..] {
            if let Some(position) = self.positions.get_mut(&later.id) {
                *position -= 1;
            }
        }
        Some(entry)
    }
}

/// A timer in the store's queue, the earliest (then the first set) on top.
struct Pending(Timer<Store>);

impl Pending {
    fn order(&self) -> Reverse<(OffsetDateTime, u64)> {
        Reverse((self.0.at, self.0.sequence))
    }
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.order() == other.order()
    }
}

impl Eq for Pending {}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pending {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How many items of a call's transcript are kept: the latest.
const TRANSCRIPT_ITEMS: usize = 500;

/// How many timers one look at the store runs at most: a course of steps
/// that keeps setting timers due at once would otherwise never end.
const MAX_TIMERS_PER_RUN: usize = 100_000;

impl Store {
    pub(crate) fn new(sids: SidGenerator) -> Self {
        Store {
            collections: BTreeMap::new(),
            ids: HashMap::new(),
            sids,
            space_url: String::new(),
            clock: Clock::default(),
            timers: BinaryHeap::new(),
            timers_set: 0,
            outbox: Outbox::default(),
            events: Events::default(),
            changed: Kinds::default(),
            transcripts: HashMap::new(),
        }
    }

    /// Adds `item` (a transcript item, its `at` set here) to what call
    /// `call`'s caller heard, and publishes it.
    pub(crate) fn hear(&mut self, call: &str, mut item: Value) {
        let at = self.now().format(&Rfc3339).unwrap_or_default();
        if let Value::Object(fields) = &mut item {
            fields.insert("at".to_owned(), at.into());
        }
        let transcript = self.transcripts.entry(call.to_owned()).or_default();
        if transcript.len() == TRANSCRIPT_ITEMS {
            transcript.pop_front();
        }
        transcript.push_back(item.clone());
        self.events.publish(|| Event::Heard {
            call: call.to_owned(),
            item,
        });
    }

    /// Every call's transcript, by call sid.
    pub(crate) fn transcripts(&self) -> impl Iterator<Item = (&str, &VecDeque<Value>)> {
        self.transcripts
            .iter()
            .map(|(call, items)| (call.as_str(), items))
    }

    /// Drops call `call`'s transcript, with the call.
    pub(crate) fn forget_transcript(&mut self, call: &str) {
        self.transcripts.remove(call);
    }

    /// Publishes the clock's time and pace, once set or moved.
    pub(crate) fn clock_moved(&mut self) {
        let (now, pace) = (self.now(), self.clock.pace());
        self.events.publish(|| Event::Clock { now, pace });
    }

    /// The emulator's time in whole seconds, as the API reports times.
    pub(crate) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn clock(&mut self) -> &mut Clock {
        &mut self.clock
    }

    /// Runs `task` when the clock reaches `at`, given that moment; `owner`
    /// is the sid of the resource it moves, for [`Store::cancel`].
    ///
    /// A task runs holding the store, after the state it was set in may
    /// have changed: it checks that what it moves is still where the step
    /// starts (a call still ringing), as a hook checks a request.
    pub(crate) fn schedule(
        &mut self,
        at: OffsetDateTime,
        owner: &str,
        label: &'static str,
        task: impl FnOnce(&mut Store, OffsetDateTime) + Send + 'static,
    ) {
        self.timers_set += 1;
        self.timers.push(Pending(Timer {
            at,
            sequence: self.timers_set,
            owner: owner.to_owned(),
            label,
            task: Box::new(task),
        }));
    }

    /// Drops every timer `owner` set that has not run.
    pub(crate) fn cancel(&mut self, owner: &str) {
        self.timers.retain(|timer| timer.0.owner != owner);
    }

    /// The timers waiting, earliest first: their moment, owner and label.
    pub(crate) fn timers(&self) -> Vec<(OffsetDateTime, &str, &'static str)> {
        let mut timers: Vec<&Timer<Store>> = self.timers.iter().map(|timer| &timer.0).collect();
        timers.sort_by_key(|timer| (timer.at, timer.sequence));
        timers
            .into_iter()
            .map(|timer| (timer.at, timer.owner.as_str(), timer.label))
            .collect()
    }

    /// Runs the timers that are due, earliest first, those they set
    /// included.
    pub(crate) fn run_due(&mut self) {
        for _ in 0..MAX_TIMERS_PER_RUN {
            let Some(next) = self.timers.peek() else {
                return;
            };
            if !self.clock.reach(next.0.at) {
                return;
            }
            let Some(Pending(timer)) = self.timers.pop() else {
                return;
            };
            (timer.task)(self, timer.at);
        }
    }

    /// Where requests to apps wait to be sent.
    pub(crate) fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    pub(crate) fn set_outbox(&mut self, outbox: Outbox) {
        self.outbox = outbox;
    }

    /// The key that signs `account`'s requests to apps: the subproject's
    /// own, else the project's.
    pub(crate) fn signing_key(&self, account: &str) -> String {
        self.get(&[ACCOUNTS.to_owned()], account)
            .and_then(|entry| entry.str("signing_key"))
            .unwrap_or(self.outbox.signing_key())
            .to_owned()
    }

    /// The emulator's own URL, `http://127.0.0.1:PORT`.
    pub(crate) fn space_url(&self) -> &str {
        &self.space_url
    }

    pub(crate) fn set_space_url(&mut self, space_url: String) {
        self.space_url = space_url;
    }

    /// A new secret in the API's form: `prefix` and 48 hex digits.
    pub(crate) fn new_secret(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.sids.hex(48))
    }

    /// Whether `caller` may act on `account`'s resources: its own, or a
    /// subproject's that it owns.
    pub(crate) fn reaches(&self, caller: &str, account: &str) -> bool {
        caller == account
            || self
                .get(&[ACCOUNTS.to_owned()], account)
                .is_some_and(|entry| entry.is("owner_account_sid", caller))
    }

    /// The entry `id` of the collection `kind` of whichever account holds
    /// it (`["Accounts", *, kind]`), with that collection's key.
    pub(crate) fn find_in_any_account(&mut self, kind: &str, id: &str) -> Option<&mut Entry> {
        self.changed.add(Kinds::of_name(kind));
        self.collections
            .iter_mut()
            .filter(|(key, _)| key.len() == 3 && key[0] == ACCOUNTS && key[2] == kind)
            .find_map(|(_, collection)| collection.get_mut(id))
    }

    /// Every entry of the collections `kind` of every account, with its
    /// account's sid.
    pub(crate) fn all_in_accounts(&self, kind: &str) -> Vec<(&str, &Entry)> {
        self.collections
            .iter()
            .filter(|(key, _)| key.len() == 3 && key[0] == ACCOUNTS && key[2] == kind)
            .flat_map(|(key, collection)| {
                collection
                    .entries
                    .iter()
                    .map(move |entry| (key[1].as_str(), entry))
            })
            .collect()
    }

    /// A uuid that no stored resource has.
    pub(crate) fn new_sid(&mut self) -> String {
        loop {
            let sid = self.sids.uuid();
            if !self.ids.contains_key(&sid) {
                return sid;
            }
        }
    }

    /// The collection's entries, ordered as lists show them: by
    /// `date_created`, then id.
    pub(crate) fn list(&self, key: &[String]) -> Vec<&Entry> {
        let mut entries: Vec<&Entry> = self.entries(key).collect();
        entries.sort_by_cached_key(|entry| (entry.date("date_created"), entry.id.as_str()));
        entries
    }

    /// The collection's entries in the order they were stored, for a
    /// caller to whom the order does not matter.
    pub(crate) fn entries(&self, key: &[String]) -> impl Iterator<Item = &Entry> {
        self.collections
            .get(key)
            .into_iter()
            .flat_map(|collection| collection.entries.iter())
    }

    pub(crate) fn get(&self, key: &[String], id: &str) -> Option<&Entry> {
        self.collections.get(key)?.get(id)
    }

    /// The entry, to change; its id stays as it is.
    pub(crate) fn get_mut(&mut self, key: &[String], id: &str) -> Option<&mut Entry> {
        self.changed.add(Kinds::of_collection(key));
        self.collections.get_mut(key)?.get_mut(id)
    }

    pub(crate) fn entries_mut(&mut self, key: &[String]) -> impl Iterator<Item = &mut Entry> {
        self.changed.add(Kinds::of_collection(key));
        self.collections
            .get_mut(key)
            .into_iter()
            .flat_map(|collection| collection.entries.iter_mut())
    }

    /// Runs `refresh`, which brings derived fields up to the clock (a
    /// queue's wait times) and is no change of its own: the console is not
    /// told of it, or every look at a queue would tell it again.
    pub(crate) fn unchanged<R>(&mut self, refresh: impl FnOnce(&mut Store) -> R) -> R {
        let changed = self.changed;
        let result = refresh(self);
        self.changed = changed;
        result
    }

    /// Adds the entry, or replaces the one with the same id (and what is
    /// nested under it).
    pub(crate) fn insert(&mut self, key: Key, entry: Entry) {
        self.changed.add(Kinds::of_collection(&key));
        self.remove(&key, &entry.id);
        *self.ids.entry(entry.id.clone()).or_default() += 1;
        self.collections.entry(key).or_default().push(entry);
    }

    /// Removes the entry and every collection nested under it.
    pub(crate) fn remove(&mut self, key: &[String], id: &str) -> Option<Entry> {
        self.changed.add(Kinds::of_collection(key));
        let entry = self.collections.get_mut(key)?.remove(id)?;
        self.forget(&entry.id);
        let mut under = key.to_vec();
        under.push(id.to_owned());
        self.clear(&under);
        Some(entry)
    }

    /// Every entry of the collections `matches` picks, with its collection.
    pub(crate) fn find_all(&self, matches: impl Fn(&[String]) -> bool) -> Vec<(&Key, &Entry)> {
        self.collections
            .iter()
            .filter(|(key, _)| matches(key))
            .flat_map(|(key, collection)| collection.entries.iter().map(move |entry| (key, entry)))
            .collect()
    }

    /// Empties a collection, and what is nested under its entries.
    pub(crate) fn clear(&mut self, key: &[String]) {
        // Keys that start with `key` sort together, from `key` on.
        let nested: Vec<Key> = self
            .collections
            .range::<[String], _>((std::ops::Bound::Included(key), std::ops::Bound::Unbounded))
            .map(|(nested, _)| nested)
            .take_while(|nested| nested.starts_with(key))
            .cloned()
            .collect();
        for nested in nested {
            if let Some(collection) = self.collections.remove(&nested) {
                for entry in &collection.entries {
                    self.forget(&entry.id);
                }
            }
        }
    }

    /// One entry with `id` fewer.
    fn forget(&mut self, id: &str) {
        if let Some(count) = self.ids.get_mut(id) {
            *count -= 1;
            if *count == 0 {
                self.ids.remove(id);
            }
        }
    }
}

/// `value` percent-encoded as one path segment.
pub(crate) fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `Wed, 18 Aug 2021 19:21:34 +0000`.
pub(crate) fn rfc2822(moment: OffsetDateTime) -> String {
    // The seeds check that their dates can be formatted (years 1900 to 9999).
    moment
        .to_offset(UtcOffset::UTC)
        .format(&Rfc2822)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;
    use time::Duration;

    use crate::clock::Pace;
    use crate::request_log::RequestLog;

    fn key(path: &str) -> Key {
        path.split('/').map(str::to_owned).collect()
    }

    fn entry(id: &str, created: OffsetDateTime) -> Entry {
        let mut entry = Entry {
            id: id.into(),
            fields: Map::new(),
        };
        entry.set("date_created", rfc2822(created));
        entry
    }

    /// A store whose clock stands still, and a collection `Calls` holding
    /// call `c`.
    fn paused_store() -> (Store, Key) {
        let mut store = Store::new(SidGenerator::new());
        store.clock().set_pace(Pace::Paused);
        let calls = key("Accounts/a/Calls");
        let now = store.now();
        store.insert(calls.clone(), entry("c", now));
        (store, calls)
    }

    fn set_status(calls: &Key, status: &'static str) -> impl FnOnce(&mut Store, OffsetDateTime) {
        let calls = calls.clone();
        move |store, at| {
            if let Some(call) = store.get_mut(&calls, "c") {
                call.set("status", status);
                call.set("date_updated", rfc2822(at));
            }
        }
    }

    #[test]
    fn timers_run_in_order_at_their_moment_when_the_clock_reaches_them() {
        let (mut store, calls) = paused_store();
        let start = store.now();
        let second = Duration::seconds(1);
        store.schedule(
            start + 5 * second,
            "c",
            "answer",
            set_status(&calls, "in-progress"),
        );
        store.schedule(start + second, "c", "ring", set_status(&calls, "ringing"));
        let ended = calls.clone();
        store.schedule(start + 5 * second, "c", "hang up", move |store, at| {
            set_status(&ended, "completed")(store, at + second);
        });
        assert_eq!(
            store.timers().iter().map(|t| t.2).collect::<Vec<_>>(),
            ["ring", "answer", "hang up"]
        );

        store.run_due();
        assert_eq!(store.get(&calls, "c").unwrap().str("status"), None);
        store.clock().advance(3 * second);
        store.run_due();
        let call = store.get(&calls, "c").unwrap();
        assert_eq!(call.str("status"), Some("ringing"));
        assert_eq!(call.date("date_updated"), Some(start + second));

        store.clock().advance(Duration::hours(1));
        store.run_due();
        let call = store.get(&calls, "c").unwrap();
        assert_eq!(
            call.str("status"),
            Some("completed"),
            "same moment: set order"
        );
        assert_eq!(call.date("date_updated"), Some(start + 6 * second));
        assert!(store.timers().is_empty());
    }

    #[test]
    fn timers_due_at_the_same_moment_run_in_the_order_they_were_set() {
        let (mut store, calls) = paused_store();
        let start = store.now();
        let step = |label: &'static str| {
            let calls = calls.clone();
            move |store: &mut Store, _at: OffsetDateTime| {
                let call = store.get_mut(&calls, "c").unwrap();
                let mut steps = call.fields.get("steps").cloned().unwrap_or(json!([]));
                steps.as_array_mut().unwrap().push(label.into());
                call.set("steps", steps);
            }
        };
        let later = start + Duration::seconds(5);
        store.schedule(later, "c", "a", step("a"));
        store.schedule(start + Duration::seconds(1), "c", "first", step("first"));
        for label in ["b", "c", "d"] {
            store.schedule(later, "c", label, step(label));
        }
        store.clock().advance(Duration::seconds(10));
        store.run_due();
        assert_eq!(
            store.get(&calls, "c").unwrap().fields["steps"],
            json!(["first", "a", "b", "c", "d"])
        );
    }

    #[test]
    fn an_immediate_clock_jumps_to_each_timer_and_a_cancelled_one_never_runs() {
        let (mut store, calls) = paused_store();
        let start = store.now();
        store.schedule(
            start + Duration::minutes(2),
            "c",
            "answer",
            set_status(&calls, "in-progress"),
        );
        store.schedule(
            start + Duration::minutes(1),
            "other",
            "ring",
            set_status(&calls, "ringing"),
        );
        store.cancel("other");
        store.clock().set_pace(Pace::Immediate);
        store.run_due();
        let call = store.get(&calls, "c").unwrap();
        assert_eq!(call.str("status"), Some("in-progress"));
        assert_eq!(
            call.date("date_updated"),
            Some(start + Duration::minutes(2))
        );
        assert!(store.now() >= start + Duration::minutes(2));
        assert!(store.timers().is_empty());
    }

    #[test]
    fn a_course_that_never_ends_stops_after_a_bounded_number_of_steps() {
        fn again(store: &mut Store, at: OffsetDateTime) {
            store.schedule(at, "loop", "again", again);
        }
        let (mut store, _) = paused_store();
        let now = store.now();
        store.schedule(now, "loop", "again", again);
        store.run_due();
        assert_eq!(store.timers().len(), 1, "one step left for the next look");
    }

    #[test]
    fn a_transcript_keeps_its_latest_items_until_forgotten() {
        let (mut store, _) = paused_store();
        for n in 0..=TRANSCRIPT_ITEMS {
            store.hear("c", json!({"kind": "pause", "seconds": n}));
        }
        let transcripts: Vec<_> = store.transcripts().collect();
        let (call, items) = transcripts[0];
        assert_eq!((call, items.len()), ("c", TRANSCRIPT_ITEMS));
        assert_eq!(items[0]["seconds"], 1, "the oldest is dropped");
        assert_eq!(items[TRANSCRIPT_ITEMS - 1]["seconds"], TRANSCRIPT_ITEMS);
        assert!(items[0]["at"].as_str().unwrap().ends_with('Z'));
        store.forget_transcript("c");
        assert_eq!(store.transcripts().count(), 0);
    }

    #[test]
    fn changes_are_published_once_when_the_store_is_released() {
        let (store, calls) = paused_store();
        let shared = Shared::new("p".into(), "t".into(), store, RequestLog::new(1, 1));
        let mut listener = shared.events.subscribe();
        {
            let mut store = shared.store();
            let now = store.now();
            store.insert(calls.clone(), entry("d", now));
            store.get_mut(&calls, "c").unwrap().set("status", "ringing");
            store.insert(key("Accounts/a/Messages"), entry("m", now));
        }
        drop(shared.store());
        let event = listener.receiver_for_tests().try_recv();
        assert!(
            matches!(&event, Ok(Event::Changed { kinds }) if kinds.names() == ["calls", "messages"]),
            "{event:?}"
        );
        assert!(listener.receiver_for_tests().try_recv().is_err(), "once");
    }

    #[test]
    fn a_refresh_of_derived_fields_is_no_change_to_publish() {
        let (store, calls) = paused_store();
        let shared = Shared::new("p".into(), "t".into(), store, RequestLog::new(1, 1));
        // The call stored before anyone listened is told to nobody.
        drop(shared.store());
        let mut listener = shared.events.subscribe();
        {
            let mut store = shared.store();
            store.unchanged(|store| {
                store.get_mut(&calls, "c").unwrap().set("wait_time", 5);
            });
        }
        let event = listener.receiver_for_tests().try_recv();
        assert!(event.is_err(), "{event:?}");
        {
            let mut store = shared.store();
            let now = store.now();
            store.insert(key("Accounts/a/Messages"), entry("m", now));
            store.unchanged(|_| ());
        }
        let event = listener.receiver_for_tests().try_recv();
        assert!(
            matches!(&event, Ok(Event::Changed { kinds }) if kinds.names() == ["messages"]),
            "a change made before is kept: {event:?}"
        );
    }

    #[test]
    fn dates_are_rfc_2822_in_utc() {
        assert_eq!(
            rfc2822(datetime!(2021-08-18 21:21:34 +02:00)),
            "Wed, 18 Aug 2021 19:21:34 +0000"
        );
    }

    #[test]
    fn sids_in_paths_are_one_segment() {
        assert_eq!(segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(
            segment("b3877c40-da60-4998-90ad-b792e98472cf"),
            "b3877c40-da60-4998-90ad-b792e98472cf"
        );
    }

    #[test]
    fn lists_are_ordered_by_date_then_id() {
        let mut store = Store::new(SidGenerator::new());
        let conferences = key("Accounts/a/Conferences");
        store.insert(
            conferences.clone(),
            entry("b", datetime!(2021-01-01 0:00 UTC)),
        );
        store.insert(
            conferences.clone(),
            entry("c", datetime!(2020-01-01 0:00 UTC)),
        );
        store.insert(
            conferences.clone(),
            entry("a", datetime!(2021-01-01 0:00 UTC)),
        );
        let ids: Vec<&str> = store
            .list(&conferences)
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["c", "a", "b"]);
        assert_eq!(
            store.get(&conferences, "a").unwrap().fields["date_created"],
            json!("Fri, 01 Jan 2021 00:00:00 +0000")
        );
    }

    fn ids(store: &Store, key: &Key) -> Vec<String> {
        store.entries(key).map(|entry| entry.id.clone()).collect()
    }

    /// What `Store::ids` should hold: every stored entry's id, counted.
    fn counted(store: &Store) -> HashMap<String, usize> {
        let mut counted = HashMap::new();
        for collection in store.collections.values() {
            for entry in &collection.entries {
                *counted.entry(entry.id.clone()).or_default() += 1;
            }
        }
        counted
    }

    #[test]
    fn entries_keep_the_order_they_were_stored_in_and_are_found_after_a_removal() {
        let mut store = Store::new(SidGenerator::new());
        let calls = key("Accounts/a/Calls");
        let now = store.now();
        for id in ["a", "b", "c", "d"] {
            store.insert(calls.clone(), entry(id, now));
        }
        assert_eq!(store.remove(&calls, "b").map(|e| e.id), Some("b".into()));
        assert_eq!(store.remove(&calls, "b"), None);
        // Replacing moves an entry to the end, as a new one.
        store.insert(calls.clone(), entry("a", now));
        assert_eq!(ids(&store, &calls), ["c", "d", "a"]);
        for id in ["a", "c", "d"] {
            assert_eq!(store.get(&calls, id).map(|e| e.id.as_str()), Some(id));
            assert_eq!(
                store.get_mut(&calls, id).map(|e| e.id.clone()),
                Some(id.into())
            );
        }
        assert!(store.get(&calls, "b").is_none());
        assert_eq!(
            store
                .entries_mut(&calls)
                .map(|e| e.id.clone())
                .collect::<Vec<_>>(),
            ["c", "d", "a"]
        );
    }

    #[test]
    fn every_stored_id_is_counted_until_its_entry_leaves() {
        let mut store = Store::new(SidGenerator::new());
        let now = store.now();
        let conferences = key("Accounts/a/Conferences");
        store.insert(conferences.clone(), entry("c1", now));
        store.insert(conferences.clone(), entry("c1", now));
        store.insert(conferences.clone(), entry("c2", now));
        // A participant's id is its call's sid, stored twice.
        store.insert(key("Accounts/a/Calls"), entry("p", now));
        store.insert(
            key("Accounts/a/Conferences/c1/Participants"),
            entry("p", now),
        );
        store.insert(
            key("Accounts/a/Conferences/c2/Participants"),
            entry("q", now),
        );
        assert_eq!(store.ids, counted(&store));
        assert_eq!(store.ids["p"], 2);

        store.remove(&conferences, "c1");
        assert_eq!(store.ids, counted(&store));
        assert_eq!(store.ids["p"], 1);
        store.clear(&conferences);
        assert_eq!(store.ids, counted(&store));
        assert!(!store.ids.contains_key("q") && !store.ids.contains_key("c2"));
        let sid = store.new_sid();
        assert!(!store.ids.contains_key(&sid));
    }

    #[test]
    fn removing_an_entry_removes_what_is_nested_under_it() {
        let mut store = Store::new(SidGenerator::new());
        let now = store.now();
        store.insert(key("Accounts/a/Conferences"), entry("c1", now));
        store.insert(
            key("Accounts/a/Conferences/c1/Participants"),
            entry("p", now),
        );
        store.insert(
            key("Accounts/a/Conferences/c10/Participants"),
            entry("q", now),
        );
        store.remove(&key("Accounts/a/Conferences"), "c1");
        assert!(store
            .list(&key("Accounts/a/Conferences/c1/Participants"))
            .is_empty());
        assert_eq!(
            store
                .list(&key("Accounts/a/Conferences/c10/Participants"))
                .len(),
            1
        );
    }
}
