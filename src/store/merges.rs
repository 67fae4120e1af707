//! Queries of `merge_record`: every merge of one contact into another, with both contacts as
//! they were and what moved, so that it can be undone later (after a restart, after other
//! edits). Also the rows that point at a contact, read before a merge moves them and put back
//! by an unmerge.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Contact, Photo};
use crate::store::codec::{self, from_millis};

/// A help row, whole: the ones between the two merged contacts are deleted by a merge (a
/// person cannot help themselves) and written back by an unmerge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRow {
    pub id: i64,
    pub interaction_id: i64,
    pub giver_id: i64,
    pub receiver_id: i64,
    pub text: String,
    pub ask_id: Option<i64>,
}

/// What pointed at the merged-away contact, by row id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct References {
    /// Interactions it took part in, and whether the kept contact took part too.
    pub interactions: Vec<(i64, bool)>,
    pub help_given: Vec<i64>,
    pub help_received: Vec<i64>,
    pub help_between: Vec<HelpRow>,
    pub asks: Vec<i64>,
    pub asks_helped: Vec<i64>,
    pub reminders: Vec<i64>,
    /// Contacts it introduced.
    pub introduced: Vec<i64>,
    /// Its relationships, whole (absent from records written before schema 14).
    #[serde(default)]
    pub relationships: Vec<super::relationships::RelationshipRow>,
    /// Its photo (mime, bytes), and whether the kept contact took it.
    pub photo: Option<(String, Vec<u8>)>,
    pub photo_taken: bool,
    /// Its global id, which an unmerge gives back (absent from records written before schema
    /// 18: it gets a new one).
    #[serde(default)]
    pub other_gid: Option<String>,
}

/// One recorded merge.
#[derive(Debug, Clone)]
pub struct MergeRecord {
    pub id: i64,
    pub kept_id: i64,
    pub other_id: i64,
    pub at: DateTime<Utc>,
    pub kept: Contact,
    pub other: Contact,
    pub moved: References,
    pub undone_at: Option<DateTime<Utc>>,
}

fn ids(conn: &Connection, sql: &str, id: i64) -> Result<Vec<i64>> {
    codec::list(conn, sql, [id], |r| r.get(0))
}

/// What points at contact `other` (to be moved to `keep`).
pub fn list_references(conn: &Connection, other: i64, keep: i64) -> Result<References> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.interaction_id, EXISTS (SELECT 1 FROM interaction_participant k
                                          WHERE k.interaction_id = p.interaction_id AND k.contact_id = ?2)
         FROM interaction_participant p WHERE p.contact_id = ?1 ORDER BY p.interaction_id",
    )?;
    let interactions = stmt
        .query_map(params![other, keep], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, interaction_id, giver_id, receiver_id, text, ask_id FROM help
         WHERE (giver_id = ?1 AND receiver_id = ?2) OR (giver_id = ?2 AND receiver_id = ?1)",
    )?;
    let help_between: Vec<HelpRow> = stmt
        .query_map(params![other, keep], |r| {
            Ok(HelpRow {
                id: r.get(0)?,
                interaction_id: r.get(1)?,
                giver_id: r.get(2)?,
                receiver_id: r.get(3)?,
                text: r.get(4)?,
                ask_id: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let between: Vec<i64> = help_between.iter().map(|h: &HelpRow| h.id).collect();
    let not_between =
        |v: Vec<i64>| -> Vec<i64> { v.into_iter().filter(|i| !between.contains(i)).collect() };
    Ok(References {
        interactions,
        help_given: not_between(ids(conn, "SELECT id FROM help WHERE giver_id = ?1", other)?),
        help_received: not_between(ids(
            conn,
            "SELECT id FROM help WHERE receiver_id = ?1",
            other,
        )?),
        help_between,
        asks: ids(conn, "SELECT id FROM ask WHERE contact_id = ?1", other)?,
        asks_helped: ids(conn, "SELECT id FROM ask WHERE helped_by = ?1", other)?,
        reminders: ids(conn, "SELECT id FROM reminder WHERE contact_id = ?1", other)?,
        introduced: ids(
            conn,
            "SELECT id FROM contact WHERE introduced_by = ?1 AND id <> ?1",
            other,
        )?,
        relationships: super::relationships::list_relationship_rows(conn, other)?,
        photo: None,
        photo_taken: false,
        other_gid: conn
            .prepare_cached("SELECT gid FROM contact WHERE id = ?1")?
            .query_row([other], |r| r.get::<_, Option<String>>(0))
            .optional()?
            .flatten(),
    })
}

/// Puts back what [`list_references`] read of `other` (now merged into `keep`), where it
/// still points at `keep`; what was deleted since stays deleted.
pub fn restore_references(conn: &Connection, r: &References, other: i64, keep: i64) -> Result<()> {
    for &(interaction, keep_was_there) in &r.interactions {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO interaction_participant (interaction_id, contact_id, occurred_at, deleted)
             SELECT id, ?2, occurred_at, deleted_at IS NOT NULL FROM interaction WHERE id = ?1",
        )?
        .execute(params![interaction, other])?;
        if !keep_was_there {
            conn.prepare_cached(
                "DELETE FROM interaction_participant WHERE interaction_id = ?1 AND contact_id = ?2",
            )?
            .execute(params![interaction, keep])?;
        }
    }
    let moves: [(&str, &Vec<i64>); 6] = [
        (
            "UPDATE help SET giver_id = ?2 WHERE id = ?1 AND giver_id = ?3",
            &r.help_given,
        ),
        (
            "UPDATE help SET receiver_id = ?2 WHERE id = ?1 AND receiver_id = ?3",
            &r.help_received,
        ),
        (
            "UPDATE ask SET contact_id = ?2 WHERE id = ?1 AND contact_id = ?3",
            &r.asks,
        ),
        (
            "UPDATE ask SET helped_by = ?2 WHERE id = ?1 AND helped_by = ?3",
            &r.asks_helped,
        ),
        (
            "UPDATE reminder SET contact_id = ?2 WHERE id = ?1 AND contact_id = ?3",
            &r.reminders,
        ),
        (
            "UPDATE contact SET introduced_by = ?2 WHERE id = ?1 AND introduced_by = ?3",
            &r.introduced,
        ),
    ];
    for (sql, rows) in moves {
        let mut stmt = conn.prepare_cached(sql)?;
        for &id in rows {
            stmt.execute(params![id, other, keep])?;
        }
    }
    for h in &r.help_between {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO help (id, interaction_id, giver_id, receiver_id, text, ask_id)
             SELECT ?1, ?2, ?3, ?4, ?5, (SELECT id FROM ask WHERE id = ?6)
             WHERE EXISTS (SELECT 1 FROM interaction WHERE id = ?2)",
        )?
        .execute(params![
            h.id,
            h.interaction_id,
            h.giver_id,
            h.receiver_id,
            h.text,
            h.ask_id
        ])?;
    }
    Ok(())
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::database(format!("could not record the merge: {e}"), e))
}

/// Records a merge of `other` into `kept` (both as they were before it); returns its id.
pub fn insert_merge_record(
    conn: &Connection,
    kept: &Contact,
    other: &Contact,
    moved: &References,
    at: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO merge_record (kept_id, other_id, at, kept, other, moved) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![kept.id, other.id, at.timestamp_millis(), json(kept)?, json(other)?, json(moved)?])?;
    Ok(conn.last_insert_rowid())
}

/// The newest merge into `kept_id` not undone yet.
pub fn get_last_merge_into(conn: &Connection, kept_id: i64) -> Result<Option<MergeRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT id, kept_id, other_id, at, kept, other, moved, undone_at FROM merge_record
             WHERE kept_id = ?1 AND undone_at IS NULL ORDER BY at DESC, id DESC LIMIT 1",
        )?
        .query_row([kept_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })
        .optional()?;
    let Some((id, kept_id, other_id, at, kept, other, moved, undone_at)) = row else {
        return Ok(None);
    };
    let parse = |what: &str, e: serde_json::Error| {
        Error::database(format!("merge record {id} is unreadable ({what}: {e})"), e)
    };
    Ok(Some(MergeRecord {
        id,
        kept_id,
        other_id,
        at: from_millis(at),
        kept: serde_json::from_str(&kept).map_err(|e| parse("kept", e))?,
        other: serde_json::from_str(&other).map_err(|e| parse("other", e))?,
        moved: serde_json::from_str(&moved).map_err(|e| parse("moved", e))?,
        undone_at: undone_at.map(from_millis),
    }))
}

pub fn update_merge_undone(conn: &Connection, id: i64, at: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached("UPDATE merge_record SET undone_at = ?2 WHERE id = ?1")?
        .execute(params![id, at.timestamp_millis()])?;
    Ok(())
}

/// A photo as the record keeps it.
pub fn photo_parts(p: &Photo) -> (String, Vec<u8>) {
    (p.mime.clone(), p.data.clone())
}
