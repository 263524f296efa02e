use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sid::AccountSid;
use crate::{decode, endpoint, resource, Page, ResourceField};

/// A country where numbers can be bought, with the URIs of its searches.
#[resource(list = "countries")]
pub struct AvailableCountry {
    /// The country's ISO 3166-1 alpha-2 code (`US`), which names it in paths.
    #[resource(required)]
    pub country_code: String,
    /// The country's name.
    pub country: String,
    /// The URI of this country, relative to the host.
    pub uri: String,
    /// Whether the country's numbers are new to the platform.
    pub beta: bool,
    /// The URIs of the searches for local and toll-free numbers.
    pub subresource_uris: CountrySubresourceUris,
}

/// The searches of one country.
#[resource]
#[derive(Eq)]
pub struct CountrySubresourceUris {
    /// Local numbers ([`SearchLocalNumbers`]).
    pub local: String,
    /// Toll-free numbers ([`SearchTollFreeNumbers`]).
    pub toll_free: String,
}

/// A number that can be bought with [`BuyPhoneNumber`](super::BuyPhoneNumber).
#[resource(list = "available_phone_numbers")]
pub struct AvailablePhoneNumber {
    /// The number in E.164 form (`+15550100001`).
    #[resource(required)]
    pub phone_number: String,
    /// The number formatted for people to read.
    pub friendly_name: String,
    /// The LATA (local access and transport area) of the number, in the US and Canada.
    pub lata: Option<String>,
    /// The locality or city of the number.
    pub locality: Option<String>,
    /// The rate center of the number.
    pub rate_center: Option<String>,
    /// The latitude of the number's area.
    pub latitude: Option<String>,
    /// The longitude of the number's area.
    pub longitude: Option<String>,
    /// The two-letter state or province of the number.
    pub region: Option<String>,
    /// The postal code of the number's area.
    pub postal_code: Option<String>,
    /// The number's country, ISO 3166-1 alpha-2.
    pub iso_country: String,
    /// What the number can do.
    pub capabilities: PhoneNumberCapabilities,
    /// Whether the number is new to the platform.
    pub beta: bool,
}

/// What an available number can do; the API names two of its fields in
/// capitals (`SMS`, `MMS`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PhoneNumberCapabilities {
    /// Whether it takes and places calls.
    #[serde(default, deserialize_with = "decode::bool")]
    pub voice: bool,
    /// Whether it sends and receives SMS.
    #[serde(rename = "SMS", default, deserialize_with = "decode::bool")]
    pub sms: bool,
    /// Whether it sends and receives MMS.
    #[serde(rename = "MMS", default, deserialize_with = "decode::bool")]
    pub mms: bool,
}

impl ResourceField for PhoneNumberCapabilities {}

impl fmt::Debug for PhoneNumberCapabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PhoneNumberCapabilities")
            .field("voice", &self.voice)
            .field("sms", &self.sms)
            .field("mms", &self.mms)
            .finish()
    }
}

/// Lists the countries where numbers can be bought.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/AvailablePhoneNumbers",
    response = Page<AvailableCountry>,
    op = "list_available_phone_number_resources"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAvailableCountries {
    /// The subproject to ask for; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
}

/// Fetches one country where numbers can be bought, with its search URIs.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/AvailablePhoneNumbers/<IsoCountry>",
    response = AvailableCountry,
    op = "list_available_phone_number_resources_by_country"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchAvailableCountry {
    /// The subproject to ask for; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The country's ISO 3166-1 alpha-2 code (`US`, `CA`, `GB`).
    pub iso_country: String,
}

/// Searches the local numbers of a country that can be bought.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/AvailablePhoneNumbers/<IsoCountry>/Local",
    query,
    response = Page<AvailablePhoneNumber>,
    op = "search_local_available_phone_numbers"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchLocalNumbers {
    /// The subproject to search for; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The country's ISO 3166-1 alpha-2 code (`US`, `CA`, `GB`).
    pub iso_country: String,
    /// Only numbers of this area code (`415`; for toll-free numbers, `800`).
    pub area_code: Option<String>,
    /// Only numbers new to the platform (`true`), or none of them (`false`).
    pub beta: Option<bool>,
    /// Only numbers containing this pattern: digits, `*` for any one digit,
    /// and letters read as the keypad digits they are on (`STORE` is `78673`).
    pub contains: Option<String>,
    /// Leaves out numbers that need an address of any kind.
    pub exclude_all_address_required: Option<bool>,
    /// Leaves out numbers that need a foreign address.
    pub exclude_foreign_address_required: Option<bool>,
    /// Leaves out numbers that need a local address.
    pub exclude_local_address_required: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) take faxes.
    pub fax_enabled: Option<bool>,
    /// Only numbers of this locality or city.
    pub in_locality: Option<String>,
    /// Only numbers of this region: a two-letter state or province (`CA`).
    pub in_region: Option<String>,
    /// Only numbers that can (`true`) or cannot (`false`) send MMS.
    pub mms_enabled: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) send SMS.
    pub sms_enabled: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) take calls.
    pub voice_enabled: Option<bool>,
}

/// Searches the toll-free numbers of a country that can be bought.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/AvailablePhoneNumbers/<IsoCountry>/TollFree",
    query,
    response = Page<AvailablePhoneNumber>,
    op = "search_toll_free_available_phone_numbers"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTollFreeNumbers {
    /// The subproject to search for; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The country's ISO 3166-1 alpha-2 code (`US`, `CA`, `GB`).
    pub iso_country: String,
    /// Only numbers of this area code (`415`; for toll-free numbers, `800`).
    pub area_code: Option<String>,
    /// Only numbers new to the platform (`true`), or none of them (`false`).
    pub beta: Option<bool>,
    /// Only numbers containing this pattern: digits, `*` for any one digit,
    /// and letters read as the keypad digits they are on (`STORE` is `78673`).
    pub contains: Option<String>,
    /// Leaves out numbers that need an address of any kind.
    pub exclude_all_address_required: Option<bool>,
    /// Leaves out numbers that need a foreign address.
    pub exclude_foreign_address_required: Option<bool>,
    /// Leaves out numbers that need a local address.
    pub exclude_local_address_required: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) take faxes.
    pub fax_enabled: Option<bool>,
    /// Only numbers of this locality or city.
    pub in_locality: Option<String>,
    /// Only numbers of this region: a two-letter state or province (`CA`).
    pub in_region: Option<String>,
    /// Only numbers that can (`true`) or cannot (`false`) send MMS.
    pub mms_enabled: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) send SMS.
    pub sms_enabled: Option<bool>,
    /// Only numbers that can (`true`) or cannot (`false`) take calls.
    pub voice_enabled: Option<bool>,
}
