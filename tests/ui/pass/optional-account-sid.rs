use laml::sid::AccountSid;
use laml::{endpoint, Endpoint, Location};

/// Lists the queues of the project, or of the subproject `account_sid` names.
#[endpoint(GET, "/Accounts/<AccountSid>/Queues", query)]
pub struct ListQueues {
    /// The subproject whose queues to list; the client's project when `None`.
    pub account_sid: Option<AccountSid>,
    pub page_size: Option<u32>,
}

fn main() {
    let params = <ListQueues as Endpoint>::PARAMS;
    assert_eq!(params[0].name, "AccountSid");
    assert_eq!(params[0].field, Some("account_sid"));
    assert_eq!(params[0].location, Location::Path);
    assert!(params[0].required, "the path always carries it");
    assert_eq!(params.len(), 2);
    let _ = ListQueues::new().account_sid("subproject").page_size(5);
}
