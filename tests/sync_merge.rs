//! The merge rules (src/sync/merge.rs): each rule on a concrete case, and a property test of
//! 2–4 devices with skewed clocks exchanging changes in random order, with duplicates,
//! against a reference model that sorts every change by stamp and replays it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use kith::sync::merge::{DeleteFlag, RowView, State, MERGED_INTO};
use kith::sync::{Change, ChangeOp, Clock, Tag};
use proptest::prelude::*;
use serde_json::{json, Value};

const T0: i64 = 1_764_676_800_000; // 2025-12-02 12:00 UTC
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("a valid time")
}

/// One device in a test: its state, its clock, its wall clock.
struct Device {
    name: String,
    state: State,
    clock: Clock,
    wall: i64,
}

impl Device {
    fn new(name: &str, wall: i64) -> Self {
        Self {
            name: name.into(),
            state: State::default(),
            clock: Clock::default(),
            wall,
        }
    }

    fn change(&mut self, row: &str, column: &str, op: ChangeOp, value: Value) -> Change {
        let (base, observed) = match op {
            ChangeOp::Set => (self.state.winner_tag("contact", row, column), Vec::new()),
            ChangeOp::Remove => (None, self.state.live_tags("contact", row, column, &value)),
            _ => (None, Vec::new()),
        };
        let change = Change {
            table: "contact".into(),
            row: row.into(),
            column: column.into(),
            value,
            op,
            hlc: self.clock.now(at(self.wall)),
            device: self.name.clone(),
            base,
            observed,
        };
        self.state.apply(&change);
        change
    }

    fn set(&mut self, row: &str, column: &str, value: Value) -> Change {
        self.change(row, column, ChangeOp::Set, value)
    }

    fn receive(&mut self, changes: &[Change]) {
        for c in changes {
            self.clock.update(c.hlc, at(self.wall));
            self.state.apply(c);
        }
    }
}

#[test]
fn concurrent_company_edits_last_writer_wins_and_the_loser_is_in_the_log() {
    let mut desktop = Device::new("desktop", T0 + 10 * HOUR + MIN);
    let mut laptop = Device::new("laptop", T0 + 10 * HOUR + 2 * MIN);
    let created = desktop.set("ana", "name", json!("Ana"));
    laptop.receive(&[created]);
    let corp = desktop.set("ana", "company", json!("Acme Corp"));
    let acme = laptop.set("ana", "company", json!("Acme"));
    desktop.receive(std::slice::from_ref(&acme));
    laptop.receive(std::slice::from_ref(&corp));
    for d in [&desktop, &laptop] {
        assert_eq!(
            d.state.value("contact", "ana", "company"),
            Some(&json!("Acme"))
        );
    }
    assert_eq!(desktop.state.rows(), laptop.state.rows());
    let conflicts = laptop.state.conflicts();
    assert_eq!(conflicts, desktop.state.conflicts());
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(
        (c.column.as_str(), &c.winner, &c.loser),
        ("company", &json!("Acme"), &json!("Acme Corp"))
    );
    assert_eq!(
        (c.winner_tag.device.as_str(), c.loser_tag.device.as_str()),
        ("laptop", "desktop")
    );

    // Keep the other, on the desktop: a new change that replicates.
    desktop.wall += MIN;
    let swap = desktop
        .state
        .keep_other(&c.id, &mut desktop.clock, at(desktop.wall), "desktop")
        .expect("a known conflict");
    assert!(swap.hlc > acme.hlc && swap.base == Some(acme.tag()));
    desktop.receive(std::slice::from_ref(&swap));
    laptop.receive(&[swap]);
    for d in [&desktop, &laptop] {
        assert_eq!(
            d.state.value("contact", "ana", "company"),
            Some(&json!("Acme Corp"))
        );
        // The swap overwrote "Acme" knowingly, and "Acme Corp" was rewritten by its own
        // device: nothing is lost any more.
        assert!(d.state.conflicts().is_empty(), "{:?}", d.state.conflicts());
    }
}

#[test]
fn a_plain_later_edit_after_sync_is_not_a_conflict() {
    let mut desktop = Device::new("desktop", T0);
    let mut laptop = Device::new("laptop", T0 - 3 * HOUR); // clock three hours behind
    let first = desktop.set("ana", "company", json!("Acme Corp"));
    laptop.receive(std::slice::from_ref(&first));
    let second = laptop.set("ana", "company", json!("Acme"));
    assert!(second.hlc > first.hlc, "seen, so later, despite the clock");
    desktop.receive(&[second]);
    assert_eq!(
        desktop.state.value("contact", "ana", "company"),
        Some(&json!("Acme"))
    );
    assert!(desktop.state.conflicts().is_empty());
    assert_eq!(desktop.state.rows(), laptop.state.rows());
}

#[test]
fn an_add_concurrent_with_a_remove_stays_and_a_remove_removes_what_it_saw() {
    let mut desktop = Device::new("desktop", T0);
    let mut laptop = Device::new("laptop", T0 + HOUR);
    let add = desktop.change("ana", "tag", ChangeOp::Add, json!("climbing"));
    laptop.receive(&[add]);
    let remove = laptop.change("ana", "tag", ChangeOp::Remove, json!("climbing"));
    let readd = desktop.change("ana", "tag", ChangeOp::Add, json!("climbing"));
    let other = desktop.change("ana", "tag", ChangeOp::Add, json!("jazz"));
    laptop.receive(&[other]);
    let remove_jazz = laptop.change("ana", "tag", ChangeOp::Remove, json!("jazz"));
    assert_eq!(remove_jazz.observed.len(), 1);
    desktop.receive(&[remove.clone(), remove_jazz]);
    laptop.receive(&[readd]);
    for d in [&desktop, &laptop] {
        let sets = &d.state.rows()[&("contact".into(), "ana".into())].sets;
        assert_eq!(sets["tag"], BTreeSet::from(["\"climbing\"".to_owned()]));
    }
    assert_eq!(desktop.state.rows(), laptop.state.rows());
}

#[test]
fn delete_wins_over_edits_it_saw_and_a_later_edit_elsewhere_keeps_the_row_flagged() {
    let mut laptop = Device::new("laptop", T0 + 10 * HOUR);
    let mut desktop = Device::new("desktop", T0 + 10 * HOUR + 5 * MIN);
    let name = laptop.set("bo", "name", json!("Bo"));
    desktop.receive(&[name]);
    // Seen edits then a delete: deleted everywhere.
    let early = laptop.set("bo", "company", json!("Initech"));
    desktop.receive(&[early]);
    let delete = laptop.change("bo", "", ChangeOp::Delete, Value::Null);
    desktop.receive(std::slice::from_ref(&delete));
    let key = ("contact".to_owned(), "bo".to_owned());
    assert!(desktop.state.rows()[&key].deleted);
    assert_eq!(desktop.state.rows()[&key].flag, None);

    // Carl: deleted on the laptop at 10:00, edited on the desktop at 10:05, not seen.
    let carl = laptop.set("carl", "name", json!("Carl"));
    desktop.receive(&[carl]);
    let delete = laptop.change("carl", "", ChangeOp::Delete, Value::Null);
    let edit = desktop.set("carl", "company", json!("Globex"));
    laptop.receive(std::slice::from_ref(&edit));
    desktop.receive(std::slice::from_ref(&delete));
    let key = ("contact".to_owned(), "carl".to_owned());
    for d in [&desktop, &laptop] {
        let row = &d.state.rows()[&key];
        assert!(!row.deleted, "kept");
        assert_eq!(row.columns["company"], json!("Globex"));
        assert_eq!(
            row.flag,
            Some(DeleteFlag {
                deleted: delete.tag(),
                edited: edit.tag()
            })
        );
    }
}

#[test]
fn merge_then_unmerge_converges_on_both_devices() {
    let mut desktop = Device::new("desktop", T0);
    let mut laptop = Device::new("laptop", T0 + 2 * HOUR);
    let a = desktop.set("ana", "name", json!("Ana"));
    let b = desktop.set("ana2", "name", json!("Ana P."));
    laptop.receive(&[a, b]);
    let merge = desktop.set("ana2", MERGED_INTO, json!("ana"));
    laptop.receive(&[merge]);
    assert_eq!(laptop.state.resolve("contact", "ana2"), "ana");
    let unmerge = laptop.set("ana2", MERGED_INTO, Value::Null);
    desktop.receive(&[unmerge]);
    for d in [&desktop, &laptop] {
        assert_eq!(d.state.resolve("contact", "ana2"), "ana2");
        assert_eq!(d.state.resolve("contact", "ana"), "ana");
        assert!(d.state.conflicts().is_empty());
    }
    assert_eq!(desktop.state.rows(), laptop.state.rows());
    // Two concurrent merges each way: a cycle resolves to the smallest id on both.
    let x = desktop.set("ana", MERGED_INTO, json!("ana2"));
    let y = laptop.set("ana2", MERGED_INTO, json!("ana"));
    desktop.receive(&[y]);
    laptop.receive(&[x]);
    for d in [&desktop, &laptop] {
        assert_eq!(d.state.resolve("contact", "ana"), "ana");
        assert_eq!(d.state.resolve("contact", "ana2"), "ana");
    }
}

// ---- The property test ----

#[derive(Debug, Clone)]
enum Step {
    /// Device `dev` does operation `kind` on row `row` after its wall clock moves `jump` ms
    /// (backwards too).
    Local {
        dev: usize,
        kind: u8,
        row: u8,
        other: u8,
        val: u8,
        jump: i64,
    },
    /// Device `dev` receives the change picked by `pick` (any, again and again).
    Deliver { dev: usize, pick: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            0..4usize,
            0..6u8,
            0..3u8,
            0..3u8,
            0..3u8,
            -3 * HOUR..2 * HOUR
        )
            .prop_map(|(dev, kind, row, other, val, jump)| Step::Local {
                dev,
                kind,
                row,
                other,
                val,
                jump
            }),
        (0..4usize, any::<usize>()).prop_map(|(dev, pick)| Step::Deliver { dev, pick }),
    ]
}

/// The obviously correct merge: every distinct change sorted by stamp, replayed.
fn reference(changes: &[Change]) -> BTreeMap<(String, String), RowView> {
    let mut unique: Vec<&Change> = Vec::new();
    for c in changes {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    unique.sort_by(|a, b| a.stamp().cmp(&b.stamp()));
    let mut out = BTreeMap::new();
    let keys: BTreeSet<(String, String)> = unique
        .iter()
        .map(|c| (c.table.clone(), c.row.clone()))
        .collect();
    for key in keys {
        let mine: Vec<&&Change> = unique
            .iter()
            .filter(|c| (c.table.clone(), c.row.clone()) == key)
            .collect();
        let mut columns = BTreeMap::new();
        let mut sets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for c in &mine {
            match c.op {
                ChangeOp::Set => {
                    columns.insert(c.column.clone(), c.value.clone());
                }
                ChangeOp::Add | ChangeOp::Remove => {
                    sets.entry(c.column.clone()).or_default();
                    if c.op == ChangeOp::Add {
                        let removed = mine.iter().any(|r| {
                            r.op == ChangeOp::Remove
                                && r.column == c.column
                                && r.value == c.value
                                && r.observed.contains(&c.tag())
                        });
                        if !removed {
                            sets.get_mut(&c.column)
                                .expect("made")
                                .insert(c.value.to_string());
                        }
                    }
                }
                ChangeOp::Delete => {}
            }
        }
        let last_delete = mine
            .iter()
            .filter(|c| c.op == ChangeOp::Delete)
            .map(|c| c.tag())
            .max();
        let last_edit = mine
            .iter()
            .filter(|c| c.op != ChangeOp::Delete)
            .map(|c| c.tag())
            .max();
        let deleted = last_delete.is_some() && last_delete > last_edit;
        let flag = match (last_delete, last_edit) {
            (Some(d), Some(e)) if e > d => Some(DeleteFlag {
                deleted: d,
                edited: e,
            }),
            _ => None,
        };
        out.insert(
            key,
            RowView {
                deleted,
                columns,
                sets,
                flag,
            },
        );
    }
    out
}

fn local(d: &mut Device, kind: u8, row: u8, other: u8, val: u8) -> Change {
    let row_id = format!("r{row}");
    match kind {
        0 => d.set(&row_id, "company", json!(format!("Acme {val}"))),
        1 => d.change(&row_id, "tag", ChangeOp::Add, json!(format!("t{val}"))),
        2 => d.change(&row_id, "tag", ChangeOp::Remove, json!(format!("t{val}"))),
        3 => d.change(&row_id, "", ChangeOp::Delete, Value::Null),
        4 if other != row => d.set(&row_id, MERGED_INTO, json!(format!("r{other}"))),
        _ => d.set(&row_id, MERGED_INTO, Value::Null),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn devices_converge_idempotently_and_lose_nothing_silently(
        n in 2..=4usize,
        offsets in proptest::collection::vec(-6 * HOUR..6 * HOUR, 4),
        steps in proptest::collection::vec(step(), 1..60),
        order in proptest::collection::vec(any::<u64>(), 4 * 80),
    ) {
        let names = ["desktop", "laptop", "tablet", "phone"];
        let mut devices: Vec<Device> =
            (0..n).map(|i| Device::new(names[i], T0 + offsets[i])).collect();
        let mut log: Vec<Change> = Vec::new();
        // For each change, the changes its writer had applied when it wrote it.
        let mut seen_by_writer: Vec<BTreeSet<usize>> = Vec::new();
        let mut had: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        for s in steps {
            match s {
                Step::Local { dev, kind, row, other, val, jump } => {
                    let dev = dev % n;
                    let d = &mut devices[dev];
                    d.wall += jump;
                    let c = local(d, kind, row, other, val);
                    seen_by_writer.push(had[dev].clone());
                    had[dev].insert(log.len());
                    log.push(c);
                }
                Step::Deliver { dev, pick } if !log.is_empty() => {
                    let dev = dev % n;
                    let i = pick % log.len();
                    devices[dev].receive(std::slice::from_ref(&log[i]));
                    had[dev].insert(i);
                }
                Step::Deliver { .. } => {}
            }
        }
        // Deliver everything to everyone, each in its own random order.
        for (k, d) in devices.iter_mut().enumerate() {
            let mut idx: Vec<usize> = (0..log.len()).collect();
            idx.sort_by_key(|&i| (order[(k * 80 + i) % order.len()], i));
            let shuffled: Vec<Change> = idx.iter().map(|&i| log[i].clone()).collect();
            d.receive(&shuffled);
        }
        let expected = reference(&log);
        let conflicts = devices[0].state.conflicts();
        for d in &devices {
            prop_assert_eq!(&d.state.rows(), &expected, "{} against the reference", d.name);
            prop_assert_eq!(&d.state.conflicts(), &conflicts);
            // Applying everything again changes nothing.
            let mut again = d.state.clone();
            for c in &log {
                prop_assert_eq!(again.apply(c), kith::sync::merge::Applied::Duplicate);
            }
            prop_assert_eq!(&again, &d.state);
        }
        // Every value lost to a change whose writer had not seen it is in the log.
        let logged: BTreeSet<(String, String, Tag)> = conflicts
            .iter()
            .map(|c| (c.row.clone(), c.column.clone(), c.loser_tag.clone()))
            .collect();
        for (i, l) in log.iter().enumerate() {
            if l.op != ChangeOp::Set {
                continue;
            }
            let later: Vec<usize> = (0..log.len())
                .filter(|&j| {
                    let m = &log[j];
                    m.op == ChangeOp::Set && m.row == l.row && m.column == l.column
                        && m.stamp() > l.stamp()
                })
                .collect();
            let overwritten = !later.is_empty();
            let knowingly = later.iter().any(|&j| seen_by_writer[j].contains(&i));
            if overwritten && !knowingly {
                prop_assert!(
                    logged.contains(&(l.row.clone(), l.column.clone(), l.tag())),
                    "{:?} lost silently; log: {:?}", l, conflicts
                );
            }
        }
    }
}
