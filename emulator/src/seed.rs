//! What a test puts in the emulator before its client runs.
//!
//! Seeds are served as given, without the checks a request's parameters get,
//! so a test can also set up states a client should cope with (an unknown
//! status, a sid that is not a uuid).

use serde_json::{Map, Value};
use time::{OffsetDateTime, UtcOffset};

use crate::behaviour::conferences::key;
use crate::state::{rfc2822, Entry, Shared, Store};

/// A conference for [`crate::Emulator::seed_conference`].
///
/// # Examples
///
/// ```
/// use laml_emulator::ConferenceSeed;
///
/// let seed = ConferenceSeed {
///     friendly_name: "Team Sync".into(),
///     status: "in-progress".into(),
///     ..ConferenceSeed::default()
/// };
/// assert_eq!(seed.sid, None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConferenceSeed {
    /// The sid; `None` generates a uuid. Any string works, even one with
    /// `/`, `?`, `#`, `%` or spaces: clients reach it percent-encoded.
    pub sid: Option<String>,
    /// `friendly_name`.
    pub friendly_name: String,
    /// `status`: `init`, `in-progress` or `completed`. Default `in-progress`.
    pub status: String,
    /// `date_created`, also used as `date_updated`; `None` is now. Years
    /// 1900 to 9999, as RFC 2822 dates can show.
    pub date_created: Option<OffsetDateTime>,
    /// `region`; `None` is `us1`.
    pub region: Option<String>,
}

impl Default for ConferenceSeed {
    fn default() -> Self {
        ConferenceSeed {
            sid: None,
            friendly_name: "My Conference Room".into(),
            status: "in-progress".into(),
            date_created: None,
            region: None,
        }
    }
}

impl ConferenceSeed {
    /// Adds the conference, or replaces the one with the same sid (and its
    /// participants, recordings and streams), and returns its sid; `Err`
    /// says why `date_created` cannot be shown.
    pub(crate) fn insert(self, shared: &Shared) -> Result<String, String> {
        let mut store = shared.store();
        let created = date_or_now(
            self.date_created,
            store.now(),
            "ConferenceSeed::date_created",
        )?;
        let sid = self.sid.unwrap_or_else(|| store.new_sid());
        let mut conference = entry(&sid, created);
        conference.set("friendly_name", self.friendly_name);
        conference.set("status", self.status);
        conference.set("region", self.region.unwrap_or_else(|| "us1".into()));
        store.insert(key(&shared.project_id, &[]), conference);
        Ok(sid)
    }
}

/// A seed's date, or `now`; `Err` names `field` when the date is outside
/// the years RFC 2822 dates can show.
pub(crate) fn date_or_now(
    date: Option<OffsetDateTime>,
    now: OffsetDateTime,
    field: &str,
) -> Result<OffsetDateTime, String> {
    match date {
        None => Ok(now),
        Some(date) if (1900..=9999).contains(&date.to_offset(UtcOffset::UTC).year()) => Ok(date),
        Some(date) => Err(format!(
            "{field} {date} is outside the years 1900 to 9999 that RFC 2822 dates show"
        )),
    }
}

/// Why a participant or recording seed was not added.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SeedError {
    /// There is no conference with the sid given.
    NoConference,
    /// `date_created` cannot be shown; the message says why.
    Date(String),
}

/// A participant for [`crate::Emulator::seed_participant`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantSeed {
    /// The participant's `call_sid`; `None` generates a uuid.
    pub call_sid: Option<String>,
    /// `status`: `in-progress` or `completed`. Default `in-progress`.
    pub status: String,
    /// `muted`.
    pub muted: bool,
    /// `hold`.
    pub hold: bool,
    /// `coaching`.
    pub coaching: bool,
    /// `call_sid_to_coach`.
    pub call_sid_to_coach: Option<String>,
    /// `end_conference_on_exit`: when set, deleting the participant also
    /// ends the conference.
    pub end_conference_on_exit: bool,
    /// `start_conference_on_enter`. Default `true`.
    pub start_conference_on_enter: bool,
    /// `date_created`, also used as `date_updated`; `None` is now.
    pub date_created: Option<OffsetDateTime>,
}

impl Default for ParticipantSeed {
    fn default() -> Self {
        ParticipantSeed {
            call_sid: None,
            status: "in-progress".into(),
            muted: false,
            hold: false,
            coaching: false,
            call_sid_to_coach: None,
            end_conference_on_exit: false,
            start_conference_on_enter: true,
            date_created: None,
        }
    }
}

impl ParticipantSeed {
    /// Adds the participant to conference `conference_sid`, or replaces the
    /// one with the same call sid, and returns its call sid.
    pub(crate) fn insert(self, shared: &Shared, conference_sid: &str) -> Result<String, SeedError> {
        let mut store = shared.store();
        let created = date_or_now(
            self.date_created,
            store.now(),
            "ParticipantSeed::date_created",
        )
        .map_err(SeedError::Date)?;
        let call_sid = self.call_sid.unwrap_or_else(|| store.new_sid());
        let participants = under(&store, &shared.project_id, conference_sid, "Participants")?;
        let mut participant = entry(&call_sid, created);
        participant.set("status", self.status);
        participant.set("muted", self.muted);
        participant.set("hold", self.hold);
        participant.set("coaching", self.coaching);
        participant.set("call_sid_to_coach", self.call_sid_to_coach);
        participant.set("end_conference_on_exit", self.end_conference_on_exit);
        participant.set("start_conference_on_enter", self.start_conference_on_enter);
        store.insert(participants, participant);
        Ok(call_sid)
    }
}

/// A conference recording for [`crate::Emulator::seed_recording`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingSeed {
    /// The sid; `None` generates a uuid.
    pub sid: Option<String>,
    /// `status`, one of `ConferenceRecordingStatus`: `queued`,
    /// `in-progress`, `paused`, `resumed`, `completed`, `absent` or
    /// `stopped`. Default `in-progress`. A recording that is `completed`,
    /// `stopped` or `absent` gets an `end_time` of `date_created + duration`.
    pub status: String,
    /// `duration`, in seconds.
    pub duration: u32,
    /// `channels` (and `channel`): 1 or 2. Default 1.
    pub channels: u8,
    /// `source`: `Conference` or `StartConferenceRecording` (the default).
    pub source: String,
    /// `price`, such as `-0.0025`; `None` shows `null`.
    pub price: Option<String>,
    /// `date_created`, also `start_time` and `date_updated`; `None` is now.
    pub date_created: Option<OffsetDateTime>,
}

impl Default for RecordingSeed {
    fn default() -> Self {
        RecordingSeed {
            sid: None,
            status: "in-progress".into(),
            duration: 0,
            channels: 1,
            source: "StartConferenceRecording".into(),
            price: None,
            date_created: None,
        }
    }
}

impl RecordingSeed {
    /// Adds the recording to conference `conference_sid`, or replaces the
    /// one with the same sid, and returns its sid.
    pub(crate) fn insert(self, shared: &Shared, conference_sid: &str) -> Result<String, SeedError> {
        let mut store = shared.store();
        let created = date_or_now(
            self.date_created,
            store.now(),
            "RecordingSeed::date_created",
        )
        .map_err(SeedError::Date)?;
        let sid = self.sid.unwrap_or_else(|| store.new_sid());
        let recordings = under(&store, &shared.project_id, conference_sid, "Recordings")?;
        let duration = i64::from(self.duration);
        let ended = matches!(self.status.as_str(), "completed" | "stopped" | "absent");
        let end_time = ended.then(|| rfc2822(created + time::Duration::seconds(duration)));
        let mut recording = entry(&sid, created);
        recording.set("status", self.status);
        recording.set("channel", self.channels.to_string());
        recording.set("channels", self.channels.to_string());
        recording.set("source", self.source);
        recording.set("duration", duration);
        recording.set("price", self.price);
        recording.set("price_unit", "USD");
        recording.set("start_time", rfc2822(created));
        recording.set("end_time", end_time);
        recording.set("call_sid", Value::Null);
        recording.set("error_code", Value::Null);
        recording.set("encryption_details", Value::Null);
        recording.set("trim", "do-not-trim");
        store.insert(recordings, recording);
        Ok(sid)
    }
}

/// The project's own account, as Get an Account shows it.
pub(crate) fn account(store: &mut Store, project_id: &str, api_token: &str, signing_key: &str) {
    let mut account = entry(project_id, store.now());
    account.set("friendly_name", "laml-emulator project");
    account.set("status", "active");
    account.set("type", "Full");
    account.set("auth_token", api_token);
    account.set("signing_key", signing_key);
    account.set("owner_account_sid", project_id);
    account.set("region_preference", "us1");
    account.set("subproject", false);
    store.insert(vec!["Accounts".into()], account);
}

/// A resource created at `created`, also its `date_updated`.
fn entry(id: &str, created: OffsetDateTime) -> Entry {
    let mut entry = Entry {
        id: id.to_owned(),
        fields: Map::new(),
    };
    entry.set("date_created", rfc2822(created));
    entry.set("date_updated", rfc2822(created));
    entry
}

/// The collection `kind` of conference `conference_sid`, if it exists.
fn under(
    store: &Store,
    project_id: &str,
    conference_sid: &str,
    kind: &str,
) -> Result<Vec<String>, SeedError> {
    store
        .get(&key(project_id, &[]), conference_sid)
        .ok_or(SeedError::NoConference)?;
    Ok(key(project_id, &[conference_sid, kind]))
}
