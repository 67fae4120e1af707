//! `kith settings [show]` and `kith settings set --daily-budget N --notifications on|off
//! --notify-at HH:MM --gap-inner DAYS ...`: the follow-up settings the app's Settings screen
//! edits. Both print the settings, one `key: value` line each (or the `Settings` as JSON);
//! `set` changes only the flags given, and the core validates the whole.

use std::io::Write;

use kith::model::Settings;

use crate::cli::{SettingsAction, SettingsSetArgs};
use crate::errors::WithFlags;
use crate::Ctx;

pub fn run(ctx: &mut Ctx, action: Option<SettingsAction>) -> anyhow::Result<()> {
    let settings = match action {
        None | Some(SettingsAction::Show) => ctx.store.settings()?,
        Some(SettingsAction::Set(args)) => {
            let changed = apply(ctx.store.settings()?, args);
            ctx.store.set_settings(changed).flags(&|f| {
                let flag = match f {
                    "dailyBudget" => "--daily-budget",
                    "notifyAt" => "--notify-at",
                    "circleGaps.inner" => "--gap-inner",
                    "circleGaps.close" => "--gap-close",
                    "circleGaps.network" => "--gap-network",
                    "circleGaps.wider" => "--gap-wider",
                    _ => return None,
                };
                Some(flag.to_owned())
            })?
        }
    };
    if ctx.json {
        return ctx.print_json(&settings);
    }
    let s = &settings;
    let g = &s.circle_gaps;
    writeln!(ctx.out, "daily budget:   {}", s.daily_budget)?;
    writeln!(
        ctx.out,
        "notifications:  {}",
        if s.notifications { "on" } else { "off" }
    )?;
    writeln!(ctx.out, "notify at:      {}", s.notify_at)?;
    writeln!(
        ctx.out,
        "circle gaps:    inner {}, close {}, network {}, wider {} (days)",
        g.inner, g.close, g.network, g.wider
    )?;
    Ok(())
}

fn apply(mut s: Settings, a: SettingsSetArgs) -> Settings {
    if let Some(v) = a.daily_budget {
        s.daily_budget = v;
    }
    if let Some(v) = a.notifications {
        s.notifications = v;
    }
    if let Some(v) = a.notify_at {
        s.notify_at = v;
    }
    let g = &mut s.circle_gaps;
    for (value, into) in [
        (a.gap_inner, &mut g.inner),
        (a.gap_close, &mut g.close),
        (a.gap_network, &mut g.network),
        (a.gap_wider, &mut g.wider),
    ] {
        if let Some(v) = value {
            *into = v;
        }
    }
    s
}
