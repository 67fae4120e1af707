//! `kith notify [--force] [--json]`: today's desktop notification, for a daily timer (`kith
//! agent install`) or cron.
//!
//! The rules are the core's (`Store::notification`, see `kith::engine::notify`), asked as at
//! start-up: the timer decides when it runs (at the set time, or at boot for a run the
//! machine slept through), the core decides whether anything is shown: at most once a day
//! (the day is recorded, so neither the app nor a second run shows it again that day), only
//! when something is due, never when notifications are off. A missed day gives no backlog:
//! only today's notification exists. `--force` shows it even if it was already shown (or
//! paused) today; it changes no other rule.
//!
//! When there is one, it is printed (the title, then the body's lines) and shown on the
//! desktop (notify-rust, over D-Bus on Linux). When no notification daemon answers, it is only
//! printed, and one `kith: warning:` line on stderr says why. With `KITH_NOTIFY_LOG=<file>`
//! it is appended to that file as one line (`kith::desktop::notifier::append`, as the app and
//! the tray write it) instead of being shown. Nothing is printed when there is nothing to show.
//!
//! With `--json` it prints `{"day": "YYYY-MM-DD", "title": "...", "body": "..."}` (the
//! body's lines separated by `\n`), or `null` when there is nothing to show. The exit status
//! is 0 whether or not something was due; 1 only on a failure (the database, the log file).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use kith::desktop::notifier::{append, LOG_ENV};
use kith::engine::notify::{Moment, Notification};

use crate::cli::NotifyArgs;
use crate::{errors, output, Ctx};

pub fn run(ctx: &mut Ctx, args: NotifyArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(None)?;
    let moment = if args.force {
        Moment::Forced
    } else {
        Moment::Startup
    };
    let found = ctx.store.notification(&now, moment)?;
    if args.force && found.is_none() && !ctx.store.settings()?.notifications {
        errors::warn(
            "notifications are off in the settings: nothing is shown \
             (`kith settings set --notifications on` turns them on)",
        );
    }
    let Some(n) = found else {
        if ctx.json {
            ctx.print_json(&Option::<Notification>::None)?;
        }
        return Ok(());
    };
    ctx.print(&n, |out| {
        writeln!(out, "{}", output::line(&n.title))?;
        n.body
            .lines()
            .try_for_each(|l| writeln!(out, "{}", output::line(l)))
    })?;
    ctx.out.flush()?;
    if let Some(path) = std::env::var_os(LOG_ENV) {
        let path = Path::new(&path);
        return append(path, &n)
            .with_context(|| format!("could not write the notification to {}", path.display()));
    }
    if let Err(err) = show(&n) {
        errors::warn(&format!(
            "no notification daemon answered ({err}): the notification is only printed"
        ));
    }
    Ok(())
}

/// Shows `n` on the desktop; returns once the notification server took it.
fn show(n: &Notification) -> Result<(), notify_rust::error::Error> {
    notify_rust::Notification::new()
        .appname("Kith")
        .summary(&n.title)
        .body(&n.body)
        .show()
        .map(drop)
}
