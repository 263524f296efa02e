//! The emulator's state: conferences with their participants, recordings
//! and streams, and how each is shown to a client.

use std::collections::HashMap;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc2822;
use time::{OffsetDateTime, UtcOffset};

use crate::sid::SidGenerator;

/// The path every `uri` in a response starts with.
pub(crate) const API_PREFIX: &str = "/api/laml/2010-04-01";
pub(crate) const API_VERSION: &str = "2010-04-01";

/// Everything but RFC 3986's unreserved characters, so a sid is always one
/// path segment, whatever it holds.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) conferences: HashMap<String, Conference>,
    pub(crate) sids: SidGenerator,
}

impl Store {
    pub(crate) fn new(sids: SidGenerator) -> Self {
        Store {
            conferences: HashMap::new(),
            sids,
        }
    }

    /// A uuid that no conference, participant, recording or stream has.
    pub(crate) fn new_sid(&mut self) -> String {
        loop {
            let sid = self.sids.uuid();
            let taken = self.conferences.iter().any(|(conference_sid, conference)| {
                *conference_sid == sid
                    || conference.participants.iter().any(|p| p.call_sid == sid)
                    || conference.recordings.iter().any(|r| r.sid == sid)
                    || conference.streams.iter().any(|s| s.sid == sid)
            });
            if !taken {
                return sid;
            }
        }
    }

    /// Conferences ordered as lists show them: by `date_created`, then sid.
    pub(crate) fn conferences_in_order(&self) -> Vec<&Conference> {
        let mut conferences: Vec<&Conference> = self.conferences.values().collect();
        conferences.sort_by(|a, b| (a.date_created, &a.sid).cmp(&(b.date_created, &b.sid)));
        conferences
    }
}

#[derive(Debug)]
pub(crate) struct Conference {
    pub(crate) sid: String,
    pub(crate) friendly_name: String,
    pub(crate) status: String,
    pub(crate) region: String,
    pub(crate) date_created: OffsetDateTime,
    pub(crate) date_updated: OffsetDateTime,
    pub(crate) participants: Vec<Participant>,
    pub(crate) recordings: Vec<Recording>,
    pub(crate) streams: Vec<Stream>,
}

impl Conference {
    pub(crate) fn is_completed(&self) -> bool {
        self.status == "completed"
    }

    /// Ends the conference: its participants leave, its recordings complete
    /// and its streams stop.
    pub(crate) fn complete(&mut self, now: OffsetDateTime) {
        self.status = "completed".into();
        self.date_updated = now;
        self.participants.clear();
        for recording in &mut self.recordings {
            if recording.is_active() {
                recording.finish("completed", now);
            }
        }
        for stream in &mut self.streams {
            if stream.status != "stopped" {
                stream.status = "stopped".into();
                stream.date_updated = now;
            }
        }
    }

    pub(crate) fn recording_mut(&mut self, sid: &str) -> Option<&mut Recording> {
        self.recordings.iter_mut().find(|r| r.sid == sid)
    }

    pub(crate) fn participants_in_order(&self) -> Vec<&Participant> {
        let mut participants: Vec<&Participant> = self.participants.iter().collect();
        participants
            .sort_by(|a, b| (a.date_created, &a.call_sid).cmp(&(b.date_created, &b.call_sid)));
        participants
    }

    pub(crate) fn recordings_in_order(&self) -> Vec<&Recording> {
        let mut recordings: Vec<&Recording> = self.recordings.iter().collect();
        recordings.sort_by(|a, b| (a.date_created, &a.sid).cmp(&(b.date_created, &b.sid)));
        recordings
    }

    pub(crate) fn to_json(&self, account_sid: &str) -> Value {
        let path = conference_path(account_sid, &self.sid);
        json!({
            "sid": self.sid,
            "account_sid": account_sid,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "friendly_name": self.friendly_name,
            "status": self.status,
            "api_version": API_VERSION,
            "region": self.region,
            "uri": format!("{path}.json"),
            "subresource_uris": {
                "participants": format!("{path}/Participants.json"),
                "recordings": format!("{path}/Recordings.json"),
            },
        })
    }
}

#[derive(Debug)]
pub(crate) struct Participant {
    pub(crate) call_sid: String,
    pub(crate) status: String,
    pub(crate) muted: bool,
    pub(crate) hold: bool,
    pub(crate) coaching: bool,
    pub(crate) call_sid_to_coach: Option<String>,
    pub(crate) end_conference_on_exit: bool,
    pub(crate) start_conference_on_enter: bool,
    pub(crate) date_created: OffsetDateTime,
    pub(crate) date_updated: OffsetDateTime,
}

impl Participant {
    pub(crate) fn to_json(&self, account_sid: &str, conference_sid: &str) -> Value {
        let path = conference_path(account_sid, conference_sid);
        json!({
            "account_sid": account_sid,
            "call_sid": self.call_sid,
            "call_sid_to_coach": self.call_sid_to_coach,
            "coaching": self.coaching,
            "conference_sid": conference_sid,
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "end_conference_on_exit": self.end_conference_on_exit,
            "hold": self.hold,
            "muted": self.muted,
            "start_conference_on_enter": self.start_conference_on_enter,
            "status": self.status,
            "uri": format!("{path}/Participants/{}.json", segment(&self.call_sid)),
        })
    }
}

#[derive(Debug)]
pub(crate) struct Recording {
    pub(crate) sid: String,
    pub(crate) status: String,
    pub(crate) channels: u8,
    pub(crate) source: String,
    pub(crate) duration: i64,
    pub(crate) price: Option<String>,
    pub(crate) date_created: OffsetDateTime,
    pub(crate) date_updated: OffsetDateTime,
    pub(crate) end_time: Option<OffsetDateTime>,
}

impl Recording {
    /// Still taking audio, so it can be paused, resumed or stopped.
    pub(crate) fn is_active(&self) -> bool {
        matches!(
            self.status.as_str(),
            "queued" | "in-progress" | "paused" | "resumed"
        )
    }

    pub(crate) fn finish(&mut self, status: &str, now: OffsetDateTime) {
        self.status = status.into();
        self.date_updated = now;
        self.end_time = Some(now);
        self.duration = (now - self.date_created).whole_seconds().max(0);
    }

    pub(crate) fn to_json(&self, account_sid: &str, conference_sid: &str) -> Value {
        let path = conference_path(account_sid, conference_sid);
        let sid = segment(&self.sid);
        json!({
            "sid": self.sid,
            "account_sid": account_sid,
            "api_version": API_VERSION,
            "call_sid": null,
            "conference_sid": conference_sid,
            "channel": self.channels.to_string(),
            "channels": self.channels.to_string(),
            "date_created": rfc2822(self.date_created),
            "date_updated": rfc2822(self.date_updated),
            "start_time": rfc2822(self.date_created),
            "end_time": self.end_time.map(rfc2822),
            "duration": self.duration,
            "price": self.price,
            "price_unit": "USD",
            "source": self.source,
            "status": self.status,
            "error_code": null,
            "uri": format!("{path}/Recordings/{sid}.json"),
            "subresource_uris": {
                "transcriptions": format!(
                    "{API_PREFIX}/Accounts/{}/Recordings/{sid}/Transcriptions.json",
                    segment(account_sid)
                ),
            },
            "encryption_details": null,
            "trim": "do-not-trim",
        })
    }
}

#[derive(Debug)]
pub(crate) struct Stream {
    pub(crate) sid: String,
    pub(crate) name: Option<String>,
    pub(crate) status: String,
    pub(crate) date_updated: OffsetDateTime,
}

impl Stream {
    pub(crate) fn to_json(&self, account_sid: &str, conference_sid: &str) -> Value {
        let path = conference_path(account_sid, conference_sid);
        json!({
            "account_sid": account_sid,
            "conference_sid": conference_sid,
            "date_updated": rfc2822(self.date_updated),
            "name": self.name,
            "sid": self.sid,
            "status": self.status,
            "uri": format!("{path}/Streams/{}.json", segment(&self.sid)),
        })
    }
}

/// `value` percent-encoded as one path segment.
pub(crate) fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// `/api/laml/2010-04-01/Accounts/{AccountSid}/Conferences`, without `.json`.
pub(crate) fn conferences_path(account_sid: &str) -> String {
    format!("{API_PREFIX}/Accounts/{}/Conferences", segment(account_sid))
}

/// A conference's path, without `.json`.
pub(crate) fn conference_path(account_sid: &str, conference_sid: &str) -> String {
    format!(
        "{}/{}",
        conferences_path(account_sid),
        segment(conference_sid)
    )
}

/// The current time in whole seconds, as the API reports times.
pub(crate) fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(0).unwrap_or(now)
}

/// `Wed, 18 Aug 2021 19:21:34 +0000`.
pub(crate) fn rfc2822(moment: OffsetDateTime) -> String {
    // The seeds check that their dates can be formatted (years 1900 to 9999).
    moment
        .to_offset(UtcOffset::UTC)
        .format(&Rfc2822)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn dates_are_rfc_2822_in_utc() {
        assert_eq!(
            rfc2822(datetime!(2021-08-18 21:21:34 +02:00)),
            "Wed, 18 Aug 2021 19:21:34 +0000"
        );
    }

    #[test]
    fn sids_in_paths_are_one_segment() {
        assert_eq!(segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(
            segment("b3877c40-da60-4998-90ad-b792e98472cf"),
            "b3877c40-da60-4998-90ad-b792e98472cf"
        );
    }
}
