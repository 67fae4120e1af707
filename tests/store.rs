//! Integration tests of `kith::Store` on real database files in temporary directories:
//! creating a database and its pragmas, persistence across reopening, input validation that
//! writes nothing, sorting and paging of the contact list, names in any script, refusing (and
//! not touching) files that are not Kith databases or were written by a newer Kith, upgrading
//! from every earlier schema version with a backup (including the data of a version-1
//! database: emails become channels, sort keys and the search index are filled), and two
//! handles on one file (the app and the CLI at once).
//!
//! The rest of the data model (interactions, interests, asks, search, trash) is covered by
//! `tests/people.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::model::{Channel, ChannelKind, ContactInput, ContactQuery, ContactSummary, SearchKind};
use kith::store::migrate::MIGRATIONS;
use kith::store::SCHEMA_VERSION;
use kith::{Error, Store};

use common::file_names;

/// A fixed "now", with milliseconds, so the round trip of timestamps is checked to the
/// millisecond. Nothing here reads the clock.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap() + Duration::milliseconds(123)
}

fn named(name: &str) -> ContactInput {
    ContactInput {
        name: name.to_owned(),
        ..Default::default()
    }
}

fn email(value: &str) -> Channel {
    Channel {
        kind: ChannelKind::Email,
        label: None,
        value: value.to_owned(),
        types: Vec::new(),
    }
}

fn page(limit: u32, offset: u32) -> ContactQuery {
    ContactQuery {
        limit,
        offset,
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
    store.list_contacts(&ContactQuery::default()).unwrap().total
}

fn names(items: &[ContactSummary]) -> Vec<&str> {
    items.iter().map(|c| c.name.as_str()).collect()
}

/// The `field`s of an `Error::Invalid`, in order; panics on any other error.
/// A database `kith.db` in a temporary folder with one contact, `name`, closed again.
fn database_with(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    store.add_contact(named(name), now()).unwrap();
    (dir, path)
}

/// Asserts that `err` refuses `path` as not a Kith database, for a reason that says `because`.
fn assert_not_a_database(err: &Error, path: &Path, because: &str) {
    match err {
        Error::NotADatabase { path: p, reason } => {
            assert_eq!(p, &path.display().to_string());
            assert!(reason.contains(because), "{reason}");
        }
        other => panic!("{}: expected NotADatabase, got {other:?}", path.display()),
    }
}

fn invalid_fields(err: &Error) -> Vec<&str> {
    match err {
        Error::Invalid { fields } => fields.iter().map(|f| f.field.as_str()).collect(),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

/// Sets `user_version` with a plain connection and switches the file back to a rollback
/// journal, so every byte of the database is in the main file, and a Kith that opened it with
/// SQLite (which turns WAL on) would change its header.
fn set_user_version(path: &Path, version: i64) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", version).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
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
                ContactInput {
                    name: "  Ana Ruiz ".into(),
                    company: Some("Acme".into()),
                    role: Some("CTO".into()),
                    channels: vec![email(" Ana@Acme.com ")],
                    ..Default::default()
                },
                now(),
            )
            .unwrap()
    };
    assert_eq!(added.name, "Ana Ruiz", "the name is saved trimmed");
    assert_eq!(added.company.as_deref(), Some("Acme"));
    assert_eq!(added.role.as_deref(), Some("CTO"));
    assert_eq!(
        added.channels,
        [email("ana@acme.com")],
        "an email is saved trimmed and lowercased"
    );
    assert_eq!(added.created_at, now());
    assert_eq!(added.updated_at, now());

    let store = Store::open(&path).unwrap();
    assert_eq!(store.get_contact(added.id).unwrap(), added);
    let page = store.list_contacts(&ContactQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(
        page.items,
        [ContactSummary {
            id: added.id,
            name: "Ana Ruiz".into(),
            company: Some("Acme".into()),
            role: Some("CTO".into()),
            circle: None,
            email: Some("ana@acme.com".into()),
            tags: vec![],
            archived: false,
            last_interaction_at: None,
            health: None,
        }]
    );

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
    let existing = store.add_contact(named("Existing"), now()).unwrap();
    let mut refused = |input: ContactInput| store.add_contact(input, now()).unwrap_err();

    for blank in ["", " ", " \t \n "] {
        let err = refused(named(blank));
        assert_eq!(invalid_fields(&err), ["name"], "name {blank:?}");
    }

    let err = refused(named(&"a".repeat(10_000)));
    assert_eq!(invalid_fields(&err), ["name"]);
    assert!(err.to_string().contains("10000 characters"), "{err}");

    let err = refused(ContactInput {
        channels: vec![email("ana at acme")],
        tags: vec!["unwritten".into()],
        ..named("Ana")
    });
    assert_eq!(invalid_fields(&err), ["channels[0]"]);
    assert!(err.to_string().starts_with("channels[0]: "), "{err}");

    let err = refused(ContactInput {
        channels: vec![email("ana@")],
        ..named("")
    });
    assert_eq!(invalid_fields(&err), ["name", "channels[0]"]);

    // A refused edit leaves the contact as it was.
    let err = store
        .update_contact(
            existing.id,
            ContactInput {
                company: Some("Acme".into()),
                ..named(" ")
            },
            now() + Duration::days(1),
        )
        .unwrap_err();
    assert_eq!(invalid_fields(&err), ["name"]);
    assert_eq!(store.get_contact(existing.id).unwrap(), existing);

    assert_eq!(total(&store), 1, "no refused contact may be written");
    assert!(store.list_tags().unwrap().is_empty());
    assert!(store.search("ana", 10).unwrap().is_empty());
    let rows: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM contact_channel", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0);
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
    assert_eq!(total(&store), names.len() as u32);
}

#[test]
fn the_list_is_sorted_by_name_ignoring_case_then_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let mut added = Vec::new();
    for name in ["bob", "Alice", "carol", "alice", "Bob", "ALICE", "Dave"] {
        added.push(store.add_contact(named(name), now()).unwrap());
    }
    let page = store.list_contacts(&ContactQuery::default()).unwrap();
    let got: Vec<(&str, i64)> = page.items.iter().map(|c| (c.name.as_str(), c.id)).collect();
    let mut want: Vec<(&str, i64)> = added.iter().map(|c| (c.name.as_str(), c.id)).collect();
    want.sort_by_key(|(name, id)| (name.to_lowercase(), *id));
    assert_eq!(got, want);
    // Spelled out, so a broken sort key cannot make `want` wrong too.
    assert_eq!(
        names(&page.items),
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
    let everyone = store.list_contacts(&ContactQuery::default()).unwrap();
    assert_eq!(everyone.total, 11);
    assert_eq!(everyone.items.len(), 11);

    let mut paged = Vec::new();
    for offset in (0..11).step_by(4) {
        let page = store.list_contacts(&page(4, offset)).unwrap();
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

    let past_end = store.list_contacts(&page(4, 50)).unwrap();
    assert!(past_end.items.is_empty());
    assert_eq!(past_end.total, 11);
}

#[test]
fn a_page_limit_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    store.add_contact(named("Ana"), now()).unwrap();
    for limit in [0, ContactQuery::MAX_LIMIT + 1, u32::MAX] {
        let err = store.list_contacts(&page(limit, 0)).unwrap_err();
        assert_eq!(invalid_fields(&err), ["limit"], "limit {limit}");
    }
    let page = store
        .list_contacts(&page(ContactQuery::MAX_LIMIT, 0))
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
        assert_not_a_database(&err, &path, "not an SQLite database");
        assert!(err.to_string().contains("is not a Kith database"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
        assert_eq!(file_names(dir.path()), [name], "no -wal/-shm beside {name}");
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
    assert_not_a_database(&err, &path, "another application");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was modified"
    );
    assert_eq!(file_names(dir.path()), ["other.sqlite"]);
}

#[test]
fn a_database_from_a_newer_kith_is_refused_and_left_untouched() {
    let (dir, path) = database_with("Ana Ruiz");
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
        file_names(dir.path()),
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
    assert!(
        !dir.path().join("kith.db.v0.bak").exists(),
        "a new database needs no backup"
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

/// A version-1 contact row: name, company, role, email.
type V1Contact = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// The contacts a version-1 database holds in [`write_v1_contacts`]. The names are in neither
/// id nor byte order, so only filled sort keys sort them.
const V1_CONTACTS: [V1Contact; 5] = [
    ("Fay Wray", None, None, Some("")),
    (
        "Émile Zola",
        Some("L'Aurore"),
        Some("Writer"),
        Some("emile@zola.fr"),
    ),
    ("ana ruiz", Some("Acme"), Some("CTO"), None),
    ("Dora Maar", None, None, None),
    ("Bob Stone", None, None, Some("bob@stone.example.com")),
];

/// Rows as the issue-2 build wrote them, with timestamps in milliseconds.
fn write_v1_contacts(conn: &rusqlite::Connection) -> Vec<i64> {
    V1_CONTACTS
        .iter()
        .enumerate()
        .map(|(i, (name, company, role, email))| {
            let at = now().timestamp_millis() - 1000 * i as i64;
            conn.execute(
                "INSERT INTO contact (name, company, role, email, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                rusqlite::params![name, company, role, email, at],
            )
            .unwrap();
            conn.last_insert_rowid()
        })
        .collect()
}

/// What the upgrade must have made of the rows of [`write_v1_contacts`].
fn check_v1_contacts_upgraded(store: &mut Store, ids: &[i64]) {
    for ((name, company, role, mail), &id) in V1_CONTACTS.iter().zip(ids) {
        let c = store.get_contact(id).unwrap();
        assert_eq!(c.name, *name);
        assert_eq!(c.company.as_deref(), *company);
        assert_eq!(c.role.as_deref(), *role);
        let want: Vec<Channel> = mail
            .filter(|m| !m.is_empty())
            .map(email)
            .into_iter()
            .collect();
        assert_eq!(c.channels, want, "the channels of {name}");
        assert!(c.tags.is_empty() && c.dates.is_empty() && c.interests.is_empty());
        assert_eq!(c.notes, "");
        assert!(!c.is_self && !c.archived);
        assert_eq!(c.deleted_at, None);
        assert_eq!(c.last_interaction_at, None);
        assert_eq!(c.created_at, c.updated_at);
    }
    let emile = store.get_contact(ids[1]).unwrap();
    assert_eq!(
        emile.channels,
        [Channel {
            kind: ChannelKind::Email,
            label: None,
            value: "emile@zola.fr".into(),
            types: Vec::new(),
        }]
    );
    assert_eq!(emile.created_at, now() - Duration::seconds(1));

    // Sort keys were filled: case and accents ignored ("Émile" sorts under E).
    let list = store.list_contacts(&ContactQuery::default()).unwrap();
    assert_eq!(list.total, 5);
    assert_eq!(
        names(&list.items),
        [
            "ana ruiz",
            "Bob Stone",
            "Dora Maar",
            "Émile Zola",
            "Fay Wray"
        ]
    );
    assert_eq!(list.items[3].email.as_deref(), Some("emile@zola.fr"));
    assert_eq!(list.items[0].company.as_deref(), Some("Acme"));

    // The search index holds the old rows: names (ignoring accents) and companies.
    for (query, id) in [
        ("zola", ids[1]),
        ("emile", ids[1]),
        ("ana ru", ids[2]),
        ("acme", ids[2]),
    ] {
        let hits = store.search(query, 10).unwrap();
        assert_eq!(hits.len(), 1, "search {query:?}: {hits:?}");
        assert_eq!(hits[0].kind, SearchKind::Contact);
        assert_eq!(
            (hits[0].id, hits[0].contact.id),
            (id, id),
            "search {query:?}"
        );
    }
    let filtered = store
        .list_contacts(&ContactQuery {
            search: Some("aurore".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&filtered.items), ["Émile Zola"]);
    assert_eq!(store.resolve_contact("EMILE ZOLA").unwrap().id, ids[1]);

    // The upgraded rows can be edited like new ones.
    let mut input = ContactInput::from_contact(&store.get_contact(ids[2]).unwrap());
    input.name = "Ana Ruiz".into();
    input.tags = vec!["friend".into()];
    let ana = store.update_contact(ids[2], input, now()).unwrap();
    assert_eq!(ana.name, "Ana Ruiz");
    assert_eq!(ana.tags, ["friend"]);
}

#[test]
fn every_earlier_schema_is_upgraded_with_a_backup() {
    assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION);
    for k in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        let (objects_at_k, v1_ids) = {
            let conn = rusqlite::Connection::open(&path).unwrap();
            // What the runner does first: the steps' SQL may call functions of ours.
            kith::store::search::register_functions(&conn).unwrap();
            for m in &MIGRATIONS[..k as usize] {
                conn.execute_batch(m.sql).unwrap();
                if let Some(then) = m.then {
                    then(&conn).unwrap();
                }
            }
            conn.pragma_update(None, "user_version", k).unwrap();
            let v1_ids = if k == 1 {
                write_v1_contacts(&conn)
            } else {
                Vec::new()
            };
            (schema_objects(&conn), v1_ids)
        };

        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            pragma_i64(&store, "user_version"),
            SCHEMA_VERSION,
            "from version {k}"
        );
        assert_eq!(store.info().unwrap().schema_version, SCHEMA_VERSION);
        if k == 1 {
            check_v1_contacts_upgraded(&mut store, &v1_ids);
        }
        let added = store.add_contact(named("Added After"), now()).unwrap();
        assert_eq!(store.get_contact(added.id).unwrap().name, "Added After");
        assert!(
            !v1_ids.contains(&added.id),
            "a new contact gets a new id after upgrading from version {k}"
        );

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
            if k == 1 {
                let rows: Vec<(String, Option<String>)> = old
                    .prepare("SELECT name, email FROM contact ORDER BY id")
                    .unwrap()
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                let want: Vec<(String, Option<String>)> = V1_CONTACTS
                    .iter()
                    .map(|(n, _, _, e)| ((*n).to_owned(), e.map(str::to_owned)))
                    .collect();
                assert_eq!(rows, want, "the backup holds the old rows, as they were");
            }
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
    let page = app.list_contacts(&ContactQuery::default()).unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(names(&page.items), ["Ana", "Bea"]);
    assert_eq!(
        page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [ana.id, bea.id]
    );
    assert_eq!(app.search("bea", 10).unwrap()[0].id, bea.id);
}

/// The bytes and modification time of `path`.
fn bytes_and_mtime(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    (std::fs::read(path).unwrap(), modified)
}

#[test]
fn a_dry_run_of_a_path_that_does_not_exist_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("kith.db");
    let mut store = Store::open_dry_run(&path).unwrap();
    assert!(store.is_dry_run());
    assert_eq!(pragma_i64(&store, "user_version"), SCHEMA_VERSION);
    store.add_contact(named("Ana"), now()).unwrap();
    assert_eq!(total(&store), 1, "in memory");
    assert_eq!(store.calendar_path(), None);
    drop(store);
    assert!(file_names(dir.path()).is_empty());
}

#[test]
fn a_dry_run_of_a_database_changes_not_a_byte_of_it() {
    let (dir, path) = database_with("Ana");
    let before = bytes_and_mtime(&path);
    assert_eq!(file_names(dir.path()), ["kith.db"]);

    let mut store = Store::open_dry_run(&path).unwrap();
    assert_eq!(total(&store), 1);
    // Every commit is refused; a large write rolled back stays in memory, out of the WAL.
    let refused = store.add_contact(named("Bea"), now()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "database error: a dry run writes nothing"
    );
    {
        let tx = store.conn().unchecked_transaction().unwrap();
        tx.execute_batch("CREATE TABLE scratch (x TEXT)").unwrap();
        for i in 0..5000 {
            tx.execute("INSERT INTO scratch VALUES (?1)", [format!("{i:0>1000}")])
                .unwrap();
        }
        assert_eq!(std::fs::metadata(wal_path(&path)).unwrap().len(), 0);
    }
    assert_eq!(total(&store), 1);
    assert_eq!(
        store
            .backup_before(kith::model::BackupKind::BeforeImport, now())
            .unwrap(),
        None
    );
    drop(store);
    assert_eq!(bytes_and_mtime(&path), before);
    assert_eq!(
        file_names(dir.path()),
        ["kith.db"],
        "no -wal, -shm or backups"
    );

    // A file in rollback-journal mode stays so; an older schema is upgraded in memory only.
    set_user_version(&path, SCHEMA_VERSION);
    let before = bytes_and_mtime(&path);
    drop(Store::open_dry_run(&path).unwrap());
    assert_eq!(bytes_and_mtime(&path), before);
    let older = dir.path().join("v3.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v3.db");
    std::fs::copy(fixture, &older).unwrap();
    let before = bytes_and_mtime(&older);
    let store = Store::open_dry_run(&older).unwrap();
    assert_eq!(pragma_i64(&store, "user_version"), SCHEMA_VERSION);
    assert!(total(&store) > 0);
    drop(store);
    assert_eq!(bytes_and_mtime(&older), before);
    assert_eq!(
        file_names(dir.path()),
        ["kith.db", "v3.db"],
        "no pre-upgrade backup"
    );
}
