//! `kith-tray [--db PATH] [--continued]`: Kith waiting in the tray, in a process of its own that
//! does not link WebKit.
//!
//! Why a second program: the desktop app links WebKitGTK and starts it even with no window, so
//! an app left running in the tray cost ≈190 MB (≈120 MB started hidden), against a target of
//! 60 MB (issue 18, docs/PERFORMANCE.md). So when the person closes the window to the tray, and
//! when Kith starts at login (`kith-app --hidden`), `kith-app` hands over to this program and
//! exits; this one starts `kith-app` again when the window is wanted, and exits. The person sees
//! one Kith throughout: the same icon, the same menu, the same notifications.
//!
//! The contract, kept by both programs:
//! - It runs on the database given by `--db PATH`, else `$KITH_DB`, else the default file (the
//!   rule of the app and the CLI), and holds the one-Kith lock as the tray
//!   (`kith::desktop::instance`): a second `kith-tray`, or one started while the app runs, exits
//!   at once, quietly (status 0). An app started on the same database asks it to quit (SIGTERM),
//!   and it does: the icon goes and the lock is free for the app.
//! - The tray menu is the app's: Open Kith, Log an interaction…, Today (how much is due, as
//!   the app counts it: `Store::due_today_count`), Pause notifications for today, Quit Kith. The
//!   first three start `kith-app --db PATH` (at Today, or with the Log open) found beside this
//!   program, else on `PATH`, then this program exits; Pause marks today as notified in the
//!   database (`Store::pause_notifications_today`); Quit exits, leaving nothing running.
//! - The Today line is brought up to date, and the daily notification asked for, every minute
//!   (`kith::desktop::notifier`: the app's rules and code); a click on the notification starts
//!   the app at Today. With `--continued` (the app passes it when the window closes to the
//!   tray) the start-up notification is not asked for again.
//! - On a desktop that shows no tray it does not start (status 1): a process with no window and
//!   no icon is one the person can neither see nor quit. SIGTERM, SIGINT and SIGHUP end it
//!   cleanly (the icon removed).
//!
//! What the app does at start (the daily backup, the trash purge, reading sources again) is
//! left to the app: the tray only reads the database, and writes the one "paused" mark.

#[cfg(target_os = "linux")]
mod tray;

fn main() {
    kith::stderr_log::install();
    #[cfg(target_os = "linux")]
    std::process::exit(tray::run());
    #[cfg(not(target_os = "linux"))]
    {
        log::error!("kith-tray runs on Linux only; elsewhere kith-app keeps its own tray icon");
        std::process::exit(1);
    }
}
