//! The queries behind `Store::engine_snapshot`: what the engine needs to know, as it was
//! before a moment `as_of`.
//!
//! Only interactions with `occurred_at < as_of` count (the CLI's `--as-of`), as do asks,
//! reminders and feedback created before it; contacts in the trash (and their interactions'
//! participation) are left out. A contact's interactions are read newest first from the
//! `participant_timeline (contact_id, deleted, occurred_at DESC, interaction_id)` index
//! and the read stops once it has the last [`MIN_TOUCHES`] and has passed the
//! [`INTENSITY_WINDOW_DAYS`] window (or at [`MAX_TOUCHES`]): the cost per contact is bounded
//! however long the history.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};

use crate::engine::snapshot::{
    AskFacts, ContactFacts, ContactSummaryFacts, InterestFacts, Touch, INTENSITY_WINDOW_DAYS,
    MAX_TOUCHES, MIN_TOUCHES,
};
use crate::error::Result;
use crate::model::{AskKind, Circle};
use crate::store::codec::{self, from_millis, opt_from_millis};

/// A contact's own facts from a row that starts `id, name, circle, cadence_days, archived,
/// is_self`.
fn facts_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<ContactFacts> {
    let mut c = ContactFacts::new(r.get(0)?, &r.get::<_, String>(1)?);
    c.circle = r.get(2)?;
    c.cadence_days = r.get(3)?;
    c.archived = r.get(4)?;
    c.is_self = r.get(5)?;
    Ok(c)
}

/// Live contacts (one contact if `only`), with their interests and dates, no touches yet.
pub fn list_contact_facts(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<Vec<ContactFacts>> {
    let mut contacts: Vec<ContactFacts> = conn
        .prepare_cached(
            "SELECT id, name, circle, cadence_days, archived, is_self FROM contact
             WHERE deleted_at IS NULL AND (?1 IS NULL OR id = ?1) ORDER BY sort_key, id",
        )?
        .query_map([only], facts_of)?
        .collect::<rusqlite::Result<_>>()?;
    let index: HashMap<i64, usize> = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT ci.contact_id, n.name, ci.added_at FROM contact_interest ci
         JOIN interest n ON n.id = ci.interest_id
         WHERE (?1 IS NULL OR ci.contact_id = ?1 OR ci.contact_id = (SELECT id FROM contact WHERE is_self = 1))
           AND (ci.added_at IS NULL OR ci.added_at < ?2)
         ORDER BY n.name",
    )?;
    let rows = stmt.query_map(params![only, as_of.timestamp_millis()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<i64>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, added_at) = row?;
        if let Some(&i) = index.get(&id) {
            contacts[i].interests.push(InterestFacts {
                name,
                added_at: opt_from_millis(added_at),
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, label, year, month, day, recurring FROM contact_date
         WHERE ?1 IS NULL OR contact_id = ?1 ORDER BY month, day, id",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok((r.get::<_, i64>(0)?, codec::important_date_at(r, 1)?))
    })?;
    for row in rows {
        let (id, date) = row?;
        if let Some(&i) = index.get(&id) {
            contacts[i].dates.push(date);
        }
    }
    Ok(contacts)
}

/// The newest interactions of a contact before `as_of` (see the module doc for the bound;
/// [`crate::engine::review::series`] reproduces it at every checkpoint of the Review).
pub fn list_touches(
    conn: &Connection,
    contact_id: i64,
    as_of: DateTime<Utc>,
) -> Result<Vec<Touch>> {
    let window_start = (as_of - Duration::days(INTENSITY_WINDOW_DAYS)).timestamp_millis();
    let mut stmt = conn.prepare_cached(
        "SELECT p.occurred_at, i.has_time, i.kind, i.initiated_by
         FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id
         WHERE p.contact_id = ?1 AND p.deleted = 0 AND p.occurred_at < ?2
         ORDER BY p.occurred_at DESC, p.interaction_id DESC",
    )?;
    let mut rows = stmt.query(params![contact_id, as_of.timestamp_millis()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let at: i64 = r.get(0)?;
        if out.len() >= MAX_TOUCHES || (out.len() >= MIN_TOUCHES && at < window_start) {
            break;
        }
        out.push(Touch {
            at: from_millis(at),
            has_time: r.get(1)?,
            kind: r.get(2)?,
            initiated_by: r.get(3)?,
        });
    }
    Ok(out)
}

/// Help between me and each contact before `as_of`: contact -> (I gave, I received).
pub fn list_help_with(
    conn: &Connection,
    me: i64,
    as_of: DateTime<Utc>,
) -> Result<HashMap<i64, (u32, u32)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN h.giver_id = ?1 THEN h.receiver_id ELSE h.giver_id END AS other,
                sum(h.giver_id = ?1), sum(h.receiver_id = ?1)
         FROM help h JOIN interaction i ON i.id = h.interaction_id
         WHERE (h.giver_id = ?1 OR h.receiver_id = ?1) AND i.deleted_at IS NULL AND i.occurred_at < ?2
         GROUP BY other",
    )?;
    let rows = stmt.query_map(params![me, as_of.timestamp_millis()], |r| {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Help between me and `other` before `as_of`: (times I gave, times I received). Reads
/// `other`'s help rows only (through `help_by_giver` and `help_by_receiver`).
pub fn get_help_between(
    conn: &Connection,
    me: i64,
    other: i64,
    as_of: DateTime<Utc>,
) -> Result<(u32, u32)> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(sum(h.giver_id = ?1), 0), coalesce(sum(h.receiver_id = ?1), 0)
         FROM help h JOIN interaction i ON i.id = h.interaction_id
         WHERE ((h.receiver_id = ?2 AND h.giver_id = ?1) OR (h.giver_id = ?2 AND h.receiver_id = ?1))
           AND i.deleted_at IS NULL AND i.occurred_at < ?3",
    )?;
    Ok(
        stmt.query_row(params![me, other, as_of.timestamp_millis()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?,
    )
}

/// Asks of live contacts that were open at `as_of`.
pub fn list_asks_open_at(conn: &Connection, as_of: DateTime<Utc>) -> Result<Vec<AskFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.contact_id, a.kind, a.text,
                (SELECT group_concat(n.name, char(31)) FROM ask_interest ai
                 JOIN interest n ON n.id = ai.interest_id WHERE ai.ask_id = a.id)
         FROM ask a JOIN contact c ON c.id = a.contact_id
         WHERE c.deleted_at IS NULL AND a.created_at < ?1
           AND (a.status = 'open' OR (a.resolved_at IS NOT NULL AND a.resolved_at >= ?1))
         ORDER BY a.id",
    )?;
    let rows = stmt.query_map([as_of.timestamp_millis()], |r| {
        Ok(AskFacts {
            id: r.get(0)?,
            contact_id: r.get(1)?,
            kind: r.get::<_, AskKind>(2)?,
            text: r.get(3)?,
            interests: r
                .get::<_, Option<String>>(4)?
                .map(|s| s.split('\u{1f}').map(str::to_owned).collect())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everyone `contact_id` shared an interaction with before `as_of`, was introduced by or to,
/// or has a relationship with: pairs with the smaller id first.
pub fn list_connections(
    conn: &Connection,
    contact_id: i64,
    as_of: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT introduced_by FROM contact WHERE id = ?1 AND introduced_by IS NOT NULL
         UNION SELECT id FROM contact WHERE introduced_by = ?1
         UNION SELECT b FROM relationship WHERE a = ?1
         UNION SELECT a FROM relationship WHERE b = ?1",
    )?;
    let mut others = super::knows::list_known_before(conn, contact_id, as_of)?;
    for other in stmt.query_map([contact_id], |r| r.get::<_, i64>(0))? {
        others.push(other?);
    }
    others.sort_unstable();
    others.dedup();
    Ok(others
        .into_iter()
        .map(|other| (contact_id.min(other), contact_id.max(other)))
        .collect())
}

/// Every live contact's summary as of `as_of`. A contact whose last interaction is at or
/// after `as_of` (an `--as-of` in the past, or an interaction logged for later) costs one
/// more index seek for its last one before.
pub fn list_contact_summaries(
    conn: &Connection,
    as_of: DateTime<Utc>,
) -> Result<Vec<ContactSummaryFacts>> {
    let as_of_ms = as_of.timestamp_millis();
    let mut out: Vec<ContactSummaryFacts> = conn
        .prepare_cached(
            "SELECT id, circle, cadence_days, archived, is_self, last_interaction_at
             FROM contact INDEXED BY contact_engine_summary WHERE deleted_at IS NULL",
        )?
        .query_map([], |r| {
            let circle = match r.get_ref(1)?.as_str_or_null()? {
                None => None,
                Some("inner") => Some(Circle::Inner),
                Some("close") => Some(Circle::Close),
                Some("network") => Some(Circle::Network),
                Some(_) => Some(Circle::Wider),
            };
            Ok(ContactSummaryFacts {
                id: r.get(0)?,
                circle,
                cadence_days: r.get(2)?,
                archived: r.get(3)?,
                is_self: r.get(4)?,
                last_at: opt_from_millis(r.get(5)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut before = conn.prepare_cached(
        "SELECT max(occurred_at) FROM interaction_participant
         WHERE contact_id = ?1 AND deleted = 0 AND occurred_at < ?2",
    )?;
    for s in &mut out {
        if s.last_at
            .is_some_and(|at| at.timestamp_millis() >= as_of_ms)
        {
            let ms: Option<i64> = before.query_row(params![s.id, as_of_ms], |r| r.get(0))?;
            s.last_at = opt_from_millis(ms);
        }
    }
    Ok(out)
}

/// One live contact with its interests and dates (as of `as_of`), no touches; `None` if it
/// is not live. The second value is its sort key (snapshots are in name order).
pub fn get_contact_facts(
    conn: &Connection,
    id: i64,
    as_of: DateTime<Utc>,
) -> Result<Option<(ContactFacts, String)>> {
    use rusqlite::OptionalExtension;
    let Some((mut c, key)) = conn
        .prepare_cached(
            "SELECT id, name, circle, cadence_days, archived, is_self, sort_key FROM contact
             WHERE id = ?1 AND deleted_at IS NULL",
        )?
        .query_row([id], |r| Ok((facts_of(r)?, r.get::<_, String>(6)?)))
        .optional()?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT n.name, ci.added_at FROM contact_interest ci JOIN interest n ON n.id = ci.interest_id
         WHERE ci.contact_id = ?1 AND (ci.added_at IS NULL OR ci.added_at < ?2)
         ORDER BY n.name",
    )?;
    c.interests = stmt
        .query_map(params![id, as_of.timestamp_millis()], |r| {
            Ok(InterestFacts {
                name: r.get(0)?,
                added_at: opt_from_millis(r.get(1)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    c.dates = super::contacts::list_dates(conn, id)?;
    Ok(Some((c, key)))
}

/// Live contacts with a date (any year) on one of `days`' month and day, through the
/// `contact_date_by_day` index, with all their dates but no interests, and their sort keys;
/// 28 February also finds 29 February (which falls on the 28th in other years).
pub fn list_contacts_with_dates_on(
    conn: &Connection,
    days: impl IntoIterator<Item = chrono::NaiveDate>,
) -> Result<Vec<(ContactFacts, String)>> {
    use chrono::Datelike;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.circle, c.cadence_days, c.archived, c.is_self, c.sort_key
         FROM contact_date d JOIN contact c ON c.id = d.contact_id
         WHERE d.month = ?1 AND d.day = ?2 AND c.deleted_at IS NULL",
    )?;
    let mut found: HashMap<i64, (ContactFacts, String)> = HashMap::new();
    for d in days {
        let mut on = vec![(d.month(), d.day())];
        if (d.month(), d.day()) == (2, 28) {
            on.push((2, 29));
        }
        for (m, day) in on {
            let rows = stmt.query_map(params![m, day], |r| {
                let mut c = ContactFacts::new(r.get(0)?, &r.get::<_, String>(1)?);
                c.circle = r.get(2)?;
                c.cadence_days = r.get(3)?;
                c.archived = r.get(4)?;
                c.is_self = r.get(5)?;
                Ok((c, r.get::<_, String>(6)?))
            })?;
            for row in rows {
                let (c, key) = row?;
                found.entry(c.id).or_insert((c, key));
            }
        }
    }
    let mut out: Vec<(ContactFacts, String)> = found.into_values().collect();
    for (c, _) in &mut out {
        c.dates = super::contacts::list_dates(conn, c.id)?;
    }
    Ok(out)
}
