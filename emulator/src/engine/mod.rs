//! The engine: every operation of the facts table routed, its parameters
//! checked, its default behaviour run over the store and its response
//! rendered, with no code of its own per operation.
//!
//! A resource's real behaviour (a conference ending, a recording pausing)
//! is a [`Hook`] that replaces the default for one operation; hooks live in
//! `behaviour/` and build on the pieces here ([`defaults`], [`Request`],
//! [`Place`]). The engine never names a hook: the caller hands it the
//! lookup, so the dependency runs one way.

pub(crate) mod defaults;
mod paging;
mod params;
pub(crate) mod parties;
mod render;
mod route;

use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::spec::{snake_case, Operation, Schema, Segment, API, API_PREFIX};
use crate::state::{segment, Entry, Key, Shared, Store};

pub(crate) use params::Arguments;
pub(crate) use render::{id_field, resource};

/// A resource's behaviour for one operation, in place of the default.
pub(crate) type Hook = fn(&Request<'_>, &mut Store) -> Result<Reply, ApiError>;

/// What an operation answers.
#[derive(Debug)]
pub(crate) enum Reply {
    Json(StatusCode, Value),
    NoContent,
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        match self {
            Reply::Json(status, body) => (status, axum::Json(body)).into_response(),
            Reply::NoContent => StatusCode::NO_CONTENT.into_response(),
        }
    }
}

/// A routed request whose parameters passed the spec's checks.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub(crate) operation: &'static Operation,
    /// The raw path, for 404 messages.
    pub(crate) path: &'a str,
    /// Where the path points: its template and placeholder values.
    pub(crate) place: Place,
    pub(crate) arguments: Arguments,
    /// The account the credentials authenticate.
    pub(crate) caller: String,
}

/// A concrete path: an operation's template and the decoded value of each
/// placeholder, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) template: Vec<Segment>,
    pub(crate) values: Vec<String>,
}

/// Routes, reads the parameters and runs the operation for `caller`, the
/// account the credentials authenticate: `hook` names the behaviour that
/// replaces an operation's default.
pub(crate) fn respond(
    shared: &Shared,
    parts: &Parts,
    caller: String,
    body: &[u8],
    hook: fn(&str) -> Option<Hook>,
) -> Result<Reply, ApiError> {
    let path = parts.uri.path();
    let (operation, place) = route::find(path, parts.method.as_str())?;
    let arguments = params::read(operation, parts, body)?;
    let request = Request {
        operation,
        path,
        place,
        arguments,
        caller,
    };
    let mut store = shared.store();
    // Another account's path is 404, as an unknown one is: the reply says
    // nothing about which accounts exist.
    if let Some(account) = request.account() {
        if !store.reaches(&request.caller, account) {
            return Err(request.not_found());
        }
    }
    match hook(&operation.id) {
        Some(hook) => hook(&request, &mut store),
        None => defaults::perform(&request, &mut store),
    }
}

/// The project's resource that `ids` (the path's values after the
/// account) name, rendered as operation `operation_id` answers it; what
/// [`crate::Emulator::conference`] and the control surface show.
pub(crate) fn show(shared: &Shared, operation_id: &str, ids: &[&str]) -> Option<Value> {
    let operation = API.operation(operation_id)?;
    let mut values = vec![shared.project_id.clone()];
    values.extend(ids.iter().map(|id| (*id).to_owned()));
    let place = Place {
        template: operation.template.clone(),
        values,
    };
    let store = shared.store();
    let entry = store.get(&place.collection(), place.id()?)?;
    Some(resource(operation.schema.as_ref()?, entry, &place))
}

/// `entry` as operation `operation_id` returns it, at the path whose
/// placeholders take `values` (the account's sid first): for a caller that
/// already holds the store.
pub(crate) fn render_as(operation_id: &str, values: Vec<String>, entry: &Entry) -> Option<Value> {
    let operation = API.operation(operation_id)?;
    let place = Place {
        template: operation.template.clone(),
        values,
    };
    Some(resource(operation.schema.as_ref()?, entry, &place))
}

impl Request<'_> {
    /// The account the path starts with (`/Accounts/{AccountSid}/…` or
    /// `/Accounts/{Sid}`), if it names one.
    pub(crate) fn account(&self) -> Option<&str> {
        match self.place.template.as_slice() {
            [Segment::Literal(accounts), Segment::Placeholder(_), ..] if accounts == "Accounts" => {
                self.place.values.first().map(String::as_str)
            }
            _ => None,
        }
    }

    pub(crate) fn not_found(&self) -> ApiError {
        ApiError::not_found(self.path)
    }

    /// The collection the path names, or the one its resource is in.
    pub(crate) fn collection(&self) -> Key {
        self.place.collection()
    }

    /// The id of the resource the path names, if it names one.
    pub(crate) fn id(&self) -> &str {
        self.place.id().unwrap_or_default()
    }

    /// 404 unless every resource the path goes through exists: the account,
    /// and a nested resource's parents.
    pub(crate) fn check_parents(&self, store: &Store) -> Result<(), ApiError> {
        let segments = self.place.segments();
        let last = if self.operation.names_one() {
            segments.len() - 1
        } else {
            segments.len()
        };
        for (at, template) in self.place.template.iter().enumerate().take(last) {
            if matches!(template, Segment::Placeholder(_))
                && store.get(&segments[..at], &segments[at]).is_none()
            {
                return Err(self.not_found());
            }
        }
        Ok(())
    }

    /// The entry the path names, after its parents; 404 when any is missing.
    pub(crate) fn target<'s>(&self, store: &'s mut Store) -> Result<&'s mut Entry, ApiError> {
        self.check_parents(store)?;
        let key = self.collection();
        store
            .get_mut(&key, self.id())
            .ok_or_else(|| self.not_found())
    }

    /// The schema of the operation's response (empty for a 204).
    pub(crate) fn schema(&self) -> &'static Schema {
        static EMPTY: Schema = Schema { fields: Vec::new() };
        self.operation.schema.as_ref().unwrap_or(&EMPTY)
    }

    /// The resource the path names, rendered as this operation answers.
    pub(crate) fn render(&self, entry: &Entry) -> Reply {
        self.reply(resource(self.schema(), entry, &self.place))
    }

    /// `body` with the operation's success status.
    pub(crate) fn reply(&self, body: Value) -> Reply {
        let status = StatusCode::from_u16(self.operation.status).unwrap_or(StatusCode::OK);
        Reply::Json(status, body)
    }
}

impl Place {
    /// The decoded segments, placeholders filled in.
    pub(crate) fn segments(&self) -> Vec<String> {
        let mut values = self.values.iter();
        self.template
            .iter()
            .map(|segment| match segment {
                Segment::Literal(literal) => literal.clone(),
                Segment::Placeholder(_) => values.next().cloned().unwrap_or_default(),
            })
            .collect()
    }

    /// The path's collection: all of it for a collection, all but the id
    /// for a resource.
    pub(crate) fn collection(&self) -> Key {
        let mut segments = self.segments();
        if matches!(self.template.last(), Some(Segment::Placeholder(_))) {
            segments.pop();
        }
        segments
    }

    pub(crate) fn id(&self) -> Option<&str> {
        match self.template.last() {
            Some(Segment::Placeholder(_)) => self.values.last().map(String::as_str),
            _ => None,
        }
    }

    /// `/api/laml/2010-04-01/Accounts/…` with every segment percent-encoded,
    /// without `.json`.
    pub(crate) fn path(&self) -> String {
        let mut path = String::from(API_PREFIX);
        for value in self.segments() {
            path.push('/');
            path.push_str(&segment(&value));
        }
        path
    }

    /// The same collection with `id` appended, as the operations on one of
    /// its resources spell it (`{Sid}`, `{CallSid}`…).
    pub(crate) fn item(&self, id: &str) -> Place {
        let mut template = self.template.clone();
        template.push(Segment::Placeholder(String::new()));
        let name = API
            .at(&template)
            .find_map(|operation| match operation.template.last() {
                Some(Segment::Placeholder(name)) => Some(name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "Sid".into());
        template.pop();
        template.push(Segment::Placeholder(name));
        let mut values = self.values.clone();
        values.push(id.to_owned());
        Place { template, values }
    }

    /// The value of the placeholder that names `field` (`{ConferenceSid}`
    /// for `conference_sid`).
    pub(crate) fn value_for(&self, field: &str) -> Option<&str> {
        self.named_values()
            .into_iter()
            .find_map(|(name, value)| (name == field).then_some(value))
    }

    /// Each placeholder's value with the field it names, in order.
    pub(crate) fn named_values(&self) -> Vec<(String, &str)> {
        let names = self.template.iter().filter_map(|segment| match segment {
            Segment::Placeholder(name) => Some(snake_case(name)),
            Segment::Literal(_) => None,
        });
        names.zip(self.values.iter().map(String::as_str)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(operation_id: &str, values: &[&str]) -> Place {
        Place {
            template: API.operation(operation_id).unwrap().template.clone(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    #[test]
    fn a_place_knows_its_collection_id_and_path() {
        let participant = place("retrieve_participant", &["acc", "c/1", "p"]);
        assert_eq!(
            participant.collection(),
            ["Accounts", "acc", "Conferences", "c/1", "Participants"]
        );
        assert_eq!(participant.id(), Some("p"));
        assert_eq!(
            participant.path(),
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c%2F1/Participants/p"
        );
        assert_eq!(participant.value_for("conference_sid"), Some("c/1"));
        assert_eq!(participant.value_for("account_sid"), Some("acc"));
    }

    #[test]
    fn items_are_spelled_as_their_operations_spell_them() {
        let participants = place("list_all_participants", &["acc", "c"]);
        let item = participants.item("p");
        assert_eq!(
            item.template.last(),
            Some(&Segment::Placeholder("CallSid".into()))
        );
        assert_eq!(item.value_for("call_sid"), Some("p"));
    }
}
