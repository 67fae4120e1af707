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

/// Records `interaction` as the one of `thread_day`, in place of any it had.
///
/// A plain `INSERT` first, an `UPDATE` only when the thread-day has a row already: `INSERT OR
/// REPLACE` and an upsert may change a row they did not insert, so SQLite copies every page
/// they touch to a statement journal first (about 25 ms of reading a 5,000-event calendar).
/// A refused `INSERT` changes nothing.
pub fn insert_capture_interaction(
    conn: &Connection,
    thread_day: &str,
    interaction: i64,
) -> Result<()> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO capture_interaction (thread_day, interaction_id) VALUES (?1, ?2)",
        )?
        .execute(params![thread_day, interaction]);
    match inserted {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE =>
        {
            conn.prepare_cached(
                "UPDATE capture_interaction SET interaction_id = ?2 WHERE thread_day = ?1",
            )?
            .execute(params![thread_day, interaction])?;
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

pub fn delete_capture_interaction(conn: &Connection, thread_day: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM capture_interaction WHERE thread_day = ?1")?
        .execute([thread_day])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn rows(conn: &Connection) -> Vec<(String, i64)> {
        conn.prepare("SELECT thread_day, interaction_id FROM capture_interaction ORDER BY 1")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn a_thread_day_recorded_again_names_the_new_interaction_only() {
        let store = crate::Store::open_in_memory().unwrap();
        let conn = store.conn();
        // The rows alone: the interactions they name do not matter here.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        insert_capture_interaction(conn, "2026-11-02|mail:<a>", 1).unwrap();
        insert_capture_interaction(conn, "2026-11-02|ics:b|", 2).unwrap();
        insert_capture_interaction(conn, "2026-11-02|mail:<a>", 3).unwrap();
        assert_eq!(
            rows(conn),
            [
                ("2026-11-02|ics:b|".to_owned(), 2),
                ("2026-11-02|mail:<a>".to_owned(), 3)
            ]
        );
        // Inside a transaction the refused insert leaves nothing behind either.
        conn.execute_batch("BEGIN").unwrap();
        insert_capture_interaction(conn, "2026-11-02|ics:b|", 4).unwrap();
        conn.execute_batch("COMMIT").unwrap();
        assert_eq!(
            rows(conn),
            [
                ("2026-11-02|ics:b|".to_owned(), 4),
                ("2026-11-02|mail:<a>".to_owned(), 3)
            ]
        );
    }
}
