//! Queries of `capture_item` and its `capture_address` rows: each message or meeting
//! occurrence a source held, by its own key, with the other people on it.
//!
//! `capture_item_by_thread` holds only the items whose thread is not their own key (schema
//! 13): every query of a thread reads those through it (`thread = ? AND thread <> key`, the
//! index's own condition, so SQLite can use it) and the item whose key is the thread through
//! the key's index (`key = ? AND thread = key`).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::InteractionKind;
use crate::store::codec::{self, from_millis};

/// The items of interaction `?1`'s thread-days (see [`list_interaction_items`]).
const INTERACTION_ITEMS: &str = "
    WITH day AS (
        SELECT substr(thread_day, 12) AS thread,
               unixepoch(substr(thread_day, 1, 10)) * 1000 AS start
        FROM capture_interaction WHERE interaction_id = ?1),
    item AS (
        SELECT i.* FROM day CROSS JOIN capture_item i
        WHERE i.thread = day.thread AND i.thread <> i.key
          AND i.occurred_at >= day.start AND i.occurred_at < day.start + 86400000
        UNION ALL
        SELECT i.* FROM day CROSS JOIN capture_item i
        WHERE i.key = day.thread AND i.thread = i.key
          AND i.occurred_at >= day.start AND i.occurred_at < day.start + 86400000)
    SELECT m.occurred_at, m.from_me, m.subject, m.body,
           (SELECT coalesce(nullif(a.name, ''), a.email) FROM capture_address a
            WHERE a.item_id = m.id AND a.role = 'from' ORDER BY a.email LIMIT 1)
    FROM item m
    ORDER BY m.occurred_at, m.id";

/// The items of thread `?1` from `?2` to before `?3` (ms), oldest first.
const THREAD_DAY: &str = "
    SELECT id, key, kind, occurred_at, has_time, thread, subject, from_me, them_first
    FROM capture_item
    WHERE thread = ?1 AND thread <> key AND occurred_at >= ?2 AND occurred_at < ?3
    UNION ALL
    SELECT id, key, kind, occurred_at, has_time, thread, subject, from_me, them_first
    FROM capture_item
    WHERE key = ?1 AND thread = key AND occurred_at >= ?2 AND occurred_at < ?3
    ORDER BY occurred_at, id";

/// How many items thread `?1` has from `?2` to before `?3` (ms).
const COUNT_THREAD_DAY: &str = "
    SELECT (SELECT count(*) FROM capture_item
            WHERE thread = ?1 AND thread <> key AND occurred_at >= ?2 AND occurred_at < ?3)
         + (SELECT count(*) FROM capture_item
            WHERE key = ?1 AND thread = key AND occurred_at >= ?2 AND occurred_at < ?3)";

/// The source of thread `?1`'s first item.
const THREAD_SOURCE: &str = "
    SELECT source_id FROM (
        SELECT id, source_id FROM capture_item WHERE thread = ?1 AND thread <> key
        UNION ALL
        SELECT id, source_id FROM capture_item WHERE key = ?1 AND thread = key)
    ORDER BY id LIMIT 1";

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
    codec::list(conn, INTERACTION_ITEMS, [interaction], |r| {
        Ok(crate::model::CapturedMessage {
            occurred_at: from_millis(r.get(0)?),
            from_me: r.get(1)?,
            subject: r.get(2)?,
            text: r.get(3)?,
            from: r.get(4)?,
        })
    })
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
        THREAD_DAY,
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
        .prepare_cached(COUNT_THREAD_DAY)?
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
        .prepare_cached(THREAD_SOURCE)?
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::TimeZone;

    use super::*;
    use crate::model::SourceKind;
    use crate::Store;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    /// Items whose thread is their key (a meeting, a thread's first message) and whose thread
    /// is another's key or none's, over two days; `mail:<a>`'s first message is another
    /// source's.
    fn store_with_threads() -> Store {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let cal = crate::store::sources::insert_source(conn, SourceKind::Ics, "/c.ics", at(1, 0))
            .unwrap();
        let mail =
            crate::store::sources::insert_source(conn, SourceKind::Mbox, "/m.mbox", at(1, 0))
                .unwrap();
        let item = |key: &str, thread: &str, when| CaptureItem {
            key: key.into(),
            kind: InteractionKind::Email,
            occurred_at: when,
            has_time: true,
            thread: thread.into(),
            subject: format!("{key} in {thread}"),
            from_me: false,
            them_first: false,
        };
        for (source, key, thread, when) in [
            (mail, "mail:<r1>", "mail:<a>", at(2, 11)),
            (cal, "mail:<a>", "mail:<a>", at(2, 9)),
            (mail, "mail:<r2>", "mail:<a>", at(2, 10)),
            (mail, "mail:<r3>", "mail:<a>", at(3, 8)),
            (mail, "mail:<b>", "mail:<z>", at(2, 12)),
            (mail, "mail:<c>", "mail:<b>", at(2, 13)),
            (cal, "ics:m|", "ics:m|", at(2, 14)),
            (cal, "ics:m|20261103", "ics:m|20261103", at(3, 14)),
            (mail, "hash:x", "subject:hello", at(2, 15)),
        ] {
            let mut it = item(key, thread, when);
            it.kind = if source == cal {
                InteractionKind::Meeting
            } else {
                InteractionKind::Email
            };
            let id = insert_capture_item(conn, source, &it).unwrap().unwrap();
            let a = CaptureAddress {
                email: format!("{}@example.org", id),
                name: Some(format!("Person {id}")),
                from: true,
            };
            insert_capture_address(conn, id, &a).unwrap();
        }
        store
    }

    const THREADS: [&str; 7] = [
        "mail:<a>",
        "mail:<b>",
        "mail:<z>",
        "ics:m|",
        "ics:m|20261103",
        "subject:hello",
        "mail:<c>",
    ];

    /// What a thread's rows are by a plain scan of the table, as before schema 13.
    fn scanned(conn: &Connection, thread: &str, from: i64, to: i64) -> Vec<String> {
        codec::list(
            conn,
            "SELECT key FROM capture_item NOT INDEXED
             WHERE thread = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
             ORDER BY occurred_at, id",
            params![thread, from, to],
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn a_thread_reads_its_items_whether_or_not_their_thread_is_their_key() {
        let store = store_with_threads();
        let conn = store.conn();
        let mut found = 0;
        for thread in THREADS {
            for day in [1, 2, 3] {
                let start = at(day, 0);
                let from = start.timestamp_millis();
                let want = scanned(conn, thread, from, from + 86_400_000);
                let got: Vec<String> = list_thread_day(conn, thread, start)
                    .unwrap()
                    .into_iter()
                    .map(|(i, addresses)| {
                        assert_eq!(addresses.len(), 1);
                        i.key
                    })
                    .collect();
                assert_eq!(got, want, "{thread} on day {day}");
                assert_eq!(count_thread_day(conn, thread, start).unwrap(), want.len());
                found += want.len();
            }
            let first: Option<i64> = conn
                .query_row(
                    "SELECT source_id FROM capture_item NOT INDEXED WHERE thread = ?1
                     ORDER BY id LIMIT 1",
                    [thread],
                    |r| r.get(0),
                )
                .optional()
                .unwrap();
            assert_eq!(get_thread_source(conn, thread).unwrap(), first, "{thread}");
        }
        assert_eq!(found, 9);
        let mail_a = list_thread_day(conn, "mail:<a>", at(2, 0)).unwrap();
        let keys: Vec<&str> = mail_a.iter().map(|(i, _)| i.key.as_str()).collect();
        assert_eq!(keys, ["mail:<a>", "mail:<r2>", "mail:<r1>"]);
        // `mail:<a>`'s first item stored is the mailbox's (source 2), not its first message.
        assert_eq!(get_thread_source(conn, "mail:<a>").unwrap(), Some(2));
        assert_eq!(get_thread_source(conn, "mail:<nothing>").unwrap(), None);
    }

    #[test]
    fn an_interaction_reads_the_items_of_its_thread_days() {
        let store = store_with_threads();
        let conn = store.conn();
        // `capture_interaction` rows alone: the interactions they point to do not matter here.
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        for (key, interaction) in [
            ("2026-11-02|mail:<a>", 1),
            ("2026-11-03|mail:<a>", 1),
            ("2026-11-02|ics:m|", 2),
            ("2026-11-02|mail:<b>", 3),
            ("2026-11-02|mail:<z>", 4),
        ] {
            crate::store::capture_interactions::insert_capture_interaction(conn, key, interaction)
                .unwrap();
        }
        let subjects = |interaction| -> Vec<(String, Option<String>)> {
            list_interaction_items(conn, interaction)
                .unwrap()
                .into_iter()
                .map(|m| (m.subject, m.from))
                .collect()
        };
        let named = |subject: &str, who: &str| (subject.to_owned(), Some(who.to_owned()));
        assert_eq!(
            subjects(1),
            [
                named("mail:<a> in mail:<a>", "Person 2"),
                named("mail:<r2> in mail:<a>", "Person 3"),
                named("mail:<r1> in mail:<a>", "Person 1"),
                named("mail:<r3> in mail:<a>", "Person 4"),
            ]
        );
        assert_eq!(subjects(2), [named("ics:m| in ics:m|", "Person 7")]);
        assert_eq!(subjects(3), [named("mail:<c> in mail:<b>", "Person 6")]);
        assert_eq!(subjects(4), [named("mail:<b> in mail:<z>", "Person 5")]);
        assert!(subjects(5).is_empty());
    }

    /// Every query of a thread finds its rows of `capture_item` through an index (the partial
    /// by-thread index or the key's), never by scanning the table.
    #[test]
    fn the_queries_of_a_thread_search_an_index() {
        let store = store_with_threads();
        let conn = store.conn();
        for sql in [
            INTERACTION_ITEMS,
            THREAD_DAY,
            COUNT_THREAD_DAY,
            THREAD_SOURCE,
        ] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let values = (1..=stmt.parameter_count()).map(|n| n as i64);
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(values), |r| r.get(3))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let items: Vec<&String> = plan
                .iter()
                .filter(|l| matches!(l.split(' ').nth(1), Some("i" | "capture_item")))
                .collect();
            assert_eq!(items.len(), 2, "{plan:#?}");
            assert!(
                items
                    .iter()
                    .any(|l| l.starts_with("SEARCH") && l.contains("capture_item_by_thread")),
                "{plan:#?}"
            );
            assert!(
                items
                    .iter()
                    .any(|l| l.starts_with("SEARCH") && l.contains("sqlite_autoindex_capture_item")),
                "{plan:#?}"
            );
        }
    }
}
