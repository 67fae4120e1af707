//! Schema migrations: embedded, numbered `.sql` files whose count is the schema version kept
//! in `PRAGMA user_version`.
//!
//! All pending migrations run in one `BEGIN IMMEDIATE` transaction together with the bump of
//! `user_version`, so a database is always at exactly one known version: an upgrade that
//! fails (or a process killed half-way) leaves it at the version it had (or, across a step
//! that rebuilds tables, which runs in a transaction of its own, at the version before it). Before an existing
//! database is upgraded, a consistent copy of it is written beside it (`VACUUM INTO`), so even
//! a migration that succeeds but turns out wrong loses nothing. A step that rebuilds a table
//! others reference ([`Migration::rebuilds`]) runs with foreign keys off, in a transaction of
//! its own (the steps before it may rely on cascades), which commits only if `PRAGMA
//! foreign_key_check` finds every reference whole.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// One schema step. `version` is 1-based and equals its position in [`MIGRATIONS`].
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
    /// Runs after `sql`, in the same transaction, for what SQL cannot compute.
    pub then: Option<fn(&Connection) -> rusqlite::Result<()>>,
    /// The step rebuilds tables that others reference (SQLite cannot alter a CHECK): it runs
    /// with foreign keys off, since dropping a referenced table with them on deletes (or
    /// unlinks) every row that points to it. The runner turns them off before its transaction
    /// (they cannot change inside one), checks every reference with `PRAGMA
    /// foreign_key_check` before it commits, and turns them back on. It runs in a transaction of
    /// its own: the steps before it keep their foreign keys (and cascades).
    pub rebuilds: bool,
}

/// Every schema step, oldest first. Never edit a released migration: add a new one.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_contacts",
        sql: include_str!("migrations/0001_contacts.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 2,
        name: "0002_people",
        sql: include_str!("migrations/0002_people.sql"),
        then: Some(fill_sort_keys),
        rebuilds: false,
    },
    Migration {
        version: 3,
        name: "0003_engine",
        sql: include_str!("migrations/0003_engine.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 4,
        name: "0004_photo",
        sql: include_str!("migrations/0004_photo.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 5,
        name: "0005_engine_index",
        sql: include_str!("migrations/0005_engine_index.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 6,
        name: "0006_identity",
        sql: include_str!("migrations/0006_identity.sql"),
        then: Some(fill_identities),
        rebuilds: false,
    },
    Migration {
        version: 7,
        name: "0007_search_writes",
        sql: include_str!("migrations/0007_search_writes.sql"),
        then: Some(align_contact_entries),
        rebuilds: false,
    },
    Migration {
        version: 8,
        name: "0008_past_jobs",
        sql: include_str!("migrations/0008_past_jobs.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 9,
        name: "0009_match_keys",
        sql: include_str!("migrations/0009_match_keys.sql"),
        then: Some(super::contacts::fill_match_keys),
        rebuilds: false,
    },
    Migration {
        version: 10,
        name: "0010_sources",
        sql: include_str!("migrations/0010_sources.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 11,
        name: "0011_address_stats",
        sql: include_str!("migrations/0011_address_stats.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 12,
        name: "0012_convo",
        sql: include_str!("migrations/0012_convo.sql"),
        then: None,
        rebuilds: true,
    },
    Migration {
        version: 13,
        name: "0013_thread_index",
        sql: include_str!("migrations/0013_thread_index.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 14,
        name: "0014_promises_and_relationships",
        sql: include_str!("migrations/0014_promises_and_relationships.sql"),
        then: None,
        rebuilds: true,
    },
    Migration {
        version: 15,
        name: "0015_search_more",
        sql: include_str!("migrations/0015_search_more.sql"),
        then: Some(super::search::rebuild),
        rebuilds: false,
    },
    Migration {
        version: 16,
        name: "0016_knows",
        sql: include_str!("migrations/0016_knows.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 17,
        name: "0017_unused_channel_index",
        sql: include_str!("migrations/0017_unused_channel_index.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 18,
        name: "0018_global_ids_and_sync",
        sql: include_str!("migrations/0018_global_ids_and_sync.sql"),
        then: Some(super::gid::fill_gids),
        rebuilds: false,
    },
    Migration {
        version: 19,
        name: "0019_contact_merge",
        sql: include_str!("migrations/0019_contact_merge.sql"),
        then: None,
        rebuilds: false,
    },
    Migration {
        version: 20,
        name: "0020_sync_out_rows",
        sql: include_str!("migrations/0020_sync_out_rows.sql"),
        then: None,
        rebuilds: false,
    },
];

/// Migration 7: contact entries written by migration 2 (from the company and role only) are
/// written again as the write functions write them, so that the index agrees with its tables
/// exactly (`search::mismatches`). Only the entries that differ are touched.
fn align_contact_entries(conn: &Connection) -> rusqlite::Result<()> {
    let stale: Vec<i64> = conn
        .prepare(&format!(
            "SELECT e.entry / 4 FROM ({}) e LEFT JOIN search_index s ON s.rowid = e.entry
             WHERE s.rowid IS NULL OR s.title IS NOT e.title OR s.body IS NOT e.body",
            super::search::Entry::Contact.select()
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    super::search::reindex(conn, super::search::Entry::Contact, &stale)
}

/// Migration 6: every channel's identity value (normalised in Rust, see
/// `identity::channel`), then the identity table from them.
fn fill_identities(conn: &Connection) -> rusqlite::Result<()> {
    super::contacts::normalize_channels(conn, None, false)?;
    super::contacts::rebuild_identities(conn)
}

/// Migration 2: contacts sort by a folded key computed in Rust (see `contacts::sort_key`).
fn fill_sort_keys(conn: &Connection) -> rusqlite::Result<()> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM contact")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare("UPDATE contact SET sort_key = ?2 WHERE id = ?1")?;
    for (id, name) in rows {
        update.execute(rusqlite::params![id, super::contacts::sort_key(&name)])?;
    }
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` (the database at `path`) up to the last of `migrations`.
///
/// Returns the path of the backup taken first, if the database had data to back up.
pub(crate) fn migrate(
    conn: &mut Connection,
    path: Option<&Path>,
    migrations: &[Migration],
) -> Result<Option<PathBuf>> {
    let target = migrations.len() as i64;
    let newer = |found| Error::NewerDatabase {
        path: path.map_or_else(|| ":memory:".into(), |p| p.display().to_string()),
        found,
        supported: target,
    };
    // The index's entries are written through SQL functions of ours, in migrations too.
    super::search::register_functions(conn)?;
    let current = user_version(conn)?;
    if current > target {
        return Err(newer(current));
    }
    if current == target {
        return Ok(None);
    }
    let backup = match path {
        Some(path) if current > 0 => Some(backup_before_upgrade(conn, path, current)?),
        _ => None,
    };

    // Foreign keys cannot be turned off inside a transaction, and the steps before a rebuild
    // may rely on them (a deleted row taking its dependents with it): a rebuilding step runs
    // in a transaction of its own, with them off; the others together, with them as they are.
    let keys_on: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    let pending: Vec<Migration> = migrations
        .iter()
        .filter(|m| m.version > current)
        .copied()
        .collect();
    for segment in pending.chunk_by(|a, b| a.rebuilds == b.rebuilds) {
        let rebuilds = segment[0].rebuilds;
        let toggle = rebuilds && keys_on;
        if toggle {
            conn.pragma_update(None, "foreign_keys", false)?;
        }
        let applied = apply(conn, segment, target, rebuilds, &newer);
        if toggle {
            conn.pragma_update(None, "foreign_keys", true)?;
        }
        applied?;
    }
    Ok(backup)
}

/// Runs `steps` (those still pending) in one transaction with the bump of `user_version` to
/// the last of them; with `check_keys`, fails (rolled back) if any reference is left
/// dangling. `target` is the version of the whole run.
fn apply(
    conn: &mut Connection,
    steps: &[Migration],
    target: i64,
    check_keys: bool,
    newer: &dyn Fn(i64) -> Error,
) -> Result<()> {
    let Some(last) = steps.last().map(|m| m.version) else {
        return Ok(());
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while we waited for the write lock, perhaps a newer
    // Kith: its schema is not ours to touch.
    let current = user_version(&tx)?;
    if current > target {
        return Err(newer(current));
    }
    for m in steps.iter().filter(|m| m.version > current) {
        let step = tx
            .execute_batch(m.sql)
            .and_then(|()| m.then.map_or(Ok(()), |then| then(&tx)));
        step.map_err(|e| Error::Migration {
            version: m.version,
            message: format!("{}: {e}", m.name),
        })?;
    }
    if check_keys {
        let dangling: Vec<(String, i64, String)> = tx
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                    r.get(2)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((table, row, parent)) = dangling.first() {
            return Err(Error::Migration {
                version: last,
                message: format!(
                    "{} references left dangling, the first: row {row} of {table} points to a \
                     missing row of {parent}",
                    dangling.len()
                ),
            });
        }
    }
    if current < last {
        tx.pragma_update(None, "user_version", last)?;
    }
    tx.commit().map_err(|e| Error::Migration {
        version: last,
        message: e.to_string(),
    })?;
    Ok(())
}

/// Writes a consistent copy of the database beside it, named after the version it holds:
/// `kith.db.v1.bak`, then `kith.db.v1.2.bak`, ... if an older copy is still there.
fn backup_before_upgrade(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kith.db".to_owned());
    let dir = path.parent().unwrap_or(Path::new("."));
    let target = (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(".{n}")
            };
            dir.join(format!("{file_name}.v{version}{suffix}.bak"))
        })
        .find(|p| !p.exists())
        .expect("an unbounded range always yields a free name");
    let target_str = target.to_str().ok_or_else(|| Error::Io {
        path: target.display().to_string(),
        message: "the backup path is not valid UTF-8".into(),
    })?;
    conn.execute("VACUUM INTO ?1", [target_str])
        .map_err(|e| Error::Migration {
            version: version + 1,
            message: format!(
                "could not write the pre-upgrade backup {}: {e}; nothing was changed",
                target.display()
            ),
        })?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &[Migration] = &[
        Migration {
            version: 1,
            name: "0001_a",
            sql: "CREATE TABLE a (x INTEGER) STRICT;",
            then: None,
            rebuilds: false,
        },
        Migration {
            version: 2,
            name: "0002_b",
            sql: "CREATE TABLE b (y INTEGER) STRICT; INSERT INTO a VALUES (2);",
            then: None,
            rebuilds: false,
        },
    ];

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn upgrades_step_by_step_and_backs_up_the_old_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(migrate(&mut conn, Some(&path), &STEPS[..1]).unwrap(), None);
        conn.execute("INSERT INTO a VALUES (1)", []).unwrap();

        let backup = migrate(&mut conn, Some(&path), STEPS).unwrap().unwrap();
        assert_eq!(backup, dir.path().join("k.db.v1.bak"));
        assert_eq!(user_version(&conn).unwrap(), 2);
        assert_eq!(tables(&conn), ["a", "b"]);

        let old = Connection::open(&backup).unwrap();
        assert_eq!(user_version(&old).unwrap(), 1);
        assert_eq!(tables(&old), ["a"]);
        let rows: i64 = old
            .query_row("SELECT count(*) FROM a", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1);
    }

    #[test]
    fn a_failing_step_rolls_back_every_step_of_the_run() {
        let broken = [
            STEPS[0],
            STEPS[1],
            Migration {
                version: 3,
                name: "0003_broken",
                sql: "CREATE TABLE c (z INTEGER) STRICT; INSERT INTO nowhere VALUES (1);",
                then: None,
                rebuilds: false,
            },
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), &broken[..1]).unwrap();

        let err = migrate(&mut conn, Some(&path), &broken).unwrap_err();
        assert!(
            matches!(&err, Error::Migration { version: 3, message } if message.contains("0003_broken")),
            "{err:?}"
        );
        assert_eq!(user_version(&conn).unwrap(), 1);
        assert_eq!(
            tables(&conn),
            ["a"],
            "step 2 must be rolled back with step 3"
        );
    }

    #[test]
    fn a_newer_schema_is_refused_even_when_found_only_after_opening() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), STEPS).unwrap();
        let err = migrate(&mut conn, Some(&path), &STEPS[..1]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::NewerDatabase {
                    found: 2,
                    supported: 1,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(tables(&conn), ["a", "b"]);
        assert!(
            !dir.path().join("k.db.v2.bak").exists(),
            "no backup of a refused file"
        );
    }

    #[test]
    fn a_second_backup_does_not_overwrite_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        std::fs::write(dir.path().join("k.db.v1.bak"), b"older backup").unwrap();
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, Some(&path), &STEPS[..1]).unwrap();
        let backup = migrate(&mut conn, Some(&path), STEPS).unwrap().unwrap();
        assert_eq!(backup, dir.path().join("k.db.v1.2.bak"));
        assert_eq!(
            std::fs::read(dir.path().join("k.db.v1.bak")).unwrap(),
            b"older backup"
        );
    }
}
