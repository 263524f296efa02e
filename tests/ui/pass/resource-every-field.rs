#![deny(unused_qualifications, missing_docs)]
//! Every kind of field a resource reads leniently, nested resources, a page
//! of them, and a crate that holds itself to strict lints.

use laml::sid::{AccountSid, CallSid};
use laml::{resource, wire_enum, Page, Timestamp};

wire_enum! {
    /// How a call went.
    pub enum CallStatus {
        /// Ringing.
        Ringing = "ringing",
        ..Unknown
    }
}

/// What a number can do.
#[resource]
#[derive(Eq)]
pub struct Capabilities {
    /// Takes voice calls.
    pub voice: bool,
}

/// A call.
#[resource(list = "calls")]
pub struct Call {
    /// Its sid.
    #[resource(required)]
    pub sid: CallSid,
    /// Its account.
    pub account_sid: AccountSid,
    /// The call that started it.
    pub parent_call_sid: Option<CallSid>,
    /// Its name.
    #[serde(rename = "friendly_name")]
    pub name: String,
    /// A note.
    pub annotation: Option<String>,
    /// How long, in seconds.
    pub duration: Option<i64>,
    /// How many segments.
    pub segments: u32,
    /// Whether it is muted.
    pub muted: bool,
    /// Whether it is held.
    pub hold: Option<bool>,
    /// When it started.
    pub start_time: Option<Timestamp>,
    /// When it ended.
    pub end_time: Timestamp,
    /// How it went.
    pub status: CallStatus,
    /// What the number can do.
    pub capabilities: Capabilities,
    /// Tags.
    pub tags: Vec<String>,
    /// Anything else.
    pub extra: serde_json::Value,
    /// A list of lists.
    pub history: Vec<Option<Capabilities>>,
}

fn main() {
    let page: Page<Call> = serde_json::from_str(
        r#"{"calls": [{"sid": "c1", "friendly_name": 7, "segments": "3", "muted": "true",
            "hold": null, "end_time": "soon", "status": "dialing", "tags": null,
            "capabilities": {"voice": 1}, "history": [null, {"voice": false}]}]}"#,
    )
    .unwrap();
    let call = &page.items[0];
    assert_eq!(call.sid, "c1");
    assert_eq!(call.name, "7");
    assert_eq!(call.segments, 3);
    assert!(call.muted && call.capabilities.voice);
    assert_eq!(call.hold, None);
    assert_eq!(call.end_time.as_str(), "soon");
    assert_eq!(call.status, CallStatus::Unknown("dialing".into()));
    assert!(call.tags.is_empty());
    assert_eq!(call.history.len(), 2);
    assert_eq!(call.clone(), *call);
    assert!(serde_json::from_str::<Call>("{}").is_err(), "the sid is required");
    let _ = format!("{:?}", Call::default());
}
