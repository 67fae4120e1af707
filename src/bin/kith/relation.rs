//! `kith relation add|rm|list`: how people know each other.
//!
//! `add WHO ROLE WHOSE` records that WHO is WHOSE's ROLE and prints it as a sentence ("Ana
//! Ruiz is Bo Chen’s manager"), or with `--json` the `PeopleAround` of WHOSE; `rm` takes the
//! same three words. `list CONTACT` prints their relationships by group, then the people they
//! were seen with (shared interactions), or the `PeopleAround` as JSON.

use std::io::Write;

use kith::model::{PeopleAround, RelationshipInput, RoleGroup};

use crate::cli::{RelationArgs, RelationCommand};
use crate::errors::WithFlags;
use crate::{output, parse, Ctx};

pub fn run(ctx: &mut Ctx, cmd: RelationCommand) -> anyhow::Result<()> {
    match cmd {
        RelationCommand::Add(args) => add(ctx, args),
        RelationCommand::Rm { who, role, whose } => {
            let (who, whose) = (ctx.contact(&who)?, ctx.contact(&whose)?);
            let around = ctx
                .store
                .remove_relationship(
                    RelationshipInput {
                        contact: whose.id,
                        role,
                        other: who.id,
                        note: None,
                        since: None,
                    },
                    ctx.now,
                )
                .flags(&|field| (field == "role").then(|| "ROLE".to_owned()))?;
            if ctx.json {
                return ctx.print_json(&around);
            }
            writeln!(
                ctx.out,
                "removed: {}",
                output::line(&role.sentence(&who.name, &whose.name))
            )?;
            Ok(())
        }
        RelationCommand::List { contact } => {
            let contact = ctx.contact(&contact)?;
            let around = ctx.store.people_around(contact.id)?;
            if ctx.json {
                return ctx.print_json(&around);
            }
            print_around(ctx, &contact.name, &around)
        }
    }
}

fn add(ctx: &mut Ctx, args: RelationArgs) -> anyhow::Result<()> {
    let since = match &args.since {
        Some(text) => Some(parse::date("--since", text)?),
        None => None,
    };
    let (who, whose) = (ctx.contact(&args.who)?, ctx.contact(&args.whose)?);
    let around = ctx
        .store
        .add_relationship(
            RelationshipInput {
                contact: whose.id,
                role: args.role,
                other: who.id,
                note: args.note,
                since,
            },
            ctx.now,
        )
        .flags(&|field| match field {
            "other" => Some("WHOSE".to_owned()),
            "note" => Some("--note".to_owned()),
            "since" => Some("--since".to_owned()),
            _ => None,
        })?;
    if ctx.json {
        return ctx.print_json(&around);
    }
    writeln!(
        ctx.out,
        "{}",
        output::line(&args.role.sentence(&who.name, &whose.name))
    )?;
    Ok(())
}

fn print_around(ctx: &mut Ctx, name: &str, around: &PeopleAround) -> anyhow::Result<()> {
    if around.relationships.is_empty() && around.known.is_empty() {
        writeln!(ctx.out, "no one around {} yet", output::line(name))?;
        return Ok(());
    }
    let mut group = None;
    for r in &around.relationships {
        if group != Some(r.role.group()) {
            group = Some(r.role.group());
            let title = match r.role.group() {
                RoleGroup::Family => "family",
                RoleGroup::Work => "work",
                RoleGroup::Introductions => "introductions",
                RoleGroup::Others => "others",
            };
            writeln!(ctx.out, "{title}:")?;
        }
        let mut line = r.role.sentence(&r.other.name, name);
        if let Some(since) = r.since {
            line.push_str(&format!(", since {since}"));
        }
        if let Some(b) = &r.birthday {
            line.push_str(&format!(", birthday {}-{:02}", b.month, b.day));
        }
        if let Some(note) = &r.note {
            line.push_str(&format!(" ({note})"));
        }
        writeln!(ctx.out, "  {}", output::line(&line))?;
    }
    if !around.known.is_empty() {
        writeln!(ctx.out, "seen with:")?;
        for k in &around.known {
            let times = if k.shared == 1 {
                "1 interaction".to_owned()
            } else {
                format!("{} interactions", k.shared)
            };
            writeln!(
                ctx.out,
                "  {}: {times}, last {}",
                output::line(&k.other.name),
                output::local_date(k.last_at)
            )?;
        }
        if around.known_more > 0 {
            writeln!(ctx.out, "  and {} more", around.known_more)?;
        }
    }
    Ok(())
}
