//! Every declared endpoint checked against SignalWire's own OpenAPI, through
//! the facts table `emulator/spec/operations.json` (regenerate it with
//! `python3 spec/extract.py`): method, path, every parameter under the same
//! wire name and location, required-ness, enum values, and response types
//! that carry every field the spec requires.

use laml::conferences::*;
use laml::{Endpoint, Location, Page, PageItem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

const TABLE: &str = include_str!("../emulator/spec/operations.json");

/// How a response type is checked against the spec's response.
trait SpecResponse {
    fn check(response: &Value, table: &Value) -> Vec<String>;
}

impl SpecResponse for () {
    fn check(response: &Value, _: &Value) -> Vec<String> {
        match response["status"].as_u64() {
            Some(204) => Vec::new(),
            status => vec![format!(
                "declared without a response, but the spec answers {status:?} with a body"
            )],
        }
    }
}

impl<T: PageItem + Serialize> SpecResponse for Page<T> {
    fn check(response: &Value, table: &Value) -> Vec<String> {
        let Some(list) = response["list_items"]
            .as_array()
            .and_then(|lists| lists.iter().find(|l| l["key"] == T::LIST_KEY))
        else {
            return vec![format!("the spec's list has no `{}` array", T::LIST_KEY)];
        };
        let mut problems = covers::<T>(list, table);
        let mut page = sample(response, table);
        page[T::LIST_KEY] = json!([sample(list, table)]);
        match serde_json::from_value::<Page<T>>(page) {
            Ok(page) if page.items.len() == 1 => {}
            Ok(_) => problems.push("a sample page did not yield its item".into()),
            Err(error) => problems.push(format!("a sample page does not decode: {error}")),
        }
        problems
    }
}

macro_rules! plain_responses {
    ($($ty:ty),+) => {$(
        impl SpecResponse for $ty {
            fn check(response: &Value, table: &Value) -> Vec<String> {
                covers::<$ty>(response, table)
            }
        }
    )+};
}

plain_responses!(
    Conference,
    Participant,
    ConferenceRecording,
    ConferenceStream
);

/// A value of every field the spec lists, as the spec types it.
fn sample(schema: &Value, table: &Value) -> Value {
    let mut object = Map::new();
    for (name, field) in schema["fields"].as_object().into_iter().flatten() {
        object.insert(name.clone(), sample_value(field, table));
    }
    Value::Object(object)
}

fn sample_value(field: &Value, table: &Value) -> Value {
    if let Some(first) = field["enum"].as_array().and_then(|values| values.first()) {
        return first.clone();
    }
    match field["type"].as_str() {
        Some("integer") | Some("number") => json!(7),
        Some("boolean") => json!(true),
        Some("array") => json!([]),
        Some("object") => field["ref"]
            .as_str()
            .and_then(|name| table["schemas"].get(name))
            .map_or_else(|| json!({}), |schema| sample(schema, table)),
        Some("null") => Value::Null,
        _ => json!("Wed, 18 Aug 2021 19:21:34 +0000"),
    }
}

/// Decodes a sample with every field of the spec into `T`, encodes it back,
/// and names each required field that did not survive the trip.
fn covers<T: DeserializeOwned + Serialize>(schema: &Value, table: &Value) -> Vec<String> {
    let decoded: T = match serde_json::from_value(sample(schema, table)) {
        Ok(decoded) => decoded,
        Err(error) => return vec![format!("a sample response does not decode: {error}")],
    };
    let encoded = serde_json::to_value(decoded).unwrap();
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| encoded.get(*name).is_none())
        .map(|name| format!("the response type has no field `{name}`"))
        .collect()
}

struct Declared {
    name: &'static str,
    check: fn(&Value, &Value) -> Vec<String>,
    method: &'static str,
    path: String,
}

fn declared<E: Endpoint>(name: &'static str) -> Declared
where
    E::Response: SpecResponse,
{
    Declared {
        name,
        check: |operation, table| {
            let mut problems = check_request::<E>(operation);
            problems.extend(E::Response::check(&operation["response"], table));
            problems
        },
        method: E::METHOD.as_str(),
        path: E::PATH.replace('<', "{").replace('>', "}"),
    }
}

fn check_request<E: Endpoint>(operation: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let spec_params = operation["parameters"].as_array().unwrap();
    for spec in spec_params {
        let name = spec["name"].as_str().unwrap();
        let Some(ours) = E::PARAMS.iter().find(|p| p.name == name) else {
            problems.push(format!("missing parameter `{name}`"));
            continue;
        };
        let location = match spec["in"].as_str().unwrap() {
            "path" => Location::Path,
            "query" => Location::Query,
            "json" => Location::Json,
            _ => Location::Form,
        };
        if ours.location != location {
            problems.push(format!(
                "`{name}` goes in {:?}, the spec says {location:?}",
                ours.location
            ));
        }
        let spec_required = spec["required"].as_bool().unwrap_or(false);
        if ours.required != spec_required {
            problems.push(format!(
                "`{name}` is {}required here, {}required in the spec",
                if ours.required { "" } else { "not " },
                if spec_required { "" } else { "not " },
            ));
        }
        let mut spec_values: Vec<&str> = spec["enum"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut our_values = ours.values.to_vec();
        spec_values.sort_unstable();
        our_values.sort_unstable();
        if spec_values != our_values {
            problems.push(format!(
                "`{name}` allows {our_values:?}, the spec {spec_values:?}"
            ));
        }
        let repeated = spec["type"] == "array";
        if ours.repeated != repeated {
            problems.push(format!(
                "`{name}` is {}a list here",
                if ours.repeated { "" } else { "not " }
            ));
        }
    }
    for ours in E::PARAMS {
        if !spec_params.iter().any(|spec| spec["name"] == ours.name) {
            problems.push(format!("`{}` is not in the spec", ours.name));
        }
    }
    problems
}

fn catalogue() -> Vec<Declared> {
    vec![
        declared::<ListConferences>("ListConferences"),
        declared::<FetchConference>("FetchConference"),
        declared::<UpdateConference>("UpdateConference"),
        declared::<ListParticipants>("ListParticipants"),
        declared::<FetchParticipant>("FetchParticipant"),
        declared::<UpdateParticipant>("UpdateParticipant"),
        declared::<DeleteParticipant>("DeleteParticipant"),
        declared::<ListConferenceRecordings>("ListConferenceRecordings"),
        declared::<FetchConferenceRecording>("FetchConferenceRecording"),
        declared::<UpdateConferenceRecording>("UpdateConferenceRecording"),
        declared::<DeleteConferenceRecording>("DeleteConferenceRecording"),
        declared::<CreateConferenceStream>("CreateConferenceStream"),
        declared::<UpdateConferenceStream>("UpdateConferenceStream"),
    ]
}

#[test]
fn every_declared_endpoint_matches_the_spec() {
    let table: Value = serde_json::from_str(TABLE).unwrap();
    let operations = table["operations"].as_array().unwrap();
    let mut problems = Vec::new();
    let mut covered = Vec::new();
    for endpoint in catalogue() {
        let operation = operations
            .iter()
            .find(|op| op["method"] == endpoint.method && op["path"] == endpoint.path.as_str());
        match operation {
            Some(operation) => {
                covered.push(operation["operation_id"].as_str().unwrap());
                for problem in (endpoint.check)(operation, &table) {
                    problems.push(format!("{}: {problem}", endpoint.name));
                }
            }
            None => problems.push(format!(
                "{}: the spec has no {} {}",
                endpoint.name, endpoint.method, endpoint.path
            )),
        }
    }
    covered.sort_unstable();
    covered.dedup();
    println!(
        "{} of {} operations declared",
        covered.len(),
        table["operation_count"]
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(
        covered.len(),
        catalogue().len(),
        "two endpoints declare one operation"
    );
}

#[test]
fn the_checker_catches_a_wrong_declaration() {
    /// Update Conference with a wrong name, a missing parameter and a
    /// required field the spec leaves optional.
    #[laml::endpoint(POST, "/Accounts/<AccountSid>/Conferences/<Sid>", form, response = Conference)]
    struct WrongUpdateConference {
        sid: String,
        status: ConferenceUpdateStatus,
        announce_uri: Option<String>,
    }

    let table: Value = serde_json::from_str(TABLE).unwrap();
    let operation = table["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["operation_id"] == "update_conference")
        .unwrap();
    let problems = (declared::<WrongUpdateConference>("Wrong").check)(operation, &table);
    let text = problems.join("\n");
    assert!(text.contains("missing parameter `AnnounceUrl`"), "{text}");
    assert!(
        text.contains("missing parameter `AnnounceMethod`"),
        "{text}"
    );
    assert!(text.contains("`Status` is required here"), "{text}");
    assert!(text.contains("`AnnounceUri` is not in the spec"), "{text}");
}
