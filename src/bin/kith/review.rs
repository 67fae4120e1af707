//! `kith review [--as-of DATE] [--map [--limit N]] [--timings]`: the Review screen's figures.
//!
//! Text: people and health bands per circle, the trend (one line per four weeks), fading
//! ties with their reasons, one-sided ties with their help ledger, and the activity of the
//! last year. `--json` prints the `Review` (or, with `--map`, the `NetworkMap`).
//! `--timings` computes each panel as the app asks for it (the same order, one `now`) and
//! prints the milliseconds each took on standard error, for benchmarks.

use std::io::Write;
use std::time::Instant;

use kith::engine::review::{NetworkMap, Review, TREND_WEEKS};
use kith::engine::Now;

use crate::cli::ReviewArgs;
use crate::{output, Ctx};

pub fn run(ctx: &mut Ctx, args: ReviewArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(args.as_of.as_of.as_deref())?;
    // The timings compute every panel (the map with `--limit`); the map is printed from them.
    let timed = if args.timings {
        Some(timings(ctx, &now, args.limit)?)
    } else {
        None
    };
    if args.map {
        let map = match timed {
            Some(map) => map,
            None => ctx.store.review_map(&now, args.limit)?,
        };
        if ctx.json {
            return ctx.print_json(&map);
        }
        writeln!(
            ctx.out,
            "{} people, {} links ({} left off)",
            map.nodes.len(),
            map.edges.len(),
            map.left_off
        )?;
        return Ok(());
    }
    let review = ctx.store.review(&now)?;
    if ctx.json {
        return ctx.print_json(&review);
    }
    print(ctx, &review)
}

/// CPU time this process has used (user + system, all threads), in milliseconds, where
/// `/proc/self/stat` tells it (Linux): on a busy machine, wall time alone mostly measures
/// the wait for a core.
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split(' ').collect();
    let (user, system): (f64, f64) = (fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?);
    // Clock ticks of 1/100 s (USER_HZ on every Linux this runs on).
    Some((user + system) * 10.0)
}

fn timings(ctx: &mut Ctx, now: &Now, limit: Option<u32>) -> anyhow::Result<NetworkMap> {
    let cpu_before = cpu_ms();
    let start = Instant::now();
    let mut lap = Instant::now();
    let mut parts = Vec::new();
    let mut mark = |name: &str, parts: &mut Vec<String>| {
        parts.push(format!(
            "{name} {:.1} ms",
            lap.elapsed().as_secs_f64() * 1e3
        ));
        lap = Instant::now();
    };
    let s = &ctx.store;
    s.review_circles(now)?;
    mark("circles (with the shared evaluation)", &mut parts);
    s.review_trend(now)?;
    mark("trend", &mut parts);
    s.review_fading(now)?;
    mark("fading", &mut parts);
    s.review_one_sided(now)?;
    mark("one-sided", &mut parts);
    s.review_activity(now)?;
    mark("activity", &mut parts);
    let map = s.review_map(now, limit)?;
    mark("map", &mut parts);
    let total = start.elapsed().as_secs_f64() * 1e3;
    let cpu = match (cpu_before, cpu_ms()) {
        (Some(a), Some(b)) => format!(" (cpu {:.0} ms)", b - a),
        _ => String::new(),
    };
    let _ = writeln!(
        std::io::stderr().lock(),
        "review timings: {}; total {total:.1} ms{cpu}",
        parts.join(", ")
    );
    Ok(map)
}

fn circle_name(c: Option<kith::model::Circle>) -> String {
    c.map_or_else(|| "no circle".to_owned(), |c| c.to_string())
}

/// A section's heading: its title, and `none` after it when the section is empty.
fn heading(out: &mut impl Write, title: &str, empty: bool, none: &str) -> std::io::Result<()> {
    if empty {
        writeln!(out, "{title}: {none}")
    } else {
        writeln!(out, "{title}")
    }
}

fn print(ctx: &mut Ctx, r: &Review) -> anyhow::Result<()> {
    let out = &mut ctx.out;
    writeln!(
        out,
        "circles        people  health 0-19 20-39 40-59 60-79 80-100  median  never"
    )?;
    for c in &r.circles {
        writeln!(
            out,
            "  {:<12} {:>6}  {:>11} {:>5} {:>5} {:>5} {:>6}  {:>6}  {:>5}",
            circle_name(c.circle),
            c.people,
            c.bands[0],
            c.bands[1],
            c.bands[2],
            c.bands[3],
            c.bands[4],
            c.median,
            c.never
        )?;
    }
    writeln!(
        out,
        "trend (week ending, mean health of existing ties, interactions that week)"
    )?;
    for (k, p) in r.trend.iter().enumerate() {
        if (TREND_WEEKS as usize - k).is_multiple_of(4) {
            writeln!(
                out,
                "  {}  health {:>5.1} ({} ties)  {} interactions",
                output::local_date(p.at),
                p.health,
                p.ties,
                p.interactions
            )?;
        }
    }
    heading(
        out,
        "fading",
        r.fading.is_empty(),
        "none of your inner and close ties",
    )?;
    for f in &r.fading {
        writeln!(
            out,
            "  {:>6}  {} [{}]  health {}  warmth {:.0} (-{:.0}){}",
            f.contact.id,
            output::line(&f.contact.name),
            circle_name(f.circle),
            f.health,
            f.warmth * 100.0,
            f.drop * 100.0,
            snoozed(f.snoozed_until)
        )?;
        for reason in &f.reasons {
            writeln!(out, "          - {}", output::line(reason))?;
        }
    }
    heading(out, "one-sided", r.one_sided.is_empty(), "none")?;
    for o in &r.one_sided {
        writeln!(
            out,
            "  {:>6}  {}  (help given {}, received {}){}",
            o.contact.id,
            output::said(&o.contact, &o.reason),
            o.help_given,
            o.help_received,
            snoozed(o.snoozed_until)
        )?;
        for e in &o.ledger {
            let dir = if e.given { "you gave" } else { "you got" };
            let ask = e
                .ask
                .as_deref()
                .map(|a| format!(" (for: {})", output::line(a)))
                .unwrap_or_default();
            writeln!(
                out,
                "          {}  {dir}: {}{ask}",
                output::local_date(e.at),
                output::line(&e.text)
            )?;
        }
    }
    let a = &r.activity;
    writeln!(
        out,
        "activity {} to {}: {} interactions on {} days",
        a.from, a.to, a.total, a.active_days
    )?;
    Ok(())
}

/// "  snoozed until DATE" for a tie put off, else nothing.
fn snoozed(until: Option<chrono::NaiveDate>) -> String {
    until
        .map(|d| format!("  snoozed until {d}"))
        .unwrap_or_default()
}
