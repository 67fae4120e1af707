//! Queries of the `not_duplicate` table: pairs of contacts the user said are two people, so
//! they are never offered as duplicates again. A pair is kept by the contacts' global ids
//! (schema 19), in their own order, so that it syncs and means the same on every device; it
//! matches no one while either contact is deleted.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::store::codec;

/// Records that the contacts with global ids `a` and `b` (two different contacts, in any
/// order) are not one person; a pair already recorded keeps its first decision time.
pub fn insert_not_duplicate(conn: &Connection, a: &str, b: &str, now: DateTime<Utc>) -> Result<()> {
    let (first, second) = if a < b { (a, b) } else { (b, a) };
    conn.prepare_cached(
        "INSERT INTO not_duplicate (gid, first_gid, second_gid, decided_at)
         VALUES (?1 || ' ' || ?2, ?1, ?2, ?3)
         ON CONFLICT (gid) DO NOTHING",
    )?
    .execute(params![first, second, now.timestamp_millis()])?;
    Ok(())
}

/// Every pair recorded whose two contacts are here, as `(smaller id, larger id)`.
pub fn list_not_duplicates(conn: &Connection) -> Result<Vec<(i64, i64)>> {
    codec::list(
        conn,
        "SELECT min(x.id, y.id), max(x.id, y.id) FROM not_duplicate n
         JOIN contact x ON x.gid = n.first_gid JOIN contact y ON y.gid = n.second_gid",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
