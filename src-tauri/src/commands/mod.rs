//! Tauri commands, one file per area. Each is thin: unpack, call one core function, return
//! the core's error unchanged. A new command is registered in `lib.rs` (`builder`), named in
//! `build.rs` (which generates its `allow-` permission) and granted in
//! `capabilities/main.json`; `tests/ipc.rs` checks the three lists agree.

pub mod app;
pub mod asks;
pub mod backup;
pub mod capture;
pub mod contacts;
pub mod duplicates;
pub mod engine;
pub mod interactions;
pub mod interests;
pub mod io;
pub mod relationships;
pub mod review;
pub mod search;
pub mod sync;

use chrono::{DateTime, Local, Offset, Utc};
use kith::engine::Now;

/// Now, with this machine's UTC offset: the edge reads the clock, the engine never does.
pub fn now() -> Now {
    now_or(None)
}

/// `as_of` (or now, if none) with this machine's UTC offset at that moment.
pub fn now_or(as_of: Option<DateTime<Utc>>) -> Now {
    let at = as_of.unwrap_or_else(Utc::now);
    Now {
        at,
        offset: at.with_timezone(&Local).offset().fix(),
    }
}
