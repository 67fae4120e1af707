//! Integration tests of `kith::Store` on real database files in temporary directories:
//! creating a database and its pragmas, persistence across reopening, input validation that
//! writes nothing, sorting and paging of the contact list, refusing (and not touching) files
//! that are not Kith databases or were written by a newer Kith, upgrading from every earlier
//! schema version with a backup, and two handles on one file (the app and the CLI at once).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use kith::model::{ContactQuery, NewContact};
use kith::store::migrate::MIGRATIONS;
use kith::store::SCHEMA_VERSION;
use kith::{Error, Store};

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(1_700_000_000_123).unwrap()
}

fn named(name: &str) -> NewContact {
    NewContact {
        name: name.to_owned(),
        ..Default::default()
    }
}

fn pragma_i64(store: &Store, pragma: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
        .unwrap()
}

fn total(store: &Store) -> u32 {
    store.list_contacts(ContactQuery::default()).unwrap().total
}

/// The names of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The `field`s of an `Error::Invalid`, in order; panics on any other error.
fn invalid_fields(err: &Error) -> Vec<&str> {
    match err {
        Error::Invalid { fields } => fields.iter().map(|f| f.field.as_str()).collect(),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

/// Sets `user_version` with a plain connection and leaves the WAL checkpointed and removed,
/// so every byte of the database is in the main file.
fn set_user_version(path: &Path, version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    assert!(
        !wal_path(path).exists(),
        "the WAL should be gone once the last connection closed"
    );
}

fn wal_path(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", path.display()))
}

#[test]
fn open_creates_the_file_and_parent_directories_with_the_right_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("deeper").join("kith.db");
    assert!(!path.parent().unwrap().exists());

    let store = Store::open(&path).unwrap();

    assert!(path.is_file(), "the database file should exist");
    assert_eq!(pragma_i64(&store, "user_version"), SCHEMA_VERSION);
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(pragma_i64(&store, "synchronous"), 2, "synchronous = FULL");
    assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
    assert!(pragma_i64(&store, "busy_timeout") > 0);

    let info = store.info().unwrap();
    assert_eq!(info.schema_version, SCHEMA_VERSION);
    assert_eq!(info.path, path.display().to_string());
    assert_eq!(total(&store), 0);
}

#[test]
fn a_contact_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let added = {
        let mut store = Store::open(&path).unwrap();
        store
            .add_contact(
                NewContact {
                    name: "  Ana Ruiz ".into(),
                    company: Some("Acme".into()),
                    role: Some("CTO".into()),
                    email: Some("ana@acme.com".into()),
                },
                now(),
            )
            .unwrap()
    };
    assert_eq!(added.name, "Ana Ruiz", "the name is saved trimmed");
    assert_eq!(added.company.as_deref(), Some("Acme"));
    assert_eq!(added.role.as_deref(), Some("CTO"));
    assert_eq!(added.email.as_deref(), Some("ana@acme.com"));
    assert_eq!(added.created_at, now());
    assert_eq!(added.updated_at, now());

    let store = Store::open(&path).unwrap();
    assert_eq!(store.get_contact(added.id).unwrap(), added);
    let page = store.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items, std::slice::from_ref(&added));

    let missing = added.id + 1000;
    assert_eq!(
        store.get_contact(missing).unwrap_err(),
        Error::NotFound {
            entity: "contact".into(),
            id: missing,
        }
    );
}

#[test]
fn invalid_input_is_refused_naming_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_contact(named("Existing"), now()).unwrap();

    for blank in ["", " ", " \t \n "] {
        let err = store.add_contact(named(blank), now()).unwrap_err();
        assert_eq!(invalid_fields(&err), ["name"], "name {blank:?}");
    }

    let err = store
        .add_contact(named(&"a".repeat(10_000)), now())
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["name"]);
    assert!(err.to_string().contains("10000 characters"), "{err}");

    let err = store
        .add_contact(
            NewContact {
                name: "Ana".into(),
                email: Some("ana at acme".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["email"]);
    assert!(err.to_string().starts_with("email: "), "{err}");

    let err = store
        .add_contact(
            NewContact {
                name: String::new(),
                email: Some("ana@".into()),
                ..Default::default()
            },
            now(),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["name", "email"]);

    assert_eq!(total(&store), 1, "no refused contact may be written");
}

#[test]
fn names_in_any_script_round_trip_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let names = [
        "محمد بن سلمان",
        "李小龍",
        "山田 太郎",
        "Zoë 🎉 O'Brien",
        "👩‍👩‍👧‍👦",
    ];
    let ids: Vec<i64> = {
        let mut store = Store::open(&path).unwrap();
        names
            .iter()
            .map(|n| store.add_contact(named(n), now()).unwrap().id)
            .collect()
    };
    let store = Store::open(&path).unwrap();
    for (id, name) in ids.iter().zip(names) {
        assert_eq!(store.get_contact(*id).unwrap().name, name);
    }
}

#[test]
fn the_list_is_sorted_by_name_ignoring_case_then_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let mut added = Vec::new();
    for name in ["bob", "Alice", "carol", "alice", "Bob", "ALICE", "Dave"] {
        added.push(store.add_contact(named(name), now()).unwrap());
    }
    let page = store.list_contacts(ContactQuery::default()).unwrap();
    let got: Vec<(&str, i64)> = page.items.iter().map(|c| (c.name.as_str(), c.id)).collect();
    let mut want: Vec<(&str, i64)> = added.iter().map(|c| (c.name.as_str(), c.id)).collect();
    want.sort_by_key(|(name, id)| (name.to_lowercase(), *id));
    assert_eq!(got, want);
    // Spelled out, so a broken sort key cannot make `want` wrong too.
    let names: Vec<&str> = got.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        ["Alice", "alice", "ALICE", "bob", "Bob", "carol", "Dave"]
    );
}

#[test]
fn pages_are_disjoint_and_cover_every_contact() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    for i in 0..11 {
        // Some equal names, so paging must rely on the id tie-break.
        store
            .add_contact(named(&format!("Person {}", i % 4)), now())
            .unwrap();
    }
    let everyone = store.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(everyone.total, 11);
    assert_eq!(everyone.items.len(), 11);

    let mut paged = Vec::new();
    for offset in (0..11).step_by(4) {
        let page = store
            .list_contacts(ContactQuery { limit: 4, offset })
            .unwrap();
        assert_eq!(page.total, 11);
        assert_eq!(page.offset, offset);
        assert_eq!(page.items.len(), (11 - offset as usize).min(4));
        paged.extend(page.items);
    }
    assert_eq!(paged, everyone.items, "pages concatenate to the full list");
    let mut ids: Vec<i64> = paged.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 11, "no contact appears on two pages");

    let past_end = store
        .list_contacts(ContactQuery {
            limit: 4,
            offset: 50,
        })
        .unwrap();
    assert!(past_end.items.is_empty());
    assert_eq!(past_end.total, 11);
}

#[test]
fn a_page_limit_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_contact(named("Ana"), now()).unwrap();
    for limit in [0, ContactQuery::MAX_LIMIT + 1, u32::MAX] {
        let err = store
            .list_contacts(ContactQuery { limit, offset: 0 })
            .unwrap_err();
        assert_eq!(invalid_fields(&err), ["limit"], "limit {limit}");
    }
    let page = store
        .list_contacts(ContactQuery {
            limit: ContactQuery::MAX_LIMIT,
            offset: 0,
        })
        .unwrap();
    assert_eq!(page.items.len(), 1);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let cases: [(&str, &[u8]); 3] = [
        (
            "notes.txt",
            b"Dear diary, today I met Ana at the conference.\n",
        ),
        // Shorter than the 16-byte SQLite header, and a prefix of it.
        ("short.db", b"SQLite format"),
        ("tiny.db", b"x"),
    ];
    for (name, bytes) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();

        let err = Store::open(&path).unwrap_err();
        match &err {
            Error::NotADatabase { path: p, reason } => {
                assert_eq!(p, &path.display().to_string());
                assert!(reason.contains("not an SQLite database"), "{reason}");
            }
            other => panic!("{name}: expected NotADatabase, got {other:?}"),
        }
        assert!(err.to_string().contains("is not a Kith database"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
        assert_eq!(files_in(dir.path()), [name], "no -wal/-shm beside {name}");
    }
}

#[test]
fn an_sqlite_database_of_another_application_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT);
             INSERT INTO recipe (title) VALUES ('Paella');",
        )
        .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 0);
    }
    let before = std::fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    match &err {
        Error::NotADatabase { path: p, reason } => {
            assert_eq!(p, &path.display().to_string());
            assert!(reason.contains("another application"), "{reason}");
        }
        other => panic!("expected NotADatabase, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert_eq!(files_in(dir.path()), ["other.sqlite"]);
}

#[test]
fn a_database_from_a_newer_kith_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.add_contact(named("Ana Ruiz"), now()).unwrap();
    }
    let newer = SCHEMA_VERSION + 5;
    set_user_version(&path, newer);
    let before = std::fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert_eq!(
        err,
        Error::NewerDatabase {
            path: path.display().to_string(),
            found: newer,
            supported: SCHEMA_VERSION,
        }
    );
    let text = err.to_string();
    assert!(text.contains("newer version of Kith"), "{text}");
    assert!(text.contains(&format!("schema version {newer}")), "{text}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert_eq!(
        files_in(dir.path()),
        ["kith.db"],
        "SQLite must not even open a refused file (no -wal or -shm beside it)"
    );

    // The data is still there, at the newer version.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, newer);
    let name: String = conn
        .query_row("SELECT name FROM contact", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ana Ruiz");
}

#[test]
fn an_empty_file_is_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    std::fs::write(&path, b"").unwrap();

    let mut store = Store::open(&path).unwrap();
    assert_eq!(pragma_i64(&store, "user_version"), SCHEMA_VERSION);
    let ana = store.add_contact(named("Ana"), now()).unwrap();
    drop(store);
    assert_eq!(
        Store::open(&path).unwrap().get_contact(ana.id).unwrap(),
        ana
    );
}

/// The schema objects (tables, indexes, ...) of a database, as `type name`, sorted.
fn schema_objects(conn: &rusqlite::Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT type || ' ' || name FROM sqlite_schema ORDER BY 1")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn every_earlier_schema_is_upgraded_with_a_backup() {
    assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
    for k in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let objects_at_k = {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for m in &MIGRATIONS[..k as usize] {
                conn.execute_batch(m.sql).unwrap();
            }
            conn.pragma_update(None, "user_version", k).unwrap();
            schema_objects(&conn)
        };

        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            pragma_i64(&store, "user_version"),
            SCHEMA_VERSION,
            "from version {k}"
        );
        let ana = store.add_contact(named("Ana"), now()).unwrap();
        assert_eq!(store.get_contact(ana.id).unwrap().name, "Ana");

        let backup = dir.path().join(format!("kith.db.v{k}.bak"));
        if k > 0 {
            assert!(
                backup.is_file(),
                "no backup {} from version {k}",
                backup.display()
            );
            let old = rusqlite::Connection::open(&backup).unwrap();
            let version: i64 = old
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, k, "the backup holds the old version");
            assert_eq!(schema_objects(&old), objects_at_k);
        } else {
            assert!(!backup.exists(), "a new database needs no backup");
        }
    }
}

#[test]
fn two_handles_on_one_file_see_each_others_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut app = Store::open(&path).unwrap();
    let mut cli = Store::open(&path).unwrap();

    let ana = app.add_contact(named("Ana"), now()).unwrap();
    assert_eq!(cli.get_contact(ana.id).unwrap(), ana);

    let bea = cli.add_contact(named("Bea"), now()).unwrap();
    assert_ne!(ana.id, bea.id);
    let page = app.list_contacts(ContactQuery::default()).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(page.items, [ana, bea]);
}
