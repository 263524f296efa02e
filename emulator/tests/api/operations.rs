//! Every operation of the facts table, through real HTTP: each answers as
//! its kind does (create, fetch, update, delete, list), with every field
//! its schema lists, 404 for unknown sids, 405 for a method its path lacks,
//! 400 without a required parameter.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::{send, sorted_keys, Api, Reply};

const TABLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/operations.json"));
const UNKNOWN: &str = "b3877c40-da60-4998-90ad-b792e98472cf";
/// How long after it is placed a call is answered, on the emulator's clock.
const ANSWERED: std::time::Duration = std::time::Duration::from_secs(5);

fn table() -> Value {
    serde_json::from_str(TABLE).expect("the facts table is JSON")
}

fn operations(table: &Value) -> &[Value] {
    table["operations"].as_array().expect("operations")
}

/// `/Accounts/{AccountSid}/Calls/{Sid}` → `["Accounts", "{AccountSid}", …]`.
fn template(operation: &Value) -> Vec<&str> {
    operation["path"]
        .as_str()
        .unwrap()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

fn is_placeholder(segment: &str) -> bool {
    segment.starts_with('{')
}

fn names_one(operation: &Value) -> bool {
    template(operation)
        .last()
        .is_some_and(|s| is_placeholder(s))
}

/// The operation with `method` whose template has this shape.
fn find<'t>(table: &'t Value, shape: &[&str], method: &str) -> Option<&'t Value> {
    operations(table).iter().find(|operation| {
        let other = template(operation);
        operation["method"] == method
            && other.len() == shape.len()
            && other
                .iter()
                .zip(shape)
                .all(|(a, b)| a == b || (is_placeholder(a) && is_placeholder(b)))
    })
}

/// Values the spec accepts for `parameter`, in any case the SDKs write
/// booleans.
fn sample(operation: &Value, parameter: &Value) -> Vec<String> {
    let one = |kind: &Value, allowed: &Value| -> String {
        if let Some(first) = allowed.as_array().and_then(|a| a.first()) {
            return first.as_str().unwrap().to_owned();
        }
        match kind.as_str() {
            Some("boolean") => "True".into(),
            Some("integer") => "1".into(),
            Some("number") => "1.5".into(),
            _ if parameter["format"] == "uri" => {
                if operation["path"].as_str().unwrap().ends_with("/Streams") {
                    "wss://example.com/stream".into()
                } else {
                    "https://example.com/hook".into()
                }
            }
            // A number on sale, a new one each time: buying takes it.
            _ if operation["operation_id"] == "create_incoming_phone_number" => {
                static BOUGHT: AtomicUsize = AtomicUsize::new(0);
                let n = BOUGHT.fetch_add(1, Ordering::Relaxed);
                let area = ["415", "212", "512", "206"][n / 10 % 4];
                format!("+1{area}555010{}", n % 10)
            }
            _ => "+15551230000".into(),
        }
    };
    if parameter["type"] == "array" {
        let item = one(&parameter["item_type"], &parameter["enum"]);
        vec![item.clone(), item]
    } else {
        vec![one(&parameter["type"], &parameter["enum"])]
    }
}

/// What a resource's behaviour asks beyond the spec's required parameters,
/// or in place of their samples: a message needs a sender and a body, and
/// only an empty body redacts one.
fn behaviour_parameters(operation: &Value) -> &'static [(&'static str, &'static str)] {
    match operation["operation_id"].as_str() {
        Some("create_message") => &[("From", "+15551230001"), ("Body", "Hello")],
        Some("update_message") => &[("Body", "")],
        _ => &[],
    }
}

/// Whether the resource must move on its course before the operation acts
/// on it: a message is redacted or deleted once it has left the queue.
fn needs_to_move_on(operation: &Value) -> bool {
    matches!(
        operation["operation_id"].as_str(),
        Some("update_message" | "delete_message")
    )
}

fn required(operation: &Value) -> Vec<&Value> {
    operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] != "path" && p["required"] == true)
        .collect()
}

/// The table's walk: an emulator, and the sids it created along the way,
/// by collection path.
struct Walk {
    api: Api,
    table: Value,
    created: HashMap<String, String>,
}

impl Walk {
    async fn start() -> Walk {
        let api = Api::start().await;
        api.emulator.set_pace(laml_emulator::Pace::Paused);
        Walk {
            api,
            table: table(),
            created: HashMap::new(),
        }
    }

    /// The concrete path of `operation`, parents filled in (created, or
    /// seeded when the API cannot create them); `target` for its last
    /// placeholder.
    async fn path(&mut self, operation: &Value, target: &str) -> String {
        let segments = template(operation);
        let mut path = String::from(crate::PREFIX);
        for (at, segment) in segments.iter().enumerate() {
            let value = if !is_placeholder(segment) {
                (*segment).to_owned()
            } else if at + 1 == segments.len() {
                target.to_owned()
            } else {
                Box::pin(self.parent(&segments[..at])).await
            };
            path.push('/');
            path.push_str(&value);
        }
        path
    }

    /// A resource of the collection at `collection` (a template prefix).
    async fn parent(&mut self, collection: &[&str]) -> String {
        let key = collection.join("/");
        if let Some(sid) = self.created.get(&key) {
            return sid.clone();
        }
        let sid = match collection.last().copied() {
            Some("Accounts") => self.api.emulator.project_id().to_owned(),
            Some("AvailablePhoneNumbers") => "US".to_owned(),
            Some("Conferences") => self.api.seed("Walk", "in-progress"),
            _ => {
                let create = find(&self.table, collection, "POST")
                    .unwrap_or_else(|| panic!("nothing creates a resource of {key}"))
                    .clone();
                let created = self.create(&create).await;
                created.assert_ok_or_created();
                if collection.last() == Some(&"Calls") {
                    // Answered, so that it can be recorded and streamed.
                    self.api.emulator.advance(ANSWERED);
                }
                id_of(&created.body)
            }
        };
        self.created.insert(key, sid.clone());
        sid
    }

    async fn send(&self, operation: &Value, path: &str, leave_out: Option<&str>) -> Reply {
        let method = Method::from_bytes(operation["method"].as_str().unwrap().as_bytes()).unwrap();
        let behaviour = behaviour_parameters(operation);
        let mut parameters: Vec<(String, String)> = required(operation)
            .into_iter()
            .filter(|p| Some(p["name"].as_str().unwrap()) != leave_out)
            .filter(|p| !behaviour.iter().any(|(name, _)| p["name"] == *name))
            .flat_map(|p| {
                let name = p["name"].as_str().unwrap().to_owned();
                sample(operation, p)
                    .into_iter()
                    .map(move |value| (name.clone(), value))
            })
            .collect();
        parameters.extend(
            behaviour
                .iter()
                .filter(|(name, _)| Some(*name) != leave_out)
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
        );
        let request = self.api.request(method.clone(), path);
        let json_body = operation["body_content_types"]
            .as_array()
            .is_some_and(|types| types.iter().any(|t| t == "application/json"));
        let request = if matches!(method, Method::GET | Method::DELETE) {
            request.query(&parameters)
        } else if json_body {
            let mut object = Map::new();
            for (name, value) in parameters {
                object.insert(name, value.into());
            }
            request
                .header("content-type", "application/json")
                .body(Value::Object(object).to_string())
        } else {
            let form = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(parameters)
                .finish();
            request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
        };
        send(request).await
    }

    async fn create(&mut self, operation: &Value) -> Reply {
        let path = self.path(operation, "").await;
        self.send(operation, &path, None).await
    }
}

fn id_of(resource: &Value) -> String {
    ["sid", "id", "call_sid"]
        .iter()
        .find_map(|field| resource[field].as_str())
        .unwrap_or_else(|| panic!("no id in {resource}"))
        .to_owned()
}

fn fields(schema: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = schema["fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    names
}

impl Reply {
    #[track_caller]
    fn assert_ok_or_created(&self) {
        assert!(
            matches!(self.status, 200 | 201),
            "{}: {}",
            self.status,
            self.text
        );
    }
}

#[tokio::test]
async fn every_operation_answers_as_its_kind() {
    let mut walk = Walk::start().await;
    let table = walk.table.clone();
    let all = operations(&table);
    assert_eq!(all.len(), 79);
    for operation in all {
        let id = operation["operation_id"].as_str().unwrap();
        let method = operation["method"].as_str().unwrap();
        let response = &operation["response"];
        let status = response["status"].as_u64().unwrap();
        let shape = template(operation);
        let collection = if names_one(operation) {
            &shape[..shape.len() - 1]
        } else {
            &shape[..]
        };
        let creatable = find(&table, collection, "POST").filter(|c| !names_one(c));

        // A resource to act on, or to list: a fresh one where the API
        // creates them.
        let target = match creatable {
            Some(create) if names_one(operation) || method == "GET" => {
                let created = walk.create(&create.clone()).await;
                created.assert_ok_or_created();
                if needs_to_move_on(operation) {
                    walk.api
                        .emulator
                        .advance(std::time::Duration::from_secs(60));
                }
                if id == "delete_a_call" {
                    // Only a call that has ended can be deleted.
                    walk.api.emulator.advance(ANSWERED);
                    let uri = created.body["uri"].as_str().unwrap();
                    walk.api.post(uri, "Status=completed").await.assert_ok();
                }
                Some(id_of(&created.body)).filter(|_| names_one(operation))
            }
            _ => None,
        };
        let virtual_country = id == "list_available_phone_number_resources_by_country";
        // A country is no stored resource: one of the inventory's.
        let last = if virtual_country { "US" } else { UNKNOWN };
        let path = walk
            .path(operation, target.as_deref().unwrap_or(last))
            .await;
        let reply = walk.send(operation, &path, None).await;

        if method == "DELETE" {
            if target.is_some() {
                assert_eq!(reply.status, 204, "{id}: {}", reply.text);
                assert_eq!(reply.text, "", "{id}");
            }
            walk.send(operation, &path, None)
                .await
                .assert_error(404, 20404);
        } else if names_one(operation)
            && target.is_none()
            && !virtual_country
            && id != "get_account"
            && id != "update_account"
        {
            reply.assert_error(404, 20404);
        } else {
            assert_eq!(u64::from(reply.status), status, "{id}: {}", reply.text);
            let object = reply
                .body
                .as_object()
                .unwrap_or_else(|| panic!("{id}: {}", reply.text));
            if let Some(lists) = response["list_items"].as_array() {
                for list in lists {
                    let key = list["key"].as_str().unwrap();
                    let items = object[key]
                        .as_array()
                        .unwrap_or_else(|| panic!("{id}: {key}"));
                    for item in items {
                        assert_eq!(sorted_keys(item), fields(list), "{id}");
                    }
                    if creatable.is_some() {
                        assert!(
                            !items.is_empty(),
                            "{id} lists what was created: {}",
                            reply.text
                        );
                    }
                }
                for field in fields(response) {
                    assert!(object.contains_key(field), "{id} lacks {field}");
                }
                assert!(
                    reply.body["uri"]
                        .as_str()
                        .unwrap()
                        .starts_with("/api/laml/2010-04-01/Accounts"),
                    "{id}"
                );
            } else {
                assert_eq!(
                    sorted_keys(&reply.body),
                    fields(response),
                    "{id}: {}",
                    reply.text
                );
                let mut item = collection.to_vec();
                item.push("{Sid}");
                let fetchable = find(&table, &item, "GET").is_some();
                if let Some(uri) = reply.body["uri"].as_str().filter(|_| fetchable) {
                    // The `uri` leads back to the resource.
                    let again = walk.api.get(uri).await;
                    assert_eq!(again.status, 200, "{id}: {uri}: {}", again.text);
                }
                if method == "GET" && !virtual_country {
                    let fetched = id_of(&reply.body);
                    assert_eq!(
                        Some(fetched.as_str()),
                        target.as_deref().or(Some(walk.api.emulator.project_id())),
                        "{id}"
                    );
                }
            }
        }

        // A method the path does not have.
        let put = send(walk.api.request(Method::PUT, &path)).await;
        put.assert_error(405, 20004);
        let allow = put.headers["allow"].to_str().unwrap();
        assert!(allow.split(", ").any(|m| m == method), "{id}: {allow}");

        // Each required parameter, left out.
        for parameter in required(operation) {
            let name = parameter["name"].as_str().unwrap();
            let reply = walk.send(operation, &path, Some(name)).await;
            // The parties of calls, messages and faxes have the API's own
            // codes: 'To' and caller required.
            let code = match (id, name) {
                ("create_a_call" | "send_fax", "To") => 21201,
                ("create_a_call" | "send_fax", "From") => 21213,
                ("create_message", "To") => 21604,
                _ => 21101,
            };
            reply.assert_error(400, code);
            assert!(
                reply.body["message"].as_str().unwrap().contains(name),
                "{id}"
            );
        }
    }
}

#[tokio::test]
async fn a_created_resource_is_fetched_updated_listed_and_deleted() {
    let api = Api::start().await;
    let created = api
        .post(
            &api.account("/Queues.json"),
            "FriendlyName=Support&MaxSize=10",
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let sid = created.body["sid"].as_str().unwrap().to_owned();
    assert_eq!(created.body["friendly_name"], "Support");
    assert_eq!(created.body["max_size"], 10);
    let path = api.account(&format!("/Queues/{sid}.json"));
    assert_eq!(created.body["uri"], path);
    assert_eq!(api.get(&path).await.assert_ok(), &created.body);

    let updated = api.post(&path, "FriendlyName=Sales").await;
    assert_eq!(updated.assert_ok()["friendly_name"], "Sales");
    assert_eq!(updated.body["max_size"], 10);
    let listed = api.get(&api.account("/Queues.json?PageSize=1")).await;
    assert_eq!(listed.assert_ok()["queues"][0]["friendly_name"], "Sales");

    assert_eq!(api.delete(&path).await.status, 204);
    api.get(&path).await.assert_error(404, 20404);
    api.post(&path, "FriendlyName=x")
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn nested_resources_need_their_parent_and_leave_with_it() {
    let api = Api::start().await;
    api.emulator.set_pace(laml_emulator::Pace::Paused);
    api.post(
        &api.account(&format!("/Calls/{UNKNOWN}/Recordings.json")),
        "",
    )
    .await
    .assert_error(404, 20404);
    let call = api
        .post(
            &api.account("/Calls.json"),
            "To=%2B15551230000&From=%2B15551230001",
        )
        .await;
    let call_sid = call.assert_ok()["sid"].as_str().unwrap().to_owned();
    assert_eq!(call.body["to"], "+15551230000");
    assert_eq!(call.body["status"], "queued");
    api.emulator.advance(ANSWERED);
    let recordings = api.account(&format!("/Calls/{call_sid}/Recordings.json"));
    let recording = api.post(&recordings, "RecordingChannels=dual").await;
    assert_eq!(recording.assert_ok()["call_sid"], call_sid.as_str());
    let recording_sid = recording.body["sid"].as_str().unwrap().to_owned();
    let recording_path = api.account(&format!(
        "/Calls/{call_sid}/Recordings/{recording_sid}.json"
    ));
    let paused = api.post(&recording_path, "Status=paused").await;
    assert_eq!(paused.assert_ok()["status"], "paused");

    let call_path = api.account(&format!("/Calls/{call_sid}.json"));
    api.post(&call_path, "Status=completed").await.assert_ok();
    assert_eq!(api.delete(&call_path).await.status, 204);
    api.post(&recording_path, "Status=stopped")
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn booleans_are_read_in_any_case() {
    let api = Api::start().await;
    let conference = api.seed("Room", "in-progress");
    let call_sid = api
        .emulator
        .seed_participant(&conference, laml_emulator::ParticipantSeed::default());
    let path = api.account(&format!(
        "/Conferences/{conference}/Participants/{call_sid}.json"
    ));
    for (form, muted, hold) in [
        ("Muted=True&Hold=False", true, false),
        ("Muted=false&Hold=TRUE", false, true),
        ("Muted=true&Hold=false", true, false),
        ("Muted=FALSE&Hold=tRuE", false, true),
    ] {
        let reply = api.post(&path, form).await;
        assert_eq!(reply.assert_ok()["muted"], muted, "{form}");
        assert_eq!(reply.body["hold"], hold, "{form}");
    }
    let call = api
        .post(
            &api.account("/Calls.json"),
            "To=%2B15551230000&From=%2B15551230001&Record=False&AsyncAmd=True",
        )
        .await;
    call.assert_ok();
    for bad in ["Muted=yes", "Muted=1", "Muted=", "Muted=Truth"] {
        api.post(&path, bad).await.assert_error(400, 21105);
    }
}

#[tokio::test]
async fn a_missing_required_parameter_is_named() {
    let api = Api::start().await;
    let reply = api
        .post(&api.account("/Calls.json"), "To=%2B15551230000")
        .await;
    reply.assert_error(400, 21213);
    assert_eq!(
        reply.body["message"],
        "Caller phone number is required: From is missing or empty"
    );
    let reply = api.post(&api.account("/Applications.json"), "").await;
    reply.assert_error(400, 21101);
    assert_eq!(
        reply.body["message"],
        "Missing required parameter FriendlyName"
    );
}

#[tokio::test]
async fn update_token_takes_a_json_body() {
    let api = Api::start().await;
    let created = api
        .post(
            &api.account("/tokens.json"),
            "name=ci&permissions=calling&permissions=messaging",
        )
        .await;
    let token = created.assert_ok();
    assert_eq!(token["name"], "ci");
    assert_eq!(token["permissions"], json!(["calling", "messaging"]));
    let id = token["id"].as_str().unwrap().to_owned();
    let path = api.account(&format!("/tokens/{id}"));

    let patch = |body: String, content_type: &'static str| {
        send(
            api.request(Method::PATCH, &path)
                .header("content-type", content_type)
                .body(body),
        )
    };
    let updated = patch(
        json!({"name": "deploy", "permissions": ["fax"]}).to_string(),
        "application/json",
    )
    .await;
    assert_eq!(updated.assert_ok()["name"], "deploy");
    assert_eq!(updated.body["permissions"], json!(["fax"]));
    assert_eq!(updated.body["id"], id.as_str());

    patch("{\"name\": ".into(), "application/json")
        .await
        .assert_error(400, 21114);
    patch(
        json!({"name": {"nested": 1}}).to_string(),
        "application/json",
    )
    .await
    .assert_error(400, 21114);
    patch(json!({"nom": "x"}).to_string(), "application/json")
        .await
        .assert_error(400, 21108);
    patch("name=x".into(), "text/plain")
        .await
        .assert_error(415, 21111);
    // Form bodies, which the rest of the API takes, are still read.
    let form = patch("name=form".into(), "application/x-www-form-urlencoded").await;
    assert_eq!(form.assert_ok()["name"], "form");

    assert_eq!(api.delete(&path).await.status, 204);
    patch(json!({"name": "x"}).to_string(), "application/json")
        .await
        .assert_error(404, 20404);
}

#[tokio::test]
async fn the_project_account_and_its_subprojects() {
    let api = Api::start().await;
    let project_id = api.emulator.project_id();
    let account = api
        .get(&format!("{}/Accounts/{project_id}.json", crate::PREFIX))
        .await;
    assert_eq!(account.assert_ok()["sid"], project_id);
    assert_eq!(account.body["status"], "active");
    assert_eq!(
        account.body["subresource_uris"]["conferences"],
        api.account("/Conferences.json")
    );
    let list = api.get(&format!("{}/Accounts.json", crate::PREFIX)).await;
    assert_eq!(list.assert_ok()["accounts"][0]["sid"], project_id);

    let sub = api
        .post(
            &format!("{}/Accounts.json", crate::PREFIX),
            "FriendlyName=Team",
        )
        .await;
    assert_eq!(sub.status, 201, "{}", sub.text);
    assert_eq!(sub.body["subproject"], true);
    assert_eq!(sub.body["owner_account_sid"], project_id);
    assert_eq!(sub.body["friendly_name"], "Team");
}

#[tokio::test]
async fn a_search_of_an_area_without_numbers_finds_none_and_imports_are_incoming_numbers() {
    let api = Api::start().await;
    let local = api
        .get(&api.account("/AvailablePhoneNumbers/US/Local.json?AreaCode=510&SmsEnabled=True"))
        .await;
    assert_eq!(local.assert_ok()["available_phone_numbers"], json!([]));
    let country = api
        .get(&api.account("/AvailablePhoneNumbers/US.json"))
        .await;
    assert_eq!(country.assert_ok()["country_code"], "US");
    assert_eq!(
        country.body["subresource_uris"]["toll_free"],
        api.account("/AvailablePhoneNumbers/US/TollFree.json")
    );

    let imported = api
        .post(
            &api.account("/ImportedPhoneNumbers.json"),
            "number=%2B15551230000&number_type=longcode",
        )
        .await;
    assert_eq!(imported.status, 201, "{}", imported.text);
    let sid = imported.body["sid"].as_str().unwrap();
    let path = api.account(&format!("/IncomingPhoneNumbers/{sid}.json"));
    assert_eq!(imported.body["uri"], path);
    assert_eq!(
        api.get(&path).await.assert_ok()["phone_number"],
        "+15551230000"
    );
}
