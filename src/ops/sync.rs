//! Sync as the person runs it: set up (or join) a folder, run a pass, read the status and the
//! conflict log, keep the other value of a conflict. The edges (app, CLI) pass `now`; the
//! capture clock of an open store reads the system clock for the stamps of local writes.
//!
//! A pass ([`Store::sync_now`]):
//! 1. writes this device's pending changes (`sync_out`) to new change files in its own
//!    folder, then forgets them (a crash between the two is found on the next pass: the file
//!    is there with the same changes, and counts as written);
//! 2. reads every other device's complete files past what is applied here, in order, stops
//!    at a gap (a file not arrived yet) and records their changes, then materializes every
//!    row they touched (`sync::apply`), with each device's progress, in one transaction:
//!    a pass is applied whole or not at all, and a file is never applied twice.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Local, TimeZone, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result, SyncFileProblem};
use crate::model::{SyncConflict, SyncDevice, SyncReport, SyncSetupReport, SyncStatus};
use crate::store::sync_config::{self, SyncConfig};
use crate::store::{sync_out, sync_peers, SCHEMA_VERSION};
use crate::sync::apply::{self, Touched};
use crate::sync::capture::{self, Capture, GENESIS};
use crate::sync::{
    create_keycheck, open_keycheck, read_change_file, scan, write_change_file, Change, ChangeOp,
    DeviceId, Hlc, KdfParams, NewChangeFile, RecoveryKey, SyncKey, SyncSecret,
};
use crate::Store;

/// The most changes written to one change file.
pub const CHANGES_PER_FILE: usize = 10_000;

/// One device's latest value of a column, as `sync_stamp` keeps it.
struct Stamp {
    table: String,
    row: String,
    column: String,
    device: String,
    hlc: String,
    base: Option<String>,
    value: String,
}

/// The "column" of a conflict between a trashing and a later edit.
const TRASH_CONFLICT: &str = "trash";

/// The pseudo-table a device's name travels in.
const DEVICE_TABLE: &str = "_device";

/// Installs capture on `conn` if sync is set up in its database: what a store does on open.
pub(crate) fn open_capture(conn: &Connection) -> Result<Option<Capture>> {
    let Some(config) = sync_config::get_sync_config(conn)? else {
        return Ok(None);
    };
    let last = [config.clock.clone(), sync_out::get_sync_out_last_hlc(conn)?]
        .into_iter()
        .flatten()
        .filter_map(|t| t.parse::<Hlc>().ok())
        .max()
        .unwrap_or_default();
    let capture = Capture::new(config.device, last, Arc::new(Utc::now));
    capture::install(conn, &capture)?;
    Ok(Some(capture))
}

/// After a merge or an unmerge made here, in its transaction, with sync set up:
/// - a merge: its deletion of the person merged away (`merged_away`) is not sent, as its mark
///   says it and holds only where the mark does (two computers merging Bo into Ana and Ana into
///   Bo at once keep one of them, not none); where merged-away people are is read again
///   (`sync::redirect`), and what referred to them here the merge moved itself;
/// - an unmerge: what refers to the person brought back is written again as every device
///   writes it: an interaction that reached this device from one that had not heard of the
///   merge goes back to them. This device's own changes are folded into the merge state
///   first, so that writing rows from it keeps them.
pub(crate) fn settle_merges(
    tx: &Connection,
    capture: Option<&Capture>,
    merged_away: Option<&str>,
) -> Result<()> {
    let Some(capture) = capture else {
        return Ok(());
    };
    if let Some(gid) = merged_away {
        sync_out::delete_sync_out_deletion(tx, "contact", gid)?;
        // The merge itself moved everything here that referred to them.
        crate::sync::redirect::refresh(tx)?;
        return Ok(());
    }
    capture::fold(tx, &capture.device)?;
    let rows = apply::moved_by_merges(tx, &mut Default::default())?;
    if !rows.is_empty() {
        let touched: Touched = rows.into_iter().collect();
        capture.paused(|| apply::materialize(tx, &touched))?;
    }
    Ok(())
}

/// What the person typed as a key: a recovery key if it reads as one, else a passphrase.
fn secret(text: &str) -> Result<SyncSecret> {
    let looks_like_key = text
        .trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
        && text.chars().filter(char::is_ascii_alphanumeric).count() == 32;
    if looks_like_key {
        Ok(SyncSecret::RecoveryKey(RecoveryKey::parse(text)?))
    } else {
        Ok(SyncSecret::passphrase(text))
    }
}

/// The key of `folder`: a folder set up before is opened with `key` (its recovery key or
/// passphrase; required); a new one is set up with `key` as passphrase, or else with a new
/// recovery key, returned to be shown once. Also whether the folder was set up before.
fn folder_key(
    folder: &Path,
    key: Option<&str>,
    params: KdfParams,
) -> Result<(SyncKey, Option<String>, bool)> {
    let joined = crate::sync::kith_dir(folder)
        .join(crate::sync::KEYCHECK_NAME)
        .exists();
    let (sync_key, recovery_key): (SyncKey, Option<String>) = if joined {
        let Some(text) = key else {
            return Err(Error::invalid(
                "key",
                format!(
                    "{} is set up for sync already: give its recovery key or passphrase \
                         (--key) to join it",
                    folder.display()
                ),
            ));
        };
        (open_keycheck(folder, &secret(text)?)?, None)
    } else {
        match key {
            Some(text) => (
                create_keycheck(folder, &SyncSecret::passphrase(text), params)?,
                None,
            ),
            None => {
                let recovery = RecoveryKey::generate()?;
                let text = recovery.to_string();
                let k = create_keycheck(folder, &SyncSecret::RecoveryKey(recovery), params)?;
                (k, Some(text))
            }
        }
    };
    Ok((sync_key, recovery_key, joined))
}

fn not_set_up() -> Error {
    Error::invalid(
        "sync",
        "sync is not set up on this device: run `kith sync setup FOLDER`",
    )
}

impl Store {
    /// Sets up sync through `folder` (a folder a sync tool keeps the same on every device):
    /// a folder never used for Kith gets a new recovery key (returned once: the person keeps
    /// it), unless `key` gives a passphrase to use instead; a folder set up before is joined
    /// with its recovery key or passphrase `key` (a wrong one is refused and nothing is
    /// written). Everything this device holds goes out to the others, then a first pass runs.
    pub fn sync_setup(
        &mut self,
        folder: &Path,
        name: &str,
        key: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<SyncSetupReport> {
        self.sync_setup_with(folder, name, key, now, KdfParams::DEFAULT)
    }

    /// [`Store::sync_setup`] with the key derivation's costs given (tests use cheap ones).
    pub fn sync_setup_with(
        &mut self,
        folder: &Path,
        name: &str,
        key: Option<&str>,
        now: DateTime<Utc>,
        params: KdfParams,
    ) -> Result<SyncSetupReport> {
        if self.is_dry_run() {
            return Err(Error::invalid("sync", "a dry run cannot set up sync"));
        }
        if let Some(c) = sync_config::get_sync_config(&self.conn)? {
            return Err(Error::invalid(
                "sync",
                format!(
                    "sync is set up already on this device, through {}",
                    c.folder
                ),
            ));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid(
                "device",
                "a device name needs 1 to 100 characters (\"laptop\", \"office desktop\")",
            ));
        }
        crate::sync::check_folder(folder)?;
        let folder = folder.canonicalize().map_err(|e| Error::io(folder, &e))?;
        let (sync_key, recovery_key, joined) = folder_key(&folder, key, params)?;
        let device = DeviceId::generate(now).to_string();
        let config = SyncConfig {
            device: device.clone(),
            name: name.to_owned(),
            folder: folder.display().to_string(),
            key: *sync_key.bytes(),
            exported_seq: 0,
            paused: false,
            created_at: now.timestamp_millis(),
            clock: None,
            last_run_at: None,
            last_error: None,
        };
        let wall = self
            .sync_wall
            .0
            .clone()
            .unwrap_or_else(|| Arc::new(Utc::now));
        let capture = Capture::new(device.clone(), Hlc::default(), wall);
        if let Err(err) = self.start_sync(&config, &capture, joined) {
            if !joined {
                // The folder's new key check is of a key nobody will ever see: gone with it.
                let _ = std::fs::remove_file(
                    crate::sync::kith_dir(&folder).join(crate::sync::KEYCHECK_NAME),
                );
            }
            return Err(err);
        }
        self.sync = Some(capture);
        // Sync is set up whatever the first pass does: the recovery key must reach the person.
        let first_pass = self.sync_now(now).unwrap_or_else(|err| SyncReport {
            notes: vec![format!(
                "the first pass failed ({err}); it is tried again on the next"
            )],
            ..Default::default()
        });
        Ok(SyncSetupReport {
            device,
            name: name.to_owned(),
            folder: folder.display().to_string(),
            recovery_key,
            joined,
            first_pass,
        })
    }

    /// Records the setup, installs capture and queues what this device had before sync
    /// (every row given a gid, then sent as stamp zero), in one transaction.
    fn start_sync(&mut self, config: &SyncConfig, capture: &Capture, joined: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        if joined {
            // A "me" this computer made and never used would come back as a second "me".
            crate::store::contacts::delete_unused_self(&tx)?;
        }
        sync_config::insert_sync_config(&tx, config)?;
        capture::install(&tx, capture)?;
        for e in crate::sync::spec::ENTITIES {
            tx.execute(
                &format!(
                    "UPDATE {} SET gid = kith_sync_gid() WHERE gid IS NULL",
                    e.table
                ),
                [],
            )?;
        }
        for sql in capture::genesis_sql() {
            tx.execute(&sql, [])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The capture of this store, once sync is set up.
    fn capture(&self) -> Result<Capture> {
        self.sync.clone().ok_or_else(not_set_up)
    }

    /// Runs one pass: writes this device's changes out, applies everyone else's. A pass of a
    /// paused sync does nothing.
    pub fn sync_now(&mut self, now: DateTime<Utc>) -> Result<SyncReport> {
        let config = sync_config::get_sync_config(&self.conn)?.ok_or_else(not_set_up)?;
        let capture = self.capture()?;
        if config.paused {
            return Ok(SyncReport {
                notes: vec!["sync is paused on this device".into()],
                ..Default::default()
            });
        }
        let result = self.sync_pass(&config, &capture, now);
        let clock = capture.last().to_string();
        let error = result.as_ref().err().map(ToString::to_string);
        sync_config::update_sync_config_run(
            &self.conn,
            now.timestamp_millis(),
            error.as_deref(),
            &clock,
        )?;
        result
    }

    fn sync_pass(
        &mut self,
        config: &SyncConfig,
        capture: &Capture,
        now: DateTime<Utc>,
    ) -> Result<SyncReport> {
        let folder = PathBuf::from(&config.folder);
        crate::sync::check_folder(&folder)?;
        let key = SyncKey::from_bytes(config.key);
        capture::fold(&self.conn, &config.device)?;
        let mut report = SyncReport::default();
        let found = scan(&folder)?;
        // Before anything goes out: a database behind its own snapshot numbers on after it.
        self.sync_from_snapshot(config, capture, &key, &found, now, &mut report)?;
        report.sent = self.sync_send(config, capture, &key, &folder, now, &mut report.notes)?;
        // Files of this device's id it did not write (a copy of this database syncs too).
        let exported = sync_config::get_sync_config(&self.conn)?.map_or(0, |c| c.exported_seq);
        let adopted = self.sync_adopt_own(config, capture, &key, &found, exported)?;
        if adopted > exported {
            report.notes.push(format!(
                "this computer's folder in the sync folder holds changes its database did not \
                 have (a copy of this database syncs too: run `kith sync leave` and set it up \
                 again on the copy); they were applied here, up to change {adopted}"
            ));
        }
        self.sync_receive(config, capture, &key, &found, now, &mut report)?;
        self.sync_snapshot_if_due(&found, now, &mut report)?;
        if let Err(err) = self.sync_compact(config, &key, &folder, &found, now) {
            report.notes.push(format!(
                "old change files could not be removed ({err}); the next pass tries again"
            ));
        }
        if report.received > 0 || report.rows_written > 0 {
            self.caches.review.clear();
        }
        Ok(report)
    }

    /// Applies this device's own change files past `exported` (see `sync_send`), and
    /// records them as written out; returns the last change number found.
    fn sync_adopt_own(
        &mut self,
        config: &SyncConfig,
        capture: &Capture,
        key: &SyncKey,
        found: &crate::sync::Scan,
        exported: u64,
    ) -> Result<u64> {
        let Some(own) = found
            .devices
            .iter()
            .find(|d| d.device.to_string() == config.device)
        else {
            return Ok(exported);
        };
        if own
            .files
            .last()
            .is_none_or(|f| f.header.first_seq + u64::from(f.header.count) - 1 <= exported)
        {
            return Ok(exported);
        }
        let tx = self.conn.transaction()?;
        let mut touched = Touched::new();
        let mut last = exported;
        for file in &own.files {
            let end = file.header.first_seq + u64::from(file.header.count) - 1;
            if end <= exported || file.header.first_seq > last + 1 {
                continue;
            }
            let read = read_change_file(&file.path, key)?;
            for (i, change) in read.changes.iter().enumerate() {
                if file.header.first_seq + i as u64 > last && change.table != DEVICE_TABLE {
                    capture.receive(change.hlc);
                    apply::record(&tx, change, &mut touched)?;
                }
            }
            last = end;
        }
        capture.paused(|| apply::materialize(&tx, &touched))?;
        let clock = capture.last().to_string();
        sync_config::update_sync_config_exported(&tx, last, &clock)?;
        tx.commit()?;
        Ok(last)
    }

    /// Writes the pending changes to change files; how many.
    fn sync_send(
        &mut self,
        config: &SyncConfig,
        capture: &Capture,
        key: &SyncKey,
        folder: &Path,
        now: DateTime<Utc>,
        notes: &mut Vec<String>,
    ) -> Result<u64> {
        let device: DeviceId = config.device.parse()?;
        // Read now: starting from this device's own snapshot moves it on.
        let mut exported = sync_config::get_sync_config(&self.conn)?
            .map_or(config.exported_seq, |c| c.exported_seq);
        let mut sent = 0;
        loop {
            // Only what is in the merge state goes out: a change written by another program
            // after this pass's fold waits for the next (the merge state, and a snapshot of
            // it, always holds every change this device has written out).
            capture::fold(&self.conn, &config.device)?;
            let pending =
                sync_out::list_sync_out(&self.conn, &config.device, CHANGES_PER_FILE - 1)?;
            if pending.is_empty() && exported > 0 {
                break;
            }
            let mut changes: Vec<Change> = Vec::with_capacity(pending.len() + 1);
            if exported == 0 {
                // The first file says who this device is.
                changes.push(Change {
                    table: DEVICE_TABLE.into(),
                    row: config.device.clone(),
                    column: "name".into(),
                    value: serde_json::Value::String(config.name.clone()),
                    op: ChangeOp::Set,
                    hlc: pending.first().map_or(GENESIS, |(_, c)| c.hlc),
                    device: config.device.clone(),
                    base: None,
                    observed: Vec::new(),
                });
            }
            changes.extend(pending.iter().map(|(_, c)| c.clone()));
            let new = NewChangeFile {
                schema_version: SCHEMA_VERSION as u32,
                device,
                first_seq: exported + 1,
                created: now,
                changes: &changes,
            };
            match write_change_file(folder, key, &new) {
                Ok(_) => {}
                Err(Error::SyncFile {
                    path,
                    problem: SyncFileProblem::AlreadyExists,
                }) => {
                    // Written before a crash: the same changes, counted as written. Other
                    // changes: this database is behind its own device's files (restored from
                    // a backup, or a copy of it writes too): those are applied here, and this
                    // device's numbering goes on after them.
                    let there = read_change_file(Path::new(&path), key)?;
                    if there.changes != changes {
                        let adopted =
                            self.sync_adopt_own(config, capture, key, &scan(folder)?, exported)?;
                        if adopted == exported {
                            return Err(Error::invalid(
                                "sync",
                                format!(
                                    "{path} holds other changes than this computer's, and they \
                                     cannot be read in order: another computer uses this \
                                     computer's id (a copy of this database?). Run `kith sync \
                                     leave` on one of them and set it up again."
                                ),
                            ));
                        }
                        exported = adopted;
                        notes.push(format!(
                            "this computer's folder in the sync folder holds changes its database \
                             did not have (restored from a backup, or a copy of this database \
                             syncs too: run `kith sync leave` and set it up again on the copy); \
                             they were applied here, up to change {exported}"
                        ));
                        continue;
                    }
                }
                Err(e) => return Err(e),
            }
            exported += changes.len() as u64;
            sent += pending.len() as u64;
            let tx = self.conn.transaction()?;
            if let Some((last, _)) = pending.last() {
                sync_out::delete_sync_out_through(&tx, *last)?;
            }
            let clock = changes.iter().map(|c| c.hlc).max().unwrap_or_default();
            sync_config::update_sync_config_exported(&tx, exported, &clock.to_string())?;
            tx.commit()?;
            if pending.len() < CHANGES_PER_FILE - 1 {
                break;
            }
        }
        Ok(sent)
    }

    fn sync_receive(
        &mut self,
        config: &SyncConfig,
        capture: &Capture,
        key: &SyncKey,
        found: &crate::sync::Scan,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<()> {
        for s in &found.skipped {
            if s.reason.retry_later() {
                report.retry_later += 1;
            } else if !matches!(s.reason, crate::sync::SkipReason::Temporary) {
                report
                    .skipped
                    .push(format!("{} {}", s.path.display(), s.reason));
            }
        }
        let tx = self.conn.transaction()?;
        let mut touched = Touched::new();
        apply::retry_waiting(&tx, &mut touched)?;
        for dev in &found.devices {
            let id = dev.device.to_string();
            if id == config.device {
                continue;
            }
            let mut applied = sync_peers::get_sync_peer_applied(&tx, &id)?;
            let before = applied;
            let mut schema = None;
            for file in &dev.files {
                let (first, count) = (file.header.first_seq, u64::from(file.header.count));
                let last = first + count - 1;
                if last <= applied {
                    continue;
                }
                if first > applied + 1 {
                    report.retry_later += 1;
                    break;
                }
                let read = match read_change_file(&file.path, key) {
                    Ok(read) => read,
                    Err(Error::SyncFile { problem, .. }) if problem.retry_later() => {
                        report.retry_later += 1;
                        break;
                    }
                    Err(e @ Error::SyncFile { .. }) => {
                        report.skipped.push(e.to_string());
                        break;
                    }
                    Err(e) => {
                        report.skipped.push(format!("{}: {e}", file.path.display()));
                        break;
                    }
                };
                for (i, change) in read.changes.iter().enumerate() {
                    if first + (i as u64) <= applied {
                        continue;
                    }
                    let received = capture.receive(change.hlc);
                    if received.noteworthy() && report.notes.len() < 5 {
                        // By its name once its first file has said it.
                        let who = device_names(&tx, config)?
                            .remove(&id)
                            .map_or_else(|| format!("device {id}"), |n| format!("\"{n}\""));
                        report.notes.push(format!(
                            "the clock of {who} is {} ahead of this one's{}",
                            minutes(received.ahead_ms),
                            if received.clamped {
                                " (this computer's clock follows it only a day ahead: what you change here meanwhile can lose to what it changed)"
                            } else {
                                ""
                            }
                        ));
                    }
                    if change.table == DEVICE_TABLE {
                        if let Some(name) = change.value.as_str() {
                            sync_peers::update_sync_peer_name(&tx, &id, name)?;
                        }
                    } else if apply::record(&tx, change, &mut touched)? == apply::Recorded::Held {
                        report.held += 1;
                    }
                    report.received += 1;
                }
                applied = last;
                schema = Some(i64::from(read.header.schema_version));
            }
            if applied > before {
                sync_peers::update_sync_peer_applied(
                    &tx,
                    &id,
                    applied,
                    schema.unwrap_or(SCHEMA_VERSION),
                    now.timestamp_millis(),
                )?;
            }
        }
        let done = capture.paused(|| apply::materialize(&tx, &touched))?;
        report.rows_written = done.written as u64;
        report.rows_deleted = done.deleted as u64;
        report.rows_waiting = done.waiting as u64;
        report.notes.extend(
            done.refused
                .iter()
                .take(5)
                .map(|r| format!("a record could not be written here yet: {r}")),
        );
        tx.commit()?;
        Ok(())
    }

    /// Turns sync off on this device: its sync setup and merge state are forgotten (its data
    /// and the records' global ids stay), and nothing is captured any more. The folder is not
    /// touched. Setting sync up again afterwards (into a new folder, or the same one) sends
    /// everything this device has once more; the other devices find the same records there,
    /// not new ones.
    pub fn sync_leave(&mut self) -> Result<()> {
        sync_config::get_sync_config(&self.conn)?.ok_or_else(not_set_up)?;
        let tx = self.conn.transaction()?;
        capture::uninstall(&tx)?;
        for table in [
            "sync_out",
            "sync_stamp",
            "sync_added",
            "sync_removed",
            "sync_deleted",
            "sync_waiting",
            "sync_held",
            "sync_contested",
            "sync_peer",
            "sync_config",
        ] {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        tx.commit()?;
        self.sync = None;
        Ok(())
    }

    /// Benchmarks only: drops the capture triggers (`off`) or makes them again, to time what
    /// capture adds to a write on the same database. What is written meanwhile is not synced.
    #[doc(hidden)]
    pub fn sync_capture_off_for_bench(&mut self, off: bool) -> Result<()> {
        let capture = self.sync.clone().ok_or_else(not_set_up)?;
        if off {
            capture::uninstall(&self.conn)
        } else {
            capture::install(&self.conn, &capture)
        }
    }

    /// Pauses or resumes sync on this device (a paused device writes nothing out and reads
    /// nothing in; its changes wait).
    pub fn sync_pause(&mut self, paused: bool) -> Result<()> {
        sync_config::get_sync_config(&self.conn)?.ok_or_else(not_set_up)?;
        sync_config::update_sync_config_paused(&self.conn, paused)
    }

    /// The folder this device syncs through, its id, and whether sync is paused here (`None`
    /// when it is not set up): what the app's background sync reads before each pass, without
    /// the conflict log that [`Store::sync_status`] counts.
    pub fn sync_place(&self) -> Result<Option<(PathBuf, String, bool)>> {
        Ok(sync_config::get_sync_config(&self.conn)?
            .map(|c| (PathBuf::from(c.folder), c.device, c.paused)))
    }

    /// Whether changes made on this device wait to be written out (false when sync is not set
    /// up or is paused): what the app looks at every few seconds, so it is one query.
    pub fn sync_waiting_here(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_out)
                 AND EXISTS (SELECT 1 FROM sync_config WHERE id = 1 AND NOT paused)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Sync's state here.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let Some(config) = sync_config::get_sync_config(&self.conn)? else {
            return Ok(SyncStatus {
                set_up: false,
                folder: None,
                device: None,
                name: None,
                paused: false,
                pending: 0,
                devices: Vec::new(),
                conflicts: 0,
                waiting: 0,
                held: 0,
                last_run_at: None,
                last_error: None,
            });
        };
        let mut devices = vec![SyncDevice {
            device: config.device.clone(),
            name: Some(config.name.clone()),
            this_device: true,
            applied: config.exported_seq,
            // When the last of them was written is not kept (the last pass is `last_run_at`).
            last_applied_at: None,
        }];
        devices.extend(
            sync_peers::list_sync_peers(&self.conn)?
                .into_iter()
                .map(|p| SyncDevice {
                    device: p.device,
                    name: p.name,
                    this_device: false,
                    applied: p.applied_seq,
                    last_applied_at: p.last_applied_at,
                }),
        );
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        Ok(SyncStatus {
            set_up: true,
            folder: Some(config.folder),
            device: Some(config.device),
            name: Some(config.name),
            paused: config.paused,
            pending: sync_out::count_sync_out(&self.conn)?,
            devices,
            conflicts: self.sync_conflicts()?.len() as u64,
            waiting: count("SELECT count(*) FROM sync_waiting")?,
            held: count("SELECT count(*) FROM sync_held")?,
            last_run_at: config.last_run_at,
            last_error: config.last_error,
        })
    }

    /// The conflict log: every value that lost to a change made without knowing it, newest
    /// first.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        let Some(config) = sync_config::get_sync_config(&self.conn)? else {
            return Ok(Vec::new());
        };
        let names = device_names(&self.conn, &config)?;
        let rows: Vec<Stamp> = self
            .conn
            .prepare(
                "SELECT s.tbl, s.row, s.col, s.device, s.hlc, s.base, s.value
                 FROM sync_contested c JOIN sync_stamp s
                   ON s.tbl = c.tbl AND s.row = c.row AND s.col = c.col
                 ORDER BY s.tbl, s.row, s.col, s.hlc DESC, s.device DESC",
            )?
            .query_map([], |r| {
                Ok(Stamp {
                    table: r.get(0)?,
                    row: r.get(1)?,
                    column: r.get(2)?,
                    device: r.get(3)?,
                    hlc: r.get(4)?,
                    base: r.get(5)?,
                    value: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for group in
            rows.chunk_by(|a, b| (&a.table, &a.row, &a.column) == (&b.table, &b.row, &b.column))
        {
            if group[0].column == "deleted_at" {
                if let Some(c) = self.trash_conflict(&group[0].table, &group[0].row, &names)? {
                    out.push(c);
                }
            }
            let winner = &group[0];
            for (i, loser) in group.iter().enumerate().skip(1) {
                let loser_tag = format!("{}@{}", loser.hlc, loser.device);
                let knowingly = group[..i]
                    .iter()
                    .any(|later| later.base.as_deref() == Some(loser_tag.as_str()));
                if knowingly || loser.value == winner.value || loser.hlc == GENESIS.to_string() {
                    continue;
                }
                out.push(self.describe_conflict(winner, loser, &names)?);
            }
        }
        out.sort_by(|a, b| b.kept_at.cmp(&a.kept_at).then(a.id.cmp(&b.id)));
        Ok(out)
    }

    fn describe_conflict(
        &self,
        winner: &Stamp,
        loser: &Stamp,
        names: &std::collections::BTreeMap<String, String>,
    ) -> Result<SyncConflict> {
        let (table, row, column) = (&winner.table, &winner.row, &winner.column);
        let record = record_name(&self.conn, table, row)?;
        let field = column.replace('_', " ");
        let shown = |v: &str| self.shown_value(table, column, v);
        let kept = shown(&winner.value)?;
        let replaced = shown(&loser.value)?;
        let who = |d: &str| names.get(d).cloned().unwrap_or_else(|| d.to_owned());
        let at = |h: &str| h.parse::<Hlc>().map_or(0, |h| h.ms as i64);
        let (kept_at, replaced_at) = (at(&winner.hlc), at(&loser.hlc));
        let summary = format!(
            "{record}'s {field}: {kept} ({}, {}) replaced {replaced} ({}, {})",
            who(&winner.device),
            clock_time(kept_at),
            who(&loser.device),
            clock_time(replaced_at),
        );
        Ok(SyncConflict {
            id: format!("{table}/{row}/{column}/{}/{}", loser.hlc, loser.device),
            record,
            field,
            kept,
            kept_by: who(&winner.device),
            kept_at,
            replaced,
            replaced_by: who(&loser.device),
            replaced_at,
            summary,
        })
    }

    /// A row trashed on one device and edited after on another, kept out of the trash (see
    /// `apply::trash_overruled`), as a conflict whose other value is "in the trash".
    fn trash_conflict(
        &self,
        table: &str,
        row: &str,
        names: &std::collections::BTreeMap<String, String>,
    ) -> Result<Option<SyncConflict>> {
        let Some((trashed, edited)) = apply::trash_overruled(&self.conn, table, row)? else {
            return Ok(None);
        };
        let split = |tag: &str| {
            let (hlc, device) = tag.split_once('@').unwrap_or((tag, ""));
            (
                hlc.parse::<Hlc>().map_or(0, |h| h.ms as i64),
                names
                    .get(device)
                    .cloned()
                    .unwrap_or_else(|| device.to_owned()),
                hlc.to_owned(),
                device.to_owned(),
            )
        };
        let (kept_at, kept_by, _, _) = split(&edited);
        let (replaced_at, replaced_by, hlc, device) = split(&trashed);
        let record = record_name(&self.conn, table, row)?;
        Ok(Some(SyncConflict {
            id: format!("{table}/{row}/{TRASH_CONFLICT}/{hlc}/{device}"),
            summary: format!(
                "{record}: moved to the trash on {replaced_by} ({}), edited on {kept_by} after                  ({}); kept out of the trash",
                clock_time(replaced_at),
                clock_time(kept_at)
            ),
            record,
            field: "trash".into(),
            kept: "kept".into(),
            kept_by,
            kept_at,
            replaced: "in the trash".into(),
            replaced_by,
            replaced_at,
        }))
    }

    /// A stored JSON value as the person reads it: text as is, a reference as the name of
    /// the row, nothing as "(empty)".
    fn shown_value(&self, table: &str, column: &str, json: &str) -> Result<String> {
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let target = crate::sync::spec::entity(table)
            .and_then(|e| e.column(column))
            .and_then(|c| c.refers);
        Ok(match (value, target) {
            (serde_json::Value::Null, _) => "(empty)".into(),
            (serde_json::Value::String(gid), Some(target)) => {
                record_name(&self.conn, target, &gid)?
            }
            (serde_json::Value::String(s), None) => format!("\"{s}\""),
            (other, _) => other.to_string(),
        })
    }

    /// "Keep the other": writes the replaced value of conflict `id` back, as a change of this
    /// device (so every device swaps), and returns the conflict as it was.
    pub fn sync_keep_other(&mut self, id: &str) -> Result<SyncConflict> {
        let conflict = self
            .sync_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::invalid("conflict", format!("no conflict {id} in the log")))?;
        let mut parts = id.splitn(5, '/');
        let (Some(table), Some(row), Some(column), Some(hlc), Some(device)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Error::invalid(
                "conflict",
                format!("no conflict {id} in the log"),
            ));
        };
        let entity = crate::sync::spec::entity(table)
            .ok_or_else(|| Error::invalid("conflict", format!("no conflict {id} in the log")))?;
        if column == TRASH_CONFLICT {
            // Back to the trash, as it was trashed.
            let trashed = apply::winners(&self.conn, table, row)?
                .remove("deleted_at")
                .map(|value| apply::to_sql(&value))
                .unwrap_or(rusqlite::types::Value::Null);
            self.conn.execute(
                &format!("UPDATE {table} SET deleted_at = ?1 WHERE gid = ?2"),
                rusqlite::params![trashed, row],
            )?;
            capture::fold(&self.conn, &self.capture()?.device)?;
            self.caches.review.clear();
            return Ok(conflict);
        }
        let col = entity
            .column(column)
            .ok_or_else(|| Error::invalid("conflict", format!("no conflict {id} in the log")))?;
        let json: String = self.conn.query_row(
            "SELECT value FROM sync_stamp WHERE tbl = ?1 AND row = ?2 AND col = ?3
               AND device = ?4 AND hlc = ?5",
            [table, row, column, device, hlc],
            |r| r.get(0),
        )?;
        let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        let sql_value = match (col.refers, &value) {
            (Some(target), serde_json::Value::String(gid)) => {
                let found: Option<i64> =
                    rusqlite::OptionalExtension::optional(self.conn.query_row(
                        &format!("SELECT id FROM {target} WHERE gid = ?1"),
                        [gid],
                        |r| r.get(0),
                    ))?;
                found.map_or(
                    rusqlite::types::Value::Null,
                    rusqlite::types::Value::Integer,
                )
            }
            _ => apply::to_sql(&value),
        };
        let device = self.capture()?.device;
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            &format!(
                "UPDATE {} SET {} = ?1 WHERE gid = ?2",
                entity.table, col.name
            ),
            rusqlite::params![sql_value, row],
        )?;
        if changed == 0 {
            return Err(Error::invalid(
                "conflict",
                format!("{} is no longer here", conflict.record),
            ));
        }
        capture::fold(&tx, &device)?;
        if entity.table == "contact" && col.name == "name" {
            if let rusqlite::types::Value::Text(name) = &sql_value {
                tx.execute(
                    "UPDATE contact SET sort_key = ?1, name_key = ?2 WHERE gid = ?3",
                    rusqlite::params![
                        crate::store::contacts::sort_key(name),
                        crate::identity::name_key(name),
                        row
                    ],
                )?;
            }
        }
        tx.commit()?;
        self.caches.review.clear();
        Ok(conflict)
    }
}

impl Store {
    /// Every synced row as the merge made it, by gid, without this device's ids: columns
    /// (references as gids) and sets. Two devices that applied the same changes return the
    /// same value; tests compare them.
    pub fn sync_canonical(&self) -> Result<serde_json::Value> {
        let mut out = serde_json::Map::new();
        for e in crate::sync::spec::ENTITIES {
            let cols = e
                .columns
                .iter()
                .map(|c| {
                    format!(
                        "'{}', json({})",
                        c.name,
                        capture::value_expr("r", e, c.name)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sets = e
                .sets
                .iter()
                .map(|s| {
                    format!(
                        "'{name}', (SELECT json_group_array(json(el)) FROM (
                             SELECT {el} AS el FROM {child} x WHERE x.{parent} = r.id ORDER BY 1))",
                        name = s.name,
                        el = capture::element_expr("x", s),
                        child = s.table,
                        parent = s.parent,
                    )
                })
                .collect::<Vec<_>>();
            let object = if sets.is_empty() {
                format!("json_object({cols})")
            } else {
                format!("json_object({cols}, {})", sets.join(", "))
            };
            let rows: Vec<(String, String)> = self
                .conn
                .prepare(&format!(
                    "SELECT r.gid, {object} FROM {} r WHERE r.gid IS NOT NULL ORDER BY r.gid",
                    e.table
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let table: serde_json::Map<String, serde_json::Value> = rows
                .into_iter()
                .map(|(gid, json)| (gid, serde_json::from_str(&json).unwrap_or_default()))
                .collect();
            out.insert(e.table.to_owned(), serde_json::Value::Object(table));
        }
        Ok(serde_json::Value::Object(out))
    }

    /// Replaces the wall clock this store's sync stamps read (tests and benchmarks: clocks
    /// hours apart, going backwards), now and for a sync set up later.
    pub fn set_sync_wall_clock(&mut self, wall: capture::WallClock) {
        if let Some(capture) = &self.sync {
            capture.set_wall(wall.clone());
        }
        self.sync_wall = capture::SetWall(Some(wall));
    }
}

fn device_names(
    conn: &Connection,
    config: &SyncConfig,
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut names: std::collections::BTreeMap<String, String> = sync_peers::list_sync_peers(conn)?
        .into_iter()
        .filter_map(|p| p.name.map(|n| (p.device, n)))
        .collect();
    names.insert(config.device.clone(), config.name.clone());
    Ok(names)
}

/// A row as the person knows it: a contact's name, an interaction's summary and day, an
/// ask's text.
fn record_name(conn: &Connection, table: &str, gid: &str) -> Result<String> {
    let sql = match table {
        "contact" => "SELECT name FROM contact WHERE gid = ?1",
        "interaction" => {
            "SELECT CASE WHEN summary <> '' THEN summary ELSE substr(notes, 1, 60) END
                    || ' (' || date(occurred_at / 1000, 'unixepoch') || ')'
             FROM interaction WHERE gid = ?1"
        }
        "ask" => "SELECT text FROM ask WHERE gid = ?1",
        "interest" => "SELECT name FROM interest WHERE gid = ?1",
        "reminder" => "SELECT text FROM reminder WHERE gid = ?1",
        "relationship" => {
            "SELECT a.name || ' and ' || b.name FROM relationship r
             JOIN contact a ON a.id = r.a JOIN contact b ON b.id = r.b WHERE r.gid = ?1"
        }
        _ => return Ok(format!("{table} {gid}")),
    };
    let found: Option<String> =
        rusqlite::OptionalExtension::optional(conn.query_row(sql, [gid], |r| r.get(0)))?;
    Ok(found.unwrap_or_else(|| format!("a {table} no longer here")))
}

/// Milliseconds as "3 minutes", "2 hours", "5 days".
fn minutes(ms: u64) -> String {
    let m = ms / 60_000;
    if m == 1 {
        "1 minute".into()
    } else if m < 120 {
        format!("{m} minutes")
    } else if m < 48 * 60 {
        format!("{} hours", m / 60)
    } else {
        format!("{} days", m / (24 * 60))
    }
}

/// A stamp's time as this computer's local "2026-12-03 10:02".
fn clock_time(ms: i64) -> String {
    Local
        .timestamp_millis_opt(ms)
        .single()
        .map_or_else(|| "?".into(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}
