//! Queries of `interaction`, its participants and the help that changed hands in it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

use crate::error::Result;
use crate::model::{ContactRef, Help, HelpInput, Interaction, NewInteraction};
use crate::store::codec::{self, from_millis, opt_from_millis};
use crate::store::reminders;
use crate::store::search::{self, Entry};

const COLUMNS: &str =
    "id, kind, occurred_at, has_time, summary, notes, initiated_by, quality, deleted_at, source_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get(0)?,
        kind: r.get(1)?,
        occurred_at: from_millis(r.get(2)?),
        has_time: r.get(3)?,
        summary: r.get(4)?,
        notes: r.get(5)?,
        initiated_by: r.get(6)?,
        quality: r.get(7)?,
        deleted_at: opt_from_millis(r.get(8)?),
        source_id: r.get(9)?,
        participants: Vec::new(),
        help: Vec::new(),
        follow_up: None,
    })
}

/// Fills in participants, help and the follow-up of an interaction read from its row.
fn complete(conn: &Connection, mut i: Interaction) -> Result<Interaction> {
    i.participants = list_participants(conn, i.id)?;
    i.help = list_help(conn, i.id)?;
    i.follow_up = reminders::get_interaction_follow_up(conn, i.id)?;
    Ok(i)
}

pub fn get_interaction(conn: &Connection, id: i64) -> Result<Interaction> {
    let row = codec::get_by_id(
        conn,
        &format!("SELECT {COLUMNS} FROM interaction WHERE id = ?1"),
        id,
        "interaction",
        from_row,
    )?;
    complete(conn, row)
}

/// A page of a contact's live interactions, newest first, and how many there are. Reads one
/// index range (`participant_timeline`), however long the history.
pub fn list_timeline(
    conn: &Connection,
    contact_id: i64,
    limit: u32,
    offset: u32,
) -> Result<(Vec<Interaction>, u32)> {
    let total: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM interaction_participant WHERE contact_id = ?1 AND deleted = 0",
        )?
        .query_row([contact_id], |r| r.get(0))?;
    let rows: Vec<Interaction> = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM interaction WHERE id IN (
                 SELECT interaction_id FROM interaction_participant
                 WHERE contact_id = ?1 AND deleted = 0
                 ORDER BY occurred_at DESC, interaction_id DESC LIMIT ?2 OFFSET ?3)
             ORDER BY occurred_at DESC, id DESC"
        ))?
        .query_map(params![contact_id, limit, offset], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let items = rows
        .into_iter()
        .map(|i| complete(conn, i))
        .collect::<Result<_>>()?;
    Ok((items, total))
}

/// The newest (at most `limit`) live interactions of a contact before `as_of`, newest first,
/// as their rows say (no participants, help or follow-up). Reads one index range
/// (`participant_timeline`).
pub fn list_interactions_before(
    conn: &Connection,
    contact_id: i64,
    as_of: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<Interaction>> {
    codec::list(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM interaction WHERE id IN (
                 SELECT interaction_id FROM interaction_participant
                 WHERE contact_id = ?1 AND deleted = 0 AND occurred_at < ?2
                 ORDER BY occurred_at DESC, interaction_id DESC LIMIT ?3)
             ORDER BY occurred_at DESC, id DESC"
        ),
        params![contact_id, as_of.timestamp_millis(), limit],
        from_row,
    )
}

pub fn list_participants(conn: &Connection, interaction_id: i64) -> Result<Vec<ContactRef>> {
    codec::list(
        conn,
        "SELECT c.id, c.name FROM interaction_participant p JOIN contact c ON c.id = p.contact_id
         WHERE p.interaction_id = ?1 AND c.deleted_at IS NULL ORDER BY c.sort_key, c.id",
        [interaction_id],
        |r| codec::contact_ref_at(r, 0),
    )
}

pub fn list_help(conn: &Connection, interaction_id: i64) -> Result<Vec<Help>> {
    codec::list(
        conn,
        "SELECT h.giver_id, g.name, h.receiver_id, r.name, h.text, h.ask_id FROM help h
         JOIN contact g ON g.id = h.giver_id JOIN contact r ON r.id = h.receiver_id
         WHERE h.interaction_id = ?1 ORDER BY h.id",
        [interaction_id],
        |r| {
            Ok(Help {
                giver: codec::contact_ref_at(r, 0)?,
                receiver: codec::contact_ref_at(r, 2)?,
                text: r.get(4)?,
                ask_id: r.get(5)?,
            })
        },
    )
}

/// Inserts the interaction's own row and its search index entry, and returns its id.
pub fn insert_interaction(
    conn: &Connection,
    i: &NewInteraction,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = insert_interaction_unindexed(conn, i, now)?;
    search::index(conn, Entry::Interaction, id)?;
    Ok(id)
}

/// [`insert_interaction`] without the search index entry, for a batch that writes the entries
/// of all its interactions at its end (`search::reindex`), before it commits.
pub fn insert_interaction_unindexed(
    conn: &Connection,
    i: &NewInteraction,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_row(conn, i, None, now)
}

/// [`insert_interaction_unindexed`] of an interaction capture made from `source`, with its
/// source in the same row (one statement instead of an insert and an update).
pub fn insert_interaction_from_source(
    conn: &Connection,
    i: &NewInteraction,
    source: i64,
    now: DateTime<Utc>,
) -> Result<i64> {
    insert_row(conn, i, Some(source), now)
}

fn insert_row(
    conn: &Connection,
    i: &NewInteraction,
    source: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO interaction (occurred_at, has_time, kind, summary, notes, initiated_by, quality,
                                  created_at, updated_at, source_id, gid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
    )?
    .execute(params![
        i.occurred_at.timestamp_millis(),
        i.has_time,
        i.kind,
        i.summary,
        i.notes,
        i.initiated_by,
        i.quality,
        now.timestamp_millis(),
        source,
        super::gid::new_gid()
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Records which source interaction `id` came from.
pub fn update_interaction_source(conn: &Connection, id: i64, source: Option<i64>) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE interaction SET source_id = ?2 WHERE id = ?1")?
        .execute(params![id, source])?;
    codec::changed(n, "interaction", id)
}

/// Brings an interaction capture made in step with its items again: when, what, who started
/// (its participants are added apart). Does nothing to one the person has put in the trash.
pub fn update_interaction_captured(
    conn: &Connection,
    id: i64,
    i: &NewInteraction,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE interaction SET occurred_at = ?2, has_time = ?3, kind = ?4, summary = ?5,
             initiated_by = ?6, updated_at = ?7
         WHERE id = ?1 AND deleted_at IS NULL
           AND (occurred_at, has_time, kind, summary, initiated_by) IS NOT (?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        i.occurred_at.timestamp_millis(),
        i.has_time,
        i.kind,
        i.summary,
        i.initiated_by,
        now.timestamp_millis()
    ])?;
    Ok(())
}

pub fn insert_participant(
    conn: &Connection,
    interaction_id: i64,
    contact_id: i64,
    occurred_at: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO interaction_participant (interaction_id, contact_id, occurred_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![interaction_id, contact_id, occurred_at.timestamp_millis()])?;
    Ok(())
}

/// Adds participant rows `(interaction, contact, when)` to live interactions, as
/// [`insert_participant`] one by one would, but with SQLite's triggers off while they are
/// written, then recomputes `last_interaction_at` once for each contact on them and adds the
/// pairs they make to `knows` (what the `participant_added` and `knows_joined` triggers do
/// after each row, so the result is the same). For a batch of
/// captured interactions: that trigger, run for every row, was a fifth of the time of reading
/// a calendar. In the caller's transaction, so an error rolls the rows and the recomputed
/// times back together; triggers are on again whatever happens.
pub fn insert_participants(conn: &Connection, rows: &[(i64, i64, DateTime<Utc>)]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    crate::store::without_triggers(conn, || {
        let mut insert = conn.prepare_cached(
            "INSERT INTO interaction_participant (interaction_id, contact_id, occurred_at)
             VALUES (?1, ?2, ?3)",
        )?;
        for (interaction, contact, at) in rows {
            insert.execute(params![interaction, contact, at.timestamp_millis()])?;
        }
        Ok(())
    })?;
    let joined: Vec<(i64, i64)> = rows.iter().map(|r| (r.0, r.1)).collect();
    crate::store::knows::insert_knows_of_joined(conn, &joined)?;
    let mut contacts: Vec<i64> = rows.iter().map(|r| r.1).collect();
    contacts.sort_unstable();
    contacts.dedup();
    crate::store::contacts::update_last_interaction(conn, &contacts)
}

pub fn insert_help(conn: &Connection, interaction_id: i64, h: &HelpInput) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO help (interaction_id, giver_id, receiver_id, text, ask_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![interaction_id, h.giver, h.receiver, h.text, h.ask_id])?;
    Ok(())
}

/// Moves an interaction to the trash (`Some(now)`) or back out of it (`None`).
pub fn update_interaction_deleted(
    conn: &Connection,
    id: i64,
    deleted_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE interaction SET deleted_at = ?2 WHERE id = ?1")?
        .execute(params![id, deleted_at.map(|t| t.timestamp_millis())])?;
    codec::changed(changed, "interaction", id)
}

/// Moves every live interaction source `source` made to the trash.
pub fn update_interactions_of_source_deleted(
    conn: &Connection,
    source: i64,
    now: DateTime<Utc>,
) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "UPDATE interaction SET deleted_at = ?2 WHERE source_id = ?1 AND deleted_at IS NULL",
        )?
        .execute(params![source, now.timestamp_millis()])? as u32)
}

/// Purges the interactions in the trash since before `before`, and with `with_orphans` (when
/// contacts were just purged) those left without any participant, with their search index
/// entries; returns how many.
pub fn delete_interactions_trashed_before(
    conn: &Connection,
    before: DateTime<Utc>,
    with_orphans: bool,
) -> Result<usize> {
    let mut purged: Vec<i64> = conn
        .prepare_cached(
            "DELETE FROM interaction WHERE deleted_at IS NOT NULL AND deleted_at < ?1 RETURNING id",
        )?
        .query_map([before.timestamp_millis()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if with_orphans {
        // A scan of every interaction: only after contacts were purged (their interactions
        // with no one else left lose their last participant then).
        let orphaned = conn
            .prepare_cached(
                "DELETE FROM interaction WHERE NOT EXISTS
                     (SELECT 1 FROM interaction_participant p WHERE p.interaction_id = interaction.id)
                 RETURNING id",
            )?
            .query_map([], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        purged.extend(orphaned);
    }
    search::reindex(conn, Entry::Interaction, &purged)?;
    Ok(purged.len())
}
