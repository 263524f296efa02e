//! What every operation does when no hook says otherwise: a `POST` on a
//! collection stores a resource from its parameters, `GET`, `POST` and
//! `DELETE` on one act on what is stored, a `GET` on a collection lists it.
//!
//! Hooks call these pieces too, before or after their own rules.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::paging::Paging;
use super::{id_field, resource, Reply, Request};
use crate::error::ApiError;
use crate::spec::{snake_case, Field, Kind, Location};
use crate::state::{rfc2822, Entry, Store};

pub(crate) fn perform(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let operation = request.operation;
    match operation.method.as_str() {
        "GET" if operation.is_list() => list(request, store),
        "GET" => fetch(request, store),
        "DELETE" => delete(request, store),
        _ if operation.names_one() => update(request, store),
        _ => create(request, store),
    }
}

pub(crate) fn fetch(request: &Request<'_>, store: &Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let entry = store
        .get(&request.collection(), request.id())
        .ok_or_else(|| request.not_found())?;
    Ok(request.render(entry))
}

pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let now = store.now();
    let entry = request.target(store)?;
    apply(request, entry, now);
    Ok(request.render(entry))
}

pub(crate) fn delete(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    store
        .remove(&request.collection(), request.id())
        .ok_or_else(|| request.not_found())?;
    Ok(Reply::NoContent)
}

/// Stores a new resource with a fresh sid and answers it.
pub(crate) fn create(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let entry = new_entry(request, store);
    Ok(insert(request, store, entry))
}

/// A resource with a fresh sid, its creation date and the fields the
/// request's parameters name.
pub(crate) fn new_entry(request: &Request<'_>, store: &mut Store) -> Entry {
    let mut entry = Entry {
        id: store.new_sid(),
        fields: Map::new(),
    };
    let now = store.now();
    if request.schema().has("date_created") {
        entry.set("date_created", rfc2822(now));
    }
    apply(request, &mut entry, now);
    entry
}

/// Stores `entry` in the request's collection and answers it.
pub(crate) fn insert(request: &Request<'_>, store: &mut Store, entry: Entry) -> Reply {
    let body = resource(request.schema(), &entry, &request.place.item(&entry.id));
    store.insert(request.collection(), entry);
    request.reply(body)
}

/// Sets each field a body parameter names (`FriendlyName` sets
/// `friendly_name`), and `date_updated` (`now`).
pub(crate) fn apply(request: &Request<'_>, entry: &mut Entry, now: OffsetDateTime) {
    let schema = request.schema();
    let id = if request.operation.names_one() {
        id_field(schema, request.place.template.last())
    } else {
        id_field(schema, request.place.item("").template.last())
    };
    for (name, value) in request.arguments.iter() {
        let from_body = request
            .operation
            .parameter(name)
            .is_some_and(|parameter| parameter.location == Location::Body);
        let field_name = snake_case(name);
        match schema.field(&field_name) {
            Some(field) if from_body && field_name != id => {
                entry.set(&field_name, coerce(field, value));
            }
            _ => {}
        }
    }
    if schema.has("date_updated") {
        entry.set("date_updated", rfc2822(now));
    }
}

/// The collection, filtered and paged as the request asks.
pub(crate) fn list(request: &Request<'_>, store: &Store) -> Result<Reply, ApiError> {
    request.check_parents(store)?;
    let Some((_, schema)) = request.operation.list_keys.first() else {
        return page(request, Vec::new());
    };
    let mut place = request.place.item("");
    let mut render = |entry: &Entry| {
        if let Some(id) = place.values.last_mut() {
            id.clone_from(&entry.id);
        }
        resource(schema, entry, &place)
    };
    let entries = store.list(&request.collection());
    let paging = Paging::read(request.operation, &request.arguments)?;
    if !paging.keeps_all() {
        let items = entries.into_iter().map(render).collect();
        return page(request, items);
    }
    // Without a filter only the page's own items are rendered: a list of
    // thousands of calls costs one page, not thousands of renders.
    let total = entries.len();
    let items = entries[paging.window(total)]
        .iter()
        .map(|entry| render(entry))
        .collect();
    let envelope = paging.render_window(
        request.schema(),
        &list_keys(request),
        &request.place,
        items,
        total,
    );
    Ok(request.reply(envelope))
}

/// The page of `items` the request asks for, the filters applied.
pub(crate) fn page(request: &Request<'_>, items: Vec<Value>) -> Result<Reply, ApiError> {
    let operation = request.operation;
    let paging = Paging::read(operation, &request.arguments)?;
    let kept = items
        .into_iter()
        .filter(|item| paging.keeps(operation, item))
        .collect();
    let envelope = paging.render(request.schema(), &list_keys(request), &request.place, kept);
    Ok(request.reply(envelope))
}

/// The keys the operation's envelope holds its items under.
fn list_keys(request: &Request<'_>) -> Vec<String> {
    request
        .operation
        .list_keys
        .iter()
        .map(|(key, _)| key.clone())
        .collect()
}

/// A parameter's value as the field's type shows it.
fn coerce(field: &Field, value: &Value) -> Value {
    match (field.kind, value) {
        (Kind::String, Value::Bool(_) | Value::Number(_)) => value.to_string().into(),
        (Kind::Array, Value::String(_)) => Value::Array(vec![value.clone()]),
        (Kind::Boolean, Value::String(text)) => text.eq_ignore_ascii_case("true").into(),
        (Kind::Integer | Kind::Number, Value::String(text)) => text
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| text.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| value.clone()),
        _ => value.clone(),
    }
}
