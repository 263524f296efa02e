//! API tokens: more credentials for the project (or one of its
//! subprojects), each with its own permissions. A token is shown once, when
//! it is created, and is listed nowhere; it authenticates with the project
//! id until it is deleted.
//!
//! These requests take the API's lower-case names (`name`, `permissions`,
//! `subproject_id`); updating one sends a JSON body.

use crate::sid::{AccountSid, TokenId};
use crate::{endpoint, resource, Secret};

/// An API token, as the API answers its creation or update.
///
/// Its `token` is a [`Secret`]: `Debug` never shows it.
#[resource]
pub struct ApiToken {
    /// The unique identifier of this token.
    #[resource(required)]
    pub id: TokenId,
    /// The token's name.
    pub name: String,
    /// What the token may do (`calling`, `messaging`, `fax`, `management`…).
    pub permissions: Vec<String>,
    /// The token itself, the password of Basic authentication with the project id.
    pub token: Secret,
}

/// Creates an API token.
#[endpoint(
    POST,
    "/Accounts/<AccountSid>/tokens",
    form,
    response = ApiToken,
    op = "create_token"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateToken {
    /// The subproject to create it in; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The token's name.
    #[param(rename = "name")]
    pub name: String,
    /// What the token may do (`calling`, `messaging`, `fax`, `management`…).
    #[param(rename = "permissions")]
    pub permissions: Vec<String>,
    /// The subproject the token is for.
    #[param(rename = "subproject_id")]
    pub subproject_id: Option<AccountSid>,
}

/// Renames an API token or changes its permissions, with a JSON body.
#[endpoint(
    PATCH,
    "/Accounts/<AccountSid>/tokens/<token_id>",
    json,
    response = ApiToken,
    op = "update_token"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateToken {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The token's id.
    pub token_id: TokenId,
    /// The token's new name.
    #[param(rename = "name")]
    pub name: Option<String>,
    /// What the token may do from now on; left unchanged when empty.
    #[param(rename = "permissions")]
    pub permissions: Vec<String>,
}

/// Deletes an API token: it no longer authenticates.
#[endpoint(
    DELETE,
    "/Accounts/<AccountSid>/tokens/<token_id>",
    op = "delete_token"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteToken {
    /// The subproject that owns it; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    /// The token's id.
    pub token_id: TokenId,
}
