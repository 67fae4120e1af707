//! `kith search QUERY...`: full-text search over contacts, interactions, needs and offers,
//! every word matching as a prefix. Prints one line per hit, best first: its kind, its id, the
//! contact to open and the matching text with matches in `[` `]` (or a JSON array of
//! `SearchHit`).

use std::io::Write;

use crate::cli::SearchArgs;
use crate::{output, Ctx};

pub fn run(ctx: &mut Ctx, args: SearchArgs) -> anyhow::Result<()> {
    let hits = ctx.store.search(&args.query.join(" "), args.limit)?;
    if ctx.json {
        return ctx.print_json(&hits);
    }
    for h in &hits {
        writeln!(ctx.out, "{}", output::hit_line(h))?;
    }
    Ok(())
}
