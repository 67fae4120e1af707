//! `kith relation add|rm|list`, `kith relate` and `kith unrelate`: how people know each
//! other.
//!
//! `relate A B --as TYPE` is `relation add A TYPE B`; `unrelate A B [--as TYPE]` removes
//! that one, or without `--as` every relationship recorded between the two.
//! `add WHO ROLE WHOSE` records that WHO is WHOSE's ROLE and prints it as a sentence ("Ana
//! Ruiz is Bo Chen’s manager"), or with `--json` the `PeopleAround` of WHOSE; `rm` takes the
//! same three words. `list CONTACT` prints their relationships by group, then the people they
//! were seen with (shared interactions), or the `PeopleAround` as JSON.

use std::io::Write;

use kith::model::{PeopleAround, RelationshipInput, RoleGroup};

use kith::model::Role;

use crate::cli::{RelateArgs, RelationArgs, RelationCommand};
use crate::errors::WithFlags;
use crate::{output, parse, Ctx};

pub fn run(ctx: &mut Ctx, cmd: RelationCommand) -> anyhow::Result<()> {
    match cmd {
        RelationCommand::Add(args) => add(ctx, args),
        RelationCommand::Rm { who, role, whose } => {
            let (who, whose) = (ctx.contact(&who)?, ctx.contact(&whose)?);
            let around = remove(ctx, (&who, role, &whose), "ROLE")?;
            if ctx.json {
                return ctx.print_json(&around);
            }
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

/// `kith relate A B --as TYPE`.
pub fn relate(ctx: &mut Ctx, args: RelateArgs) -> anyhow::Result<()> {
    add(
        ctx,
        RelationArgs {
            who: args.a,
            role: args.role,
            whose: args.b,
            note: args.note,
            since: args.since,
        },
    )
}

/// `kith unrelate A B [--as TYPE]`: prints each relationship removed; with `--json` the
/// `PeopleAround` of B after.
pub fn unrelate(ctx: &mut Ctx, a: &str, b: &str, role: Option<Role>) -> anyhow::Result<()> {
    let (a, b) = (ctx.contact(a)?, ctx.contact(b)?);
    let roles: Vec<Role> = match role {
        Some(role) => vec![role],
        None => ctx
            .store
            .people_around(b.id)?
            .relationships
            .into_iter()
            .filter(|r| r.other.id == a.id)
            .map(|r| r.role)
            .collect(),
    };
    if roles.is_empty() {
        anyhow::bail!(
            "no relationship is recorded between {} and {} (see `kith relation list {}`)",
            a.name,
            b.name,
            b.name
        );
    }
    let mut around = None;
    for role in roles {
        around = Some(remove(ctx, (&a, role, &b), "--as")?);
    }
    if ctx.json {
        return ctx.print_json(&around);
    }
    Ok(())
}

/// Removes "`who` is `whose`'s `role`" and says so (unless the output is JSON); the
/// `PeopleAround` of `whose` after. `flag` names the role in errors.
fn remove(
    ctx: &mut Ctx,
    (who, role, whose): (&kith::model::ContactRef, Role, &kith::model::ContactRef),
    flag: &str,
) -> anyhow::Result<PeopleAround> {
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
        .flags(&|field| (field == "role").then(|| flag.to_owned()))?;
    if !ctx.json {
        writeln!(
            ctx.out,
            "removed: {}",
            output::line(&role.sentence(&who.name, &whose.name))
        )?;
    }
    Ok(around)
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
