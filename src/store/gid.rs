//! Global ids (schema 18): the id a replicated row has on every device, for sync (issue 21).
//! The integer `id` stays each database's own; `gid` is what two devices agree on.
//!
//! Every row of `contact`, `interaction`, `ask`, `interest`, `relationship` and `reminder`
//! has one, a UUID as lowercase hyphenated text, unique in its table. Its kind depends on
//! what makes two rows the same row:
//!
//! - `contact`, `interaction`, `ask`, `reminder`: UUIDv7 ([`new_gid`]), random and ordered by
//!   creation time. Two people or interactions written apart on two devices are two rows
//!   even when they look alike (telling them apart is the duplicate finder's, not sync's).
//! - `interest`: UUIDv5 of its name as its unique constraint folds it ([`interest_gid`]), so
//!   two devices that add the same interest concurrently arrive at the same row. A rename keeps
//!   the row's gid (it is the same interest): the gid is derived once, when the row is
//!   written, and an interest added later under the old name, whose derived gid the renamed
//!   one holds, gets a new v7 one.
//! - `relationship`: UUIDv5 of its two contacts' gids and its kind ([`relationship_gid`]): as
//!   the row stores them for a one-sided kind (`a` is `b`'s manager), in the gids' own order
//!   for a two-sided one (stored by each database's ids, which differ): the same tie said on
//!   two devices is one row. A merge that moves a relationship to another contact writes a
//!   new row, with the gid of what it now says.
//!
//! A row written back as it was (an unmerge's contact) keeps the gid it had.

use uuid::Uuid;

/// The namespace of Kith's name-based (v5) gids. Fixed forever: changing it would give every
/// interest and relationship a different gid on devices that derive it again.
pub const KITH_NAMESPACE: Uuid = Uuid::from_u128(0x571f34df_6593_4ba9_90a1_f1d28575b971);

/// A new time-ordered gid (UUIDv7), for a row that is its own.
pub fn new_gid() -> String {
    Uuid::now_v7().hyphenated().to_string()
}

/// The key the interest table's `UNIQUE` constraint compares `name` by: SQLite's `NOCASE`
/// folds ASCII letters only.
pub fn interest_key(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The gid of the interest named `name` (any case: see [`interest_key`]).
pub fn interest_gid(name: &str) -> String {
    v5(&format!("interest:{}", interest_key(name)))
}

/// The gid of the relationship row "`a` is `b`'s `kind`", `a` and `b` the contacts' gids and
/// `kind` the stored text of the kind (`manager`, `partner`…).
pub fn relationship_gid(a: &str, kind: &str, b: &str) -> String {
    // A two-sided kind is stored in the order of each database's own ids, which differ
    // between devices: its gid takes the two gids in their own order.
    let (a, b) = if ONE_SIDED.contains(&kind) || a <= b {
        (a, b)
    } else {
        (b, a)
    };
    v5(&format!("relationship:{a}:{kind}:{b}"))
}

/// The kinds whose two sides differ ("Ana is Bo's manager"): stored as said.
const ONE_SIDED: [&str; 3] = ["parent", "manager", "mentor"];

fn v5(name: &str) -> String {
    Uuid::new_v5(&KITH_NAMESPACE, name.as_bytes())
        .hyphenated()
        .to_string()
}

/// Migration 18: a gid for every row of the six replicated tables.
pub(crate) fn fill_gids(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    for table in ["contact", "interaction", "ask", "reminder"] {
        let ids: Vec<i64> = conn
            .prepare(&format!("SELECT id FROM {table} ORDER BY id"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = conn.prepare(&format!("UPDATE {table} SET gid = ?2 WHERE id = ?1"))?;
        for id in ids {
            update.execute(rusqlite::params![id, new_gid()])?;
        }
    }
    let interests: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM interest")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE interest SET gid = ?2 WHERE id = ?1")?;
    for (id, name) in interests {
        update.execute(rusqlite::params![id, interest_gid(&name)])?;
    }
    let relationships: Vec<(i64, String, String, String)> = conn
        .prepare(
            "SELECT r.id, ca.gid, r.kind, cb.gid FROM relationship r
               JOIN contact ca ON ca.id = r.a JOIN contact cb ON cb.id = r.b",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE relationship SET gid = ?2 WHERE id = ?1")?;
    for (id, a, kind, b) in relationships {
        update.execute(rusqlite::params![id, relationship_gid(&a, &kind, &b)])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gids_are_lowercase_hyphenated_uuids_of_their_kind() {
        let g = new_gid();
        let u = Uuid::parse_str(&g).unwrap();
        assert_eq!(u.get_version_num(), 7);
        assert_eq!(g, u.hyphenated().to_string());
        let i = Uuid::parse_str(&interest_gid("Rock Climbing")).unwrap();
        assert_eq!(i.get_version_num(), 5);
    }

    #[test]
    fn an_interest_gid_folds_case_as_the_unique_constraint_does() {
        assert_eq!(interest_gid("Rock Climbing"), interest_gid("rock climbING"));
        // NOCASE folds ASCII only: "É" and "é" are two interests, so two gids.
        assert_ne!(interest_gid("Éclairs"), interest_gid("éclairs"));
    }

    #[test]
    fn a_relationship_gid_depends_on_its_direction_and_kind() {
        let (a, b) = (new_gid(), new_gid());
        assert_eq!(
            relationship_gid(&a, "manager", &b),
            relationship_gid(&a, "manager", &b)
        );
        assert_ne!(
            relationship_gid(&a, "manager", &b),
            relationship_gid(&b, "manager", &a)
        );
        assert_ne!(
            relationship_gid(&a, "manager", &b),
            relationship_gid(&a, "mentor", &b)
        );
    }
}
