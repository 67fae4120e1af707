//! The daily desktop notification, from a thread that [`start`] runs beside the window.
//!
//! Every minute it asks the core (`Store::notification`) whether one is due: at start-up if
//! something is due, then once the user's daily time has passed; at most once a day (the core
//! remembers the day). The decision is the core's; this edge only reads the clock and shows
//! the result. tauri-plugin-notification cannot report a click on desktop, so notify-rust is
//! used directly: on Linux and the BSDs the notification carries the "default" action, and a
//! click on it brings the window forward and emits `open-today`, on which the UI shows Today.
//! On macOS and Windows the notification shows, but its click is not reported.
//!
//! With `KITH_NOTIFY_LOG=<file>` the notification is appended to that file as one line
//! (`day<TAB>title<TAB>body`, the body's lines joined by " / ") instead of being shown: the
//! end-to-end tests read it, and a machine without a notification daemon can too.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use kith::engine::notify::{Moment, Notification};
use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

/// The event that makes the UI show Today.
pub const OPEN_TODAY: &str = "open-today";

/// How often it asks: every minute, or every `KITH_NOTIFY_EVERY_SECS` seconds (the end-to-end
/// tests, which cannot wait a minute).
pub fn every() -> Duration {
    std::env::var("KITH_NOTIFY_EVERY_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs)
}

/// Starts the notification thread for `app`.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new()
        .name("kith-notify".into())
        .spawn(move || {
            let mut moment = Moment::Startup;
            let mut last_error = None;
            loop {
                let state = app.state::<AppState>();
                if state.is_open() {
                    match state.with_store(|s| s.notification(&crate::commands::now(), moment)) {
                        Ok(Some(n)) => show(&app, &n),
                        Ok(None) => {}
                        Err(err) => {
                            let message = err.to_string();
                            if last_error.as_ref() != Some(&message) {
                                log::warn!("could not check for a notification: {message}");
                                last_error = Some(message);
                            }
                        }
                    }
                }
                moment = Moment::Tick;
                std::thread::sleep(every());
            }
        });
    if let Err(err) = spawned {
        log::warn!("notifications are off: {err}");
    }
}

fn show<R: Runtime>(app: &AppHandle<R>, n: &Notification) {
    if let Some(path) = std::env::var_os("KITH_NOTIFY_LOG") {
        if let Err(err) = append(Path::new(&path), n) {
            log::warn!(
                "could not write the notification to {}: {err}",
                Path::new(&path).display()
            );
        }
        return;
    }
    let mut note = notify_rust::Notification::new();
    note.appname("Kith").summary(&n.title).body(&n.body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        note.action("default", "Open Today");
        let app = app.clone();
        // The D-Bus handle stays on the thread that showed it, which then waits (blocking)
        // until the notification is clicked or closed.
        let spawned = std::thread::Builder::new()
            .name("kith-notify-click".into())
            .spawn(move || match note.show() {
                Ok(handle) => handle.wait_for_action(|action: &str| {
                    if action == "default" {
                        open_today(&app);
                    }
                }),
                Err(err) => log::warn!("could not show a notification: {err}"),
            });
        if let Err(err) = spawned {
            log::warn!("could not show a notification: {err}");
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let _ = app;
        if let Err(err) = note.show().map(drop) {
            log::warn!("could not show a notification: {err}");
        }
    }
}

/// Shows the window (made anew if it was closed to the tray) at Today.
pub fn open_today<R: Runtime>(app: &AppHandle<R>) {
    crate::desktop::show(app, crate::desktop::View::Today);
}

fn append(path: &Path, n: &Notification) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{}", kith::engine::notify::log_line(n))
}
