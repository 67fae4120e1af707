//! Queries of `capture_interaction`: the interaction made of a thread's (or a meeting's)
//! items of one day, so that later items of that day join it instead of making another.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// The interaction of `thread_day`, if it still has one, and whether it is in the trash.
pub fn get_capture_interaction(conn: &Connection, thread_day: &str) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT c.interaction_id, i.deleted_at IS NOT NULL FROM capture_interaction c
             JOIN interaction i ON i.id = c.interaction_id
             WHERE c.thread_day = ?1",
        )?
        .query_row([thread_day], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn insert_capture_interaction(
    conn: &Connection,
    thread_day: &str,
    interaction: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO capture_interaction (thread_day, interaction_id) VALUES (?1, ?2)",
    )?
    .execute(params![thread_day, interaction])?;
    Ok(())
}

pub fn delete_capture_interaction(conn: &Connection, thread_day: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM capture_interaction WHERE thread_day = ?1")?
        .execute([thread_day])?;
    Ok(())
}
