//! `kith today`, `kith health`, `kith help-opportunities` and the feedback verbs
//! `kith today done|snooze|dismiss CONTACT`.
//!
//! `today` prints the suggestions (name, circle, priority, health, then one indented line
//! per reason), help opportunities, follow-ups and dates (or the `Today` as JSON).
//! `health` prints one line per contact (or a JSON array of `ContactHealth`; with CONTACT,
//! one object). `help-opportunities` prints one line per opportunity (or a JSON array).
//! Feedback prints `snoozed NAME until DATE` (or the `Feedback` as JSON).

use std::io::Write;

use kith::engine::health::{ago, plural};
use kith::engine::{ContactHealth, HelpKind, HelpOpportunity, RemindersView, Today};
use kith::model::FeedbackAction;

use crate::cli::{AsOfArgs, FeedbackArgs, HealthArgs, TodayAction, TodayArgs};
use crate::errors::WithFlags;
use crate::{output, parse, Ctx};

pub fn today(ctx: &mut Ctx, args: TodayArgs) -> anyhow::Result<()> {
    if let Some(action) = args.action {
        return feedback(ctx, action);
    }
    let now = ctx.engine_now(args.as_of.as_deref())?;
    let today = ctx.store.today(&now, args.limit)?;
    if ctx.json {
        return ctx.print_json(&today);
    }
    print_today(ctx, &today)
}

fn print_today(ctx: &mut Ctx, t: &Today) -> anyhow::Result<()> {
    let out = &mut ctx.out;
    if t.budget == 0 {
        writeln!(
            out,
            "{}: suggestions are turned off (daily budget 0): `kith settings set \
             --daily-budget N` turns them on",
            t.today
        )?;
    } else if t.suggestions.is_empty() {
        writeln!(out, "{}: nobody to reach out to", t.today)?;
    } else {
        writeln!(out, "{}: reach out to", t.today)?;
        for (i, s) in t.suggestions.iter().enumerate() {
            let circle = s.circle.map(|c| format!(" [{}]", c)).unwrap_or_default();
            let lane = match s.lane {
                kith::model::Lane::Reconnect => "  (reconnect)",
                _ => "",
            };
            writeln!(
                out,
                "{:>3}. {}{circle}  priority {:.2}  health {}{lane}",
                i + 1,
                output::line(&s.name),
                s.priority,
                s.health
            )?;
            for r in &s.reasons {
                writeln!(out, "       - {}", output::line(r))?;
            }
        }
    }
    let (mine, give): (Vec<_>, Vec<_>) =
        t.help.iter().partition(|h| h.kind == HelpKind::CanHelpYou);
    if !give.is_empty() {
        writeln!(out, "help you can give")?;
        for h in give {
            writeln!(out, "     - {}", output::line(&h.reason))?;
        }
    }
    if !mine.is_empty() {
        writeln!(out, "help for what you need")?;
        for h in mine {
            writeln!(out, "     - {}", output::line(&h.reason))?;
        }
    }
    print_reminders(out, &t.reminders)?;
    Ok(())
}

pub fn print_reminders(out: &mut impl Write, v: &RemindersView) -> anyhow::Result<()> {
    let groups = [
        ("overdue", &v.overdue),
        ("due today", &v.due),
        ("upcoming", &v.upcoming),
    ];
    if groups.iter().any(|(_, g)| !g.is_empty()) {
        writeln!(out, "follow-ups")?;
    }
    for (label, items) in groups {
        for r in items {
            writeln!(
                out,
                "  {:>6}  {label:<9}  {}  {}",
                r.id,
                r.due_on,
                output::said(&r.contact, &r.text)
            )?;
        }
    }
    if !v.dates.is_empty() {
        writeln!(out, "dates")?;
        for d in &v.dates {
            let years = d.years.map(|y| format!(" ({y})")).unwrap_or_default();
            writeln!(
                out,
                "          {}  {}{years}",
                d.date,
                output::said(&d.contact, &d.label)
            )?;
        }
    }
    Ok(())
}

fn feedback(ctx: &mut Ctx, action: TodayAction) -> anyhow::Result<()> {
    let (args, act, until) = match action {
        TodayAction::Done(a) => (a, FeedbackAction::Done, None),
        TodayAction::Dismiss(a) => (a, FeedbackAction::Dismissed, None),
        TodayAction::Snooze(s) => (
            s.feedback,
            FeedbackAction::Snoozed,
            Some(parse::date("--until", &s.until)?),
        ),
    };
    let FeedbackArgs { contact, lane } = args;
    let contact = ctx.contact(&contact)?;
    let now = ctx.engine_now(None)?;
    let fb = ctx
        .store
        .suggestion_feedback(contact.id, lane, act, until, &now)
        .flags(&|f| (f == "until").then(|| "--until".to_owned()))?;
    if ctx.json {
        return ctx.print_json(&fb);
    }
    let name = output::line(&fb.contact.name);
    match (fb.action, fb.until) {
        (FeedbackAction::Snoozed, Some(u)) => writeln!(ctx.out, "snoozed {name} until {u}")?,
        (FeedbackAction::Done, _) => writeln!(
            ctx.out,
            "marked {name} done (log what you did with `kith log --with {}`)",
            fb.contact.id
        )?,
        _ => writeln!(ctx.out, "dismissed {name}: shown lower for 30 days")?,
    }
    Ok(())
}

pub fn health(ctx: &mut Ctx, args: HealthArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(args.as_of.as_of.as_deref())?;
    if let Some(text) = args.contact {
        let contact = ctx.contact(&text)?;
        if args.over_time {
            let series = ctx.store.health_series(contact.id, &now)?;
            if ctx.json {
                return ctx.print_json(&series);
            }
            for p in &series {
                let health = p.health.map_or_else(|| "-".to_owned(), |h| h.to_string());
                let warmth = p
                    .warmth
                    .map_or_else(|| "-".to_owned(), |w| format!("{w:.2}"));
                writeln!(
                    ctx.out,
                    "{}  health {health:>3}  warmth {warmth}",
                    output::local_date(p.at)
                )?;
            }
            return Ok(());
        }
        let h = ctx.store.contact_health(contact.id, &now)?;
        if ctx.json {
            return ctx.print_json(&h);
        }
        return print_one(ctx, &h);
    }
    let all = ctx.store.health_all(&now)?;
    if ctx.json {
        return ctx.print_json(&all);
    }
    for h in &all {
        writeln!(ctx.out, "{}", health_line(h))?;
    }
    Ok(())
}

fn health_line(h: &ContactHealth) -> String {
    let last = h
        .days_since_last
        .map_or_else(|| "never".to_owned(), |d| format!("{d}d ago"));
    format!(
        "{:>6}  {:<24}  health {:>3}  warmth {:>3.0}  every {}d ({})  last {last}  {}",
        h.contact_id,
        output::shorten(&output::line(&h.name), 24),
        h.health,
        h.warmth * 100.0,
        h.cadence_days,
        h.cadence_source,
        output::line(&h.explanation)
    )
}

fn print_one(ctx: &mut Ctx, h: &ContactHealth) -> anyhow::Result<()> {
    let (c, w, f) = (&h.components, &h.weights, &h.facts);
    // What counts toward the score, on its 0-100 scale with its weight; the rest are facts.
    let scored: Vec<String> = [
        ("recency", c.recency, w.recency),
        ("intensity", c.intensity, w.intensity),
        ("consistency", c.consistency, w.consistency),
        ("reciprocity", c.reciprocity, w.reciprocity),
        ("depth", c.depth, w.depth),
    ]
    .into_iter()
    .filter(|(_, _, weight)| *weight > 0.0)
    .map(|(name, value, weight)| format!("{name} {:.0} ({:.0}%)", value * 100.0, weight * 100.0))
    .collect();
    let last = h.days_since_last.map_or_else(
        || "never".to_owned(),
        // The exact days beside months and years; "45 days ago" says them already.
        |d| match d {
            100.. => format!("{} ({})", ago(d), plural(d, "day", "days")),
            _ => ago(d),
        },
    );
    let lines = [
        format!("{}: health {}/100", output::line(&h.name), h.health),
        format!(
            "  warmth {:.0} of 100, cadence every {} days ({}), last contact {last}",
            h.warmth * 100.0,
            h.cadence_days,
            h.cadence_source
        ),
        format!("  in the score: {}", scored.join("  ")),
        format!(
            "  about the tie: {}; you helped them {}, they helped you {}; contact in {} of the \
             last {} periods of {} days",
            if f.with_initiator == 0 {
                "who started is not logged".to_owned()
            } else {
                format!(
                    "of the last {} with who started logged, you started {}, they {}, both {}",
                    plural(f.with_initiator, "conversation", "conversations"),
                    f.started_by_me,
                    f.started_by_them,
                    f.started_by_both
                )
            },
            plural(f.help_given, "time", "times"),
            plural(f.help_received, "time", "times"),
            f.active_periods,
            f.periods,
            h.cadence_days.round()
        ),
        format!("  weakest: {}: {}", h.weakest, output::line(&h.explanation)),
    ];
    for l in lines {
        writeln!(ctx.out, "{l}")?;
    }
    Ok(())
}

/// `kith introductions`: the introductions worth making, best first.
pub fn introductions(ctx: &mut Ctx, args: AsOfArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(args.as_of.as_deref())?;
    let ops = ctx.store.introductions(&now)?;
    print_opportunities(
        ctx,
        &ops,
        "no introduction to make: among people who do not know each other yet, no need and offer fit both ways (or you set them aside)",
    )
}

pub fn help(ctx: &mut Ctx, args: AsOfArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(args.as_of.as_deref())?;
    let ops = ctx.store.help_opportunities(&now)?;
    print_opportunities(
        ctx,
        &ops,
        "no open need (yours or anyone's) matches what you or your contacts offer",
    )
}

/// Opportunities as JSON, or a line each (score and reason), or `none` when there are none.
fn print_opportunities(ctx: &mut Ctx, ops: &[HelpOpportunity], none: &str) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(&ops);
    }
    if ops.is_empty() {
        writeln!(ctx.out, "{none}")?;
    }
    for h in ops {
        writeln!(ctx.out, "{:.2}  {}", h.score, output::line(&h.reason))?;
    }
    Ok(())
}
