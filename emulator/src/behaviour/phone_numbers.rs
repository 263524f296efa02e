//! Phone numbers: a fixed inventory of numbers to buy in the US, Canada and
//! the UK, local and toll-free, searched as the API documents; buying one
//! takes it out of every search, releasing it puts it back, and importing
//! brings one in from elsewhere. A number points at URLs or at the
//! account's applications.

use serde_json::{json, Map, Value};

use crate::engine::{defaults, resource, Place, Reply, Request};
use crate::error::ApiError;
use crate::error::SeedRefused;
use crate::spec::API;
use crate::state::{Entry, Store};

/// A number of the inventory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Available {
    pub(crate) phone_number: String,
    pub(crate) iso_country: &'static str,
    pub(crate) toll_free: bool,
    area_code: &'static str,
    locality: Option<&'static str>,
    region: Option<&'static str>,
    postal_code: Option<&'static str>,
    rate_center: Option<&'static str>,
    lata: Option<&'static str>,
    latitude: Option<&'static str>,
    longitude: Option<&'static str>,
    pub(crate) voice: bool,
    pub(crate) sms: bool,
    pub(crate) mms: bool,
    pub(crate) fax: bool,
}

/// The countries with numbers to buy: code and name.
const COUNTRIES: [(&str, &str); 3] = [
    ("US", "United States"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
];

/// An area of the inventory: where its numbers are, and the first digits
/// of each; ten numbers follow each prefix (`…0` to `…9`), in ranges set
/// aside for fiction (555-01xx in North America, Ofcom's drama ranges in
/// the UK).
struct Area {
    iso_country: &'static str,
    toll_free: bool,
    area_code: &'static str,
    prefix: &'static str,
    locality: Option<&'static str>,
    region: Option<&'static str>,
    postal_code: Option<&'static str>,
    rate_center: Option<&'static str>,
    lata: Option<&'static str>,
    latitude: Option<&'static str>,
    longitude: Option<&'static str>,
}

const fn local(
    iso_country: &'static str,
    area_code: &'static str,
    prefix: &'static str,
    place: [&'static str; 7],
) -> Area {
    let [locality, region, postal_code, rate_center, lata, latitude, longitude] = place;
    Area {
        iso_country,
        toll_free: false,
        area_code,
        prefix,
        locality: Some(locality),
        region: Some(region),
        postal_code: Some(postal_code),
        rate_center: Some(rate_center),
        lata: Some(lata),
        latitude: Some(latitude),
        longitude: Some(longitude),
    }
}

const fn toll_free(
    iso_country: &'static str,
    area_code: &'static str,
    prefix: &'static str,
) -> Area {
    Area {
        iso_country,
        toll_free: true,
        area_code,
        prefix,
        locality: None,
        region: None,
        postal_code: None,
        rate_center: None,
        lata: None,
        latitude: None,
        longitude: None,
    }
}

const AREAS: &[Area] = &[
    local(
        "US",
        "415",
        "+1415555010",
        [
            "San Francisco",
            "CA",
            "94107",
            "SNFC CNTRL",
            "722",
            "37.7749",
            "-122.4194",
        ],
    ),
    local(
        "US",
        "212",
        "+1212555010",
        [
            "New York",
            "NY",
            "10001",
            "NWYRCYZN01",
            "132",
            "40.7128",
            "-74.0060",
        ],
    ),
    local(
        "US",
        "512",
        "+1512555010",
        [
            "Austin", "TX", "78701", "AUSTIN", "558", "30.2672", "-97.7431",
        ],
    ),
    local(
        "US",
        "206",
        "+1206555010",
        [
            "Seattle",
            "WA",
            "98101",
            "SEATTLE",
            "674",
            "47.6062",
            "-122.3321",
        ],
    ),
    toll_free("US", "800", "+1800555010"),
    toll_free("US", "888", "+1888555010"),
    local(
        "CA",
        "416",
        "+1416555010",
        [
            "Toronto", "ON", "M5H 2N2", "TORONTO", "888", "43.6532", "-79.3832",
        ],
    ),
    local(
        "CA",
        "604",
        "+1604555010",
        [
            "Vancouver",
            "BC",
            "V6B 1A1",
            "VANCOUVER",
            "888",
            "49.2827",
            "-123.1207",
        ],
    ),
    local(
        "CA",
        "514",
        "+1514555010",
        [
            "Montreal", "QC", "H2Y 1C6", "MONTREAL", "888", "45.5017", "-73.5673",
        ],
    ),
    toll_free("CA", "877", "+1877555010"),
    local(
        "GB",
        "20",
        "+44207946000",
        [
            "London", "ENG", "EC1A 1BB", "London", "", "51.5074", "-0.1278",
        ],
    ),
    local(
        "GB",
        "161",
        "+44161496000",
        [
            "Manchester",
            "ENG",
            "M1 1AE",
            "Manchester",
            "",
            "53.4808",
            "-2.2426",
        ],
    ),
    toll_free("GB", "808", "+44808157000"),
];

/// Every number of the inventory, in a fixed order.
pub(crate) fn inventory() -> Vec<Available> {
    AREAS
        .iter()
        .flat_map(|area| {
            (0..10u8).map(move |n| Available {
                phone_number: format!("{}{n}", area.prefix),
                iso_country: area.iso_country,
                toll_free: area.toll_free,
                area_code: area.area_code,
                locality: area.locality,
                region: area.region,
                postal_code: area.postal_code,
                rate_center: area.rate_center,
                lata: area.lata.filter(|lata| !lata.is_empty()),
                latitude: area.latitude,
                longitude: area.longitude,
                voice: true,
                // Some numbers lack a capability, so that the flags filter.
                sms: n % 4 != 3,
                mms: n % 2 == 0,
                fax: n % 3 == 0,
            })
        })
        .collect()
}

/// The inventory's numbers no account holds now.
fn on_sale(store: &Store) -> Vec<Available> {
    let held: Vec<String> = store
        .all_in_accounts("IncomingPhoneNumbers")
        .into_iter()
        .filter_map(|(_, number)| number.str("phone_number").map(str::to_owned))
        .collect();
    inventory()
        .into_iter()
        .filter(|number| !held.contains(&number.phone_number))
        .collect()
}

/// `+14155550100` → `(415) 555-0100`; other countries as given.
fn friendly_name(phone_number: &str) -> String {
    match phone_number.strip_prefix("+1") {
        Some(national) if national.len() == 10 => format!(
            "({}) {}-{}",
            &national[..3],
            &national[3..6],
            &national[6..]
        ),
        _ => phone_number.to_owned(),
    }
}

/// Whether `number` contains `pattern`: digits, `*` for any one digit, and
/// letters read as the keypad digits they are on.
pub(crate) fn contains(number: &str, pattern: &str) -> bool {
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let wanted: Option<Vec<char>> = pattern.chars().map(keypad).collect();
    let Some(wanted) = wanted else { return false };
    if wanted.is_empty() {
        return true;
    }
    digits.windows(wanted.len()).any(|window| {
        window
            .iter()
            .zip(&wanted)
            .all(|(digit, want)| *want == '*' || want == digit)
    })
}

/// A pattern character as a digit (or `*`); `None` for one no pattern takes.
fn keypad(c: char) -> Option<char> {
    let digit = match c.to_ascii_lowercase() {
        '0'..='9' | '*' => c,
        'a'..='c' => '2',
        'd'..='f' => '3',
        'g'..='i' => '4',
        'j'..='l' => '5',
        'm'..='o' => '6',
        'p'..='s' => '7',
        't'..='v' => '8',
        'w'..='z' => '9',
        _ => return None,
    };
    Some(digit)
}

impl Available {
    fn matches(&self, request: &Request<'_>) -> bool {
        let arguments = &request.arguments;
        let flag = |name: &str, has: bool| arguments.flag(name).is_none_or(|wanted| wanted == has);
        let text = |name: &str, field: Option<&str>| {
            arguments
                .str(name)
                .is_none_or(|wanted| field.is_some_and(|have| have.eq_ignore_ascii_case(wanted)))
        };
        arguments
            .str("AreaCode")
            .is_none_or(|code| code == self.area_code)
            && arguments
                .str("Contains")
                .is_none_or(|pattern| contains(&self.phone_number, pattern))
            && text("InRegion", self.region)
            && text("InLocality", self.locality)
            && flag("VoiceEnabled", self.voice)
            && flag("SmsEnabled", self.sms)
            && flag("MmsEnabled", self.mms)
            && flag("FaxEnabled", self.fax)
    }

    fn to_json(&self) -> Value {
        json!({
            "friendly_name": friendly_name(&self.phone_number),
            "phone_number": self.phone_number,
            "lata": self.lata,
            "locality": self.locality,
            "rate_center": self.rate_center,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "region": self.region,
            "postal_code": self.postal_code,
            "iso_country": self.iso_country,
            "capabilities": {"voice": self.voice, "SMS": self.sms, "MMS": self.mms},
            "beta": false,
        })
    }
}

/// The numbers on sale in the path's country, local or toll-free as the
/// path says, that pass every filter given; the address filters are
/// checked, then have no effect: no number of the inventory needs an
/// address.
pub(crate) fn search(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let iso_country = request
        .place
        .value_for("iso_country")
        .unwrap_or_default()
        .to_ascii_uppercase();
    let toll_free = request.operation.id == "search_toll_free_available_phone_numbers";
    let found = on_sale(store)
        .into_iter()
        .filter(|number| number.iso_country == iso_country && number.toll_free == toll_free)
        .filter(|number| number.matches(request))
        .map(|number| number.to_json())
        .collect();
    defaults::page(request, found)
}

/// Every country with numbers to buy.
pub(crate) fn countries(request: &Request<'_>, _: &mut Store) -> Result<Reply, ApiError> {
    let Some((_, schema)) = request.operation.list_keys.first() else {
        return defaults::page(request, Vec::new());
    };
    let mut place = request.place.item("");
    let items = COUNTRIES
        .iter()
        .map(|(code, name)| {
            if let Some(last) = place.values.last_mut() {
                *last = (*code).to_owned();
            }
            resource(schema, &country_entry(code, name), &place)
        })
        .collect();
    defaults::page(request, items)
}

/// The country the path names, with its search URIs; 404 for a country
/// with no numbers.
pub(crate) fn country(request: &Request<'_>, _: &mut Store) -> Result<Reply, ApiError> {
    let wanted = request.id();
    let (code, name) = COUNTRIES
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| request.not_found())?;
    Ok(request.render(&country_entry(code, name)))
}

fn country_entry(code: &str, name: &str) -> Entry {
    let mut country = Entry {
        id: code.to_owned(),
        fields: Map::new(),
    };
    country.set("country_code", code);
    country.set("country", name);
    country.set("beta", false);
    country
}

/// The account that has number `phone_number` (E.164), and the number: at
/// most one has it, as buying and importing refuse a number held already.
fn owner_of(store: &Store, phone_number: &str) -> Option<(String, Entry)> {
    store
        .all_in_accounts("IncomingPhoneNumbers")
        .into_iter()
        .find(|(_, number)| number.is("phone_number", phone_number))
        .map(|(account, number)| (account.to_owned(), number.clone()))
}

/// Where a number sends a call's or a message's requests.
pub(crate) struct Handler {
    /// The number itself.
    pub(crate) number: Entry,
    pub(crate) url: String,
    pub(crate) method: String,
    /// The fallback URL and its method, if any.
    pub(crate) fallback: Option<(String, String)>,
}

/// The account that has number `to`, and where the number sends its
/// `kind` (`voice` or `sms`) requests: what an incoming call or message
/// needs.
pub(crate) fn handler_of(
    store: &Store,
    to: &str,
    kind: &str,
) -> Result<(String, Handler), SeedRefused> {
    let (account, number) = owner_of(store, to)
        .ok_or_else(|| SeedRefused::NotFound(format!("no account has the number {to}")))?;
    let (url, application) = match kind {
        "voice" => ("VoiceUrl", "voice"),
        _ => ("SmsUrl", "messaging"),
    };
    let handler = handler(store, &account, &number, kind).ok_or_else(|| {
        SeedRefused::Conflict(format!(
            "the number {to} has no {url} (nor a {application} application with one)"
        ))
    })?;
    Ok((account, handler))
}

/// Where number `number` of `account` sends its `kind` (`voice` or `sms`)
/// requests: its application's URLs when it names one, else its own.
fn handler(store: &Store, account: &str, number: &Entry, kind: &str) -> Option<Handler> {
    let applications = ["Accounts", account, "Applications"].map(str::to_owned);
    let source = number
        .str(&format!("{kind}_application_sid"))
        .and_then(|sid| store.get(&applications, sid))
        .unwrap_or(number);
    let field = |name: &str| {
        source
            .str(&format!("{kind}_{name}"))
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let method = |name: &str| field(name).unwrap_or_else(|| "POST".to_owned());
    let url = field("url")?;
    let fallback = field("fallback_url").map(|fallback| (fallback, method("fallback_method")));
    Some(Handler {
        number: number.clone(),
        url,
        method: method("method"),
        fallback,
    })
}

/// Buys a number on sale: it becomes one of the account's numbers, with the
/// inventory's capabilities.
pub(crate) fn buy(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let account = request.account().unwrap_or_default().to_owned();
    check_applications(request, store, &account)?;
    // `PhoneNumber` is required, so the engine has checked it is given.
    let wanted = request.arguments.str("PhoneNumber").unwrap_or_default();
    let number = on_sale(store)
        .into_iter()
        .find(|number| number.phone_number == wanted)
        .ok_or_else(|| ApiError::number_not_available(wanted))?;
    let mut entry = defaults::new_entry(request, store);
    if entry.str("friendly_name").is_none() {
        entry.set("friendly_name", friendly_name(wanted));
    }
    entry.set(
        "capabilities",
        json!({"voice": number.voice, "sms": number.sms, "mms": number.mms, "fax": number.fax}),
    );
    entry.set("country_code", number.iso_country);
    fill_defaults(&mut entry, &account, "signalwire");
    Ok(defaults::insert(request, store, entry))
}

/// What a new number shows before anything sets it.
fn fill_defaults(number: &mut Entry, account: &str, origin: &str) {
    number.set("account_id", account);
    number.set("origin", origin);
    number.set("address_requirements", "none");
    number.set("emergency_status", "Inactive");
    number.set("verification_status", "verified");
    for method in [
        "voice_method",
        "voice_fallback_method",
        "sms_method",
        "sms_fallback_method",
        "status_callback_method",
    ] {
        if number.str(method).is_none() {
            number.set(method, "POST");
        }
    }
}

/// Points a number elsewhere, or moves it to another account of the
/// caller's (`AccountSid`).
pub(crate) fn update(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let account = request.account().unwrap_or_default().to_owned();
    request.target(store)?;
    check_applications(request, store, &account)?;
    let moving_to = request
        .arguments
        .str("AccountSid")
        .filter(|to| *to != account)
        .map(str::to_owned);
    if let Some(to) = &moving_to {
        if !store.reaches(&request.caller, to) {
            return Err(ApiError::unknown_account("AccountSid", to));
        }
    }
    let now = store.now();
    let number = request.target(store)?;
    defaults::apply(request, number, now);
    let Some(to) = moving_to else {
        number.set("account_sid", account.as_str());
        return Ok(request.render(number));
    };
    // Applications are the old account's: a moved number keeps none.
    number.set("account_sid", to.as_str());
    number.set("account_id", to.as_str());
    number.set("voice_application_sid", Value::Null);
    number.set("sms_application_sid", Value::Null);
    let moved = number.clone();
    store.remove(&request.collection(), request.id());
    let mut place = request.place.clone();
    place.values[0] = to;
    let body = resource(request.schema(), &moved, &place);
    store.insert(place.collection(), moved);
    Ok(request.reply(body))
}

/// 400 unless each application sid given names an application of `account`.
fn check_applications(request: &Request<'_>, store: &Store, account: &str) -> Result<(), ApiError> {
    let applications = ["Accounts", account, "Applications"].map(str::to_owned);
    for name in ["VoiceApplicationSid", "SmsApplicationSid"] {
        if let Some(sid) = request.arguments.str(name) {
            if store.get(&applications, sid).is_none() {
                return Err(ApiError::unknown_application(name, sid));
            }
        }
    }
    Ok(())
}

/// Stored as an incoming phone number, where it can be fetched, updated,
/// listed and released; its capabilities are those given. A number that an
/// account holds (this one included) is refused.
pub(crate) fn import(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    let account = request.account().unwrap_or_default().to_owned();
    let phone_number = request
        .arguments
        .str("number")
        .unwrap_or_default()
        .to_owned();
    if owner_of(store, &phone_number).is_some() {
        return Err(ApiError::number_not_hostable(&phone_number));
    }
    let mut number = defaults::new_entry(request, store);
    number.set("phone_number", phone_number.as_str());
    number.set("friendly_name", friendly_name(&phone_number));
    let given: Vec<&str> = request
        .arguments
        .get("capabilities")
        .map(|value| match value {
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            Value::String(one) => vec![one.as_str()],
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let capabilities: Map<String, Value> = ["voice", "sms", "mms", "fax"]
        .iter()
        .map(|name| ((*name).to_owned(), given.contains(name).into()))
        .collect();
    number.set("capabilities", capabilities);
    let country = if phone_number.starts_with("+44") {
        "GB"
    } else if phone_number.starts_with("+1") {
        "US"
    } else {
        ""
    };
    number.set("country_code", country);
    fill_defaults(&mut number, &account, "hosted");
    number.set("account_sid", account.as_str());
    let Some(incoming) = API.operation("retrieve_incoming_phone_number") else {
        return defaults::create(request, store);
    };
    let place = Place {
        template: incoming.template.clone(),
        values: vec![account, number.id.clone()],
    };
    let body = resource(
        incoming.schema.as_ref().unwrap_or(request.schema()),
        &number,
        &place,
    );
    store.insert(place.collection(), number);
    Ok(request.reply(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_letters_as_keypad_digits_and_stars_as_any_digit() {
        assert!(contains("+14155550100", "5550100"));
        assert!(contains("+14155550100", "415*5*01"));
        assert!(contains("+16505578673", "STORE"), "78673");
        assert!(!contains("+14155550100", "STORF"));
        assert!(!contains("+14155550100", "5550199"));
        assert!(!contains("+14155550100", "55#"));
    }

    #[test]
    fn the_inventory_is_fixed_and_every_number_unique() {
        let all = inventory();
        assert_eq!(all, inventory());
        let mut numbers: Vec<&str> = all.iter().map(|n| n.phone_number.as_str()).collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), all.len());
        for country in ["US", "CA", "GB"] {
            for toll_free in [false, true] {
                assert!(all
                    .iter()
                    .any(|n| n.iso_country == country && n.toll_free == toll_free));
            }
        }
    }
}
