//! The app's managed state: the store, or the reason it could not be opened. After every
//! command that changed the database, the calendar file beside it is rewritten.
//!
//! Keeping the open error (rather than exiting) lets the window explain it to the user; every
//! command then returns that same error, so nothing can write to a database that was refused.

use std::path::PathBuf;
use std::sync::Mutex;

use kith::{Error, Store};

/// Keeps the calendar file beside the database current (see `docs/EXPORT.md`); a failure to
/// write it never fails the command that changed the data.
fn refresh_calendar(store: &Store, changes_before: Option<u64>) {
    if let Err(err) = store.refresh_calendar(changes_before, chrono::Utc::now()) {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("kith: could not update the calendar file: {err}");
        }
    }
}

#[derive(Debug)]
pub struct AppState {
    store: Result<Mutex<Store>, Error>,
}

impl AppState {
    /// Opens the database at `path`, else at `$KITH_DB` or the default location.
    pub fn open(path: Option<PathBuf>) -> Self {
        let store = kith::store::resolve_path(path).and_then(|p| {
            let mut store = Store::open(&p)?;
            store.purge_expired_trash(chrono::Utc::now())?;
            refresh_calendar(&store, None);
            Ok(store)
        });
        if let Err(err) = &store {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("kith: error: {err}");
            }
        }
        Self {
            store: store.map(Mutex::new),
        }
    }

    /// Runs `f` with exclusive use of the store.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> kith::Result<T>) -> kith::Result<T> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held cannot leave a transaction open (rusqlite rolls
        // back on drop), so the store is still consistent and safe to keep using.
        let mut guard = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let before = guard.total_changes();
        let result = f(&mut guard);
        if guard.total_changes() != before {
            refresh_calendar(&guard, Some(before));
        }
        result
    }

    pub fn is_open(&self) -> bool {
        self.store.is_ok()
    }
}
