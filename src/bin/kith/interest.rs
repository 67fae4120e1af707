//! `kith interest add|list|rename|merge`: the shared vocabulary of interests.
//!
//! Each prints `interest ID: NAME (N contacts)` (or the `Interest` as JSON); `list` prints one
//! such line per interest, alphabetically (or a JSON array of `Interest`). Interests are found
//! by id or by name, ignoring case; a name merged into another keeps finding it.

use std::io::Write;

use kith::model::Interest;

use crate::cli::InterestCommand;
use crate::errors::WithFlags;
use crate::{output, Ctx};

pub fn run(ctx: &mut Ctx, cmd: InterestCommand) -> anyhow::Result<()> {
    let interest = match cmd {
        InterestCommand::Add { name } => ctx
            .store
            .add_interest(&name, ctx.now)
            .flags(&|_| Some("NAME".into()))?,
        InterestCommand::List => {
            let all = ctx.store.list_interests()?;
            if ctx.json {
                return ctx.print_json(&all);
            }
            for i in &all {
                writeln!(ctx.out, "{}", line(i))?;
            }
            return Ok(());
        }
        InterestCommand::Rename { old, new } => ctx
            .store
            .rename_interest(&old, &new)
            .flags(&|_| Some("NEW".into()))?,
        InterestCommand::Merge { from, into } => ctx
            .store
            .merge_interests(&from, &into)
            .flags(&|_| Some("FROM".into()))?,
    };
    if ctx.json {
        return ctx.print_json(&interest);
    }
    writeln!(ctx.out, "interest {}", line(&interest).trim_start())?;
    Ok(())
}

/// `    12  climbing (3 people)`: the people who share it, the user not counted.
fn line(i: &Interest) -> String {
    let people = if i.contacts == 1 { "person" } else { "people" };
    format!(
        "{:>6}  {} ({} {people})",
        i.id,
        output::line(&i.name),
        i.contacts
    )
}
