//! `kith duplicates` and `kith not-duplicate`.
//!
//! Output: `duplicates` prints one line per pair, most likely first: `CONFIDENCE  NAME (id
//! A) ~ NAME (id B): EVIDENCE; EVIDENCE` (or a JSON array of `DuplicatePair`);
//! `not-duplicate` prints `A and B will not be offered as duplicates again` (or
//! `{"a": ContactRef, "b": ContactRef}`).

use std::io::Write;

use kith::model::ContactRef;
use serde::Serialize;

use crate::output::line;
use crate::Ctx;

pub fn list(ctx: &mut Ctx, limit: Option<u32>) -> anyhow::Result<()> {
    let pairs = ctx.store.find_duplicates(limit)?;
    ctx.print_list(&pairs, "no possible duplicates", |out, p| {
        writeln!(
            out,
            "{:>2}  {} (id {}) ~ {} (id {}): {}",
            p.confidence,
            line(&p.a.name),
            p.a.id,
            line(&p.b.name),
            p.b.id,
            line(&p.evidence.join("; "))
        )
    })
}

#[derive(Serialize)]
struct NotDuplicate {
    a: ContactRef,
    b: ContactRef,
}

pub fn not_duplicate(ctx: &mut Ctx, a: &str, b: &str) -> anyhow::Result<()> {
    let a = ctx.contact(a)?;
    let b = ctx.contact(b)?;
    ctx.store.mark_not_duplicate(a.id, b.id, ctx.now)?;
    let text = format!(
        "{} and {} will not be offered as duplicates again",
        line(&a.name),
        line(&b.name)
    );
    ctx.print(&NotDuplicate { a, b }, |out| writeln!(out, "{text}"))
}
