//! Sync runs by itself while the app is open, from a thread that [`start`] runs beside the
//! window: once sync is set up, a pass a few seconds after start, every two minutes, within
//! [`LOOK`] of a change made here (the window's, the CLI's or the tray's: the thread looks
//! whether any waits to be written out), and whenever the synced folder changes (another
//! computer's change files arriving): the folder's `kith` folder is watched, and a burst of
//! changes waits for a second of quiet before the pass. After a pass that failed, changes
//! made here wait for the two-minute pass or the folder (no retry every two seconds). A pass
//! that applied other computers' changes sends `sync-applied`, on which the window loads
//! again what it shows.
//!
//! A watcher that cannot start (the folder is missing, the system's watch limit is reached)
//! costs nothing but promptness: the timer still runs a pass every two minutes. A failed pass
//! is recorded by the core (`SyncStatus::last_error`, shown in Settings → Sync) and logged
//! once, not at every pass that fails the same way.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kith::model::SyncReport;
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::AppState;

/// The event sent after a pass that applied other computers' changes.
pub const APPLIED: &str = "sync-applied";

/// What a `sync-applied` event carries.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SyncApplied {
    /// Changes read from other computers and applied.
    pub received: u64,
}

/// The first pass waits this long, so that the first screen is drawn before it.
const FIRST: Duration = Duration::from_secs(4);
const EVERY: Duration = Duration::from_secs(2 * 60);
/// How often the thread looks whether changes made here wait to be written out.
const LOOK: Duration = Duration::from_secs(2);
/// A change in the folder waits for this much quiet (a sync tool brings files in bursts)...
const QUIET: Duration = Duration::from_secs(1);
/// ...but no longer than this in all.
const AT_MOST: Duration = Duration::from_secs(10);

/// The background sync's state, managed by the app once [`start`] ran.
#[derive(Debug)]
pub struct Background {
    wake: Mutex<Sender<()>>,
    watching: Mutex<Option<Watching>>,
    /// The folder a watcher could not start on (said once).
    unwatchable: Mutex<Option<PathBuf>>,
    last_error: Mutex<Option<String>>,
}

#[derive(Debug)]
struct Watching {
    folder: PathBuf,
    _watcher: RecommendedWatcher,
}

/// Starts the thread that runs sync passes in the background.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let (wake, woken) = channel();
    app.manage(Background {
        wake: Mutex::new(wake),
        watching: Mutex::new(None),
        unwatchable: Mutex::new(None),
        last_error: Mutex::new(None),
    });
    let spawned = std::thread::Builder::new()
        .name("kith-sync".into())
        .spawn(move || run(&app, &woken));
    if let Err(err) = spawned {
        log::warn!("sync will run only on demand: {err}");
    }
}

fn run<R: Runtime>(app: &AppHandle<R>, woken: &Receiver<()>) {
    std::thread::sleep(FIRST);
    loop {
        watch(app);
        let failed = set_up(app) && pass(app).is_err();
        let next = Instant::now() + EVERY;
        loop {
            let left = next.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match woken.recv_timeout(left.min(LOOK)) {
                Ok(()) => {
                    settle(woken);
                    break;
                }
                Err(RecvTimeoutError::Timeout) if !failed && waiting_here(app) => break,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }
}

/// Whether changes made here wait to be written out (sync set up and not paused).
fn waiting_here<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    state.is_open() && state.with_store(|s| s.sync_waiting_here()).unwrap_or(false)
}

/// Waits until the folder has been quiet for [`QUIET`] (at most [`AT_MOST`]).
fn settle(woken: &Receiver<()>) {
    let started = Instant::now();
    while started.elapsed() < AT_MOST {
        match woken.recv_timeout(QUIET) {
            Ok(()) => {}
            Err(_) => return,
        }
    }
}

fn set_up<R: Runtime>(app: &AppHandle<R>) -> bool {
    let state = app.state::<AppState>();
    state.is_open()
        && state
            .with_store(|s| s.sync_place())
            .is_ok_and(|place| place.is_some_and(|(_, _, paused)| !paused))
}

/// Runs one pass now; after one that applied changes, tells the window.
pub fn pass<R: Runtime>(app: &AppHandle<R>) -> kith::Result<SyncReport> {
    let state = app.state::<AppState>();
    let result = state.with_store(|s| s.sync_now(chrono::Utc::now()));
    match &result {
        Ok(report) => {
            if report.received > 0 || report.rows_written > 0 || report.rows_deleted > 0 {
                let _ = app.emit(
                    APPLIED,
                    SyncApplied {
                        received: report.received,
                    },
                );
            }
            remember_error(app, None);
        }
        Err(err) => remember_error(app, Some(err.to_string())),
    }
    result
}

/// Logs a failed pass's error once, until a pass succeeds or fails otherwise.
fn remember_error<R: Runtime>(app: &AppHandle<R>, error: Option<String>) {
    let Some(background) = app.try_state::<Background>() else {
        return;
    };
    let mut last = background
        .last_error
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if *last != error {
        if let Some(err) = &error {
            log::warn!("sync: {err}");
        }
        *last = error;
    }
}

/// Watches the synced folder, if sync is set up and it is not watched yet (a setup from the
/// window calls this too). Events in this computer's own folder (its own change files being
/// written) are not news and wake nothing.
pub fn watch<R: Runtime>(app: &AppHandle<R>) {
    let Some(background) = app.try_state::<Background>() else {
        return;
    };
    let state = app.state::<AppState>();
    let Ok(Some((folder, device, _))) = state.with_store(|s| s.sync_place()) else {
        return;
    };
    let folder = folder.join("kith");
    let mut watching = background
        .watching
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if watching.as_ref().is_some_and(|w| w.folder == folder) {
        return;
    }
    let wake = background
        .wake
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    match watcher(&folder, folder.join(device), wake) {
        Ok(watcher) => {
            *watching = Some(Watching {
                folder,
                _watcher: watcher,
            });
        }
        Err(err) => {
            let mut unwatchable = background
                .unwatchable
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if unwatchable.as_ref() != Some(&folder) {
                log::warn!(
                    "sync will look at {} every two minutes only: {err}",
                    folder.display()
                );
                *unwatchable = Some(folder);
            }
        }
    }
}

fn watcher(folder: &Path, own: PathBuf, wake: Sender<()>) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let news = match event {
            Ok(event) => event.paths.iter().any(|p| !p.starts_with(&own)),
            Err(_) => true,
        };
        if news {
            let _ = wake.send(());
        }
    })?;
    watcher.watch(folder, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// This computer's name (its host name), or "this computer".
pub fn computer_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.chars().count() <= 100)
        .unwrap_or_else(|| "this computer".into())
}
