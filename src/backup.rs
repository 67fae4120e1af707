//! Backups: consistent copies of the database in a private folder beside it, and restoring
//! them without ever leaving a half-written database behind.
//!
//! Layout: the database `…/kith.db` has its backups in `…/kith.db-backups/` (mode `0700`),
//! one file each (`0600`), named after the UTC moment it was taken and why
//! ([`BackupKind`]): `kith-20261122-093000.db` for the daily copy,
//! `kith-20261122-093000-manual.db` for one taken with "Back up now", and
//! `…-before-restore.db`, `…-before-import.db`, `…-before-merge.db` for the copy of what
//! was there before a restore (so a restore can be undone), an import or a merge
//! ([`Store::backup_before`]). A second backup of the same kind within the same second is
//! `…-2.db`, and so on.
//!
//! A backup is taken on a read-only connection of its own (one consistent snapshot; in WAL
//! mode it never blocks a writer, so the app takes the daily one on a background thread). It
//! is written so that no half-written file ever carries a backup's name: the pages copied with
//! SQLite's online backup API into a hidden temporary file → `PRAGMA quick_check` on it (the
//! daily and manual copies, not those an import, a merge or a restore waits for: see
//! [`checked`]) → fsync → atomic rename → fsync of the folder. A crash at any point leaves
//! at most a stray `.tmp` file, which the next backup removes.
//!
//! Retention (applied after every new backup), per kind: of the daily copies, the newest of
//! each of the 7 most recent days that have one and the newest of each of the 4 most recent
//! ISO weeks that have one (days and weeks are UTC). Every other kind is kept for 30 days and
//! is no part of the daily rule, so "Back up now" never replaces a daily copy, nor an earlier
//! one of the same day. Copies before imports and before merges come without asking (cleaning
//! up duplicates is one merge after another), so of each of these two kinds only the newest
//! 10 are kept within the 30 days; manual and before-restore copies are all kept 30 days.
//!
//! Restore copies the backup into the open database with SQLite's online backup API, inside
//! one write transaction of the live database: a crash mid-restore leaves the database as it
//! was, and another process with the database open sees either the old or the restored
//! content, never a mix. A damaged database (which cannot be opened at all) is instead set
//! aside under a new name and the newest healthy backup copied into its place
//! ([`restore_newest_into`]).

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDateTime, TimeDelta, Utc};
use rusqlite::{backup::Backup, Connection, OpenFlags, MAIN_DB};
use strum::VariantArray;

use crate::error::{Error, FieldError, Result};
use crate::model::{BackupInfo, BackupKind};
use crate::store::{migrate, Store, SCHEMA_VERSION};

/// A daily backup is due when the newest daily one is at least this old.
const DAILY: TimeDelta = TimeDelta::hours(24);
const KEEP_DAYS: usize = 7;
const KEEP_WEEKS: usize = 4;
/// How long the copies of every kind but the daily one are kept.
const KEEP_OTHERS: TimeDelta = TimeDelta::days(30);
/// How many copies taken before imports (and, apart, before merges) are kept at most.
const KEEP_AUTOMATIC: usize = 10;
const STAMP: &str = "%Y%m%d-%H%M%S";

/// What follows the moment in the file name of a backup of `kind`.
fn suffix(kind: BackupKind) -> &'static str {
    match kind {
        BackupKind::Daily => "",
        BackupKind::BeforeRestore => "-before-restore",
        BackupKind::Manual => "-manual",
        BackupKind::BeforeImport => "-before-import",
        BackupKind::BeforeMerge => "-before-merge",
    }
}

/// The backups of the database at `db`, newest first; works when the database itself cannot
/// be opened.
pub fn list(db: &Path) -> Result<Vec<BackupInfo>> {
    list_in(&backups_dir(db))
}

/// The folder that holds the backups of the database at `db`.
pub fn backups_dir(db: &Path) -> PathBuf {
    let mut name = db
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "kith.db".into());
    name.push("-backups");
    db.with_file_name(name)
}

/// Takes a backup of `kind` of the database at `db` now, on a connection of its own: it reads
/// one consistent snapshot (what is committed) and never blocks writers (WAL), so it can run
/// on a background thread while the app goes on. Then applies the retention rule.
pub fn create(db: &Path, kind: BackupKind, now: DateTime<Utc>) -> Result<BackupInfo> {
    let info = write_backup(db, now, kind)?;
    prune(&backups_dir(db), now)?;
    Ok(info)
}

/// A backup being written on a thread of its own ([`start`]), so that an import can read its
/// file and match and write its records meanwhile. The copy holds what was committed when it
/// began reading, which is before whatever the caller has not committed yet (WAL: a reader
/// never sees another connection's uncommitted pages); the caller commits only after
/// [`PendingBackup::finish`] says the copy is safe on disk. Dropped unfinished, it waits for
/// the copy to end (and keeps it).
#[derive(Debug)]
pub struct PendingBackup(Option<std::thread::JoinHandle<Result<BackupInfo>>>);

/// Starts [`create`] on another thread.
pub fn start(db: &Path, kind: BackupKind, now: DateTime<Utc>) -> Result<PendingBackup> {
    let path = db.to_path_buf();
    std::thread::Builder::new()
        .name("kith-backup".into())
        .spawn(move || create(&path, kind, now))
        .map(|h| PendingBackup(Some(h)))
        .map_err(|e| Error::io(db, &e))
}

impl PendingBackup {
    /// Waits for the copy: the backup, or why it could not be taken.
    pub fn finish(mut self) -> Result<BackupInfo> {
        self.join()
    }

    fn join(&mut self) -> Result<BackupInfo> {
        let handle = self.0.take().ok_or_else(|| Error::Io {
            path: String::new(),
            message: "the backup was already waited for".into(),
        })?;
        handle.join().unwrap_or_else(|_| {
            Err(Error::Io {
                path: String::new(),
                message: "the backup stopped unexpectedly".into(),
            })
        })
    }
}

impl Drop for PendingBackup {
    fn drop(&mut self) {
        if self.0.is_some() {
            let _ = self.join();
        }
    }
}

/// Takes the daily backup of the database at `db` if the newest daily one is a day old or
/// more (or there is none); returns it.
pub fn backup_if_due(db: &Path, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
    let newest = list(db)?.into_iter().find(|b| b.kind == BackupKind::Daily);
    match newest {
        Some(b) if now - b.created_at < DAILY => Ok(None),
        _ => create(db, BackupKind::Daily, now).map(Some),
    }
}

impl Store {
    /// "Back up now": a [`BackupKind::Manual`] backup, kept 30 days whatever else is taken.
    pub fn create_backup(&self, now: DateTime<Utc>) -> Result<BackupInfo> {
        create(self.file()?, BackupKind::Manual, now)
    }

    /// Saves what the database holds before an operation that changes much of it at once:
    /// `kind` is [`BackupKind::BeforeImport`] or [`BackupKind::BeforeMerge`] (any kind is
    /// taken as asked). Call it before the operation's transaction begins: the copy holds
    /// what is committed. `None` when there is no file to copy: an in-memory database, or a
    /// store opened for a dry run ([`Store::open_dry_run`]), which writes nothing.
    pub fn backup_before(
        &self,
        kind: BackupKind,
        now: DateTime<Utc>,
    ) -> Result<Option<BackupInfo>> {
        match self.path() {
            Some(path) if !self.is_dry_run() => create(path, kind, now).map(Some),
            _ => Ok(None),
        }
    }

    /// Takes the daily backup if the newest daily one is a day old or more (or there is
    /// none); returns it.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        backup_if_due(self.file()?, now)
    }

    /// The backups of this database, newest first.
    pub fn list_backups(&self) -> Result<Vec<BackupInfo>> {
        list(self.file()?)
    }

    /// Replaces the whole content of the database with the backup at `backup`, which must be
    /// one of [`Store::list_backups`]. First saves what is there now as a backup (returned, so
    /// the restore can be undone by restoring it). Returns the store, reopened (and upgraded
    /// if the backup had an older schema). On error the database is unchanged.
    pub fn restore_backup(
        mut self,
        backup: &Path,
        now: DateTime<Utc>,
    ) -> Result<(Store, BackupInfo)> {
        let path = self.file()?.to_path_buf();
        let backup = self.listed_backup(backup)?;
        let source = open_checked(&backup, Check::Full)?;
        let undo = write_backup(&path, now, BackupKind::BeforeRestore)?;
        copy_into(&source, &mut self.conn).map_err(|e| {
            Error::database(
                format!(
                    "restoring {} failed and was rolled back: {e}",
                    backup.display()
                ),
                e,
            )
        })?;
        drop(source);
        drop(self);
        Ok((Store::open(&path)?, undo))
    }

    fn file(&self) -> Result<&Path> {
        match self.path() {
            Some(path) if !self.is_dry_run() => Ok(path),
            Some(path) => Err(Error::Io {
                path: path.display().to_string(),
                message: "a dry run takes no backups".into(),
            }),
            None => Err(Error::Io {
                path: ":memory:".into(),
                message: "an in-memory database has no backups".into(),
            }),
        }
    }

    /// `backup`, resolved, if it names one of this database's backups; else an error.
    fn listed_backup(&self, backup: &Path) -> Result<PathBuf> {
        let refuse = |why: &str| Error::Invalid {
            fields: vec![FieldError::new(
                "path",
                format!("{} is not {why}", backup.display()),
            )],
        };
        let dir = backups_dir(self.file()?);
        let listed = list_in(&dir)?;
        let wanted = fs::canonicalize(backup).map_err(|_| refuse("an existing file"))?;
        listed
            .iter()
            .map(|b| PathBuf::from(&b.path))
            .find(|p| fs::canonicalize(p).is_ok_and(|p| p == wanted))
            .ok_or_else(|| refuse(&format!("one of the backups in {}", dir.display())))
    }
}

fn write_backup(db: &Path, now: DateTime<Utc>, kind: BackupKind) -> Result<BackupInfo> {
    let dir = backups_dir(db);
    crate::store::create_private_dir(&dir).map_err(|e| Error::io(&dir, &e))?;
    let target = free_name(&dir, now, kind);
    let tmp = dir.join(format!(
        ".{}.tmp",
        target.file_name().unwrap_or_default().to_string_lossy()
    ));
    let result = (|| {
        let conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::database(format!("{}: {e}", db.display()), e))?;
        remove_if_exists(&tmp)?;
        // Written into an empty file made here, so the copy keeps its private mode.
        create_private_empty(&tmp)?;
        copy_pages(&conn, &tmp).map_err(|e| {
            Error::database(
                format!("could not write the backup {}: {e}", tmp.display()),
                e,
            )
        })?;
        drop(conn);
        if checked(kind) {
            drop(open_checked(&tmp, Check::Quick)?);
        }
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&tmp, &e))?;
        fs::rename(&tmp, &target).map_err(|e| Error::io(&target, &e))?;
        sync_dir(&dir)?;
        info_of(&target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?.ok_or_else(|| Error::Io {
        path: target.display().to_string(),
        message: "the backup vanished as it was written".into(),
    })
}

/// Whether a new backup of `kind` is checked (`quick_check`) before it takes its name: the
/// daily and the manual ones, which nobody waits for. The copies taken before an import, a
/// merge or a restore are what the person waits for, and checking 100,000 contacts' copy took
/// longer than copying it (0.4 s against 0.25 s): the copy is the database's own pages, as
/// committed, so a check reads back what the page cache has just been given.
fn checked(kind: BackupKind) -> bool {
    matches!(kind, BackupKind::Daily | BackupKind::Manual)
}

/// Copies what is committed in the database of `source` into the empty file `tmp`, page by
/// page with SQLite's online backup API in a single step (one read transaction: one
/// consistent snapshot, half the time `VACUUM INTO` took, which rebuilds every index), then
/// makes the copy a rollback-journal database (its pages came with the WAL mode of the live
/// one), so that opening a backup never leaves `-wal` and `-shm` files beside it.
fn copy_pages(source: &Connection, tmp: &Path) -> rusqlite::Result<()> {
    let mut target = Connection::open(tmp)?;
    target.pragma_update(None, "synchronous", "OFF")?;
    copy_into(source, &mut target)?;
    drop(target);
    let target = Connection::open(tmp)?;
    target.pragma_update(None, "journal_mode", "DELETE")?;
    Ok(())
}

/// For a database that cannot be opened because it is damaged: renames it (and its `-wal`
/// and `-shm`) to `<name>.damaged-<stamp>` and copies the newest backup that passes an
/// integrity check into its place. Refuses when the database is not damaged: restoring over
/// a healthy database is [`Store::restore_backup`]'s job (it keeps an undo copy).
pub fn restore_newest_into(db: &Path, now: DateTime<Utc>) -> Result<BackupInfo> {
    match Store::check_damaged(db) {
        Err(Error::Damaged { .. }) => {}
        Err(other) => return Err(other),
        Ok(()) => {
            return Err(Error::Invalid {
                fields: vec![FieldError::new(
                    "path",
                    format!(
                        "{} is not damaged; to go back to a backup, pick one to restore",
                        db.display()
                    ),
                )],
            })
        }
    }
    let dir = backups_dir(db);
    let backup = list_in(&dir)?
        .into_iter()
        .find(|b| open_checked(Path::new(&b.path), Check::Full).is_ok())
        .ok_or_else(|| Error::Io {
            path: dir.display().to_string(),
            message: "there is no healthy backup to restore".into(),
        })?;
    let stamp = now.format(STAMP);
    for suffix in ["", "-wal", "-shm"] {
        let from = sibling(db, suffix);
        if from.exists() {
            let to = sibling(db, &format!("{suffix}.damaged-{stamp}"));
            fs::rename(&from, &to).map_err(|e| Error::io(&from, &e))?;
        }
    }
    let tmp = sibling(db, ".restore.tmp");
    remove_if_exists(&tmp)?;
    create_private_empty(&tmp)?;
    fs::copy(&backup.path, &tmp).map_err(|e| Error::io(&tmp, &e))?;
    File::open(&tmp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(&tmp, &e))?;
    fs::rename(&tmp, db).map_err(|e| Error::io(db, &e))?;
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        sync_dir(parent)?;
    }
    Ok(backup)
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// How [`open_checked`] checks a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// `integrity_check`: also that every index agrees with its table. For a backup about to
    /// replace the database.
    Full,
    /// `quick_check`: every page read and every b-tree well formed — what writing a file can
    /// break. For a daily or manual copy just written; five times faster than `Full` on a
    /// large database.
    Quick,
}

/// Opens a backup read-only and checks (`check`) it is a healthy Kith database this version
/// can open.
fn open_checked(path: &Path, check: Check) -> Result<Connection> {
    let damaged = |message: String| Error::Damaged {
        path: path.display().to_string(),
        message,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(e.to_string()))?;
    let pragma = match check {
        Check::Full => "PRAGMA integrity_check(1)",
        Check::Quick => "PRAGMA quick_check(1)",
    };
    let verdict: String = conn
        .query_row(pragma, [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    let version = migrate::user_version(&conn)?;
    if !(1..=SCHEMA_VERSION).contains(&version) {
        return Err(Error::NotADatabase {
            path: path.display().to_string(),
            reason: format!(
                "its schema version is {version}; this Kith knows 1 to {SCHEMA_VERSION}"
            ),
        });
    }
    Ok(conn)
}

/// Copies every page of `source` into `target` in one step, so in one write transaction of
/// `target`. Waits up to 10 s for another connection's write to end.
fn copy_into(source: &Connection, target: &mut Connection) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    let backup = Backup::new_with_names(source, MAIN_DB, target, MAIN_DB)?;
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(50))
            }
            // The enum is non-exhaustive: anything new is treated as "try again".
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the database stayed busy for 10 s".into()),
    ))
}

fn free_name(dir: &Path, now: DateTime<Utc>, kind: BackupKind) -> PathBuf {
    let stamp = now.format(STAMP).to_string();
    let suffix = suffix(kind);
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("kith-{stamp}{suffix}.db")),
            n => dir.join(format!("kith-{stamp}{suffix}-{n}.db")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("kith-{stamp}{suffix}.db")))
}

/// Parses a backup's file name: its moment, kind and sequence number (2, 3, ... for later
/// backups within the same second), or None for any other file.
fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupKind, u32)> {
    let rest = name.strip_prefix("kith-")?.strip_suffix(".db")?;
    let stamp = rest.get(..15)?;
    let tail = &rest[15..];
    // No suffix starts with another, and a daily backup has none.
    let (kind, tail) = BackupKind::VARIANTS
        .iter()
        .filter(|k| !suffix(**k).is_empty())
        .find_map(|k| Some((*k, tail.strip_prefix(suffix(*k))?)))
        .unwrap_or((BackupKind::Daily, tail));
    let seq = match tail {
        "" => 1,
        _ => tail
            .strip_prefix('-')
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))?
            .parse()
            .ok()?,
    };
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    Some((at.and_utc(), kind, seq))
}

fn info_of(path: &Path) -> Result<Option<BackupInfo>> {
    Ok(parsed(path)?.map(|(info, _)| info))
}

/// Orders backups taken within the same second (their names only have seconds): when each
/// file was written, and its sequence number within its kind.
type Within = (Option<std::time::SystemTime>, u32);

/// The backup at `path` and its order within its second.
fn parsed(path: &Path) -> Result<Option<(BackupInfo, Within)>> {
    let Some((created_at, kind, seq)) = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(parse_name)
    else {
        return Ok(None);
    };
    let meta = match fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, &e)),
    };
    let info = BackupInfo {
        path: path.display().to_string(),
        created_at,
        size_bytes: meta.len(),
        kind,
    };
    Ok(Some((info, (meta.modified().ok(), seq))))
}

/// The backups in `dir`, newest first (none if the folder does not exist).
fn list_in(dir: &Path) -> Result<Vec<BackupInfo>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, &e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        if let Some(found) = parsed(&entry.path())? {
            out.push(found);
        }
    }
    // Newest first; within one second, the one written last first.
    out.sort_by(|(a, a_within), (b, b_within)| {
        (b.created_at, b_within).cmp(&(a.created_at, a_within))
    });
    Ok(out.into_iter().map(|(info, _)| info).collect())
}

/// Which of `backups` (newest first) the retention rule keeps.
fn kept(backups: &[BackupInfo], now: DateTime<Utc>) -> HashSet<String> {
    let mut keep = HashSet::new();
    let mut days = HashSet::new();
    let mut weeks = HashSet::new();
    let (mut imports, mut merges) = (0, 0);
    for b in backups {
        let recent = now - b.created_at < KEEP_OTHERS;
        match b.kind {
            BackupKind::BeforeRestore | BackupKind::Manual => {
                if recent {
                    keep.insert(b.path.clone());
                }
            }
            BackupKind::BeforeImport | BackupKind::BeforeMerge => {
                let count = match b.kind {
                    BackupKind::BeforeImport => &mut imports,
                    _ => &mut merges,
                };
                if recent && *count < KEEP_AUTOMATIC {
                    *count += 1;
                    keep.insert(b.path.clone());
                }
            }
            BackupKind::Daily => {
                let day = b.created_at.date_naive();
                if days.len() < KEEP_DAYS && days.insert(day) {
                    keep.insert(b.path.clone());
                }
                let week = day.iso_week();
                if weeks.len() < KEEP_WEEKS && weeks.insert((week.year(), week.week())) {
                    keep.insert(b.path.clone());
                }
            }
        }
    }
    keep
}

fn prune(dir: &Path, now: DateTime<Utc>) -> Result<()> {
    let backups = list_in(dir)?;
    let keep = kept(&backups, now);
    for b in backups.iter().filter(|b| !keep.contains(&b.path)) {
        remove_if_exists(Path::new(&b.path))?;
    }
    Ok(())
}

fn remove_if_exists(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, &e)),
        _ => Ok(()),
    }
}

fn create_private_empty(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(dir, &e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    fn daily(t: DateTime<Utc>) -> BackupInfo {
        BackupInfo {
            path: format!("kith-{}.db", t.format(STAMP)),
            created_at: t,
            size_bytes: 1,
            kind: BackupKind::Daily,
        }
    }

    #[test]
    fn names_round_trip_and_other_files_are_not_backups() {
        let t = at(2026, 11, 22, 9);
        for (name, kind, n) in [
            ("kith-20261122-090000.db", BackupKind::Daily, 1),
            ("kith-20261122-090000-12.db", BackupKind::Daily, 12),
            (
                "kith-20261122-090000-before-restore.db",
                BackupKind::BeforeRestore,
                1,
            ),
            ("kith-20261122-090000-manual-2.db", BackupKind::Manual, 2),
        ] {
            assert_eq!(parse_name(name), Some((t, kind, n)), "{name}");
        }
        for kind in BackupKind::VARIANTS.iter().copied() {
            let dir = Path::new("backups");
            let name = free_name(dir, t, kind);
            let name = name
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            assert_eq!(parse_name(name), Some((t, kind, 1)), "{name}");
        }
        for other in [
            "kith.db",
            ".kith-20261122-090000.db.tmp",
            "kith-20261122-090000.db-wal",
            "kith-20261322-090000.db",
            "kith-20261122-090000-x.db",
            "kith-20261122-090000-manual-.db",
            "kith-20261122-090000-before-export.db",
            "kith-20261122-090000-.db",
            "kith-2026.db",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn retention_keeps_7_days_and_4_weeks() {
        // Two backups a day (6:00 and 18:00) from 2026-10-01 to Sunday 2026-11-22.
        let now = at(2026, 11, 22, 20);
        let mut all = Vec::new();
        let mut t = at(2026, 10, 1, 6);
        while t <= now {
            all.push(daily(t));
            t += TimeDelta::hours(12);
        }
        all.reverse();
        let keep = kept(&all, now);
        let mut kept_times: Vec<_> = all
            .iter()
            .filter(|b| keep.contains(&b.path))
            .map(|b| b.created_at)
            .collect();
        kept_times.sort();
        // The 18:00 copy of each of the last 7 days (Nov 16–22), and the newest of each of
        // the 4 last ISO weeks: W47 (Nov 16–22, its newest is Nov 22 already kept), W46
        // (ends Sun Nov 15), W45 (Nov 8), W44 (Nov 1).
        let expected: Vec<_> = [1, 8, 15, 16, 17, 18, 19, 20, 21, 22]
            .into_iter()
            .map(|d| at(2026, 11, d, 18))
            .collect();
        assert_eq!(kept_times, expected);
    }

    #[test]
    fn before_restore_copies_are_kept_for_30_days_and_do_not_displace_dailies() {
        let now = at(2026, 11, 22, 20);
        let mut undo = daily(at(2026, 11, 22, 19));
        undo.kind = BackupKind::BeforeRestore;
        undo.path = "undo-new".into();
        let mut old_undo = daily(at(2026, 10, 20, 19));
        old_undo.kind = BackupKind::BeforeRestore;
        old_undo.path = "undo-old".into();
        let today = daily(at(2026, 11, 22, 6));
        let keep = kept(&[undo, today.clone(), old_undo], now);
        assert!(keep.contains("undo-new"));
        assert!(!keep.contains("undo-old"));
        assert!(keep.contains(&today.path));
    }

    fn of(kind: BackupKind, t: DateTime<Utc>, path: &str) -> BackupInfo {
        BackupInfo {
            path: path.into(),
            kind,
            ..daily(t)
        }
    }

    #[test]
    fn manual_copies_are_kept_30_days_beside_the_daily_ones() {
        let now = at(2026, 11, 22, 20);
        let all = [
            of(BackupKind::Manual, at(2026, 11, 22, 19), "manual-2"),
            of(BackupKind::Manual, at(2026, 11, 22, 18), "manual-1"),
            daily(at(2026, 11, 22, 6)),
            of(BackupKind::Manual, at(2026, 10, 24, 6), "manual-29-days"),
            of(BackupKind::Manual, at(2026, 10, 22, 19), "manual-31-days"),
        ];
        let keep = kept(&all, now);
        assert!(keep.contains("manual-2") && keep.contains("manual-1"));
        assert!(keep.contains(&all[2].path), "the day's daily copy stays");
        assert!(keep.contains("manual-29-days"));
        assert!(!keep.contains("manual-31-days"));
    }

    #[test]
    fn of_the_copies_before_imports_and_merges_the_newest_10_of_each_are_kept() {
        let now = at(2026, 11, 22, 20);
        let mut all = Vec::new();
        for h in (0..12).rev() {
            let t = at(2026, 11, 22, h);
            all.push(of(BackupKind::BeforeMerge, t, &format!("merge-{h}")));
            all.push(of(BackupKind::BeforeImport, t, &format!("import-{h}")));
        }
        all.push(of(
            BackupKind::BeforeImport,
            at(2026, 10, 20, 1),
            "import-old",
        ));
        let keep = kept(&all, now);
        for h in 2..12 {
            assert!(keep.contains(&format!("merge-{h}")), "merge-{h}");
            assert!(keep.contains(&format!("import-{h}")), "import-{h}");
        }
        for gone in ["merge-0", "merge-1", "import-0", "import-1", "import-old"] {
            assert!(!keep.contains(gone), "{gone}");
        }
    }
}
