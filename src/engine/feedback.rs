//! What the user's answers to a suggestion (done, snoozed, dismissed) do now.
//!
//! Contract: [`effect`] is the one rule for what a piece of feedback does at a moment, and
//! both Reach out (`suggest`, through [`reach_out`]) and Give help (`help`, through
//! [`hidden_in_help`]) apply it, so the two lanes cannot drift apart (they once counted
//! "done" differently). Feedback is kept per contact and lane (`suggestion_feedback`); the
//! reach-out and reconnect lanes share theirs, the help lane has its own and applies to the
//! help opportunities for that person's needs.
//!
//! Durations count from the moment the feedback was given, in days of 24 hours (like every
//! other "days since" in the engine); a snooze ends on its local day (`Now::today`).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::snapshot::{FeedbackFacts, Now, Snapshot};
use crate::model::{FeedbackAction, Lane};

/// How long a dismissal counts, in days from the moment it is given.
pub const DISMISS_DAYS: i64 = 30;
/// What a dismissal multiplies a reach-out priority by while it counts.
pub const DISMISS_FACTOR: f64 = 0.25;
/// How long "done" keeps a contact quiet, in days from the moment it is given.
pub const DONE_QUIET_DAYS: i64 = 3;

/// What one piece of feedback does now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// Snoozed: not shown before this local day, when it comes back.
    QuietUntil(NaiveDate),
    /// Marked done less than [`DONE_QUIET_DAYS`] days ago: not shown.
    Hidden,
    /// Dismissed less than [`DISMISS_DAYS`] days ago: shown, its priority multiplied by this.
    Lower(f64),
}

/// What `f` does at `now`; `None` once it no longer counts.
pub fn effect(f: &FeedbackFacts, now: &Now) -> Option<Effect> {
    match f.action {
        FeedbackAction::Snoozed => f
            .until
            .filter(|&until| now.today() < until)
            .map(Effect::QuietUntil),
        FeedbackAction::Done => {
            (now.days_since(f.at) < DONE_QUIET_DAYS as f64).then_some(Effect::Hidden)
        }
        FeedbackAction::Dismissed => {
            (now.days_since(f.at) < DISMISS_DAYS as f64).then_some(Effect::Lower(DISMISS_FACTOR))
        }
    }
}

/// How the feedback on `contact` in the reach-out lanes applies now: `None` when it keeps
/// them quiet, else the factor on their priority (1 without any).
pub fn reach_out(snap: &Snapshot, contact: i64, now: &Now) -> Option<f64> {
    let mut factor = 1.0;
    for f in snap
        .feedback
        .iter()
        .filter(|f| f.contact_id == contact && f.lane != Lane::Help)
    {
        match effect(f, now) {
            Some(Effect::QuietUntil(_) | Effect::Hidden) => return None,
            Some(Effect::Lower(x)) => factor = x,
            None => {}
        }
    }
    Some(factor)
}

/// Contacts whose help opportunities are hidden now: any feedback in the help lane that
/// still counts hides the person's needs (an opportunity has no priority to lower), and the
/// archived are never shown.
pub fn hidden_in_help(snap: &Snapshot, now: &Now) -> HashSet<i64> {
    snap.feedback
        .iter()
        .filter(|f| f.lane == Lane::Help && effect(f, now).is_some())
        .map(|f| f.contact_id)
        .chain(snap.contacts.iter().filter(|c| c.archived).map(|c| c.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::engine::snapshot::ContactFacts;

    fn done_at(lane: Lane, at: chrono::DateTime<Utc>) -> Snapshot {
        Snapshot {
            contacts: vec![ContactFacts::new(1, "Ana")],
            feedback: vec![FeedbackFacts {
                contact_id: 1,
                lane,
                action: FeedbackAction::Done,
                until: None,
                at,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn done_counts_three_days_from_the_moment_in_both_lanes() {
        // Given late in the evening: still quiet three calendar days later in the morning.
        let at = Utc.with_ymd_and_hms(2026, 3, 5, 23, 0, 0).unwrap();
        let morning = Now::utc(Utc.with_ymd_and_hms(2026, 3, 8, 9, 0, 0).unwrap());
        let after = Now::utc(at + Duration::days(3));
        let reach = done_at(Lane::ReachOut, at);
        assert_eq!(reach_out(&reach, 1, &morning), None);
        assert_eq!(reach_out(&reach, 1, &after), Some(1.0));
        let help = done_at(Lane::Help, at);
        assert!(hidden_in_help(&help, &morning).contains(&1));
        assert!(!hidden_in_help(&help, &after).contains(&1));
    }
}
