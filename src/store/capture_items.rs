//! Queries of `capture_item` and its `capture_address` rows: each message or meeting
//! occurrence a source held, by its own key, with the other people on it.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::InteractionKind;
use crate::store::codec::{self, from_millis};

/// A message or meeting occurrence as capture keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureItem {
    pub key: String,
    pub kind: InteractionKind,
    pub occurred_at: DateTime<Utc>,
    pub has_time: bool,
    pub thread: String,
    pub subject: String,
    pub from_me: bool,
    /// A call the person placed within a day of the other person's missed call: they started
    /// that conversation (`from_me` stays true: the person placed it).
    pub them_first: bool,
}

/// One other person on an item: their normalised address, the name it gave, and whether
/// they wrote (or organised) it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureAddress {
    pub email: String,
    pub name: Option<String>,
    pub from: bool,
}

/// Runs `sql` with `?1` = `first` and `?2`…`?9` = the item's key, kind, time, `has_time`,
/// thread, subject, `from_me` and `them_first`; returns the rows it changed.
fn execute_item(conn: &Connection, sql: &str, first: i64, item: &CaptureItem) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(params![
        first,
        item.key,
        item.kind,
        item.occurred_at.timestamp_millis(),
        item.has_time,
        item.thread,
        item.subject,
        item.from_me,
        item.them_first
    ])?)
}

/// Stores `item` of source `source`; `None` when an item with its key is there already.
pub fn insert_capture_item(
    conn: &Connection,
    source: i64,
    item: &CaptureItem,
) -> Result<Option<i64>> {
    let n = execute_item(
        conn,
        "INSERT OR IGNORE INTO capture_item
             (source_id, key, kind, occurred_at, has_time, thread, subject, from_me, them_first)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        source,
        item,
    )?;
    Ok((n == 1).then(|| conn.last_insert_rowid()))
}

pub fn insert_capture_address(conn: &Connection, item: i64, a: &CaptureAddress) -> Result<()> {
    insert_capture_addresses(conn, [(item, a)])
}

/// Stores each `(item, address)` of `rows` as [`insert_capture_address`] does, with one
/// statement for them all.
pub fn insert_capture_addresses<'a>(
    conn: &Connection,
    rows: impl IntoIterator<Item = (i64, &'a CaptureAddress)>,
) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO capture_address (item_id, email, name, role) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (item, a) in rows {
        insert.execute(params![
            item,
            a.email,
            a.name,
            if a.from { "from" } else { "to" }
        ])?;
    }
    Ok(())
}

/// Keeps what message `id` says (for a source whose text the person keeps).
pub fn update_capture_item_body(conn: &Connection, id: i64, body: &str) -> Result<()> {
    conn.prepare_cached("UPDATE capture_item SET body = ?2 WHERE id = ?1")?
        .execute(params![id, body])?;
    Ok(())
}

/// Erases the text kept of source `source`'s messages.
pub fn update_source_items_body_cleared(conn: &Connection, source: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE capture_item SET body = NULL WHERE source_id = ?1 AND body IS NOT NULL",
    )?
    .execute([source])?;
    Ok(())
}

/// The messages (or the meeting) interaction `interaction` was made of, oldest first: when,
/// whether the user wrote it, who else did (their name, else their address), the subject and
/// the text kept of it.
pub fn list_interaction_items(
    conn: &Connection,
    interaction: i64,
) -> Result<Vec<crate::model::CapturedMessage>> {
    codec::list(
        conn,
        "SELECT i.occurred_at, i.from_me, i.subject, i.body,
                (SELECT coalesce(nullif(a.name, ''), a.email) FROM capture_address a
                 WHERE a.item_id = i.id AND a.role = 'from' ORDER BY a.email LIMIT 1)
         FROM capture_interaction ci
         JOIN capture_item i
           ON i.thread = substr(ci.thread_day, 12)
          AND i.occurred_at >= unixepoch(substr(ci.thread_day, 1, 10)) * 1000
          AND i.occurred_at < unixepoch(substr(ci.thread_day, 1, 10)) * 1000 + 86400000
         WHERE ci.interaction_id = ?1
         ORDER BY i.occurred_at, i.id",
        [interaction],
        |r| {
            Ok(crate::model::CapturedMessage {
                occurred_at: from_millis(r.get(0)?),
                from_me: r.get(1)?,
                subject: r.get(2)?,
                text: r.get(3)?,
                from: r.get(4)?,
            })
        },
    )
}

/// Replaces what item `id` says (a moved meeting, a changed subject).
pub fn update_capture_item(conn: &Connection, id: i64, item: &CaptureItem) -> Result<()> {
    let n = execute_item(
        conn,
        "UPDATE capture_item SET key = ?2, kind = ?3, occurred_at = ?4, has_time = ?5,
             thread = ?6, subject = ?7, from_me = ?8, them_first = ?9
         WHERE id = ?1",
        id,
        item,
    )?;
    codec::changed(n, "capture item", id)
}

pub fn delete_capture_addresses(conn: &Connection, item: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM capture_address WHERE item_id = ?1")?
        .execute([item])?;
    Ok(())
}

pub fn delete_capture_item(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM capture_item WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The items of one thread (or meeting) on the UTC day starting at `day_start`, oldest
/// first, each with its addresses.
pub fn list_thread_day(
    conn: &Connection,
    thread: &str,
    day_start: DateTime<Utc>,
) -> Result<Vec<(CaptureItem, Vec<CaptureAddress>)>> {
    let start = day_start.timestamp_millis();
    let items: Vec<(i64, CaptureItem)> = codec::list(
        conn,
        "SELECT id, key, kind, occurred_at, has_time, thread, subject, from_me, them_first
         FROM capture_item WHERE thread = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
         ORDER BY occurred_at, id",
        params![thread, start, start + 86_400_000],
        |r| Ok((r.get(0)?, item_at(r)?)),
    )?;
    let mut out = Vec::with_capacity(items.len());
    for (id, item) in items {
        out.push((item, list_capture_addresses(conn, id)?));
    }
    Ok(out)
}

/// How many items thread `thread` has on the UTC day starting at `day_start`.
pub fn count_thread_day(
    conn: &Connection,
    thread: &str,
    day_start: DateTime<Utc>,
) -> Result<usize> {
    let start = day_start.timestamp_millis();
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM capture_item
             WHERE thread = ?1 AND occurred_at >= ?2 AND occurred_at < ?3",
        )?
        .query_row(params![thread, start, start + 86_400_000], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The addresses of item `id`, by address.
pub fn list_capture_addresses(conn: &Connection, id: i64) -> Result<Vec<CaptureAddress>> {
    codec::list(
        conn,
        "SELECT email, name, role FROM capture_address WHERE item_id = ?1 ORDER BY email",
        [id],
        |r| {
            Ok(CaptureAddress {
                email: r.get(0)?,
                name: r.get(1)?,
                from: r.get::<_, String>(2)? == "from",
            })
        },
    )
}

/// The item with `key`, if there is one, with its id.
pub fn get_capture_item(conn: &Connection, key: &str) -> Result<Option<(i64, CaptureItem)>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, key, kind, occurred_at, has_time, thread, subject, from_me, them_first
             FROM capture_item WHERE key = ?1",
        )?
        .query_row([key], |r| Ok((r.get(0)?, item_at(r)?)))
        .optional()?)
}

/// The key and time of every item of source `source`.
pub fn list_source_item_keys(
    conn: &Connection,
    source: i64,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    codec::list(
        conn,
        "SELECT key, occurred_at FROM capture_item WHERE source_id = ?1",
        [source],
        |r| Ok((r.get(0)?, from_millis(r.get(1)?))),
    )
}

fn item_at(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaptureItem> {
    Ok(CaptureItem {
        key: r.get(1)?,
        kind: r.get(2)?,
        occurred_at: from_millis(r.get(3)?),
        has_time: r.get(4)?,
        thread: r.get(5)?,
        subject: r.get(6)?,
        from_me: r.get(7)?,
        them_first: r.get(8)?,
    })
}

/// The threads and days (`(thread, occurred_at)` of each item) with `email` on them.
pub fn list_items_with_address(
    conn: &Connection,
    email: &str,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    codec::list(
        conn,
        "SELECT i.thread, i.occurred_at FROM capture_address a JOIN capture_item i ON i.id = a.item_id
         WHERE a.email = ?1 ORDER BY i.occurred_at",
        [email],
        |r| Ok((r.get(0)?, from_millis(r.get(1)?))),
    )
}

/// How many items source `source` holds.
pub fn count_capture_items(conn: &Connection, source: i64) -> Result<u32> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM capture_item WHERE source_id = ?1")?
        .query_row([source], |r| r.get(0))?)
}

/// The source of the first item of `thread`, if it has any item.
pub fn get_thread_source(conn: &Connection, thread: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT source_id FROM capture_item WHERE thread = ?1 ORDER BY id LIMIT 1")?
        .query_row([thread], |r| r.get(0))
        .optional()?)
}

/// The largest id of a capture item (0 when there is none): an item stored after this has a
/// larger id.
pub fn get_max_capture_item_id(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM capture_item")?
        .query_row([], |r| r.get(0))?)
}

/// The thread and time of each item of source `source` with an id of at most `up_to` that
/// happened after `after` (every one when `None`) and at or before `now`, has a live contact
/// on it, and whose thread-day has no interaction yet: what was still to come at the source's
/// last read and has happened since. Reads the source's items of that time range through
/// `capture_item_by_source_time` (whose entries hold the id, so items above `up_to` cost no
/// further look-up), and each one's addresses before their identities (`CROSS JOIN` keeps
/// that order).
pub fn list_capture_items_due(
    conn: &Connection,
    source: i64,
    after: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    up_to: i64,
) -> Result<Vec<(String, DateTime<Utc>)>> {
    codec::list(
        conn,
        "SELECT i.thread, i.occurred_at FROM capture_item i
         WHERE i.source_id = ?1 AND i.occurred_at > ?2 AND i.occurred_at <= ?3 AND i.id <= ?4
           AND EXISTS (
               SELECT 1 FROM capture_address a
               CROSS JOIN identity d ON d.kind = 'email' AND d.value = a.email
               CROSS JOIN contact c ON c.id = d.contact_id AND c.deleted_at IS NULL
               WHERE a.item_id = i.id)
           AND NOT EXISTS (
               SELECT 1 FROM capture_interaction ci
               WHERE ci.thread_day =
                   strftime('%Y-%m-%d', i.occurred_at / 1000.0, 'unixepoch') || '|' || i.thread)
         ORDER BY i.occurred_at, i.id",
        params![
            source,
            after.map_or(i64::MIN, |a| a.timestamp_millis()),
            now.timestamp_millis(),
            up_to
        ],
        |r| Ok((r.get(0)?, from_millis(r.get(1)?))),
    )
}

/// The meeting occurrences (meetings, video calls and events) of calendar sources starting
/// from `from` to `to` (both included), soonest first, each with its id and source. Reads the
/// items of each calendar source in that range through `capture_item_by_source_time`, never
/// those of mailboxes.
pub fn list_capture_items_upcoming(
    conn: &Connection,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(i64, i64, CaptureItem)>> {
    codec::list(
        conn,
        "SELECT i.id, i.key, i.kind, i.occurred_at, i.has_time, i.thread, i.subject, i.from_me,
                i.them_first, i.source_id
         FROM source s CROSS JOIN capture_item i ON i.source_id = s.id
         WHERE s.kind = 'ics' AND i.occurred_at >= ?1 AND i.occurred_at <= ?2
           AND i.kind IN ('meeting', 'video', 'event')
         ORDER BY i.occurred_at, i.id",
        params![from.timestamp_millis(), to.timestamp_millis()],
        |r| Ok((r.get(0)?, r.get(9)?, item_at(r)?)),
    )
}
