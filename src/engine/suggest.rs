//! Who to reach out to today, and why.
//!
//! **Reach out** (ties that are due): priority = importance(circle) × (1 − R) × (1 − p),
//! where R is the warmth at the effective cadence and p the chance of contact anyway in the
//! next [`ANYWAY_HORIZON_DAYS`] days, 1 − e^(−7λ), λ being the rate over the last
//! [`ANYWAY_WINDOW_DAYS`] days of interactions *they* started (mutual or unknown count
//! half). A contact is a candidate when due (R < 0.9, i.e. the cadence has elapsed) or when
//! a boost applies. Boosts add to the priority, each with its reason: a promise (mine or
//! theirs) due within [`PROMISE_DAYS`] days or overdue (+0.5), an important date within
//! [`DATE_DAYS`] days (+0.3; birthdays recur yearly), an open need of theirs I can help with
//! (+0.25), an interest we newly share, added in the last [`NEW_INTEREST_DAYS`] days (+0.1).
//!
//! **Reconnect** (dormant ties that were once strong, Levin, Walter & Murnighan 2011): no
//! contact for at least max([`DORMANT_DAYS`], 2 × cadence) days, after at least four
//! distinct days of contact at a median gap of at most [`STRONG_GAP_DAYS`] days (or three,
//! in the inner or close circle). Priority = importance × (1 − R) × strength + boosts,
//! strength = min(1, days/10) × min(1, 30/gap).
//!
//! Never suggested: me, archived contacts, anyone with an interaction on today's local day,
//! anyone the user's feedback keeps quiet (snoozed until after today, marked done in the
//! last [`feedback::DONE_QUIET_DAYS`] days). A dismissal multiplies the priority by
//! [`feedback::DISMISS_FACTOR`] for [`feedback::DISMISS_DAYS`] days (the rules are in
//! [`feedback`]). At most `budget` suggestions (default 5), of which at most ⌈budget / 5⌉
//! reconnect. Contacts never contacted are suggested only when the user put them in a
//! circle.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cadence;
use super::feedback;
use super::health::{cadence_phrase, round3, Analysis};
use super::help::{HelpKind, HelpOpportunity};
use super::reminders::next_occurrence;
use super::snapshot::{ContactFacts, Now, Snapshot};
use super::warmth::{warmth, DUE_WARMTH};
use crate::model::{Circle, Initiator, Lane, ReminderSource, ReminderStatus, Settings};

pub const DORMANT_DAYS: f64 = 180.0;
pub const STRONG_GAP_DAYS: f64 = 60.0;
pub const PROMISE_DAYS: i64 = 2;
pub const DATE_DAYS: i64 = 7;
pub const NEW_INTEREST_DAYS: f64 = 30.0;
pub const ANYWAY_WINDOW_DAYS: f64 = 90.0;
pub const ANYWAY_HORIZON_DAYS: f64 = 7.0;
pub const BOOST_PROMISE: f64 = 0.5;
pub const BOOST_DATE: f64 = 0.3;
pub const BOOST_HELP: f64 = 0.25;
pub const BOOST_INTEREST: f64 = 0.1;

/// How much a tie of this circle matters (no circle counts as wider).
pub fn importance(circle: Option<Circle>) -> f64 {
    match circle {
        Some(Circle::Inner) => 1.0,
        Some(Circle::Close) => 0.7,
        Some(Circle::Network) => 0.4,
        Some(Circle::Wider) | None => 0.2,
    }
}

/// One person to contact today, with the reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    pub contact_id: i64,
    pub name: String,
    pub circle: Option<Circle>,
    pub lane: Lane,
    pub priority: f64,
    pub warmth: f64,
    pub health: u32,
    pub days_since_last: Option<i64>,
    pub cadence_days: f64,
    /// Human-readable, most important first.
    pub reasons: Vec<String>,
}

/// `help` without what a suggestion already says (a need of someone suggested today, given as
/// one of their reasons to reach out, is said once, there, where the person acts on it), and
/// how many were left out.
pub fn help_not_in(
    suggestions: &[Suggestion],
    mut help: Vec<HelpOpportunity>,
) -> (Vec<HelpOpportunity>, u32) {
    let before = help.len();
    help.retain(|h| {
        h.kind != HelpKind::CanHelp
            || !suggestions
                .iter()
                .any(|s| s.contact_id == h.need.contact.id && s.reasons.contains(&h.reason))
    });
    let moved = u32::try_from(before - help.len()).unwrap_or(u32::MAX);
    (help, moved)
}

fn in_days(n: i64) -> String {
    match n {
        0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days"),
    }
}

/// The chance they will be in touch anyway in the next week (see the module doc).
pub fn chance_anyway(c: &ContactFacts, now: &Now) -> f64 {
    let weight: f64 = c
        .touches
        .iter()
        .filter(|t| {
            let d = now.days_since(t.at);
            (0.0..ANYWAY_WINDOW_DAYS).contains(&d)
        })
        .map(|t| match t.initiated_by {
            Some(Initiator::Them) => 1.0,
            Some(Initiator::Me) => 0.0,
            Some(Initiator::Mutual) | None => 0.5,
        })
        .sum();
    let rate = weight / ANYWAY_WINDOW_DAYS;
    1.0 - (-rate * ANYWAY_HORIZON_DAYS).exp()
}

/// The boosts that apply to `c` today: total and reasons.
fn boosts(
    c: &ContactFacts,
    snap: &Snapshot,
    help: &[HelpOpportunity],
    now: &Now,
) -> (f64, Vec<String>) {
    let today = now.today();
    let mut total = 0.0;
    let mut reasons = Vec::new();
    // A promise coming due.
    let mut promises: Vec<_> = snap
        .reminders
        .iter()
        .filter(|r| {
            r.contact_id == c.id
                && matches!(
                    r.source,
                    ReminderSource::Promise | ReminderSource::TheirPromise
                )
        })
        .filter_map(|r| match r.status {
            ReminderStatus::Open => Some((r.due_on, r)),
            ReminderStatus::Snoozed => {
                let on = r.snoozed_until.unwrap_or(r.due_on).max(r.due_on);
                Some((on, r))
            }
            _ => None,
        })
        .filter(|(on, _)| (*on - today).num_days() <= PROMISE_DAYS)
        .collect();
    promises.sort_by_key(|(on, r)| (*on, r.id));
    if let Some((on, r)) = promises.first() {
        let d = (*on - today).num_days();
        let when = if d < 0 {
            match -d {
                1 => "was due yesterday".to_owned(),
                n => format!("was due {n} days ago"),
            }
        } else {
            format!("due {}", in_days(d))
        };
        let who = if r.source == ReminderSource::TheirPromise {
            "they"
        } else {
            "you"
        };
        reasons.push(format!("{who} promised “{}”, {when}", r.text));
        total += BOOST_PROMISE;
    }
    // An important date within a week.
    let mut dates: Vec<_> = c
        .dates
        .iter()
        .filter_map(|d| next_occurrence(d, today).map(|on| ((on - today).num_days(), d)))
        .filter(|(n, _)| *n <= DATE_DAYS)
        .collect();
    dates.sort_by_key(|(n, _)| *n);
    if let Some((n, d)) = dates.first() {
        reasons.push(format!("{} {}", d.label, in_days(*n)));
        total += BOOST_DATE;
    }
    // An open need I can help with.
    if let Some(h) = help
        .iter()
        .find(|h| h.kind == HelpKind::CanHelp && h.need.contact.id == c.id)
    {
        reasons.push(h.reason.clone());
        total += BOOST_HELP;
    }
    // A newly shared interest.
    if let Some(me) = snap.me.and_then(|id| snap.contact(id)) {
        let mut fresh: Vec<(f64, &str)> = c
            .interests
            .iter()
            .filter_map(|i| {
                let mine = me
                    .interests
                    .iter()
                    .find(|m| m.name.eq_ignore_ascii_case(&i.name))?;
                let newest = i.added_at?.max(mine.added_at?);
                let age = now.days_since(newest);
                (0.0..=NEW_INTEREST_DAYS)
                    .contains(&age)
                    .then_some((age, i.name.as_str()))
            })
            .collect();
        fresh.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, name)) = fresh.first() {
            reasons.push(format!("you now both like {name}"));
            total += BOOST_INTEREST;
        }
    }
    (total, reasons)
}

/// Today's suggestions, best first, at most `budget`.
pub fn suggestions(
    snap: &Snapshot,
    analyses: &HashMap<i64, Analysis>,
    help: &[HelpOpportunity],
    now: &Now,
    budget: usize,
) -> Vec<Suggestion> {
    let mut lanes = Lanes::default();
    for c in &snap.contacts {
        if let Some(a) = analyses.get(&c.id) {
            lanes.push(suggest_one(c, a, snap, help, now));
        }
    }
    lanes.select(budget)
}

/// Whether `c` is never suggested whatever its history: me, archived.
fn excluded(c: &ContactFacts, snap: &Snapshot) -> bool {
    c.is_self || c.archived || Some(c.id) == snap.me
}

/// The suggestion for one contact today, if any (see the module doc).
pub fn suggest_one(
    c: &ContactFacts,
    a: &Analysis,
    snap: &Snapshot,
    help: &[HelpOpportunity],
    now: &Now,
) -> Option<Suggestion> {
    let today = now.today();
    if excluded(c, snap) || a.days.first() == Some(&today) {
        return None;
    }
    let factor = feedback::reach_out(snap, c.id, now)?;
    if a.last_at.is_none() && c.circle.is_none() {
        return None;
    }
    let (boost, boost_reasons) = boosts(c, snap, help, now);
    let imp = importance(c.circle);
    let since = a.health.days_since_last;
    let t = a.t_days.unwrap_or(0.0);
    let strong = a.cadence.observed.is_some_and(|gap| {
        (a.days.len() >= 4 && gap <= STRONG_GAP_DAYS)
            || (a.days.len() >= 3 && matches!(c.circle, Some(Circle::Inner | Circle::Close)))
    });
    let dormant = a.last_at.is_some() && t >= DORMANT_DAYS.max(2.0 * a.cadence.days);
    let (lane, base, mut reasons) = if dormant && strong {
        let gap = a.cadence.observed.unwrap_or(STRONG_GAP_DAYS).max(1.0);
        let n = a.days.len();
        let strength = (n as f64 / 10.0).min(1.0) * (30.0 / gap).min(1.0);
        let last = a.days.first().map(|d| d.to_string()).unwrap_or_default();
        (
            Lane::Reconnect,
            imp * (1.0 - a.warmth) * strength,
            vec![
                format!(
                    "you used to be in touch every {} days ({n} days of contact up to {last})",
                    gap.round() as i64
                ),
                format!(
                    "quiet for {} days: a dormant tie is a source of fresh, trusted advice",
                    since.unwrap_or(0)
                ),
            ],
        )
    } else {
        let due = a.last_at.is_none() || a.warmth < DUE_WARMTH;
        if !due && boost == 0.0 {
            return None;
        }
        let base = if due {
            imp * (1.0 - a.warmth) * (1.0 - chance_anyway(c, now))
        } else {
            0.0
        };
        let main = match since {
            None => format!(
                "no interaction logged yet; they are in your {} circle",
                c.circle.map(<&str>::from).unwrap_or_default()
            ),
            Some(n) => format!(
                "last spoke {}; {} days",
                super::health::ago(n),
                cadence_phrase(&a.cadence)
            ),
        };
        (
            Lane::ReachOut,
            base,
            if due { vec![main] } else { Vec::new() },
        )
    };
    reasons.extend(boost_reasons);
    if factor < 1.0 {
        reasons.push("dismissed recently: shown lower for a while".into());
    }
    Some(Suggestion {
        contact_id: c.id,
        name: c.name.clone(),
        circle: c.circle,
        lane,
        priority: round3((base + boost) * factor),
        warmth: a.health.warmth,
        health: a.health.health,
        days_since_last: since,
        cadence_days: a.health.cadence_days,
        reasons,
    })
}

/// Best first; ties by contact id.
fn order(x: &Suggestion, y: &Suggestion) -> Ordering {
    y.priority
        .total_cmp(&x.priority)
        .then_with(|| x.contact_id.cmp(&y.contact_id))
}

/// The suggestions found so far, by lane, and the rule that picks today's from them: at
/// most ⌈budget / 5⌉ reconnect, the rest reach out.
#[derive(Debug, Default)]
pub struct Lanes {
    reach: Vec<Suggestion>,
    reconnect: Vec<Suggestion>,
}

impl Lanes {
    pub fn push(&mut self, s: Option<Suggestion>) {
        match s {
            Some(s) if s.lane == Lane::Reconnect => self.reconnect.push(s),
            Some(s) => self.reach.push(s),
            None => {}
        }
    }

    /// Today's suggestions from these, best first.
    pub fn select(mut self, budget: usize) -> Vec<Suggestion> {
        self.reach.sort_by(order);
        self.reconnect.sort_by(order);
        self.reconnect.truncate(budget.div_ceil(5));
        self.reach
            .truncate(budget.saturating_sub(self.reconnect.len()));
        let mut out = self.reach;
        out.extend(self.reconnect);
        out.sort_by(order);
        out.truncate(budget);
        out
    }

    /// Whether no contact still to be read can change [`Lanes::select`]: `next` is the
    /// highest bound among those left, `next_reconnect` the highest among those left that may
    /// reconnect (`None` when there is none). A suggestion below every selected one still
    /// counts while a lane is short: a reconnect takes a slot whatever its priority.
    pub fn settled(
        &mut self,
        budget: usize,
        next: Option<f64>,
        next_reconnect: Option<f64>,
    ) -> bool {
        let quota = budget.div_ceil(5);
        self.reconnect.sort_by(order);
        self.reach.sort_by(order);
        let beaten = |lane: &[Suggestion], k: usize, bound: Option<f64>| match bound {
            None => true,
            Some(_) if k == 0 => true,
            Some(b) => lane.len() >= k && b < lane[k - 1].priority,
        };
        if !beaten(&self.reconnect, quota, next_reconnect) {
            return false;
        }
        let kept = self.reconnect.len().min(quota);
        beaten(&self.reach, budget.saturating_sub(kept), next)
    }
}

/// The most a contact can score today without reading its interactions, from what a summary
/// holds: its circle and explicit cadence, its last interaction, its boosts and feedback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// No priority of the contact today is higher.
    pub priority: f64,
    /// Whether it may be a reconnect suggestion (dormant long enough, whatever its cadence).
    pub may_reconnect: bool,
}

/// The boosts that apply to `c` today (see the module doc), in total.
pub fn boost_total(c: &ContactFacts, snap: &Snapshot, help: &[HelpOpportunity], now: &Now) -> f64 {
    boosts(c, snap, help, now).0
}

/// An upper bound on `c`'s suggestion today, `None` when it cannot be suggested. `c` needs
/// its circle, explicit cadence and flags, not its touches; `last_at` is its last interaction
/// before `now`, `boost` at least its [`boost_total`]. Sound because warmth falls as the
/// cadence shortens and no cadence is below [`cadence::shortest`]; the chance of contact
/// anyway and a reconnect's strength are at most 1.
pub fn bound(
    c: &ContactFacts,
    last_at: Option<DateTime<Utc>>,
    boost: f64,
    snap: &Snapshot,
    now: &Now,
    settings: &Settings,
) -> Option<Bound> {
    if excluded(c, snap) || (last_at.is_none() && c.circle.is_none()) {
        return None;
    }
    let factor = feedback::reach_out(snap, c.id, now)?;
    let imp = importance(c.circle);
    let floor = cadence::shortest(c.cadence_days, c.circle, &settings.circle_gaps);
    let (base, may_reconnect) = match last_at {
        None => (imp, false),
        Some(at) => {
            let t = now.days_since(at);
            let r = warmth(t, floor);
            let dormant = t >= DORMANT_DAYS.max(2.0 * floor);
            (
                if r < DUE_WARMTH || dormant {
                    imp * (1.0 - r)
                } else {
                    0.0
                },
                dormant,
            )
        }
    };
    if base == 0.0 && boost == 0.0 {
        return None;
    }
    Some(Bound {
        priority: round3((base + boost) * factor + 1e-9),
        may_reconnect,
    })
}
