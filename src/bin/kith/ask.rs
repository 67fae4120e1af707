//! `kith ask add|list`: needs and offers of contacts, or of `me` (the self contact, created on
//! first use).
//!
//! `add` prints `added need|offer ID of NAME: TEXT` (or the `Ask` as JSON); `list` prints one
//! line per ask, newest first (or a JSON array of `Ask`).

use std::io::Write;

use kith::model::{AskKind, AskQuery, NewAsk};

use crate::cli::{AskAddArgs, AskCommand};
use crate::errors::{split_index, WithFlags};
use crate::{output, Ctx};

pub fn run(ctx: &mut Ctx, cmd: AskCommand) -> anyhow::Result<()> {
    match cmd {
        AskCommand::Add(args) => add(ctx, args),
        AskCommand::List { open, contact } => {
            let contact_id = match contact {
                Some(text) => Some(ctx.contact(&text)?.id),
                None => None,
            };
            let asks = ctx.store.list_asks(&AskQuery {
                contact_id,
                open_only: open,
            })?;
            if ctx.json {
                return ctx.print_json(&asks);
            }
            for a in &asks {
                writeln!(ctx.out, "{}", output::ask_line(a))?;
            }
            Ok(())
        }
    }
}

fn add(ctx: &mut Ctx, args: AskAddArgs) -> anyhow::Result<()> {
    // clap makes exactly one of --need and --offer present.
    let (kind, text, flag) = match (args.need, args.offer) {
        (Some(text), _) => (AskKind::Need, text, "--need"),
        (None, text) => (AskKind::Offer, text.unwrap_or_default(), "--offer"),
    };
    let contact = ctx.contact(&args.contact)?;
    let ask = ctx
        .store
        .add_ask(
            NewAsk {
                contact_id: contact.id,
                kind,
                text,
                interests: args.interests,
            },
            ctx.now,
        )
        .flags(&|field| match split_index(field) {
            ("text", None, _) => Some(flag.to_owned()),
            ("contactId", None, _) => Some("CONTACT".to_owned()),
            _ => None,
        })?;
    ctx.print(&ask, |out| {
        writeln!(
            out,
            "added {} {} of {}",
            ask.kind,
            ask.id,
            output::said(&ask.contact, &ask.text)
        )
    })
}
