//! The emulator's clock, and the timers that move resources along it.
//!
//! A call rings, is answered and ends; a message is sent, then delivered.
//! Each step is a timer the resource's behaviour sets when it is created.
//! Timers run lazily: whoever takes the store first runs the timers that
//! are due (`Shared::store`, in the state above), so every request and every
//! accessor sees a state that agrees with the clock. A task of the
//! emulator also takes it every tenth of a second, so that apps hear of a
//! call's steps when nobody else looks.
//!
//! The clock reads the system's time plus whatever tests have advanced it,
//! unless they paused it. A timer's task is given the moment it was due,
//! not the moment it ran, so dates come out exact however late a state is
//! looked at.

use std::fmt;

use time::{Duration, OffsetDateTime};

/// How the emulator's clock moves: set with
/// [`Emulator::set_pace`](crate::Emulator::set_pace).
///
/// Whatever the pace, [`Emulator::advance`](crate::Emulator::advance) moves
/// the clock forward at once, running every timer it passes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pace {
    /// The clock follows the system's time: a call rings for real seconds.
    #[default]
    RealTime,
    /// The clock stands still until advanced: for tests that look at each
    /// step.
    Paused,
    /// The clock jumps to each timer as soon as anything looks: a call is
    /// over by the first request after it is placed, its dates as they
    /// would have been.
    Immediate,
}

impl Pace {
    pub(crate) const NAMES: [(&'static str, Pace); 3] = [
        ("real-time", Pace::RealTime),
        ("paused", Pace::Paused),
        ("immediate", Pace::Immediate),
    ];

    /// `real-time`, `paused` or `immediate`, as the control surface spells
    /// it.
    pub(crate) fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, pace)| *pace == self)
            .map_or("real-time", |(name, _)| name)
    }

    pub(crate) fn from_name(name: &str) -> Option<Pace> {
        Self::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, pace)| *pace)
    }
}

/// What a timer does to `S` (the store) when the clock reaches it, given
/// that moment.
pub(crate) type Task<S> = Box<dyn FnOnce(&mut S, OffsetDateTime) + Send>;

/// A step waiting for its moment, to run on `S` (the store, which the
/// clock does not know).
pub(crate) struct Timer<S> {
    pub(crate) at: OffsetDateTime,
    /// The order timers due at the same moment run in: the order they
    /// were set.
    pub(crate) sequence: u64,
    /// The sid of the resource the step moves, so that a resource that
    /// leaves its course (a call canceled while ringing) can drop the rest.
    pub(crate) owner: String,
    pub(crate) label: &'static str,
    pub(crate) task: Task<S>,
}

impl<S> fmt::Debug for Timer<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timer")
            .field("at", &self.at)
            .field("owner", &self.owner)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
pub(crate) struct Clock {
    pace: Pace,
    /// How far tests have moved the clock past the system's time.
    advanced: Duration,
    /// The time the clock stands at while paused.
    paused_at: Option<OffsetDateTime>,
}

impl Clock {
    /// The time in whole seconds, as the API reports times.
    pub(crate) fn now(&self) -> OffsetDateTime {
        let now = self
            .paused_at
            .unwrap_or_else(|| OffsetDateTime::now_utc() + self.advanced);
        now.replace_nanosecond(0).unwrap_or(now)
    }

    pub(crate) fn pace(&self) -> Pace {
        self.pace
    }

    pub(crate) fn set_pace(&mut self, pace: Pace) {
        let now = self.now();
        match (self.paused_at, pace) {
            (None, Pace::Paused) => self.paused_at = Some(now),
            (Some(paused_at), Pace::RealTime | Pace::Immediate) => {
                self.advanced = paused_at - OffsetDateTime::now_utc();
                self.paused_at = None;
            }
            _ => {}
        }
        self.pace = pace;
    }

    /// Moves the clock forward by `by`; a negative duration does nothing,
    /// as the clock never goes back.
    pub(crate) fn advance(&mut self, by: Duration) {
        if by.is_positive() {
            match &mut self.paused_at {
                Some(paused_at) => *paused_at = paused_at.saturating_add(by),
                None => self.advanced = self.advanced.saturating_add(by),
            }
        }
    }

    /// Whether a timer due `at` runs now: it is due, or the pace jumps the
    /// clock to it (and so moves the clock there).
    pub(crate) fn reach(&mut self, at: OffsetDateTime) -> bool {
        let now = self.now();
        if at <= now {
            return true;
        }
        if self.pace == Pace::Immediate {
            self.advance(at - now);
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paused_clock_moves_only_when_advanced() {
        let mut clock = Clock::default();
        clock.set_pace(Pace::Paused);
        let start = clock.now();
        assert_eq!(start.nanosecond(), 0);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(clock.now(), start);
        clock.advance(Duration::seconds(90));
        assert_eq!(clock.now(), start + Duration::seconds(90));
        clock.advance(Duration::seconds(-30));
        assert_eq!(clock.now(), start + Duration::seconds(90));
    }

    #[test]
    fn resuming_keeps_the_time_reached() {
        let mut clock = Clock::default();
        clock.set_pace(Pace::Paused);
        clock.advance(Duration::hours(2));
        let reached = clock.now();
        clock.set_pace(Pace::RealTime);
        let now = clock.now();
        assert!(
            now >= reached && now - reached < Duration::seconds(2),
            "{now}"
        );
        // It runs again from there.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(clock.now() > now);
        clock.advance(Duration::hours(1));
        assert!(clock.now() - reached >= Duration::hours(1));
    }

    #[test]
    fn only_an_immediate_clock_jumps_to_a_timer() {
        let mut clock = Clock::default();
        let later = clock.now() + Duration::minutes(5);
        assert!(!clock.reach(later));
        clock.set_pace(Pace::Paused);
        assert!(!clock.reach(later));
        clock.set_pace(Pace::Immediate);
        assert!(clock.reach(later));
        assert!(clock.now() >= later);
        assert!(clock.reach(later - Duration::minutes(10)));
    }

    #[test]
    fn paces_have_names() {
        for (name, pace) in Pace::NAMES {
            assert_eq!(pace.name(), name);
            assert_eq!(Pace::from_name(name), Some(pace));
        }
        assert_eq!(Pace::from_name("fast"), None);
    }
}
