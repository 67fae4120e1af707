//! From capture items to interactions: the items of one thread (or meeting, or call) on one
//! UTC day make one interaction with every contact on them — kind from the items, summary the
//! subject (for chat messages and texts: how many there were that day, "WhatsApp: 14
//! messages"), `initiated_by` whoever wrote (organised, placed) the first of them — but a
//! call returning the other person's missed call is theirs — when it happened the first
//! item's time. Settling a thread-day again (a later message of the same day, a
//! person added from the queue, a moved meeting) brings its interaction in step with its
//! items: participants added, time and who started moved; a day left with no item or no
//! contact loses the interaction capture made for it. An interaction the person has put in the
//! trash is left alone.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use crate::engine::health::plural;
use crate::error::Result;
use crate::model::{ChannelKind, Initiator, InteractionKind, NewInteraction, SourceKind};
use crate::store::capture_items::{CaptureAddress, CaptureItem};
use crate::store::{capture_interactions, capture_items, contacts, interactions, unknowns};
use crate::validate::{LINE_MAX_CHARS, MAX_PARTICIPANTS};

/// The UTC day an item at `at` counts on, as the start of that day.
pub fn day_start(at: DateTime<Utc>) -> DateTime<Utc> {
    at.date_naive()
        .and_hms_opt(0, 0, 0)
        .map_or(at, |d| d.and_utc())
}

/// Which live contact each address is, asked of the database once per address: within one
/// read, contacts do not change.
///
/// - an email: the contact with that email identity;
/// - `tel:+E164`: the contact with that phone identity (`tel:` and bare digits match no one);
/// - `linkedin:<profile URL>`: the contact with that link identity, else as a name;
/// - a chat name or id (`whatsapp:Ana Ruiz`, `telegram:user123`, `signal:Ana`, a `linkedin:`
///   address without URL): the contact the person linked it to (`capture_alias`), else the
///   one live contact (not me) whose name matches the name given (accents, case and spacing
///   aside), else no one (the queue). `signal:+E164` is a number.
#[derive(Debug, Default)]
pub struct ByEmail(rustc_hash::FxHashMap<String, Option<i64>>);

impl ByEmail {
    /// The contact behind an item's address (any kind), named as the item names it.
    pub fn address(&mut self, conn: &Connection, a: &CaptureAddress) -> Result<Option<i64>> {
        self.get_named(conn, &a.email, a.name.as_deref())
    }

    fn get_named(
        &mut self,
        conn: &Connection,
        address: &str,
        name: Option<&str>,
    ) -> Result<Option<i64>> {
        if let Some(found) = self.0.get(address) {
            return Ok(*found);
        }
        let found = resolve(conn, address, name)?;
        self.0.insert(address.to_owned(), found);
        Ok(found)
    }
}

/// Prefixes of the addresses of phone and chat exports (an email has none).
const PREFIXES: [&str; 5] = ["tel:", "whatsapp:", "telegram:", "linkedin:", "signal:"];

/// The prefix of `address` and the rest, for a phone or chat address.
pub fn split_address(address: &str) -> Option<(&'static str, &str)> {
    PREFIXES
        .iter()
        .find_map(|p| address.strip_prefix(p).map(|rest| (*p, rest)))
}

fn resolve(conn: &Connection, address: &str, name: Option<&str>) -> Result<Option<i64>> {
    let Some((prefix, rest)) = split_address(address) else {
        return contacts::get_contact_by_email(conn, address);
    };
    let phone = |n: &str| contacts::get_contact_by_identity(conn, ChannelKind::Phone, n);
    match prefix {
        "tel:" => return phone(rest),
        "signal:" if rest.starts_with('+') => return phone(rest),
        "linkedin:" if rest.contains('/') => {
            if let Some(found) = contacts::get_contact_by_identity(conn, ChannelKind::Link, rest)? {
                return Ok(Some(found));
            }
        }
        _ => {}
    }
    if let Some(found) = unknowns::get_capture_alias(conn, address)? {
        return Ok(Some(found));
    }
    let name = match prefix {
        "whatsapp:" | "signal:" => Some(rest),
        _ => name,
    };
    let Some(key) = name
        .map(crate::identity::name_key)
        .filter(|k| !k.is_empty())
    else {
        return Ok(None);
    };
    let found = contacts::list_others_by_name_key(conn, &key, 2)?;
    Ok(match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// The key of a thread-day in `capture_interaction` (`capture_items::list_capture_items_due`
/// builds the same key in SQL).
fn thread_day(thread: &str, day: DateTime<Utc>) -> String {
    use chrono::Datelike;
    use std::fmt::Write;
    let (year, month, date) = (day.year(), day.month(), day.day());
    if !(0..=9999).contains(&year) {
        return format!("{}|{thread}", day.format("%Y-%m-%d"));
    }
    // What `%Y-%m-%d` writes for these years, without chrono's formatter (once per
    // occurrence of a calendar).
    let mut key = String::with_capacity(11 + thread.len());
    let _ = write!(key, "{year:04}-{month:02}-{date:02}|");
    key.push_str(thread);
    key
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
                if let Some(id) = self.by_email.address(conn, a)? {
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
        let summary = if first.kind == InteractionKind::Message {
            messages_summary(thread, items.len())
        } else {
            items
                .iter()
                .map(|(i, _)| i.subject.trim())
                .find(|s| !s.is_empty())
                .map_or_else(|| no_subject(first.kind), str::to_owned)
        };
        let input = NewInteraction {
            participants: people.iter().copied().take(MAX_PARTICIPANTS).collect(),
            kind: first.kind,
            occurred_at: first.occurred_at,
            has_time: first.has_time,
            summary: one_line(&summary),
            notes: String::new(),
            initiated_by: Some(if first.from_me && !first.them_first {
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

/// What a day of `n` chat messages or texts of `thread` (`<source kind>:<chat>`) was:
/// "WhatsApp: 14 messages", "3 texts".
fn messages_summary(thread: &str, n: usize) -> String {
    let kind = thread
        .split_once(':')
        .and_then(|(k, _)| k.parse::<SourceKind>().ok());
    match kind {
        Some(SourceKind::SmsBackup) => plural(n, "text", "texts"),
        Some(k) => format!("{}: {}", k.app(), plural(n, "message", "messages")),
        None => plural(n, "message", "messages"),
    }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_thread_day_key_is_the_day_as_strftime_writes_it() {
        for (y, m, d) in [
            (2026, 12, 2),
            (2024, 2, 29),
            (1999, 1, 1),
            (999, 7, 4),
            (0, 1, 1),
            (9999, 12, 31),
            (10_000, 1, 1),
            (-1, 6, 30),
        ] {
            let day = Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
            assert_eq!(
                thread_day("ics:a|", day),
                format!("{}|ics:a|", day.format("%Y-%m-%d"))
            );
        }
        let day = Utc.with_ymd_and_hms(2026, 3, 7, 0, 0, 0).unwrap();
        assert_eq!(thread_day("mail:<x>", day), "2026-03-07|mail:<x>");
    }
}
