//! Queries of `contact_merge`: the mark a merge leaves (schema 19), by the two contacts'
//! global ids, so that every device can send what refers to the merged-away contact to the
//! one kept (`sync::redirect`). The record an unmerge reads is `merge_record` (`merges`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::Result;

/// Marks `other_gid` merged into `kept_gid` at `at`.
pub fn insert_contact_merge(
    conn: &Connection,
    other_gid: &str,
    kept_gid: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO contact_merge (gid, other_gid, kept_gid, merged_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        super::gid::new_gid(),
        other_gid,
        kept_gid,
        at.timestamp_millis()
    ])?;
    Ok(())
}

/// Marks the merges of `other_gid` into `kept_gid` not undone yet as undone at `at`.
pub fn update_contact_merge_undone(
    conn: &Connection,
    other_gid: &str,
    kept_gid: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contact_merge SET undone_at = ?3
         WHERE other_gid = ?1 AND kept_gid = ?2 AND undone_at IS NULL",
    )?
    .execute(params![other_gid, kept_gid, at.timestamp_millis()])?;
    Ok(())
}

/// The merges not undone, `(other_gid, kept_gid)`, oldest first (by time, then mark): the
/// order in which `sync::redirect` takes them, the same on every device.
pub fn list_contact_merges_active(conn: &Connection) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT other_gid, kept_gid FROM contact_merge WHERE undone_at IS NULL
             ORDER BY merged_at, gid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every contact `gid` was ever merged into, directly or down a chain of merges, undone or
/// not (`gid` itself first).
pub fn list_contact_merge_reach(conn: &Connection, gid: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached(
            "WITH RECURSIVE reach (g) AS (
                 SELECT ?1
                 UNION SELECT m.kept_gid FROM contact_merge m JOIN reach ON m.other_gid = reach.g)
             SELECT g FROM reach",
        )?
        .query_map([gid], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
