//! Queries of `knows` (schema 16): who took part in live interactions together, a row per
//! pair (the smaller id first) with how many they shared and the first and newest.
//!
//! The schema's triggers keep it through every single write. A batch written with them off
//! ([`crate::store::interactions::insert_participants`]) calls [`insert_knows_of_joined`]
//! for what it added; [`mismatches`] compares the table with the history it is made from
//! (the tests run it after every kind of write).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{Acquaintance, ContactRef, Knows};
use crate::store::codec::{self, from_millis};

/// What the history says the table should hold, as the migration fills it.
const FROM_HISTORY: &str =
    "SELECT p.contact_id, q.contact_id, count(*), min(p.occurred_at), max(p.occurred_at)
       FROM interaction_participant p
       JOIN interaction_participant q
         ON q.interaction_id = p.interaction_id AND q.contact_id > p.contact_id AND q.deleted = 0
      WHERE p.deleted = 0
      GROUP BY p.contact_id, q.contact_id";

/// Adds the pairs that participants `(interaction, contact)`, just written to live
/// interactions with the schema's triggers off, made with everyone on those interactions: what
/// the `knows_joined` trigger does for each row.
pub fn insert_knows_of_joined(conn: &Connection, rows: &[(i64, i64)]) -> Result<()> {
    let mut by_interaction: Vec<(i64, i64)> = rows.to_vec();
    by_interaction.sort_unstable();
    by_interaction.dedup();
    let mut insert = conn.prepare_cached(
        "INSERT INTO knows (a, b, shared, first_at, last_at)
         SELECT p.contact_id, q.contact_id, 1, p.occurred_at, p.occurred_at
           FROM interaction_participant p
           JOIN interaction_participant q
             ON q.interaction_id = p.interaction_id AND q.contact_id > p.contact_id AND q.deleted = 0
          WHERE p.interaction_id = ?1 AND p.deleted = 0
            AND (p.contact_id IN (SELECT value FROM json_each(?2))
                 OR q.contact_id IN (SELECT value FROM json_each(?2)))
             ON CONFLICT (a, b) DO UPDATE SET shared = shared + 1,
                first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at)",
    )?;
    for group in by_interaction.chunk_by(|x, y| x.0 == y.0) {
        let joined: Vec<i64> = group.iter().map(|&(_, c)| c).collect();
        insert.execute(params![group[0].0, codec::id_list(&joined)])?;
    }
    Ok(())
}

/// Every pair, by `a` then `b`.
pub fn list_knows(conn: &Connection) -> Result<Vec<Knows>> {
    codec::list(conn, "SELECT a, b, shared FROM knows", [], |r| {
        Ok(Knows {
            a: r.get(0)?,
            b: r.get(1)?,
            shared: r.get(2)?,
        })
    })
}

/// Everyone `contact` took part in a live interaction with (me and the trashed left out),
/// most shared first, then the most recent.
pub fn list_acquaintances(conn: &Connection, contact: i64) -> Result<Vec<Acquaintance>> {
    codec::list(
        conn,
        "SELECT o.id, o.name, k.shared, k.last_at
           FROM (SELECT b AS other, shared, last_at FROM knows WHERE a = ?1
                 UNION ALL SELECT a, shared, last_at FROM knows WHERE b = ?1) k
           JOIN contact o ON o.id = k.other AND o.deleted_at IS NULL AND o.is_self = 0
          ORDER BY k.shared DESC, k.last_at DESC, o.sort_key",
        [contact],
        |r| {
            Ok(Acquaintance {
                other: ContactRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                },
                shared: r.get(2)?,
                last_at: from_millis(r.get(3)?),
            })
        },
    )
}

/// Everyone `contact` had taken part in a live interaction with before `as_of`.
pub fn list_known_before(
    conn: &Connection,
    contact: i64,
    as_of: DateTime<Utc>,
) -> Result<Vec<i64>> {
    codec::list(
        conn,
        "SELECT b FROM knows WHERE a = ?1 AND first_at < ?2
         UNION ALL SELECT a FROM knows WHERE b = ?1 AND first_at < ?2",
        params![contact, as_of.timestamp_millis()],
        |r| r.get(0),
    )
}

/// Where the table and the history it is made from disagree, one line per pair (empty when
/// they agree).
pub fn mismatches(conn: &Connection) -> Result<Vec<String>> {
    codec::list(
        conn,
        &format!(
            "WITH want (a, b, shared, first_at, last_at) AS ({FROM_HISTORY})
             SELECT 'want ' || w.a || '-' || w.b || ' ' || w.shared || ' ' || w.first_at || ' ' || w.last_at
                    || ', have ' || coalesce(k.shared || ' ' || k.first_at || ' ' || k.last_at, 'none')
               FROM want w LEFT JOIN knows k ON k.a = w.a AND k.b = w.b
              WHERE k.a IS NULL OR k.shared <> w.shared OR k.first_at <> w.first_at OR k.last_at <> w.last_at
             UNION ALL
             SELECT 'extra ' || k.a || '-' || k.b FROM knows k
              WHERE NOT EXISTS (SELECT 1 FROM want w WHERE w.a = k.a AND w.b = k.b)"
        ),
        [],
        |r| r.get(0),
    )
}
