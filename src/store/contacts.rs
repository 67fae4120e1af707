//! Queries of the `contact` table. Callers validate input first (see `model::NewContact`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Contact, ContactQuery, NewContact};

const COLUMNS: &str = "id, name, company, role, email, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        company: row.get(2)?,
        role: row.get(3)?,
        email: row.get(4)?,
        created_at: millis_to_utc(row.get(5)?),
        updated_at: millis_to_utc(row.get(6)?),
    })
}

pub(crate) fn millis_to_utc(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

pub fn get_contact(conn: &Connection, id: i64) -> Result<Contact> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM contact WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "contact".into(),
            id,
        })
}

/// Contacts sorted case-insensitively by name, then by id so equal names page stably.
pub fn list_contacts(conn: &Connection, query: ContactQuery) -> Result<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM contact ORDER BY name COLLATE NOCASE, id LIMIT ?1 OFFSET ?2"
    ))?;
    let rows = stmt.query_map(params![query.limit, query.offset], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count_contacts(conn: &Connection) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM contact")?
        .query_row([], |r| r.get(0))?)
}

/// Inserts a validated contact and returns its id.
pub fn insert_contact(conn: &Connection, c: &NewContact, now: DateTime<Utc>) -> Result<i64> {
    let ms = now.timestamp_millis();
    conn.prepare_cached(
        "INSERT INTO contact (name, company, role, email, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
    )?
    .execute(params![c.name, c.company, c.role, c.email, ms])?;
    Ok(conn.last_insert_rowid())
}
