//! `kith trash list|restore|empty`. Deleted contacts and interactions stay restorable for
//! `kith::ops::TRASH_DAYS` days (every run of `kith` purges older ones first).
//!
//! `list` prints `KIND ID  TITLE  deleted DATE, purged after DATE` per item (or a JSON array
//! of `TrashItem`); `restore KIND ID` brings one back and prints `restored KIND ID: TITLE` (or
//! the `Contact` / `Interaction` as JSON); `empty` deletes everything in the trash for good
//! and prints how many records went (or `{"purged": N}`).

use std::io::Write;

use kith::model::TrashKind;

use crate::cli::TrashCommand;
use crate::{output, Ctx};

pub fn run(ctx: &mut Ctx, cmd: TrashCommand) -> anyhow::Result<()> {
    match cmd {
        TrashCommand::List => {
            let items = ctx.store.list_trash()?;
            if ctx.json {
                return ctx.print_json(&items);
            }
            for t in &items {
                writeln!(
                    ctx.out,
                    "{:<11}  {:>6}  {}  deleted {}, purged after {}",
                    t.kind.to_string(),
                    t.id,
                    output::shorten(&output::line(&t.title), 80),
                    output::local_date(t.deleted_at),
                    output::local_date(t.purge_at)
                )?;
            }
            Ok(())
        }
        TrashCommand::Restore { kind, id } => {
            let title = match kind {
                TrashKind::Contact => {
                    let c = ctx.store.restore_contact(id)?;
                    if ctx.json {
                        return ctx.print_json(&c);
                    }
                    c.name
                }
                TrashKind::Interaction => {
                    let i = ctx.store.restore_interaction(id)?;
                    if ctx.json {
                        return ctx.print_json(&i);
                    }
                    output::headline(&i)
                }
            };
            writeln!(ctx.out, "restored {} {id}: {}", kind, output::line(&title))?;
            Ok(())
        }
        TrashCommand::Empty => {
            let purged = ctx.store.empty_trash()?;
            if ctx.json {
                return ctx.print_json(&serde_json::json!({ "purged": purged }));
            }
            let records = if purged == 1 { "record" } else { "records" };
            writeln!(
                ctx.out,
                "emptied the trash: {purged} {records} deleted for good"
            )?;
            Ok(())
        }
    }
}
