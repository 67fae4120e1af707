//! What the user's answers to a suggestion (done, snoozed, dismissed) do now.
//!
//! Feedback is kept per contact and lane (`suggestion_feedback`); the reach-out and
//! reconnect lanes share theirs, the help lane has its own and applies to the help
//! opportunities for that person's needs. Both Reach out (`suggest`) and Give help (`help`)
//! read the rules here, so the two cannot drift apart.

use std::collections::HashSet;

use super::snapshot::{Now, Snapshot};
use crate::model::{FeedbackAction, Lane};

/// How long a dismissal counts, in days from the moment it is given.
pub const DISMISS_DAYS: i64 = 30;
/// What a dismissal multiplies a reach-out priority by while it counts.
pub const DISMISS_FACTOR: f64 = 0.25;
/// How long "done" keeps a contact quiet, in days.
pub const DONE_QUIET_DAYS: i64 = 3;

/// How the user's feedback affects `contact` in the reach-out lanes: hidden, or a factor.
pub fn reach_out(snap: &Snapshot, contact: i64, now: &Now) -> Option<f64> {
    let today = now.today();
    let mut factor = 1.0;
    for f in snap
        .feedback
        .iter()
        .filter(|f| f.contact_id == contact && f.lane != Lane::Help)
    {
        match f.action {
            FeedbackAction::Snoozed if f.until.is_some_and(|u| today < u) => return None,
            FeedbackAction::Done
                if (today - now.day_of(f.at, true)).num_days() < DONE_QUIET_DAYS =>
            {
                return None
            }
            FeedbackAction::Dismissed if now.days_since(f.at) < DISMISS_DAYS as f64 => {
                factor = DISMISS_FACTOR;
            }
            _ => {}
        }
    }
    Some(factor)
}

/// Contacts whose help opportunities are hidden now: snoozed in the help lane until after
/// `today`, or dismissed in it within the dismissal period.
pub fn hidden_in_help(snap: &Snapshot, now: &Now) -> HashSet<i64> {
    let today = now.today();
    snap.feedback
        .iter()
        .filter(|f| f.lane == Lane::Help)
        .filter(|f| match f.action {
            FeedbackAction::Snoozed => f.until.is_some_and(|u| today < u),
            FeedbackAction::Dismissed => now.days_since(f.at) < DISMISS_DAYS as f64,
            FeedbackAction::Done => now.days_since(f.at) < DONE_QUIET_DAYS as f64,
        })
        .map(|f| f.contact_id)
        .chain(snap.contacts.iter().filter(|c| c.archived).map(|c| c.id))
        .collect()
}
