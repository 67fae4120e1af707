//! Queries of `reminder`. The engine issue adds listing by due date, snoozing and feedback;
//! today reminders are created from follow-up promises and shown on their interaction.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::FollowUp;
use crate::store::codec;

/// The follow-up promised in an interaction, if any.
pub fn get_interaction_follow_up(
    conn: &Connection,
    interaction_id: i64,
) -> Result<Option<FollowUp>> {
    Ok(conn
        .prepare_cached(
            "SELECT due_on, text FROM reminder WHERE interaction_id = ?1 AND source = 'promise' ORDER BY id LIMIT 1",
        )?
        .query_row([interaction_id], |r| {
            Ok(FollowUp {
                due_on: codec::date_at(r, 0)?,
                text: r.get(1)?,
            })
        })
        .optional()?)
}

pub fn insert_promise(
    conn: &Connection,
    contact_id: i64,
    interaction_id: i64,
    f: &FollowUp,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO reminder (contact_id, due_on, text, source, interaction_id, created_at)
         VALUES (?1, ?2, ?3, 'promise', ?4, ?5)",
    )?
    .execute(params![
        contact_id,
        codec::date_str(f.due_on),
        f.text,
        interaction_id,
        now.timestamp_millis()
    ])?;
    Ok(conn.last_insert_rowid())
}
