//! Review: how the network is doing, and how it changed — the figures behind the Review
//! screen and `kith review`.
//!
//! Contract: pure, like the rest of the engine. The caller passes every contact's whole
//! history (touches oldest first, help exchanged with me) read in one pass, and "now"; the
//! rules here never query anything per checkpoint. The health of a tie at an earlier moment
//! is what [`analyze`](super::health::analyze) would have said then, given a snapshot taken
//! then ([`series()`] reproduces the snapshot's bounds and every component, computing the
//! intensity's decayed sum from prefix sums instead of once per checkpoint), so the trend's
//! last point is exactly the mean of today's health. A contact's circle, cadence and
//! archive flag are today's: the history of those edits is not kept.
//!
//! Every contact is evaluated once ([`evaluate`], in `series`); the panels, one file each,
//! read those evaluations:
//!
//! - **Circles** (`circles`): per circle, how many people and the spread of their health
//!   (five bands).
//! - **Trend** (`trend`): weekly for [`TREND_WEEKS`] weeks, the mean health of the ties that
//!   existed then (a contact with at least one interaction) and the interactions logged that
//!   week; the activity calendar.
//! - **Fading** (`fading`): inner and close ties whose warmth R dropped by at least
//!   [`MIN_DROP`] over the last 30 or 90 days, biggest drop first, with the drop and the
//!   weakest component.
//! - **One-sided** (`one_sided`): ties where one side starts the conversations (the last
//!   20, as the health reads them: at least [`MIN_ONE_SIDED`] started and a balance ≤ 0.5)
//!   or where help flows one way (at least 2 exchanges, balance ≤ 0.5), with the help ledger.
//! - **Map** (`map`): people as nodes; shared interests, introductions, recorded
//!   relationships and who was seen with whom as edges (each member of an interest linked to
//!   the next [`MAP_RING`] members in id order, so an interest shared by n people costs O(n)
//!   edges, not O(n²); each person to the [`MAP_KNOWS`] they were seen with most), each
//!   person placed by [`super::layout`], so people linked this way sit together.

mod circles;
mod fading;
mod map;
mod one_sided;
mod series;
mod trend;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::feedback::{self, Effect};
use super::snapshot::{ContactFacts, FeedbackFacts, Now, Touch};
use crate::model::Lane;

pub use circles::{circles, CircleShape};
pub use fading::{fading, fading_ids, FadingTie, MIN_DROP};
pub use map::{map, EdgeKind, MapEdge, MapNode, NetworkMap, MAP_KNOWS, MAP_LIMIT, MAP_RING};
pub use one_sided::{one_sided, Lean, OneSidedTie, MIN_ONE_SIDED};
pub use series::{
    evaluate, facts_at, person_series, series, Checkpoints, Evaluated, Point, SeriesPoint,
};
pub use trend::{activity, per_week, trend, Activity, TrendPoint};

/// How many weeks the trend covers (one point per week, plus now).
pub const TREND_WEEKS: i64 = 52;
/// The most fading and one-sided ties listed.
pub const MAX_LISTED: usize = 30;

/// A help exchange between me and a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelpEntry {
    pub at: DateTime<Utc>,
    /// I helped them (else they helped me).
    pub given: bool,
    pub text: String,
    /// The need or offer it answered, if one was named.
    pub ask: Option<String>,
}

/// One contact's whole history before `now`, as the review reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The contact (its `touches` and help counts are not read: see the fields below).
    pub facts: ContactFacts,
    /// Every interaction, oldest first (ties in time by interaction id).
    pub touches: Vec<Touch>,
    /// Help exchanged with me, oldest first.
    pub help: Vec<HelpEntry>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Until when reaching out to each contact is put off as of `now`: the latest snooze in the
/// reach-out lanes still running ([`feedback::effect`]; a help suggestion's snooze is not
/// about the tie). The weekly review passes over a snoozed tie until then, as Today does.
pub fn snoozes(given: &[FeedbackFacts], now: &Now) -> HashMap<i64, NaiveDate> {
    let mut out: HashMap<i64, NaiveDate> = HashMap::new();
    for f in given {
        if f.lane == Lane::Help || f.at > now.at {
            continue;
        }
        let Some(Effect::QuietUntil(until)) = feedback::effect(f, now) else {
            continue;
        };
        let at = out.entry(f.contact_id).or_insert(until);
        *at = (*at).max(until);
    }
    out
}

/// Everything the Review screen shows but the map and the calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub as_of: DateTime<Utc>,
    pub circles: Vec<CircleShape>,
    pub trend: Vec<TrendPoint>,
    pub fading: Vec<FadingTie>,
    pub one_sided: Vec<OneSidedTie>,
    pub activity: Activity,
}

#[cfg(test)]
mod tests;
