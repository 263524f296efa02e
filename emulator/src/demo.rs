//! The demo data of [`crate::Config::seed_demo_data`]: seven conferences,
//! enough for `PageSize=2` to show four pages.

use time::{Duration, OffsetDateTime};

use crate::seed::{ConferenceSeed, ParticipantSeed, RecordingSeed};
use crate::state::Shared;

/// Every date is minutes or days before now and every conference is added
/// before what it holds, so no seed here can be refused.
pub(crate) fn seed(shared: &Shared) {
    let now = shared.store().now();
    let ago = |minutes: i64| Some(now - Duration::minutes(minutes));
    let conference = |friendly_name: &str, status: &str, created: Option<OffsetDateTime>| {
        ConferenceSeed {
            friendly_name: friendly_name.into(),
            status: status.into(),
            date_created: created,
            ..ConferenceSeed::default()
        }
        .insert(shared)
        .unwrap_or_default()
    };
    let day = 24 * 60;

    let standup = conference("Daily Standup", "in-progress", ago(15));
    for (muted, hold, minutes) in [(false, false, 15), (true, false, 14), (false, true, 12)] {
        let _ = ParticipantSeed {
            muted,
            hold,
            date_created: ago(minutes),
            ..ParticipantSeed::default()
        }
        .insert(shared, &standup);
    }
    let _ = RecordingSeed {
        date_created: ago(14),
        ..RecordingSeed::default()
    }
    .insert(shared, &standup);

    let escalation = conference("Customer Escalation", "in-progress", ago(5));
    for minutes in [5, 4] {
        let _ = ParticipantSeed {
            date_created: ago(minutes),
            ..ParticipantSeed::default()
        }
        .insert(shared, &escalation);
    }

    conference("Interview Room", "init", ago(1));

    let planning = conference("Weekly Planning", "completed", ago(day));
    let _ = RecordingSeed {
        status: "completed".into(),
        duration: 1800,
        channels: 2,
        price: Some("-0.0450".into()),
        date_created: ago(day),
        ..RecordingSeed::default()
    }
    .insert(shared, &planning);
    conference("Board Review", "completed", ago(2 * day));
    conference("Sales Kickoff", "completed", ago(3 * day));
    conference("Incident Retrospective", "completed", ago(7 * day));
}
