//! Every declared endpoint checked against SignalWire's own OpenAPI, through
//! the facts table `emulator/spec/operations.json` (regenerate it with
//! `python3 spec/extract.py`): the operation its `op` names, method, path,
//! every parameter under the same wire name and location, required-ness,
//! enum values, and response types that carry every field the spec
//! requires. Every `#[endpoint]` in `src/` must be in `catalogue()`.

use std::path::Path;

use laml::accounts::*;
use laml::applications::*;
use laml::calls::*;
use laml::conferences::*;
use laml::faxes::*;
use laml::laml_bins::*;
use laml::messages::*;
use laml::phone_numbers::*;
use laml::queues::*;
use laml::recordings::*;
use laml::tokens::*;
use laml::transcriptions::*;
use laml::{Endpoint, Location, Page, PageItem};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

const TABLE: &str = include_str!("../emulator/spec/operations.json");

/// Parameters the spec types as one string that SignalWire's SDKs send as
/// repeated keys, as the API accepts them.
const SENT_AS_LISTS: &[&str] = &["RecordingStatusCallbackEvent"];

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
    ConferenceStream,
    Message,
    MessageMedia,
    Fax,
    FaxMedia,
    AvailableCountry,
    IncomingPhoneNumber,
    Application,
    LamlBin,
    Account,
    ApiToken,
    Call,
    Recording,
    CallStream,
    Queue,
    QueueMember,
    Transcription
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
    /// The module the request is in: `phone_numbers`.
    family: &'static str,
    op: Option<&'static str>,
    check: fn(&Value, &Value) -> Vec<String>,
    method: &'static str,
    path: String,
    idempotent: bool,
}

fn declared<E: Endpoint>() -> Declared
where
    E::Response: SpecResponse,
{
    let name = std::any::type_name::<E>();
    Declared {
        name: name.rsplit("::").next().unwrap_or(name),
        family: name.split("::").nth(1).unwrap_or(name),
        op: E::OPERATION,
        check: |operation, table| {
            let mut problems = check_request::<E>(operation);
            problems.extend(E::Response::check(&operation["response"], table));
            problems
        },
        method: E::METHOD.as_str(),
        path: E::PATH.replace('<', "{").replace('>', "}"),
        idempotent: E::IDEMPOTENT,
    }
}

fn check_request<E: Endpoint>(operation: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let spec_params = operation["parameters"].as_array().unwrap();
    // The table writes every body parameter `form`; the body's content type
    // says which encoding the operation takes.
    let json_body = operation["body_content_types"] == json!(["application/json"]);
    for spec in spec_params {
        let name = spec["name"].as_str().unwrap();
        let location = match spec["in"].as_str().unwrap() {
            "path" => Location::Path,
            "query" => Location::Query,
            "json" => Location::Json,
            _ if json_body => Location::Json,
            _ => Location::Form,
        };
        // A name can be both in the path and in the body (`AccountSid` of
        // Update an Incoming Phone Number): the one in the same place wins.
        let named = || E::PARAMS.iter().filter(|p| p.name == name);
        let Some(ours) = named()
            .find(|p| p.location == location)
            .or_else(|| named().next())
        else {
            problems.push(format!("missing parameter `{name}`"));
            continue;
        };
        if ours.location != location {
            problems.push(format!(
                "`{name}` goes in {:?}, the spec says {location:?}",
                ours.location
            ));
        }
        let spec_required = spec["required"].as_bool().unwrap_or(false);
        // A `Vec` is never required by the macro (an empty one is left out);
        // a list the spec requires is the server's to insist on.
        let required_list = spec_required && ours.repeated && !ours.required;
        if ours.required != spec_required && !required_list {
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
        // A parameter typed as a free string whose description lists its
        // values ("Valid values: ..."), as laml's enum for it must.
        spec_values.extend(
            spec["described_values"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        );
        let mut our_values = ours.values.to_vec();
        spec_values.sort_unstable();
        our_values.sort_unstable();
        if spec_values != our_values {
            problems.push(format!(
                "`{name}` allows {our_values:?}, the spec {spec_values:?}"
            ));
        }
        let repeated = spec["type"] == "array" || SENT_AS_LISTS.contains(&name);
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

/// Every endpoint of the catalogue; `every_endpoint_in_src_is_in_the_catalogue`
/// fails when one in `src/` is missing here.
fn catalogue() -> Vec<Declared> {
    vec![
        declared::<ListConferences>(),
        declared::<FetchConference>(),
        declared::<UpdateConference>(),
        declared::<ListParticipants>(),
        declared::<FetchParticipant>(),
        declared::<UpdateParticipant>(),
        declared::<DeleteParticipant>(),
        declared::<ListConferenceRecordings>(),
        declared::<FetchConferenceRecording>(),
        declared::<UpdateConferenceRecording>(),
        declared::<DeleteConferenceRecording>(),
        declared::<CreateConferenceStream>(),
        declared::<UpdateConferenceStream>(),
        declared::<ListMessages>(),
        declared::<CreateMessage>(),
        declared::<FetchMessage>(),
        declared::<UpdateMessage>(),
        declared::<DeleteMessage>(),
        declared::<ListMessageMedia>(),
        declared::<FetchMessageMedia>(),
        declared::<DeleteMessageMedia>(),
        declared::<ListFaxes>(),
        declared::<SendFax>(),
        declared::<FetchFax>(),
        declared::<UpdateFax>(),
        declared::<DeleteFax>(),
        declared::<ListFaxMedia>(),
        declared::<FetchFaxMedia>(),
        declared::<DeleteFaxMedia>(),
        declared::<ListAvailableCountries>(),
        declared::<FetchAvailableCountry>(),
        declared::<SearchLocalNumbers>(),
        declared::<SearchTollFreeNumbers>(),
        declared::<ListPhoneNumbers>(),
        declared::<BuyPhoneNumber>(),
        declared::<FetchPhoneNumber>(),
        declared::<UpdatePhoneNumber>(),
        declared::<ReleasePhoneNumber>(),
        declared::<ImportPhoneNumber>(),
        declared::<ListApplications>(),
        declared::<CreateApplication>(),
        declared::<FetchApplication>(),
        declared::<UpdateApplication>(),
        declared::<DeleteApplication>(),
        declared::<ListLamlBins>(),
        declared::<CreateLamlBin>(),
        declared::<FetchLamlBin>(),
        declared::<UpdateLamlBin>(),
        declared::<DeleteLamlBin>(),
        declared::<ListAccounts>(),
        declared::<CreateSubproject>(),
        declared::<FetchAccount>(),
        declared::<UpdateAccount>(),
        declared::<CreateToken>(),
        declared::<UpdateToken>(),
        declared::<DeleteToken>(),
        declared::<ListCalls>(),
        declared::<CreateCall>(),
        declared::<FetchCall>(),
        declared::<UpdateCall>(),
        declared::<DeleteCall>(),
        declared::<CreateCallRecording>(),
        declared::<UpdateCallRecording>(),
        declared::<CreateCallStream>(),
        declared::<UpdateCallStream>(),
        declared::<ListQueues>(),
        declared::<CreateQueue>(),
        declared::<FetchQueue>(),
        declared::<UpdateQueue>(),
        declared::<DeleteQueue>(),
        declared::<ListQueueMembers>(),
        declared::<FetchQueueMember>(),
        declared::<UpdateQueueMember>(),
        declared::<ListRecordings>(),
        declared::<FetchRecording>(),
        declared::<DeleteRecording>(),
        declared::<ListTranscriptions>(),
        declared::<FetchTranscription>(),
        declared::<DeleteTranscription>(),
    ]
}

/// The operation `endpoint.op` names, and what differs between the two.
fn check(endpoint: &Declared, table: &Value) -> (Option<String>, Vec<String>) {
    let Some(op) = endpoint.op else {
        return (None, vec!["declares no `op = \"operation_id\"`".into()]);
    };
    let operations = table["operations"].as_array().unwrap();
    let Some(operation) = operations.iter().find(|o| o["operation_id"] == op) else {
        return (None, vec![format!("the spec has no operation `{op}`")]);
    };
    let mut problems = Vec::new();
    if operation["method"] != endpoint.method || operation["path"] != endpoint.path.as_str() {
        problems.push(format!(
            "`{op}` is {} {} in the spec, declared {} {}",
            operation["method"].as_str().unwrap_or("?"),
            operation["path"].as_str().unwrap_or("?"),
            endpoint.method,
            endpoint.path
        ));
    }
    problems.extend((endpoint.check)(operation, table));
    (Some(op.to_owned()), problems)
}

#[test]
fn every_declared_endpoint_matches_the_spec() {
    let table: Value = serde_json::from_str(TABLE).unwrap();
    let mut problems = Vec::new();
    let mut covered = Vec::new();
    for endpoint in catalogue() {
        let (op, found) = check(&endpoint, &table);
        covered.extend(op);
        problems.extend(found.into_iter().map(|p| format!("{}: {p}", endpoint.name)));
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

/// Operations that act again when sent again, though their id does not
/// start with `create_`: sending a fax, and dequeuing a queue's `Front`
/// member (the next caller each time).
const NOT_IDEMPOTENT: &[&str] = &["send_fax", "update_queue_member"];

/// A create retried after a 503 that came after the platform acted places
/// the call or sends the message twice; `RetryPolicy` retries it only where
/// the API cannot have acted, by `Endpoint::IDEMPOTENT`.
#[test]
fn creates_and_only_they_are_not_idempotent() {
    let mut wrong = Vec::new();
    let mut creates = Vec::new();
    for endpoint in catalogue() {
        let op = endpoint.op.unwrap_or_default();
        let create = op.starts_with("create_") || NOT_IDEMPOTENT.contains(&op);
        if create {
            creates.push(op);
        }
        if endpoint.idempotent == create {
            wrong.push(format!(
                "{} ({op}, {} {}) is {}idempotent",
                endpoint.name,
                endpoint.method,
                endpoint.path,
                if endpoint.idempotent { "" } else { "not " }
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!("not idempotent: {}", creates.join(", "));
    assert!(creates.len() > NOT_IDEMPOTENT.len(), "{creates:?}");
}

#[test]
fn the_checker_catches_a_wrong_declaration() {
    /// Update Conference with a wrong name, a missing parameter and a
    /// required field the spec leaves optional.
    #[laml::endpoint(
        POST,
        "/Accounts/<AccountSid>/Conferences/<Sid>",
        form,
        response = Conference,
        op = "update_conference"
    )]
    struct WrongUpdateConference {
        sid: String,
        status: ConferenceUpdateStatus,
        announce_uri: Option<String>,
    }

    /// Fetch Conference, tied to the operation that updates one.
    #[laml::endpoint(
        GET,
        "/Accounts/<AccountSid>/Conferences/<Sid>",
        response = Conference,
        op = "update_conference"
    )]
    struct MistakenFetchConference {
        sid: String,
    }

    let table: Value = serde_json::from_str(TABLE).unwrap();
    let (_, problems) = check(&declared::<WrongUpdateConference>(), &table);
    let text = problems.join("\n");
    assert!(text.contains("missing parameter `AnnounceUrl`"), "{text}");
    assert!(
        text.contains("missing parameter `AnnounceMethod`"),
        "{text}"
    );
    assert!(text.contains("`Status` is required here"), "{text}");
    assert!(text.contains("`AnnounceUri` is not in the spec"), "{text}");

    let (_, problems) = check(&declared::<MistakenFetchConference>(), &table);
    assert!(
        problems[0].contains("`update_conference` is POST") && problems[0].contains("declared GET"),
        "{problems:?}"
    );
}

/// Each `#[endpoint(...)]` in `source`, outside comments and docs, as the
/// name of the struct it declares and its `op`, if it has one.
fn endpoints_in(source: &str) -> Vec<(String, Option<String>)> {
    let code: String = source
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| [line, "\n"])
        .collect();
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(start) = rest.find("#[endpoint(") {
        rest = &rest[start..];
        let args: String = rest[..rest.find(")]").unwrap_or(rest.len())]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let op = [",op=\"", "(op=\""]
            .iter()
            .find_map(|key| args.split_once(key))
            .and_then(|(_, after)| after.split_once('"').map(|(op, _)| op.to_owned()));
        let name = rest
            .split_once("struct ")
            .and_then(|(_, after)| {
                after
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
            })
            .unwrap_or("?")
            .to_owned();
        found.push((name, op));
        rest = &rest["#[endpoint(".len()..];
    }
    found
}

/// What is wrong with the endpoints of `sources` against the catalogue's
/// operations.
fn missing_from_catalogue(sources: &[(String, String)], catalogue: &[Declared]) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, source) in sources {
        for (name, op) in endpoints_in(source) {
            match op {
                None => problems.push(format!(
                    "{file}: `{name}` has no `op = \"operation_id\"`: name its operation from \
                     emulator/spec/operations.json"
                )),
                Some(op) if !catalogue.iter().any(|d| d.op == Some(op.as_str())) => {
                    problems.push(format!(
                        "{file}: `{name}` (op = \"{op}\") is not checked: add \
                         `declared::<{name}>(),` to catalogue() in tests/conformance.rs"
                    ))
                }
                Some(_) => {}
            }
        }
    }
    problems
}

fn rust_files(dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(&path);
            files.push((name.display().to_string(), text));
        }
    }
}

#[test]
fn every_endpoint_in_src_is_in_the_catalogue() {
    let mut sources = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let declared: usize = sources.iter().map(|(_, s)| endpoints_in(s).len()).sum();
    assert!(declared >= catalogue().len(), "the scan found {declared}");
    let problems = missing_from_catalogue(&sources, &catalogue());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scan_catches_a_forgotten_endpoint() {
    let source = r#"
        /// Fetches one call.
        #[endpoint(GET, "/Accounts/<AccountSid>/Calls/<Sid>", response = Call, op = "retrieve_call")]
        pub struct FetchCall { pub sid: CallSid }

        #[endpoint(
            DELETE,
            "/Accounts/<AccountSid>/Calls/<Sid>"
        )]
        pub struct DeleteCall { pub sid: CallSid }

        #[endpoint(GET, "/Accounts/<AccountSid>/Conferences/<Sid>", op="retrieve_conference")]
        pub struct FetchConference { pub sid: ConferenceSid }
    "#;
    let problems = missing_from_catalogue(&[("calls.rs".into(), source.into())], &catalogue());
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("`FetchCall` (op = \"retrieve_call\") is not checked"));
    assert!(problems[0].contains("declared::<FetchCall>()"));
    assert!(problems[1].contains("`DeleteCall` has no `op"));
}

/// The table of every operation, as the crate docs (`link`: intra-doc
/// links) and the README carry it.
fn operation_table(catalogue: &[Declared], link: bool) -> Vec<String> {
    let mut rows = vec![
        "| family | operation | request |".to_owned(),
        "| --- | --- | --- |".to_owned(),
    ];
    for endpoint in catalogue {
        let op = endpoint.op.unwrap_or("?");
        let (family, name) = (endpoint.family, endpoint.name);
        let request = if link {
            format!("[`{name}`]({family}::{name})")
        } else {
            format!("`{family}::{name}`")
        };
        rows.push(format!("| {family} | `{op}` | {request} |"));
    }
    rows
}

/// The table that starts at the header line of `text`, each line with
/// `prefix` taken off.
fn table_in(text: &str, prefix: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.strip_prefix(prefix).unwrap_or(line).trim_end())
        .skip_while(|line| *line != "| family | operation | request |")
        .take_while(|line| line.starts_with('|'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_docs_list_every_operation_of_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, prefix, link) in [("src/lib.rs", "//! ", true), ("README.md", "", false)] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let expected = operation_table(&catalogue(), link);
        assert!(
            table_in(&text, prefix) == expected,
            "{file}'s table of operations is not the catalogue's; replace it with:\n{}",
            expected
                .iter()
                .map(|row| format!("{prefix}{row}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
