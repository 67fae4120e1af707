//! Which contacts' health may have changed through this connection since the kept scores
//! were last brought up to date (`ops::engine`).
//!
//! Nothing here is in the database file: a `temp.health_dirty` table and `TEMP` triggers on
//! the tables health reads, created on each connection when its store opens (no migration;
//! not on a dry run's connection to a file, where every commit fails: there any write means
//! everyone is computed again). A temporary trigger fires only for writes through its own
//! connection; what another connection commits moves `PRAGMA data_version` instead, and the
//! kept scores are then computed again in full. A write that changes a contact's health inputs marks that contact:
//!
//! - `contact`: its row added or removed, or its circle, cadence, archived, trashed or "me"
//!   flag changed;
//! - `interaction_participant`: a row added, removed or changed (also when an interaction is
//!   moved, trashed or restored: `interaction_moved` updates its participants), for the
//!   contacts of the old and the new row;
//! - `interaction`: its time, kind or initiator changed, trashed or restored, or the row
//!   deleted (before its participants and help go with it), for its participants and those
//!   its help is between;
//! - `help`: a row added, removed or changed, for its giver and receiver.
//!
//! Who "me" is and the settings are compared by the reader, not tracked. `TEMP` triggers
//! fire even while [`crate::store::without_triggers`] has the schema's off (SQLite 3.35 and
//! later), so capture's batches are marked too. A mark is written `INSERT … WHERE … NOT IN`,
//! never `INSERT OR IGNORE`: in a trigger fired by a foreign key's action (an ask deleted
//! sets its help rows' `ask_id` to null) SQLite makes a conflict abort whatever the trigger
//! says, and the same contact marked twice failed the deletion. Bulk writers (imports, the seed) drop the
//! triggers for their batch and have the kept scores forgotten instead ([`delete_tracking`],
//! `Store::untracked`). A transaction rolled back takes its marks with it.

use rusqlite::Connection;

use crate::error::Result;

/// The triggers [`create_tracking`] makes.
const TRIGGERS: [&str; 11] = [
    "health_contact_added",
    "health_contact_changed",
    "health_contact_removed",
    "health_participant_added",
    "health_participant_changed",
    "health_participant_removed",
    "health_interaction_changed",
    "health_interaction_removed",
    "health_help_added",
    "health_help_changed",
    "health_help_removed",
];

const TRACKING: &str = "
CREATE TEMP TABLE IF NOT EXISTS health_dirty (contact_id INTEGER PRIMARY KEY);

CREATE TEMP TRIGGER IF NOT EXISTS health_contact_added AFTER INSERT ON main.contact BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT NEW.id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_contact_changed
AFTER UPDATE OF id, circle, cadence_days, archived, deleted_at, is_self ON main.contact
WHEN OLD.id IS NOT NEW.id OR OLD.circle IS NOT NEW.circle
  OR OLD.cadence_days IS NOT NEW.cadence_days OR OLD.archived IS NOT NEW.archived
  OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.is_self IS NOT NEW.is_self
BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.id AS id
        UNION SELECT NEW.id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_contact_removed AFTER DELETE ON main.contact BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;

CREATE TEMP TRIGGER IF NOT EXISTS health_participant_added
AFTER INSERT ON main.interaction_participant BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT NEW.contact_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_participant_changed
AFTER UPDATE ON main.interaction_participant BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.contact_id AS id
        UNION SELECT NEW.contact_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_participant_removed
AFTER DELETE ON main.interaction_participant BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.contact_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;

CREATE TEMP TRIGGER IF NOT EXISTS health_interaction_changed
AFTER UPDATE OF id, occurred_at, has_time, kind, initiated_by, deleted_at ON main.interaction
BEGIN
    INSERT INTO temp.health_dirty SELECT contact_id FROM (
        SELECT contact_id FROM main.interaction_participant WHERE interaction_id IN (OLD.id, NEW.id)
        UNION SELECT giver_id FROM main.help WHERE interaction_id IN (OLD.id, NEW.id)
        UNION SELECT receiver_id FROM main.help WHERE interaction_id IN (OLD.id, NEW.id))
        WHERE contact_id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_interaction_removed
BEFORE DELETE ON main.interaction BEGIN
    INSERT INTO temp.health_dirty SELECT contact_id FROM (
        SELECT contact_id FROM main.interaction_participant WHERE interaction_id = OLD.id
        UNION SELECT giver_id FROM main.help WHERE interaction_id = OLD.id
        UNION SELECT receiver_id FROM main.help WHERE interaction_id = OLD.id)
        WHERE contact_id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;

CREATE TEMP TRIGGER IF NOT EXISTS health_help_added AFTER INSERT ON main.help BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT NEW.giver_id AS id
        UNION SELECT NEW.receiver_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_help_changed AFTER UPDATE ON main.help BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.giver_id AS id
        UNION SELECT OLD.receiver_id AS id
        UNION SELECT NEW.giver_id AS id
        UNION SELECT NEW.receiver_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
CREATE TEMP TRIGGER IF NOT EXISTS health_help_removed AFTER DELETE ON main.help BEGIN
    INSERT INTO temp.health_dirty SELECT id FROM (SELECT OLD.giver_id AS id
        UNION SELECT OLD.receiver_id AS id)
        WHERE id IS NOT NULL AND id NOT IN (SELECT contact_id FROM temp.health_dirty);
END;
";

/// Creates the table and the triggers on `conn` (if not there yet); after the migrations,
/// since a table a migration rebuilds takes its triggers with it.
pub fn create_tracking(conn: &Connection) -> Result<()> {
    conn.execute_batch(TRACKING)?;
    Ok(())
}

/// Whether every trigger of [`create_tracking`] is on `conn` (not on a dry run's, nor after
/// a table they were on was dropped).
pub fn get_tracking(conn: &Connection) -> Result<bool> {
    let found: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM temp.sqlite_schema WHERE type = 'trigger' AND name GLOB 'health_*'",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(usize::try_from(found).is_ok_and(|n| n == TRIGGERS.len()))
}

/// Drops the triggers of [`create_tracking`] (the marks stay): for a bulk write that marks
/// nothing and has the kept scores forgotten instead. Every statement of the connection is
/// prepared again at its next use, as after any change of schema.
pub fn delete_tracking(conn: &Connection) -> Result<()> {
    for name in TRIGGERS {
        conn.execute_batch(&format!("DROP TRIGGER IF EXISTS temp.{name}"))?;
    }
    Ok(())
}

/// The contacts marked since the last call, unmarked.
pub fn delete_dirty(conn: &Connection) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached("DELETE FROM temp.health_dirty RETURNING contact_id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}
