//! From capture items to interactions: the items of one thread (or meeting) on one UTC day
//! make one interaction with every contact on them — kind from the items, summary the
//! subject, `initiated_by` whoever wrote (or organised) the first of them, when it happened
//! the first item's time. Settling a thread-day again (a later message of the same day, a
//! person added from the queue, a moved meeting) brings its interaction in step with its
//! items: participants added, time and who started moved; a day left with no item or no
//! contact loses the interaction capture made for it. An interaction the person has put in the
//! trash is left alone.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::error::Result;
use crate::model::{Initiator, InteractionKind, NewInteraction};
use crate::store::capture_items::{CaptureAddress, CaptureItem};
use crate::store::{capture_interactions, capture_items, contacts, interactions};
use crate::validate::{LINE_MAX_CHARS, MAX_PARTICIPANTS};

/// The UTC day an item at `at` counts on, as the start of that day.
pub fn day_start(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(at, |d| d.and_utc())
}

/// Which live contact each address is, asked of the database once per address: within one
/// read, contacts do not change.
#[derive(Debug, Default)]
pub struct ByEmail(rustc_hash::FxHashMap<String, Option<i64>>);

impl ByEmail {
    pub fn get(&mut self, conn: &Connection, email: &str) -> Result<Option<i64>> {
        if let Some(found) = self.0.get(email) {
            return Ok(*found);
        }
        let found = contacts::get_contact_by_email(conn, email)?;
        self.0.insert(email.to_owned(), found);
        Ok(found)
    }
}

/// The key of a thread-day in `capture_interaction` (`capture_items::list_capture_items_due`
/// builds the same key in SQL).
fn thread_day(thread: &str, day: DateTime<Utc>) -> String {
    format!("{}|{thread}", day.format("%Y-%m-%d"))
}

/// What settling a thread-day did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Created(i64),
    Updated(i64),
    Removed,
    Nothing,
}

/// Settles thread-days one after the other (see [`Settling::settle`]), then adds the
/// participants of what they made all at once ([`Settling::finish`]): one recomputed
/// `last_interaction_at` per contact instead of one per participant row. Nothing reads
/// participants or contacts' last interactions in between; dropped without `finish` (an
/// error, rolled back with the batch) it adds nothing.
#[derive(Debug)]
pub struct Settling<'a> {
    by_email: &'a mut ByEmail,
    /// (interaction, contact, when) to add.
    added: Vec<(i64, i64, DateTime<Utc>)>,
}

impl<'a> Settling<'a> {
    pub fn new(by_email: &'a mut ByEmail) -> Self {
        Settling {
            by_email,
            added: Vec::new(),
        }
    }

    /// Brings the interaction of `thread` on the day starting at `day` in step with its items
    /// (see the module docs), read from the database. `source` is recorded on an interaction
    /// it creates; `now` is when.
    pub fn settle(
        &mut self,
        conn: &Connection,
        thread: &str,
        day: DateTime<Utc>,
        source: i64,
        now: DateTime<Utc>,
    ) -> Result<Settled> {
        let items = capture_items::list_thread_day(conn, thread, day)?;
        self.settle_items(conn, thread, day, &items, source, now)
    }

    /// [`Settling::settle`] with the thread-day's items in hand: exactly what
    /// `capture_items::list_thread_day` would read back (oldest first, each with its
    /// addresses), for a caller that has just written them.
    pub fn settle_items(
        &mut self,
        conn: &Connection,
        thread: &str,
        day: DateTime<Utc>,
        items: &[(CaptureItem, Vec<CaptureAddress>)],
        source: i64,
        now: DateTime<Utc>,
    ) -> Result<Settled> {
        let key = thread_day(thread, day);
        let existing = match capture_interactions::get_capture_interaction(conn, &key)? {
            // The person put it in the trash: capture leaves it there, and makes no other.
            Some((_, true)) => return Ok(Settled::Nothing),
            Some((id, false)) => Some(id),
            None => None,
        };
        let mut people = BTreeSet::new();
        for (_, addresses) in items {
            for a in addresses {
                if let Some(id) = self.by_email.get(conn, &a.email)? {
                    people.insert(id);
                }
            }
        }
        let Some((first, _)) = items.iter().find(|(i, _)| i.occurred_at <= now) else {
            return remove(conn, existing, &key, now);
        };
        if people.is_empty() {
            return remove(conn, existing, &key, now);
        }
        let summary = items
            .iter()
            .map(|(i, _)| i.subject.trim())
            .find(|s| !s.is_empty())
            .map_or_else(|| no_subject(first.kind), str::to_owned);
        let input = NewInteraction {
            participants: people.iter().copied().take(MAX_PARTICIPANTS).collect(),
            kind: first.kind,
            occurred_at: first.occurred_at,
            has_time: first.has_time,
            summary: one_line(&summary),
            notes: String::new(),
            initiated_by: Some(if first.from_me {
                Initiator::Me
            } else {
                Initiator::Them
            }),
            quality: None,
            help: Vec::new(),
            follow_up: None,
        };
        let input = input.validated(now)?;
        match existing {
            Some(id) => {
                interactions::update_interaction_captured(conn, id, &input, now)?;
                let had: BTreeSet<i64> = interactions::list_participants(conn, id)?
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                for &p in input.participants.iter().filter(|p| !had.contains(p)) {
                    self.added.push((id, p, input.occurred_at));
                }
                Ok(Settled::Updated(id))
            }
            None => {
                let id = interactions::insert_interaction_from_source(conn, &input, source, now)?;
                for &p in &input.participants {
                    self.added.push((id, p, input.occurred_at));
                }
                capture_interactions::insert_capture_interaction(conn, &key, id)?;
                Ok(Settled::Created(id))
            }
        }
    }

    /// Adds the participants of every thread-day settled: to be called after the last one.
    pub fn finish(self, conn: &Connection) -> Result<()> {
        interactions::insert_participants(conn, &self.added)
    }
}

/// A subject as one line of at most [`LINE_MAX_CHARS`] characters.
fn one_line(s: &str) -> String {
    let line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(LINE_MAX_CHARS)
        .collect();
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn no_subject(kind: InteractionKind) -> String {
    match kind {
        InteractionKind::Email => "(no subject)".into(),
        _ => "(untitled event)".into(),
    }
}

/// A thread-day with nothing (or nobody) left: the interaction capture made for it goes to
/// the trash, where the person can still find it for 30 days.
fn remove(
    conn: &Connection,
    existing: Option<i64>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Settled> {
    let Some(id) = existing else {
        return Ok(Settled::Nothing);
    };
    capture_interactions::delete_capture_interaction(conn, key)?;
    interactions::update_interaction_deleted(conn, id, Some(now))?;
    Ok(Settled::Removed)
}
