//! A stored resource as a response shows it: every field the spec lists,
//! from the entry, from its path, computed (`uri`, `subresource_uris`), or
//! else a default of the field's type.

use serde_json::{Map, Value};

use super::Place;
use crate::spec::{snake_case, Field, Kind, Schema, Segment, API, API_VERSION};
use crate::state::Entry;

/// `entry`, at `place`, with `schema`'s fields.
///
/// Every response renders one of these per resource, so what depends on
/// the place alone (its path, the fields its placeholders name) is worked
/// out once, not once per field.
pub(crate) fn resource(schema: &Schema, entry: &Entry, place: &Place) -> Value {
    let id_field = id_field(schema, place.template.last());
    let from_path = place.named_values();
    let mut path = None;
    let mut object = Map::new();
    for (name, field) in &schema.fields {
        let value = if *name == id_field {
            entry.id.clone().into()
        } else if let Some(value) = entry.fields.get(name) {
            value.clone()
        } else if name == "uri" {
            format!("{}.json", path.get_or_insert_with(|| place.path())).into()
        } else if let Some((_, value)) = from_path.iter().find(|(field, _)| field == name) {
            (*value).into()
        } else if name == "api_version" {
            API_VERSION.into()
        } else if let Some(uris) = subresource_uris(name, field, place, &mut path) {
            uris
        } else {
            default(field)
        };
        object.insert(name.clone(), value);
    }
    Value::Object(object)
}

/// The field that holds a resource's id: the one its placeholder names
/// (`{CallSid}` → `call_sid`), else `sid`, else `id` (tokens).
pub(crate) fn id_field(schema: &Schema, last: Option<&Segment>) -> String {
    if let Some(Segment::Placeholder(name)) = last {
        let named = snake_case(name);
        if schema.has(&named) {
            return named;
        }
    }
    if schema.has("sid") || !schema.has("id") {
        "sid".into()
    } else {
        "id".into()
    }
}

/// `subresource_uris` (or a fax's `links`): each the path of the operation
/// nested under this resource that the field names; a field with no such
/// operation is `null` when it may be, else the account-level path (a
/// recording's transcriptions).
fn subresource_uris(
    name: &str,
    field: &Field,
    place: &Place,
    path: &mut Option<String>,
) -> Option<Value> {
    if !matches!(name, "subresource_uris" | "links") {
        return None;
    }
    let schema = API.schema(field.reference.as_deref()?)?;
    let path = path.get_or_insert_with(|| place.path());
    let mut uris = Map::new();
    for (name, field) in &schema.fields {
        let nested = API.operations.iter().find_map(|operation| {
            let (last, parent) = operation.template.split_last()?;
            match last {
                Segment::Literal(literal)
                    if crate::spec::same_shape(parent, &place.template)
                        && snake_case(literal) == *name =>
                {
                    Some(literal.clone())
                }
                _ => None,
            }
        });
        let uri = match nested {
            _ if field.kind == Kind::Null => Value::Null,
            Some(literal) => format!("{path}/{literal}.json").into(),
            None if field.nullable => Value::Null,
            None => account_level(place, name).into(),
        };
        uris.insert(name.clone(), uri);
    }
    Some(Value::Object(uris))
}

/// `/Accounts/{AccountSid}/{Collection}/{Sid}/{Name}.json`, where the
/// collection is the resource's own.
fn account_level(place: &Place, name: &str) -> String {
    let segments = place.segments();
    let collection = segments.len().saturating_sub(2);
    let account = Place {
        template: vec![
            Segment::Literal("Accounts".into()),
            Segment::Placeholder("AccountSid".into()),
            Segment::Literal(segments.get(collection).cloned().unwrap_or_default()),
            Segment::Placeholder("Sid".into()),
        ],
        values: vec![
            segments.get(1).cloned().unwrap_or_default(),
            place.id().unwrap_or_default().to_owned(),
        ],
    };
    let pascal: String = name
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    format!("{}/{pascal}.json", account.path())
}

/// What a field shows when nothing set it.
fn default(field: &Field) -> Value {
    if field.nullable {
        return Value::Null;
    }
    match field.kind {
        Kind::Null => Value::Null,
        Kind::String => field
            .allowed
            .as_ref()
            .and_then(|allowed| allowed.first())
            .map_or_else(|| "".into(), |first| first.as_str().into()),
        Kind::Boolean => false.into(),
        Kind::Integer => 0.into(),
        Kind::Number => 0.0.into(),
        Kind::Array => Value::Array(Vec::new()),
        Kind::Object => match field.reference.as_deref().and_then(|name| API.schema(name)) {
            Some(schema) => Value::Object(
                schema
                    .fields
                    .iter()
                    .map(|(name, field)| (name.clone(), default(field)))
                    .collect(),
            ),
            None => Value::Object(Map::new()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(operation_id: &str, values: &[&str]) -> (Place, &'static Schema) {
        let operation = API.operation(operation_id).unwrap();
        let place = Place {
            template: operation.template.clone(),
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        };
        (place, operation.schema.as_ref().unwrap())
    }

    fn entry(id: &str) -> Entry {
        Entry {
            id: id.into(),
            fields: Map::new(),
        }
    }

    #[test]
    fn a_bare_entry_shows_every_field_of_its_type() {
        let (place, schema) = at("retrieve_a_call", &["acc", "call"]);
        let call = resource(schema, &entry("call"), &place);
        assert_eq!(call.as_object().unwrap().len(), schema.fields.len());
        assert_eq!(call["sid"], "call");
        assert_eq!(call["account_sid"], "acc");
        assert_eq!(call["status"], "queued");
        assert_eq!(call["duration"], 0);
        assert_eq!(call["price"], Value::Null);
        assert_eq!(call["api_version"], "2010-04-01");
        assert_eq!(
            call["uri"],
            "/api/laml/2010-04-01/Accounts/acc/Calls/call.json"
        );
        assert_eq!(
            call["subresource_uris"],
            json!({
                "notifications": null,
                "recordings": "/api/laml/2010-04-01/Accounts/acc/Calls/call/Recordings.json"
            })
        );
    }

    #[test]
    fn ids_and_parents_come_from_the_path() {
        let (place, schema) = at("retrieve_participant", &["acc", "conf", "call"]);
        let participant = resource(schema, &entry("call"), &place);
        assert_eq!(participant["call_sid"], "call");
        assert_eq!(participant["conference_sid"], "conf");
        assert_eq!(participant["call_sid_to_coach"], Value::Null);
        let (place, schema) = at("update_token", &["acc", "t"]);
        assert_eq!(resource(schema, &entry("t"), &place)["id"], "t");
    }

    #[test]
    fn a_subresource_without_an_operation_is_reached_from_the_account() {
        let (place, schema) = at("get_conference_recording", &["acc", "conf", "re"]);
        let recording = resource(schema, &entry("re"), &place);
        assert_eq!(
            recording["subresource_uris"]["transcriptions"],
            "/api/laml/2010-04-01/Accounts/acc/Recordings/re/Transcriptions.json"
        );
        let (place, schema) = at("get_account", &["acc"]);
        let account = resource(schema, &entry("acc"), &place);
        assert_eq!(
            account["subresource_uris"]["available_phone_numbers"],
            "/api/laml/2010-04-01/Accounts/acc/AvailablePhoneNumbers.json"
        );
        assert_eq!(account["subresource_uris"]["sip"], Value::Null);
    }
}
