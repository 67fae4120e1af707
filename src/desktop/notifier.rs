//! The daily desktop notification as the app and the tray both run it: the app (`kith-app`)
//! while its window is open, the tray (`kith-tray`) while only the tray icon is. One
//! implementation, so that the rules cannot drift apart between the two programs.
//!
//! Every minute the program asks the core (`Store::notification`, see
//! [`crate::engine::notify`]) whether one is due, through a [`Notifier`]: the first question
//! is asked as at start-up (something due is shown at once), every later one as a tick (only
//! once the user's daily time has passed); at most once a day (the core remembers the day, so
//! a missed day still gives one, and "Pause notifications for today" marks the day as done).
//! A program that continues a Kith that was already running ([`super::CONTINUED`]: the window
//! just closed to the tray, or opened from it) asks as a tick from the first question: the
//! start-up notification had its chance when Kith really started.
//!
//! [`deliver`] shows it with notify-rust (tauri-plugin-notification cannot report a click on
//! desktop): on Linux and the BSDs the notification carries the "default" action, and a click
//! on it runs the caller's `on_click` (the app shows Today; the tray starts the app at Today).
//! On macOS and Windows the notification shows, but its click is not reported.
//!
//! With `KITH_NOTIFY_LOG=<file>` the notification is appended to that file as one line
//! ([`crate::engine::notify::log_line`]: `day<TAB>title<TAB>body`) instead of being shown: the
//! end-to-end tests read it, and a machine without a notification daemon can too. `kith
//! notify` writes the same line ([`append`]).

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use crate::engine::notify::{log_line, Moment, Notification};
use crate::error::Result;

/// The environment variable that sends notifications to a file instead of the desktop.
pub const LOG_ENV: &str = "KITH_NOTIFY_LOG";

/// How often a program asks: every minute, or every `KITH_NOTIFY_EVERY_SECS` seconds (the
/// end-to-end tests, which cannot wait a minute).
pub fn every() -> Duration {
    every_from(std::env::var("KITH_NOTIFY_EVERY_SECS").ok().as_deref())
}

fn every_from(value: Option<&str>) -> Duration {
    value
        .and_then(|s| s.parse().ok())
        .filter(|&s| s > 0)
        .map_or(Duration::from_secs(60), Duration::from_secs)
}

/// The questions one running program asks, in turn.
#[derive(Debug)]
pub struct Notifier {
    moment: Moment,
    last_error: Option<String>,
}

impl Notifier {
    /// A program that just started; `continued`: it continues a Kith that was already running
    /// (see the module's documentation), so its first question is a tick too.
    pub fn new(continued: bool) -> Self {
        Notifier {
            moment: if continued {
                Moment::Tick
            } else {
                Moment::Startup
            },
            last_error: None,
        }
    }

    /// Asks `ask` (in the programs: `Store::notification` on the open database) whether a
    /// notification is due at this moment; `None` also when the database could not say, which
    /// is logged once for as long as the same error repeats. Every question after the first is
    /// a tick.
    pub fn check(
        &mut self,
        ask: impl FnOnce(Moment) -> Result<Option<Notification>>,
    ) -> Option<Notification> {
        let moment = std::mem::replace(&mut self.moment, Moment::Tick);
        match ask(moment) {
            Ok(found) => {
                self.last_error = None;
                found
            }
            Err(err) => {
                let message = err.to_string();
                if self.last_error.as_ref() != Some(&message) {
                    log::warn!("could not check for a notification: {message}");
                    self.last_error = Some(message);
                }
                None
            }
        }
    }

    /// A question that could not be asked (no database open) still counts as the first.
    pub fn skip(&mut self) {
        self.moment = Moment::Tick;
    }
}

/// Shows `n` on the desktop, or appends it to `$KITH_NOTIFY_LOG`. `on_click` runs (on a
/// thread of its own) when the person clicks the notification, where the desktop reports it.
pub fn deliver(n: &Notification, on_click: impl FnOnce() + Send + 'static) {
    if let Some(path) = std::env::var_os(LOG_ENV) {
        let path = Path::new(&path);
        if let Err(err) = append(path, n) {
            log::warn!(
                "could not write the notification to {}: {err}",
                path.display()
            );
        }
        return;
    }
    let mut note = notify_rust::Notification::new();
    note.appname("Kith").summary(&n.title).body(&n.body);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        note.action("default", "Open Today");
        // The D-Bus handle stays on the thread that showed it, which then waits (blocking)
        // until the notification is clicked or closed.
        let spawned = std::thread::Builder::new()
            .name("kith-notify-click".into())
            .spawn(move || match note.show() {
                Ok(handle) => {
                    let mut on_click = Some(on_click);
                    handle.wait_for_action(|action: &str| {
                        if action == "default" {
                            if let Some(f) = on_click.take() {
                                f();
                            }
                        }
                    });
                }
                Err(err) => log::warn!("could not show a notification: {err}"),
            });
        if let Err(err) = spawned {
            log::warn!("could not show a notification: {err}");
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        drop(on_click);
        if let Err(err) = note.show().map(drop) {
            log::warn!("could not show a notification: {err}");
        }
    }
}

/// Appends `n` to the file at `path` as one line ([`log_line`]).
pub fn append(path: &Path, n: &Notification) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{}", log_line(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use chrono::NaiveDate;

    fn note() -> Notification {
        Notification {
            day: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            title: "Kith: 1 follow-up due".into(),
            body: "Ana Ruiz".into(),
        }
    }

    #[test]
    fn the_first_question_is_asked_as_at_start_up_and_every_later_one_as_a_tick() {
        let mut n = Notifier::new(false);
        let mut moments = Vec::new();
        for _ in 0..3 {
            n.check(|m| {
                moments.push(m);
                Ok(None)
            });
        }
        assert_eq!(moments, [Moment::Startup, Moment::Tick, Moment::Tick]);

        // Continuing a running Kith (the window closed to the tray): ticks only.
        let mut n = Notifier::new(true);
        let mut moments = Vec::new();
        n.check(|m| {
            moments.push(m);
            Ok(Some(note()))
        })
        .unwrap();
        assert_eq!(moments, [Moment::Tick]);

        // A start with no database to ask has had its start-up question.
        let mut n = Notifier::new(false);
        n.skip();
        n.check(|m| {
            assert_eq!(m, Moment::Tick);
            Ok(None)
        });
    }

    #[test]
    fn an_error_gives_no_notification_and_the_next_question_is_a_tick() {
        let mut n = Notifier::new(false);
        let failed = n.check(|_| Err(Error::invalid("db", "locked")));
        assert_eq!(failed, None);
        assert_eq!(
            n.last_error.as_deref().map(|m| m.contains("locked")),
            Some(true)
        );
        let found = n.check(|m| {
            assert_eq!(m, Moment::Tick);
            Ok(Some(note()))
        });
        assert_eq!(found, Some(note()));
        assert_eq!(n.last_error, None);
    }

    #[test]
    fn the_log_gets_one_line_per_notification() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notifications.log");
        append(&path, &note()).unwrap();
        append(&path, &note()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "2026-12-02\tKith: 1 follow-up due\tAna Ruiz\n".repeat(2)
        );
    }

    #[test]
    fn it_asks_every_minute_unless_told_otherwise() {
        assert_eq!(every_from(None), Duration::from_secs(60));
        assert_eq!(every_from(Some("1")), Duration::from_secs(1));
        assert_eq!(every_from(Some("0")), Duration::from_secs(60));
        assert_eq!(every_from(Some("soon")), Duration::from_secs(60));
    }
}
