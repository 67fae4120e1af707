//! Snapshots (issue 21): a device that joins starts from another's snapshot instead of
//! replaying every change file, and ends exactly where one that replayed everything ends —
//! the same data, the same conflict log, its own search index and who-knows-whom made from
//! what it got; a device with data of its own joins the same way and keeps it; a damaged
//! snapshot is passed over; a device that was away while change files were removed catches up
//! from the snapshot.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use common::sync::{at, clock, contact, device, id_of, Device};
use kith::model::{ContactInput, InteractionKind, NewInteraction, SyncReport};
use kith::sync::KdfParams;

fn join(
    d: &mut Device,
    folder: &Path,
    name: &str,
    key: Option<&str>,
) -> (Option<String>, SyncReport) {
    let report = d
        .store
        .sync_setup_with(folder, name, key, at(9, 0), KdfParams::INSECURE_FOR_TESTS)
        .expect("setup");
    (report.recovery_key, report.first_pass)
}

fn meeting(participants: Vec<i64>, when: DateTime<Utc>, summary: &str) -> NewInteraction {
    NewInteraction {
        participants,
        kind: InteractionKind::Meeting,
        occurred_at: when,
        has_time: true,
        summary: summary.into(),
        notes: String::new(),
        initiated_by: None,
        quality: None,
        help: Vec::new(),
        follow_up: None,
    }
}

fn set_company(d: &mut Device, name: &str, company: &str, when: DateTime<Utc>) {
    let c = d.store.get_contact(id_of(d, name)).unwrap();
    let mut input = ContactInput::from_contact(&c);
    input.company = Some(company.into());
    d.store.update_contact(c.id, input, when).unwrap();
}

fn pass(devices: &mut [&mut Device]) {
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.store.sync_now(at(12, 0)).expect("pass");
        }
    }
}

fn canonical(d: &Device) -> String {
    serde_json::to_string_pretty(&d.store.sync_canonical().unwrap()).unwrap()
}

fn conflicts(d: &Device) -> Vec<String> {
    let mut ids: Vec<String> = d
        .store
        .sync_conflicts()
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    ids.sort();
    ids
}

/// What a device derives here from what it got agrees with it.
fn derived_in_step(d: &Device) {
    let conn = d.store.conn();
    assert_eq!(
        kith::store::search::mismatches(conn).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        kith::store::knows::mismatches(conn).unwrap(),
        Vec::<String>::new()
    );
}

fn snapshots(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dev in std::fs::read_dir(folder.join("kith")).unwrap().flatten() {
        if dev.path().is_dir() {
            for f in std::fs::read_dir(dev.path()).unwrap().flatten() {
                if f.file_name().to_string_lossy().starts_with("snapshot-") {
                    out.push(f.path());
                }
            }
        }
    }
    out
}

/// A laptop with people from before sync, a desktop that joined by replaying, edits on both
/// after (one a conflict), a person trashed, and the laptop's snapshot of all of it.
fn network() -> (tempfile::TempDir, String, Device, Device) {
    let folder = tempfile::tempdir().unwrap();
    let mut a = device();
    let ana = a
        .store
        .add_contact(
            contact("Ana Lima", "Acme", "ana@example.com", &["climbing"]),
            at(8, 0),
        )
        .unwrap();
    let bo = a
        .store
        .add_contact(
            contact("Bo Chen", "Kafe Lumen", "bo@example.com", &[]),
            at(8, 0),
        )
        .unwrap();
    let cy = a
        .store
        .add_contact(
            contact("Cy Ortiz", "Ortiz & Co", "cy@example.com", &["board"]),
            at(8, 0),
        )
        .unwrap();
    a.store
        .log_interaction(
            meeting(vec![ana.id, bo.id], at(7, 0), "Coffee at Kafe Lumen"),
            at(8, 0),
        )
        .unwrap();
    let (key, _) = join(&mut a, folder.path(), "laptop", None);
    let key = key.unwrap();
    let mut b = device();
    let (_, first) = join(&mut b, folder.path(), "desktop", Some(&key));
    assert!(
        !first.notes.iter().any(|n| n.contains("snapshot")),
        "no snapshot yet: {first:?}"
    );

    // The same field edited on both before either saw the other's: a conflict.
    clock(&mut a, at(10, 0));
    clock(&mut b, at(10, 5));
    set_company(&mut a, "Ana Lima", "Acme GmbH", at(10, 0));
    set_company(&mut b, "Ana Lima", "Acme Corp", at(10, 5));
    let bo_b = id_of(&b, "Bo Chen");
    let cy_b = id_of(&b, "Cy Ortiz");
    b.store
        .log_interaction(
            meeting(vec![bo_b, cy_b], at(9, 30), "Board dinner"),
            at(10, 5),
        )
        .unwrap();
    a.store.delete_contact(cy.id, at(10, 1)).unwrap();
    pass(&mut [&mut a, &mut b]);
    assert_eq!(conflicts(&a).len(), 1, "{:?}", a.store.sync_conflicts());
    assert!(a.store.sync_snapshot(at(12, 0)).unwrap().is_some());
    (folder, key, a, b)
}

#[test]
fn a_new_device_starts_from_a_snapshot_and_ends_where_replaying_everything_ends() {
    let (folder, key, mut a, mut b) = network();
    assert_eq!(snapshots(folder.path()).len(), 1);
    // For comparison, a device that replays every change file: it joins with the snapshot
    // out of sight, before any change file is removed.
    let hidden = snapshots(folder.path());
    for s in &hidden {
        std::fs::rename(s, s.with_extension("away")).unwrap();
    }
    let mut d = device();
    let (_, replay) = join(&mut d, folder.path(), "phone", Some(&key));
    assert!(
        !replay.notes.iter().any(|n| n.contains("snapshot")),
        "{replay:?}"
    );
    for s in &hidden {
        std::fs::rename(s.with_extension("away"), s).unwrap();
    }
    // After the snapshot: more from the desktop, read from its change files.
    clock(&mut b, at(11, 0));
    set_company(&mut b, "Bo Chen", "Kafe Lumen Oy", at(11, 0));
    b.store.sync_now(at(12, 0)).unwrap();

    let mut c = device();
    let (_, first) = join(&mut c, folder.path(), "tablet", Some(&key));
    assert!(
        first
            .notes
            .iter()
            .any(|n| n.starts_with("started from laptop's snapshot of ")),
        "{first:?}"
    );
    d.store.sync_now(at(12, 0)).unwrap();
    assert_eq!(canonical(&c), canonical(&d));
    a.store.sync_now(at(12, 0)).unwrap();
    assert_eq!(canonical(&c), canonical(&a));
    assert_eq!(conflicts(&c), conflicts(&a));
    assert_eq!(conflicts(&c), conflicts(&d));
    derived_in_step(&c);
    let bo = c.store.get_contact(id_of(&c, "Bo Chen")).unwrap();
    assert_eq!(bo.company.as_deref(), Some("Kafe Lumen Oy"));
    assert!(!c.store.search("Lumen", 10).unwrap().is_empty());
    assert!(
        c.store.resolve_contact("Cy Ortiz").is_err(),
        "in the trash there too"
    );

    // What the new device writes reaches the others, and theirs reach it.
    clock(&mut c, at(11, 30));
    set_company(&mut c, "Ana Lima", "Acme Robotics", at(11, 30));
    a.store
        .add_contact(
            contact("Dee Ng", "Ngworks", "dee@example.com", &[]),
            at(11, 31),
        )
        .unwrap();
    pass(&mut [&mut a, &mut b, &mut c, &mut d]);
    for other in [&a, &b, &d] {
        assert_eq!(canonical(&c), canonical(other));
        assert_eq!(conflicts(&c), conflicts(other));
    }
    assert_eq!(
        b.store
            .get_contact(id_of(&b, "Ana Lima"))
            .unwrap()
            .company
            .as_deref(),
        Some("Acme Robotics")
    );
    assert!(c.store.resolve_contact("Dee Ng").is_ok());
    derived_in_step(&c);
}

#[test]
fn a_device_with_people_of_its_own_joins_from_a_snapshot_and_keeps_them() {
    let (folder, key, mut a, mut b) = network();
    let mut e = device();
    e.store
        .add_contact(
            contact("Eve Sato", "Sato Labs", "eve@example.com", &["robotics"]),
            at(8, 0),
        )
        .unwrap();
    let (_, first) = join(&mut e, folder.path(), "work laptop", Some(&key));
    assert!(
        first.notes.iter().any(|n| n.contains("snapshot")),
        "{first:?}"
    );
    pass(&mut [&mut a, &mut b, &mut e]);
    assert_eq!(canonical(&e), canonical(&a));
    assert_eq!(canonical(&e), canonical(&b));
    assert_eq!(conflicts(&e), conflicts(&a));
    assert!(a.store.resolve_contact("Eve Sato").is_ok());
    assert_eq!(
        e.store.get_contact(id_of(&e, "Ana Lima")).unwrap().company,
        a.store.get_contact(id_of(&a, "Ana Lima")).unwrap().company
    );
    derived_in_step(&e);
}

#[test]
fn a_damaged_snapshot_is_passed_over_and_the_change_files_are_read() {
    let (folder, key, mut a, _b) = network();
    let snapshot = snapshots(folder.path()).remove(0);
    let mut bytes = std::fs::read(&snapshot).unwrap();
    let at_ = bytes.len() - 30;
    bytes[at_] ^= 0x40;
    std::fs::write(&snapshot, bytes).unwrap();
    let mut c = device();
    let (_, first) = join(&mut c, folder.path(), "tablet", Some(&key));
    assert!(
        first.skipped.iter().any(|s| s.contains("authenticity")),
        "{first:?}"
    );
    assert!(!first.notes.iter().any(|n| n.contains("started from")));
    pass(&mut [&mut a, &mut c]);
    assert_eq!(canonical(&c), canonical(&a));
    assert_eq!(conflicts(&c), conflicts(&a));
}

#[test]
fn a_device_that_missed_removed_change_files_catches_up_from_the_snapshot() {
    let (folder, key, mut a, mut b) = network();
    let mut c = device();
    join(&mut c, folder.path(), "tablet", Some(&key));
    // The tablet goes away; the laptop writes on, snapshots, and its change files before the
    // snapshot go (as compaction will remove them).
    c.store.sync_pause(true).unwrap();
    clock(&mut a, at(11, 0));
    a.store
        .add_contact(
            contact("Dee Ng", "Ngworks", "dee@example.com", &["board"]),
            at(11, 0),
        )
        .unwrap();
    set_company(&mut a, "Bo Chen", "Lumen Roasters", at(11, 1));
    pass(&mut [&mut a, &mut b]);
    let snapshot = a.store.sync_snapshot(at(12, 0)).unwrap().unwrap();
    let dir = snapshot.parent().unwrap();
    for f in std::fs::read_dir(dir).unwrap().flatten() {
        if f.file_name().to_string_lossy().ends_with(".kch") {
            std::fs::remove_file(f.path()).unwrap();
        }
    }
    assert_eq!(
        snapshots(folder.path()).len(),
        1,
        "the older snapshot is gone"
    );
    c.store.sync_pause(false).unwrap();
    let report = c.store.sync_now(at(12, 0)).unwrap();
    assert!(
        report.notes.iter().any(|n| n.contains("snapshot")),
        "{report:?}"
    );
    pass(&mut [&mut a, &mut b, &mut c]);
    assert_eq!(canonical(&c), canonical(&a));
    assert_eq!(conflicts(&c), conflicts(&a));
    assert_eq!(
        c.store
            .get_contact(id_of(&c, "Bo Chen"))
            .unwrap()
            .company
            .as_deref(),
        Some("Lumen Roasters")
    );
    derived_in_step(&c);
}

/// The laptop's change files, by first change number.
fn change_files(folder: &Path, d: &Device) -> Vec<u64> {
    let id = d.store.sync_status().unwrap().device.unwrap();
    let mut out: Vec<u64> = std::fs::read_dir(folder.join("kith").join(id))
        .unwrap()
        .flatten()
        .filter_map(|f| {
            let name = f.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".kch")?.parse().ok()
        })
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn change_files_go_once_every_device_has_applied_them_and_a_snapshot_holds_them() {
    let (folder, key, mut a, mut b) = network();
    let mut c = device();
    join(&mut c, folder.path(), "tablet", Some(&key));
    let applied_by_c = c.store.sync_status().unwrap().devices[1..]
        .iter()
        .find(|d| d.name.as_deref() == Some("laptop"))
        .unwrap()
        .applied;

    // The tablet stops syncing for a while; the laptop writes on and snapshots again.
    c.store.sync_pause(true).unwrap();
    clock(&mut a, at(11, 0));
    a.store
        .add_contact(
            contact("Dee Ng", "Ngworks", "dee@example.com", &[]),
            at(11, 0),
        )
        .unwrap();
    pass(&mut [&mut a, &mut b]);
    a.store.sync_snapshot(at(12, 0)).unwrap().unwrap();
    pass(&mut [&mut a, &mut b]);
    let held_back = change_files(folder.path(), &a);
    assert!(
        !held_back.is_empty() && held_back.iter().all(|&first| first > applied_by_c),
        "what every device applied is gone, what the tablet has not applied stays: \
         {held_back:?} (the tablet applied 1 to {applied_by_c})"
    );

    // Back: the tablet applies the rest, and the laptop's files held in the snapshot go.
    c.store.sync_pause(false).unwrap();
    c.store.sync_now(at(12, 0)).unwrap();
    pass(&mut [&mut a, &mut b, &mut c]);
    assert!(
        change_files(folder.path(), &a).len() < held_back.len(),
        "{:?}",
        change_files(folder.path(), &a)
    );
    assert_eq!(canonical(&c), canonical(&a));
    assert!(c.store.resolve_contact("Dee Ng").is_ok());

    // A device silent for over 30 days no longer holds files back.
    c.store.sync_pause(true).unwrap();
    a.store
        .add_contact(
            contact("Eli Roy", "Royco", "eli@example.com", &[]),
            at(11, 30),
        )
        .unwrap();
    pass(&mut [&mut a, &mut b]);
    a.store.sync_snapshot(at(12, 0)).unwrap().unwrap();
    let later = at(12, 0) + chrono::Duration::days(31);
    for _ in 0..2 {
        b.store.sync_now(later).unwrap();
        a.store.sync_now(later).unwrap();
    }
    let own = a.store.sync_status().unwrap().devices[0].applied;
    let left = change_files(folder.path(), &a);
    assert!(
        left.iter().all(|&first| first > own),
        "all the laptop's files in its snapshot are gone: {left:?} (snapshot holds 1 to {own})"
    );
    // The tablet, back after the files it missed went, catches up from the snapshot.
    c.store.sync_pause(false).unwrap();
    let report = c.store.sync_now(later).unwrap();
    assert!(
        report.notes.iter().any(|n| n.contains("snapshot")),
        "{report:?}"
    );
    pass(&mut [&mut a, &mut b, &mut c]);
    assert_eq!(canonical(&c), canonical(&a));
    assert!(c.store.resolve_contact("Eli Roy").is_ok());
}
