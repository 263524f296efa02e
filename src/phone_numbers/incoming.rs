use crate::sid::{AccountSid, ApplicationSid, PhoneNumberSid};
use crate::{endpoint, resource, wire_enum, CallbackMethod, Page, Timestamp};

wire_enum! {
    /// Whether calls to a number are taken as voice calls or as faxes.
    pub enum VoiceReceiveMode {
        /// Voice calls.
        Voice = "voice",
        /// Faxes.
        Fax = "fax",
    }
}

wire_enum! {
    /// The kind of a number brought from another carrier.
    pub enum ImportedNumberType {
        /// A local (long code) number.
        Longcode = "longcode",
        /// A toll-free number.
        Tollfree = "tollfree",
    }
}

wire_enum! {
    /// Something an imported number can do.
    pub enum NumberCapability {
        /// SMS.
        Sms = "sms",
        /// Voice calls.
        Voice = "voice",
        /// Faxes.
        Fax = "fax",
        /// MMS.
        Mms = "mms",
    }
}

wire_enum! {
    /// The address a number needs before it can be bought.
    pub enum AddressRequirements {
        /// None.
        None = "none",
        /// An address anywhere.
        Any = "any",
        /// An address in the number's country.
        Local = "local",
        /// An address outside the number's country.
        Foreign = "foreign",
        ..Unknown
    }
}

wire_enum! {
    /// Where a number comes from.
    pub enum PhoneNumberOrigin {
        /// Bought from SignalWire.
        Signalwire = "signalwire",
        /// Brought from another carrier.
        Hosted = "hosted",
        ..Unknown
    }
}

/// One of the project's phone numbers, with where its calls and messages go.
#[resource(list = "incoming_phone_numbers")]
pub struct IncomingPhoneNumber {
    /// The unique identifier of this number.
    #[resource(required)]
    pub sid: PhoneNumberSid,
    /// The account (project) that owns this number, as `account_sid` does.
    pub account_id: AccountSid,
    /// The account (project) that owns this number.
    pub account_sid: AccountSid,
    /// The address this number needs.
    pub address_requirements: AddressRequirements,
    /// The sid of the number's address.
    pub address_sid: Option<String>,
    /// The version of the API.
    pub api_version: String,
    /// Whether the number is new to the platform.
    pub beta: bool,
    /// What the number can do.
    pub capabilities: IncomingPhoneNumberCapabilities,
    /// The country code of the number.
    pub country_code: String,
    /// When this number was bought or imported.
    pub date_created: Option<Timestamp>,
    /// When this number was last updated.
    pub date_updated: Option<Timestamp>,
    /// The sid of the number's emergency address.
    pub emergency_address_sid: Option<String>,
    /// Whether emergency calling is on for the number.
    pub emergency_status: String,
    /// A description of the number, the number itself by default.
    pub friendly_name: String,
    /// The sid of the identity the number is registered to.
    pub identity_sid: Option<String>,
    /// Where the number comes from.
    pub origin: PhoneNumberOrigin,
    /// The number in E.164 form.
    pub phone_number: String,
    /// The application that answers messages to the number, in place of `sms_url`.
    pub sms_application_sid: Option<ApplicationSid>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: String,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: String,
    /// The URL requested when the number receives a message.
    pub sms_url: Option<String>,
    /// The URL told when a call to the number changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: String,
    /// The SIP trunk the number belongs to.
    pub trunk_sid: Option<String>,
    /// The URI of this number, relative to the host.
    pub uri: String,
    /// Where the number's verification stands.
    pub verification_status: String,
    /// The application that answers calls to the number, in place of `voice_url`.
    pub voice_application_sid: Option<ApplicationSid>,
    /// Whether the caller's name is looked up for calls to the number.
    pub voice_caller_id_lookup: Option<bool>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: String,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: String,
    /// The URL requested when the number receives a call.
    pub voice_url: Option<String>,
}

/// What a number of the project can do.
#[resource]
#[derive(Copy, Eq)]
pub struct IncomingPhoneNumberCapabilities {
    /// Whether it takes and places calls.
    pub voice: bool,
    /// Whether it sends and receives SMS.
    pub sms: bool,
    /// Whether it sends and receives MMS.
    pub mms: bool,
    /// Whether it sends and receives faxes.
    pub fax: bool,
}

/// Lists the project's phone numbers, a page at a time.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/IncomingPhoneNumbers",
    query,
    response = Page<IncomingPhoneNumber>,
    op = "list_incoming_phone_numbers"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPhoneNumbers {
    /// The subproject whose numbers to list; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many numbers a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
    /// Only this number, in E.164 form.
    pub phone_number: Option<String>,
    /// Only numbers with this description.
    pub friendly_name: Option<String>,
}

/// Buys an available number (`create_incoming_phone_number`).
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/IncomingPhoneNumbers",
    form,
    response = IncomingPhoneNumber,
    op = "create_incoming_phone_number"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyPhoneNumber {
    /// The subproject that buys it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The number to buy, in E.164 form, from a search.
    pub phone_number: String,
    /// A description of the number.
    pub friendly_name: Option<String>,
    /// The application that answers messages to the number.
    pub sms_application_sid: Option<ApplicationSid>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: Option<CallbackMethod>,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: Option<CallbackMethod>,
    /// The URL requested when the number receives a message.
    pub sms_url: Option<String>,
    /// The URL told when a call to the number changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The application that answers calls to the number.
    pub voice_application_sid: Option<ApplicationSid>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: Option<CallbackMethod>,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: Option<CallbackMethod>,
    /// Whether calls to the number are taken as voice calls or as faxes.
    pub voice_receive_mode: Option<VoiceReceiveMode>,
    /// The URL (a LaML bin's `request_url`, say) requested when the number receives a call.
    pub voice_url: Option<String>,
}

/// Fetches one of the project's numbers.
#[endpoint(
    GET,
    "/Accounts/<AccountSid>/IncomingPhoneNumbers/<Sid>",
    response = IncomingPhoneNumber,
    op = "retrieve_incoming_phone_number"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPhoneNumber {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The number's sid.
    pub sid: PhoneNumberSid,
}

/// Changes where a number's calls and messages go, or moves it to another
/// account of the space.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/IncomingPhoneNumbers/<Sid>",
    form,
    response = IncomingPhoneNumber,
    op = "update_incoming_phone_number"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatePhoneNumber {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The number's sid.
    pub sid: PhoneNumberSid,
    /// The account of the same space to move the number to.
    #[param(rename = "AccountSid")]
    pub transfer_to: Option<AccountSid>,
    /// The sid of the number's emergency address.
    pub emergency_address_sid: Option<String>,
    /// A description of the number.
    pub friendly_name: Option<String>,
    /// The application that answers messages to the number.
    pub sms_application_sid: Option<ApplicationSid>,
    /// The method of the request to `sms_fallback_url`.
    pub sms_fallback_method: Option<CallbackMethod>,
    /// The URL requested when `sms_url` fails.
    pub sms_fallback_url: Option<String>,
    /// The method of the request to `sms_url`.
    pub sms_method: Option<CallbackMethod>,
    /// The URL requested when the number receives a message.
    pub sms_url: Option<String>,
    /// The URL told when a call to the number changes status.
    pub status_callback: Option<String>,
    /// The method of the request to `status_callback`.
    pub status_callback_method: Option<CallbackMethod>,
    /// The application that answers calls to the number.
    pub voice_application_sid: Option<ApplicationSid>,
    /// The method of the request to `voice_fallback_url`.
    pub voice_fallback_method: Option<CallbackMethod>,
    /// The URL requested when `voice_url` fails.
    pub voice_fallback_url: Option<String>,
    /// The method of the request to `voice_url`.
    pub voice_method: Option<CallbackMethod>,
    /// Whether calls to the number are taken as voice calls or as faxes.
    pub voice_receive_mode: Option<VoiceReceiveMode>,
    /// The URL (a LaML bin's `request_url`, say) requested when the number receives a call.
    pub voice_url: Option<String>,
}

/// Releases one of the project's numbers: it is no longer the project's
/// (`delete_incoming_phone_number`).
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/IncomingPhoneNumbers/<Sid>",
    op = "delete_incoming_phone_number"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasePhoneNumber {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The number's sid.
    pub sid: PhoneNumberSid,
}

/// Brings a number from another carrier into the project
/// (`create_imported_phone_number`).
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/ImportedPhoneNumbers",
    form,
    response = IncomingPhoneNumber,
    op = "create_imported_phone_number"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPhoneNumber {
    /// The subproject that imports it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The number, in E.164 form.
    #[param(rename = "number")]
    pub number: String,
    /// Whether it is a local or a toll-free number.
    #[param(rename = "number_type")]
    pub number_type: ImportedNumberType,
    /// What the number can do.
    #[param(rename = "capabilities")]
    pub capabilities: Vec<NumberCapability>,
}
