//! Queries of `import_record` and `import_change`: every import that wrote something, the
//! contacts it created and those it changed (as they were before and after), so that it can
//! be undone later.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::model::{Contact, ImportRecord};
use crate::store::codec::{self, from_millis, opt_from_millis};

fn json(c: &Contact) -> Result<String> {
    serde_json::to_string(c)
        .map_err(|e| Error::database(format!("could not record the import: {e}"), e))
}

/// Records an import; returns its id.
pub fn insert_import(
    conn: &Connection,
    path: &str,
    format: &str,
    created: u32,
    merged: u32,
    at: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO import_record (at, path, format, created, merged) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        at.timestamp_millis(),
        path,
        format,
        created,
        merged
    ])?;
    Ok(conn.last_insert_rowid())
}

/// What an import did to one contact.
#[derive(Debug, Clone)]
pub enum Change {
    Created,
    /// The contact as it was before the import, and as the import left it.
    Changed(Box<Contact>, Box<Contact>),
}

/// Records what import `import` did to `contact`.
pub fn insert_change(conn: &Connection, import: i64, contact: i64, change: &Change) -> Result<()> {
    let (before, after) = match change {
        Change::Created => (None, None),
        Change::Changed(before, after) => (Some(json(before)?), Some(json(after)?)),
    };
    conn.prepare_cached(
        "INSERT OR REPLACE INTO import_change (import_id, contact_id, before, after) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![import, contact, before, after])?;
    Ok(())
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRecord> {
    Ok(ImportRecord {
        id: r.get(0)?,
        at: from_millis(r.get(1)?),
        path: r.get(2)?,
        format: r.get(3)?,
        created: r.get(4)?,
        merged: r.get(5)?,
        undone_at: opt_from_millis(r.get(6)?),
    })
}

/// Every recorded import, newest first.
pub fn list_imports(conn: &Connection) -> Result<Vec<ImportRecord>> {
    codec::list(
        conn,
        "SELECT id, at, path, format, created, merged, undone_at FROM import_record ORDER BY at DESC, id DESC",
        [],
        from_row,
    )
}

pub fn get_import(conn: &Connection, id: i64) -> Result<ImportRecord> {
    codec::get_by_id(
        conn,
        "SELECT id, at, path, format, created, merged, undone_at FROM import_record WHERE id = ?1",
        id,
        "import",
        from_row,
    )
}

/// What import `id` did, contact by contact.
pub fn list_changes(conn: &Connection, id: i64) -> Result<Vec<(i64, Change)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT contact_id, before, after FROM import_change WHERE import_id = ?1 ORDER BY contact_id",
    )?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parse = |s: &str| {
        serde_json::from_str::<Contact>(s)
            .map_err(|e| Error::database(format!("import {id}'s record is unreadable: {e}"), e))
    };
    rows.into_iter()
        .map(|(c, before, after)| match (before, after) {
            (Some(b), Some(a)) => Ok((
                c,
                Change::Changed(Box::new(parse(&b)?), Box::new(parse(&a)?)),
            )),
            _ => Ok((c, Change::Created)),
        })
        .collect()
}

pub fn update_import_undone(conn: &Connection, id: i64, at: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached("UPDATE import_record SET undone_at = ?2 WHERE id = ?1")?
        .execute(params![id, at.timestamp_millis()])?;
    Ok(())
}
