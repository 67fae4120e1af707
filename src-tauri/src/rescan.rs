//! Sources are read again at start-up and every hour while the app runs, from a thread that
//! [`start`] runs beside the window: only what is new since each source's last read (appended
//! mail, new Maildir files, a changed calendar), which costs milliseconds when nothing is. The
//! read sends the same `capture-progress` events as one the person started (the window shows
//! its progress and can cancel it), then `sources-read` with how many interactions it made,
//! on which the window loads again what it shows.

use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::commands::capture::progress;
use crate::AppState;

/// The event sent after a background read.
pub const READ: &str = "sources-read";

/// What a `sources-read` event carries.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SourcesRead {
    /// Interactions the read made.
    pub interactions: u32,
}

/// The first read waits this long, so that the first screen is drawn before it.
const FIRST: Duration = Duration::from_secs(5);
const EVERY: Duration = Duration::from_secs(60 * 60);

/// Starts the thread that reads every source again at start-up and every hour.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("kith-rescan".into())
        .spawn(move || {
            std::thread::sleep(FIRST);
            loop {
                read(&app);
                std::thread::sleep(EVERY);
            }
        });
    if let Err(err) = spawned {
        log::warn!("sources will be read only on demand: {err}");
    }
}

fn read<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if !state.is_open() {
        return;
    }
    let mut progress = progress(app, &state);
    match state.with_read(|s| s.scan_sources(None, chrono::Utc::now(), &mut progress)) {
        Ok(reports) => {
            let interactions = reports.iter().map(|r| r.totals.interactions).sum();
            let _ = app.emit(READ, SourcesRead { interactions });
        }
        Err(err) => log::warn!("could not read the sources again: {err}"),
    }
}
