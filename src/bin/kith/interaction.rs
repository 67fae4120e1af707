//! `kith log`, `kith timeline` and `kith interaction show|rm`.
//!
//! `log` parses every date and reads the notes file first, then resolves the `--with`
//! contacts, then logs everything in one `log_interaction` call: a bad value writes nothing.
//! `--gave-help` is help from me to the first `--with` contact (or the one `--gave-help-to`
//! names), `--got-help` the reverse (`--got-help-from`); both create the self contact, "me",
//! on first use. `--follow-up` is my promise to the first `--with` contact (or
//! `--promised-to`), or with `--promised-by` theirs to me. It prints `logged interaction ID with NAME,
//! NAME` (or the `Interaction` as JSON). `timeline` prints one line per interaction, newest
//! first (or a `Page<Interaction>`); `interaction show` prints one in full (or the
//! `Interaction`); `interaction rm` moves it to the trash.

use std::io::Write;

use kith::model::{ContactRef, FollowUp, HelpInput, Interaction, NewInteraction, PromisedBy};

use crate::cli::{InteractionCommand, LogArgs, TimelineArgs};
use crate::errors::{split_index, WithFlags};
use crate::{output, parse, Ctx};

pub fn log(ctx: &mut Ctx, args: LogArgs) -> anyhow::Result<()> {
    let (occurred_at, has_time) = match &args.at {
        Some(text) => parse::when("--at", text)?,
        None => (ctx.now, true),
    };
    let mut follow_up = match args.follow_up.as_deref() {
        Some([date, text]) => Some(FollowUp {
            due_on: parse::date("--follow-up", date)?,
            text: text.clone(),
            contact: None,
            by: if args.promised_by.is_some() {
                PromisedBy::Them
            } else {
                PromisedBy::Me
            },
        }),
        _ => None,
    };
    let notes = match (args.notes, &args.notes_file) {
        (Some(notes), _) => notes,
        (None, Some(path)) => parse::notes_file("--notes-file", path)?,
        (None, None) => String::new(),
    };
    let mut with: Vec<ContactRef> = Vec::new();
    for text in &args.with {
        let contact = ctx.contact(text)?;
        if !with.iter().any(|c| c.id == contact.id) {
            with.push(contact);
        }
    }
    let promise_flag = match (&args.promised_to, &args.promised_by) {
        (Some(_), _) => "--promised-to",
        (None, Some(_)) => "--promised-by",
        (None, None) => "--follow-up",
    };
    if let (Some(f), Some(whom)) = (&mut follow_up, args.promised_to.or(args.promised_by)) {
        f.contact = Some(ctx.contact(&whom)?.id);
    }
    let mut help = Vec::new();
    let mut help_flags = Vec::new();
    if args.gave_help.is_some() || args.got_help.is_some() {
        let me = ctx.store.me(ctx.now)?.id;
        let first = with.first().map_or(me, |c| c.id);
        for (text, whom, flag, gave) in [
            (args.gave_help, args.gave_help_to, "--gave-help", true),
            (args.got_help, args.got_help_from, "--got-help", false),
        ] {
            let Some(text) = text else { continue };
            let (them, flag) = match whom {
                Some(whom) => (
                    ctx.contact(&whom)?.id,
                    format!("{flag}-{}", if gave { "to" } else { "from" }),
                ),
                None => (first, flag.to_owned()),
            };
            let (giver, receiver) = if gave { (me, them) } else { (them, me) };
            help.push(HelpInput {
                giver,
                receiver,
                text,
                ask_id: None,
            });
            help_flags.push(flag);
        }
    }
    let input = NewInteraction {
        participants: with.iter().map(|c| c.id).collect(),
        kind: args.kind,
        occurred_at,
        has_time,
        summary: args.summary.unwrap_or_default(),
        notes,
        initiated_by: args.initiated_by,
        quality: args.quality,
        help,
        follow_up,
    };
    let notes_flag = if args.notes_file.is_some() {
        "--notes-file"
    } else {
        "NOTES"
    };
    let interaction =
        ctx.store
            .log_interaction(input, ctx.now)
            .flags(&|field| match split_index(field) {
                ("help", Some(i), _) => help_flags.get(i).cloned(),
                ("followUp", None, _) => Some(promise_flag.to_owned()),
                ("notes", None, _) => Some(notes_flag.to_owned()),
                _ => None,
            })?;
    if ctx.json {
        return ctx.print_json(&interaction);
    }
    let names: Vec<&str> = with.iter().map(|c| c.name.as_str()).collect();
    writeln!(
        ctx.out,
        "logged interaction {} with {}",
        interaction.id,
        output::line(&names.join(", "))
    )?;
    Ok(())
}

pub fn timeline(ctx: &mut Ctx, args: TimelineArgs) -> anyhow::Result<()> {
    let contact = ctx.contact(&args.contact)?;
    let page = ctx
        .store
        .timeline(contact.id, args.limit, args.offset)
        .flags(&|_| None)?;
    if ctx.json {
        return ctx.print_json(&page);
    }
    if page.total == 0 {
        writeln!(
            ctx.out,
            "no interactions with {} yet",
            output::line(&contact.name)
        )?;
        return Ok(());
    }
    for i in &page.items {
        writeln!(ctx.out, "{}", output::interaction_line(i))?;
    }
    let shown = page.offset.saturating_add(page.items.len() as u32);
    if shown < page.total {
        writeln!(
            ctx.out,
            "({} more: --offset {shown})",
            page.total.saturating_sub(shown)
        )?;
    }
    Ok(())
}

pub fn run(ctx: &mut Ctx, cmd: InteractionCommand) -> anyhow::Result<()> {
    match cmd {
        InteractionCommand::Show { id } => {
            let i = ctx.store.get_interaction(id)?;
            if ctx.json {
                return ctx.print_json(&i);
            }
            show(ctx, &i)
        }
        InteractionCommand::Rm { id } => {
            ctx.store.delete_interaction(id, ctx.now)?;
            let i = ctx.store.get_interaction(id)?;
            if ctx.json {
                return ctx.print_json(&i);
            }
            writeln!(
                ctx.out,
                "moved interaction {id} to the trash (restore with `kith trash restore interaction {id}`)"
            )?;
            Ok(())
        }
    }
}

fn show(ctx: &mut Ctx, i: &Interaction) -> anyhow::Result<()> {
    let names: Vec<String> = i
        .participants
        .iter()
        .map(|p| format!("{} (id {})", p.name, p.id))
        .collect();
    let mut lines = vec![
        format!(
            "{} {}  with {}",
            i.kind.to_string(),
            output::when(i),
            output::line(&names.join(", "))
        ),
        format!("  id: {}", i.id),
    ];
    if !i.summary.is_empty() {
        lines.push(format!("  summary: {}", output::line(&i.summary)));
    }
    if let Some(by) = i.initiated_by {
        lines.push(format!("  initiated by: {}", by));
    }
    if let Some(q) = i.quality {
        lines.push(format!("  quality: {q}/5"));
    }
    for h in &i.help {
        lines.push(format!(
            "  help: {} -> {}: {}",
            output::line(&h.giver.name),
            output::line(&h.receiver.name),
            output::line(&h.text)
        ));
    }
    if let Some(f) = &i.follow_up {
        let whom = i
            .participants
            .iter()
            .find(|p| Some(p.id) == f.contact)
            .map_or_else(|| "them".to_owned(), |p| output::line(&p.name));
        let promise = match f.by {
            PromisedBy::Me => format!("you promised {whom}"),
            PromisedBy::Them => format!("{whom} promised you"),
        };
        lines.push(format!(
            "  follow-up: {} {} ({promise})",
            f.due_on,
            output::line(&f.text)
        ));
    }
    if let Some(at) = i.deleted_at {
        lines.push(format!("  in the trash since {}", output::local_date(at)));
    }
    if !i.notes.is_empty() {
        lines.push("  notes:".into());
        lines.extend(i.notes.lines().map(|l| format!("    {l}")));
    }
    for l in lines {
        writeln!(ctx.out, "{l}")?;
    }
    Ok(())
}
