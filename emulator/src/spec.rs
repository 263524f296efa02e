//! The API as the facts table (`spec/operations.json`, generated from
//! SignalWire's OpenAPI document) records it, read once into the shapes the
//! engine routes, validates and renders with.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde_json::{Map, Value};

/// The path every `uri` in a response starts with.
pub(crate) const API_PREFIX: &str = "/api/laml/2010-04-01";
pub(crate) const API_VERSION: &str = "2010-04-01";

static TABLE: &str = include_str!("../spec/operations.json");

/// Every operation and schema, read on first use.
pub(crate) static API: LazyLock<Api> = LazyLock::new(|| {
    // The table is embedded at build time and checked by this crate's tests,
    // so a table that does not read is a build defect, not an input.
    let table: Value = serde_json::from_str(TABLE).expect("spec/operations.json is valid JSON");
    Api::read(&table)
});

#[derive(Debug)]
pub(crate) struct Api {
    pub(crate) operations: Vec<Operation>,
    schemas: HashMap<String, Schema>,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: String,
    pub(crate) method: String,
    pub(crate) template: Vec<Segment>,
    pub(crate) parameters: Vec<Parameter>,
    /// The spec declares an `application/json` body (only `update_token`).
    pub(crate) json_body: bool,
    pub(crate) status: u16,
    /// The 2xx body; `None` for the 204s.
    pub(crate) schema: Option<Schema>,
    /// For lists: each array of items, by key, with the items' schema.
    pub(crate) list_keys: Vec<(String, Schema)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(String),
    Placeholder(String),
}

#[derive(Debug)]
pub(crate) struct Parameter {
    pub(crate) name: String,
    pub(crate) location: Location,
    pub(crate) required: bool,
    pub(crate) kind: Kind,
    /// For arrays, the items' kind.
    pub(crate) item_kind: Kind,
    pub(crate) allowed: Option<Vec<String>>,
    /// The values its description lists where the spec types it as a free
    /// string (a status callback's events), each value of a list one of them.
    pub(crate) described: Option<Vec<String>>,
    /// `format: uri`: an absolute URL.
    pub(crate) uri: bool,
    /// A list filter on a date field, such as `DateCreated<`.
    pub(crate) date: Option<DateFilter>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Location {
    Path,
    Query,
    Body,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

/// How a date filter compares a resource's date with the date given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DateFilter {
    pub(crate) field: String,
    pub(crate) bound: Bound,
    /// Whether an instant (`YYYY-MM-DDTHH:MM:SSZ`) is taken besides a day:
    /// the time filters of calls, messages and faxes.
    pub(crate) instants: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bound {
    On,
    OnOrBefore,
    OnOrAfter,
    After,
}

impl Bound {
    /// Whether a resource's date, compared with the filter's, passes.
    pub(crate) fn holds(self, ordering: std::cmp::Ordering) -> bool {
        match self {
            Bound::On => ordering.is_eq(),
            Bound::OnOrBefore => ordering.is_le(),
            Bound::OnOrAfter => ordering.is_ge(),
            Bound::After => ordering.is_gt(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Schema {
    /// In the table's order, which is by name.
    pub(crate) fields: Vec<(String, Field)>,
}

#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub(crate) kind: Kind,
    pub(crate) nullable: bool,
    pub(crate) allowed: Option<Vec<String>>,
    /// The component schema the field (or its items) points to.
    pub(crate) reference: Option<String>,
}

impl Api {
    fn read(table: &Value) -> Api {
        let schemas = object(&table["schemas"])
            .iter()
            .map(|(name, schema)| (name.clone(), Schema::read(schema)))
            .collect();
        let operations = table["operations"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(Operation::read)
            .collect();
        Api {
            operations,
            schemas,
        }
    }

    pub(crate) fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.get(name)
    }

    pub(crate) fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|operation| operation.id == id)
    }

    /// The operations whose template has the shape of `template`
    /// (placeholders match whatever their names).
    pub(crate) fn at<'a>(&'a self, template: &'a [Segment]) -> impl Iterator<Item = &'a Operation> {
        self.operations
            .iter()
            .filter(move |operation| same_shape(&operation.template, template))
    }
}

impl Operation {
    fn read(operation: &Value) -> Operation {
        let path = text(&operation["path"]);
        let template: Vec<Segment> = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| match segment.strip_prefix('{') {
                Some(name) => Segment::Placeholder(name.trim_end_matches('}').to_owned()),
                None => Segment::Literal(segment.to_owned()),
            })
            .collect();
        let response = &operation["response"];
        let schema = response.get("fields").map(|_| Schema::read(response));
        let list_keys = response["list_items"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|list| (text(&list["key"]), Schema::read(list)))
            .collect();
        // The SDK sends a message media's `DateCreated` filters as UTC
        // times, as it does every time filter of messages; the spec gives
        // the project's recordings and transcriptions RFC 2822 moments, and
        // the SDK sends them as UTC times too (`DateCreated<=…T23:59:59Z`).
        let of_messages = template
            .iter()
            .any(|segment: &Segment| *segment == Segment::Literal("Messages".into()));
        let takes_instants = of_messages
            || matches!(
                text(&operation["operation_id"]).as_str(),
                "list_recordings" | "list_transcriptions"
            );
        let mut parameters: Vec<Parameter> = operation["parameters"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(Parameter::read)
            .collect();
        if takes_instants {
            for filter in parameters.iter_mut().filter_map(|p| p.date.as_mut()) {
                filter.instants = true;
            }
        }
        // The API pages every list, though the spec leaves the paging
        // parameters out of some (the available numbers), and SignalWire's
        // SDKs send them.
        if response["list_items"]
            .as_array()
            .is_some_and(|lists| !lists.is_empty())
        {
            for (name, kind) in [
                ("PageSize", Kind::Integer),
                ("Page", Kind::Integer),
                ("PageToken", Kind::String),
            ] {
                if !parameters.iter().any(|parameter| parameter.name == name) {
                    parameters.push(Parameter::paging(name, kind));
                }
            }
        }
        let json_body = operation["body_content_types"]
            .as_array()
            .is_some_and(|types| types.iter().any(|t| t == "application/json"));
        Operation {
            id: text(&operation["operation_id"]),
            method: text(&operation["method"]),
            template,
            parameters,
            json_body,
            status: response["status"]
                .as_u64()
                .and_then(|status| u16::try_from(status).ok())
                .unwrap_or(200),
            schema,
            list_keys,
        }
    }

    pub(crate) fn is_list(&self) -> bool {
        !self.list_keys.is_empty()
    }

    /// The path ends in a placeholder: it names one resource.
    pub(crate) fn names_one(&self) -> bool {
        matches!(self.template.last(), Some(Segment::Placeholder(_)))
    }

    pub(crate) fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|parameter| parameter.name == name)
    }
}

impl Parameter {
    fn read(parameter: &Value) -> Parameter {
        let name = text(&parameter["name"]);
        let location = match parameter["in"].as_str() {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            _ => Location::Body,
        };
        let date = (location == Location::Query)
            .then(|| date_filter(&name))
            .flatten();
        Parameter {
            location,
            required: parameter["required"].as_bool().unwrap_or(false),
            // The spec types it as one string; SignalWire's SDKs send one
            // key per event, as the API accepts.
            kind: if name == "RecordingStatusCallbackEvent" {
                Kind::Array
            } else {
                kind(&parameter["type"])
            },
            item_kind: kind(&parameter["item_type"]),
            allowed: strings(&parameter["enum"]),
            described: strings(&parameter["described_values"]),
            uri: parameter["format"] == "uri",
            date,
            name,
        }
    }
}

impl Parameter {
    /// An optional query parameter of a list's paging.
    fn paging(name: &str, kind: Kind) -> Parameter {
        Parameter {
            name: name.to_owned(),
            location: Location::Query,
            required: false,
            kind,
            item_kind: Kind::String,
            allowed: None,
            described: None,
            uri: false,
            date: None,
        }
    }
}

impl Schema {
    fn read(schema: &Value) -> Schema {
        let fields = object(&schema["fields"])
            .iter()
            .map(|(name, field)| {
                let field = Field {
                    kind: kind(&field["type"]),
                    nullable: field["nullable"].as_bool().unwrap_or(false),
                    allowed: strings(&field["enum"]),
                    reference: field["ref"].as_str().map(str::to_owned),
                };
                (name.clone(), field)
            })
            .collect();
        Schema { fields }
    }

    pub(crate) fn field(&self, name: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find_map(|(field, value)| (field == name).then_some(value))
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.field(name).is_some()
    }
}

/// Both templates have the same literals at the same places.
pub(crate) fn same_shape(a: &[Segment], b: &[Segment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (Segment::Literal(x), Segment::Literal(y)) => x == y,
            (Segment::Placeholder(_), Segment::Placeholder(_)) => true,
            _ => false,
        })
}

/// `FriendlyName` → `friendly_name`, `SMSUrl` → `sms_url`: how a wire
/// parameter names the field it sets.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut snake = String::with_capacity(name.len() + 4);
    for (at, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && at > 0 {
            let previous = chars[at - 1];
            let next_is_lower = chars.get(at + 1).is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_lower)
            {
                snake.push('_');
            }
        }
        snake.push(c.to_ascii_lowercase());
    }
    snake
}

/// The list filters the spec writes as names: `DateCreated`, `DateCreated<`,
/// `DateCreated>` (and the same for `DateUpdated`, `DateSent`, `StartTime`,
/// `EndTime`), and the faxes' `DateCreatedAfter` / `DateCreatedOnOrBefore`.
fn date_filter(name: &str) -> Option<DateFilter> {
    let (base, bound) = if let Some(base) = name.strip_suffix('<') {
        (base, Bound::OnOrBefore)
    } else if let Some(base) = name.strip_suffix('>') {
        (base, Bound::OnOrAfter)
    } else if let Some(base) = name.strip_suffix("OnOrBefore") {
        (base, Bound::OnOrBefore)
    } else if let Some(base) = name.strip_suffix("After") {
        (base, Bound::After)
    } else {
        (name, Bound::On)
    };
    matches!(
        base,
        "DateCreated" | "DateUpdated" | "DateSent" | "StartTime" | "EndTime"
    )
    .then(|| DateFilter {
        field: snake_case(base),
        bound,
        instants: matches!(base, "DateSent" | "StartTime" | "EndTime")
            || matches!(bound, Bound::After)
            || name.ends_with("OnOrBefore"),
    })
}

fn kind(value: &Value) -> Kind {
    match value.as_str() {
        Some("integer") => Kind::Integer,
        Some("number") => Kind::Number,
        Some("boolean") => Kind::Boolean,
        Some("array") => Kind::Array,
        Some("object") => Kind::Object,
        Some("null") => Kind::Null,
        _ => Kind::String,
    }
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn strings(value: &Value) -> Option<Vec<String>> {
    let values = value.as_array()?;
    Some(
        values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
    )
}

fn object(value: &Value) -> &Map<String, Value> {
    static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);
    value.as_object().unwrap_or(&EMPTY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_all_79_operations() {
        assert_eq!(API.operations.len(), 79);
        let update = API.operation("update_participant").unwrap();
        assert_eq!(update.method, "POST");
        assert_eq!(
            update.template.last(),
            Some(&Segment::Placeholder("CallSid".into()))
        );
        assert_eq!(update.parameter("Muted").unwrap().kind, Kind::Boolean);
        assert!(API.operation("update_token").unwrap().json_body);
        assert!(API.schema("ConferenceSubresourceUris").is_some());
    }

    #[test]
    fn every_list_takes_the_paging_parameters() {
        let lists: Vec<&Operation> = API.operations.iter().filter(|op| op.is_list()).collect();
        assert_eq!(lists.len(), 19);
        for list in lists {
            for (name, kind) in [
                ("PageSize", Kind::Integer),
                ("Page", Kind::Integer),
                ("PageToken", Kind::String),
            ] {
                let parameter = list
                    .parameter(name)
                    .unwrap_or_else(|| panic!("{} {name}", list.id));
                assert_eq!(
                    (parameter.kind, parameter.location),
                    (kind, Location::Query)
                );
            }
        }
    }

    #[test]
    fn wire_names_become_field_names() {
        for (wire, field) in [
            ("FriendlyName", "friendly_name"),
            ("CallSidToCoach", "call_sid_to_coach"),
            ("SMSUrl", "sms_url"),
            ("AvailablePhoneNumbers", "available_phone_numbers"),
            ("TollFree", "toll_free"),
            ("name", "name"),
            ("AccountSid", "account_sid"),
        ] {
            assert_eq!(snake_case(wire), field, "{wire}");
        }
    }

    #[test]
    fn date_filters_are_read_from_their_names() {
        let on_or_before = date_filter("DateCreated<").unwrap();
        assert_eq!(
            (on_or_before.field.as_str(), on_or_before.bound),
            ("date_created", Bound::OnOrBefore)
        );
        assert_eq!(date_filter("StartTime>").unwrap().bound, Bound::OnOrAfter);
        assert_eq!(date_filter("DateCreatedAfter").unwrap().bound, Bound::After);
        assert_eq!(date_filter("DateSent").unwrap().field, "date_sent");
        assert_eq!(date_filter("FriendlyName"), None);
        assert!(date_filter("StartTime<").unwrap().instants);
        assert!(date_filter("DateSent").unwrap().instants);
        assert!(date_filter("DateCreatedOnOrBefore").unwrap().instants);
        assert!(!date_filter("DateCreated>").unwrap().instants);
        let media = API.operation("list_media").unwrap();
        assert!(
            media
                .parameter("DateCreated<")
                .unwrap()
                .date
                .as_ref()
                .unwrap()
                .instants
        );
        for id in ["list_recordings", "list_transcriptions"] {
            let list = API.operation(id).unwrap();
            let filter = list.parameter("DateCreated<").unwrap().date.as_ref();
            assert!(filter.unwrap().instants, "{id}");
        }
        let recordings = API.operation("list_conference_recordings").unwrap();
        assert!(
            !recordings
                .parameter("DateCreated<")
                .unwrap()
                .date
                .as_ref()
                .unwrap()
                .instants
        );
    }
}
