//! Today, bound-then-read: the same answer as [`super::today`] on a full snapshot, reading
//! the interactions of only a few contacts.
//!
//! Contract: the engine decides what is read and in what order; the caller only reads. The
//! caller passes a partial [`Snapshot`] — me, the facts of [`facts_wanted`] (those the help
//! and follow-up rules read in full), those with a date in the next [`DATES_AHEAD_DAYS`]
//! days (their dates only), the asks, reminders, feedback and connections, but no one's
//! interactions — every live contact's [`ContactSummaryFacts`], and a loader that reads one
//! contact's history. Still pure: the only I/O is through that loader, and `now` is given.
//!
//! Every contact gets an upper bound on its priority from its summary ([`suggest::bound`]);
//! then contacts are read through the loader and scored exactly, best bound first, until no
//! one left can change the selection ([`Lanes::settled`]). Its cost follows the contacts
//! that are due, not the whole history. Why the bound is sound: `docs/ENGINE.md`, "Today
//! without reading every history".

use std::collections::{HashMap, HashSet};

use super::help::HelpOpportunity;
use super::snapshot::{AskFacts, ContactFacts, ContactSummaryFacts, Now, ReminderFacts, Snapshot};
use super::suggest::{self, Bound, Lanes};
use super::{health, reminders, Today};
use crate::model::Settings;

/// How many days ahead Today needs people's dates: the reminders' upcoming dates and the
/// date boost, whichever looks further.
pub const DATES_AHEAD_DAYS: i64 = if reminders::UPCOMING_DAYS > suggest::DATE_DAYS {
    reminders::UPCOMING_DAYS
} else {
    suggest::DATE_DAYS
};

/// Whose facts (interests, dates, flags) the help and follow-up rules read in full: me, and
/// the people with an open ask or reminder. Ascending, without repeats.
pub fn facts_wanted(me: Option<i64>, asks: &[AskFacts], reminders: &[ReminderFacts]) -> Vec<i64> {
    let mut wanted: Vec<i64> = Vec::new();
    wanted.extend(me);
    wanted.extend(asks.iter().map(|a| a.contact_id));
    wanted.extend(reminders.iter().map(|r| r.contact_id));
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// Today's suggestions (at most `limit`, else the daily budget), help opportunities and
/// follow-ups, from `snap` (see the module doc) and `summaries`. `dates_only` are the
/// contacts of `snap` whose dates alone were read (not their interests).
///
/// `read(id, held)` gives contact `id` with its history (its newest interactions and the
/// help between us, as a full snapshot holds them), `Ok(None)` if it is gone; `held` is its
/// facts when `snap` already has them in full, so only the history needs reading.
pub fn today<E>(
    snap: &Snapshot,
    dates_only: &HashSet<i64>,
    summaries: &[ContactSummaryFacts],
    now: &Now,
    settings: &Settings,
    limit: Option<u32>,
    mut read: impl FnMut(i64, Option<ContactFacts>) -> Result<Option<ContactFacts>, E>,
) -> Result<Today, E> {
    let budget = limit.unwrap_or(settings.daily_budget);
    let budget_n = usize::try_from(budget).unwrap_or(usize::MAX);
    let help = super::help_opportunities(snap, now, None);
    let by_id: HashMap<i64, usize> = snap
        .contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let candidates = candidates(snap, &by_id, dates_only, summaries, &help, now, settings);
    let next_reconnect = next_reconnect(&candidates);
    let mut lanes = Lanes::default();
    for (i, (bound, s)) in candidates.iter().enumerate() {
        if lanes.settled(budget_n, Some(bound.priority), next_reconnect[i]) {
            break;
        }
        // Facts already read in full (not only the dates) are not read again.
        let held = by_id
            .get(&s.id)
            .filter(|_| !dates_only.contains(&s.id))
            .map(|&i| snap.contacts[i].clone());
        let Some(c) = read(s.id, held)? else {
            continue;
        };
        let analysis = health::analyze(&c, now, settings);
        lanes.push(suggest::suggest_one(&c, &analysis, snap, &help, now));
    }
    let suggestions = lanes.select(budget_n);
    let (help, help_in_suggestions) = suggest::help_not_in(&suggestions, help);
    Ok(Today {
        as_of: now.at,
        today: now.today(),
        budget,
        help,
        help_in_suggestions,
        suggestions,
        reminders: reminders::reminders(snap, now),
    })
}

/// Every contact that may be suggested today with its bound, best bound first (ties by id).
fn candidates<'a>(
    snap: &Snapshot,
    by_id: &HashMap<i64, usize>,
    dates_only: &HashSet<i64>,
    summaries: &'a [ContactSummaryFacts],
    help: &[HelpOpportunity],
    now: &Now,
    settings: &Settings,
) -> Vec<(Bound, &'a ContactSummaryFacts)> {
    // Someone whose facts were not read has no date coming up, no open ask or reminder:
    // their only possible boost is an interest they newly share with me.
    let unknown_boost = if snap
        .me
        .and_then(|id| snap.contact(id))
        .is_some_and(|c| !c.interests.is_empty())
    {
        suggest::BOOST_INTEREST
    } else {
        0.0
    };
    let mut out: Vec<(Bound, &ContactSummaryFacts)> = Vec::new();
    for s in summaries {
        let bound = match by_id.get(&s.id) {
            Some(&i) => {
                let c = &snap.contacts[i];
                let mut boost = suggest::boost_total(c, snap, help, now);
                if dates_only.contains(&c.id) {
                    boost += unknown_boost;
                }
                suggest::bound(c, s.last_at, boost, snap, now, settings)
            }
            None => {
                let mut c = ContactFacts::new(s.id, "");
                c.circle = s.circle;
                c.cadence_days = s.cadence_days;
                c.archived = s.archived;
                c.is_self = s.is_self;
                suggest::bound(&c, s.last_at, unknown_boost, snap, now, settings)
            }
        };
        out.extend(bound.map(|b| (b, s)));
    }
    out.sort_by(|a, b| {
        b.0.priority
            .total_cmp(&a.0.priority)
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    out
}

/// For each position of `candidates`, the best bound among those from there on that may
/// reconnect (`None` past the last such).
fn next_reconnect(candidates: &[(Bound, &ContactSummaryFacts)]) -> Vec<Option<f64>> {
    let mut next = vec![None; candidates.len() + 1];
    for i in (0..candidates.len()).rev() {
        next[i] = if candidates[i].0.may_reconnect {
            Some(candidates[i].0.priority)
        } else {
            next[i + 1]
        };
    }
    next
}
