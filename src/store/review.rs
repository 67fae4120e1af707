//! The queries behind the review: every contact's whole history, the help exchanged with me,
//! and introductions.
//!
//! The history is read as two sequential scans — the interaction table in rowid order (when,
//! the kind, the initiator, whether a time was given) and the covering participant index
//! `participant_timeline` in its own order — joined in memory by interaction id. One lookup
//! into the interaction table per participant row, or a scan through the `occurred_at`
//! index, costs a random page read per row: seconds at a million interactions, where the two
//! scans take a fraction of one; on a file the two run at once, on two connections. As in
//! the snapshot, only interactions before `as_of` count; the caller keeps the contacts it
//! knows (trashed ones are absent from its list).

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags};

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

/// What the touches need of an interaction.
#[derive(Clone, Copy)]
struct Row {
    at: i64,
    has_time: bool,
    kind: InteractionKind,
    initiated_by: Option<Initiator>,
}

/// A contact's touch before sorting: (time, interaction id, what it was).
type Keyed = (i64, i64, Row);

/// Interactions by id: a direct table when the ids are dense (they are rowids), else sorted.
struct Facts {
    ids: Vec<i64>,
    rows: Vec<Row>,
    /// `dense[id - ids[0]]` = the row of that id, if any: one memory access per lookup.
    dense: Vec<Option<Row>>,
}

impl Facts {
    fn get(&self, id: i64) -> Option<&Row> {
        let first = *self.ids.first()?;
        if self.dense.is_empty() {
            return self.ids.binary_search(&id).ok().map(|i| &self.rows[i]);
        }
        self.dense.get(usize::try_from(id - first).ok()?)?.as_ref()
    }
}

fn list_interaction_facts(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<Facts> {
    // The whole table is read in rowid order: one sequential pass, where an index on
    // occurred_at would cost one random lookup per row.
    let sql = if only.is_some() {
        "SELECT i.id, i.occurred_at, i.has_time, i.kind, i.initiated_by
         FROM interaction_participant p JOIN interaction i ON i.id = p.interaction_id
         WHERE p.contact_id = ?2 AND p.deleted = 0 AND p.occurred_at < ?1 ORDER BY i.id"
    } else {
        "SELECT id, occurred_at, has_time, kind, initiated_by FROM interaction NOT INDEXED
         WHERE deleted_at IS NULL AND occurred_at < ?1 AND ?2 IS NULL ORDER BY id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![as_of.timestamp_millis(), only])?;
    let mut f = Facts {
        ids: Vec::new(),
        rows: Vec::new(),
        dense: Vec::new(),
    };
    while let Some(r) = rows.next()? {
        let kind = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
        let Some(kind) = kind_of(kind) else {
            continue;
        };
        f.ids.push(r.get(0)?);
        f.rows.push(Row {
            at: r.get(1)?,
            has_time: r.get(2)?,
            kind,
            initiated_by: initiator_of(
                r.get_ref(4)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?,
            ),
        });
    }
    if let (Some(&first), Some(&last)) = (f.ids.first(), f.ids.last()) {
        let span = usize::try_from(last - first).unwrap_or(usize::MAX);
        if span <= 2 * f.ids.len() + 1024 {
            f.dense = vec![None; span + 1];
            for (i, &id) in f.ids.iter().enumerate() {
                f.dense[(id - first) as usize] = Some(f.rows[i]);
            }
        }
    }
    Ok(f)
}

/// (contact, interaction) of every participation before `as_of`: the covering index in its
/// own order (contact, then newest first), with no sort in SQLite; the caller puts each
/// contact's list oldest first, whatever order the rows came in.
fn list_participants(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>> {
    let sql = if only.is_some() {
        "SELECT p.contact_id, p.interaction_id FROM interaction_participant p
         WHERE p.contact_id = ?2 AND p.deleted = 0 AND p.occurred_at < ?1"
    } else {
        "SELECT p.contact_id, p.interaction_id FROM interaction_participant p
         INDEXED BY participant_timeline
         WHERE p.deleted = 0 AND p.occurred_at < ?1 AND ?2 IS NULL"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params![as_of.timestamp_millis(), only])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push((r.get(0)?, r.get(1)?));
    }
    Ok(out)
}

/// Every contact's interactions, and when each interaction happened.
#[derive(Debug, Default)]
pub struct AllTouches {
    /// By contact, oldest first (ties in time by interaction id).
    pub touches: HashMap<i64, Vec<Touch>>,
    /// Every interaction before `as_of` (whoever took part): when, and whether a time was given.
    pub interactions: Vec<(DateTime<Utc>, bool)>,
}

/// Every interaction before `as_of` of every live contact (or of `only`), by contact, and the
/// times of all interactions (none with `only`).
///
/// With `side` (the database file), the interaction table is scanned on a second, read-only
/// connection in another thread while `conn` scans the participants: the two scans are the
/// bulk of the review's time and each keeps one core busy. The caller checks that no other
/// connection committed while they ran (see `Store::histories`), so both saw the same data.
/// If the second connection cannot be opened or fails, the table is scanned on `conn`.
pub fn list_all_touches(
    conn: &Connection,
    only: Option<i64>,
    as_of: DateTime<Utc>,
    side: Option<&Path>,
) -> Result<AllTouches> {
    let (facts, pairs) = match side.filter(|_| only.is_none()) {
        Some(file) => std::thread::scope(|scope| {
            let other = scope.spawn(|| -> Result<Facts> {
                let side = Connection::open_with_flags(
                    file,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                side.busy_timeout(crate::store::BUSY_TIMEOUT)?;
                let tx = side.unchecked_transaction()?;
                let facts = list_interaction_facts(&tx, None, as_of)?;
                tx.finish()?;
                Ok(facts)
            });
            let pairs = list_participants(conn, only, as_of);
            let facts = match other.join() {
                Ok(Ok(facts)) => Ok(facts),
                _ => list_interaction_facts(conn, only, as_of),
            };
            Ok::<_, crate::error::Error>((facts?, pairs?))
        })?,
        None => (
            list_interaction_facts(conn, only, as_of)?,
            list_participants(conn, only, as_of)?,
        ),
    };
    // Each row is copied out of `facts` once, here: a second lookup by id after the sort
    // cost a random access per touch (a fifth of the Review's time at 1M interactions).
    let mut by_contact: HashMap<i64, Vec<Keyed>> = HashMap::new();
    let mut current: Option<(i64, Vec<Keyed>)> = None;
    for (contact, interaction) in pairs {
        let Some(row) = facts.get(interaction) else {
            continue;
        };
        match &mut current {
            Some((id, list)) if *id == contact => list.push((row.at, interaction, *row)),
            _ => {
                if let Some((id, list)) = current.take() {
                    by_contact.entry(id).or_default().extend(list);
                }
                current = Some((contact, vec![(row.at, interaction, *row)]));
            }
        }
    }
    if let Some((id, list)) = current {
        by_contact.entry(id).or_default().extend(list);
    }
    let touches = by_contact
        .into_iter()
        .map(|(contact, mut list)| {
            list.reverse();
            list.sort_unstable_by_key(|&(at, id, _)| (at, id));
            let touches = list
                .into_iter()
                .map(|(_, _, row)| Touch {
                    at: from_millis(row.at),
                    has_time: row.has_time,
                    kind: row.kind,
                    initiated_by: row.initiated_by,
                })
                .collect();
            (contact, touches)
        })
        .collect();
    let interactions = if only.is_some() {
        Vec::new()
    } else {
        facts
            .rows
            .iter()
            .map(|r| (from_millis(r.at), r.has_time))
            .collect()
    };
    Ok(AllTouches {
        touches,
        interactions,
    })
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
