//! The meeting brief: the calendar events of the next days with people in Kith
//! ([`Store::upcoming`]), and for each person what to have in mind ([`Store::brief`]). Read
//! in one transaction, as of a `now` the caller gives; nothing is written.
//!
//! The pieces come from what the engine already says about a person: their health and its
//! one-line reason (`engine::health`), their open needs with the best fit of the user's
//! offers and interests (`engine::help::needs_of`, the matching of "you can help"), the
//! follow-ups open with them (the reminders, due as `engine::reminders::due_on` says) and
//! their next important date (`engine::reminders::next_occurrence`).

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use crate::engine::health;
use crate::engine::help::needs_of;
use crate::engine::reminders::{due_on, next_occurrence};
use crate::engine::snapshot::{ContactFacts, ReminderFacts};
use crate::engine::{Now, Snapshot};
use crate::error::{Error, Result};
use crate::model::{
    Brief, BriefDate, BriefFollowUp, BriefInteraction, BriefNeed, BriefOffer, ContactRef, Settings,
    Upcoming,
};
use crate::store::capture_items::{self, CaptureAddress};
use crate::store::{contacts, interactions, snapshot};
use crate::Store;

/// How many past interactions a brief shows.
pub const LAST_INTERACTIONS: u32 = 3;
/// How far ahead a brief looks for a person's important date, in days.
pub const DATE_DAYS: i64 = 30;
/// The most days ahead [`Store::upcoming`] looks (the calendar window capture keeps).
pub const MAX_UPCOMING_DAYS: u32 = 30;

impl Store {
    /// The calendar events from `now` to `days` days ahead (1 to [`MAX_UPCOMING_DAYS`])
    /// with at least one person in Kith on them, soonest first, each with a brief on every
    /// such person.
    pub fn upcoming(&self, now: &Now, days: u32) -> Result<Vec<Upcoming>> {
        if days == 0 || days > MAX_UPCOMING_DAYS {
            return Err(Error::invalid(
                "days",
                format!(
                    "must be between 1 and {MAX_UPCOMING_DAYS} (calendars are read \
                     {MAX_UPCOMING_DAYS} days ahead)"
                ),
            ));
        }
        let tx = self.conn.unchecked_transaction()?;
        let to = now.at + Duration::days(i64::from(days));
        let items = capture_items::list_capture_items_upcoming(&tx, now.at, to)?;
        let me = contacts::get_self_id(&tx)?;
        let context = if items.is_empty() {
            None
        } else {
            Some(Context::read(&tx, self.settings()?, now)?)
        };
        let mut briefs: HashMap<i64, Brief> = HashMap::new();
        let mut out = Vec::new();
        for (id, source, item) in items {
            let mut addresses = capture_items::list_capture_addresses(&tx, id)?;
            // The organiser first, then by name (else address).
            addresses
                .sort_by_key(|a| (!a.from, a.name.clone().unwrap_or_default(), a.email.clone()));
            let (people, others) = people_on(&tx, &addresses, me)?;
            if people.is_empty() {
                continue;
            }
            let Some(ctx) = &context else { continue };
            let mut on = Vec::with_capacity(people.len());
            for p in people {
                let b = match briefs.entry(p) {
                    Entry::Occupied(e) => e.into_mut(),
                    Entry::Vacant(e) => e.insert(ctx.brief(&tx, p, now)?),
                };
                on.push(b.clone());
            }
            let title = item
                .subject
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            out.push(Upcoming {
                key: item.key,
                title: if title.is_empty() {
                    "(untitled event)".to_owned()
                } else {
                    title
                },
                starts_at: item.occurred_at,
                has_time: item.has_time,
                kind: item.kind,
                from_me: item.from_me,
                source_id: source,
                people: on,
                others,
            });
        }
        tx.finish()?;
        Ok(out)
    }

    /// What to have in mind before meeting contact `contact_id` (a live one), as of `now`.
    pub fn brief(&self, contact_id: i64, now: &Now) -> Result<Brief> {
        let tx = self.conn.unchecked_transaction()?;
        let ctx = Context::read(&tx, self.settings()?, now)?;
        let b = ctx.brief(&tx, contact_id, now)?;
        tx.finish()?;
        Ok(b)
    }
}

/// The live contacts (me left out) behind `addresses`, each once in their order, and how
/// many addresses are no one's.
fn people_on(
    conn: &Connection,
    addresses: &[CaptureAddress],
    me: Option<i64>,
) -> Result<(Vec<i64>, u32)> {
    let mut people = Vec::new();
    let mut others = 0;
    for a in addresses {
        match contacts::get_contact_by_email(conn, &a.email)? {
            Some(id) if Some(id) == me => {}
            Some(id) => {
                if !people.contains(&id) {
                    people.push(id);
                }
            }
            None => others += 1,
        }
    }
    Ok((people, others))
}

/// What every brief of one moment reads once: the settings, me, the open asks with the facts
/// of everyone who has one (what "you can help" matches against, as Today reads it), and the
/// open reminders.
struct Context {
    settings: Settings,
    snap: Snapshot,
    reminders: Vec<ReminderFacts>,
}

impl Context {
    fn read(conn: &Connection, settings: Settings, now: &Now) -> Result<Self> {
        let me = contacts::get_self_id(conn)?;
        let asks = snapshot::list_asks_open_at(conn, now.at)?;
        let mut ids: Vec<i64> = me
            .into_iter()
            .chain(asks.iter().map(|a| a.contact_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut facts = Vec::with_capacity(ids.len());
        for id in ids {
            facts.extend(snapshot::get_contact_facts(conn, id, now.at)?.map(|(c, _)| c));
        }
        let reminders = super::engine::open_reminder_facts(conn, now.at)?;
        let meaning = super::engine::meaning_for(&asks);
        Ok(Self {
            settings,
            snap: Snapshot {
                me,
                contacts: facts,
                asks,
                interest_aliases: crate::store::interests::list_interest_aliases(conn)?,
                meaning,
                ..Default::default()
            },
            reminders,
        })
    }

    fn me(&self) -> Option<&ContactFacts> {
        self.snap.me.and_then(|id| self.snap.contact(id))
    }

    /// The brief on contact `id`.
    fn brief(&self, conn: &Connection, id: i64, now: &Now) -> Result<Brief> {
        let Some((mut c, _)) = snapshot::get_contact_facts(conn, id, now.at)? else {
            return Err(Error::NotFound {
                entity: "contact".into(),
                id,
            });
        };
        c.touches = snapshot::list_touches(conn, id, now.at)?;
        if let Some(me) = self.snap.me.filter(|&me| me != id) {
            (c.help_given, c.help_received) = snapshot::get_help_between(conn, me, id, now.at)?;
        }
        let h = health::analyze(&c, now, &self.settings).health;
        let last_interactions =
            interactions::list_interactions_before(conn, id, now.at, LAST_INTERACTIONS)?
                .into_iter()
                .map(|i| BriefInteraction {
                    id: i.id,
                    occurred_at: i.occurred_at,
                    has_time: i.has_time,
                    kind: i.kind,
                    summary: i.summary,
                })
                .collect();
        let today = now.today();
        let mut follow_ups: Vec<BriefFollowUp> = self
            .reminders
            .iter()
            .filter(|r| r.contact_id == id)
            .filter_map(|r| {
                let due = due_on(r)?;
                Some(BriefFollowUp {
                    id: r.id,
                    due_on: due,
                    text: r.text.clone(),
                    source: r.source,
                    in_days: (due - today).num_days(),
                })
            })
            .collect();
        follow_ups.sort_by_key(|f| (f.due_on, f.id));
        Ok(Brief {
            contact: ContactRef {
                id,
                name: c.name.clone(),
            },
            last_interactions,
            follow_ups,
            needs: self.needs(&c),
            shared_interests: self.shared_interests(&c),
            date_coming_up: date_coming_up(&c, today),
            health: h.health,
            days_since_last: h.days_since_last,
            health_line: h.explanation,
        })
    }

    /// The open needs of `c`, each with the best fit of mine.
    fn needs(&self, c: &ContactFacts) -> Vec<BriefNeed> {
        if Some(c.id) == self.snap.me {
            return Vec::new();
        }
        // Everyone with an open ask is in the snapshot: someone who is not needs nothing.
        needs_of(&self.snap, c.id)
            .into_iter()
            .map(|f| BriefNeed {
                id: f.need.id,
                text: f.need.text,
                offer: f.offer.map(|o| BriefOffer {
                    id: o.id,
                    text: o.text,
                }),
                interest: f.interest,
                terms: f.terms,
            })
            .collect()
    }

    /// The interests `c` and I both have, by name.
    fn shared_interests(&self, c: &ContactFacts) -> Vec<String> {
        let Some(me) = self.me().filter(|me| me.id != c.id) else {
            return Vec::new();
        };
        let mine: BTreeSet<String> = me.interests.iter().map(|i| i.name.to_lowercase()).collect();
        let mut shared: Vec<String> = c
            .interests
            .iter()
            .filter(|i| mine.contains(&i.name.to_lowercase()))
            .map(|i| i.name.clone())
            .collect();
        shared.sort_by_key(|n| n.to_lowercase());
        shared.dedup();
        shared
    }
}

/// The next important date of `c` within [`DATE_DAYS`] of `today`, the soonest (then by
/// label).
fn date_coming_up(c: &ContactFacts, today: NaiveDate) -> Option<BriefDate> {
    c.dates
        .iter()
        .filter_map(|d| {
            let date = next_occurrence(d, today)?;
            let in_days = (date - today).num_days();
            (in_days <= DATE_DAYS).then(|| BriefDate {
                label: d.label.clone(),
                date,
                in_days,
                years: d
                    .year
                    .filter(|_| d.recurring)
                    .map(|y| chrono::Datelike::year(&date) - y),
            })
        })
        .min_by(|a, b| (a.date, &a.label).cmp(&(b.date, &b.label)))
}
