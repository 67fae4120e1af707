//! Queries of the interest vocabulary: `interest` and `interest_alias`.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::model::Interest;
use crate::store::codec;

/// The id of the interest called `name` (case-insensitively), or of the interest a merged
/// name now points to.
pub fn get_interest_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM interest WHERE name = ?1
             UNION ALL SELECT interest_id FROM interest_alias WHERE alias = ?1 LIMIT 1",
        )?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Interest> {
    Ok(Interest {
        id: r.get(0)?,
        name: r.get(1)?,
        contacts: r.get(2)?,
    })
}

pub fn get_interest(conn: &Connection, id: i64) -> Result<Interest> {
    let sql = "SELECT n.id, n.name, (SELECT count(*) FROM contact_interest ci JOIN contact c ON c.id = ci.contact_id
                               WHERE ci.interest_id = n.id AND c.deleted_at IS NULL
                                 AND c.is_self = 0)
         FROM interest n WHERE n.id = ?1";
    codec::get_by_id(conn, sql, id, "interest", from_row)
}

/// The whole vocabulary, alphabetically, with how many live people share each interest (the
/// user, who may share it too, is no one's "1 person").
pub fn list_interests(conn: &Connection) -> Result<Vec<Interest>> {
    codec::list(
        conn,
        "SELECT n.id, n.name, count(c.id) FROM interest n
         LEFT JOIN contact_interest ci ON ci.interest_id = n.id
         LEFT JOIN contact c
           ON c.id = ci.contact_id AND c.deleted_at IS NULL AND c.is_self = 0
         GROUP BY n.id ORDER BY n.name",
        [],
        from_row,
    )
}

/// Every alias: (the name merged away or renamed from, the interest's name now), by alias.
pub fn list_interest_aliases(conn: &Connection) -> Result<Vec<(String, String)>> {
    codec::list(
        conn,
        "SELECT a.alias, n.name FROM interest_alias a JOIN interest n ON n.id = a.interest_id
          ORDER BY a.alias",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// The contacts (live or in the trash) that have interest `id`.
pub fn list_interest_contact_ids(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT contact_id FROM contact_interest WHERE interest_id = ?1 ORDER BY contact_id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Adds `name` to the vocabulary under its derived global id (`store::gid::interest_gid`), or
/// a new one when an interest renamed away from `name` keeps that one.
pub fn insert_interest(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<i64> {
    let derived = super::gid::interest_gid(name);
    let taken: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM interest WHERE gid = ?1)")?
        .query_row([&derived], |r| r.get(0))?;
    let gid = if taken {
        super::gid::new_gid()
    } else {
        derived
    };
    conn.prepare_cached("INSERT INTO interest (name, created_at, gid) VALUES (?1, ?2, ?3)")?
        .execute(params![name, now.timestamp_millis(), gid])?;
    Ok(conn.last_insert_rowid())
}

/// The id of `name`, adding it to the vocabulary if it is new.
pub fn get_or_insert_interest(conn: &Connection, name: &str, now: DateTime<Utc>) -> Result<i64> {
    match get_interest_id(conn, name)? {
        Some(id) => Ok(id),
        None => insert_interest(conn, name, now),
    }
}

pub fn update_interest_name(conn: &Connection, id: i64, name: &str) -> Result<()> {
    let changed = conn
        .prepare_cached("UPDATE interest SET name = ?2 WHERE id = ?1")?
        .execute(params![id, name])?;
    codec::changed(changed, "interest", id)?;
    // A rename may reuse a name that was an alias of this very interest.
    conn.prepare_cached("DELETE FROM interest_alias WHERE alias = ?1")?
        .execute([name])?;
    Ok(())
}

/// Moves every use of `from` to `into`, then deletes `from`, keeping its name (and its own
/// aliases) as aliases of `into` so the old spelling still finds it.
pub fn merge_interest(conn: &Connection, from: i64, into: i64) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO contact_interest (contact_id, interest_id, added_at)
         SELECT contact_id, ?2, added_at FROM contact_interest WHERE interest_id = ?1",
        params![from, into],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO ask_interest (ask_id, interest_id)
         SELECT ask_id, ?2 FROM ask_interest WHERE interest_id = ?1",
        params![from, into],
    )?;
    conn.execute(
        "UPDATE interest_alias SET interest_id = ?2 WHERE interest_id = ?1",
        params![from, into],
    )?;
    conn.execute(
        "INSERT OR REPLACE INTO interest_alias (alias, interest_id) SELECT name, ?2 FROM interest WHERE id = ?1",
        params![from, into],
    )?;
    conn.execute("DELETE FROM interest WHERE id = ?1", [from])?;
    Ok(())
}
