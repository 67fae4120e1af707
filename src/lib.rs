//! Kith's core: the data model, the SQLite store and (in later issues) the engine and the
//! importers. The desktop app (`src-tauri/`) and the `kith` CLI are thin shells over this
//! crate; it never depends on Tauri or on any UI code, and it never reads the clock — callers
//! pass `now` in, so every result is reproducible.

pub mod backup;
pub mod engine;
pub mod error;
pub mod identity;
pub mod io;
pub mod model;
pub mod ops;
pub mod store;
pub mod validate;

pub use error::{Error, FieldError, Result};
pub use store::Store;
