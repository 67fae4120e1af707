//! The queue of people the user writes to or meets who are not in Kith: addresses on captured
//! items that no live contact has (computed from `capture_address`, never stored), less those
//! in `unknown_ignored`. An address is no one's unknown when a live contact has it as a
//! channel (an email, a `tel:` number, a `linkedin:` profile) or the person linked it to one
//! (`capture_alias`, for chat names); a chat name that matches one contact's name is left
//! out by the caller, which matches names.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::{InteractionKind, Unknown};
use crate::store::capture_items::{CaptureAddress, CaptureItem};
use crate::store::codec::{self, from_millis};

/// What the queue shows of each address, added up from its items (the `capture_address_stat`
/// columns; the name: the newest one given). Completed with a `WHERE` and `GROUP BY a.email`.
const ADDED_UP: &str = "SELECT a.email,
        sum((i.kind = 'email' OR i.kind = 'message') AND i.from_me = 1) AS sent,
        sum((i.kind = 'email' OR i.kind = 'message') AND a.role = 'from') AS received,
        sum(i.kind = 'meeting' OR i.kind = 'video' OR i.kind = 'event') AS met,
        sum(i.kind = 'call') AS calls,
        min(i.occurred_at) AS first_at, max(i.occurred_at) AS last_at,
        substr(max(CASE WHEN a.name <> ''
                        THEN printf('%020d', i.occurred_at) || a.name END), 21) AS name
    FROM capture_address a JOIN capture_item i ON i.id = a.item_id";

/// Every address on captured items (of source `only`, or of any) that is no live contact's and
/// was not ignored, with how often and how recently it was on them, most recent first. Over
/// every source it reads `capture_address_stat` (kept by triggers, schema 11); for one source
/// (a preview) it adds that source's items up.
pub fn list_unknowns(conn: &Connection, only: Option<i64>) -> Result<Vec<Unknown>> {
    const ALL: &str = "SELECT email, sent, received, met, calls, first_at, last_at, name
        FROM capture_address_stat WHERE ?1 IS NULL";
    let per_source = format!("{ADDED_UP} WHERE i.source_id = ?1 GROUP BY a.email");
    let sql = format!(
        "SELECT * FROM ({}) s
         WHERE NOT EXISTS (
                   SELECT 1 FROM contact_channel ch JOIN contact c ON c.id = ch.contact_id
                   WHERE ch.kind = 'email' AND ch.normalized = s.email AND c.deleted_at IS NULL)
           AND NOT (s.email LIKE 'tel:%' AND EXISTS (
                   SELECT 1 FROM contact_channel ch JOIN contact c ON c.id = ch.contact_id
                   WHERE ch.kind = 'phone' AND ch.normalized = substr(s.email, 5)
                     AND c.deleted_at IS NULL))
           AND NOT (s.email LIKE 'linkedin:%' AND EXISTS (
                   SELECT 1 FROM contact_channel ch JOIN contact c ON c.id = ch.contact_id
                   WHERE ch.kind = 'link' AND ch.normalized = substr(s.email, 10)
                     AND c.deleted_at IS NULL))
           AND NOT EXISTS (
                   SELECT 1 FROM capture_alias al JOIN contact c ON c.id = al.contact_id
                   WHERE al.address = s.email AND c.deleted_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM unknown_ignored g WHERE g.email = s.email)
         ORDER BY s.last_at DESC, s.email",
        if only.is_some() { &per_source } else { ALL }
    );
    codec::list(conn, &sql, [only], |r| {
        Ok(Unknown {
            email: r.get(0)?,
            label: String::new(),
            sent: r.get(1)?,
            received: r.get(2)?,
            met: r.get(3)?,
            calls: r.get(4)?,
            first_at: from_millis(r.get(5)?),
            last_at: from_millis(r.get(6)?),
            name: r.get(7)?,
        })
    })
}

/// Whether `email` is on any captured item (it has counts in `capture_address_stat`).
pub fn get_address_captured(conn: &Connection, email: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM capture_address_stat WHERE email = ?1")?
        .exists([email])?)
}

/// The name `email` went by on the newest item that gives one (kept in
/// `capture_address_stat`).
pub fn get_unknown_name(conn: &Connection, email: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT name FROM capture_address_stat WHERE email = ?1")?
        .query_row([email], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}

/// What items add to an address's row in `capture_address_stat`: the sums the
/// `capture_address_stat_add` trigger makes row by row, made in memory for addresses written
/// with SQLite's triggers off (see [`insert_address_stat`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressStat {
    sent: u32,
    received: u32,
    met: u32,
    calls: u32,
    /// The first and last item's time (ms).
    span: Option<(i64, i64)>,
    /// The newest name given, and its item's time (ms).
    name: Option<(i64, String)>,
}

impl AddressStat {
    /// Adds the item `item` with the address on it as `address`, as the trigger would.
    pub fn add(&mut self, item: &CaptureItem, address: &CaptureAddress) {
        let at = item.occurred_at.timestamp_millis();
        let written = matches!(item.kind, InteractionKind::Email | InteractionKind::Message);
        let met = matches!(
            item.kind,
            InteractionKind::Meeting | InteractionKind::Video | InteractionKind::Event
        );
        self.sent += u32::from(written && item.from_me);
        self.received += u32::from(written && address.from);
        self.met += u32::from(met);
        self.calls += u32::from(item.kind == InteractionKind::Call);
        self.span = Some(self.span.map_or((at, at), |(f, l)| (f.min(at), l.max(at))));
        if let Some(name) = address.name.as_deref().filter(|n| !n.is_empty()) {
            match &mut self.name {
                Some((t, newest)) if at >= *t => {
                    *t = at;
                    if newest != name {
                        name.clone_into(newest);
                    }
                }
                Some(_) => {}
                None => self.name = Some((at, name.to_owned())),
            }
        }
    }
}

/// Adds `stat` to `email`'s row of `capture_address_stat` (made when it has none), by the
/// `capture_address_stat_add` trigger's rules: one statement for all of a batch's items with
/// that address instead of one trigger run per address row.
pub fn insert_address_stat(conn: &Connection, email: &str, stat: &AddressStat) -> Result<()> {
    let Some((first_at, last_at)) = stat.span else {
        return Ok(());
    };
    conn.prepare_cached(
        "INSERT INTO capture_address_stat
             (email, sent, received, met, first_at, last_at, name, name_at, calls)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (email) DO UPDATE SET
             sent = sent + excluded.sent,
             received = received + excluded.received,
             met = met + excluded.met,
             calls = calls + excluded.calls,
             first_at = min(first_at, excluded.first_at),
             last_at = max(last_at, excluded.last_at),
             name = CASE WHEN excluded.name_at >= coalesce(name_at, excluded.name_at)
                         THEN excluded.name ELSE name END,
             name_at = CASE WHEN excluded.name_at >= coalesce(name_at, excluded.name_at)
                            THEN excluded.name_at ELSE name_at END",
    )?
    .execute(params![
        email,
        stat.sent,
        stat.received,
        stat.met,
        first_at,
        last_at,
        stat.name.as_ref().map(|(_, n)| n),
        stat.name.as_ref().map(|(t, _)| t),
        stat.calls
    ])?;
    Ok(())
}

pub fn insert_unknown_ignored(conn: &Connection, email: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO unknown_ignored (email, ignored_at) VALUES (?1, ?2)",
    )?
    .execute(params![email, now.timestamp_millis()])?;
    Ok(())
}

pub fn delete_unknown_ignored(conn: &Connection, email: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM unknown_ignored WHERE email = ?1")?
        .execute([email])?;
    Ok(())
}

/// The addresses whose row in `capture_address_stat` differs from what adding their items up
/// again gives (none, when the triggers kept it): for tests and checks.
pub fn list_stat_mismatches(conn: &Connection) -> Result<Vec<String>> {
    codec::list(
        conn,
        &format!(
            "WITH fresh AS ({ADDED_UP} GROUP BY a.email)
         SELECT email FROM (
             SELECT email, sent, received, met, calls, first_at, last_at, name FROM fresh
             EXCEPT
             SELECT email, sent, received, met, calls, first_at, last_at, name FROM capture_address_stat)
         UNION
         SELECT email FROM (
             SELECT email, sent, received, met, calls, first_at, last_at, name FROM capture_address_stat
             EXCEPT
             SELECT email, sent, received, met, calls, first_at, last_at, name FROM fresh)
         ORDER BY 1"
        ),
        [],
        |r| r.get(0),
    )
}

/// Records that chat name `address` (as capture writes it, `whatsapp:Ana`) is contact
/// `contact`'s.
pub fn insert_capture_alias(
    conn: &Connection,
    address: &str,
    contact: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO capture_alias (address, contact_id, linked_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![address, contact, now.timestamp_millis()])?;
    Ok(())
}

/// The live contact chat name `address` was linked to, if any.
pub fn get_capture_alias(conn: &Connection, address: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT al.contact_id FROM capture_alias al JOIN contact c ON c.id = al.contact_id
             WHERE al.address = ?1 AND c.deleted_at IS NULL",
        )?
        .query_row([address], |r| r.get(0))
        .optional()?)
}
