//! Queries of `relationship`: what one contact is to another, as the user said it (schema
//! 14). Who took part in interactions together is `store::knows`.
//!
//! A row says `a` is `b`'s `kind`, in one direction only: [`place`] turns what the user
//! said ("Bo reports to Ana") into the row ("Ana, manager, Bo"), and [`list_relationships`]
//! reads every row from one contact's side (Ana's page: "Bo, report"). "Introduced by" is the
//! contact's own column (`contact.introduced_by`) and is read and written here as the roles
//! `Introduced` / `IntroducedBy`, so every caller sees one list.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Relationship, Role};
use crate::store::codec;

/// A relationship row, whole (a merge moves them and an unmerge puts them back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationshipRow {
    pub id: i64,
    pub a: i64,
    pub kind: Role,
    pub b: i64,
    pub note: Option<String>,
    pub since: Option<NaiveDate>,
    pub created_at: i64,
}

/// Where "`contact` is `other`'s `role`" is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A row of `relationship`: `a` is `b`'s `kind`.
    Row(i64, Role, i64),
    /// The contact's own column: `contact` was introduced by `by`.
    IntroducedBy { contact: i64, by: i64 },
}

/// Where "`contact` is `other`'s `role`" is kept: a row in one direction (the mirrored
/// roles read from the other side, the symmetric ones with the smaller id first), or an
/// introduction.
pub fn place(contact: i64, role: Role, other: i64) -> Place {
    match role {
        Role::Introduced => Place::IntroducedBy {
            contact: other,
            by: contact,
        },
        Role::IntroducedBy => Place::IntroducedBy { contact, by: other },
        Role::Child | Role::Report | Role::Mentee => {
            let (a, b) = ordered(role.mirror(), other, contact);
            Place::Row(a, role.mirror(), b)
        }
        kind => {
            let (a, b) = ordered(kind, contact, other);
            Place::Row(a, kind, b)
        }
    }
}

/// Everyone `contact` has a relationship with, from `contact`'s side (`other` is their
/// `role`), live contacts only, with a family member's birthday.
pub fn list_relationships(conn: &Connection, contact: i64) -> Result<Vec<Relationship>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, r.kind, r.a = ?1, r.note, r.since FROM relationship r
           JOIN contact o ON o.id = CASE WHEN r.a = ?1 THEN r.b ELSE r.a END
          WHERE (r.a = ?1 OR r.b = ?1) AND o.deleted_at IS NULL
         UNION ALL
         SELECT o.id, o.name, 'introduced', 0, NULL, NULL FROM contact c
           JOIN contact o ON o.id = c.introduced_by
          WHERE c.id = ?1 AND o.deleted_at IS NULL AND o.id <> c.id
         UNION ALL
         SELECT o.id, o.name, 'introduced', 1, NULL, NULL FROM contact o
          WHERE o.introduced_by = ?1 AND o.deleted_at IS NULL AND o.id <> ?1",
    )?;
    let rows = stmt.query_map([contact], |r| {
        let kind: Role = r.get(2)?;
        // A row read from `a`'s side names `b`, whose role is the mirror of `kind`.
        let mine: bool = r.get(3)?;
        Ok(Relationship {
            other: codec::contact_ref_at(r, 0)?,
            role: if mine { kind.mirror() } else { kind },
            note: r.get(4)?,
            since: codec::opt_date(r, 5)?,
            birthday: None,
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut birthday = conn.prepare_cached(
        "SELECT label, year, month, day, recurring FROM contact_date
          WHERE contact_id = ?1 AND lower(label) = 'birthday' ORDER BY id LIMIT 1",
    )?;
    for r in &mut out {
        if r.role.group() == crate::model::RoleGroup::Family {
            r.birthday = birthday
                .query_row([r.other.id], |row| codec::important_date_at(row, 0))
                .optional()?;
        }
    }
    Ok(out)
}

/// The row of "`a` is `b`'s `kind`", if there is one.
pub fn get_relationship(conn: &Connection, a: i64, kind: Role, b: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT id FROM relationship WHERE a = ?1 AND kind = ?2 AND b = ?3")?
        .query_row(params![a, kind, b], |r| r.get(0))
        .optional()?)
}

/// The global id of the row "`a` is `b`'s `kind`" (`store::gid`), from the contacts' gids;
/// `None` when either contact is gone.
fn row_gid(conn: &Connection, (a, kind, b): (i64, Role, i64)) -> Result<Option<String>> {
    let (ga, kind, gb): (Option<String>, String, Option<String>) = conn
        .prepare_cached(
            "SELECT (SELECT gid FROM contact WHERE id = ?1), ?2,
                    (SELECT gid FROM contact WHERE id = ?3)",
        )?
        .query_row(params![a, kind, b], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(ga
        .zip(gb)
        .map(|(ga, gb)| super::gid::relationship_gid(&ga, &kind, &gb)))
}

/// Writes "`a` is `b`'s `kind`" (a [`Place::Row`]), or updates its note and since-date
/// when it is there. Returns its id.
pub fn insert_relationship(
    conn: &Connection,
    (a, kind, b): (i64, Role, i64),
    note: Option<&str>,
    since: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO relationship (a, kind, b, note, since, created_at, gid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (a, b, kind) DO UPDATE SET note = excluded.note, since = excluded.since
             RETURNING id",
        )?
        .query_row(
            params![
                a,
                kind,
                b,
                note,
                since.map(codec::date_str),
                now.timestamp_millis(),
                row_gid(conn, (a, kind, b))?
            ],
            |r| r.get(0),
        )?)
}

/// Removes "`a` is `b`'s `kind`"; whether it was there.
pub fn delete_relationship(conn: &Connection, (a, kind, b): (i64, Role, i64)) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM relationship WHERE a = ?1 AND kind = ?2 AND b = ?3")?
        .execute(params![a, kind, b])?
        > 0)
}

/// Every relationship as `(a, kind, b)`: `a` is `b`'s `kind` (for the map).
pub fn list_all_relationships(conn: &Connection) -> Result<Vec<(i64, Role, i64)>> {
    codec::list(
        conn,
        "SELECT a, kind, b FROM relationship ORDER BY a, b, kind",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Every row that names `contact`, whole.
pub fn list_relationship_rows(conn: &Connection, contact: i64) -> Result<Vec<RelationshipRow>> {
    codec::list(
        conn,
        "SELECT id, a, kind, b, note, since, created_at FROM relationship
          WHERE a = ?1 OR b = ?1 ORDER BY id",
        [contact],
        |r| {
            Ok(RelationshipRow {
                id: r.get(0)?,
                a: r.get(1)?,
                kind: r.get(2)?,
                b: r.get(3)?,
                note: r.get(4)?,
                since: codec::opt_date(r, 5)?,
                created_at: r.get(6)?,
            })
        },
    )
}

/// Writes `rows` again (read by [`list_relationship_rows`]) with contact `from` replaced by
/// `to`, each under its own id, replacing what it became: a merge moves the merged-away
/// contact's rows to the kept one, an unmerge puts them back on the restored one. A row that
/// would relate someone to themselves, repeat one already there or name a contact that is
/// gone is left out.
pub fn update_relationship_rows(
    conn: &Connection,
    rows: &[RelationshipRow],
    from: i64,
    to: i64,
) -> Result<()> {
    for row in rows {
        conn.prepare_cached("DELETE FROM relationship WHERE id = ?1")?
            .execute([row.id])?;
        let swap = |id: i64| if id == from { to } else { id };
        let (a, b) = ordered(row.kind, swap(row.a), swap(row.b));
        if a == b {
            continue;
        }
        conn.prepare_cached(
            "INSERT OR IGNORE INTO relationship (id, a, kind, b, note, since, created_at, gid)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
              WHERE EXISTS (SELECT 1 FROM contact WHERE id = ?2)
                AND EXISTS (SELECT 1 FROM contact WHERE id = ?4)",
        )?
        .execute(params![
            row.id,
            a,
            row.kind,
            b,
            row.note,
            row.since.map(codec::date_str),
            row.created_at,
            row_gid(conn, (a, row.kind, b))?
        ])?;
    }
    Ok(())
}

/// `(a, b)` in the order a row of `kind` keeps them: as they are for the directed kinds, the
/// smaller id first for the others.
fn ordered(kind: Role, a: i64, b: i64) -> (i64, i64) {
    match kind {
        Role::Parent | Role::Manager | Role::Mentor => (a, b),
        _ => (a.min(b), a.max(b)),
    }
}
