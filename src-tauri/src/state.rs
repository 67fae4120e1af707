//! The app's managed state: the store, or the reason it could not be opened.
//!
//! Keeping the open error (rather than exiting) lets the window explain it to the user; every
//! command then returns that same error, so nothing can write to a database that was refused.

use std::path::PathBuf;
use std::sync::Mutex;

use kith::{Error, Store};

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
        f(&mut guard)
    }

    pub fn is_open(&self) -> bool {
        self.store.is_ok()
    }
}
