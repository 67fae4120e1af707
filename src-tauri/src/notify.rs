//! The daily desktop notification while the window is open, from a thread that [`start`] runs
//! beside it.
//!
//! The rules and the code are the core's, shared with `kith-tray`, which notifies while only
//! the tray runs (`kith::desktop::notifier`): every minute a [`Notifier`] asks `Store::notification`
//! whether one is due (at start-up if something is due, then once the user's daily time has
//! passed; at most once a day), and [`notifier::deliver`] shows it, or writes it to
//! `$KITH_NOTIFY_LOG`. This edge only reads the clock, reaches the store through the app's
//! state, and says what a click does: on Linux and the BSDs a click brings the window forward
//! and emits `open-today`, on which the UI shows Today.

use kith::desktop::notifier::{self, Notifier};
use kith::desktop::CONTINUED;
use tauri::{AppHandle, Manager, Runtime};

use crate::AppState;

/// The event that makes the UI show Today.
pub const OPEN_TODAY: &str = "open-today";

/// Starts the notification thread for `app`. A start that continues a running Kith (opened
/// from the tray: [`CONTINUED`]) does not ask as at start-up.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let continued = std::env::args().any(|a| a == CONTINUED);
    let spawned = std::thread::Builder::new()
        .name("kith-notify".into())
        .spawn(move || {
            let mut notifier = Notifier::new(continued);
            loop {
                let state = app.state::<AppState>();
                if state.is_open() {
                    let found = notifier.check(|moment| {
                        state.with_store(|s| s.notification(&crate::commands::now(), moment))
                    });
                    if let Some(n) = found {
                        let app = app.clone();
                        notifier::deliver(&n, move || open_today(&app));
                    }
                } else {
                    notifier.skip();
                }
                std::thread::sleep(notifier::every());
            }
        });
    if let Err(err) = spawned {
        log::warn!("notifications are off: {err}");
    }
}

/// Shows the window (made anew if it was closed) at Today.
pub fn open_today<R: Runtime>(app: &AppHandle<R>) {
    crate::desktop::show(app, crate::desktop::View::Today);
}
