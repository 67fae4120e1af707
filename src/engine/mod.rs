//! The follow-up engine: pure functions of (snapshot, now, settings) → scores with reasons.
//!
//! Contract: nothing here does I/O or reads the clock. The caller (the store's
//! `engine_snapshot`, the CLI's `--as-of`, the app) decides what "now" is and passes a
//! [`Snapshot`] holding only what happened before it; the same inputs always give the same
//! outputs, so tests and evaluations are reproducible. Days ("today", "an interaction
//! logged today", snooze dates) are local days of [`Now::offset`].
//!
//! - [`cadence`]: how often a tie expects contact (explicit, circle, learned median gap).
//! - [`warmth`]: R = (1 + F·t/S)^(−0.5), 0.9 exactly when due.
//! - [`health`]: 0–100 from five named components, with the weakest explained.
//! - [`suggest`]: today's reach-out and reconnect suggestions within a daily budget.
//! - [`bounded`]: the same Today reading only a few histories, through a loader closure.
//! - [`help`]: "you can help" and "introduce A to B" opportunities, with shared terms.
//! - [`feedback`]: what done, snoozed and dismissed do now, for both of those.
//! - [`reminders`]: overdue, due and upcoming follow-ups and important dates.
//! - [`notify`]: whether the daily desktop notification is due, and its words.
//! - [`review`]: the network's shape, trend, fading and one-sided ties, and its map.
//! - [`layout`]: where each person sits on that map (ForceAtlas2, computed here).
//!
//! Every rule and number is documented in its module and in `docs/ENGINE.md`.

pub mod bounded;
pub mod cadence;
pub mod feedback;
pub mod health;
pub mod help;
pub mod layout;
pub mod notify;
pub mod reminders;
pub mod review;
pub mod snapshot;
pub mod suggest;
pub mod text;
pub mod warmth;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use cadence::CadenceSource;
pub use health::{Component, Components, ContactHealth};
pub use help::{AskRef, HelpKind, HelpOpportunity};
pub use reminders::{ReminderItem, RemindersView, UpcomingDate};
pub use snapshot::{Now, Snapshot};
pub use suggest::Suggestion;

use crate::model::Settings;

/// Everything the Today screen shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Today {
    /// The moment evaluated.
    pub as_of: DateTime<Utc>,
    /// Its local day.
    pub today: NaiveDate,
    /// The most suggestions shown.
    pub budget: u32,
    pub suggestions: Vec<Suggestion>,
    /// What the person can help with, but what a suggestion already gives as a reason to
    /// reach out (said once, there)…
    pub help: Vec<HelpOpportunity>,
    /// …and how many such reasons there are.
    pub help_in_suggestions: u32,
    pub reminders: RemindersView,
}

/// Analyses every contact of `snap` (me included).
pub fn analyze_all(
    snap: &Snapshot,
    now: &Now,
    settings: &Settings,
) -> HashMap<i64, health::Analysis> {
    snap.contacts
        .iter()
        .map(|c| (c.id, health::analyze(c, now, settings)))
        .collect()
}

/// Today: suggestions (at most `limit`, else the daily budget), help opportunities and
/// follow-ups.
pub fn today(snap: &Snapshot, now: &Now, settings: &Settings, limit: Option<u32>) -> Today {
    let analyses = analyze_all(snap, now, settings);
    let hidden = feedback::hidden_in_help(snap, now);
    let help = help::opportunities(snap, &hidden, None);
    let budget = limit.unwrap_or(settings.daily_budget);
    let suggestions = suggest::suggestions(
        snap,
        &analyses,
        &help,
        now,
        usize::try_from(budget).unwrap_or(usize::MAX),
    );
    let (help, help_in_suggestions) = suggest::help_not_in(&suggestions, help);
    Today {
        as_of: now.at,
        today: now.today(),
        budget,
        help,
        help_in_suggestions,
        suggestions,
        reminders: reminders::reminders(snap, now),
    }
}

/// The health of every contact of `snap` but me and the archived, in snapshot order.
pub fn health_all(snap: &Snapshot, now: &Now, settings: &Settings) -> Vec<ContactHealth> {
    snap.contacts
        .iter()
        .filter(|c| !c.is_self && !c.archived && Some(c.id) != snap.me)
        .map(|c| health::analyze(c, now, settings).health)
        .collect()
}

/// The help opportunities of `snap` as of `now` (the help lane's feedback applied), of one
/// kind when `only` says which.
pub fn help_opportunities(
    snap: &Snapshot,
    now: &Now,
    only: Option<HelpKind>,
) -> Vec<HelpOpportunity> {
    help::opportunities(snap, &feedback::hidden_in_help(snap, now), only)
}

#[cfg(test)]
mod tests;
