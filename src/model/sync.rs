//! What sync shows the person: its setup, a pass's result, its status and its conflict log
//! (the CLI's `--json` and the Settings → Sync page read these).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What setting up sync did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncSetupReport {
    /// This device's id and name.
    pub device: String,
    pub name: String,
    pub folder: String,
    /// A new folder's recovery key: shown once, never stored in the clear; `None` when this
    /// device joined a folder set up before.
    pub recovery_key: Option<String>,
    /// Whether the folder was set up before (by another device).
    pub joined: bool,
    /// What the first pass did.
    pub first_pass: SyncReport,
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// This device's changes written out in this pass.
    pub sent: u64,
    /// Changes read from other devices and applied.
    pub received: u64,
    /// Rows written here from those changes.
    pub rows_written: u64,
    /// Rows deleted here from those changes.
    pub rows_deleted: u64,
    /// Rows still waiting for a row they refer to.
    pub rows_waiting: u64,
    /// Changes this version cannot apply yet (a newer device's), kept for after an upgrade.
    pub held: u64,
    /// Files passed over for now (still arriving, placeholders); read on a later pass.
    pub retry_later: u64,
    /// Files passed over for good, with why (`path: reason`).
    pub skipped: Vec<String>,
    /// Notes for the person: another device's clock far ahead, and the like.
    pub notes: Vec<String>,
}

/// One device seen in the folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncDevice {
    pub device: String,
    pub name: Option<String>,
    /// This device itself.
    pub this_device: bool,
    /// Its changes applied here (for this device: written out).
    pub applied: u64,
    /// When its last change was applied here (ms since 1970); `None` for this device.
    pub last_applied_at: Option<i64>,
}

/// Sync's state on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// Whether sync is set up here.
    pub set_up: bool,
    pub folder: Option<String>,
    pub device: Option<String>,
    pub name: Option<String>,
    pub paused: bool,
    /// This device's changes not written out yet.
    pub pending: u64,
    pub devices: Vec<SyncDevice>,
    pub conflicts: u64,
    /// Rows waiting for a row they refer to.
    pub waiting: u64,
    /// Changes kept for after an upgrade.
    pub held: u64,
    /// The last pass (ms since 1970) and the error it ended with, if any.
    pub last_run_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A value that lost to a concurrent change, or a row deleted on one device and edited
/// after on another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncConflict {
    /// Stable on every device: what `sync conflicts keep ID other` names.
    pub id: String,
    /// The record, as the person knows it ("Ana Lima", "Lunch with Bo (3 May)").
    pub record: String,
    /// The field, as the person knows it ("company").
    pub field: String,
    /// The value kept, who wrote it and when (ms since 1970).
    pub kept: String,
    pub kept_by: String,
    pub kept_at: i64,
    /// The value replaced, who wrote it and when.
    pub replaced: String,
    pub replaced_by: String,
    pub replaced_at: i64,
    /// One line: "Ana Lima's company: Acme (laptop, 10:02) replaced Acme Corp (desktop, 10:01)".
    pub summary: String,
}
