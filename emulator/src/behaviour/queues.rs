//! Queues count the calls waiting in them (`current_size`,
//! `average_wait_time`, each member's `position` and `wait_time`, all as of
//! the clock's now), refuse a call beyond `max_size`, dequeue a member on
//! its update, first in line as `Front`, and cannot be deleted while calls
//! wait.
//!
//! Calls join through `<Enqueue>` in the LaML they follow, or a test puts
//! them in line ([`crate::Emulator::enqueue`]); a call dequeued with a
//! `Url` follows that document.

use serde_json::Value;

use super::voice;
use crate::engine::{defaults, resource, Reply, Request};
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::state::{rfc2822, Entry, Key, Store, ACCOUNTS};

/// The order members joined in, kept with each (no response shows it).
const JOINED: &str = "joined";

fn members_key(queues: &[String], queue_sid: &str) -> Key {
    let mut key = queues.to_vec();
    key.extend([queue_sid.to_owned(), "Members".to_owned()]);
    key
}

fn queues_key(account: &str) -> Key {
    vec!["Accounts".into(), account.into(), "Queues".into()]
}

/// The members' sids, first in line first.
fn in_line(store: &Store, members: &[String]) -> Vec<String> {
    let mut entries = store.list(members);
    entries.sort_by_key(|member| member.fields.get(JOINED).and_then(Value::as_u64));
    entries
        .into_iter()
        .map(|member| member.id.clone())
        .collect()
}

/// Sets the counts of queue `queue_sid` and its members' places as of now:
/// fields derived from the clock and the line, so a read, not a change.
fn refresh(store: &mut Store, queues: &[String], queue_sid: &str) {
    store.unchanged(|store| refresh_fields(store, queues, queue_sid));
}

fn refresh_fields(store: &mut Store, queues: &[String], queue_sid: &str) {
    let now = store.now();
    let members = members_key(queues, queue_sid);
    let line = in_line(store, &members);
    let mut waited = 0;
    for (at, sid) in line.iter().enumerate() {
        if let Some(member) = store.get_mut(&members, sid) {
            let wait = member
                .date("date_enqueued")
                .map_or(0, |joined| (now - joined).whole_seconds().max(0));
            waited += wait;
            member.set("position", at + 1);
            member.set("wait_time", wait);
        }
    }
    if let Some(queue) = store.get_mut(queues, queue_sid) {
        let size = i64::try_from(line.len()).unwrap_or(i64::MAX);
        queue.set("current_size", size);
        queue.set(
            "average_wait_time",
            if size == 0 { 0 } else { waited / size },
        );
    }
}

fn refresh_all(store: &mut Store, queues: &[String]) {
    let sids: Vec<String> = store.list(queues).iter().map(|q| q.id.clone()).collect();
    for sid in sids {
        refresh(store, queues, &sid);
    }
}

/// Every account's queues, as of now, for a view of them all.
pub(crate) fn refresh_everywhere(store: &mut Store) {
    let accounts: Vec<String> = store
        .all_in_accounts("Queues")
        .into_iter()
        .map(|(account, _)| account.to_owned())
        .collect();
    for account in accounts {
        refresh_all(store, &[ACCOUNTS.to_owned(), account, "Queues".to_owned()]);
    }
}

pub(crate) fn list(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    refresh_all(store, &request.collection());
    defaults::list(request, store)
}

pub(crate) fn fetch(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    refresh(store, &request.collection(), request.id());
    defaults::fetch(request, store)
}

pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    refresh(store, &request.collection(), request.id());
    defaults::update(request, store)
}

pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.target(store)?;
    let waiting = store
        .list(&members_key(&request.collection(), request.id()))
        .len();
    if waiting > 0 {
        return Err(ApiError::conflict(format!(
            "Queue {} has {waiting} calls waiting and cannot be deleted; dequeue them first",
            request.id()
        )));
    }
    defaults::delete(request, store)
}

/// The queue the request's members collection is under.
fn queue_of(request: &Request<'_>) -> (Key, String) {
    let mut key = request.collection();
    key.pop();
    let sid = key.pop().unwrap_or_default();
    (key, sid)
}

pub(crate) fn list_members(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let (queues, queue_sid) = queue_of(request);
    refresh(store, &queues, &queue_sid);
    let Some((_, schema)) = request.operation.list_keys.first() else {
        return defaults::page(request, Vec::new());
    };
    let members = request.collection();
    let items = in_line(store, &members)
        .iter()
        .filter_map(|sid| store.get(&members, sid))
        .map(|member| resource(schema, member, &request.place.item(&member.id)))
        .collect();
    defaults::page(request, items)
}

/// The member the path names, `Front` being the first in line; refreshed.
fn member(request: &Request<'_>, store: &mut Store) -> Result<(Entry, String), ApiError> {
    request.check_parents(store)?;
    let (queues, queue_sid) = queue_of(request);
    refresh(store, &queues, &queue_sid);
    let members = request.collection();
    let sid = match request.id() {
        "Front" => in_line(store, &members).into_iter().next(),
        sid => Some(sid.to_owned()),
    };
    sid.and_then(|sid| store.get(&members, &sid).cloned())
        .map(|member| {
            let sid = member.id.clone();
            (member, sid)
        })
        .ok_or_else(|| request.not_found())
}

fn render(request: &Request<'_>, member: &Entry) -> Reply {
    let mut place = request.place.clone();
    if let Some(last) = place.values.last_mut() {
        last.clone_from(&member.id);
    }
    request.reply(resource(request.schema(), member, &place))
}

pub(crate) fn fetch_member(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let (member, _) = member(request, store)?;
    Ok(render(request, &member))
}

/// Dequeues the member: its call leaves the queue for the LaML at `Url`.
pub(crate) fn dequeue(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let (member, sid) = member(request, store)?;
    store.remove(&request.collection(), &sid);
    let (queues, queue_sid) = queue_of(request);
    refresh(store, &queues, &queue_sid);
    // `Url` is required, so the engine has checked it is given.
    let url = request.arguments.str("Url").unwrap_or_default();
    let method = request.arguments.str("Method").unwrap_or("POST");
    let account = queues.get(1).cloned().unwrap_or_default();
    voice::dequeued(store, &account, &sid, url, method);
    Ok(render(request, &member))
}

/// The sid of `account`'s queue called `name`, made (with the API's
/// default `max_size`, 100) if there is none.
pub(crate) fn named(store: &mut Store, account: &str, name: &str) -> String {
    let queues = queues_key(account);
    if let Some(queue) = store
        .list(&queues)
        .into_iter()
        .find(|queue| queue.is("friendly_name", name))
    {
        return queue.id.clone();
    }
    let now = store.now();
    let mut queue = Entry {
        id: store.new_sid(),
        fields: Default::default(),
    };
    queue.set("friendly_name", name);
    queue.set("max_size", 100);
    queue.set("current_size", 0);
    queue.set("average_wait_time", 0);
    queue.set("date_created", rfc2822(now));
    queue.set("date_updated", rfc2822(now));
    let sid = queue.id.clone();
    store.insert(queues, queue);
    sid
}

/// Call `call_sid` hung up while waiting in queue `queue_sid`.
pub(crate) fn leave(store: &mut Store, account: &str, queue_sid: &str, call_sid: &str) {
    let queues = queues_key(account);
    store.remove(&members_key(&queues, queue_sid), call_sid);
    refresh(store, &queues, queue_sid);
}

/// Puts call `call_sid` (a new sid when `None`) at the end of queue
/// `queue_sid`'s line, unless the queue is full.
pub(crate) fn enqueue(
    store: &mut Store,
    account: &str,
    queue_sid: &str,
    call_sid: Option<String>,
) -> Result<String, SeedRefused> {
    let queues = queues_key(account);
    let queue = store
        .get(&queues, queue_sid)
        .ok_or_else(|| SeedRefused::NotFound(format!("no queue {queue_sid}")))?;
    let max_size = queue.fields.get("max_size").and_then(Value::as_u64);
    let members = members_key(&queues, queue_sid);
    let waiting = store.list(&members);
    if max_size.is_some_and(|max| waiting.len() as u64 >= max) {
        return Err(SeedRefused::Conflict(format!(
            "queue {queue_sid} is full: it holds at most {} calls",
            max_size.unwrap_or_default()
        )));
    }
    let joined = waiting
        .iter()
        .filter_map(|member| member.fields.get(JOINED).and_then(Value::as_u64))
        .max()
        .map_or(0, |last| last + 1);
    let now = store.now();
    let sid = call_sid.unwrap_or_else(|| store.new_sid());
    let mut member = Entry {
        id: sid.clone(),
        fields: Default::default(),
    };
    member.set("date_enqueued", rfc2822(now));
    member.set(JOINED, joined);
    store.insert(members, member);
    refresh(store, &queues, queue_sid);
    Ok(sid)
}
