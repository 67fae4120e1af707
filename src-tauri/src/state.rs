//! The app's managed state: the store, or the reason it could not be opened. After every
//! command that changed the database, the calendar file beside it is rewritten.
//!
//! Keeping the open error (rather than exiting) lets the window explain it to the user; every
//! command then returns that same error, so nothing can write to a database that was refused.
//! A restore swaps the store for a new one under the same lock, so no command ever sees a
//! half-restored database.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use kith::model::BackupInfo;
use kith::{Error, Store};

/// Keeps the calendar file beside the database current (see `docs/EXPORT.md`); a failure to
/// write it never fails the command that changed the data.
fn refresh_calendar(store: &Store, changes_before: Option<u64>) {
    if let Err(err) = store.refresh_calendar(changes_before, Utc::now()) {
        log::warn!("could not update the calendar file: {err}");
    }
}

#[derive(Debug)]
struct Slot {
    /// The database file, once resolved (None only if even the path could not be found).
    path: Option<PathBuf>,
    store: Result<Store, Error>,
    /// Whether the open database has been checked for damage in this run (at open, or by
    /// [`AppState::check_after_start`]).
    checked: bool,
}

#[derive(Debug)]
pub struct AppState {
    slot: Mutex<Slot>,
    /// Set to stop the source read in progress (it holds the store, so the flag lives
    /// outside the lock).
    capture_stop: Arc<AtomicBool>,
}

/// Opens the store at `path` (its damage check left for after the first paint, unless the
/// schema is to be upgraded: see `kith::store::Check::Deferred`), purges the trash past its
/// 30 days, writes the calendar file
/// beside it (see `docs/EXPORT.md`), and starts the daily
/// backup if it is due, on a thread of its own (it reads a snapshot on its own connection, so
/// the window opens without waiting for it). A failed backup does not keep the app from
/// using the database; it is logged (`kith::stderr_log`) and tried again at the next
/// start.
fn open_store(path: &Path, now: DateTime<Utc>) -> kith::Result<Store> {
    let mut store = Store::open_with(path, kith::store::Check::Deferred, now)?;
    store.purge_expired_trash(now)?;
    store.infer_default_region(&kith::ops::system_locale())?;
    refresh_calendar(&store, None);
    let path = path.to_owned();
    std::thread::spawn(move || {
        if let Err(err) = kith::backup::backup_if_due(&path, now) {
            log::warn!("the daily backup failed: {err}");
        }
    });
    Ok(store)
}

impl AppState {
    /// Opens the database at `path`, else at `$KITH_DB` or the default location.
    pub fn open(path: Option<PathBuf>) -> Self {
        let path = kith::store::resolve_path(path);
        let store = match &path {
            Ok(p) => open_store(p, Utc::now()),
            Err(e) => Err(e.clone()),
        };
        if let Err(err) = &store {
            log::error!("{err}");
        }
        let checked = store.as_ref().map_or(true, Store::checked_on_open);
        Self {
            slot: Mutex::new(Slot {
                path: path.ok(),
                store,
                checked,
            }),
            capture_stop: Arc::default(),
        }
    }

    /// Runs the source read `f` with exclusive use of the store. The stop flag is cleared once
    /// the store is held: a cancel given before (to a read that has ended, or while this one
    /// waited for another to end) does not stop this one.
    pub fn with_read<T>(&self, f: impl FnOnce(&mut Store) -> kith::Result<T>) -> kith::Result<T> {
        self.with_store(|s| {
            self.capture_stop.store(false, Ordering::SeqCst);
            f(s)
        })
    }

    /// Stops the source read in progress after its current batch.
    pub fn cancel_read(&self) {
        self.capture_stop.store(true, Ordering::SeqCst);
    }

    /// The flag a read checks after each batch.
    pub fn capture_stop(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.capture_stop)
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        // A panic while the lock was held cannot leave a transaction open (rusqlite rolls
        // back on drop), so the store is still consistent and safe to keep using.
        self.slot
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with exclusive use of the store.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> kith::Result<T>) -> kith::Result<T> {
        let mut slot = self.lock();
        match &mut slot.store {
            Ok(store) => {
                let before = store.total_changes();
                let result = f(store);
                if store.total_changes() != before {
                    refresh_calendar(store, Some(before));
                }
                result
            }
            Err(e) => Err(e.clone()),
        }
    }

    pub fn is_open(&self) -> bool {
        self.lock().store.is_ok()
    }

    /// Checks the open database for damage if opening it did not (see
    /// `kith::store::Check::Deferred`). The UI runs it once its first screen is painted, so
    /// that reading a large file does not delay the start. The check reads on
    /// its own connection, without holding the lock; a damaged database is then closed and
    /// its error returned, as at start-up (the UI offers the newest good backup).
    pub fn check_after_start(&self) -> kith::Result<()> {
        let path = {
            let mut slot = self.lock();
            if let Err(e) = &slot.store {
                return Err(e.clone());
            }
            if slot.checked {
                return Ok(());
            }
            slot.checked = true;
            slot.path.clone().ok_or_else(no_path)?
        };
        match Store::check_damaged(&path) {
            Err(e @ Error::Damaged { .. }) => {
                let mut slot = self.lock();
                if slot.path.as_deref() == Some(path.as_path()) {
                    slot.store = Err(e.clone());
                }
                Err(e)
            }
            other => other,
        }
    }

    /// Replaces the open database with the backup at `backup`; returns the snapshot of what
    /// was there before. If the restore fails, the database that was open is opened again.
    pub fn restore_backup(&self, backup: &Path) -> kith::Result<BackupInfo> {
        let mut slot = self.lock();
        let path = slot.path.clone().ok_or_else(no_path)?;
        let current = std::mem::replace(&mut slot.store, Err(no_path()))?;
        let now = Utc::now();
        match current.restore_backup(backup, now) {
            Ok((store, undo)) => {
                slot.checked = true;
                slot.store = Ok(store);
                Ok(undo)
            }
            Err(e) => {
                slot.store = open_store(&path, now);
                Err(e)
            }
        }
    }

    /// For a database that could not be opened (damaged): sets it aside and puts the newest
    /// good backup in its place, then opens it. Returns the backup that was restored.
    pub fn restore_newest_backup(&self) -> kith::Result<BackupInfo> {
        let mut slot = self.lock();
        let path = slot.path.clone().ok_or_else(no_path)?;
        let now = Utc::now();
        let restored = kith::backup::restore_newest_into(&path, now)?;
        slot.store = open_store(&path, now);
        slot.checked = true;
        slot.store.as_ref().map_err(Clone::clone)?;
        Ok(restored)
    }
}

fn no_path() -> Error {
    Error::Io {
        path: "$XDG_DATA_HOME".into(),
        message: "no database file is open".into(),
    }
}
