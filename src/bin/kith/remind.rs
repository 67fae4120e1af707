//! `kith remind add|list|done|snooze`: dated follow-ups.
//!
//! `add`, `done` and `snooze` print one line about the reminder (or the `Reminder` as JSON);
//! `list` prints overdue, due and upcoming follow-ups and dates coming up (or the
//! `RemindersView` as JSON).

use std::io::Write;

use kith::model::{NewReminder, Reminder};

use crate::cli::RemindCommand;
use crate::errors::WithFlags;
use crate::{engine, output, parse, Ctx};

pub fn run(ctx: &mut Ctx, cmd: RemindCommand) -> anyhow::Result<()> {
    match cmd {
        RemindCommand::Add { contact, on, text } => {
            let due_on = parse::date("--on", &on)?;
            let contact = ctx.contact(&contact)?;
            let r = ctx
                .store
                .add_reminder(
                    NewReminder {
                        contact_id: contact.id,
                        due_on,
                        text,
                    },
                    ctx.now,
                )
                .flags(&|f| match f {
                    "dueOn" => Some("--on".into()),
                    "text" => Some("TEXT".into()),
                    _ => None,
                })?;
            print(ctx, "added", &r)
        }
        RemindCommand::List(args) => {
            let now = ctx.engine_now(args.as_of.as_deref())?;
            let view = ctx.store.reminders(&now)?;
            if ctx.json {
                return ctx.print_json(&view);
            }
            let empty = view.overdue.is_empty()
                && view.due.is_empty()
                && view.upcoming.is_empty()
                && view.dates.is_empty();
            if empty {
                writeln!(ctx.out, "nothing due in the next 14 days")?;
                return Ok(());
            }
            engine::print_reminders(&mut ctx.out, &view)
        }
        RemindCommand::Done { id } => {
            let r = ctx.store.reminder_done(id, ctx.now)?;
            print(ctx, "done", &r)
        }
        RemindCommand::Snooze { id, until } => {
            let until = parse::date("--until", &until)?;
            let now = ctx.engine_now(None)?;
            let r = ctx
                .store
                .reminder_snooze(id, until, &now)
                .flags(&|f| (f == "until").then(|| "--until".to_owned()))?;
            print(ctx, "snoozed", &r)
        }
    }
}

fn print(ctx: &mut Ctx, verb: &str, r: &Reminder) -> anyhow::Result<()> {
    if ctx.json {
        return ctx.print_json(r);
    }
    let when = match r.snoozed_until {
        Some(u) if verb == "snoozed" => format!("until {u}"),
        _ => format!("due {}", r.due_on),
    };
    writeln!(
        ctx.out,
        "{verb} reminder {} for {}, {when}: {}",
        r.id,
        output::line(&r.contact.name),
        output::line(&r.text)
    )?;
    Ok(())
}
