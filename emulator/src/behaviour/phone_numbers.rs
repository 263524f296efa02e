//! Phone numbers the emulator has no stock of: every search finds none, a
//! country is shown as asked, and an imported number joins the project's
//! incoming phone numbers.

use serde_json::Map;

use crate::engine::{defaults, resource, Place, Reply, Request};
use crate::error::ApiError;
use crate::spec::API;
use crate::state::{Entry, Store};

/// An empty page: there are no numbers to buy.
pub(crate) fn search(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_account(store)?;
    defaults::page(request, Vec::new())
}

/// The country the path names, with its search URIs.
pub(crate) fn country(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_account(store)?;
    let iso_country = request.id();
    let mut country = Entry {
        id: iso_country.to_owned(),
        fields: Map::new(),
    };
    country.set("country_code", iso_country);
    country.set("country", iso_country);
    Ok(request.render(&country))
}

/// Stored as an incoming phone number, where it can be fetched, updated,
/// listed and released.
pub(crate) fn import(request: &Request<'_>, store: &mut Store) -> Result<Reply, ApiError> {
    request.check_account(store)?;
    let mut number = defaults::new_entry(request, store);
    if let Some(phone_number) = request.arguments.str("number") {
        number.set("phone_number", phone_number);
    }
    let Some(incoming) = API.operation("retrieve_incoming_phone_number") else {
        return defaults::create(request, store);
    };
    let place = Place {
        template: incoming.template.clone(),
        values: vec![
            request.place.values.first().cloned().unwrap_or_default(),
            number.id.clone(),
        ],
    };
    let body = resource(request.schema(), &number, &place);
    store.insert(place.collection(), number);
    Ok(request.reply(body))
}
