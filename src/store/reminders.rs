//! Queries of `reminder`: dated follow-ups, created by hand or from a promise made in an
//! interaction (mine, or the contact's); done, snoozed until a date, or dismissed.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::Result;
use crate::model::{FollowUp, PromisedBy, Reminder, ReminderSource, ReminderStatus};
use crate::store::codec::{self, from_millis};

const SELECT: &str = "SELECT r.id, r.contact_id, c.name, r.due_on, r.text, r.source, r.status,
        r.snoozed_until, r.interaction_id, r.created_at
    FROM reminder r JOIN contact c ON c.id = r.contact_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Reminder> {
    Ok(Reminder {
        id: r.get(0)?,
        contact: codec::contact_ref_at(r, 1)?,
        due_on: codec::date_at(r, 3)?,
        text: r.get(4)?,
        source: r.get(5)?,
        status: r.get(6)?,
        snoozed_until: codec::opt_date(r, 7)?,
        interaction_id: r.get(8)?,
        created_at: from_millis(r.get(9)?),
    })
}

pub fn get_reminder(conn: &Connection, id: i64) -> Result<Reminder> {
    codec::get_by_id(
        conn,
        &format!("{SELECT} WHERE r.id = ?1"),
        id,
        "reminder",
        from_row,
    )
}

/// Reminders that were open or snoozed at `before` (created before it, and not resolved
/// before it), of live contacts, by due date.
pub fn list_reminders_open_at(conn: &Connection, before: DateTime<Utc>) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.deleted_at IS NULL AND r.created_at < ?1
           AND (r.status IN ('open', 'snoozed') OR r.resolved_at >= ?1)
         ORDER BY r.due_on, r.id"
    ))?;
    let rows = stmt.query_map([before.timestamp_millis()], from_row)?;
    let mut out: Vec<Reminder> = rows.collect::<rusqlite::Result<_>>()?;
    // One resolved after `before` was still open then.
    for r in &mut out {
        if matches!(r.status, ReminderStatus::Done | ReminderStatus::Dismissed) {
            r.status = ReminderStatus::Open;
        }
    }
    Ok(out)
}

/// Reminders still to act on (open, or snoozed), of live contacts, by the day they are due
/// (a snoozed one's end), for the calendar export.
pub fn list_reminders_pending(conn: &Connection) -> Result<Vec<Reminder>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.status IN ('open', 'snoozed') AND c.deleted_at IS NULL
         ORDER BY coalesce(r.snoozed_until, r.due_on), r.id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_manual(
    conn: &Connection,
    contact_id: i64,
    due_on: NaiveDate,
    text: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO reminder (contact_id, due_on, text, source, created_at, gid)
         VALUES (?1, ?2, ?3, 'manual', ?4, ?5)",
    )?
    .execute(params![
        contact_id,
        codec::date_str(due_on),
        text,
        now.timestamp_millis(),
        super::gid::new_gid()
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Sets a reminder's status; done and dismissed stamp `resolved_at`, snoozed sets the day
/// it comes back.
pub fn update_reminder_status(
    conn: &Connection,
    id: i64,
    status: ReminderStatus,
    snoozed_until: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<()> {
    let resolved = matches!(status, ReminderStatus::Done | ReminderStatus::Dismissed)
        .then(|| now.timestamp_millis());
    let changed = conn
        .prepare_cached(
            "UPDATE reminder SET status = ?2, snoozed_until = ?3, resolved_at = ?4 WHERE id = ?1",
        )?
        .execute(params![
            id,
            status,
            snoozed_until.map(codec::date_str),
            resolved
        ])?;
    codec::changed(changed, "reminder", id)
}

/// The follow-up promised in an interaction, if any.
pub fn get_interaction_follow_up(
    conn: &Connection,
    interaction_id: i64,
) -> Result<Option<FollowUp>> {
    Ok(conn
        .prepare_cached(
            "SELECT due_on, text, contact_id, source FROM reminder
             WHERE interaction_id = ?1 AND source IN ('promise', 'their_promise')
             ORDER BY id LIMIT 1",
        )?
        .query_row([interaction_id], |r| {
            Ok(FollowUp {
                due_on: codec::date_at(r, 0)?,
                text: r.get(1)?,
                contact: Some(r.get(2)?),
                by: match r.get(3)? {
                    ReminderSource::TheirPromise => PromisedBy::Them,
                    _ => PromisedBy::Me,
                },
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
        "INSERT INTO reminder (contact_id, due_on, text, source, interaction_id, created_at, gid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        contact_id,
        codec::date_str(f.due_on),
        f.text,
        match f.by {
            PromisedBy::Me => ReminderSource::Promise,
            PromisedBy::Them => ReminderSource::TheirPromise,
        },
        interaction_id,
        now.timestamp_millis(),
        super::gid::new_gid()
    ])?;
    Ok(conn.last_insert_rowid())
}
