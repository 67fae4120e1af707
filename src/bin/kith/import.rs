//! `kith import FILE --format interactions [--dry-run]`: a history of interactions, all or
//! nothing (the other formats are `io.rs`'s).
//!
//! `--format interactions` (a CSV of interactions, see `kith::io::interactions_csv`) prints
//! `imported N interactions (M new contacts, K existing)` — `would import` with
//! `--dry-run` — or the `ImportReport` as JSON. A bad file writes nothing; the error names
//! each bad line and column (`line 7, when: ...`). Times without an offset are this
//! machine's local time.

use std::io::Write;

use kith::Error;

use crate::{parse, Ctx};

pub fn interactions(ctx: &mut Ctx, file: &std::path::Path, dry_run: bool) -> anyhow::Result<()> {
    let data = std::fs::read(file).map_err(|e| Error::Io {
        path: file.display().to_string(),
        message: e.to_string(),
    })?;
    {
        {
            let offset = parse::local_offset(ctx.now);
            let report = ctx
                .store
                .import_interactions_csv(&data, offset, dry_run, ctx.now)?;
            if ctx.json {
                return ctx.print_json(&report);
            }
            let verb = if report.dry_run {
                "would import"
            } else {
                "imported"
            };
            writeln!(
                ctx.out,
                "{verb} {} interactions ({} new contacts, {} existing)",
                report.interactions_created, report.contacts_created, report.contacts_matched
            )?;
            if !report.ignored_columns.is_empty() {
                writeln!(
                    ctx.out,
                    "ignored columns: {}",
                    report.ignored_columns.join(", ")
                )?;
            }
        }
    }
    Ok(())
}
