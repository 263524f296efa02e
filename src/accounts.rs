//! Accounts: the project itself, and the subprojects created under it, each
//! with its own credentials (its sid and `auth_token`) and resources.
//!
//! A subproject's resources are reached with its own credentials, or with
//! the project's: through [`Client::for_account`](crate::Client::for_account)
//! for every family, or the `account_sid` field of the requests that have
//! one.

use crate::sid::AccountSid;
use crate::{endpoint, resource, wire_enum, Page, Secret, Timestamp};

wire_enum! {
    /// Whether an account can be used.
    pub enum AccountStatus {
        /// In use.
        Active = "active",
        ..Unknown
    }
}

wire_enum! {
    /// The kind of an account.
    pub enum AccountType {
        /// A full account.
        Full = "Full",
        ..Unknown
    }
}

/// An account: the project, or one of its subprojects.
///
/// Its `auth_token` and `signing_key` are [`Secret`]s: `Debug` never shows
/// them.
#[resource(list = "accounts")]
pub struct Account {
    /// The unique identifier of this account, its user name in Basic authentication.
    #[resource(required)]
    pub sid: AccountSid,
    /// A description of the account.
    pub friendly_name: String,
    /// Whether the account can be used.
    pub status: AccountStatus,
    /// The account's token, its password in Basic authentication.
    pub auth_token: Secret,
    /// When this account was created.
    pub date_created: Option<Timestamp>,
    /// When this account was last updated.
    pub date_updated: Option<Timestamp>,
    /// The kind of account.
    pub r#type: AccountType,
    /// The project that owns this account; its own sid for the project.
    pub owner_account_sid: AccountSid,
    /// The region the account prefers.
    pub region_preference: String,
    /// The URI of this account, relative to the host.
    pub uri: String,
    /// Whether this account is a subproject.
    pub subproject: bool,
    /// The key that signs the API's requests to the account's URLs.
    pub signing_key: Option<Secret>,
    /// Links to the account's resources.
    pub subresource_uris: AccountSubresourceUris,
}

/// Links to the resources of an account; the API has no resource behind
/// the others it names (`addresses`, `keys`, `sip`…), which are `null`.
#[resource]
#[derive(Eq)]
pub struct AccountSubresourceUris {
    /// The account's numbers available to buy.
    pub available_phone_numbers: String,
    /// The account's applications.
    pub applications: String,
    /// The account's calls.
    pub calls: String,
    /// The account's conferences.
    pub conferences: String,
    /// The account's phone numbers.
    pub incoming_phone_numbers: String,
    /// The account's messages.
    pub messages: String,
    /// The account's queues.
    pub queues: String,
    /// The account's recordings.
    pub recordings: String,
    /// The account's transcriptions.
    pub transcriptions: String,
    /// Always `null`.
    pub addresses: Option<String>,
    /// Always `null`.
    pub authorized_connect_apps: Option<String>,
    /// Always `null`.
    pub connect_apps: Option<String>,
    /// Always `null`.
    pub keys: Option<String>,
    /// Always `null`.
    pub notifications: Option<String>,
    /// Always `null`.
    pub outgoing_caller_ids: Option<String>,
    /// Always `null`.
    pub sandbox: Option<String>,
    /// Always `null`.
    pub sip: Option<String>,
    /// Always `null`.
    pub short_codes: Option<String>,
    /// Always `null`.
    pub usage: Option<String>,
}

/// Lists the accounts the credentials reach: the project and its
/// subprojects.
#[endpoint(
    GET,
    "/Accounts",
    query,
    response = Page<Account>,
    op = "list_accounts"
)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAccounts {
    /// Only accounts with this description.
    pub friendly_name: Option<String>,
    /// The page to fetch, from 0.
    #[doc(alias = "page_number")]
    pub page: Option<u32>,
    /// How many accounts a page holds: 50 when left out, at most 1000.
    pub page_size: Option<u32>,
    /// The token of the page to fetch, from a page URI.
    pub page_token: Option<String>,
}

/// Creates a subproject of the project, with its own credentials
/// (`create_subprojects`).
#[endpoint(POST, "/Accounts", form, response = Account, op = "create_subprojects")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSubproject {
    /// A description of the subproject.
    pub friendly_name: String,
}

/// Fetches one account: the project, or one of its subprojects.
#[endpoint(GET, "/Accounts/<Sid>", response = Account, op = "get_account")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchAccount {
    /// The account's sid (the project id, for the project).
    pub sid: AccountSid,
}

/// Changes an account's description.
#[endpoint(POST, "/Accounts/<Sid>", form, response = Account, op = "update_account")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateAccount {
    /// The account's sid (the project id, for the project).
    pub sid: AccountSid,
    /// A description of the account.
    pub friendly_name: String,
}
