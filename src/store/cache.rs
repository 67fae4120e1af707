//! Derived figures kept between calls, until the data or the moment they describe changes.
//!
//! Some answers cost a pass over every history (the health of everyone for the People list
//! sorted by health, the Review's shared evaluation) and are asked for again and again with
//! nothing changed in between. The store keeps the last answer of each kind in a [`Memo`],
//! keyed by a [`CacheKey`]: the [`DataStamp`] (which moves on any write, through this
//! connection or another) and the moment the figure is for. A key that differs in any part
//! means the value is computed again, with one exception: the health of everyone is brought
//! up to date after writes through this connection by computing again only the contacts they
//! changed ([`super::health_dirty`] marks them), and kept under the new key.
//!
//! The values are computed by higher layers (`ops`), whose types the store does not know:
//! a memo holds them type-erased and hands them back only as the type they were put in as.

use std::any::Any;
use std::cell::RefCell;
use std::sync::Arc;

use rusqlite::Connection;

use crate::error::Result;

/// What moves whenever the data does: SQLite's `data_version` (a commit by another
/// connection) and this connection's `total_changes` (a write through it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataStamp {
    pub version: i64,
    pub changes: u64,
}

impl DataStamp {
    /// The stamp of the data `conn` sees now.
    pub fn of(conn: &Connection) -> Result<Self> {
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(Self {
            version,
            changes: conn.total_changes(),
        })
    }
}

/// What a kept value was computed for: the data, a moment (in whatever unit the value
/// depends on: an hour, a millisecond) and the UTC offset its local days were taken in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheKey {
    pub stamp: DataStamp,
    pub at: i64,
    pub offset: i32,
}

/// The last value of one kind, and the key it was computed for.
#[derive(Debug, Default)]
pub struct Memo(RefCell<Option<(CacheKey, Arc<dyn Any + Send + Sync>)>>);

impl Memo {
    /// The kept value, if it was computed for `key` and put in as a `V`.
    pub fn get<V: Any + Send + Sync>(&self, key: &CacheKey) -> Option<Arc<V>> {
        let kept = self.0.borrow();
        let (k, value) = kept.as_ref()?;
        if k != key {
            return None;
        }
        Arc::clone(value).downcast::<V>().ok()
    }

    /// The kept value and the key it was computed for, whatever that key, if it was put in
    /// as a `V`: for a value that can be brought up to date rather than computed again.
    pub fn last<V: Any + Send + Sync>(&self) -> Option<(CacheKey, Arc<V>)> {
        let kept = self.0.borrow();
        let (k, value) = kept.as_ref()?;
        Some((*k, Arc::clone(value).downcast::<V>().ok()?))
    }

    /// Forgets the kept value.
    pub fn clear(&self) {
        *self.0.borrow_mut() = None;
    }

    /// Keeps `value`, computed for `key`, in place of the last one.
    pub fn put<V: Any + Send + Sync>(&self, key: CacheKey, value: Arc<V>) {
        *self.0.borrow_mut() = Some((key, value));
    }
}

/// Every memo a [`Store`](super::Store) keeps.
#[derive(Debug, Default)]
pub struct Caches {
    /// The health of every live contact but me (archived ones too), by id (`ops::engine`), per
    /// hour; brought up to date after writes through this connection (see `health_dirty`).
    pub health: Memo,
    /// The Review's shared evaluation (`ops::review`), per moment.
    pub review: Memo,
}
