//! Kith's core: the data model, the SQLite store and (in later issues) the engine and the
//! importers. The desktop app (`src-tauri/`) and the `kith` CLI are thin shells over this
//! crate; it never depends on Tauri or on any UI code, and it never reads the clock — callers
//! pass `now` in, so every result is reproducible.

pub mod backup;
pub mod desktop;
pub mod engine;
pub mod error;
pub mod identity;
pub mod io;
pub mod meaning;
pub mod model;
pub mod ops;
pub mod stderr_log;
pub mod store;
pub mod sync;
pub mod validate;

/// mimalloc for every program built on the core (the CLI, the app, the tests and benchmarks):
/// with glibc's allocator an import of 10,000 vCards spent a fifth of its time in `malloc`
/// and `free` (perf, 2026-12-01).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use error::{Error, FieldError, Result};
pub use store::Store;
