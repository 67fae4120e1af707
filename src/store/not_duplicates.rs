//! Queries of the `not_duplicate` table: pairs of contacts the user said are two people, so
//! they are never offered as duplicates again. A pair is stored once, smaller id first; it
//! goes when either contact is deleted for good.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::store::codec;

/// Records that `a` and `b` (two different contacts, in any order) are not one person; a pair
/// already recorded keeps its first decision time.
pub fn insert_not_duplicate(conn: &Connection, a: i64, b: i64, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO not_duplicate (a, b, decided_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (a, b) DO NOTHING",
    )?
    .execute(params![a.min(b), a.max(b), now.timestamp_millis()])?;
    Ok(())
}

/// Every pair recorded, as `(smaller id, larger id)`.
pub fn list_not_duplicates(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    codec::list(conn, "SELECT a, b FROM not_duplicate", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
}
