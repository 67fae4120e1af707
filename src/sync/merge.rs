//! The merge rules: what every device ends up with, from the same changes in any order of
//! arrival, duplicated or not. Pure: no database, no files, no clock reads (a change the
//! merge makes, [`State::keep_other`], is stamped with a clock and a wall time passed in).
//!
//! The result is a function of the *set* of changes applied, never of their order:
//! - **Single values** (`Set`): per (table, row, column) the change with the greatest
//!   [`Change::stamp`] (`(hlc, device)`) wins.
//! - **Sets** (`Add` / `Remove`): an observed-remove set. Each add of an element is tagged
//!   with its own stamp; a remove carries the tags of the adds its writer had seen
//!   ([`Change::observed`]) and removes only those. An element is present while one of its
//!   adds is not removed, so an add concurrent with a remove stays (adds win).
//! - **Rows**: a row exists once any change names it. `Delete` hides it while the latest
//!   delete's stamp is greater than every edit's (a delete wins over the edits it has seen);
//!   an edit stamped after the latest delete keeps the row and flags it
//!   ([`RowView::flag`]: deleted by one device, edited after by another).
//! - **Merge / unmerge of two contacts**: the column [`MERGED_INTO`] of the merged row,
//!   a single value (LWW) holding the surviving row's id, or `null` after an unmerge; the
//!   latest decision wins. [`State::resolve`] follows it.
//! - **Conflicts**: a value is *knowingly overwritten* when a later change to the same
//!   column came from the same device, or names it as the value it replaced
//!   ([`Change::base`]: the writer's winner when it wrote). Every other value that is not
//!   the winner was lost to a change whose writer had not seen it (concurrent), and is in
//!   [`State::conflicts`], with the change that came right after it as the winner. This
//!   can over-report (a writer that had seen a value but replaced a later one), never
//!   under-report: a writer can only name as base a value it had.
//!
//! Why history is kept per column: the conflict log and the row flags are then a function
//! of the set of changes, so they too are the same on every device.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Change, ChangeOp, Clock, Tag};

/// The column that records a merge: the id of the row this one was merged into.
pub const MERGED_INTO: &str = "merged_into";

/// What [`State::apply`] did with a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// A change not seen before, now part of the state.
    New,
    /// Already applied: nothing changed.
    Duplicate,
    /// Recorded (it may be a conflict's loser) but a later value holds its column.
    Superseded,
}

/// One value written to a single-value column.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    value: serde_json::Value,
    base: Option<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Element {
    value: serde_json::Value,
    adds: BTreeSet<Tag>,
    removed: BTreeSet<Tag>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Row {
    columns: BTreeMap<String, BTreeMap<Tag, Written>>,
    /// Set name -> element (as JSON text) -> its adds and removed tags.
    sets: BTreeMap<String, BTreeMap<String, Element>>,
    deletes: BTreeSet<Tag>,
    last_edit: Option<Tag>,
}

/// A row deleted on one device and edited after on another: kept, and flagged.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DeleteFlag {
    pub deleted: Tag,
    pub edited: Tag,
}

/// A row as every device sees it: canonical (sorted maps), comparable across devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowView {
    pub deleted: bool,
    pub columns: BTreeMap<String, serde_json::Value>,
    /// Set name -> present elements (as JSON text).
    pub sets: BTreeMap<String, BTreeSet<String>>,
    pub flag: Option<DeleteFlag>,
}

/// A value that lost to a change whose writer had not seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Stable on every device: `table/row/column/<loser stamp>/<loser device>`.
    pub id: String,
    pub table: String,
    pub row: String,
    pub column: String,
    pub winner: serde_json::Value,
    pub winner_tag: Tag,
    pub loser: serde_json::Value,
    pub loser_tag: Tag,
}

/// The merged state of every change applied so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    rows: BTreeMap<(String, String), Row>,
    applied: BTreeSet<(Tag, String)>,
}

impl State {
    /// Applies one change. Idempotent and commutative: any order, any duplicates, same state.
    pub fn apply(&mut self, change: &Change) -> Applied {
        // The whole change is its identity: two changes differing in anything are two.
        let key = (
            change.tag(),
            serde_json::to_string(change).unwrap_or_default(),
        );
        if !self.applied.insert(key) {
            return Applied::Duplicate;
        }
        let row = self
            .rows
            .entry((change.table.clone(), change.row.clone()))
            .or_default();
        let tag = change.tag();
        if change.op != ChangeOp::Delete && row.last_edit.as_ref().is_none_or(|t| *t < tag) {
            row.last_edit = Some(tag.clone());
        }
        match change.op {
            ChangeOp::Set => {
                let history = row.columns.entry(change.column.clone()).or_default();
                let latest = history.last_key_value().is_none_or(|(t, _)| *t < tag);
                history.insert(
                    tag,
                    Written {
                        value: change.value.clone(),
                        base: change.base.clone(),
                    },
                );
                if latest {
                    Applied::New
                } else {
                    Applied::Superseded
                }
            }
            ChangeOp::Add | ChangeOp::Remove => {
                let element = row
                    .sets
                    .entry(change.column.clone())
                    .or_default()
                    .entry(change.value.to_string())
                    .or_default();
                element.value = change.value.clone();
                if change.op == ChangeOp::Add {
                    element.adds.insert(tag);
                } else {
                    element.removed.extend(change.observed.iter().cloned());
                }
                Applied::New
            }
            ChangeOp::Delete => {
                row.deletes.insert(tag);
                Applied::New
            }
        }
    }

    fn row(&self, table: &str, row: &str) -> Option<&Row> {
        self.rows.get(&(table.to_owned(), row.to_owned()))
    }

    /// The stamp of a column's winning value, if any: what a new `Set` names as its base.
    pub fn winner_tag(&self, table: &str, row: &str, column: &str) -> Option<Tag> {
        self.row(table, row)?
            .columns
            .get(column)?
            .last_key_value()
            .map(|(t, _)| t.clone())
    }

    /// A column's current value (`None` when never set).
    pub fn value(&self, table: &str, row: &str, column: &str) -> Option<&serde_json::Value> {
        self.row(table, row)?
            .columns
            .get(column)?
            .last_key_value()
            .map(|(_, w)| &w.value)
    }

    /// The tags of the live adds of `value` in a set: what a new `Remove` carries.
    pub fn live_tags(
        &self,
        table: &str,
        row: &str,
        set: &str,
        value: &serde_json::Value,
    ) -> Vec<Tag> {
        self.row(table, row)
            .and_then(|r| r.sets.get(set))
            .and_then(|s| s.get(&value.to_string()))
            .map(|e| e.adds.difference(&e.removed).cloned().collect())
            .unwrap_or_default()
    }

    /// The row `row` resolves to through [`MERGED_INTO`] (itself when not merged); a cycle
    /// (two concurrent merges each way) stops at the smallest id on it.
    pub fn resolve(&self, table: &str, row: &str) -> String {
        let mut path = vec![row.to_owned()];
        loop {
            let current = path.last().expect("non-empty");
            let next = match self.value(table, current, MERGED_INTO) {
                Some(serde_json::Value::String(target)) => target.clone(),
                _ => return current.clone(),
            };
            if let Some(at) = path.iter().position(|p| *p == next) {
                return path[at..].iter().min().expect("non-empty").clone();
            }
            path.push(next);
        }
    }

    /// Every row, canonical: what two devices compare.
    pub fn rows(&self) -> BTreeMap<(String, String), RowView> {
        self.rows
            .iter()
            .map(|(key, row)| (key.clone(), view(row)))
            .collect()
    }

    /// Every value lost to a concurrent change, sorted by id.
    pub fn conflicts(&self) -> Vec<Conflict> {
        let mut out = Vec::new();
        for ((table, row_id), row) in &self.rows {
            for (column, history) in &row.columns {
                let entries: Vec<(&Tag, &Written)> = history.iter().collect();
                for (i, (loser_tag, loser)) in entries.iter().enumerate() {
                    let Some((winner_tag, winner)) = entries.get(i + 1) else {
                        continue;
                    };
                    let knowingly = entries[i + 1..].iter().any(|(t, w)| {
                        t.device == loser_tag.device || w.base.as_ref() == Some(*loser_tag)
                    });
                    if !knowingly {
                        out.push(Conflict {
                            id: format!(
                                "{table}/{row_id}/{column}/{}/{}",
                                loser_tag.hlc, loser_tag.device
                            ),
                            table: table.clone(),
                            row: row_id.clone(),
                            column: column.clone(),
                            winner: winner.value.clone(),
                            winner_tag: (*winner_tag).clone(),
                            loser: loser.value.clone(),
                            loser_tag: (*loser_tag).clone(),
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// "Keep the other": a new change, stamped by `clock` at `wall`, that sets the conflict's
    /// losing value again (naming the current winner as replaced), so the swap replicates.
    /// Apply it here and write it out like any local change. `None` for an unknown id.
    pub fn keep_other(
        &self,
        conflict_id: &str,
        clock: &mut Clock,
        wall: DateTime<Utc>,
        device: &str,
    ) -> Option<Change> {
        let c = self.conflicts().into_iter().find(|c| c.id == conflict_id)?;
        Some(Change {
            base: self.winner_tag(&c.table, &c.row, &c.column),
            table: c.table,
            row: c.row,
            column: c.column,
            value: c.loser,
            op: ChangeOp::Set,
            hlc: clock.now(wall),
            device: device.to_owned(),
            observed: Vec::new(),
        })
    }
}

fn view(row: &Row) -> RowView {
    let last_delete = row.deletes.last();
    let deleted = match (last_delete, &row.last_edit) {
        (Some(d), Some(e)) => d > e,
        (Some(_), None) => true,
        _ => false,
    };
    let flag = match (last_delete, &row.last_edit) {
        (Some(d), Some(e)) if e > d => Some(DeleteFlag {
            deleted: d.clone(),
            edited: e.clone(),
        }),
        _ => None,
    };
    RowView {
        deleted,
        columns: row
            .columns
            .iter()
            .filter_map(|(c, h)| {
                h.last_key_value()
                    .map(|(_, w)| (c.clone(), w.value.clone()))
            })
            .collect(),
        sets: row
            .sets
            .iter()
            .map(|(name, elements)| {
                let live = elements
                    .iter()
                    .filter(|(_, e)| e.adds.difference(&e.removed).next().is_some())
                    .map(|(k, _)| k.clone())
                    .collect();
                (name.clone(), live)
            })
            .collect(),
        flag,
    }
}
