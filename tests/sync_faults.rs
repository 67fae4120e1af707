//! Sync when things go wrong: the process killed while it applies a pass, a crash after a
//! change file was written but before the database recorded it, a database copied to a
//! second computer (two devices with one id), changes from a newer version of Kith.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration as StdDuration;

use chrono::{DateTime, TimeZone, Utc};
use kith::model::ContactInput;
use kith::sync::{
    open_keycheck, write_change_file, Change, ChangeOp, DeviceId, Hlc, KdfParams, NewChangeFile,
    RecoveryKey, SyncSecret,
};
use kith::Store;

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, h, m, 0).unwrap()
}

fn person(i: usize) -> ContactInput {
    ContactInput {
        name: format!("Person {i:04}"),
        company: Some(format!("Company {}", i % 37)),
        tags: vec![format!("tag{}", i % 5)],
        ..Default::default()
    }
}

fn open(path: &Path) -> Store {
    Store::open(path).expect("open")
}

fn canonical(store: &Store) -> String {
    serde_json::to_string_pretty(&store.sync_canonical().unwrap()).unwrap()
}

/// A temporary folder for the databases, and the synced folder inside it.
fn dir_and_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    (dir, folder)
}

/// Copies the database at `from` (closed) to `to`, with its write-ahead log if any.
fn copy_db(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let wal = PathBuf::from(format!("{}-wal", from.display()));
    if wal.exists() {
        std::fs::copy(&wal, format!("{}-wal", to.display())).unwrap();
    }
}

#[test]
fn killed_while_applying_a_pass_loses_nothing_and_applies_nothing_twice() {
    let (dir, folder) = dir_and_folder();
    let (pa, pb) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let mut a = open(&pa);
    let key = a
        .sync_setup_with(&folder, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    {
        let mut b = open(&pb);
        b.sync_setup_with(
            &folder,
            "b",
            Some(&key),
            at(9, 0),
            KdfParams::INSECURE_FOR_TESTS,
        )
        .unwrap();
    }
    for i in 0..3000 {
        a.add_contact(person(i), at(9, 1)).unwrap();
    }
    assert!(a.sync_now(at(9, 2)).unwrap().sent > 0);
    // The CLI applies the pass on b; it is killed after a while, at a different moment
    // each time, until one run ends by itself.
    let kith = env!("CARGO_BIN_EXE_kith");
    let mut killed = 0;
    for wait_ms in [30u64, 80, 150, 250, 400, 700, 1200, 2500, 5000, 60_000] {
        let mut child = Command::new(kith)
            .args(["--db", pb.to_str().unwrap(), "sync", "now"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(StdDuration::from_millis(wait_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            child.wait().unwrap();
            killed += 1;
            // What a killed pass left: either all of it or none of it.
            let b = open(&pb);
            let n = b.list_contacts(&Default::default()).unwrap().total;
            assert!(n == 0 || n == 3000, "a killed pass left {n} people");
        } else {
            assert!(child.wait().unwrap().success());
            break;
        }
    }
    assert!(killed > 0, "no pass was killed: the test proves nothing");
    let mut b = open(&pb);
    b.sync_now(at(9, 5)).unwrap();
    assert_eq!(canonical(&a), canonical(&b), "killed {killed} times");
    let again = b.sync_now(at(9, 6)).unwrap();
    assert_eq!((again.received, again.rows_written), (0, 0));
}

#[test]
fn a_crash_after_a_change_file_was_written_is_found_and_nothing_is_sent_twice() {
    let (dir, folder) = dir_and_folder();
    let (pa, saved) = (dir.path().join("a.db"), dir.path().join("saved.db"));
    let key = {
        let mut a = open(&pa);
        let key = a
            .sync_setup_with(&folder, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
            .unwrap()
            .recovery_key
            .unwrap();
        a.add_contact(person(1), at(9, 1)).unwrap();
        key
    };
    // The database as it was before the pass, then the pass: the file is written. Putting
    // the saved copy back is the database as a crash before its commit leaves it.
    copy_db(&pa, &saved);
    open(&pa).sync_now(at(9, 2)).unwrap();
    let files = |dev: &str| {
        std::fs::read_dir(folder.join("kith").join(dev))
            .unwrap()
            .count()
    };
    let device = open(&pa).sync_status().unwrap().device.unwrap();
    let before = files(&device);
    std::fs::remove_file(&pa).unwrap();
    let _ = std::fs::remove_file(format!("{}-wal", pa.display()));
    copy_db(&saved, &pa);
    let mut a = open(&pa);
    let pending = a.sync_status().unwrap().pending;
    assert!(pending > 0);
    let pass = a.sync_now(at(9, 3)).unwrap();
    assert_eq!(pass.sent, pending);
    assert_eq!(
        files(&device),
        before,
        "no second file for the same changes"
    );
    assert_eq!(a.sync_status().unwrap().pending, 0);
    // And another device reads the person once.
    let mut b = open(&dir.path().join("b.db"));
    b.sync_setup_with(
        &folder,
        "b",
        Some(&key),
        at(9, 4),
        KdfParams::INSECURE_FOR_TESTS,
    )
    .unwrap();
    assert_eq!(canonical(&a), canonical(&b));
}

#[test]
fn a_database_restored_from_a_backup_or_copied_takes_in_its_own_changes_and_loses_none() {
    let (dir, folder) = dir_and_folder();
    let (pa, pc) = (dir.path().join("a.db"), dir.path().join("copy.db"));
    {
        let mut a = open(&pa);
        a.sync_setup_with(&folder, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
            .unwrap();
    }
    // The copy is what a backup of a is: behind a's own files once a writes on.
    copy_db(&pa, &pc);
    let (mut a, mut c) = (open(&pa), open(&pc));
    a.add_contact(person(1), at(9, 1)).unwrap();
    c.add_contact(person(2), at(9, 1)).unwrap();
    a.sync_now(at(9, 2)).unwrap();
    let pass = c.sync_now(at(9, 2)).unwrap();
    assert!(
        pass.notes.iter().any(|n| n.contains("did not have")),
        "{pass:?}"
    );
    assert_eq!(
        c.sync_status().unwrap().pending,
        0,
        "its own change went out"
    );
    assert!(
        c.resolve_contact("Person 0001").is_ok(),
        "a's change taken in"
    );
    a.sync_now(at(9, 3)).unwrap();
    assert!(
        a.resolve_contact("Person 0002").is_ok(),
        "the copy's change reached a"
    );
    assert_eq!(canonical(&a), canonical(&c));
}

#[test]
fn a_database_restored_after_its_change_files_were_removed_takes_its_changes_from_its_snapshot() {
    let (dir, folder) = dir_and_folder();
    let (pa, pb, saved) = (
        dir.path().join("a.db"),
        dir.path().join("b.db"),
        dir.path().join("saved.db"),
    );
    let key = {
        let mut a = open(&pa);
        a.sync_setup_with(&folder, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
            .unwrap()
            .recovery_key
            .unwrap()
    };
    let mut b = open(&pb);
    b.sync_setup_with(
        &folder,
        "b",
        Some(&key),
        at(9, 0),
        KdfParams::INSECURE_FOR_TESTS,
    )
    .unwrap();
    // The backup, then a writes on, snapshots, and its change files go once b has them.
    copy_db(&pa, &saved);
    {
        let mut a = open(&pa);
        a.add_contact(person(1), at(9, 1)).unwrap();
        a.sync_now(at(9, 2)).unwrap();
        a.sync_snapshot(at(9, 2)).unwrap().unwrap();
        b.sync_now(at(9, 3)).unwrap();
        a.sync_now(at(9, 4)).unwrap();
    }
    let id = open(&pa).sync_status().unwrap().device.unwrap();
    let kept: Vec<String> = std::fs::read_dir(folder.join("kith").join(&id))
        .unwrap()
        .flatten()
        .map(|f| f.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".kch"))
        .collect();
    assert!(kept.is_empty(), "a's change files are gone: {kept:?}");

    // Restored: behind its own snapshot, with a change of its own made before its first pass.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", pa.display()));
    }
    copy_db(&saved, &pa);
    let mut a = open(&pa);
    a.add_contact(person(3), at(10, 0)).unwrap();
    let pass = a.sync_now(at(10, 1)).unwrap();
    assert!(
        pass.notes.iter().any(|n| n.contains("snapshot")),
        "{pass:?}"
    );
    assert!(
        a.resolve_contact("Person 0001").is_ok(),
        "its own change back"
    );
    b.sync_now(at(10, 2)).unwrap();
    assert!(
        b.resolve_contact("Person 0003").is_ok(),
        "its new change numbered after the old ones, and read"
    );
    a.sync_now(at(10, 3)).unwrap();
    assert_eq!(canonical(&a), canonical(&b));
}

#[test]
fn changes_from_a_newer_version_are_kept_for_later_and_the_rest_is_applied() {
    let (dir, folder) = dir_and_folder();
    let mut a = open(&dir.path().join("a.db"));
    let key_text = a
        .sync_setup_with(&folder, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    let key = open_keycheck(
        &folder,
        &SyncSecret::RecoveryKey(RecoveryKey::parse(&key_text).unwrap()),
    )
    .unwrap();
    // A device on a newer schema: a table and a column this version does not have, and a
    // new person.
    let newer = DeviceId::generate(at(9, 0));
    let gid = "01939a2b-0000-7000-8000-000000000001";
    let change = |table: &str, column: &str, value: serde_json::Value, ms: u64| Change {
        table: table.into(),
        row: gid.into(),
        column: column.into(),
        value,
        op: ChangeOp::Set,
        hlc: Hlc::new(ms, 0),
        device: newer.to_string(),
        base: None,
        observed: Vec::new(),
    };
    let t = at(9, 5).timestamp_millis() as u64;
    let changes = vec![
        change("contact", "name", "Zoe Newer".into(), t),
        change("contact", "created_at", serde_json::json!(t), t + 1),
        change("contact", "pronouns", "she/her".into(), t + 2),
        change("contact_mood", "mood", "happy".into(), t + 3),
    ];
    write_change_file(
        &folder,
        &key,
        &NewChangeFile {
            schema_version: 99,
            device: newer,
            first_seq: 1,
            created: at(9, 5),
            changes: &changes,
        },
    )
    .unwrap();
    let pass = a.sync_now(at(9, 6)).unwrap();
    assert_eq!(pass.received, 4);
    assert_eq!(pass.held, 2);
    assert!(a.resolve_contact("Zoe Newer").is_ok());
    assert_eq!(a.sync_status().unwrap().held, 2);
    // Not applied twice, not dropped on the next pass.
    let again = a.sync_now(at(9, 7)).unwrap();
    assert_eq!(again.received, 0);
    assert_eq!(a.sync_status().unwrap().held, 2);
}

#[test]
fn leaving_and_setting_up_anew_after_the_folder_is_lost_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    std::fs::create_dir(&old).unwrap();
    std::fs::create_dir(&new).unwrap();
    let mut a = open(&dir.path().join("a.db"));
    let mut b = open(&dir.path().join("b.db"));
    a.add_contact(person(1), at(9, 0)).unwrap();
    let key = a
        .sync_setup_with(&old, "a", None, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    b.sync_setup_with(
        &old,
        "b",
        Some(&key),
        at(9, 0),
        KdfParams::INSECURE_FOR_TESTS,
    )
    .unwrap();
    b.add_contact(person(2), at(9, 1)).unwrap();
    b.sync_now(at(9, 2)).unwrap();
    a.sync_now(at(9, 2)).unwrap();
    std::fs::remove_dir_all(&old).unwrap();
    assert!(
        a.sync_now(at(9, 3)).is_err(),
        "the folder is gone: said, not hidden"
    );
    a.sync_leave().unwrap();
    b.sync_leave().unwrap();
    assert!(!a.sync_status().unwrap().set_up);
    let key = a
        .sync_setup_with(&new, "a", None, at(9, 4), KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    b.sync_setup_with(
        &new,
        "b",
        Some(&key),
        at(9, 4),
        KdfParams::INSECURE_FOR_TESTS,
    )
    .unwrap();
    a.sync_now(at(9, 5)).unwrap();
    assert_eq!(canonical(&a), canonical(&b));
    assert_eq!(a.list_contacts(&Default::default()).unwrap().total, 2);
}
