//! The queries behind the review: every live contact's whole history in one ordered pass,
//! the help exchanged with me, interactions per local day, and introductions.
//!
//! The history is read as two sequential scans — the participant index
//! `participant_timeline` in its own order, and the interaction table for the kind, the
//! initiator and whether a time was given — joined in memory by interaction id, instead of
//! one lookup into the interaction table per participant row. As in the snapshot, only
//! interactions before `as_of` count and trashed contacts are absent.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{params, Connection};

use crate::engine::review::HelpEntry;
use crate::engine::snapshot::Touch;
use crate::error::Result;
use crate::model::{Initiator, InteractionKind};
use crate::store::codec::from_millis;

fn kind_of(s: &str) -> Option<InteractionKind> {
    Some(match s {
        "meeting" => InteractionKind::Meeting,
        "call" => InteractionKind::Call,
        "video" => InteractionKind::Video,
        "message" => InteractionKind::Message,
        "email" => InteractionKind::Email,
        "event" => InteractionKind::Event,
        "introduction" => InteractionKind::Introduction,
        "note" => InteractionKind::Note,
        _ => return None,
    })
}

fn initiator_of(s: Option<&str>) -> Option<Initiator> {
    match s? {
        "me" => Some(Initiator::Me),
        "them" => Some(Initiator::Them),
        "mutual" => Some(Initiator::Mutual),
        _ => None,
    }
}

/// What the touches need of an interaction, by id (sorted).
struct Facts {
    ids: Vec<i64>,
    rows: Vec<(bool, InteractionKind, Option<Initiator>)>,
}

fn list_interaction_facts(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<Facts> {
    let sql = if only.is_some() {
        "SELECT i.id, i.has_time, i.kind, i.initiated_by FROM interaction_participant p
         JOIN interaction i ON i.id = p.interaction_id
         WHERE p.contact_id = ?2 AND p.deleted = 0 AND p.occurred_at < ?1 ORDER BY i.id"
    } else {
        "SELECT id, has_time, kind, initiated_by FROM interaction
         WHERE deleted_at IS NULL AND occurred_at < ?1 AND ?2 IS NULL ORDER BY id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![as_of.timestamp_millis(), only])?;
    let mut f = Facts {
        ids: Vec::new(),
        rows: Vec::new(),
    };
    while let Some(r) = rows.next()? {
        let kind = r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
        let Some(kind) = kind_of(kind) else {
            continue;
        };
        f.ids.push(r.get(0)?);
        f.rows.push((
            r.get(1)?,
            kind,
            initiator_of(
                r.get_ref(3)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?,
            ),
        ));
    }
    Ok(f)
}

/// Every interaction before `as_of` of every live contact (or of `only`), oldest first
/// (ties by interaction id), by contact.
pub fn list_all_touches(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<Touch>>> {
    let facts = list_interaction_facts(conn, only, as_of)?;
    let sql = if only.is_some() {
        "SELECT p.contact_id, p.occurred_at, p.interaction_id FROM interaction_participant p
         WHERE p.contact_id = ?2 AND p.deleted = 0 AND p.occurred_at < ?1
         ORDER BY p.occurred_at, p.interaction_id"
    } else {
        "SELECT p.contact_id, p.occurred_at, p.interaction_id FROM interaction_participant p
         JOIN contact c ON c.id = p.contact_id
         WHERE p.deleted = 0 AND p.occurred_at < ?1 AND ?2 IS NULL AND c.deleted_at IS NULL
         ORDER BY p.contact_id, p.occurred_at, p.interaction_id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![as_of.timestamp_millis(), only])?;
    let mut out: HashMap<i64, Vec<Touch>> = HashMap::new();
    let mut current: Option<(i64, Vec<Touch>)> = None;
    while let Some(r) = rows.next()? {
        let (contact, at, interaction): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let Ok(i) = facts.ids.binary_search(&interaction) else {
            continue;
        };
        let (has_time, kind, initiated_by) = facts.rows[i];
        let touch = Touch {
            at: from_millis(at),
            has_time,
            kind,
            initiated_by,
        };
        match &mut current {
            Some((id, list)) if *id == contact => list.push(touch),
            _ => {
                if let Some((id, list)) = current.take() {
                    out.insert(id, list);
                }
                current = Some((contact, vec![touch]));
            }
        }
    }
    if let Some((id, list)) = current {
        out.insert(id, list);
    }
    Ok(out)
}

/// Help exchanged between me and others before `as_of`, oldest first, by the other contact,
/// with the ask it answered.
pub fn list_help_ledger(
    conn: &Connection,
    me: i64,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<HelpEntry>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN h.giver_id = ?1 THEN h.receiver_id ELSE h.giver_id END AS other,
                h.giver_id = ?1, i.occurred_at, h.text, a.text
         FROM help h JOIN interaction i ON i.id = h.interaction_id
         LEFT JOIN ask a ON a.id = h.ask_id
         WHERE (h.giver_id = ?1 OR h.receiver_id = ?1) AND i.deleted_at IS NULL
           AND i.occurred_at < ?2
           AND (?3 IS NULL OR h.giver_id = ?3 OR h.receiver_id = ?3)
         ORDER BY i.occurred_at, h.id",
    )?;
    let rows = stmt.query_map(params![me, as_of.timestamp_millis(), only], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            HelpEntry {
                given: r.get(1)?,
                at: from_millis(r.get(2)?),
                text: r.get(3)?,
                ask: r.get(4)?,
            },
        ))
    })?;
    let mut out: HashMap<i64, Vec<HelpEntry>> = HashMap::new();
    for row in rows {
        let (other, e) = row?;
        out.entry(other).or_default().push(e);
    }
    Ok(out)
}

/// Interactions per local day (at `offset`; a day logged without a time counts on that day)
/// from `from` to `to` inclusive, before `as_of`.
pub fn list_interactions_per_day(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    offset: FixedOffset,
    as_of: DateTime<Utc>,
) -> Result<Vec<(NaiveDate, u32)>> {
    let off_ms = i64::from(offset.local_minus_utc()) * 1000;
    // A day's interactions lie within a day of its UTC bounds whatever the offset.
    let start = (from - chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .map_or(0, |d| d.and_utc().timestamp_millis());
    let end = (to + chrono::Duration::days(2))
        .and_hms_opt(0, 0, 0)
        .map_or(i64::MAX, |d| d.and_utc().timestamp_millis())
        .min(as_of.timestamp_millis());
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN has_time THEN occurred_at + ?1 ELSE occurred_at END / 86400000 AS day,
                count(*)
         FROM interaction
         WHERE deleted_at IS NULL AND occurred_at >= ?2 AND occurred_at < ?3
         GROUP BY day",
    )?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let rows = stmt.query_map(params![off_ms, start, end], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (day, n) = row?;
        let d = epoch + chrono::Duration::days(day);
        if d >= from && d <= to {
            out.push((d, n));
        }
    }
    Ok(out)
}

/// (introducer, introduced) for live contacts.
pub fn list_introductions(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.introduced_by, c.id FROM contact c JOIN contact b ON b.id = c.introduced_by
         WHERE c.deleted_at IS NULL AND b.deleted_at IS NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
