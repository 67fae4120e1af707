//! Queries of `suggestion_feedback`: the user's done / snoozed / dismissed answers.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};

use crate::engine::snapshot::FeedbackFacts;
use crate::error::Result;
use crate::model::{Feedback, FeedbackAction, Lane};
use crate::store::codec::{self, from_millis};

pub fn insert_feedback(
    conn: &Connection,
    contact_id: i64,
    lane: Lane,
    action: FeedbackAction,
    until: Option<NaiveDate>,
    at: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO suggestion_feedback (contact_id, lane, action, until, at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        contact_id,
        lane,
        action,
        until.map(codec::date_str),
        at.timestamp_millis()
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn get_feedback(conn: &Connection, id: i64) -> Result<Feedback> {
    let sql = "SELECT f.id, f.contact_id, c.name, f.lane, f.action, f.until, f.at
         FROM suggestion_feedback f JOIN contact c ON c.id = f.contact_id WHERE f.id = ?1";
    codec::get_by_id(conn, sql, id, "feedback", |r| {
        Ok(Feedback {
            id: r.get(0)?,
            contact: codec::contact_ref_at(r, 1)?,
            lane: r.get(3)?,
            action: r.get(4)?,
            until: codec::opt_date(r, 5)?,
            at: from_millis(r.get(6)?),
        })
    })
}

/// Feedback given by `before` (inclusive: an answer counts from the moment it is given) that can still matter on `today`: given since `since`,
/// or a snooze that lasts beyond `today`. Oldest first.
pub fn list_feedback_in_effect(
    conn: &Connection,
    since: DateTime<Utc>,
    before: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<FeedbackFacts>> {
    codec::list(
        conn,
        "SELECT contact_id, lane, action, until, at FROM suggestion_feedback
         WHERE at <= ?2 AND (at >= ?1 OR (action = 'snoozed' AND until > ?3))
         ORDER BY at, id",
        params![
            since.timestamp_millis(),
            before.timestamp_millis(),
            codec::date_str(today)
        ],
        |r| {
            Ok(FeedbackFacts {
                contact_id: r.get(0)?,
                lane: r.get(1)?,
                action: r.get(2)?,
                until: codec::opt_date(r, 3)?,
                at: from_millis(r.get(4)?),
            })
        },
    )
}
