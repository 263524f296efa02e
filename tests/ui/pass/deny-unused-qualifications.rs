#![deny(unused_qualifications, missing_docs)]
//! A crate that holds itself to strict lints.

use laml::endpoint;

/// Lists conferences by name.
#[endpoint(GET, "/Accounts/<AccountSid>/Conferences", query, response = serde_json::Value)]
pub struct ListConferences {
    /// Only conferences with this name.
    pub friendly_name: Option<String>,
    /// Created before this date.
    #[param(rename = "DateCreated<")]
    pub date_created_before: Option<time::Date>,
}

fn main() {}
