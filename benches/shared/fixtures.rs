//! The credentials, ids and response bodies every bench uses, shaped as
//! SignalWire sends them.

pub const PROJECT_ID: &str = "446e9986-0848-4d46-a617-48793c41f5a5";
pub const API_TOKEN: &str = "PT4f6a9d2b0c1e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e";
pub const CONFERENCE_SID: &str = "a811cb2c-9e5f-415d-a951-401b0ed4cc76";
pub const CALL_SID: &str = "9f3c2e1a-7b6d-4c5e-8f9a-0b1c2d3e4f5a";

/// Where requests go when nothing is sent (request preparation).
pub const OFFLINE_ORIGIN: &str = "https://example.signalwire.com";

/// The body of a 200 answer to Fetch or Update Conference.
pub fn conference_json(sid: &str) -> String {
    format!(
        concat!(
            r#"{{"account_sid":"{project}","api_version":"2010-04-01","#,
            r#""date_created":"Wed, 18 Aug 2021 19:21:34 +0000","#,
            r#""date_updated":"Wed, 18 Aug 2021 19:26:12 +0000","#,
            r#""friendly_name":"Weekly standup","region":"us1","sid":"{sid}","#,
            r#""status":"completed","subresource_uris":{{"#,
            r#""participants":"/api/laml/2010-04-01/Accounts/{project}/Conferences/{sid}/Participants.json","#,
            r#""recordings":"/api/laml/2010-04-01/Accounts/{project}/Conferences/{sid}/Recordings.json"}},"#,
            r#""uri":"/api/laml/2010-04-01/Accounts/{project}/Conferences/{sid}.json"}}"#
        ),
        project = PROJECT_ID,
        sid = sid,
    )
}

/// The body of the second page of List Conferences, holding `items`
/// conferences.
pub fn conference_page_json(items: usize) -> String {
    let conferences: Vec<String> = (0..items)
        .map(|i| conference_json(&format!("a811cb2c-9e5f-415d-a951-{i:012x}")))
        .collect();
    let list = format!("/api/laml/2010-04-01/Accounts/{PROJECT_ID}/Conferences.json");
    format!(
        concat!(
            r#"{{"conferences":[{conferences}],"end":{end},"#,
            r#""first_page_uri":"{list}?Page=0&PageSize={items}","#,
            r#""next_page_uri":"{list}?Page=2&PageSize={items}&PageToken=PAa811cb2c","#,
            r#""page":1,"page_size":{items},"#,
            r#""previous_page_uri":"{list}?Page=0&PageSize={items}&PageToken=PBa811cb2c","#,
            r#""start":{items},"uri":"{list}?Page=1&PageSize={items}"}}"#
        ),
        conferences = conferences.join(","),
        end = 2 * items - 1,
        items = items,
        list = list,
    )
}
