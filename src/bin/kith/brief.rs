//! `kith upcoming` and `kith brief CONTACT`: the calendar events of the next days with people
//! in Kith, and what to have in mind before meeting someone.
//!
//! `upcoming` prints one line per event (when, what, who), then the brief on each person in
//! Kith on it (or `Upcoming[]` as JSON); `brief` prints one person's brief (a `Brief`). A
//! brief is a headline (name, id, health), the line that explains the health, and one short
//! line per thing to know.

use std::io::Write;

use kith::engine::health::plural;
use kith::model::{Brief, ReminderSource, Upcoming};

use crate::cli::{BriefArgs, UpcomingArgs};
use crate::errors::WithFlags;
use crate::output::{self, line, local_time};
use crate::Ctx;

pub fn upcoming(ctx: &mut Ctx, args: UpcomingArgs) -> anyhow::Result<()> {
    let now = ctx.engine_now(args.as_of.as_deref())?;
    let list = ctx
        .store
        .upcoming(&now, args.days)
        .flags(&|f| (f == "days").then(|| "--days".to_owned()))?;
    if ctx.json {
        return ctx.print_json(&list);
    }
    if list.is_empty() {
        writeln!(
            ctx.out,
            "no event with people in Kith in the next {}",
            plural(args.days, "day", "days")
        )?;
    }
    for (i, u) in list.iter().enumerate() {
        if i > 0 {
            writeln!(ctx.out)?;
        }
        writeln!(ctx.out, "{}", headline(u))?;
        for b in &u.people {
            print_brief(&mut ctx.out, b, "  ")?;
        }
    }
    Ok(())
}

pub fn brief(ctx: &mut Ctx, args: BriefArgs) -> anyhow::Result<()> {
    let contact = ctx.contact(&args.contact)?;
    let now = ctx.engine_now(args.as_of.as_deref())?;
    let b = ctx.store.brief(contact.id, &now)?;
    if ctx.json {
        return ctx.print_json(&b);
    }
    print_brief(&mut ctx.out, &b, "")
}

/// `2026-12-08 10:00  Quarterly review (video, you organise it)  with Ana Ruiz and 2 people
/// not in Kith`.
fn headline(u: &Upcoming) -> String {
    let when = if u.has_time {
        local_time(u.starts_at)
    } else {
        format!("{} (all day)", u.starts_at.format("%Y-%m-%d"))
    };
    let mut what = vec![u.kind.to_string()];
    if u.from_me {
        what.push("you organise it".to_owned());
    }
    let mut who: Vec<String> = u.people.iter().map(|b| line(&b.contact.name)).collect();
    if u.others > 0 {
        who.push(format!(
            "{} not in Kith",
            plural(u.others, "person", "people")
        ));
    }
    format!(
        "{when}  {} ({})  with {}",
        line(&u.title),
        what.join(", "),
        and_list(&who)
    )
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "today", "tomorrow", "in 3 days", "yesterday", "4 days ago".
fn in_days(d: i64) -> String {
    match d {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} ago", plural(-d, "day", "days")),
    }
}

/// The brief on one person, each line starting with `indent`.
fn print_brief(out: &mut impl Write, b: &Brief, indent: &str) -> anyhow::Result<()> {
    writeln!(
        out,
        "{indent}{} (id {}): health {}/100",
        line(&b.contact.name),
        b.contact.id,
        b.health
    )?;
    let pad = format!("{indent}  ");
    writeln!(out, "{pad}{}", line(&b.health_line))?;
    for i in &b.last_interactions {
        let when = if i.has_time {
            local_time(i.occurred_at)
        } else {
            i.occurred_at.format("%Y-%m-%d").to_string()
        };
        let summary = if i.summary.trim().is_empty() {
            "(no summary)".to_owned()
        } else {
            output::shorten(&line(&i.summary), 80)
        };
        writeln!(out, "{pad}{when:<16}  {}: {summary}", i.kind)?;
    }
    for f in &b.follow_ups {
        let what = match f.source {
            ReminderSource::Promise => "you promised",
            ReminderSource::TheirPromise => "they promised",
            _ => "follow up",
        };
        let due = if f.in_days < 0 {
            format!("was due {} ({})", f.due_on, in_days(f.in_days))
        } else {
            format!("due {} ({})", f.due_on, in_days(f.in_days))
        };
        writeln!(out, "{pad}{what}: {}, {due}", line(&f.text))?;
    }
    for n in &b.needs {
        let fit = match (&n.offer, &n.interest) {
            (Some(o), _) => format!(" (your offer “{}” fits)", line(&o.text)),
            (None, Some(i)) => format!(" (you are into {})", line(i)),
            (None, None) => String::new(),
        };
        writeln!(out, "{pad}needs: {}{fit}", line(&n.text))?;
    }
    if !b.shared_interests.is_empty() {
        let names: Vec<String> = b.shared_interests.iter().map(|i| line(i)).collect();
        writeln!(out, "{pad}you share: {}", names.join(", "))?;
    }
    if let Some(d) = &b.date_coming_up {
        let years = d.years.map(|y| format!(", {y} years")).unwrap_or_default();
        writeln!(
            out,
            "{pad}{}: {} ({}{years})",
            line(&d.label),
            d.date,
            in_days(d.in_days)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_days_read_as_sentences() {
        let s = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["Ana"])), "Ana");
        assert_eq!(and_list(&s(&["Ana", "Bo"])), "Ana and Bo");
        assert_eq!(and_list(&s(&["Ana", "Bo", "Cy"])), "Ana, Bo and Cy");
        assert_eq!(in_days(0), "today");
        assert_eq!(in_days(1), "tomorrow");
        assert_eq!(in_days(5), "in 5 days");
        assert_eq!(in_days(-1), "yesterday");
        assert_eq!(in_days(-3), "3 days ago");
    }
}
