//! Queries of `source`: the files and folders Kith reads interactions from, where the next
//! read of each resumes (`cursor`, JSON whose shape belongs to the reader of its kind) and what
//! every read has brought (`report`), and what the person said about the file (`options`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Source, SourceKind, SourceStatus, SourceTotals};
use crate::store::codec::{self, from_millis, opt_from_millis};

const COLUMNS: &str =
    "id, kind, path, added_at, read_at, status, message, report, keep_text, options";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Source> {
    let report: String = r.get(7)?;
    Ok(Source {
        id: r.get(0)?,
        kind: r.get(1)?,
        path: r.get(2)?,
        added_at: from_millis(r.get(3)?),
        read_at: opt_from_millis(r.get(4)?),
        status: r.get(5)?,
        keep_text: r.get(8)?,
        message: r.get(6)?,
        // A report Kith cannot read (written by a later version) counts from zero again.
        totals: serde_json::from_str(&report).unwrap_or_default(),
        me: serde_json::from_str::<SourceOptions>(&r.get::<_, String>(9)?)
            .unwrap_or_default()
            .me,
    })
}

/// What the person said about a source's file that the file does not say (the `options`
/// column, JSON): which name or id in a chat export is theirs, the order of day and month of
/// a WhatsApp export's dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_first: Option<bool>,
}

/// The options of source `id` (the defaults when none were given, or Kith cannot read them).
pub fn get_source_options(conn: &Connection, id: i64) -> Result<SourceOptions> {
    let text: String = codec::get_by_id(
        conn,
        "SELECT options FROM source WHERE id = ?1",
        id,
        "source",
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&text).unwrap_or_default())
}

pub fn update_source_options(conn: &Connection, id: i64, options: &SourceOptions) -> Result<()> {
    let text = serde_json::to_string(options)
        .map_err(|e| Error::database(format!("could not record the options of source {id}"), e))?;
    let n = conn
        .prepare_cached("UPDATE source SET options = ?2 WHERE id = ?1")?
        .execute(params![id, text])?;
    codec::changed(n, "source", id)
}

pub fn insert_source(
    conn: &Connection,
    kind: SourceKind,
    path: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached("INSERT INTO source (kind, path, added_at) VALUES (?1, ?2, ?3)")?
        .execute(params![kind, path, now.timestamp_millis()])?;
    Ok(conn.last_insert_rowid())
}

/// Whether the text of source `id`'s messages is kept.
pub fn update_source_keep_text(conn: &Connection, id: i64, keep: bool) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE source SET keep_text = ?2 WHERE id = ?1")?
        .execute(params![id, keep])?;
    codec::changed(n, "source", id)
}

pub fn get_source(conn: &Connection, id: i64) -> Result<Source> {
    codec::get_by_id(
        conn,
        &format!("SELECT {COLUMNS} FROM source WHERE id = ?1"),
        id,
        "source",
        from_row,
    )
}

/// The source reading `path`, if there is one.
pub fn get_source_by_path(conn: &Connection, path: &str) -> Result<Option<Source>> {
    let found: Vec<Source> = codec::list(
        conn,
        &format!("SELECT {COLUMNS} FROM source WHERE path = ?1"),
        [path],
        from_row,
    )?;
    Ok(found.into_iter().next())
}

/// Every source, oldest first.
pub fn list_sources(conn: &Connection) -> Result<Vec<Source>> {
    codec::list(
        conn,
        &format!("SELECT {COLUMNS} FROM source ORDER BY id"),
        [],
        from_row,
    )
}

/// Where the next read of source `id` resumes (JSON; `{}` before the first).
pub fn get_source_cursor(conn: &Connection, id: i64) -> Result<String> {
    codec::get_by_id(
        conn,
        "SELECT cursor FROM source WHERE id = ?1",
        id,
        "source",
        |r| r.get(0),
    )
}

/// Saves how far a read of source `id` got, and what it brought (added to the totals).
pub fn update_source_progress(
    conn: &Connection,
    id: i64,
    cursor: &str,
    batch: &SourceTotals,
) -> Result<()> {
    let mut totals = get_source(conn, id)?.totals;
    totals.add(batch);
    let report = serde_json::to_string(&totals)
        .map_err(|e| Error::database(format!("could not record what source {id} read"), e))?;
    let n = conn
        .prepare_cached("UPDATE source SET cursor = ?2, report = ?3 WHERE id = ?1")?
        .execute(params![id, cursor, report])?;
    codec::changed(n, "source", id)
}

/// Records the outcome of a read of source `id`: `Ok` (with the time it completed) or why it
/// could not be read.
pub fn update_source_status(
    conn: &Connection,
    id: i64,
    status: SourceStatus,
    message: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE source SET status = ?2, message = ?3,
                 read_at = CASE WHEN ?2 = 'ok' THEN ?4 ELSE read_at END
             WHERE id = ?1",
        )?
        .execute(params![id, status, message, now.timestamp_millis()])?;
    codec::changed(n, "source", id)
}

/// Forgets where reads of source `id` got (the next one starts from the beginning again).
pub fn update_source_cursor_reset(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("UPDATE source SET cursor = '{}' WHERE id = ?1")?
        .execute([id])?;
    codec::changed(n, "source", id)
}

pub fn delete_source(conn: &Connection, id: i64) -> Result<()> {
    let n = conn
        .prepare_cached("DELETE FROM source WHERE id = ?1")?
        .execute([id])?;
    codec::changed(n, "source", id)
}
