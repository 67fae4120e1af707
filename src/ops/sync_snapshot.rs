//! Snapshots (issue 21): a device writes, now and then, a whole copy of the synced data and
//! of its merge state into the folder (`sync::snapshot` is the file); a device that would
//! otherwise replay every change file starts from it, and reads only the change files after
//! it.
//!
//! - **What one holds**: the merge state (`sync_stamp`, `sync_added`, `sync_removed`,
//!   `sync_deleted`, held and waiting changes), the synced tables' rows with their sets, and
//!   who knows whom; its manifest says how many of each device's changes that is. The
//!   writer's own values from before sync (its *genesis*, which it keeps stamps of only for
//!   rows deleted here) are written into it as stamps, as every other device keeps them: the
//!   merge state in a snapshot is the one every device that applied the same changes has.
//! - **When one is written**: by a pass, once the changes this device has applied (its own
//!   and everyone's) are [`SNAPSHOT_EVERY`] more than the newest snapshot's in the folder, and
//!   at least a tenth more; and only with nothing of this device's waiting to be written out,
//!   so that its manifest is exactly what its merge state holds.
//! - **When one is read**: when at least half the changes it holds are not applied here yet
//!   (a new device joining), or it holds changes that are in no change file left (a device
//!   that was away while they were removed), or this device's own changes its database does
//!   not have (restored from a backup).
//! - **How**: into a device with no synced rows yet, the rows are copied as they are, ids
//!   and all, and what is derived from them here (the search index, channel identities) is
//!   made again: one `INSERT … SELECT` per table, indexes made after the rows (10,000 people
//!   and a million interactions joined in 26–34 s, docs/PERFORMANCE.md, where replaying their
//!   changes would take minutes). Into a device that has data of its own, the merge states are
//!   joined (a union: the merge is the same whatever the order) and every row the snapshot
//!   names is written from it, as a pass does.
//!
//! Each device keeps only its newest snapshot: an older one is deleted once a newer one is
//! written.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};
use crate::model::SyncReport;
use crate::store::sync_config::{self, SyncConfig};
use crate::store::{search, sync_peers, SCHEMA_VERSION};
use crate::sync::acks::{read_acks, write_acks, Acks};
use crate::sync::apply::{self, Touched};
use crate::sync::capture::{self, Capture, GENESIS};
use crate::sync::snapshot::{
    read_snapshot, read_snapshot_manifest, write_snapshot, Manifest, ManifestDevice, NewSnapshot,
    SnapshotHeader,
};
use crate::sync::spec::ENTITIES;
use crate::sync::{DeviceId, Scan, SyncKey, SNAPSHOT_EXT};
use crate::Store;

/// A pass writes a snapshot once it holds this many changes more than the folder's newest.
pub const SNAPSHOT_EVERY: u64 = 50_000;

/// After this many days without word from a device, it no longer holds back the removal of
/// change files it has not applied.
pub const ACKS_STALE_DAYS: i64 = 30;

/// The merge state a snapshot copies, as it is.
const MERGE_TABLES: [&str; 6] = [
    "sync_stamp",
    "sync_added",
    "sync_removed",
    "sync_deleted",
    "sync_held",
    "sync_waiting",
];

/// Columns of synced tables that belong to one device and are not copied: the source an
/// interaction was read from is a row of that device's own.
const LOCAL_COLUMNS: [(&str, &str); 1] = [("interaction", "source_id")];

/// The data tables a snapshot copies, references first: the entities, their sets, and who
/// knows whom (derived here from participants, but copied: it is the same everywhere).
fn data_tables() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = ENTITIES.iter().map(|e| e.table).collect();
    out.extend(ENTITIES.iter().flat_map(|e| e.sets.iter().map(|s| s.table)));
    out.push("knows");
    out
}

/// `table`'s columns in `schema` (`main` or `snap`).
fn columns(conn: &Connection, schema: &str, table: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare(&format!("PRAGMA {schema}.table_info({table})"))?
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The columns of `table` a snapshot carries.
fn copied_columns(conn: &Connection, table: &str) -> Result<String> {
    Ok(columns(conn, "main", table)?
        .into_iter()
        .filter(|c| !LOCAL_COLUMNS.contains(&(table, c.as_str())))
        .collect::<Vec<_>>()
        .join(", "))
}

/// A file beside the database (or in the temporary folder, for one in memory) for a
/// snapshot's database while it is made or read; removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(store: &Store, what: &str) -> Result<Self> {
        let dir = store
            .path()
            .and_then(Path::parent)
            .map_or_else(std::env::temp_dir, Path::to_path_buf);
        remove_leftovers(&dir);
        let tag = crate::sync::key::hex(&crate::sync::key::random::<8>()?);
        Ok(Self(dir.join(format!(".kith-{what}-{tag}.db"))))
    }

    fn text(&self) -> Result<&str> {
        self.0
            .to_str()
            .ok_or_else(|| Error::invalid("path", "the database's folder is not valid UTF-8"))
    }
}

/// Removes the scratch files a killed Kith left in `dir` (they can be as large as the
/// database): those not touched for a day, which no running snapshot still uses (one is
/// written or read in minutes at most).
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let day = std::time::Duration::from_secs(24 * 3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = ["snapshot", "snapshot-in"].iter().any(|what| {
            name.strip_prefix(&format!(".kith-{what}-"))
                .and_then(|rest| rest.get(16..))
                .is_some_and(|rest| rest.starts_with(".db"))
        });
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > day);
        if ours && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// Runs `f` with the database `path` attached as `snap`, and detaches it however `f` ends.
fn attached<T>(
    conn: &mut Connection,
    path: &Scratch,
    f: impl FnOnce(&mut Connection) -> Result<T>,
) -> Result<T> {
    conn.execute("ATTACH DATABASE ?1 AS snap", [path.text()?])?;
    let out = f(conn);
    let detached = conn.execute_batch("DETACH DATABASE snap");
    let out = out?;
    detached?;
    Ok(out)
}

impl Store {
    /// Writes a snapshot of what this device holds into the sync folder now (a pass does it by
    /// itself when enough has changed; see the module doc). `None` when this device has
    /// changes not yet written out (a pass writes them) or nothing to hold. Deletes this
    /// device's older snapshots.
    pub fn sync_snapshot(&mut self, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
        let config = sync_config::get_sync_config(&self.conn)?
            .ok_or_else(|| Error::invalid("sync", "sync is not set up on this device"))?;
        let key = SyncKey::from_bytes(config.key);
        let folder = PathBuf::from(&config.folder);
        crate::sync::check_folder(&folder)?;
        let scratch = Scratch::new(self, "snapshot")?;
        let manifest = attached(&mut self.conn, &scratch, |conn| {
            copy_out(conn, &config.device)
        })?;
        let Some(manifest) = manifest.filter(|m| m.covered() > 0) else {
            return Ok(None);
        };
        let device: DeviceId = config.device.parse()?;
        let path = match write_snapshot(
            &folder,
            &key,
            &NewSnapshot {
                schema_version: SCHEMA_VERSION as u32,
                device,
                created: now,
                manifest: &manifest,
                data: &scratch.0,
            },
        ) {
            Ok(path) => path,
            // The same changes held, written before: nothing new to write.
            Err(Error::SyncFile {
                path,
                problem: crate::error::SyncFileProblem::AlreadyExists,
            }) => PathBuf::from(path),
            Err(e) => return Err(e),
        };
        remove_older_snapshots(&path)?;
        Ok(Some(path))
    }

    /// Writes a snapshot if this device holds [`SNAPSHOT_EVERY`] changes (and a tenth) more
    /// than the newest in the folder. A snapshot that cannot be written is said in the
    /// report's notes; the pass goes on.
    pub(crate) fn sync_snapshot_if_due(
        &mut self,
        found: &Scan,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let held = sync_config::get_sync_config(&self.conn)?.map_or(0, |c| c.exported_seq)
            + sync_peers::list_sync_peers(&self.conn)?
                .iter()
                .map(|p| p.applied_seq)
                .sum::<u64>();
        let newest = found
            .devices
            .iter()
            .flat_map(|d| d.snapshots.iter())
            .filter_map(|s| s.header.as_ref().ok())
            .map(|h| h.covered)
            .max()
            .unwrap_or(0);
        let more = held.saturating_sub(newest);
        if more < SNAPSHOT_EVERY || more < newest / 10 {
            return Ok(());
        }
        if let Err(err) = self.sync_snapshot(now) {
            report.notes.push(format!(
                "a snapshot could not be written ({err}); the next pass tries again"
            ));
        }
        Ok(())
    }

    /// Starts from another device's snapshot when that is of use (see the module doc): its
    /// merge state joined into this one's, its rows written here, and each device's changes
    /// it holds counted as applied. Nothing happens when no snapshot is of use; a snapshot
    /// that cannot be read is said in the report and left (the change files are read).
    pub(crate) fn sync_from_snapshot(
        &mut self,
        config: &SyncConfig,
        capture: &Capture,
        key: &SyncKey,
        found: &Scan,
        now: DateTime<Utc>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let Some((header, manifest, path)) = self.useful_snapshot(config, key, found, report)?
        else {
            return Ok(());
        };
        let scratch = Scratch::new(self, "snapshot-in")?;
        if let Err(err) = read_snapshot(&path, key, &scratch.0) {
            report.skipped.push(err.to_string());
            return Ok(());
        }
        let gain = self.gain(&config.device, &manifest)?;
        let device = config.device.clone();
        let written = self.untracked(|store| {
            attached(&mut store.conn, &scratch, |conn| {
                load(conn, &device, capture, &header, &manifest, now)
            })
        })?;
        self.caches.review.clear();
        report.received += gain;
        report.rows_written += written;
        let by = manifest
            .devices
            .iter()
            .find(|d| d.device == header.device.to_string())
            .and_then(|d| d.name.clone())
            .unwrap_or_else(|| header.device.to_string());
        report.notes.push(format!(
            "started from {by}'s snapshot of {} changes ({} of them new here)",
            grouped(header.covered),
            grouped(gain)
        ));
        Ok(())
    }

    /// How many of the changes `manifest` holds are not applied here.
    fn gain(&self, this: &str, manifest: &Manifest) -> Result<u64> {
        let mut gain = 0;
        for d in manifest.devices.iter().filter(|d| d.device != this) {
            gain += d
                .seq
                .saturating_sub(sync_peers::get_sync_peer_applied(&self.conn, &d.device)?);
        }
        Ok(gain)
    }

    /// The snapshot in the folder worth starting from, if one is (see the module doc).
    fn useful_snapshot(
        &self,
        config: &SyncConfig,
        key: &SyncKey,
        found: &Scan,
        report: &mut SyncReport,
    ) -> Result<Option<(SnapshotHeader, Manifest, PathBuf)>> {
        let exported = sync_config::get_sync_config(&self.conn)?.map_or(0, |c| c.exported_seq);
        let mut best: Option<(SnapshotHeader, PathBuf)> = None;
        for dev in &found.devices {
            let own = dev.device.to_string() == config.device;
            for snapshot in &dev.snapshots {
                match &snapshot.header {
                    // This device's own only when its database is behind what it wrote
                    // (restored from a backup): its changes there are to be had back.
                    Ok(h) if own && h.own_seq <= exported => {}
                    Ok(h) if h.device == dev.device && h.key_id == key.id() => {
                        // Another schema's rows do not copy into this one's tables.
                        if i64::from(h.schema_version) == SCHEMA_VERSION
                            && best.as_ref().is_none_or(|(b, _)| h.covered > b.covered)
                        {
                            best = Some((h.clone(), snapshot.path.clone()));
                        }
                    }
                    Ok(_) => {}
                    Err(Error::SyncFile { problem, .. }) if problem.retry_later() => {
                        report.retry_later += 1;
                    }
                    Err(e) => report.skipped.push(e.to_string()),
                }
            }
        }
        let Some((_, path)) = best else {
            return Ok(None);
        };
        let (header, manifest) = match read_snapshot_manifest(&path, key) {
            Ok(read) => read,
            Err(e) => {
                report.skipped.push(e.to_string());
                return Ok(None);
            }
        };
        let gain = self.gain(&config.device, &manifest)?;
        let own_ahead = manifest.seq(&config.device) > exported;
        if gain == 0 && !own_ahead {
            return Ok(None);
        }
        let mut gap = own_ahead;
        for d in manifest
            .devices
            .iter()
            .filter(|d| d.device != config.device)
        {
            let applied = sync_peers::get_sync_peer_applied(&self.conn, &d.device)?;
            if d.seq <= applied {
                continue;
            }
            // The change after `applied` is in no file left in the folder.
            let next = applied + 1;
            let there = found
                .devices
                .iter()
                .filter(|f| f.device.to_string() == d.device)
                .flat_map(|f| f.files.iter())
                .any(|f| f.header.first_seq <= next && next <= f.header.last_seq);
            gap |= !there;
        }
        Ok((gap || gain * 2 >= manifest.covered()).then_some((header, manifest, path)))
    }
}

impl Store {
    /// Says in the folder what this device has applied (`sync::acks`), and removes this
    /// device's change files that a snapshot holds and every other device still syncing has
    /// applied. A device that has said nothing for [`ACKS_STALE_DAYS`] does not hold them
    /// back: if it comes back, it catches up from a snapshot. How many files were removed.
    pub(crate) fn sync_compact(
        &mut self,
        config: &SyncConfig,
        key: &SyncKey,
        folder: &Path,
        found: &Scan,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let device: DeviceId = config.device.parse()?;
        let acks = Acks {
            applied: Manifest {
                devices: sync_peers::list_sync_peers(&self.conn)?
                    .into_iter()
                    .filter(|p| p.applied_seq > 0)
                    .map(|p| ManifestDevice {
                        device: p.device,
                        seq: p.applied_seq,
                        name: None,
                    })
                    .collect(),
            },
            written_at: now.timestamp_millis(),
        };
        if acks.applied.covered() > 0 {
            write_acks(folder, key, device, &acks)?;
        }
        let mut held = 0;
        for dev in &found.devices {
            for snapshot in dev.snapshots.iter().filter(|s| s.header.is_ok()) {
                held = held.max(match &snapshot.header {
                    Ok(h) if dev.device == device => h.own_seq,
                    _ => read_snapshot_manifest(&snapshot.path, key)
                        .map_or(0, |(_, m)| m.seq(&config.device)),
                });
            }
        }
        let stale = now - Duration::days(ACKS_STALE_DAYS);
        let mut acked = u64::MAX;
        for dev in found.devices.iter().filter(|d| d.device != device) {
            let said = dev
                .acks
                .last()
                .and_then(|p| read_acks(p, key, dev.device).ok());
            let last_heard = said
                .as_ref()
                .and_then(Acks::written)
                .or_else(|| dev.files.last().map(|f| f.header.created));
            if last_heard.is_some_and(|t| t < stale) {
                continue;
            }
            acked = acked.min(said.map_or(0, |a| a.applied.seq(&config.device)));
        }
        let limit = held.min(acked);
        let mut removed = 0;
        if let Some(own) = found.devices.iter().find(|d| d.device == device) {
            for f in own.files.iter().filter(|f| f.header.last_seq <= limit) {
                if std::fs::remove_file(&f.path).is_ok() {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

/// Copies this device's synced data and merge state into the attached `snap`, in one read
/// of the database (other programs on it go on writing meanwhile); the manifest of what it
/// holds. `None` when changes of this device that are in the merge state wait to be written
/// out. A write made after the fold, not in the merge state, may be in the rows copied: a
/// device that copies them has the value before its change arrives, and the change then
/// writes the same.
fn copy_out(conn: &mut Connection, device: &str) -> Result<Option<Manifest>> {
    conn.execute_batch("PRAGMA snap.journal_mode = OFF; PRAGMA snap.synchronous = OFF")?;
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        capture::fold(&tx, device)?;
        tx.commit()?;
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
    let pending: i64 = tx.query_row(
        "SELECT count(*) FROM sync_out
         WHERE seq <= (SELECT folded_seq FROM sync_config WHERE id = 1)",
        [],
        |r| r.get(0),
    )?;
    if pending > 0 {
        return Ok(None);
    }
    let config = sync_config::get_sync_config(&tx)?
        .ok_or_else(|| Error::invalid("sync", "sync is not set up on this device"))?;
    for t in MERGE_TABLES {
        tx.execute_batch(&format!("CREATE TABLE snap.{t} AS SELECT * FROM main.{t}"))?;
    }
    // This device's values from before sync, as the other devices keep them.
    for e in ENTITIES {
        for c in e.columns {
            tx.execute(
                &format!(
                    "INSERT INTO snap.sync_stamp (tbl, row, col, device, hlc, base, value)
                     SELECT '{t}', r.gid, '{name}', ?1, '{GENESIS}', NULL, {value}
                     FROM main.{t} r WHERE r.gid IS NOT NULL AND NOT EXISTS (
                         SELECT 1 FROM main.sync_stamp s
                         WHERE s.tbl = '{t}' AND s.row = r.gid AND s.col = '{name}')",
                    t = e.table,
                    name = c.name,
                    value = capture::value_expr("r", e, c.name),
                ),
                [device],
            )?;
        }
    }
    // Where values of two devices meet, and trashed rows: what the conflict log reads.
    tx.execute_batch(
        "CREATE TABLE snap.sync_contested AS
             SELECT tbl, row, col FROM snap.sync_stamp GROUP BY tbl, row, col
             HAVING count(*) > 1
             UNION SELECT tbl, row, 'deleted_at' FROM snap.sync_stamp
             WHERE col = 'deleted_at' AND value <> 'null'",
    )?;
    for t in data_tables() {
        let cols = copied_columns(&tx, t)?;
        tx.execute_batch(&format!(
            "CREATE TABLE snap.{t} AS SELECT {cols} FROM main.{t}"
        ))?;
    }
    let mut devices = vec![ManifestDevice {
        device: config.device.clone(),
        seq: config.exported_seq,
        name: Some(config.name.clone()),
    }];
    devices.extend(
        sync_peers::list_sync_peers(&tx)?
            .into_iter()
            .filter(|p| p.applied_seq > 0)
            .map(|p| ManifestDevice {
                device: p.device,
                seq: p.applied_seq,
                name: p.name,
            }),
    );
    tx.commit()?;
    Ok(Some(Manifest { devices }))
}

/// Writes the attached snapshot `snap` into this database, in one transaction; how many rows
/// were written.
fn load(
    conn: &mut Connection,
    device: &str,
    capture: &Capture,
    header: &SnapshotHeader,
    manifest: &Manifest,
    now: DateTime<Utc>,
) -> Result<u64> {
    // A large cache for the batch: the merge state's keys and the search index are written
    // much faster with their upper pages in memory (the usual size is back at the end).
    let cache = crate::store::cache_size(conn)?;
    crate::store::set_cache_size(conn, -262_144)?;
    let loaded = load_in(conn, device, capture, header, manifest, now);
    crate::store::set_cache_size(conn, cache)?;
    loaded
}

fn load_in(
    conn: &mut Connection,
    device: &str,
    capture: &Capture,
    header: &SnapshotHeader,
    manifest: &Manifest,
    now: DateTime<Utc>,
) -> Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut empty = true;
    for e in ENTITIES {
        let any: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM main.{})", e.table),
            [],
            |r| r.get(0),
        )?;
        empty &= !any;
    }
    join_merge_state(&tx, empty)?;
    let written = capture.paused(|| -> Result<u64> {
        if empty {
            let written = copy_rows(&tx)?;
            // Derived, not copied: where merged-away contacts are.
            crate::sync::redirect::refresh(&tx)?;
            Ok(written)
        } else {
            let mut touched = Touched::new();
            for (at, e) in ENTITIES.iter().enumerate() {
                let gids: Vec<String> = tx
                    .prepare(&format!(
                        "SELECT gid FROM snap.{t} WHERE gid IS NOT NULL
                         UNION SELECT row FROM snap.sync_deleted WHERE tbl = '{t}'",
                        t = e.table
                    ))?
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                touched.extend(gids.into_iter().map(|g| (at, g)));
            }
            apply::retry_waiting(&tx, &mut touched)?;
            Ok(apply::materialize(&tx, &touched)?.written as u64)
        }
    })?;
    let newest: Option<String> = tx.query_row(
        "SELECT max(h) FROM (SELECT max(hlc) AS h FROM snap.sync_stamp
             UNION ALL SELECT max(hlc) FROM snap.sync_added
             UNION ALL SELECT max(hlc) FROM snap.sync_deleted)",
        [],
        |r| r.get(0),
    )?;
    if let Some(hlc) = newest.and_then(|h| h.parse().ok()) {
        capture.receive(hlc);
    }
    for d in manifest.devices.iter().filter(|d| d.device != device) {
        if d.seq > sync_peers::get_sync_peer_applied(&tx, &d.device)? {
            sync_peers::update_sync_peer_applied(
                &tx,
                &d.device,
                d.seq,
                i64::from(header.schema_version),
                now.timestamp_millis(),
            )?;
        }
        if let Some(name) = &d.name {
            sync_peers::update_sync_peer_name(&tx, &d.device, name)?;
        }
    }
    // A database behind its own snapshot (restored from a backup) numbers on after it.
    let exported = sync_config::get_sync_config(&tx)?
        .map_or(0, |c| c.exported_seq)
        .max(manifest.seq(device));
    sync_config::update_sync_config_exported(&tx, exported, &capture.last().to_string())?;
    tx.commit()?;
    Ok(written)
}

/// Joins the snapshot's merge state into this database's: a union (the latest stamp of each
/// device per field; every addition, removal and deletion). Into an empty merge state (a
/// new device), the tables are appended to as they are, in their keys' order; and into a
/// database with no synced rows (`no_rows`: its rows are copied), without the stamps of
/// values from before sync of the rows it copies (stamp zero, most of a snapshot of data
/// imported before sync was set up): a stamp zero loses to every change and is never a
/// conflict, so a field without one merges the same, and a snapshot this device writes puts
/// them back (`copy_out`).
fn join_merge_state(tx: &Connection, no_rows: bool) -> Result<()> {
    let fresh: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM main.sync_stamp) AND NOT EXISTS (SELECT 1 FROM main.sync_added)
             AND NOT EXISTS (SELECT 1 FROM main.sync_deleted)",
        [],
        |r| r.get(0),
    )?;
    if fresh {
        tx.execute_batch(&format!(
            "INSERT INTO main.sync_stamp (tbl, row, col, device, hlc, base, value)
                 SELECT tbl, row, col, device, hlc, base, value FROM snap.sync_stamp
                 WHERE {};
             INSERT INTO main.sync_added SELECT * FROM snap.sync_added;
             INSERT INTO main.sync_removed SELECT * FROM snap.sync_removed;
             INSERT INTO main.sync_deleted SELECT * FROM snap.sync_deleted;
             INSERT OR IGNORE INTO main.sync_held SELECT * FROM snap.sync_held;
             INSERT OR IGNORE INTO main.sync_contested SELECT * FROM snap.sync_contested;",
            if no_rows {
                // A row deleted since keeps its values from before sync only as stamps: they
                // are all it comes back with, if it does (an edit made elsewhere after).
                let rows = ENTITIES
                    .iter()
                    .map(|e| format!("SELECT '{t}', gid FROM snap.{t}", t = e.table))
                    .collect::<Vec<_>>()
                    .join(" UNION ALL ");
                format!("hlc <> '{GENESIS}' OR (tbl, row) NOT IN ({rows})")
            } else {
                "true".to_owned()
            }
        ))?;
        return Ok(());
    }
    // Columns where a value of this device's meets one of the snapshot's.
    tx.execute_batch(
        "INSERT OR IGNORE INTO main.sync_contested (tbl, row, col)
             SELECT DISTINCT s.tbl, s.row, s.col FROM snap.sync_stamp s
             JOIN main.sync_stamp m ON m.tbl = s.tbl AND m.row = s.row AND m.col = s.col
                 AND m.device <> s.device;
         INSERT INTO main.sync_stamp (tbl, row, col, device, hlc, base, value)
             SELECT tbl, row, col, device, hlc, base, value FROM snap.sync_stamp WHERE true
             ON CONFLICT (tbl, row, col, device) DO UPDATE
               SET hlc = excluded.hlc, base = excluded.base, value = excluded.value
               WHERE excluded.hlc > sync_stamp.hlc;
         INSERT OR IGNORE INTO main.sync_added SELECT * FROM snap.sync_added;
         INSERT OR IGNORE INTO main.sync_removed SELECT * FROM snap.sync_removed;
         INSERT OR IGNORE INTO main.sync_deleted SELECT * FROM snap.sync_deleted;
         INSERT OR IGNORE INTO main.sync_held SELECT * FROM snap.sync_held;
         INSERT OR IGNORE INTO main.sync_contested SELECT * FROM snap.sync_contested;",
    )?;
    Ok(())
}

/// Into a database with no synced rows: the snapshot's rows as they are (ids too: nothing
/// here refers to any), with the schema's triggers off, then what this device derives from
/// them made again. How many rows of entities were written.
fn copy_rows(conn: &Connection) -> Result<u64> {
    // The tables' indexes are made again after the rows are in: one sort each, instead of
    // an index written row by row.
    let tables = data_tables();
    let mut indexes: Vec<(String, String)> = Vec::new();
    for t in &tables {
        let found: Vec<(String, String)> = conn
            .prepare(
                "SELECT name, sql FROM main.sqlite_master
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
            )?
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        indexes.extend(found);
    }
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX main.\"{name}\""))?;
    }
    crate::store::without_triggers(conn, || {
        conn.execute_batch(
            "INSERT OR IGNORE INTO main.sync_waiting SELECT * FROM snap.sync_waiting",
        )?;
        for t in tables {
            let here = columns(conn, "main", t)?;
            let cols = columns(conn, "snap", t)?
                .into_iter()
                .filter(|c| here.contains(c))
                .collect::<Vec<_>>()
                .join(", ");
            conn.execute_batch(&format!(
                "INSERT INTO main.{t} ({cols}) SELECT {cols} FROM snap.{t}"
            ))?;
        }
        Ok(())
    })?;
    for (_, sql) in &indexes {
        conn.execute_batch(sql)?;
    }
    let region = crate::store::settings::get_default_region(conn)?;
    crate::store::contacts::renormalize_channels(conn, region.as_deref())?;
    conn.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)",
        [],
    )?;
    search::rebuild(conn)?;
    conn.execute(
        "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 4)",
        [],
    )?;
    let mut rows = 0u64;
    for e in ENTITIES {
        rows += conn.query_row(&format!("SELECT count(*) FROM main.{}", e.table), [], |r| {
            r.get::<_, i64>(0)
        })? as u64;
    }
    Ok(rows)
}

/// `1234567` as `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Deletes the snapshots of the same device older than `newest` (fewer changes held).
fn remove_older_snapshots(newest: &Path) -> Result<()> {
    let Some(dir) = newest.parent() else {
        return Ok(());
    };
    let Some(keep) = newest.file_name() else {
        return Ok(());
    };
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if name != keep
            && text.starts_with("snapshot-")
            && text.ends_with(&format!(".{SNAPSHOT_EXT}"))
            && *text < *keep.to_string_lossy()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (260_411, "260,411"),
            (10_557_422, "10,557,422"),
        ];
        for (n, text) in cases {
            assert_eq!(super::grouped(n), text);
        }
    }

    #[test]
    fn scratch_files_a_killed_kith_left_are_removed_once_a_day_old() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, age_hours: u64| {
            let path = dir.path().join(name);
            let f = std::fs::File::create(&path).unwrap();
            let at =
                std::time::SystemTime::now() - std::time::Duration::from_secs(age_hours * 3600);
            f.set_modified(at).unwrap();
            path
        };
        let left = file(".kith-snapshot-in-0123456789abcdef.db", 30);
        let left_wal = file(".kith-snapshot-0123456789abcdef.db-wal", 30);
        let in_use = file(".kith-snapshot-in-fedcba9876543210.db", 0);
        let database = file("kith.db", 30);
        let other = file(".kith-notes-0123456789abcdef.db", 30);
        super::remove_leftovers(dir.path());
        assert!(!left.exists() && !left_wal.exists());
        assert!(in_use.exists() && database.exists() && other.exists());
    }
}
