//! Backups on real files: what a backup holds, how long it is kept, and restores — from a
//! healthy database (undoable, every table compared) and into a damaged one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use kith::model::{BackupKind, ContactInput};
use kith::ops::SeedOptions;
use kith::{Error, Store};
use rusqlite::types::Value;

use common::damage::damage_a_btree_page;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap()
}

fn seeded(dir: &Path) -> (PathBuf, Store) {
    seeded_with(
        dir,
        SeedOptions {
            contacts: 200,
            interactions: 2000,
            seed: 3,
        },
    )
}

/// A database `kith.db` in `dir` seeded with `opts` at [`t0`].
fn seeded_with(dir: &Path, opts: SeedOptions) -> (PathBuf, Store) {
    let path = dir.join("kith.db");
    let mut store = Store::open(&path).unwrap();
    store.seed(opts, t0()).unwrap();
    (path, store)
}

/// Every row of every table (FTS shadow tables included), each table's rows sorted, so two
/// databases with the same content give the same dump whatever their page layout.
fn dump(conn: &rusqlite::Connection) -> Vec<(String, Vec<Vec<Value>>)> {
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables.retain(|t| t != "search_index"); // the virtual table; its shadow tables are dumped
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<Vec<Value>> = stmt
                .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
            (t, rows)
        })
        .collect()
}

fn contact(name: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        ..Default::default()
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_backup_is_a_private_healthy_copy_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let first = store.create_backup(t0()).unwrap();
    let second = store.create_backup(t0() + TimeDelta::days(1)).unwrap();

    let folder = dir.path().join("kith.db-backups");
    assert_eq!(
        Path::new(&first.path),
        folder.join("kith-20261122-093000-manual.db")
    );
    assert_eq!(first.kind, BackupKind::Manual);
    assert_eq!(first.created_at, t0());
    assert_eq!(
        first.size_bytes,
        std::fs::metadata(&first.path).unwrap().len()
    );
    assert_eq!(store.list_backups().unwrap(), vec![second, first.clone()]);
    assert_eq!(kith::backup::list(&path).unwrap().len(), 2);
    #[cfg(unix)]
    {
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(Path::new(&first.path)), 0o600);
    }
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    let copy = rusqlite::Connection::open(&first.path).unwrap();
    assert_eq!(dump(&copy), dump(store.conn()));
    assert_plain_file(Path::new(&first.path), &copy);
}

/// A backup is a database file of its own: not in WAL mode (its pages are copied from a WAL
/// database), so that opening it leaves no `-wal` or `-shm` beside it.
fn assert_plain_file(path: &Path, open: &rusqlite::Connection) {
    let mode: String = open
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "{}", path.display());
    let header = std::fs::read(path).unwrap();
    assert_eq!(
        (header[18], header[19]),
        (1, 1),
        "rollback-journal file format"
    );
    let wal = format!("{}-wal", path.display());
    assert!(!Path::new(&wal).exists(), "{wal}");
}

fn daily(path: &Path, at: DateTime<Utc>) -> kith::model::BackupInfo {
    kith::backup::create(path, BackupKind::Daily, at).unwrap()
}

fn kinds(store: &Store) -> Vec<BackupKind> {
    store
        .list_backups()
        .unwrap()
        .iter()
        .map(|b| b.kind)
        .collect()
}

#[test]
fn a_second_daily_backup_the_same_day_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let first = daily(&path, t0());
    let second = daily(&path, t0() + TimeDelta::hours(1));
    assert_eq!(store.list_backups().unwrap(), vec![second]);
    assert!(!Path::new(&first.path).exists());
}

#[test]
fn backups_within_one_second_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = seeded(dir.path());
    let empty_then = daily(&path, t0());
    store.add_contact(contact("Later"), t0()).unwrap();
    // Same second: the second file is `kith-…-2.db`, and it is the newest.
    let newest = daily(&path, t0());
    assert!(newest.path.ends_with("-2.db"), "{}", newest.path);
    assert_eq!(store.list_backups().unwrap(), vec![newest.clone()]);
    assert!(!Path::new(&empty_then.path).exists());
    // Of other kinds in the same second, the one written last is listed first.
    let manual = store.create_backup(t0()).unwrap();
    let before_merge = store.backup_before(BackupKind::BeforeMerge, t0()).unwrap();
    assert_eq!(
        store.list_backups().unwrap(),
        vec![before_merge.unwrap(), manual, newest]
    );
}

#[test]
fn back_up_now_twice_the_same_day_replaces_neither_the_daily_copy_nor_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = seeded(dir.path());
    let first_start = store.backup_if_due(t0()).unwrap().unwrap();
    let one = store.create_backup(t0() + TimeDelta::hours(1)).unwrap();
    let two = store.create_backup(t0() + TimeDelta::hours(2)).unwrap();
    assert!(
        one.path.ends_with("kith-20261122-103000-manual.db"),
        "{}",
        one.path
    );
    assert_eq!(
        store.list_backups().unwrap(),
        vec![two.clone(), one.clone(), first_start.clone()]
    );
    for b in [&first_start, &one, &two] {
        assert!(Path::new(&b.path).exists(), "{}", b.path);
    }
    // A manual copy is not the daily one: the next daily copy is due a day after the last.
    assert!(store
        .backup_if_due(t0() + TimeDelta::hours(23))
        .unwrap()
        .is_none());
    assert!(store
        .backup_if_due(t0() + TimeDelta::hours(24))
        .unwrap()
        .is_some());
    assert_eq!(
        kinds(&store),
        [
            BackupKind::Daily,
            BackupKind::Manual,
            BackupKind::Manual,
            BackupKind::Daily
        ]
    );
}

#[test]
fn a_backup_before_an_import_outlives_8_days_of_dailies_and_is_gone_after_31() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = seeded(dir.path());
    store.backup_if_due(t0()).unwrap().unwrap();
    let before_import = store
        .backup_before(BackupKind::BeforeImport, t0() + TimeDelta::minutes(5))
        .unwrap()
        .unwrap();
    let before_merge = store
        .backup_before(BackupKind::BeforeMerge, t0() + TimeDelta::minutes(6))
        .unwrap()
        .unwrap();
    assert!(before_import
        .path
        .ends_with("kith-20261122-093500-before-import.db"));
    assert!(before_merge
        .path
        .ends_with("kith-20261122-093600-before-merge.db"));
    assert_eq!(before_import.kind, BackupKind::BeforeImport);
    assert_eq!(before_merge.kind, BackupKind::BeforeMerge);
    let copy = rusqlite::Connection::open(&before_import.path).unwrap();
    assert_eq!(dump(&copy), dump(store.conn()), "what the database held");

    for day in 1..=8 {
        assert!(store
            .backup_if_due(t0() + TimeDelta::days(day))
            .unwrap()
            .is_some());
    }
    let listed = store.list_backups().unwrap();
    assert!(listed.contains(&before_import) && listed.contains(&before_merge));
    // Dailies of Nov 24–30 (7 days) and Nov 22 (the newest of its ISO week), and the 2.
    assert_eq!(listed.len(), 10, "{listed:#?}");

    store.backup_if_due(t0() + TimeDelta::days(31)).unwrap();
    let listed = store.list_backups().unwrap();
    assert!(!listed.contains(&before_import) && !listed.contains(&before_merge));
    assert!(!Path::new(&before_import.path).exists());
    assert!(!Path::new(&before_merge.path).exists());
}

#[test]
fn there_is_no_backup_before_anything_in_memory_or_in_a_dry_run() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(
        store.backup_before(BackupKind::BeforeImport, t0()).unwrap(),
        None
    );
    assert!(store.create_backup(t0()).is_err());

    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    drop(store);
    let dry = Store::open_dry_run(&path).unwrap();
    assert_eq!(
        dry.backup_before(BackupKind::BeforeMerge, t0()).unwrap(),
        None
    );
    assert!(dry.create_backup(t0()).is_err());
    assert!(!kith::backup::backups_dir(&path).exists());
}

#[test]
fn the_daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = seeded(dir.path());
    assert!(store.backup_if_due(t0()).unwrap().is_some());
    assert!(store
        .backup_if_due(t0() + TimeDelta::hours(23))
        .unwrap()
        .is_none());
    let next = store.backup_if_due(t0() + TimeDelta::hours(24)).unwrap();
    assert_eq!(next.unwrap().created_at, t0() + TimeDelta::hours(24));
    assert_eq!(store.list_backups().unwrap().len(), 2);
}

#[test]
fn forty_days_of_backups_keep_7_days_and_4_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let store = Store::open(&path).unwrap();
    // One backup a day at 09:30, Oct 14 .. Sun Nov 22 2026.
    let start = t0() - TimeDelta::days(39);
    for day in 0..40 {
        daily(&path, start + TimeDelta::days(day));
    }
    let days: Vec<String> = store
        .list_backups()
        .unwrap()
        .iter()
        .map(|b| b.created_at.format("%m-%d").to_string())
        .collect();
    // Nov 16–22 (7 days), then the newest of ISO weeks 46, 45 and 44 (Sundays Nov 15, 8, 1);
    // week 47's newest is Nov 22, already kept.
    assert_eq!(
        days,
        [
            "11-22", "11-21", "11-20", "11-19", "11-18", "11-17", "11-16", "11-15", "11-08",
            "11-01"
        ]
    );
}

#[test]
fn a_restore_brings_back_every_table_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = seeded(dir.path());
    let backup = store.create_backup(t0()).unwrap();
    let at_backup = dump(store.conn());

    // Changes after the backup: a new contact, a trashed one, a logged note.
    let later = t0() + TimeDelta::hours(2);
    let added = store.add_contact(contact("After Backup"), later).unwrap();
    store.delete_contact(1, later).unwrap();
    let changed = dump(store.conn());
    assert_ne!(changed, at_backup);

    let (store, undo) = store
        .restore_backup(Path::new(&backup.path), t0() + TimeDelta::hours(3))
        .unwrap();
    assert_eq!(undo.kind, BackupKind::BeforeRestore);
    assert_eq!(
        dump(store.conn()),
        at_backup,
        "every table as it was at the backup"
    );
    assert!(store.get_contact(added.id).is_err());

    // The undo copy holds the state before the restore; restoring it undoes the restore.
    let (store, _) = store
        .restore_backup(Path::new(&undo.path), t0() + TimeDelta::hours(4))
        .unwrap();
    assert_eq!(dump(store.conn()), changed);
    assert_eq!(store.get_contact(added.id).unwrap().name, "After Backup");

    // And the restored database is what a fresh open sees.
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(dump(reopened.conn()), changed);
}

#[test]
fn a_restore_from_anything_but_a_listed_healthy_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let good = store.create_backup(t0()).unwrap();
    let before = dump(store.conn());

    let outside = dir.path().join("elsewhere.db");
    std::fs::copy(&good.path, &outside).unwrap();
    let mut store = store;
    for bad in [
        path.clone(),
        outside,
        dir.path().join("kith.db-backups/kith-20261122-093001.db"),
        dir.path().join("kith.db-backups"),
        PathBuf::from("/etc/passwd"),
    ] {
        match store.restore_backup(&bad, t0()) {
            Err(Error::Invalid { fields }) => assert_eq!(fields[0].field, "path"),
            Err(other) => panic!("{}: expected Invalid, got {other:?}", bad.display()),
            Ok(_) => panic!("{} was restored", bad.display()),
        }
        store = Store::open(&path).unwrap();
        assert_eq!(dump(store.conn()), before);
    }

    // A listed backup that is damaged is refused too, before anything is written.
    let _ = damage_a_btree_page(Path::new(&good.path), |size| 0..size);
    match store.restore_backup(Path::new(&good.path), t0()) {
        Err(Error::Damaged { path: p, .. }) => assert_eq!(p, good.path),
        other => panic!("expected Damaged, got {other:?}"),
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(dump(store.conn()), before);
    assert_eq!(
        store.list_backups().unwrap().len(),
        1,
        "no undo copy for a refused restore"
    );
}

#[test]
fn a_damaged_database_is_set_aside_for_the_newest_healthy_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    let older = store.create_backup(t0()).unwrap();
    let at_older = dump(store.conn());
    let newer = store.create_backup(t0() + TimeDelta::days(1)).unwrap();
    drop(store);

    // Recovery is refused while the database is healthy.
    match kith::backup::restore_newest_into(&path, t0()) {
        Err(Error::Invalid { fields }) => assert!(fields[0].message.contains("not damaged")),
        other => panic!("expected Invalid, got {other:?}"),
    }

    // The database and the newest backup are both damaged.
    let (_, damaged_bytes) = damage_a_btree_page(&path, |size| 0..size);
    let _ = damage_a_btree_page(Path::new(&newer.path), |size| 0..size);
    assert!(matches!(Store::open(&path), Err(Error::Damaged { .. })));

    let now = t0() + TimeDelta::days(2);
    let restored = kith::backup::restore_newest_into(&path, now).unwrap();
    assert_eq!(restored, older, "the newest backup that passes the check");
    let aside = dir.path().join("kith.db.damaged-20261124-093000");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged_bytes,
        "the damaged file is kept as it was"
    );
    let store = Store::open(&path).unwrap();
    assert_eq!(dump(store.conn()), at_older);
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn with_no_healthy_backup_a_damaged_database_stays_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = seeded(dir.path());
    drop(store);
    let (_, damaged_bytes) = damage_a_btree_page(&path, |size| 0..size);
    let err = kith::backup::restore_newest_into(&path, t0()).unwrap_err();
    assert!(err.to_string().contains("no healthy backup"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), damaged_bytes);
}

/// Backup and restore time on the benchmark network (10,000 contacts, 100,000
/// interactions). `cargo test --release -p kith --test backup -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement at scale, run by hand"]
fn backup_and_restore_time_at_scale() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = seeded_with(
        dir.path(),
        SeedOptions {
            contacts: 10_000,
            interactions: 100_000,
            seed: 1,
        },
    );
    // The minimum work for a consistent copy: a bare VACUUM INTO, no check, no fsync.
    let bare_path = dir.path().join("bare.db");
    let started = std::time::Instant::now();
    store
        .conn()
        .execute("VACUUM INTO ?1", [bare_path.to_str().unwrap()])
        .unwrap();
    let bare = started.elapsed();
    let started = std::time::Instant::now();
    let backup = store.create_backup(t0()).unwrap();
    let backup_time = started.elapsed();
    let started = std::time::Instant::now();
    let (_store, _) = store
        .restore_backup(Path::new(&backup.path), t0() + TimeDelta::hours(1))
        .unwrap();
    let restore_time = started.elapsed();
    println!(
        "database {:.1} MB: bare VACUUM INTO {bare:?}; backup {backup_time:?} ({:.2}x); \
         restore (with its undo backup and the reopen) {restore_time:?} ({:.2}x)",
        backup.size_bytes as f64 / 1e6,
        backup_time.as_secs_f64() / bare.as_secs_f64(),
        restore_time.as_secs_f64() / bare.as_secs_f64(),
    );
}

/// The copy taken before an import is written on another thread while the import matches and
/// writes its records: it still holds exactly what was there before, and an import whose copy
/// cannot be written commits nothing.
#[test]
fn an_import_commits_only_after_its_backup_of_what_was_there_before() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = seeded(dir.path());
    let before = dump(store.conn());
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Wanjiru Kamau\r\nEMAIL:wanjiru@example.org\r\n\
                END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tove Lind\r\nEND:VCARD\r\n";
    let now = t0() + TimeDelta::minutes(1);
    let plan = store
        .import(
            card.as_bytes(),
            kith::io::ImportFormat::Vcard,
            "new.vcf",
            now,
            &mut |_, _| {},
        )
        .unwrap();
    assert!(plan.committed);
    assert_eq!(plan.created, 2);
    let backups = store.list_backups().unwrap();
    let copy = backups
        .iter()
        .find(|b| b.kind == BackupKind::BeforeImport)
        .expect("a backup before the import");
    let copy_path = PathBuf::from(&copy.path);
    let copy = rusqlite::Connection::open(&copy_path).unwrap();
    assert_eq!(dump(&copy), before, "the copy holds what was there before");
    assert_plain_file(&copy_path, &copy);
    assert_ne!(dump(store.conn()), before);

    // Where the backups go is taken by a file: no copy, so nothing is imported.
    let after = dump(store.conn());
    let backups_dir = kith::backup::backups_dir(&path);
    std::fs::remove_dir_all(&backups_dir).unwrap();
    std::fs::write(&backups_dir, "not a folder").unwrap();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ines Duarte\r\nEND:VCARD\r\n";
    let err = store
        .import(
            card.as_bytes(),
            kith::io::ImportFormat::Vcard,
            "more.vcf",
            now,
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert_eq!(
        dump(store.conn()),
        after,
        "nothing of the second file is in"
    );
}
