//! Convergence of real stores, property-tested: three devices sharing one folder make random
//! edits through the store's ordinary operations (add, edit, tag, untag, trash, restore, log,
//! delete an interaction, import a vCard, merge two people, undo a merge, say two people are
//! not one), run passes in
//! random order, with wall clocks hours apart and jumping backwards, and write snapshots
//! (after which passes remove the change files every device has applied). Then a fourth
//! device joins, from the newest snapshot if there is one.
//! After every device has run passes enough to see everything:
//! - every device holds the same data (`Store::sync_canonical`: every synced row by gid);
//! - a further pass changes nothing (nothing applied twice);
//! - what each device derives (the search index, who knows whom) agrees with its data;
//! - every device shows the same conflict log, and it holds every value that the reference
//!   model ([`kith::sync::merge::State`], fed every change file written) says was
//!   overwritten by a change made without knowing it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use kith::model::{ContactInput, InteractionKind, NewInteraction};
use kith::sync::merge::State;
use kith::sync::{open_keycheck, read_change_file, scan, KdfParams, RecoveryKey, SyncSecret};
use kith::Store;
use proptest::prelude::*;

const NAMES: [&str; 4] = ["Ana Lima", "Bo Chen", "Cleo Park", "Dev Rao"];
const COMPANIES: [&str; 4] = ["Acme", "Kafe Lumen", "Parkworks", "Rao & Co"];
const TAGS: [&str; 3] = ["climbing", "jazz", "berlin"];

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize),
    Company(usize, usize),
    Rename(usize, usize),
    Tag(usize, usize),
    Untag(usize, usize),
    Trash(usize),
    Restore,
    Log(usize, usize),
    DeleteInteraction(usize),
    Pass,
    /// Moves the device's wall clock by this many hours (negative: backwards).
    Clock(i64),
    /// Writes a snapshot (after which passes remove change files every device applied).
    Snapshot,
    /// Imports a vCard of one person (with an email and a tag).
    Import(usize),
    /// Merges the second person into the first.
    Merge(usize, usize),
    /// Takes back the newest merge into a person, if it has one.
    Unmerge(usize),
    /// Says two people are not the same person.
    NotDuplicate(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..4usize, 0..4usize).prop_map(|(n, c)| Op::Add(n, c)),
        (0..8usize, 0..4usize).prop_map(|(p, c)| Op::Company(p, c)),
        (0..8usize, 0..4usize).prop_map(|(p, n)| Op::Rename(p, n)),
        (0..8usize, 0..3usize).prop_map(|(p, t)| Op::Tag(p, t)),
        (0..8usize, 0..3usize).prop_map(|(p, t)| Op::Untag(p, t)),
        (0..8usize).prop_map(Op::Trash),
        Just(Op::Restore),
        (0..8usize, 0..8usize).prop_map(|(a, b)| Op::Log(a, b)),
        (0..8usize).prop_map(Op::DeleteInteraction),
        Just(Op::Pass),
        Just(Op::Pass),
        (-6i64..6).prop_map(Op::Clock),
        Just(Op::Snapshot),
        (0..4usize).prop_map(Op::Import),
        (0..8usize, 0..8usize).prop_map(|(a, b)| Op::Merge(a, b)),
        (0..8usize, 0..8usize).prop_map(|(a, b)| Op::Merge(a, b)),
        (0..8usize).prop_map(Op::Unmerge),
        (0..8usize, 0..8usize).prop_map(|(a, b)| Op::NotDuplicate(a, b)),
    ]
}

struct Device {
    _dir: tempfile::TempDir,
    store: Store,
    wall: Arc<Mutex<DateTime<Utc>>>,
}

impl Device {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("kith.db")).expect("open");
        let mut device = Self {
            _dir: dir,
            store,
            wall: Arc::new(Mutex::new(start())),
        };
        // From the start: the first pass of a setup stamps too, and a stamp of the system's
        // clock would put this device's clock days away from the others'.
        device.use_clock();
        device
    }

    fn now(&self) -> DateTime<Utc> {
        *self.wall.lock().unwrap()
    }

    fn tick(&mut self, by: Duration) {
        *self.wall.lock().unwrap() += by;
    }

    fn use_clock(&mut self) {
        let wall = self.wall.clone();
        self.store
            .set_sync_wall_clock(Arc::new(move || *wall.lock().unwrap()));
    }

    fn live(&self) -> Vec<i64> {
        let page = self
            .store
            .list_contacts(&kith::model::ContactQuery {
                limit: 100,
                ..Default::default()
            })
            .expect("list");
        page.items.iter().map(|c| c.id).collect()
    }

    /// Imports a vCard of `NAMES[n]` with an email and a tag.
    fn import_card(&mut self, n: usize, now: DateTime<Utc>) {
        let name = NAMES[n];
        let email = name.to_lowercase().replace(' ', ".");
        let card = format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEMAIL:{email}@example.org\r\n\
             CATEGORIES:imported\r\nEND:VCARD\r\n"
        );
        self.store
            .import(
                card.as_bytes(),
                kith::io::ImportFormat::Vcard,
                "people.vcf",
                now,
                &mut |_, _| {},
            )
            .expect("import");
    }

    fn apply(&mut self, op: &Op) {
        let now = self.now();
        let live = self.live();
        let pick = |i: usize| (!live.is_empty()).then(|| live[i % live.len()]);
        match op {
            Op::Add(n, c) => {
                self.store
                    .add_contact(
                        ContactInput {
                            name: NAMES[*n].into(),
                            company: Some(COMPANIES[*c].into()),
                            ..Default::default()
                        },
                        now,
                    )
                    .expect("add");
            }
            Op::Company(p, c) | Op::Rename(p, c) => {
                if let Some(id) = pick(*p) {
                    let mut input =
                        ContactInput::from_contact(&self.store.get_contact(id).unwrap());
                    if matches!(op, Op::Company(..)) {
                        input.company = Some(COMPANIES[*c].into());
                    } else {
                        input.name = NAMES[*c].into();
                    }
                    self.store.update_contact(id, input, now).expect("edit");
                }
            }
            Op::Tag(p, t) | Op::Untag(p, t) => {
                if let Some(id) = pick(*p) {
                    let mut input =
                        ContactInput::from_contact(&self.store.get_contact(id).unwrap());
                    input.tags.retain(|x| x != TAGS[*t]);
                    if matches!(op, Op::Tag(..)) {
                        input.tags.push(TAGS[*t].into());
                    }
                    self.store.update_contact(id, input, now).expect("tags");
                }
            }
            Op::Trash(p) => {
                if let Some(id) = pick(*p) {
                    self.store.delete_contact(id, now).expect("trash");
                }
            }
            Op::Restore => {
                let trash = self.store.list_trash().expect("trash");
                if let Some(item) = trash
                    .iter()
                    .find(|t| t.kind == kith::model::TrashKind::Contact)
                    .map(|t| t.id)
                {
                    self.store.restore_contact(item).expect("restore");
                }
            }
            Op::Log(a, b) => {
                if let (Some(a), Some(b)) = (pick(*a), pick(*b)) {
                    self.log(a, b, now);
                }
            }
            Op::DeleteInteraction(p) => {
                if let Some(id) = pick(*p) {
                    let items = self.store.timeline(id, 10, 0).expect("timeline").items;
                    if let Some(i) = items.first() {
                        self.store.delete_interaction(i.id, now).expect("delete");
                    }
                }
            }
            Op::Pass => {
                self.store.sync_now(now).expect("pass");
            }
            Op::Clock(hours) => self.tick(Duration::hours(*hours)),
            Op::Snapshot => {
                self.store.sync_snapshot(now).expect("snapshot");
            }
            Op::Import(n) => self.import_card(*n, now),
            Op::Merge(..) | Op::Unmerge(_) | Op::NotDuplicate(..) => {
                self.who_is_who(op, &pick, now);
            }
        }
        self.tick(Duration::minutes(1));
    }
    /// Logs a coffee with `a` and `b` (one person when they are the same).
    fn log(&mut self, a: i64, b: i64, now: DateTime<Utc>) {
        let mut participants = vec![a];
        if b != a {
            participants.push(b);
        }
        self.store
            .log_interaction(
                NewInteraction {
                    participants,
                    kind: InteractionKind::Meeting,
                    occurred_at: now - Duration::hours(1),
                    has_time: true,
                    summary: "Coffee".into(),
                    notes: String::new(),
                    initiated_by: None,
                    quality: None,
                    help: Vec::new(),
                    follow_up: None,
                },
                now,
            )
            .expect("log");
    }

    /// Merges, unmerges or marks two people as two, as `op` says, where it can be done.
    fn who_is_who(&mut self, op: &Op, pick: &dyn Fn(usize) -> Option<i64>, now: DateTime<Utc>) {
        match op {
            Op::NotDuplicate(a, b) => {
                if let (Some(a), Some(b)) = (pick(*a), pick(*b)) {
                    if a != b {
                        self.store
                            .mark_not_duplicate(a, b, now)
                            .expect("not duplicate");
                    }
                }
            }
            Op::Merge(a, b) => {
                let (Some(keep), Some(other)) = (pick(*a), pick(*b)) else {
                    return;
                };
                let is_self = self.store.get_contact(other).unwrap().is_self;
                if keep != other && !is_self {
                    self.store
                        .merge_contacts(keep, other, &[], now)
                        .expect("merge");
                }
            }
            Op::Unmerge(p) => {
                if let Some(id) = pick(*p) {
                    if self.store.last_merge(id).unwrap().is_some() {
                        self.store.unmerge_contact(id, now).expect("unmerge");
                    }
                }
            }
            _ => {}
        }
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap()
}

fn setup(folder: &Path) -> (Vec<Device>, String) {
    let mut a = Device::new();
    for (n, c) in [(0, 0), (1, 1)] {
        a.store
            .add_contact(
                ContactInput {
                    name: NAMES[n].into(),
                    company: Some(COMPANIES[c].into()),
                    tags: vec![TAGS[n].into()],
                    ..Default::default()
                },
                start(),
            )
            .unwrap();
    }
    let key = a
        .store
        .sync_setup_with(folder, "a", None, start(), KdfParams::INSECURE_FOR_TESTS)
        .unwrap()
        .recovery_key
        .unwrap();
    let mut devices = vec![a];
    for name in ["b", "c"] {
        let mut d = Device::new();
        d.store
            .sync_setup_with(
                folder,
                name,
                Some(&key),
                start(),
                KdfParams::INSECURE_FOR_TESTS,
            )
            .unwrap();
        devices.push(d);
    }
    (devices, key)
}

/// Links every change file in `folder` into `mirror` (same layout): passes remove change
/// files once a snapshot holds them, and the reference model reads them all.
fn mirror(folder: &Path, mirror: &Path) {
    for dev in std::fs::read_dir(folder.join("kith")).unwrap().flatten() {
        if !dev.path().is_dir() {
            continue;
        }
        let to = mirror.join("kith").join(dev.file_name());
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(dev.path()).unwrap().flatten() {
            let name = f.file_name();
            if name.to_string_lossy().ends_with(".kch") && !to.join(&name).exists() {
                std::fs::hard_link(f.path(), to.join(&name)).unwrap();
            }
        }
    }
}

/// Every change written to the folder (as `mirror` kept them), through the reference model.
fn reference(folder: &Path, mirror: &Path, key: &str) -> State {
    let key = open_keycheck(
        folder,
        &SyncSecret::RecoveryKey(RecoveryKey::parse(key).unwrap()),
    )
    .unwrap();
    let mut state = State::default();
    for device in scan(mirror).unwrap().devices {
        for file in device.files {
            for change in read_change_file(&file.path, &key).unwrap().changes {
                if change.table != "_device" {
                    state.apply(&change);
                }
            }
        }
    }
    state
}

proptest! {
    // More cases: `KITH_SYNC_CASES=300 cargo test --test sync_convergence`.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("KITH_SYNC_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn three_devices_converge(ops in proptest::collection::vec((0..3usize, op()), 1..40)) {
        converge(&ops)?;
    }
}

/// Three devices do `ops` (each by the device numbered), then every device passes until all
/// is delivered, and a fourth joins: all four hold the same data and the same conflict log,
/// and every value overwritten is in it.
fn converge(ops: &[(usize, Op)]) -> Result<(), TestCaseError> {
    let folder = tempfile::tempdir().unwrap();
    let kept = tempfile::tempdir().unwrap();
    let (mut devices, key) = setup(folder.path());
    mirror(folder.path(), kept.path());
    for (d, op) in ops {
        devices[*d].apply(op);
        mirror(folder.path(), kept.path());
    }
    for _ in 0..3 {
        for d in devices.iter_mut() {
            let now = d.now();
            d.store.sync_now(now).unwrap();
            mirror(folder.path(), kept.path());
        }
    }
    // A device joining last: from the newest snapshot when there is one, the change
    // files left after it, or all of them.
    let mut late = Device::new();
    late.store
        .sync_setup_with(
            folder.path(),
            "late",
            Some(&key),
            start(),
            KdfParams::INSECURE_FOR_TESTS,
        )
        .unwrap();
    devices.push(late);
    for _ in 0..2 {
        for d in devices.iter_mut() {
            let now = d.now();
            d.store.sync_now(now).unwrap();
            mirror(folder.path(), kept.path());
        }
    }
    let canonical: Vec<String> = devices
        .iter()
        .map(|d| serde_json::to_string_pretty(&d.store.sync_canonical().unwrap()).unwrap())
        .collect();
    prop_assert_eq!(&canonical[0], &canonical[1]);
    prop_assert_eq!(&canonical[1], &canonical[2]);
    prop_assert_eq!(&canonical[2], &canonical[3]);
    // Nothing more to apply, and applying nothing changes nothing.
    for d in devices.iter_mut() {
        let now = d.now();
        let again = d.store.sync_now(now).unwrap();
        prop_assert_eq!(again.received, 0);
        prop_assert_eq!(again.rows_written, 0);
    }
    let after = serde_json::to_string_pretty(&devices[0].store.sync_canonical().unwrap()).unwrap();
    prop_assert_eq!(&after, &canonical[0]);

    // What each device derives from the synced data agrees with it.
    for d in &devices {
        let conn = d.store.conn();
        prop_assert_eq!(
            kith::store::search::mismatches(conn).unwrap(),
            Vec::<String>::new()
        );
        prop_assert_eq!(
            kith::store::knows::mismatches(conn).unwrap(),
            Vec::<String>::new()
        );
    }
    let logs: Vec<BTreeSet<String>> = devices
        .iter()
        .map(|d| {
            d.store
                .sync_conflicts()
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect()
        })
        .collect();
    prop_assert_eq!(&logs[0], &logs[1]);
    prop_assert_eq!(&logs[1], &logs[2]);
    prop_assert_eq!(&logs[2], &logs[3]);
    let state = reference(folder.path(), kept.path(), &key);
    for c in state.conflicts() {
        let winner = state.value(&c.table, &c.row, &c.column);
        if c.loser_tag.hlc.ms == 0 || winner == Some(&c.loser) {
            continue;
        }
        let id = format!(
            "{}/{}/{}/{}/{}",
            c.table, c.row, c.column, c.loser_tag.hlc, c.loser_tag.device
        );
        prop_assert!(
            logs[0].contains(&id),
            "{} missing from the log {:?}",
            id,
            logs[0]
        );
    }
    Ok(())
}

/// Found by the property test: a device whose clock is more than a day ahead trashes a
/// person; another takes its stamp in clamped (`sync::hlc`), so its restore, made after, is
/// stamped before the trashing and loses on every other device. It loses here too: the person
/// goes back to the trash at the next pass, and every device agrees.
#[test]
fn a_restore_that_loses_to_a_clock_far_ahead_loses_on_its_own_device_too() {
    let mut ops = vec![(2, Op::Clock(5)); 6];
    ops.extend([
        (2, Op::Trash(0)),
        (2, Op::Pass),
        (0, Op::Pass),
        (0, Op::Restore),
    ]);
    converge(&ops).unwrap();
}

/// Found by the property test: Ana merged into Bo on one computer, Bo into Ana on another at
/// the same time (the second, earlier by its clock, holds), then the second undone after they
/// synced. Undoing it lets the other merge hold: Ana goes into Bo, and the unmerge failed
/// reading Ana back (`NotFound`); it now answers with the person she went to.
#[test]
fn an_unmerge_after_crossing_merges_converges() {
    let ops = [
        (0, Op::Merge(1, 2)),
        (2, Op::Clock(-1)),
        (2, Op::Merge(6, 1)),
        (0, Op::Pass),
        (2, Op::Pass),
        (2, Op::Unmerge(0)),
    ];
    converge(&ops).unwrap();
}
