//! The demo data of [`crate::Config::seed_demo_data`]: seven conferences,
//! enough for `PageSize=2` to show four pages.

use time::{Duration, OffsetDateTime};

use crate::seed::{ConferenceSeed, ParticipantSeed, RecordingSeed};
use crate::state::now;
use crate::Emulator;

pub(crate) fn seed(emulator: &Emulator) {
    let now = now();
    let ago = |minutes: i64| Some(now - Duration::minutes(minutes));
    let conference = |friendly_name: &str, status: &str, created: Option<OffsetDateTime>| {
        emulator.seed_conference(ConferenceSeed {
            friendly_name: friendly_name.into(),
            status: status.into(),
            date_created: created,
            ..ConferenceSeed::default()
        })
    };
    let day = 24 * 60;

    let standup = conference("Daily Standup", "in-progress", ago(15));
    for (muted, hold, minutes) in [(false, false, 15), (true, false, 14), (false, true, 12)] {
        emulator.seed_participant(
            &standup,
            ParticipantSeed {
                muted,
                hold,
                date_created: ago(minutes),
                ..ParticipantSeed::default()
            },
        );
    }
    emulator.seed_recording(
        &standup,
        RecordingSeed {
            date_created: ago(14),
            ..RecordingSeed::default()
        },
    );

    let escalation = conference("Customer Escalation", "in-progress", ago(5));
    for minutes in [5, 4] {
        emulator.seed_participant(
            &escalation,
            ParticipantSeed {
                date_created: ago(minutes),
                ..ParticipantSeed::default()
            },
        );
    }

    conference("Interview Room", "init", ago(1));

    let planning = conference("Weekly Planning", "completed", ago(day));
    emulator.seed_recording(
        &planning,
        RecordingSeed {
            status: "completed".into(),
            duration: 1800,
            channels: 2,
            price: Some("-0.0450".into()),
            date_created: ago(day),
            ..RecordingSeed::default()
        },
    );
    conference("Board Review", "completed", ago(2 * day));
    conference("Sales Kickoff", "completed", ago(3 * day));
    conference("Incident Retrospective", "completed", ago(7 * day));
}
